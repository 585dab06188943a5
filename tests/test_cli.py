"""The CLI as a user meets it: exit codes, bad inputs, one-line messages, other inputs still reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vpnaudit.cli import app

runner = CliRunner()

IOS_WEAK = """hostname edge
crypto isakmp policy 10
 encr 3des
 hash md5
 authentication pre-share
 group 2
"""


def run(*args: str):
    return runner.invoke(app, list(args))


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("vpnaudit ")


def test_missing_file_is_usage_error_but_others_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty.cfg"
    empty.write_text("")
    result = run("lint", str(tmp_path / "nope.cfg"), str(empty))
    assert result.exit_code == 2
    assert "nope.cfg: no such file or directory" in result.output
    assert "VPN000" in result.output and "empty" in result.output


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.cfg", b"", "file is empty"),
        ("blank.cfg", b"\n  \n", "file is empty"),
        ("binary.cfg", b"\x7fELF\x00\x01\x02" * 20, "binary file"),
        ("unknown.cfg", b"just some prose\nnothing like a router\n", "unknown format"),
    ],
)
def test_bad_input_gives_vpn000(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run("lint", str(path), "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert [(f["rule_id"], f["path"]) for f in doc["findings"]] == [("VPN000", str(path))]
    assert words in doc["findings"][0]["message"]


def test_invalid_utf8_is_vpn000_with_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.cfg"
    path.write_bytes(b"hostname r1\ncrypto isakmp policy 10\n description caf\xe9\n encr aes 256\n")
    result = run("lint", str(path), "--format", "json", "--select", "VPN000")
    doc = json.loads(result.stdout)
    assert [(f["rule_id"], f["line"]) for f in doc["findings"]] == [("VPN000", 3)]
    assert "not valid UTF-8" in doc["findings"][0]["message"]


def test_too_large_file(tmp_path: Path) -> None:
    from vpnaudit import api

    path = tmp_path / "huge.cfg"
    with open(path, "wb") as handle:
        handle.truncate(api.MAX_FILE_BYTES + 1)
    result = run("lint", str(path))
    assert result.exit_code == 1
    assert "MB, above the 32 MiB limit" in result.output


def test_symlink_loop_and_directory_walk(tmp_path: Path) -> None:
    loop = tmp_path / "loop.cfg"
    os.symlink(loop, loop)
    result = run("lint", str(loop))
    assert result.exit_code == 1
    assert "cannot read file" in result.output


def test_empty_directory(tmp_path: Path) -> None:
    result = run("lint", str(tmp_path))
    assert result.exit_code == 1
    assert "directory holds no files" in result.output


def test_directory_with_only_prose(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("meeting notes\n")
    result = run("lint", str(tmp_path))
    assert result.exit_code == 1
    assert "none of them a VPN configuration" in result.output


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.cfg"
    path.write_text("hostname r1\n")
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as root: permissions are not enforced")
    result = run("lint", str(path))
    assert result.exit_code == 1 and "Permission denied" in result.output


def test_unknown_vendor_and_profile_are_usage_errors(tmp_path: Path) -> None:
    path = tmp_path / "a.cfg"
    path.write_text(IOS_WEAK)
    assert run("lint", str(path), "--vendor", "fortinet").exit_code == 2
    assert run("lint", str(path), "--profile", "paranoid").exit_code == 2
    assert run("lint", str(path), "--select", "VPN999").exit_code == 2


def test_invalid_config_file_is_usage_error(tmp_path: Path) -> None:
    cfg = tmp_path / ".vpnaudit.toml"
    cfg.write_text('profile = "recommended"\nfail-on = "sometimes"\n')
    path = tmp_path / "a.cfg"
    path.write_text(IOS_WEAK)
    result = run("lint", str(path), "--config", str(cfg))
    assert result.exit_code == 2
    assert "fail-on" in result.output


def test_explain_and_rules() -> None:
    result = run("explain", "VPN000")
    assert result.exit_code == 0 and "How to fix" in result.output
    assert run("explain", "VPN999").exit_code == 2
    listing = run("rules", "--profile", "aws")
    assert listing.exit_code == 0 and "VPN000" in listing.output


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vpnaudit", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("vpnaudit ")


def test_config_file_drives_profile_ignore_and_severity(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "edge.cfg"
    path.write_text(IOS_WEAK)
    (tmp_path / ".vpnaudit.toml").write_text(
        'profile = "aws"\nignore = ["VPN001"]\nfail-on = "high"\n[severity]\nVPN105 = "info"\n'
    )
    monkeypatch.chdir(tmp_path)
    result = run("lint", "edge.cfg", "--format", "json")
    doc = json.loads(result.stdout)
    ids = {f["rule_id"] for f in doc["findings"]}
    assert "VPN110" not in ids  # a recommended-profile rule: not run under profile aws
    assert doc["profile"] == "aws"
    assert result.exit_code == (1 if any(f["severity"] in ("high", "critical") for f in doc["findings"]) else 0)
    (tmp_path / ".vpnaudit.toml").write_text('[severity]\nVPN999 = "low"\n')
    assert run("lint", "edge.cfg").exit_code == 2


def test_pyproject_tool_section(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.vpnaudit]\nselect = ["VPN110"]\n')
    path = tmp_path / "edge.cfg"
    path.write_text(IOS_WEAK)
    monkeypatch.chdir(tmp_path)
    doc = json.loads(run("lint", "edge.cfg", "--format", "json").stdout)
    assert [(f["rule_id"], f["line"]) for f in doc["findings"]] == [("VPN110", 3)]  # the encr line


def test_inline_suppression_is_kept_in_sarif_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "edge.cfg"
    path.write_text(
        "hostname edge\n"
        "crypto isakmp policy 10\n"
        " ! vpnaudit: disable=VPN110 -- legacy peer, replaced in Q1\n"
        " encr 3des\n"
        " hash sha256\n"
        " authentication pre-share\n"
        " group 14\n"
    )
    result = run("lint", str(path), "--select", "VPN110", "--format", "sarif")
    assert result.exit_code == 0
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["VPN110"]
    assert results[0]["suppressions"] == [
        {"kind": "inSource", "justification": "legacy peer, replaced in Q1", "status": "accepted"}
    ]


def test_parse_exports_model_without_keys(tmp_path: Path) -> None:
    path = tmp_path / "edge.cfg"
    path.write_text("hostname edge\ncrypto isakmp key Sup3rSecretKeyValue address 203.0.113.9\n")
    result = run("parse", str(path))
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["vendor"] == "cisco-ios" and doc["hostname"] == "edge"
    assert "Sup3rSecretKeyValue" not in result.stdout
    assert doc["keys"][0]["length"] == 19 and doc["keys"][0]["line"] == 2


def test_unused_inline_suppression_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "edge.cfg"
    path.write_text(
        "hostname edge\n"
        "crypto ikev2 proposal P\n"
        " ! vpnaudit: disable=VPN110 -- nothing weak here any more\n"
        " encryption aes-cbc-256\n"
        " integrity sha384\n"
        " group 20\n"
    )
    result = run("lint", str(path), "--select", "VPN110")
    assert result.exit_code == 0
    assert "notice:" in result.output and "VPN110" in result.output and ":3" in result.output


def test_waiver_file_and_baseline_round_trip(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "edge.cfg"
    path.write_text(IOS_WEAK)
    monkeypatch.chdir(tmp_path)
    baseline = tmp_path / "baseline.json"
    first = run("lint", "edge.cfg", "--select", "VPN110", "--select", "VPN111", "--write-baseline", str(baseline))
    assert first.exit_code == 1 and baseline.is_file()
    again = run("lint", "edge.cfg", "--select", "VPN110", "--select", "VPN111", "--baseline", str(baseline))
    assert again.exit_code == 0, again.output
    (tmp_path / ".vpnaudit-waivers.toml").write_text(
        '[[waiver]]\nrule = "VPN110"\npath = "edge.cfg"\nreason = "3DES peer retired in March"\nexpires = 2099-01-01\n'
    )
    waived = run("lint", "edge.cfg", "--select", "VPN110", "--format", "sarif")
    results = json.loads(waived.stdout)["runs"][0]["results"]
    assert waived.exit_code == 0
    assert results[0]["suppressions"][0]["kind"] == "external"
    assert results[0]["suppressions"][0]["justification"] == "3DES peer retired in March"


def test_expired_waiver_fails_the_run_and_says_so(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "edge.cfg").write_text(IOS_WEAK)
    (tmp_path / ".vpnaudit-waivers.toml").write_text(
        '[[waiver]]\nrule = "VPN110"\npath = "edge.cfg"\nreason = "legacy peer"\nexpires = 2020-01-01\n'
    )
    monkeypatch.chdir(tmp_path)
    result = run("lint", "edge.cfg", "--select", "VPN110")
    assert result.exit_code == 1
    assert "expired on 2020-01-01 and no longer applies" in result.output


def test_suppression_without_its_dashes_is_ignored_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "edge.cfg"
    path.write_text("hostname edge\ncrypto isakmp policy 10\n ! vpnaudit: disable=VPN110 legacy peer\n encr 3des\n")
    result = run("lint", str(path), "--select", "VPN110")
    assert result.exit_code == 1  # not suppressed
    assert (f"{path}:3: suppression ignored: the rule ids are followed by words that are not '-- reason' "
            "(write 'vpnaudit: disable=VPN110 -- reason')") in result.output


def test_suppression_without_rule_ids_is_ignored_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "edge.cfg"
    path.write_text("hostname edge\ncrypto isakmp policy 10\n ! vpnaudit: disable -- everything\n encr 3des\n")
    result = run("lint", str(path), "--select", "VPN110")
    assert result.exit_code == 1
    assert f"{path}:3: suppression ignored: it names no rule" in result.output
