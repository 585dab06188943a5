"""Before deploy: a device config next to the connection declared in Terraform / CloudFormation."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vpnaudit import api
from vpnaudit.cli import app

ROOT = Path(__file__).resolve().parent.parent
EDGE = ROOT / "fixtures" / "examples" / "cisco-ios" / "edge-1.cfg"  # public address 198.51.100.2, IKEv2 AES256/SHA2-256/14

TERRAFORM = """resource "aws_customer_gateway" "edge" {
  bgp_asn    = 65010
  ip_address = "198.51.100.2"
  type       = "ipsec.1"
}

resource "aws_vpn_connection" "edge" {
  customer_gateway_id = aws_customer_gateway.edge.id
  vpn_gateway_id      = aws_vpn_gateway.vgw.id
  type                = "ipsec.1"

  tunnel1_inside_cidr                  = "169.254.200.0/30"
  tunnel1_ike_versions                 = ["ikev2"]
  tunnel1_phase1_encryption_algorithms = ["AES256-GCM-16"]
  tunnel1_phase1_integrity_algorithms  = ["SHA2-384"]
  tunnel1_phase1_dh_group_numbers      = [20]

  tunnel2_inside_cidr  = "169.254.100.0/30"
  tunnel2_ike_versions = ["ikev2"]
}
"""

CLOUDFORMATION = """Resources:
  Cgw:
    Type: AWS::EC2::CustomerGateway
    Properties:
      IpAddress: 198.51.100.2
      BgpAsn: 65010
      Type: ipsec.1
  Vpn:
    Type: AWS::EC2::VPNConnection
    Properties:
      Type: ipsec.1
      CustomerGatewayId: !Ref Cgw
      VpnGatewayId: !Ref Vgw
      VpnTunnelOptionsSpecifications:
        - IKEVersions: [{Value: ikev2}]
          Phase2DHGroupNumbers: [{Value: 21}]
        - IKEVersions: [{Value: ikev2}]
"""


def _rows(report):
    from vpnaudit.pairing import verdicts

    return {(v.aws_tunnel, v.device_tunnel): (v.status, v.detail) for v in verdicts(report.pairs, report.findings)}


def test_terraform_pairs_by_customer_gateway_address_and_inside_cidr(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM)
    report = api.audit([str(EDGE), str(tmp_path)], api.AuditOptions(select=["VPN6"]))
    (pair,) = report.pairs
    rows = _rows(report)
    # inside CIDRs decide the mapping: tunnel1 (169.254.200.0/30) is the device's Tunnel2
    assert rows[("tunnel1", "Tunnel2")][0] == "down" and "encryption" in rows[("tunnel1", "Tunnel2")][1]
    assert rows[("tunnel2", "Tunnel1")][0] == "up"
    (finding,) = [f for f in report.findings if f.rule_id == "VPN604"]
    assert finding.path == str(EDGE) and "AES256-GCM-16" in finding.message and "tunnel1" in finding.message
    assert not pair.notes  # determined by the code


def test_cloudformation_without_inside_cidrs_says_the_mapping_is_not_determined(tmp_path: Path) -> None:
    (tmp_path / "vpn.yaml").write_text(CLOUDFORMATION)
    result = CliRunner().invoke(app, ["check", str(EDGE), "--aws-iac", str(tmp_path / "vpn.yaml"), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    failing = [f for f in data["findings"] if f["rule_id"] == "VPN605"]
    assert failing and "21" in failing[0]["message"]
    report = api.audit([str(EDGE), str(tmp_path / "vpn.yaml")], api.AuditOptions(select=["VPN6"]))
    assert any("does not determine which device tunnel" in n for n in report.notices)


def test_unknown_crypto_in_code_is_not_simulated(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM.replace('["ikev2"]\n}', 'var.versions\n}'))
    report = api.audit([str(EDGE), str(tmp_path)], api.AuditOptions(select=["VPN6"]))
    rows = _rows(report)
    assert rows[("tunnel2", "Tunnel1")][0] == "unknown"
    assert any("not simulated" in n and "ike_versions" in n for n in report.notices)


def test_a_connection_in_code_pairs_with_every_gateway_holding_its_address_and_no_other(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM)
    text = EDGE.read_text()
    assert text.count("198.51.100.2") >= 1
    (tmp_path / "a-other.cfg").write_text(text.replace("198.51.100.2", "198.51.100.9"))
    (tmp_path / "b-same.cfg").write_text(text)
    report = api.audit([str(EDGE), str(tmp_path)], api.AuditOptions(select=["VPN6"]))
    assert sorted(Path(p.device.source).name for p in report.pairs) == ["b-same.cfg", "edge-1.cfg"]


def test_a_hub_pairs_with_declared_connections_by_index() -> None:
    """Many connections declared in code for one customer gateway address, and a hub whose tunnels
    all start there: each connection finds its tunnel by inside CIDR through the hub's indexes, not by
    testing every hub tunnel (2,000 tunnels and 1,000 connections took 4 s of pairing, 500 and 250 0.25 s)."""
    from vpnaudit.model import AwsConnection, Device, InsideAddress, Tunnel
    from vpnaudit.pairing import pair_devices

    from ._events import traced

    def inside(i: int, host: int) -> str:
        return f"169.254.{i // 64}.{(i % 64) * 4 + host}/30"

    def hub(n: int) -> list:
        tunnels = tuple(Tunnel(name=f"Tunnel{i}", local_address="198.51.100.2", peer_address=f"203.0.{i // 250}.{i % 250 + 1}",
                               inside=InsideAddress(local=inside(i, 2))) for i in range(n))
        declared = [Device(source="main.tf", vendor="aws", connection=AwsConnection(
            id=f"aws_vpn_connection.c{k}", declared_in="terraform", customer_gateway_ip="198.51.100.2"),
            tunnels=(Tunnel(name="tunnel1", inside=InsideAddress(local=inside(2 * k + 1, 1))), Tunnel(name="tunnel2")))
            for k in range(n // 2)]
        return [Device(source="hub.cfg", vendor="cisco-ios", tunnels=tunnels), *declared]

    pairs = pair_devices(hub(6))
    # tunnel1 by its inside CIDR; tunnel2 undetermined: the first hub tunnel still free, said in a note
    assert [[t.device.name for t in p.tunnels] for p in pairs] == [["Tunnel1", "Tunnel0"], ["Tunnel3", "Tunnel0"],
                                                                   ["Tunnel5", "Tunnel0"]]
    assert all("compared in order" in p.notes[0] for p in pairs)

    def events(n: int) -> int:
        devices = hub(n)
        found, count = traced(lambda: pair_devices(devices))
        assert len(found) == n // 2
        return count

    small, large = events(40), events(160)
    assert large / 160 < 1.25 * small / 40
