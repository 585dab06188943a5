"""Device-wide IKE policies: every tunnel offers all of them, and doubling policies and tunnels together
at most roughly doubles a lint.

Before: IOS sorted its isakmp policies once per tunnel, ASA its IKE policies once per tunnel (and kept
them in a list rebuilt for every policy read), and the phase-1 rules read every policy of every tunnel,
VPN101 building the message of each as it went. 1,000 IOS policies and 1,000 tunnels (a 290 KB config)
took 3.1 s, four times 500 and 500; 0.34 s now. A tunnel whose policies AWS accepts none of names the
first 20 in its finding, then how many more: each finding named every policy, 1,000 times the config.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from vpnaudit.api import AuditOptions, audit
from vpnaudit.checks import _crypto
from vpnaudit.cli import app

from .test_linear_aws import _ratio


def ios(n: int, cipher: str = "aes 256") -> str:
    """``n`` isakmp policies and ``n`` route-based tunnels that all offer them."""
    lines = ["hostname hub"]
    for i in range(1, n + 1):
        lines += [f"crypto isakmp policy {i}", f" encr {cipher}", " hash sha256", " authentication pre-share",
                  f" group {14 if i % 2 else 2}", f" lifetime {3600 + i}"]
    for i in range(1, n + 1):
        a, b = divmod(i, 250)
        lines += [f"crypto isakmp key K{i:06d}abcdefgh address 203.0.{a}.{b}",
                  f"crypto ipsec transform-set TS{i} esp-aes 256 esp-sha256-hmac", " mode tunnel",
                  f"crypto ipsec profile PR{i}", f" set transform-set TS{i}", " set pfs group14",
                  f"interface Tunnel{i}", f" ip address 169.254.{i % 250}.{(i * 4) % 252 + 1} 255.255.255.252",
                  " tunnel source 198.51.100.2", " tunnel mode ipsec ipv4", f" tunnel destination 203.0.{a}.{b}",
                  f" tunnel protection ipsec profile PR{i}"]
    return "\n".join(lines) + "\n"


def asa(n: int) -> str:
    """``n`` IKEv1 policies and ``n`` crypto map entries, each with its tunnel-group named by a 'name'."""
    lines = ["hostname hub", "interface GigabitEthernet0/0", " nameif outside", " ip address 198.51.100.2 255.255.255.0",
             "crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac"]
    for i in range(1, n + 1):
        lines += [f"crypto ikev1 policy {i}", " authentication pre-share", " encryption aes-256", " hash sha",
                  f" group {14 if i % 2 else 2}", f" lifetime {3600 + i}"]
    for i in range(1, n + 1):
        a, b = divmod(i, 250)
        lines += [f"name 203.0.{a}.{b} peer{i}",
                  f"crypto map outside_map {i} set peer 203.0.{a}.{b}",
                  f"crypto map outside_map {i} set ikev1 transform-set TS",
                  f"tunnel-group peer{i} type ipsec-l2l", f"tunnel-group peer{i} ipsec-attributes",
                  f" ikev1 pre-shared-key K{i:06d}abcdefgh"]
    lines += ["crypto map outside_map interface outside", "crypto ikev1 enable outside"]
    return "\n".join(lines) + "\n"


def _lint(tmp_path, name: str):
    def make(n: int) -> str:
        path = tmp_path / f"{name}-{n}.cfg"
        path.write_text((ios if name == "ios" else asa)(n))
        return str(path)

    def run(path: str) -> object:
        report = audit([path], AuditOptions(jobs=1))
        assert report.devices and len(report.devices[0].tunnels) >= 300
        return report

    return make, run


@pytest.mark.parametrize("name", ["ios", "asa"])
def test_doubling_policies_and_tunnels_at_most_roughly_doubles_a_lint(tmp_path, name: str) -> None:
    make, run = _lint(tmp_path, name)
    ratio = _ratio(make, run, 500)
    assert ratio < 3.0, f"doubling {name} policies and tunnels took {ratio:.1f}x the time"


def test_every_tunnel_offers_the_device_wide_policies_in_priority_order(tmp_path) -> None:
    path = tmp_path / "hub.cfg"
    path.write_text(ios(30))
    (device,) = audit([str(path)], AuditOptions(jobs=1)).devices
    names = [p.name for p in device.tunnels[0].ike.proposals]
    assert names == [f"isakmp policy {i}" for i in range(1, 31)]
    assert all(t.ike.proposals == device.tunnels[0].ike.proposals for t in device.tunnels)


def test_a_finding_names_the_first_policies_then_how_many_more(tmp_path) -> None:
    path = tmp_path / "hub.cfg"
    path.write_text(ios(30, cipher="des"))
    result = CliRunner().invoke(app, ["lint", str(path), "--format", "json", "--exit-zero", "--select", "VPN102"])
    findings = json.loads(result.stdout)["findings"]
    assert len(findings) == 30  # one per tunnel
    message = findings[0]["message"]
    assert message.count("isakmp policy") == _crypto.NAMED
    assert "isakmp policy 20 uses DES; and 10 more)" in message


def test_the_proposals_seen_keep_the_first_tunnels_that_use_them(tmp_path) -> None:
    path = tmp_path / "hub.cfg"
    path.write_text(ios(5))
    (device,) = audit([str(path)], AuditOptions(jobs=1)).devices
    seen = _crypto.ike_proposals(device)
    assert [s.proposal.name for s in seen] == [f"isakmp policy {i}" for i in range(1, 6)]
    assert all(s.tunnel is device.tunnels[0] and len(s.tunnels) == 2 for s in seen)  # several: no single name
    assert all(s.tunnel_versions == {1} for s in seen)
