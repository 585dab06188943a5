"""Unit tests of the 3xx / 4xx checks and their helpers (vpnaudit/checks/_net.py) on hand-built
devices. The YAML cases in fixtures/rules/VPN3xx-4xx prove the same rules through the parsers."""

from __future__ import annotations

import pytest

from vpnaudit.checks import (
    bgp_asymmetric_preference,
    bgp_neighbor_outside_tunnel,
    bgp_not_route_based,
    bgp_timers,
    bgp_too_many_prefixes,
    df_bit_not_cleared,
    dpd_disabled,
    dpd_slow,
    extra_encapsulation,
    inside_cidr_invalid,
    no_fragmentation_before_encryption,
    psk_invalid_for_aws,
    psk_plaintext,
    psk_reused,
    psk_weak,
    psk_wildcard_peer,
    single_tunnel,
    tcp_mss_not_clamped,
    tunnel_mtu_too_high,
)
from vpnaudit.checks import _net
from vpnaudit.findings import Severity
from vpnaudit.model import (
    BgpNeighbor,
    BgpProcess,
    Device,
    Dpd,
    IkeConfig,
    InsideAddress,
    IpsecConfig,
    IpsecProposal,
    PreSharedKey,
    TrafficSelector,
    Tunnel,
)
from vpnaudit.policy import load_policy

SECRET = "Xq7vR2mK9pL4sT8wZ3nB6cY1dF5gH0jQaE2uW9rN"


@pytest.fixture(scope="module")
def strict():
    return load_policy("strict")


@pytest.fixture(scope="module")
def recommended():
    return load_policy("recommended")


def key(secret: str = SECRET, **fields) -> PreSharedKey:
    return PreSharedKey.from_secret(secret, **fields)


def tunnel(name: str = "Tunnel1", n: int = 10, line: int = 20, **fields) -> Tunnel:
    base = dict(
        name=name,
        line=line,
        peer_address=f"203.0.113.{n}",
        inside=InsideAddress(local=f"169.254.{n}.2/30", peer=f"169.254.{n}.1"),
        ike=IkeConfig(dpd=Dpd(interval_seconds=10, retries=3, line=5), nat_traversal=False),
        ipsec=IpsecConfig(proposals=(IpsecProposal(encryption=("AES128",), integrity=("SHA1",)),)),
        df_bit="clear",
        fragmentation="before-encryption",
        tcp_mss=1379,
    )
    base.update(fields)
    return Tunnel(**base)


def device(*tunnels: Tunnel, vendor: str = "cisco-ios", **fields) -> Device:
    return Device(source="r.cfg", vendor=vendor, tunnels=tunnels, **fields)


def run(module, dev, policy):
    return list(module.check(dev, policy))


# ---------------------------------------------------------------- helpers


def test_key_uses_deduplicates_by_line_and_collects_tunnels() -> None:
    k = key(line=3, peer="203.0.113.10", name="KR")
    t1 = tunnel(ike=IkeConfig(psk=k))
    uses = _net.key_uses(device(t1, keys=(k,)))
    assert [(u.key.line, u.tunnels, u.target) for u in uses] == [(3, ("Tunnel1",), "psk:KR/203.0.113.10")]


def test_inside_and_aws_side() -> None:
    inside = _net.inside_of(tunnel())
    assert str(inside.net) == "169.254.10.0/30"
    assert str(inside.aws_side) == "169.254.10.1"
    assert _net.inside_of(tunnel(inside=InsideAddress(local="169.254.10.2"))).aws_side is None


def test_connection_id_and_grouping(strict) -> None:
    a = tunnel(ipsec=IpsecConfig(name="ipsec-vpn-03701a53bba3c48b7-0"))
    b = tunnel("Tunnel2", 11, ipsec=IpsecConfig(name="ipsec-vpn-03701a53bba3c48b7-1"))
    c = tunnel("Tunnel3", 12)
    assert _net.connection_id(a) == "vpn-03701a53bba3c48b7"
    groups = _net.connections(device(a, b, c), strict)
    assert [(g.id, [t.name for t in g.tunnels]) for g in groups] == [
        ("vpn-03701a53bba3c48b7", ["Tunnel1", "Tunnel2"]),
        (None, ["Tunnel3"]),
    ]


def test_aws_tunnels_falls_back_to_all(strict) -> None:
    lan = tunnel("to-branch", inside=InsideAddress(local="10.9.9.1/30"))
    aws = tunnel("Tunnel1")
    assert [t.name for t in _net.aws_tunnels(device(lan, aws), strict)] == ["Tunnel1"]
    assert [t.name for t in _net.aws_tunnels(device(lan), strict)] == ["to-branch"]


def test_limits_rows(strict) -> None:
    gcm = tunnel(ipsec=IpsecConfig(proposals=(IpsecProposal(encryption=("AES256-GCM-16",)),)))
    assert _net.limits(gcm, strict).mss == 1406
    nat = tunnel(ike=IkeConfig(nat_traversal=True), ipsec=IpsecConfig(
        proposals=(IpsecProposal(encryption=("AES256",), integrity=("SHA2-512",)),)))
    lim = _net.limits(nat, strict)
    assert (lim.mtu, lim.mss, lim.row) == (1406, 1366, "AES256/SHA2-512 with NAT-T")
    unknown = _net.limits(tunnel(ike=IkeConfig()), strict)
    assert unknown.row == "AES128/SHA1 without NAT-T (NAT-T not known, assumed off)"
    assert _net.limits(tunnel(ipsec=None), strict).phrase == "AWS maximum (phase-2 algorithms not known)"


# ---------------------------------------------------------------- secrets


def test_psk_messages_never_contain_key_or_digest(recommended) -> None:
    k = key("Summer2024", line=3, peer="0.0.0.0 0.0.0.0", wildcard_peer=True, name="KR")
    k2 = key("Summer2024", line=4, peer="203.0.113.9", name="KR")
    dev = device(keys=(k, k2))
    modules = (psk_plaintext, psk_invalid_for_aws, psk_weak, psk_wildcard_peer, psk_reused)
    found = [v for m in modules for v in run(m, dev, recommended)]
    assert {v.line for v in found} == {3, 4}
    for v in found:
        assert "Summer2024" not in v.message and k.digest.hex() not in v.message
        assert "Summer2024" not in v.target


def test_psk_plaintext_plain_and_type7_not_type6(strict) -> None:
    dev = device(keys=(
        key(line=1, peer="203.0.113.1"),
        key(line=2, peer="203.0.113.2", encrypted=True, encoding="cisco-type7"),
        PreSharedKey(encrypted=True, encoding="cisco-type6", line=3, peer="203.0.113.3"),
    ))
    got = [(v.line, v.target) for v in run(psk_plaintext, dev, strict)]
    assert got == [(1, "psk:203.0.113.1"), (2, "psk:203.0.113.2")]
    assert run(psk_plaintext, device(keys=(key(line=1, encoding="aws"),), vendor="aws"), strict) == []


def test_psk_invalid_for_aws_names_each_broken_rule(strict) -> None:
    (v,) = run(psk_invalid_for_aws, device(keys=(key("0ab-c", line=7, peer="p"),)), strict)
    assert v.line == 7
    assert "5 characters long (AWS: 8-64)" in v.message
    assert "other characters" in v.message and "starts with 0" in v.message
    # AWS dumps are judged too
    aws = device(tunnel(ike=IkeConfig(psk=key("short", encoding="aws"))), vendor="aws")
    assert len(run(psk_invalid_for_aws, aws, strict)) == 1


def test_psk_weak_thresholds_come_from_the_pack(strict, recommended) -> None:
    dev = device(keys=(key("Pz4Nw8Qe1Rt6Yu3Io9As5Df2", line=2),))
    assert run(psk_weak, dev, recommended) == []
    (v,) = run(psk_weak, dev, strict)
    assert "24 characters long (policy minimum 32)" in v.message


def test_psk_wildcard_from_policy_list(strict) -> None:
    dev = device(keys=(key(line=9, peer="%any", name="ike-any"),))
    (v,) = run(psk_wildcard_peer, dev, strict)
    assert (v.line, v.target) == (9, "psk:ike-any/%any")


def test_psk_reused_one_key_object_for_two_tunnels(strict) -> None:
    shared = key(line=4, peer="0.0.0.0/0", name="wild")
    dev = device(tunnel(ike=IkeConfig(psk=shared)), tunnel("Tunnel2", 11, ike=IkeConfig(psk=shared)))
    (v,) = run(psk_reused, dev, strict)
    assert v.line == 4 and "shared by Tunnel1, Tunnel2" in v.message
    # same key twice for the same peer is not reuse
    same_peer = device(keys=(key(line=1, peer="203.0.113.1"), key(line=2, peer="203.0.113.1")))
    assert run(psk_reused, same_peer, strict) == []


# ---------------------------------------------------------------- DPD / DF / fragmentation / MTU


def test_dpd_disabled_severity_depends_on_bgp(strict) -> None:
    no_dpd = IkeConfig()
    with_bgp = tunnel(ike=no_dpd, bgp=BgpNeighbor(neighbor="169.254.10.1", line=40))
    static = tunnel("Tunnel2", 11, line=30, ike=no_dpd)
    got = [(v.line, v.severity) for v in run(dpd_disabled, device(with_bgp, static), strict)]
    assert got == [(20, Severity.HIGH), (30, Severity.MEDIUM)]
    off = tunnel(ike=IkeConfig(dpd=Dpd(enabled=False, line=8)))
    (v,) = run(dpd_disabled, device(off), strict)
    assert v.line == 8 and "turned off" in v.message


def test_dpd_slow_uses_timeout_then_interval_times_retries(strict) -> None:
    slow = tunnel(ike=IkeConfig(dpd=Dpd(interval_seconds=10, retries=5, timeout_seconds=60, line=6,
                                        defaults=("retries",))))
    (v,) = run(dpd_slow, device(slow), strict)
    assert v.line == 6 and "60 s" in v.message and "Cisco IOS default" in v.message
    ok = tunnel(ike=IkeConfig(dpd=Dpd(interval_seconds=10, retries=3)))
    assert run(dpd_slow, device(ok), strict) == []


def test_df_bit_default_and_global(strict) -> None:
    default = tunnel(df_bit="copy", defaults=("df_bit",))
    (v,) = run(df_bit_not_cleared, device(default), strict)
    assert "not set; the Cisco IOS default df-bit copy applies" in v.message
    from_global = tunnel(df_bit=None)
    (v,) = run(df_bit_not_cleared, device(from_global, global_df_bit="set"), strict)
    assert "device-wide df-bit set" in v.message and v.target == "tunnel:Tunnel1"
    assert run(df_bit_not_cleared, device(tunnel(df_bit=None)), strict) == []


def test_fragmentation_after_encryption(strict) -> None:
    dev = device(tunnel(fragmentation=None), global_fragmentation="after-encryption")
    (v,) = run(no_fragmentation_before_encryption, dev, strict)
    assert v.line == 20 and "after encryption" in v.message


def test_mss_message_names_the_table_row(strict) -> None:
    t = tunnel(tcp_mss=1420)
    (v,) = run(tcp_mss_not_clamped, device(t), strict)
    assert v.message == "Tunnel1 clamps TCP MSS to 1420; AWS maximum for AES128/SHA1 without NAT-T is 1398"
    (v,) = run(tcp_mss_not_clamped, device(tunnel(tcp_mss=None)), strict)
    assert "does not clamp TCP MSS" in v.message


def test_mtu(strict) -> None:
    assert run(tunnel_mtu_too_high, device(tunnel(mtu=1438)), strict) == []
    (v,) = run(tunnel_mtu_too_high, device(tunnel(mtu=1439)), strict)
    assert "MTU 1439" in v.message and "1438" in v.message


# ---------------------------------------------------------------- routing


def test_bgp_over_policy_based_tunnel(strict) -> None:
    cmap = tunnel("MAP 10", routing="policy-based", inside=None, traffic_selectors=(
        TrafficSelector(local="169.254.10.0/30", remote="169.254.10.0/30"),))
    dev = device(cmap, bgp=BgpProcess(neighbors=(BgpNeighbor(neighbor="169.254.10.1", line=50),)))
    (v,) = run(bgp_not_route_based, dev, strict)
    assert (v.line, v.target) == (50, "bgp-neighbor:169.254.10.1")
    assert run(bgp_neighbor_outside_tunnel, dev, strict) == []  # VPN407's, not judged twice


def test_bgp_neighbor_placement(strict) -> None:
    wrong = tunnel(bgp=BgpNeighbor(neighbor="169.254.10.2", line=44))
    (v,) = run(bgp_neighbor_outside_tunnel, device(wrong), strict)
    assert "own inside address" in v.message and "169.254.10.1" in v.message
    right = tunnel(bgp=BgpNeighbor(neighbor="169.254.10.1", line=44))
    assert run(bgp_neighbor_outside_tunnel, device(right), strict) == []


def test_inside_cidr(strict) -> None:
    reserved = tunnel(inside=InsideAddress(local="169.254.169.253/30", line=21))
    (v,) = run(inside_cidr_invalid, device(reserved), strict)
    assert v.line == 21 and "reserved 169.254.169.252/30" in v.message
    assert run(inside_cidr_invalid, device(tunnel()), strict) == []


def test_bgp_timers_default_note(strict) -> None:
    n = BgpNeighbor(neighbor="169.254.10.1", keepalive_seconds=60, hold_seconds=180, line=61,
                    defaults=("keepalive_seconds", "hold_seconds"))
    (v,) = run(bgp_timers, device(tunnel(bgp=n)), strict)
    assert v.line == 61 and "Cisco IOS default" in v.message and "hold time 180 s" in v.message
    zero = BgpNeighbor(neighbor="169.254.10.1", keepalive_seconds=0, hold_seconds=0, line=61)
    (v,) = run(bgp_timers, device(tunnel(bgp=zero)), strict)
    assert "keepalives off" in v.message


def test_single_tunnel_and_pairs(strict) -> None:
    one = tunnel(ipsec=IpsecConfig(name="ipsec-vpn-0a1b2c3d-0"))
    (v,) = run(single_tunnel, device(one), strict)
    assert "only tunnel of connection vpn-0a1b2c3d" in v.message
    two = device(tunnel(), tunnel("Tunnel2", 11))
    assert run(single_tunnel, two, strict) == []
    assert run(single_tunnel, device(one, vendor="aws"), strict) == []


def test_asymmetric_preference_points_at_higher_value(strict) -> None:
    a = tunnel(bgp=BgpNeighbor(neighbor="169.254.10.1", line=70))
    b = tunnel("Tunnel2", 11, bgp=BgpNeighbor(neighbor="169.254.11.1", line=71, local_preference=200))
    (v,) = run(bgp_asymmetric_preference, device(a, b), strict)
    assert (v.line, v.target) == (71, "bgp-neighbor:169.254.11.1")
    assert "local-preference" in v.message and "not set" in v.message


def test_too_many_prefixes(strict) -> None:
    n = BgpNeighbor(neighbor="169.254.10.1", line=80, advertised_prefix_count=101)
    (v,) = run(bgp_too_many_prefixes, device(tunnel(bgp=n)), strict)
    assert "101 prefixes" in v.message
    n = BgpNeighbor(neighbor="169.254.10.1", line=80, advertised_prefix_count=100)
    assert run(bgp_too_many_prefixes, device(tunnel(bgp=n)), strict) == []


def test_extra_encapsulation(strict) -> None:
    (v,) = run(extra_encapsulation, device(tunnel(encapsulation="gre")), strict)
    assert v.message.startswith("Tunnel1 carries GRE inside IPsec")
    assert run(extra_encapsulation, device(tunnel()), strict) == []


def test_address_caches_live_for_one_run():
    """The rules parse each address once per run (``_net.ip`` / ``network`` / ``_inside`` are cached),
    and ``engine.run`` empties the caches when the rules are done: a long-lived process keeps no
    address of a config it linted, and a later run does the work a new process would."""
    from pathlib import Path

    from vpnaudit.api import AuditOptions, audit

    examples = Path(__file__).resolve().parent.parent / "fixtures" / "examples" / "cisco-ios"
    seen: list[int] = []
    original = _net.forget_addresses

    def forget() -> None:
        seen.append(sum(f.cache_info().currsize for f in (_net.ip, _net.network, _net._inside)))
        original()

    import vpnaudit.engine as engine

    engine.forget_addresses, saved = forget, engine.forget_addresses
    try:
        report = audit([str(examples)], AuditOptions(jobs=1))
    finally:
        engine.forget_addresses = saved
    assert report.devices and seen and seen[-1] > 0  # the rules used the caches ...
    assert all(f.cache_info().currsize == 0 for f in (_net.ip, _net.network, _net._inside))  # ... and left them empty
