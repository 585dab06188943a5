"""Run configuration: ``.vpnaudit.toml`` or ``[tool.vpnaudit]`` in pyproject.toml.

Example::

    profile = "recommended"        # aws | recommended | strict
    policy = "policy/acme.toml"    # an organisation pack (may extend a built-in one)
    select = []                    # run exactly these rules (IDs, ID prefixes like "VPN4", or names)
    ignore = ["VPN305"]
    fail-on = "medium"             # lowest severity that makes the exit code 1
    exclude = ["archive/"]         # gitignore-style, relative to this file's folder (see discover.py)
    include = []                   # when set, only matching files are audited
    waivers = ".vpnaudit-waivers.toml"
    libreswan-version = 5          # Libreswan major version whose defaults apply (3, 4 or 5; default 5)

    [severity]                     # per-rule severity overrides
    VPN402 = "medium"
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from ._record import Record, RecordError, field

from .findings import Severity
from .limits import MAX_CONTROL_BYTES, TooLarge, parse_toml, read_text

CONFIG_FILES = (".vpnaudit.toml", "vpnaudit.toml", "pyproject.toml")


class ConfigError(Exception):
    """The configuration file cannot be read or is invalid (exit code 2)."""


class RunConfig(Record):
    """The run configuration (keys may be written with '-' as in the file: ``fail-on``)."""

    profile: str = "recommended"
    policy: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = field(default=Severity.INFO, alias="fail-on")
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    waivers: str | None = None
    severity: dict[str, Severity] = field(default_factory=dict)
    libreswan_version: Literal[3, 4, 5] | None = field(default=None, alias="libreswan-version")
    source: str | None = None  # the file this came from


def _validate(data: dict, origin: str) -> RunConfig:
    try:
        config = RunConfig.model_validate({**data, "source": origin})
    except RecordError as exc:
        raise ConfigError(f"{origin}: invalid configuration: {exc}") from None
    base = Path(origin).parent
    updates = {}
    if config.policy and config.policy not in ("aws", "recommended", "strict") and not Path(config.policy).is_absolute():
        updates["policy"] = str(base / config.policy)
    if config.waivers and not Path(config.waivers).is_absolute():
        updates["waivers"] = str(base / config.waivers)
    return config.model_copy(update=updates) if updates else config


def search_path(start: Path | None = None, home: Path | None = None) -> list[Path]:
    """The folders searched for a config file: ``start`` (cwd) up to the repository root.

    The search stops at the first folder that holds ``.git`` (the repository root) or at the
    user's home; when neither lies above ``start``, only ``start`` itself is searched, so a run
    in ``/tmp/x`` never picks up a planted ``/tmp/.vpnaudit.toml``.
    """
    here = (start or Path.cwd()).resolve()
    try:
        home = (home or Path.home()).resolve()
    except (RuntimeError, KeyError):  # no home directory for this user
        home = None
    folders = []
    for folder in (here, *here.parents):
        folders.append(folder)
        if (folder / ".git").exists() or folder == home:
            return folders
    return [here]


def load_config(explicit: str | None = None, start: Path | None = None) -> RunConfig:
    """The explicit file, else the first config file found from ``start`` (cwd) up to the repo root."""
    if explicit:
        candidates = [Path(explicit)]
        if not candidates[0].is_file():
            what = "is not a file" if candidates[0].exists() else "does not exist"
            raise ConfigError(f"configuration file {explicit} {what}")
    else:
        candidates = [d / name for d in search_path(start) for name in CONFIG_FILES]
    for path in candidates:
        if not path.is_file():
            continue
        try:
            data = parse_toml(read_text(path, MAX_CONTROL_BYTES, "configuration"))
        except (OSError, UnicodeDecodeError, TooLarge) as exc:
            raise ConfigError(f"cannot read configuration {path}: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}") from None
        if path.name == "pyproject.toml":
            tool = data.get("tool", {})
            section = tool.get("vpnaudit") if isinstance(tool, dict) else None
            if section is None:
                if explicit:
                    raise ConfigError(f"{path} has no [tool.vpnaudit] section")
                continue
            if not isinstance(section, dict):  # tool = 1, or vpnaudit = [...]: a traceback before
                raise ConfigError(f"{path}: invalid configuration: tool.vpnaudit must be a table, "
                                  f"not {type(section).__name__}")
            return _validate(section, str(path))
        return _validate(data, str(path))
    return RunConfig()
