"""Device and AWS side by side: the corpus pairs agree, and one changed parameter at a time is
reported by the exact rule naming that parameter, on two vendors (Cisco IOS and Junos)."""

from __future__ import annotations

import json
import re

import pytest

from vpnaudit.api import AuditOptions, audit
from vpnaudit.pairing import verdicts

from .conftest import CORPUS

PAIRS = [
    ("cisco-ios/pybatfish-exitgw-csr1000v-iosxe16-4-aws-tunnels.cfg",
     "aws-xml/pybatfish-hybrid-cloud-us-east-2-VpnConnections-tgw.json"),
    ("cisco-ios/batfish-lhr-border-02-ios15-aws-vti-bgp.cfg",
     "aws-xml/batfish-hybrid-cloud-aws-us-west-2-VpnConnections-vgw-bgp.json"),
    ("cisco-ios/aws-generated-ios-vpn-03701a53bba3c48b7-with-local-changes.txt",
     "aws-xml/batfish-test-vpn-gateway-VpnConnections-vpn-03701a53bba3c48b7-plus-empty.json"),
]
PAIR_RULES = ("VPN6",)


def check(tmp_path, device_name: str, device_text: str, aws_text: str):
    device = tmp_path / device_name
    device.write_text(device_text)
    dump = tmp_path / "vpn.json"
    dump.write_text(aws_text)
    report = audit([str(device), str(dump)], AuditOptions(select=PAIR_RULES, profile="strict"))
    return report, [(f.rule_id, f.message) for f in report.findings]


@pytest.mark.parametrize(("device", "dump"), PAIRS)
def test_corpus_pairs_come_up(corpus, device: str, dump: str) -> None:
    report = audit([str(CORPUS / device), str(CORPUS / dump)], AuditOptions(select=PAIR_RULES))
    assert report.findings == []
    rows = verdicts(report.pairs, report.findings)
    assert len(rows) == 2 and {r.status for r in rows} == {"up"}


# ---- Cisco IOS: the AWS-generated sample and its dump -------------------------------------------------
IOS = "cisco-ios/aws-generated-ios-vpn-03701a53bba3c48b7-with-local-changes.txt"
IOS_DUMP = "aws-xml/batfish-test-vpn-gateway-VpnConnections-vpn-03701a53bba3c48b7-plus-empty.json"


def _with_tunnel_options(dump_text: str, **options) -> str:
    doc = json.loads(dump_text)
    conn = doc["VpnConnections"][0]
    conn["Options"]["TunnelOptions"] = [
        {"OutsideIpAddress": ip, **options} for ip in ("3.130.237.53", "18.217.248.9")
    ]
    return json.dumps(doc)


IOS_CASES = [
    ("psk", lambda d: d.replace("key kmHkZujp_EWOqCVfMT87B1jTeU8hXUNK", "key Another_Key_Of_32_characters_x"),
     None, [("VPN606", ["Tunnel1", "3.130.237.53", "pre-shared key differs"])]),
    ("dh-group", lambda d: d.replace("  group 2\n", "  group 5\n"), None,
     [("VPN604", ["Tunnel1", "DH group has no overlap"]), ("VPN604", ["Tunnel2", "DH group has no overlap"])]),
    ("integrity", lambda d: d.replace("  hash sha\n", "  hash md5\n"), None,
     [("VPN604", ["Tunnel1", "integrity has no overlap"]), ("VPN604", ["Tunnel2", "integrity has no overlap"])]),
    ("inside-address", lambda d: d.replace("ip address 169.254.59.18 255.255.255.252",
                                           "ip address 169.254.59.22 255.255.255.252"), None,
     [("VPN607", ["Tunnel1", "169.254.59.22", "169.254.59.18"])]),
    ("remote-as", lambda d: d.replace("neighbor 169.254.59.17 remote-as 64512", "neighbor 169.254.59.17 remote-as 65555"),
     None, [("VPN608", ["Tunnel1", "remote-as 65555", "64512"])]),
    ("ike-version", lambda d: d, lambda a: _with_tunnel_options(a, IkeVersions=[{"Value": "ikev2"}]),
     [("VPN603", ["Tunnel1", "no common IKE version"]), ("VPN603", ["Tunnel2", "no common IKE version"])]),
]


@pytest.mark.parametrize(("name", "change_device", "change_aws", "expected"), IOS_CASES, ids=[c[0] for c in IOS_CASES])
def test_ios_one_parameter_at_a_time(corpus, tmp_path, name, change_device, change_aws, expected) -> None:
    device = (CORPUS / IOS).read_text()
    aws = (CORPUS / IOS_DUMP).read_text()
    _, clean = check(tmp_path, "router.cfg", device, aws)
    assert clean == []
    _, found = check(tmp_path, "router.cfg", change_device(device), (change_aws or (lambda a: a))(aws))
    assert [rule for rule, _ in found] == [rule for rule, _ in expected], found
    for (_, message), (_, words) in zip(sorted(found), sorted(expected)):
        for word in words:
            assert word in message, (word, message)


# ---- Junos: an SRX in set format and the connection it talks to --------------------------------------
JUNOS = """set interfaces ge-0/0/0 unit 0 family inet address 198.51.100.34/28
set interfaces st0 unit 1 family inet address 169.254.30.2/30
set interfaces st0 unit 2 family inet address 169.254.40.2/30
set security ike proposal P1 authentication-method pre-shared-keys
set security ike proposal P1 dh-group group20
set security ike proposal P1 authentication-algorithm sha-256
set security ike proposal P1 encryption-algorithm aes-256-cbc
set security ike proposal P1 lifetime-seconds 28800
set security ike policy POL1 mode main
set security ike policy POL1 proposals P1
set security ike policy POL1 pre-shared-key ascii-text Junos_Tunnel_One_Key_0001
set security ike policy POL2 mode main
set security ike policy POL2 proposals P1
set security ike policy POL2 pre-shared-key ascii-text Junos_Tunnel_Two_Key_0002
set security ike gateway GW1 ike-policy POL1
set security ike gateway GW1 address 192.0.2.41
set security ike gateway GW1 external-interface ge-0/0/0.0
set security ike gateway GW1 version v2-only
set security ike gateway GW1 dead-peer-detection interval 10
set security ike gateway GW1 dead-peer-detection threshold 3
set security ike gateway GW2 ike-policy POL2
set security ike gateway GW2 address 192.0.2.42
set security ike gateway GW2 external-interface ge-0/0/0.0
set security ike gateway GW2 version v2-only
set security ike gateway GW2 dead-peer-detection interval 10
set security ike gateway GW2 dead-peer-detection threshold 3
set security ipsec proposal P2 protocol esp
set security ipsec proposal P2 authentication-algorithm hmac-sha-256-128
set security ipsec proposal P2 encryption-algorithm aes-256-cbc
set security ipsec proposal P2 lifetime-seconds 3600
set security ipsec policy IPOL perfect-forward-secrecy keys group20
set security ipsec policy IPOL proposals P2
set security ipsec vpn V1 bind-interface st0.1
set security ipsec vpn V1 ike gateway GW1
set security ipsec vpn V1 ike ipsec-policy IPOL
set security ipsec vpn V2 bind-interface st0.2
set security ipsec vpn V2 ike gateway GW2
set security ipsec vpn V2 ike ipsec-policy IPOL
set protocols bgp group aws type external
set protocols bgp group aws peer-as 64512
set protocols bgp group aws neighbor 169.254.30.1
set protocols bgp group aws neighbor 169.254.40.1
set routing-options autonomous-system 65020
"""


def junos_dump(ike="ikev2", group=20, integrity="SHA2-256", key1="Junos_Tunnel_One_Key_0001") -> str:
    def tunnel(ip, cidr, key):
        return {
            "OutsideIpAddress": ip, "TunnelInsideCidr": cidr, "PreSharedKey": key,
            "IkeVersions": [{"Value": ike}],
            "Phase1EncryptionAlgorithms": [{"Value": "AES256"}], "Phase1IntegrityAlgorithms": [{"Value": integrity}],
            "Phase1DHGroupNumbers": [{"Value": group}], "Phase2EncryptionAlgorithms": [{"Value": "AES256"}],
            "Phase2IntegrityAlgorithms": [{"Value": "SHA2-256"}], "Phase2DHGroupNumbers": [{"Value": 20}],
        }
    return json.dumps({
        "VpnConnections": [{
            "VpnConnectionId": "vpn-0fedcba9876543210", "State": "available", "Type": "ipsec.1",
            "CustomerGatewayId": "cgw-0aaaabbbbccccdddd", "VpnGatewayId": "vgw-0aaaabbbbccccdddd",
            "Options": {"StaticRoutesOnly": False, "TunnelOptions": [
                tunnel("192.0.2.41", "169.254.30.0/30", key1),
                tunnel("192.0.2.42", "169.254.40.0/30", "Junos_Tunnel_Two_Key_0002")]},
        }],
        "CustomerGateways": [{"CustomerGatewayId": "cgw-0aaaabbbbccccdddd", "IpAddress": "198.51.100.34",
                              "BgpAsn": "65020", "State": "available", "Type": "ipsec.1"}],
        "VpnGateways": [{"VpnGatewayId": "vgw-0aaaabbbbccccdddd", "AmazonSideAsn": 64512, "State": "available",
                         "Type": "ipsec.1"}],
    })


JUNOS_CASES = [
    ("psk", JUNOS, junos_dump(key1="Changed_On_The_AWS_Side_001"), [("VPN606", ["V1", "192.0.2.41", "differs"])]),
    ("dh-group", JUNOS, junos_dump(group=14),
     [("VPN604", ["V1", "DH group has no overlap"]), ("VPN604", ["V2", "DH group has no overlap"])]),
    ("integrity", JUNOS, junos_dump(integrity="SHA2-512"),
     [("VPN604", ["V1", "integrity has no overlap"]), ("VPN604", ["V2", "integrity has no overlap"])]),
    ("inside-address", JUNOS.replace("st0 unit 2 family inet address 169.254.40.2/30",
                                     "st0 unit 2 family inet address 169.254.40.6/30"), junos_dump(),
     [("VPN607", ["V2", "169.254.40.6", "169.254.40.2"])]),
    ("remote-as", JUNOS.replace("peer-as 64512", "peer-as 7224"), junos_dump(),
     [("VPN608", ["V1", "remote-as 7224"]), ("VPN608", ["V2", "remote-as 7224"])]),
    ("ike-version", JUNOS, junos_dump(ike="ikev1"),
     [("VPN603", ["V1", "no common IKE version"]), ("VPN603", ["V2", "no common IKE version"])]),
]


def test_junos_pair_is_clean(tmp_path) -> None:
    report, found = check(tmp_path, "srx.set", JUNOS, junos_dump())
    assert found == []
    assert {v.status for v in verdicts(report.pairs, report.findings)} == {"up"}


@pytest.mark.parametrize(("name", "device", "dump", "expected"), JUNOS_CASES, ids=[c[0] for c in JUNOS_CASES])
def test_junos_one_parameter_at_a_time(tmp_path, name, device, dump, expected) -> None:
    _, found = check(tmp_path, "srx.set", device, dump)
    assert [rule for rule, _ in found] == [rule for rule, _ in expected], found
    for (_, message), (_, words) in zip(sorted(found), sorted(expected)):
        for word in words:
            assert word in message, (word, message)


def test_remediation_plan_orders_device_then_tunnel_by_tunnel(corpus) -> None:
    report = audit([str(CORPUS / IOS), str(CORPUS / IOS_DUMP)], AuditOptions(select=PAIR_RULES))
    [plan] = report.plans
    texts = [s.text for s in plan.steps]
    assert texts[0].startswith("On ") and "add IKEv1 phase-1 proposal AES256/SHA2-256/group 20" in texts[0]
    assert [re.search(r"tunnel (\S+)", t).group(1) for t in texts[1:5]] == [
        "18.217.248.9", "18.217.248.9", "3.130.237.53", "3.130.237.53"]
    assert "before touching the other tunnel" in texts[2]
    assert plan.steps[1].command.startswith("aws ec2 modify-vpn-tunnel-options --vpn-connection-id "
                                            "vpn-03701a53bba3c48b7 --vpn-tunnel-outside-ip-address 18.217.248.9")
    assert texts[-1].startswith("On ") and "remove the proposals" in texts[-1]


def _hub(n: int):
    """A hub with ``n`` tunnels to ``n / 2`` AWS connections (two tunnels each), and per connection a
    backup tunnel that points elsewhere but sits inside the connection's first inside /30 (a stray)."""
    from vpnaudit.model import AwsConnection, Device, InsideAddress, Tunnel

    def outside(i: int) -> str:
        return f"203.0.{i // 250}.{i % 250 + 1}"

    def inside(i: int, host: int) -> str:
        return f"169.254.{i // 64}.{(i % 64) * 4 + host}"

    tunnels, connections = [], []
    for k in range(n // 2):
        aws = []
        for t in range(2):
            i = 2 * k + t
            tunnels.append(Tunnel(name=f"Tunnel{i}", peer_address=outside(i),
                                  inside=InsideAddress(local=inside(i, 2) + "/30", peer=inside(i, 1))))
            aws.append(Tunnel(name=outside(i), peer_address=outside(i),
                              inside=InsideAddress(local=inside(i, 1) + "/30", peer=inside(i, 2))))
        tunnels.append(Tunnel(name=f"Backup{k}", peer_address=f"192.0.2.{k % 250 + 1}",
                              inside=InsideAddress(local=inside(2 * k, 3) + "/30")))
        connections.append(Device(source=f"vpn-{k:08x}.json", vendor="aws", tunnels=tuple(aws),
                                  connection=AwsConnection(id=f"vpn-{k:08x}")))
    return [Device(source="hub.cfg", vendor="cisco-ios", tunnels=tuple(tunnels)), *connections]


def test_a_hub_pairs_with_each_connection_by_index() -> None:
    """A device with many tunnels and many connections: each connection finds its tunnels and its
    strays through the device's indexes (every tunnel was tried with every connection before: a hub
    with 2,000 tunnels and 1,000 connections took 27.6 s to lint, a quarter of each 2.2 s)."""
    from vpnaudit.pairing import pair_devices

    from ._events import traced

    pairs = pair_devices(_hub(8))
    assert [p.connection_id for p in pairs] == [f"vpn-{k:08x}" for k in range(4)]
    assert [[t.device.name for t in p.tunnels] for p in pairs][1] == ["Tunnel2", "Tunnel3"]
    assert [[t.name for t in p.stray] for p in pairs] == [[f"Backup{k}"] for k in range(4)]

    def events(n: int) -> int:
        devices = _hub(n)
        found, count = traced(lambda: pair_devices(devices))
        assert len(found) == n // 2 and all(len(p.stray) == 1 for p in found)
        return count

    small, large = events(40), events(160)
    assert large / 160 < 1.25 * small / 40  # the same work per tunnel, not per tunnel and connection
