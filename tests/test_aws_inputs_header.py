"""`vpnaudit aws --from-json` names the dumps it read in the report header, with their sizes (no hash)."""

from __future__ import annotations

from pathlib import Path

from vpnaudit.api import AuditOptions, audit_aws
from vpnaudit.reporters import markdown

from .conftest import CORPUS

DUMPS = CORPUS / "aws-xml"


def test_dump_folder_and_named_dump_are_listed_as_inputs():
    report = audit_aws(AuditOptions(), from_json=[str(DUMPS)])
    expected = sorted((str(p), p.stat().st_size) for p in DUMPS.glob("*.json"))
    assert report.inputs == expected and len(expected) > 1
    named = DUMPS / "batfish-VpnConnectionWithTunnelOptions.json"
    report = audit_aws(AuditOptions(), from_json=[str(named)])
    assert (str(named), named.stat().st_size) in report.inputs
    page = markdown.render(report, report.sources)
    assert f"| Inputs | {len(report.inputs)} files," in page


def test_missing_dump_is_an_error_not_an_input(tmp_path: Path):
    report = audit_aws(AuditOptions(), from_json=[str(tmp_path / "nope.json")])
    assert report.inputs == [] and report.errors == [f"{tmp_path / 'nope.json'}: no such file or directory"]
