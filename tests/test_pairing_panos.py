"""PAN-OS and AWS side by side: AWS's own Palo Alto sample against a dump of its shape.

The page as published cannot come up (its tunnel 2 gateway names an IKE profile the page never
defines, and both tunnels' inside addresses disagree with their BGP neighbors); the corrected copy
in fixtures/examples/panos comes up on both tunnels, and one changed parameter at a time is named
by the rule about that parameter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vpnaudit.api import AuditOptions, audit
from vpnaudit.pairing import verdicts

from .conftest import CORPUS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "fixtures" / "examples" / "panos"
PAGE = CORPUS / "other" / "aws-docs-netadmin-palo-alto-panos-bgp.md"
FIXED = EXAMPLES / "aws-sample-corrected.cfg"
DUMP = EXAMPLES / "aws-sample-vpn-44a8938f.json"
PAIR_RULES = ("VPN6",)


def run(tmp_path, device_text: str, dump_text: str):
    device = tmp_path / "pa.cfg"
    device.write_text(device_text)
    dump = tmp_path / "vpn.json"
    dump.write_text(dump_text)
    report = audit([str(device), str(dump)], AuditOptions(select=PAIR_RULES, profile="strict"))
    return report, [(f.rule_id, f.message) for f in report.findings]


def dump_with(**changes) -> str:
    doc = json.loads(DUMP.read_text())
    for tunnel in doc["VpnConnections"][0]["Options"]["TunnelOptions"]:
        tunnel.update(changes)
    return json.dumps(doc)


def test_corrected_sample_comes_up_on_both_tunnels() -> None:
    report = audit([str(FIXED), str(DUMP)], AuditOptions(select=PAIR_RULES))
    assert report.findings == []
    rows = verdicts(report.pairs, report.findings)
    assert [(r.device_tunnel, r.status) for r in rows] == [("ipsec-tunnel-1", "up"), ("ipsec-tunnel-2", "up")]


def test_the_page_as_published_names_its_own_mistakes() -> None:
    report = audit([str(PAGE), str(DUMP)], AuditOptions(select=("VPN6", "VPN002")))
    assert [(f.rule_id, f.line) for f in report.findings] == [
        ("VPN607", 138), ("VPN002", 231), ("VPN604", 284), ("VPN607", 284)]
    rows = verdicts(report.pairs, report.findings)
    assert {r.status for r in rows} == {"down"}


CASES = [
    ("psk", FIXED.read_text().replace("key plain-text-password1", "key Another-Key-Of-Some-Length"), dump_with(),
     [("VPN606", ["ipsec-tunnel-1", "72.21.209.193", "differs"])]),
    ("dh-group", FIXED.read_text(), dump_with(Phase1DHGroupNumbers=[{"Value": 14}]),
     [("VPN604", ["ipsec-tunnel-1", "DH group"]), ("VPN604", ["ipsec-tunnel-2", "DH group"])]),
    ("integrity", FIXED.read_text(), dump_with(Phase1IntegrityAlgorithms=[{"Value": "SHA2-256"}]),
     [("VPN604", ["ipsec-tunnel-1", "integrity"]), ("VPN604", ["ipsec-tunnel-2", "integrity"])]),
    ("pfs", FIXED.read_text().replace("set dh-group group2 lifetime seconds 3600",
                                      "set dh-group no-pfs lifetime seconds 3600"), dump_with(),
     [("VPN605", ["ipsec-tunnel-1", "PFS"]), ("VPN605", ["ipsec-tunnel-2", "PFS"])]),
    ("inside-address", FIXED.read_text().replace("set ip 169.254.255.6/30", "set ip 169.254.255.10/30"), dump_with(),
     [("VPN607", ["ipsec-tunnel-2", "169.254.255.10", "169.254.255.6"])]),
    ("remote-as", FIXED.read_text().replace("set peer-as 7224", "set peer-as 64512"), dump_with(),
     [("VPN608", ["ipsec-tunnel-1", "64512"]), ("VPN608", ["ipsec-tunnel-2", "64512"])]),
    ("ike-version", FIXED.read_text(), dump_with(IkeVersions=[{"Value": "ikev2"}]),
     [("VPN603", ["ipsec-tunnel-1", "IKE version"]), ("VPN603", ["ipsec-tunnel-2", "IKE version"])]),
]


@pytest.mark.parametrize(("name", "device", "dump", "expected"), CASES, ids=[c[0] for c in CASES])
def test_one_parameter_at_a_time(tmp_path, name, device, dump, expected) -> None:
    _, found = run(tmp_path, device, dump)
    assert [rule for rule, _ in found] == [rule for rule, _ in expected], found
    for (_, message), (_, words) in zip(sorted(found), sorted(expected)):
        for word in words:
            assert word in message, (word, message)
