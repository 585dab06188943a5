"""Baselines: identity-keyed, deterministic file; only new findings survive; gone ones are 'fixed'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

try:
    from _reporting_samples import sample_report
except ModuleNotFoundError:  # tests/ imported as a package
    from tests._reporting_samples import sample_report

from vpnaudit._struct import replace
from vpnaudit.baseline import apply_baseline, write_baseline
from vpnaudit.findings import Finding, Report, Severity


def _finding(rule: str, target: str, line: int, message: str = "m", device: str = "edge.cfg") -> Finding:
    return Finding(rule_id=rule, rule_name=rule.lower(), severity=Severity.MEDIUM, message=message,
                   path=device, line=line, device=device, target=target)


def test_written_file_is_sorted_deterministic_and_skips_suppressed(tmp_path: Path) -> None:
    report = sample_report()
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert write_baseline(report, first) == 11
    shuffled = replace(report, findings=list(reversed(report.findings)))
    write_baseline(shuffled, second)
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text())
    assert data["version"] == 1 and data["tool"] == "vpnaudit"
    entries = data["findings"]
    assert len(entries) == 11
    keys = [(e["device"], e["rule_id"], e["target"]) for e in entries]
    assert keys == sorted(keys)
    assert entries[0] == {
        "identity": report.findings[[f.rule_id for f in report.findings].index("VPN110")].identity,
        "rule_id": "VPN110",
        "rule_name": "ike-weak-encryption",
        "device": "configs/edge-1.cfg",
        "target": "ike-proposal:10",
        "path": "configs/edge-1.cfg",
        "message": "IKE policy 10 offers 3DES, a broken cipher",
    }
    assert "line" not in entries[0]
    assert {e["rule_id"] for e in entries}.isdisjoint({"VPN112"})  # suppressed: not recorded
    assert first.read_text().endswith("}\n")


def test_apply_keeps_only_new_and_reports_fixed(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    old = Report(findings=[_finding("VPN110", "ike-proposal:10", 4), _finding("VPN405", "tunnel:Tunnel1", 20, "no clamp")])
    write_baseline(old, path)
    # Lines moved (identity ignores them), VPN405 was fixed, VPN111 is new.
    now = Report(findings=[_finding("VPN110", "ike-proposal:10", 9), _finding("VPN111", "ike-proposal:10", 10)],
                 profile="aws")
    result = apply_baseline(now, path)
    assert [(f.rule_id, f.line) for f in result.findings] == [("VPN111", 10)]
    assert [(e["rule_id"], e["target"], e["message"]) for e in result.fixed] == [("VPN405", "tunnel:Tunnel1", "no clamp")]
    assert result.profile == "aws"
    assert [f.rule_id for f in now.findings] == ["VPN110", "VPN111"]  # input untouched


def test_same_identity_twice_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(Report(findings=[_finding("VPN001", "", 3, "odd line")]), path)
    now = Report(findings=[_finding("VPN001", "", 3, "odd line"), _finding("VPN001", "", 8, "odd line")])
    assert [f.line for f in apply_baseline(now, path).findings] == [8]
    write_baseline(now, path)
    assert json.loads(path.read_text())["findings"][0]["count"] == 2
    assert apply_baseline(now, path).findings == []


def test_suppressed_findings_stay_and_keep_their_entry(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    finding = _finding("VPN110", "ike-proposal:10", 4)
    write_baseline(Report(findings=[finding]), path)
    from vpnaudit.findings import Suppression

    waived = finding.model_copy(update={"suppressions": (Suppression(kind="external", justification="x", source="w:1"),)})
    result = apply_baseline(Report(findings=[waived]), path)
    assert result.findings == [waived] and result.fixed == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist (create it with --write-baseline"),
        ("{not json", "is not valid JSON (line 1"),
        ("[]", "is not a vpnaudit baseline"),
        ('{"version": 7, "findings": []}', "has version 7; this vpnaudit reads version 1"),
        ('{"version": 1, "findings": [{"rule_id": "VPN110"}]}', "entry 1 has no 'identity' string"),
        ('{"version": 1, "findings": [{"identity": "x", "count": 0}]}', "entry 1 has an invalid 'count'"),
    ],
)
def test_clear_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ValueError) as info:
        apply_baseline(Report(), path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
