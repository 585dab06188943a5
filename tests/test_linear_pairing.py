"""Many AWS connections on one customer gateway: each pair gets its own findings, and the work grows
like the number of connections.

Before the fix, blocking pair findings were matched to a verdict by (device, device tunnel) and a
substring of the message (the AWS tunnel's name): in code every connection's tunnels are ``tunnel1``
/ ``tunnel2``, and live connections on one device tunnel share its peer address, so each of M
verdicts took all M findings (1,000 connections: 259 MB of JSON, 1.28 GB of memory). Declared
tunnels with one inside CIDR rescanned the device tunnels already taken (quadratic).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_complexity import _ratio
from vpnaudit.api import AuditOptions, audit
from vpnaudit.pairing import verdicts_of
from vpnaudit.remediation import rows_of
from vpnaudit.reporters import json as json_reporter

DEVICE_KEY = "kmHkZujp_EWOqCVfMT87B1jTeU8hXUNK"
AWS_IP = "3.130.237.53"

IOS_HEAD = f"""crypto isakmp policy 200
  encr aes
  authentication pre-share
  group 2
  lifetime 28800
  hash sha
exit
crypto keyring keyring-vpn-0
  local-address 1.1.1.2
  pre-shared-key address {AWS_IP} key {DEVICE_KEY}
exit
crypto isakmp profile isakmp-vpn-0
  local-address 1.1.1.2
  match identity address {AWS_IP} 255.255.255.255
  keyring keyring-vpn-0
exit
crypto ipsec transform-set ipsec-prop-vpn-0 esp-aes 128 esp-sha-hmac
  mode tunnel
exit
crypto ipsec profile ipsec-vpn-0
  set pfs group2
  set security-association lifetime seconds 3600
  set transform-set ipsec-prop-vpn-0
exit
"""

# One VTI to the AWS tunnel, with BGP (local AS 65000, AWS side 64512).
IOS = IOS_HEAD + f"""interface Tunnel1
  ip address 169.254.59.18 255.255.255.252
  tunnel source 1.1.1.2
  tunnel destination {AWS_IP}
  tunnel mode ipsec ipv4
  tunnel protection ipsec profile ipsec-vpn-0
  no shutdown
exit
router bgp 65000
  neighbor 169.254.59.17 remote-as 64512
  neighbor 169.254.59.17 activate
exit
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _dump(m: int, wrong_every: int = 1) -> str:
    """``m`` live connections on one outside IP (one device tunnel faces all of them). Connection
    ``i`` has another key and a customer gateway with another ASN when ``i % wrong_every == 0``."""
    connections = []
    for i in range(m):
        wrong = i % wrong_every == 0
        connections.append({
            "VpnConnectionId": f"vpn-{i:08x}", "State": "available", "Type": "ipsec.1",
            "CustomerGatewayId": "cgw-wrong" if wrong else "cgw-right", "VpnGatewayId": "vgw-1",
            "Options": {"StaticRoutesOnly": False, "TunnelOptions": [{
                "OutsideIpAddress": AWS_IP, "TunnelInsideCidr": "169.254.59.16/30",
                "PreSharedKey": f"Other_key_{i}xx" if wrong else DEVICE_KEY}]},
        })
    return json.dumps({
        "VpnConnections": connections,
        "CustomerGateways": [{"CustomerGatewayId": "cgw-wrong", "IpAddress": "1.1.1.2", "BgpAsn": "65001"},
                             {"CustomerGatewayId": "cgw-right", "IpAddress": "1.1.1.2", "BgpAsn": "65000"}],
        "VpnGateways": [{"VpnGatewayId": "vgw-1", "AmazonSideAsn": 64512}],
    })


def _terraform(m: int) -> str:
    """One customer gateway and ``m`` connections declared on it, each with a key the device lacks."""
    out = ['resource "aws_customer_gateway" "cgw" {\n  bgp_asn = 65001\n  ip_address = "1.1.1.2"\n  type = "ipsec.1"\n}']
    for i in range(m):
        out.append(f'resource "aws_vpn_connection" "c{i}" {{\n  customer_gateway_id = aws_customer_gateway.cgw.id\n'
                   f'  vpn_gateway_id = "vgw-{i}"\n  type = "ipsec.1"\n  tunnel1_preshared_key = "Other_key_{i}xx"\n}}')
    return "\n".join(out) + "\n"


def test_each_verdict_names_only_its_own_findings(tmp_path: Path) -> None:
    m = 12
    report = audit([_write(tmp_path, "edge.cfg", IOS), _write(tmp_path, "vpn.json", _dump(m, wrong_every=2))],
                   AuditOptions(jobs=1))
    assert len(report.pairs) == m
    by_connection = {v.connection: v for v in verdicts_of(report)}
    rows = {r.connection: r for r in rows_of(report)}
    assert len(by_connection) == len(rows) == m
    for i in range(m):
        verdict, row = by_connection[f"vpn-{i:08x}"], rows[f"vpn-{i:08x}"]
        own = [f for f in report.findings if f.rule_id in ("VPN606", "VPN608") and f"vpn-{i:08x}" in f.target]
        if i % 2:  # the device's key and ASN: nothing blocks this one, whatever its neighbours say
            assert own == []
            assert verdict.status == "up", verdict.detail
            assert not row.bgp.startswith("ASN MISMATCH"), row
        else:
            assert sorted(f.rule_id for f in own) == ["VPN606", "VPN608"]
            assert verdict.status == "down"
            assert verdict.detail.count("VPN606") == 1 and verdict.detail.count("VPN608") == 1, verdict.detail
            assert row.bgp.startswith("ASN MISMATCH"), row


def test_declared_connections_on_one_gateway_keep_their_own_findings(tmp_path: Path) -> None:
    def run(m: int) -> tuple[list, int]:
        folder = tmp_path / str(m)
        folder.mkdir()
        report = audit([_write(folder, "main.tf", _terraform(m)), _write(folder, "edge.cfg", IOS)], AuditOptions(jobs=1))
        return [v for v in verdicts_of(report) if v.aws_tunnel == "tunnel1"], len(json_reporter.render(report))

    verdicts, small = run(40)
    assert len(verdicts) == 40
    for verdict in verdicts:  # every connection's tunnel is "tunnel1": each finds its own key mismatch only
        assert verdict.status == "down" and verdict.detail.count("VPN606") == 1, verdict.detail
    _, large = run(80)
    assert large / small < 2.5, f"doubling the connections made the JSON report {large / small:.1f}x larger"


def test_doubling_connections_on_one_gateway_at_most_roughly_doubles_the_time(tmp_path: Path) -> None:
    def run(text: str) -> object:
        report = audit([_write(tmp_path, "edge.cfg", IOS), _write(tmp_path, "vpn.json", text)], AuditOptions(jobs=1))
        return json_reporter.render(report)

    ratio = _ratio(_dump, run, 400, runs=2)
    assert ratio < 3.0, f"doubling the connections on one gateway took {ratio:.1f}x the time"


def _declared(k: int) -> tuple[str, str]:
    """A device with ``k`` tunnels in one inside /30 and a connection declaring ``k`` tunnels in it (IKE
    versions unknown: not simulated, so the pairing itself is what is timed)."""
    tunnels = "".join(
        f"interface Tunnel{i}\n ip address 169.254.10.2 255.255.255.252\n tunnel source 1.1.1.2\n"
        f" tunnel destination 3.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}\n tunnel mode ipsec ipv4\n"
        " tunnel protection ipsec profile ipsec-vpn-0\n" for i in range(k))
    template = {"Resources": {
        "CGW": {"Type": "AWS::EC2::CustomerGateway", "Properties": {"IpAddress": "1.1.1.2", "BgpAsn": 65000, "Type": "ipsec.1"}},
        "C": {"Type": "AWS::EC2::VPNConnection", "Properties": {
            "Type": "ipsec.1", "CustomerGatewayId": {"Ref": "CGW"}, "VpnGatewayId": "vgw-1",
            "VpnTunnelOptionsSpecifications": [
                {"TunnelInsideCidr": "169.254.10.0/30", "IKEVersions": {"Fn::GetAtt": ["Crypto", "Versions"]}}
                for _ in range(k)]}}}}
    return IOS_HEAD + tunnels, json.dumps(template)


def test_declared_tunnels_in_one_inside_network_pair_in_file_order(tmp_path: Path) -> None:
    device, template = _declared(5)
    report = audit([_write(tmp_path, "edge.cfg", device), _write(tmp_path, "vpn.template.json", template)],
                   AuditOptions(jobs=1))
    [pair] = report.pairs
    assert [tp.device.name for tp in pair.tunnels] == [f"Tunnel{i}" for i in range(5)]


def test_doubling_declared_tunnels_in_one_inside_network_at_most_roughly_doubles_the_time(tmp_path: Path) -> None:
    from vpnaudit.pairing import _Gateway
    from vpnaudit.pairing_iac import pair_declared

    device, template = _declared(1)
    report = audit([_write(tmp_path, "edge.cfg", device), _write(tmp_path, "vpn.template.json", template)],
                   AuditOptions(jobs=1, select=("VPN000",)))
    gateway = next(d for d in report.devices if d.vendor != "aws")
    connection = next(d for d in report.devices if d.vendor == "aws")
    scaled: dict[str, tuple] = {}

    def make(k: int) -> str:  # k device tunnels and k declared tunnels, all in one inside /30
        scaled[str(k)] = (gateway.model_copy(update={"tunnels": gateway.tunnels * k}),
                          connection.model_copy(update={"tunnels": connection.tunnels[:1] * k}))
        return str(k)

    def run(k: str) -> object:
        device, declared = scaled[k]
        return pair_declared(declared, [_Gateway(device)])

    ratio = _ratio(make, run, 2000, runs=3)
    assert ratio < 3.0, f"doubling the declared tunnels in one inside network took {ratio:.1f}x the time"
