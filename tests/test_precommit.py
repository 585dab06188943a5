"""The real pre-commit, in a temporary git repository, running our hook from this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

GOOD = """hostname edge
crypto ikev2 proposal P
 encryption aes-cbc-256
 integrity sha384
 group 20
"""


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_pre_commit_try_repo_runs_the_hook(tmp_path: Path) -> None:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed in this environment")
    repo = tmp_path / "configs"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    (repo / "broken.cfg").write_text("\x00\x01binary")
    (repo / "notes.md").write_text("# not a config, not matched by the hook's files pattern\n")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run(
        [str(pre_commit), "try-repo", str(ROOT), "vpnaudit", "--all-files", "--verbose"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "broken.cfg: VPN000 parse-error" in output
    assert "notes.md" not in output.split("vpnaudit (IPsec")[-1]
