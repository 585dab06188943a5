"""The phase-1 / phase-2 rules (VPN101-VPN114, VPN201-VPN214) on hand-built devices.

The YAML cases in fixtures/rules run the same rules through the parsers; these tests pin the
semantics that are hard to reach from one vendor's syntax: GCM with IKEv1, de-duplication of
proposals shared by tunnels and device-level lists, default proposals without a line, AWS devices,
PFS groups carried by ESP proposals, and that no message ever carries a key.
"""

from __future__ import annotations

import pytest

from vpnaudit.checks import _crypto as c
from vpnaudit.checks import rules_by_id
from vpnaudit.model import (
    Device,
    IkeConfig,
    IkeProposal,
    IpsecConfig,
    IpsecProposal,
    PreSharedKey,
    TrafficSelector,
    Tunnel,
)
from vpnaudit.policy import load_policy

STRICT = load_policy("strict")
SECRET = "Sup3r_Secret_Key.123"

GOOD_IKE = IkeProposal(name="P1", encryption=("AES256",), integrity=("SHA2-256",), prf=("SHA2-256",),
                       dh_groups=(14,), versions=(2,), line=1)
GOOD_ESP = IpsecProposal(name="T1", encryption=("AES256-GCM-16",), line=10)


def tunnel(name: str = "Tunnel1", *, ike: dict | None = None, ipsec: dict | None = None, **kw) -> Tunnel:
    ike_fields = {"versions": (2,), "auth": "psk", "proposals": (GOOD_IKE,), "lifetime_seconds": 28800,
                  "line": 20, "name": "PROF",
                  "psk": PreSharedKey.from_secret(SECRET, line=30)}
    ike_fields.update(ike or {})
    ipsec_fields = {"proposals": (GOOD_ESP,), "pfs_groups": (14,), "lifetime_seconds": 3600, "line": 40,
                    "name": "IPSEC", "replay_protection": True}
    ipsec_fields.update(ipsec or {})
    kw.setdefault("line", 50)
    return Tunnel(name=name, ike=IkeConfig(**ike_fields), ipsec=IpsecConfig(**ipsec_fields), **kw)


def device(*tunnels: Tunnel, vendor: str = "cisco-ios", **kw) -> Device:
    return Device(source="edge.cfg", vendor=vendor, tunnels=tunnels, **kw)  # type: ignore[arg-type]


def run(rule_id: str, dev: Device, policy=STRICT) -> list[tuple[int | None, str, str]]:
    return [(v.line, v.target, v.message) for v in rules_by_id()[rule_id].check(dev, policy)]


PHASE_RULES = [f"VPN{n}" for n in (101, 102, 103, 104, 105, 106, 110, 111, 112, 113, 114,
                                   201, 202, 203, 204, 205, 206, 207, 208, 210, 211, 212, 213, 214)]


# --- helpers -----------------------------------------------------------------------------------


def test_ranges_and_join() -> None:
    assert c.ranges([2, 14, 15, 16, 17, 20, 21, 35]) == "2, 14-17, 20, 21, 35"
    assert c.ranges([]) == "none"
    assert c.join_or(["AES128", "AES256"]) == "AES128 or AES256"
    assert c.join_or(["A", "B", "C"]) == "A, B or C"


def test_strong_values_come_from_the_policy() -> None:
    assert c.strong(STRICT.ike.integrity, STRICT.weak.integrity) == ["SHA2-256", "SHA2-384", "SHA2-512"]
    assert c.ranges(c.strong_groups(STRICT.ike.dh_groups, STRICT.weak.dh_groups)) == "14-21, 35"


# --- a clean device and the AWS side ------------------------------------------------------------


@pytest.mark.parametrize("rule_id", [r for r in PHASE_RULES if rules_by_id()[r].RULE.profile != "strict"])
def test_good_tunnel_passes_recommended(rule_id: str) -> None:
    policy = load_policy("recommended")
    assert run(rule_id, device(tunnel()), policy) == []


@pytest.mark.parametrize("rule_id", PHASE_RULES)
def test_aws_devices_are_left_to_the_5xx_rules(rule_id: str) -> None:
    weak = IkeProposal(encryption=("3DES",), integrity=("MD5",), dh_groups=(1,), versions=(1,), line=1)
    bad = tunnel(ike={"versions": (1,), "mode": "aggressive", "proposals": (weak,), "auth": "xauth"},
                 ipsec={"pfs_groups": (), "protocol": "ah", "replay_protection": False})
    assert run(rule_id, device(bad, vendor="aws")) == []


@pytest.mark.parametrize("rule_id", PHASE_RULES)
def test_no_message_carries_the_key(rule_id: str) -> None:
    weak = IkeProposal(name="OLD", encryption=("DES",), integrity=("MD5",), dh_groups=(1,), versions=(1,),
                       lifetime_seconds=86400, auth="rsa-encr", line=1)
    esp = IpsecProposal(name="OLD-TS", protocol="ah", mode="transport", encryption=("DES",),
                        integrity=("MD5",), line=11)
    bad = tunnel(ike={"versions": (1, 2), "mode": "aggressive", "proposals": (weak,), "auth": None},
                 ipsec={"proposals": (esp,), "pfs_groups": (1,), "lifetime_seconds": 86400,
                        "replay_protection": False},
                 routing="policy-based",
                 traffic_selectors=(TrafficSelector(local="10.0.0.0/16", remote="172.31.0.0/16"),
                                    TrafficSelector(local="10.1.0.0/16", remote="172.31.0.0/16")))
    no_pfs = tunnel("Tunnel2", ipsec={"pfs_groups": ()}, line=90)
    found = run(rule_id, device(bad, no_pfs))
    assert found, f"{rule_id} should fire on the all-bad tunnel"
    for _, target, message in found:
        assert SECRET not in message and SECRET not in target
        assert "Secret" not in message


# --- phase 1 ------------------------------------------------------------------------------------


def test_gcm_counts_in_phase1_only_with_ikev2() -> None:
    gcm = IkeProposal(name="G", encryption=("AES256-GCM-16",), prf=("SHA2-256",), dh_groups=(14,), line=3)
    v2 = device(tunnel(ike={"proposals": (gcm,), "versions": (2,)}))
    v1 = device(tunnel(ike={"proposals": (gcm,), "versions": (1,)}))
    assert run("VPN102", v2) == []
    assert run("VPN103", v2) == []  # AEAD: the PRF is what AWS's integrity list judges
    (line, target, message), = run("VPN102", v1)
    assert (line, target) == (50, "tunnel:Tunnel1")
    assert "AES256-GCM-16 needs IKEv2" in message and "IKE proposal G uses AES256-GCM-16" in message


def test_weak_rules_judge_each_proposal_once_including_unused_ones() -> None:
    shared = IkeProposal(name="isakmp policy 10", encryption=("3DES",), integrity=("SHA1",), dh_groups=(2,),
                         versions=(1,), line=5)
    unused = IkeProposal(name="isakmp policy 20", encryption=("DES",), integrity=("SHA2-256",),
                         dh_groups=(14,), versions=(1,), line=9)
    t1 = tunnel("Tunnel1", ike={"proposals": (shared,), "versions": (1,)})
    t2 = tunnel("Tunnel2", ike={"proposals": (shared,), "versions": (1,)}, line=60)
    dev = device(t1, t2, ike_policies=(shared, unused))
    assert run("VPN110", dev) == [
        (5, "ike-proposal:isakmp policy 10", "isakmp policy 10 uses 3DES (weak); use AES128 or AES256"),
        (9, "ike-proposal:isakmp policy 20", "isakmp policy 20 uses DES (weak); use AES128 or AES256"),
    ]
    assert [(line, target) for line, target, _ in run("VPN111", dev)] == [(5, "ike-proposal:isakmp policy 10")]
    assert run("VPN112", dev) == [(5, "ike-proposal:isakmp policy 10",
                                   "isakmp policy 10 uses group 2 (weak); AWS-supported and strong: 14-21, 35")]


def test_default_proposal_without_line_points_at_the_tunnel_object() -> None:
    default = IkeProposal(name="default", encryption=("AES256",), integrity=("SHA2-512",), prf=("SHA2-512",),
                          dh_groups=(5, 2), versions=(2,), defaults=("encryption", "integrity", "prf", "dh_groups"))
    dev = device(tunnel(ike={"proposals": (default,)}))
    (line, target, message), = run("VPN112", dev)
    assert (line, target) == (20, "ike-proposal:default")
    assert message.startswith("IKEv2 default proposal: DH group not set; the Cisco IOS default groups 5, 2 applies")


def test_vendor_default_is_named_in_the_message() -> None:
    p = IkeProposal(name="isakmp policy 10", encryption=("DES",), integrity=("SHA1",), dh_groups=(1,),
                    lifetime_seconds=86400, versions=(1,), line=1,
                    defaults=("encryption", "integrity", "dh_groups", "lifetime_seconds"))
    dev = device(tunnel(ike={"proposals": (p,), "versions": (1,)}))
    assert run("VPN104", dev)[0][2] == (
        "tunnel Tunnel1: no phase-1 proposal offers an AWS-supported DH group (isakmp policy 10: DH group "
        "not set; the Cisco IOS default group 1 applies); AWS accepts 2, 14-24, 35")
    assert run("VPN105", dev) == [(1, "ike-proposal:isakmp policy 10",
                                   "isakmp policy 10: lifetime not set; the Cisco IOS default 86400 s applies; "
                                   "AWS accepts 900-28800 s (use 28800)")]


def test_lifetime_copied_from_the_proposal_is_reported_once_at_the_proposal() -> None:
    p = IkeProposal(name="P", encryption=("AES256",), integrity=("SHA2-256",), dh_groups=(14,),
                    lifetime_seconds=86400, line=3)
    dev = device(tunnel(ike={"proposals": (p,), "lifetime_seconds": 86400}), vendor="junos")
    assert [(line, target) for line, target, _ in run("VPN105", dev)] == [(3, "ike-proposal:P")]
    own = device(tunnel(ike={"lifetime_seconds": 86400}), vendor="junos")
    assert run("VPN105", own) == [(20, "tunnel:Tunnel1", "tunnel Tunnel1 (IKE gateway PROF) sets a lifetime of "
                                   "86400 s; AWS accepts 900-28800 s (use 28800)")]


def test_aggressive_mode_only_matters_with_ikev1() -> None:
    assert run("VPN101", device(tunnel(ike={"mode": "aggressive", "versions": (2,)}))) == []
    (line, target, message), = run("VPN101", device(tunnel(ike={"mode": "aggressive", "versions": (1,)})))
    assert (line, target) == (20, "tunnel:Tunnel1")
    assert "aggressive mode" in message and "main mode only" in message


def test_auth_from_ikev1_policies_when_the_tunnel_sets_none() -> None:
    p = IkeProposal(name="isakmp policy 10", encryption=("AES256",), integrity=("SHA2-256",), dh_groups=(14,),
                    auth="rsa-encr", versions=(1,), line=2)
    dev = device(tunnel(ike={"proposals": (p,), "auth": None, "versions": (1,)}))
    assert run("VPN106", dev) == [(50, "tunnel:Tunnel1",
                                   "tunnel Tunnel1 (isakmp profile PROF): no phase-1 policy uses an accepted "
                                   "authentication (isakmp policy 10 uses rsa-encr); AWS accepts psk or certificate")]
    ok = p.model_copy(update={"auth": "psk", "line": 3, "name": "isakmp policy 20"})
    assert run("VPN106", device(tunnel(ike={"proposals": (p, ok), "auth": None, "versions": (1,)}))) == []
    assert run("VPN106", device(tunnel(ike={"auth": "unknown"}))) == []


def test_ikev1_and_cnsa_versions() -> None:
    dev = device(tunnel(ike={"versions": (1, 2)}))
    assert run("VPN113", dev) == [(20, "tunnel:Tunnel1", "tunnel Tunnel1 (IKE profile PROF) allows IKEv1 next to "
                                   "IKEv2; use IKEv2 only, on the device and on the AWS tunnel")]
    cnsa = [m for _, t, m in run("VPN114", dev) if t == "tunnel:Tunnel1"]
    assert cnsa == ["tunnel Tunnel1 (IKE profile PROF) allows IKEv1; CNSA requires IKEv2 only"]


def test_cnsa_accepts_aes256_sha384_group20() -> None:
    p = IkeProposal(name="C", encryption=("AES256-GCM-16",), prf=("SHA2-384",), dh_groups=(20,), versions=(2,), line=1)
    esp = IpsecProposal(name="E", encryption=("AES256-GCM-16",), line=10)
    dev = device(tunnel(ike={"proposals": (p,)}, ipsec={"proposals": (esp,), "pfs_groups": (20,)}))
    assert run("VPN114", dev) == []
    assert run("VPN214", dev) == []


# --- phase 2 ------------------------------------------------------------------------------------


def test_pfs_groups_carried_by_esp_proposals_count() -> None:
    esp = IpsecProposal(name="conn aws", encryption=("AES256",), integrity=("SHA2-256",), dh_groups=(2,), line=12)
    dev = device(tunnel(ipsec={"proposals": (esp,), "pfs_groups": ()}), vendor="strongswan")
    assert run("VPN205", dev) == []
    assert run("VPN212", dev) == [(40, "tunnel:Tunnel1",
                                   "tunnel Tunnel1 (conn IPSEC) offers PFS group 2 (weak); "
                                   "AWS-supported and strong: 14-21, 35-37")]


def test_pfs_off_and_unsupported() -> None:
    off = device(tunnel(ipsec={"pfs_groups": (), "defaults": ("pfs_groups",)}))
    (_, _, message), = run("VPN205", off)
    assert "PFS not set; the Cisco IOS default (no PFS) applies" in message
    assert run("VPN206", off) == []  # no group at all is VPN205's finding
    one = device(tunnel(ipsec={"pfs_groups": (1,)}))
    assert run("VPN206", one) == [(40, "tunnel:Tunnel1", "tunnel Tunnel1 (ipsec profile IPSEC) uses PFS group 1; "
                                   "AWS accepts PFS groups 2, 5, 14-24, 35-37")]
    assert run("VPN206", device(tunnel(ipsec={"pfs_groups": (1, 14)}))) == []


def test_aead_needs_no_integrity_but_cbc_does() -> None:
    cbc = IpsecProposal(name="TS", encryption=("AES256",), line=10)
    assert run("VPN204", device(tunnel())) == []
    (line, target, message), = run("VPN204", device(tunnel(ipsec={"proposals": (cbc,)})))
    assert (line, target) == (50, "tunnel:Tunnel1")
    assert "transform-set TS has no integrity" in message


def test_phase2_lifetime_range_and_phase1_relation() -> None:
    assert run("VPN207", device(tunnel())) == []
    long = device(tunnel(ipsec={"lifetime_seconds": 28800, "defaults": ("lifetime_seconds",)}), vendor="cisco-asa")
    assert run("VPN207", long) == [(40, "tunnel:Tunnel1",
                                    "tunnel Tunnel1 (ipsec profile IPSEC): phase-2 lifetime not set; the Cisco ASA "
                                    "default 28800 s applies; AWS accepts 900-3600 s (use 3600)")]
    p = GOOD_IKE.model_copy(update={"lifetime_seconds": 1200})
    short_p1 = device(tunnel(ike={"proposals": (p,), "lifetime_seconds": None}, ipsec={"lifetime_seconds": 3600}))
    (_, _, message), = run("VPN207", short_p1)
    assert message.endswith("it must be below the phase-1 lifetime (1200 s)")


def test_policy_based_selectors_ignore_deny_lines_and_duplicates() -> None:
    sel = (
        TrafficSelector(local="10.0.0.0/16", remote="172.31.0.0/16", action="permit", line=5),
        TrafficSelector(local="10.0.0.1/32", remote="0.0.0.0/0", action="deny", line=6),
        TrafficSelector(local="10.0.0.0/16", remote="172.31.0.0/16", action="permit", line=7),
    )
    assert run("VPN208", device(tunnel(routing="policy-based", traffic_selectors=sel))) == []
    more = sel + (TrafficSelector(local="10.2.0.0/16", remote="172.31.0.0/16", protocol="tcp", line=8),)
    (line, target, message), = run("VPN208", device(tunnel("vpn-aws", routing="policy-based", traffic_selectors=more),
                                                    vendor="strongswan"))
    assert (line, target) == (50, "tunnel:vpn-aws")
    assert "policy-based tunnel vpn-aws has 2 traffic selectors (10.0.0.0/16 -> 172.31.0.0/16, " \
           "10.2.0.0/16 -> 172.31.0.0/16 tcp)" in message
    # Route-based with several selectors (Junos traffic-selector on st0): one SA pair each too.
    (_, _, message), = run("VPN208", device(tunnel(traffic_selectors=more), vendor="junos"))
    assert message.startswith("tunnel Tunnel1 has 2 traffic selectors")
    assert message.endswith("or none (0.0.0.0/0) on the route-based tunnel")
    assert run("VPN208", device(tunnel(traffic_selectors=sel[:1]), vendor="junos")) == []


def test_ah_and_transport_on_the_tunnel_when_no_proposal_says_so() -> None:
    dev = device(tunnel(ipsec={"protocol": "ah", "mode": "transport"}), vendor="junos")
    assert run("VPN201", dev) == [(40, "tunnel:Tunnel1", "tunnel Tunnel1 (IPsec policy IPSEC) uses AH; AWS accepts ESP only")]
    assert run("VPN202", dev) == [(40, "tunnel:Tunnel1",
                                   "tunnel Tunnel1 (IPsec policy IPSEC) uses transport mode; AWS accepts tunnel mode only")]


def test_replay_window_zero_disables_anti_replay() -> None:
    assert run("VPN213", device(tunnel(ipsec={"replay_protection": None, "replay_window": 0}))) == [
        (40, "tunnel:Tunnel1", "tunnel Tunnel1 (ipsec profile IPSEC) sets a replay window of 0, which disables "
                               "anti-replay; enable it (raise the window if packets are reordered)")]
    assert run("VPN213", device(tunnel(ipsec={"replay_protection": None}))) == []


def test_weak_phase2_proposals_unused_ones_too() -> None:
    unused = IpsecProposal(name="OLD", encryption=("3DES",), integrity=("MD5",), line=70)
    dev = device(tunnel(), ipsec_proposals=(GOOD_ESP, unused))
    assert run("VPN210", dev) == [(70, "ipsec-proposal:OLD", "transform-set OLD uses 3DES (weak); use AES128, "
                                   "AES256, AES128-GCM-16 or AES256-GCM-16")]
    assert [(line, target) for line, target, _ in run("VPN211", dev)] == [(70, "ipsec-proposal:OLD")]
    # AH / transport on an unused proposal are judged like a weak cipher on it (issue 18, class 4).
    ah = IpsecProposal(name="AHONLY", protocol="ah", mode="transport", integrity=("SHA2-256",), line=80)
    assert run("VPN201", device(tunnel(), ipsec_proposals=(ah,))) == [
        (80, "ipsec-proposal:AHONLY", "transform-set AHONLY uses AH (no tunnel uses it yet); AWS accepts ESP only")]
    assert run("VPN202", device(tunnel(), ipsec_proposals=(ah,))) == [
        (80, "ipsec-proposal:AHONLY", "transform-set AHONLY uses transport mode (no tunnel uses it yet); "
                                      "AWS accepts tunnel mode only")]


def test_an_organisation_pack_changes_the_verdict(tmp_path) -> None:
    pack = tmp_path / "org.toml"
    pack.write_text('extends = "recommended"\nname = "org"\n[weak]\ndh_groups = [1, 2, 5, 14, 22, 23, 24]\n')
    policy = load_policy(str(pack))
    (line, target, message), = run("VPN112", device(tunnel()), policy)
    assert (line, target) == (1, "ike-proposal:P1")
    assert message == "IKEv2 proposal P1 uses group 14 (weak); AWS-supported and strong: 15-21, 35"
