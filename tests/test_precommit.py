"""The real pre-commit, in a temporary git repository, running our hook from this checkout.

The hook repository is a snapshot of this working tree (tracked and new files) committed in a
temporary repository, so the test runs the hook exactly as a user's ``.pre-commit-config.yaml``
would: ``repo:`` + ``rev:`` + a ``files:`` override. pre-commit builds its environment once per
test session (both tests share the cache).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
DEVICE = CORPUS / "cisco-ios" / "pybatfish-exitgw-csr1000v-iosxe16-4-aws-tunnels.cfg"
AWS_DUMP = CORPUS / "aws-xml" / "pybatfish-hybrid-cloud-us-east-2-VpnConnections-tgw.json"
STRONGSWAN = ROOT / "fixtures" / "examples" / "strongswan" / "gw-1"
# The AWS side of the device's Tunnel2 gets another key: only the device + dump pair shows it (VPN606).
TUNNEL2_KEY = "LzmeHN_8ar9oVosUh1Xe8O7IaeYLUGno"
SUMMARY = re.compile(r"^\d+ findings?\b.*; config ", re.M)

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git not installed"),
    pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed in this environment"),
]


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _init(repo: Path) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    _git(repo, "config", "commit.gpgsign", "false")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """(hook repository, its commit, pre-commit cache): this working tree as a committed snapshot."""
    base = tmp_path_factory.mktemp("hook")
    snapshot = base / "vpnaudit"
    names = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    _init(snapshot)
    for name in filter(None, names):
        source = ROOT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    _git(snapshot, "add", "-A")
    _git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot, _git(snapshot, "rev-parse", "HEAD").strip(), base / "cache"


def _run(repo: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(cache), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run([str(PRE_COMMIT), *args], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=900, check=False)


def _config(repo: Path, hook_repo: tuple[Path, str, Path], extra: str = "") -> None:
    snapshot, rev, _ = hook_repo
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: vpnaudit\n{extra}"
    )


def test_hook_runs_once_over_all_files_and_skips_non_configs(tmp_path: Path, hook_repo) -> None:
    """Observations 1 and 2 of issue 19: pairs split over processes, a README failing the commit."""
    repo = tmp_path / "net"
    _init(repo)
    configs = repo / "configs"
    configs.mkdir()
    shutil.copy(DEVICE, configs / "exitgw.cfg")
    dump = AWS_DUMP.read_text()
    assert dump.count(TUNNEL2_KEY) == 1
    (configs / "vpn-01c45673532d3e33e.json").write_text(dump.replace(TUNNEL2_KEY, "Another_key_on_the_AWS_side_0"))
    shutil.copy(STRONGSWAN / "ipsec.conf", configs / "ipsec.conf")
    shutil.copy(STRONGSWAN / "ipsec.secrets", configs / "ipsec.secrets")
    # more files than cores, so a hook without require_serial would be split over processes
    for n in range(max(os.cpu_count() or 2, 2) * 2):
        shutil.copy(ROOT / "fixtures" / "examples" / "junos" / "srx-1.set", configs / f"srx-{n:02d}.set")
    (configs / "README.md").write_text("# Device configs\n\nExported nightly; **both** tunnels per site.\n")
    script = configs / "export.sh"
    script.write_text("#!/bin/sh\nssh edge 'show running-config' > exitgw.cfg\n")
    script.chmod(0o755)
    (configs / ".gitkeep").write_text("")
    # a user's filter replacing the hook's own, as in the README
    _config(repo, hook_repo, "        files: ^configs/\n        args: [--fail-on, critical]\n")
    _git(repo, "add", "-A")
    result = _run(repo, hook_repo[2], "run", "--all-files", "--verbose")
    output = result.stdout + result.stderr
    # the key mismatch on Tunnel2 is critical: found only when the dump and the config run together
    assert result.returncode == 1, output
    assert re.search(r"exitgw\.cfg:\d+: VPN606 ", output), output
    assert "side by side with configs/exitgw.cfg" in output
    # the strongSwan pair: the weak key lives in ipsec.secrets, the tunnel in ipsec.conf
    assert "configs/ipsec.secrets:3: VPN303 psk-weak" in output
    assert len(SUMMARY.findall(output)) == 1, output
    assert "VPN000" not in output
    assert "skipped 3 files not recognised as a VPN configuration: configs/.gitkeep, configs/README.md, " \
           "configs/export.sh" in output
    assert TUNNEL2_KEY not in output and "Another_key" not in output

    # without the device/AWS mismatch the same folder, README and all, passes the commit
    (configs / "vpn-01c45673532d3e33e.json").write_text(dump)
    _git(repo, "add", "-A")
    result = _run(repo, hook_repo[2], "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_reports_a_broken_config_and_honours_exclude(tmp_path: Path, hook_repo) -> None:
    repo = tmp_path / "configs"
    _init(repo)
    (repo / "broken.cfg").write_text("crypto isakmp policy 10\n encr des\n hash md5\n")
    (repo / "archive").mkdir()
    (repo / "archive" / "old.cfg").write_text("crypto isakmp policy 10\n encr des\n")
    (repo / "notes.md").write_text("# not a config, not matched by the hook's files pattern\n")
    (repo / ".vpnaudit.toml").write_text('exclude = ["archive/"]\n')
    _config(repo, hook_repo)
    _git(repo, "add", ".")
    result = _run(repo, hook_repo[2], "run", "--all-files", "--verbose")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "broken.cfg:2: VPN110 ike-weak-encryption" in output
    assert "archive/old.cfg: VPN" not in output and "excluded by .vpnaudit.toml: archive/old.cfg" in output
    assert "notes.md" not in output.split("vpnaudit (IPsec")[-1]
