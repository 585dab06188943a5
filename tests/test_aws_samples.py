"""AWS's own sample configs are compatible with AWS by construction: under the `aws` profile they get
no finding, and their weaknesses (SHA1, DH group 2, IKEv1) show up under `recommended`."""

from __future__ import annotations

import pytest

from vpnaudit.api import AuditOptions, audit

from .conftest import CORPUS

SAMPLES = [
    "cisco-ios/aws-generated-ios-vpn-03701a53bba3c48b7-with-local-changes.txt",
    "cisco-asa/aws-docs-netadmin-cisco-asa-8-2-cryptomap-static-sla.md",
    "cisco-asa/aws-docs-netadmin-cisco-asa-9-7-vti-bgp.md",
    "junos/aws-docs-netadmin-juniper-srx-set-bgp.md",
]


@pytest.mark.parametrize("sample", SAMPLES)
def test_aws_sample_is_clean_under_the_aws_profile(corpus, sample: str) -> None:
    report = audit([str(CORPUS / sample)], AuditOptions(profile="aws"))
    assert [(f.rule_id, f.line, f.message) for f in report.findings] == []
    assert report.devices and all(d.tunnels for d in report.devices)


@pytest.mark.parametrize("sample", SAMPLES)
def test_aws_sample_weaknesses_show_under_recommended(corpus, sample: str) -> None:
    ids = {f.rule_id for f in audit([str(CORPUS / sample)], AuditOptions()).findings}
    assert {"VPN111", "VPN112", "VPN113"} <= ids  # SHA1, DH group 2, IKEv1


def test_check_point_sample_reports_the_pages_own_duplicate_tunnel(corpus) -> None:
    page = "checkpoint/aws-docs-netadmin-check-point-gaia-bgp-clish-smartdashboard.md"
    report = audit([str(CORPUS / page)], AuditOptions(profile="aws"))
    assert [(f.rule_id, f.line) for f in report.findings] == [
        ("VPN411", 98), ("VPN000", 106), ("VPN002", 107)]  # vpnt2 missing: one finding
    assert "unknown and not checked" in report.devices[0].extra["crypto"]


def test_palo_alto_sample_reports_the_pages_own_mistakes(corpus) -> None:
    # The PAN-OS page is parsed (it used to be VPN000, no parser): AWS-compatible crypto, but its
    # tunnel 2 gateway names an IKE profile the page never defines and tunnel 1's BGP neighbor lies
    # outside its inside /30 (tests/test_pairing_panos.py pairs a corrected copy: both tunnels UP).
    page = "other/aws-docs-netadmin-palo-alto-panos-bgp.md"
    report = audit([str(CORPUS / page)], AuditOptions(profile="aws"))
    assert [(f.rule_id, f.line) for f in report.findings] == [("VPN408", 169), ("VPN002", 231)]
    assert [t.name for t in report.devices[0].tunnels] == ["ipsec-tunnel-1", "ipsec-tunnel-2"]
    ids = {f.rule_id for f in audit([str(CORPUS / page)], AuditOptions()).findings}
    assert {"VPN111", "VPN112", "VPN113"} <= ids
