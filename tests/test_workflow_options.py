"""Issue 19, the smaller observations: options and messages that confused, install artefacts.

Each test failed before its fix: a suppression without a reason passed silently; `vpnaudit aws
--profile prod` said only "cannot read policy pack prod"; help showed `<list[str]>` / `<str>`;
`check --aws` without credentials added a false "VPN connection not found"; LICENSE held only the
short notice; the sdist shipped tests without their fixtures.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

from typer.testing import CliRunner

from vpnaudit.api import AuditOptions, audit
from vpnaudit.cli import app

from .conftest import ROOT

runner = CliRunner()
EDGE = (ROOT / "fixtures" / "examples" / "cisco-ios" / "edge-1.cfg").read_text("utf-8")


def _with_directive(tmp_path: Path, directive: str) -> Path:
    lines = EDGE.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("crypto ikev2 proposal"))
    lines.insert(at, f"! {directive}")
    path = tmp_path / "edge-1.cfg"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_a_suppression_without_a_reason_is_reported(tmp_path: Path) -> None:
    path = _with_directive(tmp_path, "vpnaudit: disable=VPN111")
    report = audit([str(path)], AuditOptions())
    assert any("VPN111" in n and "gives no reason" in n for n in report.notices), report.notices
    assert any(f.rule_id == "VPN111" and f.suppressions for f in report.findings), "it still suppresses"


def test_a_suppression_with_a_reason_is_not(tmp_path: Path) -> None:
    path = _with_directive(tmp_path, "vpnaudit: disable=VPN111 -- AWS side still offers SHA1 until NET-42")
    report = audit([str(path)], AuditOptions())
    assert not any("gives no reason" in n for n in report.notices), report.notices


def test_aws_profile_given_as_rule_profile_gets_a_hint(tmp_path: Path, monkeypatch) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\nregion = eu-west-1\n\n[profile prod]\nregion = eu-west-1\n", "utf-8")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    (dumps / "vpn.json").write_text((ROOT / "fixtures" / "examples" / "aws").joinpath(
        next(p.name for p in (ROOT / "fixtures" / "examples" / "aws").iterdir() if p.suffix == ".json")
    ).read_text("utf-8"), "utf-8")
    result = runner.invoke(app, ["aws", "--profile", "prod", "--from-json", str(dumps)])
    assert result.exit_code == 2
    assert "use --aws-profile prod" in result.output
    other = runner.invoke(app, ["aws", "--profile", "nosuch", "--from-json", str(dumps)])
    assert other.exit_code == 2 and "--aws-profile" not in other.output


def test_help_names_values_not_python_types() -> None:
    for command in ("lint", "check", "aws", "parse"):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        options = result.output.split("Options:", 1)[1]
        assert "<list[str]>" not in options and "<str>" not in options and "<int" not in options, command
    lint = runner.invoke(app, ["lint", "--help"], env={"COLUMNS": "200"}).output
    assert "--select RULE" in lint and "(repeatable)" in lint and "--output PATH" in lint


def test_check_without_credentials_is_no_false_not_found(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    path = tmp_path / "edge-1.cfg"
    path.write_text(EDGE, "utf-8")
    result = runner.invoke(app, ["check", str(path), "--aws", "vpn-0a1b2c3d4e5f60718", "--region", "eu-west-1"])
    assert result.exit_code == 2, result.output
    assert "not found" not in result.output, result.output


def test_license_is_the_whole_apache_text() -> None:
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
    assert "9. Accepting Warranty or Additional Liability." in text and "END OF TERMS AND CONDITIONS" in text


def test_sdist_ships_no_tests_without_their_fixtures(tmp_path: Path, monkeypatch) -> None:
    from setuptools import build_meta

    monkeypatch.chdir(ROOT)
    name = build_meta.build_sdist(str(tmp_path))
    with tarfile.open(tmp_path / name) as archive:
        members = [m.split("/", 1)[1] for m in archive.getnames() if "/" in m]
    assert any(m.startswith("vpnaudit/parsers/") for m in members)
    assert "LICENSE" in members
    assert not [m for m in members if m.startswith(("tests/", "fixtures/"))]


def test_parse_text_counts_in_words(tmp_path: Path) -> None:
    lines = [line for line in EDGE.splitlines() if not line.startswith("interface Tunnel2")]
    path = tmp_path / "edge.cfg"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = runner.invoke(app, ["parse", str(path), "-f", "text"])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.endswith((" 1 tunnel", " 2 tunnels")) and "1 tunnels" not in result.output, first
