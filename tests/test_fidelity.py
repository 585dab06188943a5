"""Fidelity on configs never seen (issue 18, Cisco IOS / ASA / Junos / Check Point): one minimal config
per defect class, of our own, with the exact findings of the rules the class is about.

Each case runs every rule of the ``recommended`` profile through the engine, as ``vpnaudit lint``
does, and compares the (rule, line, key words) of the listed rules exactly.
"""

from __future__ import annotations

import pytest

from vpnaudit import engine
from vpnaudit.parsers import SourceFile, get_parser
from vpnaudit.policy import load_policy


def lint(vendor: str, text: str, rules: set[str], path: str = "edge.cfg") -> list[tuple[str, int | None, str]]:
    devices = list(get_parser(vendor).parse([SourceFile(path=path, text=text)]))
    modules = engine.select_rules("recommended")
    found = engine.run(devices, load_policy("recommended"), modules)
    return [(f.rule_id, f.line, f.message) for f in found if f.rule_id in rules]


def check(got: list[tuple[str, int | None, str]], want: list[tuple[str, int | None, list[str]]]) -> None:
    assert [(r, line) for r, line, _ in got] == [(r, line) for r, line, _ in want], got
    for (_, _, message), (_, _, words) in zip(got, want):
        for word in words:
            assert word in message, f"{word!r} not in {message!r}"


# ---------------------------------------------------------------------------------------------
# Class 1: vendor defaults

JUNOS_DEFAULT_LIFETIMES = """\
set security ike proposal P1 authentication-method pre-shared-keys
set security ike proposal P1 dh-group group14
set security ike proposal P1 authentication-algorithm sha-256
set security ike proposal P1 encryption-algorithm aes-256-cbc
set security ike policy POL1 proposals P1
set security ike policy POL1 pre-shared-key ascii-text "$9$abcdefghijklmnop"
set security ike gateway GW1 ike-policy POL1
set security ike gateway GW1 address 203.0.113.1
set security ike gateway GW1 external-interface ge-0/0/0.0
set security ike gateway GW1 version v2-only
set security ipsec proposal P2 protocol esp
set security ipsec proposal P2 encryption-algorithm aes-256-gcm
set security ipsec policy POL2 proposals P2
set security ipsec policy POL2 perfect-forward-secrecy keys group14
set security ipsec vpn VPN1 bind-interface st0.1
set security ipsec vpn VPN1 ike gateway GW1
set security ipsec vpn VPN1 ike ipsec-policy POL2
set interfaces st0 unit 1 family inet address 169.254.10.2/30
"""


def test_junos_ike_lifetime_default_is_28800():
    """[edit security ike proposal] lifetime-seconds defaults to 28800 s: phase 2 (3600 s) is below it."""
    device = get_parser("junos").parse([SourceFile(path="srx.set", text=JUNOS_DEFAULT_LIFETIMES)])[0]
    ike = device.tunnels[0].ike
    assert (ike.lifetime_seconds, "lifetime_seconds" in ike.defaults) == (28800, True)
    assert lint("junos", JUNOS_DEFAULT_LIFETIMES, {"VPN105", "VPN207"}, "srx.set") == []


ASA_NO_TUNNEL_GROUP = """\
interface GigabitEthernet0/0
 nameif outside
 ip address 203.0.113.2 255.255.255.0
crypto ikev2 policy 10
 encryption aes-256
 integrity sha256
 group 14
 prf sha256
 lifetime seconds 28800
crypto ikev2 enable outside
crypto ipsec ikev2 ipsec-proposal P
 protocol esp encryption aes-256
 protocol esp integrity sha-256
access-list ACL extended permit ip 10.0.0.0 255.255.255.0 10.1.0.0 255.255.255.0
crypto map CM 10 match address ACL
crypto map CM 10 set peer 198.51.100.1
crypto map CM 10 set ikev2 ipsec-proposal P
crypto map CM 10 set pfs group14
crypto map CM 10 set security-association lifetime seconds 3600
crypto map CM interface outside
"""


def test_asa_peer_without_tunnel_group_keeps_default_l2l_keepalive():
    """DefaultL2LGroup is built in: its ISAKMP keepalive is on even when the file shows no tunnel-group."""
    got = lint("cisco-asa", ASA_NO_TUNNEL_GROUP, {"VPN401", "VPN002"}, "asa.cfg")
    check(got, [("VPN002", 16, ["tunnel-group", "198.51.100.1"])])


def test_asa_interface_defined_after_its_use_is_not_dangling():
    text = "\n".join(ASA_NO_TUNNEL_GROUP.splitlines()[3:] + ASA_NO_TUNNEL_GROUP.splitlines()[:3]) + "\n"
    got = lint("cisco-asa", text, {"VPN002"}, "asa.cfg")
    check(got, [("VPN002", 13, ["tunnel-group"])])


IOS_UNDEFINED_PROFILE = """\
crypto ikev2 proposal PROP
 encryption aes-gcm-256
 prf sha256
 group 19
crypto ikev2 policy POL
 proposal PROP
crypto ikev2 profile L2L
 match identity remote address 203.0.113.2 255.255.255.255
 authentication local pre-share
 authentication remote pre-share
interface Tunnel0
 ip address 169.254.20.2 255.255.255.252
 ip tcp adjust-mss 1379
 tunnel source GigabitEthernet1
 tunnel destination 203.0.113.2
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile IPSEC_PROF
"""


def test_ios_tunnel_with_undefined_profile_and_no_keepalive_is_vpn401():
    """No keepalive anywhere: whatever the missing profile would say, IOS sends no DPD (off by default)."""
    got = lint("cisco-ios", IOS_UNDEFINED_PROFILE, {"VPN401"}, "router.cfg")
    check(got, [("VPN401", 11, ["Tunnel0", "dead-peer detection"])])


# ---------------------------------------------------------------------------------------------
# Class 2: inactive configuration is not judged

JUNOS_INACTIVE = JUNOS_DEFAULT_LIFETIMES + """\
set protocols bgp group aws type external
set protocols bgp group aws peer-as 64512
set protocols bgp group aws neighbor 169.254.10.1
"""


@pytest.mark.parametrize("switch_off", [
    "deactivate protocols bgp group aws",
    "deactivate protocols bgp group aws neighbor 169.254.10.1",
])
def test_junos_inactive_bgp_is_not_judged(switch_off):
    got = lint("junos", JUNOS_INACTIVE + switch_off + "\n", {"VPN401", "VPN408", "VPN410"}, "srx.set")
    # DPD is still missing, but no BGP session runs over the tunnel: medium, not high.
    check(got, [("VPN401", 15, ["VPN1", "a dead peer goes unnoticed"])])


@pytest.mark.parametrize("switch_off", [
    "deactivate security ipsec vpn VPN1",
    "deactivate security ike gateway GW1",
    "deactivate interfaces st0 unit 1",
    "set interfaces st0 unit 1 disable",
])
def test_junos_inactive_vpn_is_not_judged(switch_off):
    got = lint("junos", JUNOS_INACTIVE + switch_off + "\n", {"VPN401", "VPN405", "VPN410"}, "srx.set")
    check(got, [("VPN410", 21, ["169.254.10.1"])])


JUNOS_INACTIVE_BRACE = """\
security {
    ike {
        proposal P1 {
            dh-group group14;
            authentication-algorithm sha-256;
            encryption-algorithm aes-256-cbc;
        }
        policy POL1 {
            proposals P1;
        }
        inactive: gateway GW1 {
            ike-policy POL1;
            address 203.0.113.1;
            external-interface ge-0/0/0.0;
        }
    }
    ipsec {
        proposal P2 {
            encryption-algorithm aes-256-gcm;
        }
        policy POL2 {
            proposals P2;
        }
        vpn VPN1 {
            bind-interface st0.1;
            ike {
                gateway GW1;
                ipsec-policy POL2;
            }
        }
    }
}
"""


def test_junos_inactive_brace_gateway_is_not_judged():
    got = lint("junos", JUNOS_INACTIVE_BRACE, {"VPN113", "VPN205", "VPN401", "VPN405"}, "srx.conf")
    assert got == []


IOS_SHUTDOWN = """\
crypto isakmp policy 10
 encr aes 256
 hash sha256
 authentication pre-share
 group 14
 lifetime 28800
crypto isakmp key 0 Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8 address 203.0.113.1
crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
 mode tunnel
crypto ipsec profile PROF
 set transform-set TS
 set pfs group14
interface Tunnel1
 ip address 169.254.10.2 255.255.255.252
 ip tcp adjust-mss 1379
 tunnel source GigabitEthernet1
 tunnel destination 203.0.113.1
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile PROF
router bgp 65000
 neighbor 169.254.10.1 remote-as 64512
 neighbor 169.254.10.1 shutdown
"""


def test_ios_shutdown_neighbor_and_interface():
    got = lint("cisco-ios", IOS_SHUTDOWN, {"VPN401", "VPN410"}, "router.cfg")
    check(got, [("VPN401", 13, ["Tunnel1", "a dead peer goes unnoticed"])])  # no BGP runs over it
    shut = IOS_SHUTDOWN.replace(" tunnel protection ipsec profile PROF\n",
                                " tunnel protection ipsec profile PROF\n shutdown\n")
    assert lint("cisco-ios", shut, {"VPN401", "VPN403", "VPN410"}, "router.cfg") == []


ASA_INCOMPLETE = ASA_NO_TUNNEL_GROUP + """\
tunnel-group 198.51.100.1 type ipsec-l2l
crypto map CM 20 set peer 198.51.100.9
crypto map CM 20 set ikev2 ipsec-proposal P
"""


def test_asa_incomplete_crypto_map_entry_is_not_judged():
    """CM 20 has no match address: incomplete, never used; CM 10 is judged."""
    got = lint("cisco-asa", ASA_INCOMPLETE, {"VPN205", "VPN207", "VPN403"}, "asa.cfg")
    check(got, [("VPN403", 15, ["CM 10"])])


IOS_DYNAMIC_MAP = """\
crypto isakmp policy 10
 encr aes 256
 hash sha256
 authentication pre-share
 group 14
 lifetime 28800
crypto keyring KR
 pre-shared-key address 0.0.0.0 0.0.0.0 key Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8
crypto isakmp profile PROF
 keyring KR
 match identity address 0.0.0.0
 keepalive 10 retry 3
crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
 mode tunnel
crypto dynamic-map DYN 10
 set transform-set TS
 set pfs group14
crypto map CM 10 ipsec-isakmp dynamic DYN
interface GigabitEthernet1
 ip address 203.0.113.2 255.255.255.0
 crypto map CM
"""


def test_ios_dynamic_map_peers_take_dpd_from_the_profile_of_their_key():
    device = get_parser("cisco-ios").parse([SourceFile(path="router.cfg", text=IOS_DYNAMIC_MAP)])[0]
    dpd = device.tunnels[0].ike.dpd
    assert (dpd.enabled, dpd.interval_seconds, dpd.line) == (True, 10, 12)
    assert lint("cisco-ios", IOS_DYNAMIC_MAP, {"VPN401"}, "router.cfg") == []


# ---------------------------------------------------------------------------------------------
# Class 8: one condition, one finding; right numbers

IOS_TWO_ENTRIES_ONE_PEER = """\
crypto isakmp policy 10
 encr aes 256
 hash sha256
 authentication pre-share
 group 14
crypto isakmp key Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8 address 203.0.113.1
crypto ipsec transform-set TS esp-aes 256 esp-md5-hmac
ip access-list extended A1
 permit ip 10.0.0.0 0.0.0.255 172.31.0.0 0.0.255.255
ip access-list extended A2
 permit ip 10.0.1.0 0.0.0.255 172.31.0.0 0.0.255.255
crypto map CM 10 ipsec-isakmp
 set peer 203.0.113.1
 set transform-set TS
 set pfs group14
 match address A1
crypto map CM 20 ipsec-isakmp
 set peer 203.0.113.1
 set transform-set TS
 set pfs group14
 match address A2
interface GigabitEthernet1
 ip address 198.51.100.2 255.255.255.0
 crypto map CM
"""


def test_ios_two_map_entries_to_one_peer_are_vpn208():
    got = lint("cisco-ios", IOS_TWO_ENTRIES_ONE_PEER, {"VPN208"}, "router.cfg")
    check(got, [("VPN208", 17, ["2 policy-based entries to peer 203.0.113.1", "CM 10", "CM 20", "2 SA pairs"])])


def test_md5_96_has_the_sha1_96_mss():
    """HMAC-MD5-96 has the 12-byte ICV of HMAC-SHA1-96: the same MSS limit (1398), not 1406."""
    got = lint("cisco-ios", IOS_TWO_ENTRIES_ONE_PEER, {"VPN405"}, "router.cfg")
    check(got, [("VPN405", 12, ["AES256/MD5", "1398"]), ("VPN405", 17, ["AES256/MD5", "1398"])])


ASA_DUPLICATES = """\
interface GigabitEthernet0/0
 nameif outside
 ip address 203.0.113.2 255.255.255.0
access-list A extended permit ip 10.0.0.0 255.255.255.0 10.1.0.0 255.255.255.0
crypto map CM 10 match address A
crypto map CM 10 set peer PEER-A
crypto map CM 10 set ikev1 transform-set MISSING
crypto map CM 20 match address A
crypto map CM 20 set peer 198.51.100.7
crypto map CM 20 set ikev1 transform-set MISSING
crypto map CM 65535 ipsec-isakmp dynamic SYSTEM_DEFAULT_CRYPTO_MAP
crypto map CM interface outside
"""


def test_asa_one_missing_object_is_one_finding():
    got = lint("cisco-asa", ASA_DUPLICATES, {"VPN002"}, "asa.cfg")
    check(got, [
        ("VPN002", 6, ["name 'PEER-A'"]),  # not also "tunnel-group 'PEER-A'"
        ("VPN002", 7, ["transform-set 'MISSING'", "CM 10", "CM 20"]),  # once, naming both users
        ("VPN002", 9, ["tunnel-group '198.51.100.7'"]),
    ])  # SYSTEM_DEFAULT_CRYPTO_MAP is the ASA's own dynamic map: not dangling


def test_shut_down_tunnels_are_one_vpn411():
    text = IOS_SHUTDOWN.replace(" tunnel protection ipsec profile PROF\n",
                                " tunnel protection ipsec profile PROF\n shutdown\n")
    text += "".join(
        f"interface Tunnel{n}\n ip address 169.254.1{n}.2 255.255.255.252\n tunnel destination 203.0.113.{n}\n"
        f" tunnel mode ipsec ipv4\n tunnel protection ipsec profile PROF\n{' shutdown' if n == 3 else ''}\n"
        for n in (2, 3, 4, 5))
    got = lint("cisco-ios", text, {"VPN411"}, "router.cfg")
    check(got, [("VPN411", 13, ["Tunnel1, Tunnel3 are shut down", "odd number (3)"])])
