"""The wheel ships every package of the source tree (an explicit list in pyproject.toml is easy to forget)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_directory_is_in_the_wheel_list():
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "vpnaudit").rglob("__init__.py")}
    assert on_disk, "no packages found"
    assert on_disk <= declared, f"packages missing from pyproject.toml: {sorted(on_disk - declared)}"
    assert declared - on_disk == {"vpnaudit._packs"}  # rules/ is mapped to vpnaudit._packs
