"""The bad-input matrix at the CLI, beyond tests/test_cli.py: every bad input gives one clear line,
the right exit code, and never hides the other inputs of the same run.

Exit codes: 0 clean, 1 findings (a bad input is a VPN000 finding), 2 usage / infrastructure error
(a path that does not exist).
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vpnaudit import api
from vpnaudit.api import AuditOptions, audit
from vpnaudit.cli import app

from .conftest import CORPUS

runner = CliRunner()

IOS_WEAK = """hostname edge
crypto isakmp policy 10
 encr 3des
 hash md5
 authentication pre-share
 group 2
"""
# What IOS_WEAK must produce, whatever else the run holds: (rule, line of the value it is about).
IOS_WEAK_FINDINGS = {("VPN110", 3), ("VPN111", 4), ("VPN112", 6)}

JUNOS_SET = """set security ike proposal P1 authentication-method pre-shared-keys
set security ike proposal P1 dh-group group2
set security ike proposal P1 encryption-algorithm 3des-cbc
set security ike proposal P1 authentication-algorithm md5
"""


def lint_json(*args: str):
    result = runner.invoke(app, ["lint", *args, "--format", "json"])
    doc = json.loads(result.stdout) if result.stdout.strip().startswith("{") else None
    return result, doc


def by_path(doc: dict) -> dict[str, set[tuple[str, int | None]]]:
    out: dict[str, set[tuple[str, int | None]]] = {}
    for f in doc["findings"]:
        out.setdefault(f["path"], set()).add((f["rule_id"], f["line"]))
    return out


def vpn000(doc: dict, path: Path | str) -> list[str]:
    return [f["message"] for f in doc["findings"] if f["rule_id"] == "VPN000" and f["path"] == str(path)]


def assert_one_line(messages: list[str]) -> None:
    assert messages, "expected a VPN000 message"
    for message in messages:
        assert "\n" not in message and "\r" not in message and len(message) < 300, message
        assert "Traceback" not in message


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.cfg"
    path.write_text(IOS_WEAK)
    return path


def test_good_file_alone_is_the_reference(good: Path) -> None:
    result, doc = lint_json(str(good))
    assert result.exit_code == 1
    assert IOS_WEAK_FINDINGS <= by_path(doc)[str(good)]
    assert not vpn000(doc, good)


# ---------------------------------------------------------------------------------------------
# One bad input next to a good one: the bad one is a single-line VPN000, the good one still reported


def _write_binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def _write_empty(path: Path) -> None:
    path.write_bytes(b"")


def _write_latin1(path: Path) -> None:
    path.write_bytes(IOS_WEAK.replace("hostname edge", "hostname caf\xe9").encode("latin-1"))


def _write_50mb(path: Path) -> None:
    line = b"interface GigabitEthernet0/0\n description filler line for a fifty megabyte config\n"
    with open(path, "wb") as handle:
        handle.write(line * (50 * 10**6 // len(line) + 1))


def _write_prose(path: Path) -> None:
    path.write_text("Meeting notes: the VPN is fine.\nNothing to see here.\n")


@pytest.mark.parametrize(
    ("writer", "words", "line"),
    [
        (_write_binary, "binary file (contains NUL bytes), not a configuration", None),
        (_write_empty, "file is empty: nothing to audit", None),
        (_write_latin1, "not valid UTF-8 (byte 0xe9 at line 1); read with replacement characters", 1),
        (_write_50mb, "file is 50.0 MB, above the 32 MiB limit for one config; not read", None),
        (_write_prose, "unknown format: not recognised as", None),
    ],
    ids=["binary", "empty", "invalid-utf8", "50MB", "unknown-format"],
)
def test_bad_file_next_to_good_one(tmp_path: Path, good: Path, writer, words: str, line: int | None) -> None:
    bad = tmp_path / "bad.cfg"
    writer(bad)
    result, doc = lint_json(str(bad), str(good))
    assert result.exit_code == 1
    messages = vpn000(doc, bad)
    assert_one_line(messages)
    assert any(m.startswith(words) for m in messages), messages
    assert [f["line"] for f in doc["findings"] if f["path"] == str(bad) and f["rule_id"] == "VPN000"] == [line]
    assert IOS_WEAK_FINDINGS <= by_path(doc)[str(good)]
    # the same line is on stderr for humans when the report goes to stdout as JSON
    assert f"vpnaudit: {bad}{':' + str(line) if line else ''}: {words}" in result.stderr


def test_invalid_utf8_still_audits_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.cfg"
    _write_latin1(path)
    _, doc = lint_json(str(path))
    assert IOS_WEAK_FINDINGS | {("VPN000", 1)} <= by_path(doc)[str(path)]


def test_missing_file_exits_2_and_the_others_are_still_reported(tmp_path: Path, good: Path) -> None:
    result, doc = lint_json(str(tmp_path / "nope.cfg"), str(good))
    assert result.exit_code == 2
    assert f"vpnaudit: error: {tmp_path / 'nope.cfg'}: no such file or directory" in result.stderr
    assert IOS_WEAK_FINDINGS <= by_path(doc)[str(good)]


def test_vendor_mismatch_is_reported_and_other_files_parsed(tmp_path: Path) -> None:
    ios = tmp_path / "edge.cfg"
    ios.write_text(IOS_WEAK)
    srx = tmp_path / "srx.set"
    srx.write_text(JUNOS_SET)
    result, doc = lint_json(str(ios), str(srx), "--vendor", "junos")
    assert result.exit_code == 1
    assert vpn000(doc, ios) == ["this looks like a cisco-ios config, not junos as --vendor says; not parsed"]
    found = by_path(doc)[str(srx)]
    assert {"VPN110", "VPN111", "VPN112"} <= {rule for rule, _ in found}
    assert not vpn000(doc, srx)


def test_unreadable_file_in_a_mixed_directory(tmp_path: Path, good: Path) -> None:
    secret = tmp_path / "secret.cfg"
    secret.write_text(IOS_WEAK)
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        result, doc = lint_json(str(tmp_path))
        assert result.exit_code == 1
        assert vpn000(doc, secret) == ["cannot read file: Permission denied"]
        assert IOS_WEAK_FINDINGS <= by_path(doc)[str(good)]
    finally:
        secret.chmod(0o600)


def test_directory_mixing_good_and_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a-good.cfg").write_text(IOS_WEAK)
    _write_binary(tmp_path / "b-binary.cfg")
    _write_empty(tmp_path / "c-empty.cfg")
    _write_latin1(tmp_path / "d-latin1.cfg")
    _write_prose(tmp_path / "e-notes.txt")  # found by walking: not a config, skipped with a notice
    (tmp_path / "f-srx.set").write_text(JUNOS_SET)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")  # never a config: skipped
    loop = tmp_path / "g-loop.cfg"
    os.symlink(loop, loop)
    sub = tmp_path / "sub"
    sub.mkdir()
    os.symlink(tmp_path, sub / "up")  # a directory loop: not followed
    (sub / "h-good.cfg").write_text(IOS_WEAK)
    result, doc = lint_json(str(tmp_path))
    assert result.exit_code == 1
    found = by_path(doc)
    assert IOS_WEAK_FINDINGS <= found[str(tmp_path / "a-good.cfg")]
    assert IOS_WEAK_FINDINGS <= found[str(sub / "h-good.cfg")]
    assert {"VPN110", "VPN111", "VPN112"} <= {rule for rule, _ in found[str(tmp_path / "f-srx.set")]}
    assert IOS_WEAK_FINDINGS | {("VPN000", 1)} <= found[str(tmp_path / "d-latin1.cfg")]
    # found by a walk, an empty or binary file is not a config: skipped with a notice, not VPN000
    assert str(tmp_path / "b-binary.cfg") not in found and str(tmp_path / "c-empty.cfg") not in found
    skipped = [n for n in doc["notices"] if n.startswith("skipped ")]
    assert skipped == [f"skipped 3 files not recognised as a VPN configuration: {tmp_path / 'b-binary.cfg'}, "
                       f"{tmp_path / 'c-empty.cfg'}, {tmp_path / 'e-notes.txt'}"]
    assert vpn000(doc, loop) == ["cannot read file: Too many levels of symbolic links"]
    assert str(tmp_path / "e-notes.txt") not in found and str(tmp_path / "image.png") not in found
    assert not any(p.startswith(str(sub / "up")) for p in found)
    for messages in (vpn000(doc, p) for p in found):
        if messages:
            assert_one_line(messages)


def test_special_files_never_hang(tmp_path: Path, good: Path) -> None:
    """A FIFO or a socket found by walking a directory is reported, not read (reading would block)."""
    fifo = tmp_path / "pipe.cfg"
    os.mkfifo(fifo)
    sock_path = tmp_path / "s.cfg"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        result, doc = lint_json(str(tmp_path))
    finally:
        sock.close()
    assert result.exit_code == 1
    assert vpn000(doc, fifo) == ["not a regular file (a FIFO); not read"]
    assert vpn000(doc, sock_path) == ["not a regular file (a socket); not read"]
    assert IOS_WEAK_FINDINGS <= by_path(doc)[str(good)]


def test_endless_device_is_capped() -> None:
    """/dev/zero named explicitly: read up to the size limit only, then reported (never hangs)."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    findings: list = []
    assert api._read("/dev/zero", findings) is None
    assert [f.message for f in findings] == [
        f"file is larger than the {api.MAX_FILE_BYTES // 2**20} MiB limit for one config; not read"]


def test_non_ascii_file_name(tmp_path: Path) -> None:
    path = tmp_path / "routeur-bâtiment-ü.cfg"
    path.write_text(IOS_WEAK)
    result, doc = lint_json(str(path))
    assert result.exit_code == 1 and IOS_WEAK_FINDINGS <= by_path(doc)[str(path)]


# ---------------------------------------------------------------------------------------------
# Line endings and encodings: the same findings at the same lines


def _findings(path: Path, **options: object) -> list[tuple[str, int | None, str]]:
    report = audit([str(path)], AuditOptions(profile="strict", **options))  # type: ignore[arg-type]
    return sorted((f.rule_id, f.line, f.message) for f in report.findings)


def _corpus_files() -> list[Path]:
    dirs = ("cisco-ios", "cisco-asa", "junos", "strongswan", "checkpoint", "aws-xml")
    return sorted(p for d in dirs if (CORPUS / d).is_dir() for p in (CORPUS / d).iterdir() if p.is_file())


@pytest.mark.parametrize("source", _corpus_files(), ids=lambda p: p.name[:40])
def test_crlf_gives_the_same_findings_and_lines_as_lf(tmp_path: Path, source: Path) -> None:
    text = source.read_bytes().replace(b"\r\n", b"\n")
    lf = tmp_path / "lf" / source.name
    crlf = tmp_path / "crlf" / source.name
    for path, data in ((lf, text), (crlf, text.replace(b"\n", b"\r\n"))):
        path.parent.mkdir()
        path.write_bytes(data)
    assert _findings(crlf) == _findings(lf)


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("bom", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
        ("utf16-le", lambda t: t.encode("utf-16")),  # PowerShell's `>` on Windows: UTF-16 with a BOM
        ("utf16-be", lambda t: b"\xfe\xff" + t.encode("utf-16-be")),
        ("cr-only", lambda t: t.replace("\n", "\r").encode("utf-8")),
        ("crlf-bom", lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_encodings_give_the_same_findings(tmp_path: Path, name: str, encode) -> None:
    plain = tmp_path / "plain" / "edge.cfg"
    other = tmp_path / name / "edge.cfg"
    plain.parent.mkdir()
    other.parent.mkdir()
    plain.write_text(IOS_WEAK)
    other.write_bytes(encode(IOS_WEAK))
    assert _findings(other) == _findings(plain)


def test_parse_command_reports_bad_inputs_and_keeps_the_good(tmp_path: Path, good: Path) -> None:
    bad = tmp_path / "bad.cfg"
    _write_binary(bad)
    result = runner.invoke(app, ["parse", str(bad), str(good)])
    assert result.exit_code == 1
    assert f"vpnaudit: {bad}: binary file" in result.stderr
    doc = json.loads(result.stdout)
    assert [d["source"] for d in (doc if isinstance(doc, list) else [doc])] == [str(good)]
