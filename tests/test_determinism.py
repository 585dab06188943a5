"""Determinism: the same inputs give byte-identical JSON and SARIF, whatever the hash seed of the
process and whatever the order the files are given in (tests/test_outputs.py covers two runs in one
process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT

FORMATS = ("json", "sarif")


def corpus_files() -> list[str]:
    """Every corpus file a parser reads (the 'other' vendors too: they become VPN000)."""
    if not CORPUS.is_dir():
        return []
    return sorted(str(p) for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md")


def example_files() -> list[str]:
    return sorted(str(p) for p in (ROOT / "fixtures" / "examples").rglob("*") if p.is_file())


def lint(args: list[str], fmt: str, seed: str) -> bytes:
    # SOURCE_DATE_EPOCH pins the run times SARIF records (its only non-deterministic part)
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    result = subprocess.run(
        [sys.executable, "-m", "vpnaudit", "lint", *args, "--format", fmt, "--profile", "strict"],
        capture_output=True, env=env, cwd=ROOT, check=False, timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr.decode(errors="replace")[-2000:]
    assert result.stdout.strip(), "empty report"
    return result.stdout


@pytest.fixture(scope="module")
def inputs(corpus: Path) -> list[str]:
    # Relative paths, as a pre-commit hook or CI gives them (SARIF URIs are relative then too).
    files = [os.path.relpath(p, ROOT) for p in corpus_files() + example_files()]
    assert len(files) > 40
    return files


@pytest.mark.parametrize("fmt", FORMATS)
def test_byte_identical_across_hash_seeds(inputs: list[str], fmt: str) -> None:
    first = lint(inputs, fmt, "0")
    assert lint(inputs, fmt, "4242") == first
    assert lint(inputs, fmt, "random") == first


@pytest.mark.parametrize("fmt", FORMATS)
def test_byte_identical_whatever_the_order_of_files(inputs: list[str], fmt: str) -> None:
    forward = lint(inputs, fmt, "1")
    assert lint(list(reversed(inputs)), fmt, "2") == forward
    shuffled = inputs[1::2] + inputs[::2]  # interleaved: vendors and directories mixed
    assert lint(shuffled, fmt, "3") == forward


def test_directory_and_its_files_give_the_same_json(corpus: Path) -> None:
    """Walking a directory or listing its files: the same report."""
    directory = CORPUS / "cisco-ios"
    files = sorted((str(p) for p in directory.iterdir() if p.is_file()), reverse=True)
    assert lint([str(directory)], "json", "5") == lint(files, "json", "6")


def test_multi_file_device_order_does_not_matter(tmp_path: Path) -> None:
    """strongSwan reads every file of a directory as one device: file order must not change it."""
    swanctl = CORPUS / "strongswan" / "strongswan-test-ikev1-net2net-psk-moon-swanctl.conf"
    ipsec = CORPUS / "strongswan" / "strongswan-test-ikev2-stroke-net2net-psk-moon-ipsec.conf"
    if not (swanctl.is_file() and ipsec.is_file()):
        pytest.skip("corpus files moved")
    gw = tmp_path / "gw"
    gw.mkdir()
    (gw / "swanctl.conf").write_bytes(swanctl.read_bytes())
    (gw / "ipsec.conf").write_bytes(ipsec.read_bytes())
    a, b = str(gw / "swanctl.conf"), str(gw / "ipsec.conf")
    assert lint([a, b], "json", "7") == lint([b, a], "json", "8")


# ---------------------------------------------------------------------------------------------
# The lint path stays light: no AWS SDK, no rich, whatever the input (cold start of a pre-commit hook)

HEAVY = ("boto3", "botocore", "s3transfer", "rich", "yaml", "jsonschema", "requests", "urllib3")
_PROBE = """
import sys
from vpnaudit.cli import app
sys.argv = ["vpnaudit", *sys.argv[1:]]
try:
    app()
except SystemExit:
    pass
print("MODULES", " ".join(sorted({m.split(".")[0] for m in sys.modules})))
"""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_lint_never_imports_the_aws_sdk_or_rich(corpus: Path, fmt: str) -> None:
    args = [str(CORPUS / "cisco-ios"), str(CORPUS / "aws-xml"), str(CORPUS / "junos"), "--format", fmt]
    result = subprocess.run([sys.executable, "-c", _PROBE, "lint", *args], capture_output=True, text=True,
                            cwd=ROOT, check=False, timeout=120)
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("MODULES "))
    loaded = set(line.split()[1:])
    assert "vpnaudit" in loaded and not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_lint_import_time_has_no_aws_sdk(corpus: Path) -> None:
    """The same, as ``python -X importtime`` sees a real ``vpnaudit lint`` process."""
    config = CORPUS / "cisco-ios" / "pybatfish-exitgw-csr1000v-iosxe16-4-aws-tunnels.cfg"
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "vpnaudit", "lint", str(config)],
                            capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    imported = {ln.rsplit("|", 1)[-1].strip().split(".")[0] for ln in result.stderr.splitlines()
                if ln.startswith("import time:") and "|" in ln}
    assert "vpnaudit" in imported and not imported & set(HEAVY), sorted(imported & set(HEAVY))
