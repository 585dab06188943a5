"""VPN501-VPN510 on whole dumps: exact findings on the corpus and the fixtures, metadata, no secrets.

The per-rule pass / fail snippets are fixtures/rules/VPN5xx.yaml (run by test_rule_cases.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from vpnaudit.checks import rules_by_id
from vpnaudit.findings import Severity
from vpnaudit.model import Device, Tunnel
from vpnaudit.parsers import SourceFile, aws as aws_parser
from vpnaudit.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "aws"
AWS_RULES = [f"VPN5{n:02d}" for n in range(1, 11)]
META = {  # id: (name, severity, profile) from the team spec rules.md
    "VPN501": ("aws-tunnel-down", Severity.HIGH, "aws"),
    "VPN502": ("aws-ikev1-allowed", Severity.MEDIUM, "recommended"),
    "VPN503": ("aws-logging-disabled", Severity.MEDIUM, "recommended"),
    "VPN504": ("aws-weak-algorithms-allowed", Severity.MEDIUM, "recommended"),
    "VPN505": ("aws-psk-not-in-secrets-manager", Severity.LOW, "recommended"),
    "VPN506": ("aws-idle-tunnel-may-drop", Severity.LOW, "recommended"),
    "VPN507": ("aws-negotiated-weak", Severity.HIGH, "recommended"),
    "VPN508": ("aws-bgp-down", Severity.HIGH, "aws"),
    "VPN509": ("aws-lifecycle-control-off", Severity.INFO, "strict"),
    "VPN510": ("aws-pending-maintenance", Severity.LOW, "recommended"),
}


def run(devices, rule_ids=AWS_RULES, pack="strict"):
    policy = load_policy(pack)
    out = []
    for rid in rule_ids:
        for device in devices:
            for v in rules_by_id()[rid].check(device, policy):
                out.append((rid, v.line, v.target, v.message))
    return out


def parse(path: Path):
    return aws_parser.parse([SourceFile(str(path), path.read_text("utf-8"))])


@pytest.mark.parametrize("rid", AWS_RULES)
def test_metadata_and_docs(rid):
    module = rules_by_id()[rid]
    rule = module.RULE
    assert (rule.name, rule.severity, rule.profile) == META[rid]
    doc = module.__doc__
    assert doc.startswith(f"{rid} {rule.name}:")
    assert "Why it matters" in doc and "How to fix" in doc and "Source:" in doc
    assert rule.references and all(r.startswith("https://") for r in rule.references)
    cases = yaml.safe_load((ROOT / "fixtures" / "rules" / f"{rid}.yaml").read_text())["cases"]
    assert any(c["expect"] == [] for c in cases) and any(c["expect"] for c in cases)
    assert all(c["vendor"] == "aws" for c in cases)


def test_security_hub_controls_named():
    assert "EC2.20" in rules_by_id()["VPN501"].__doc__
    assert "EC2.183" in rules_by_id()["VPN502"].__doc__
    assert "EC2.171" in rules_by_id()["VPN503"].__doc__
    for rid in ("VPN502", "VPN503", "VPN504", "VPN505", "VPN506", "VPN509"):
        assert "aws ec2 modify-vpn-tunnel-options" in rules_by_id()[rid].__doc__


def test_fixture_dump_exact_findings():
    devices = aws_parser.parse([SourceFile(str(p), p.read_text()) for p in sorted((FIXTURES / "eu-west-1").glob("*.json"))])
    got = run(devices)
    a, b = "aws-tunnel:198.51.100.11", "aws-tunnel:198.51.100.22"
    assert [(rid, line, target) for rid, line, target, _ in got] == [
        ("VPN501", 49, b),
        ("VPN502", 49, b),
        ("VPN503", 49, b),
        ("VPN504", 49, b),
        ("VPN505", 22, a),
        ("VPN505", 51, b),
        ("VPN506", 54, b),
        ("VPN509", 49, b),
    ]
    messages = {(rid, target): message for rid, _, target, message in got}
    assert messages[("VPN501", b)] == (
        "AWS tunnel 198.51.100.22 is DOWN (IPSEC IS DOWN), status last changed 2024-05-02T08:30:00+00:00")
    assert messages[("VPN502", b)] == "AWS tunnel 198.51.100.22 allows IKEv1 (unset: AWS default allows IKEv1 and IKEv2)"
    assert messages[("VPN503", b)] == "AWS tunnel 198.51.100.22 does not send tunnel logs to CloudWatch Logs (LogEnabled false)"
    assert messages[("VPN504", b)] == (
        "AWS tunnel 198.51.100.22 allows weak algorithms: "
        "phase-1 integrity SHA1 (unset: AWS default allows SHA1, SHA2-256, SHA2-384, SHA2-512); "
        "phase-1 DH groups 2, 22, 23, 24 (unset: AWS default allows 2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24); "
        "phase-2 integrity SHA1 (unset: AWS default allows SHA1, SHA2-256, SHA2-384, SHA2-512); "
        "phase-2 DH groups 2, 5, 22, 23, 24 (unset: AWS default allows 2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24)")
    assert messages[("VPN506", b)] == (
        "AWS tunnel 198.51.100.22: StartupAction add (unset: AWS default) with DpdTimeoutAction clear "
        "(unset: AWS default): when the tunnel is idle or DPD times out, AWS clears it and waits for the "
        "customer gateway to initiate")


def test_fix_commands():
    (device,) = parse(FIXTURES / "eu-west-1" / "VpnConnections.json")
    policy = load_policy("recommended")
    (v,) = [v for v in rules_by_id()["VPN504"].check(device, policy)]
    assert v.fix == (
        "aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0f1e2d3c4b5a69788 "
        "--vpn-tunnel-outside-ip-address 198.51.100.22 --tunnel-options "
        "'{\"Phase1IntegrityAlgorithms\": [{\"Value\": \"SHA2-256\"}, {\"Value\": \"SHA2-384\"}, {\"Value\": \"SHA2-512\"}], "
        "\"Phase1DHGroupNumbers\": [{\"Value\": 14}, {\"Value\": 15}, {\"Value\": 16}, {\"Value\": 17}, {\"Value\": 18}, "
        "{\"Value\": 19}, {\"Value\": 20}, {\"Value\": 21}], "
        "\"Phase2IntegrityAlgorithms\": [{\"Value\": \"SHA2-256\"}, {\"Value\": \"SHA2-384\"}, {\"Value\": \"SHA2-512\"}], "
        "\"Phase2DHGroupNumbers\": [{\"Value\": 14}, {\"Value\": 15}, {\"Value\": 16}, {\"Value\": 17}, {\"Value\": 18}, "
        "{\"Value\": 19}, {\"Value\": 20}, {\"Value\": 21}]}'")
    (v,) = [v for v in rules_by_id()["VPN502"].check(device, policy)]
    assert v.fix == ("aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0f1e2d3c4b5a69788 "
                     "--vpn-tunnel-outside-ip-address 198.51.100.22 --tunnel-options '{\"IKEVersions\": [{\"Value\": \"ikev2\"}]}'")


def test_corpus_tgw_down_and_defaults(corpus):
    (device,) = parse(corpus / "aws-xml" / "batfish-VpnConnectionTransitGatewayTest-tgw-bgp.json")
    got = [(rid, line) for rid, line, _, _ in run([device])]
    assert got == [(rid, line) for rid in ("VPN501", "VPN502", "VPN503", "VPN504", "VPN505", "VPN506", "VPN509")
                   for line in (19, 26)]


def test_corpus_bgp_routes_and_options(corpus):
    (device,) = parse(corpus / "aws-xml" / "batfish-VpnConnectionWithTunnelOptions.json")
    got = run([device], ["VPN501", "VPN504", "VPN508"])
    assert [(rid, line, message) for rid, line, _, message in got] == [
        ("VPN504", 19, "AWS tunnel 52.27.166.152 allows weak algorithms: phase-1 integrity SHA1; phase-1 DH group 2"),
        ("VPN504", 69, "AWS tunnel 52.39.121.126 allows weak algorithms: phase-1 integrity SHA1; phase-1 DH groups 22, 23"),
    ]


def test_bgp_down_variants():
    def device(message, status="UP", routes=0, static=False):
        doc = {"VpnConnections": [{"VpnConnectionId": "vpn-1", "State": "available",
                                   "Options": {"StaticRoutesOnly": static, "TunnelOptions": [{"OutsideIpAddress": "203.0.113.1"}]},
                                   "VgwTelemetry": [{"OutsideIpAddress": "203.0.113.1", "Status": status,
                                                     "StatusMessage": message, "AcceptedRouteCount": routes}]}]}
        return aws_parser.parse([SourceFile("v.json", json.dumps(doc))])

    assert [m for *_, m in run(device("BGP IS DOWN", status="DOWN"), ["VPN508"])] == [
        "AWS tunnel 203.0.113.1: IPsec is up but BGP is not (BGP IS DOWN, 0 accepted routes)"]
    assert run(device("5 BGP ROUTES", routes=5), ["VPN508"]) == []
    assert run(device("IPSEC IS DOWN", status="DOWN"), ["VPN508"]) == []
    assert run(device("", status="DOWN"), ["VPN508"]) == []
    assert run(device("0 BGP ROUTES", static=True), ["VPN508"]) == []


def test_customer_gateway_devices_are_not_judged():
    device = Device(source="r.cfg", vendor="cisco-ios", tunnels=(Tunnel(name="Tunnel1"),))
    assert run([device]) == []


def test_no_secret_in_any_message(corpus):
    paths = sorted((corpus / "aws-xml").glob("*.json")) + [FIXTURES / "eu-west-1" / "VpnConnections.json"]
    for path in paths:
        text = path.read_text()
        doc = json.loads(text)
        keys = {o["PreSharedKey"] for c in doc["VpnConnections"] for o in (c.get("Options") or {}).get("TunnelOptions") or []}
        keys |= {p.split("</pre_shared_key>")[0] for c in doc["VpnConnections"]
                 for p in (c.get("CustomerGatewayConfiguration") or "").split("<pre_shared_key>")[1:]}
        policy = load_policy("strict")
        for d in parse(path):
            for rid in AWS_RULES:
                for v in rules_by_id()[rid].check(d, policy):
                    blob = f"{v.message} {v.fix} {v.target}"
                    assert not any(k in blob for k in keys), (rid, path.name)
