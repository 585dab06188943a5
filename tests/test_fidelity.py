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


# ---------------------------------------------------------------------------------------------
# Class 9: a finding about a value points at the line holding the value

def test_value_findings_point_at_the_value_line():
    ios = "crypto isakmp policy 10\n encr 3des\n hash md5\n authentication pre-share\n group 2\n lifetime 90000\n"
    check(lint("cisco-ios", ios, {"VPN105", "VPN110", "VPN111", "VPN112"}, "router.cfg"), [
        ("VPN110", 2, ["isakmp policy 10 uses 3DES"]), ("VPN111", 3, ["MD5"]), ("VPN112", 5, ["group 2"]),
        ("VPN105", 6, ["90000 s"])])
    # unset: the header, where the setting would go
    check(lint("cisco-ios", "crypto isakmp policy 10\n encr aes 256\n", {"VPN105", "VPN112"}, "router.cfg"), [
        ("VPN105", 1, ["lifetime not set", "86400"]), ("VPN112", 1, ["DH group not set", "group 1"])])
    asa = ("crypto ipsec ikev2 ipsec-proposal P\n protocol esp encryption aes-256 aes-gmac\n"
           " protocol esp integrity sha-256 md5\n")
    check(lint("cisco-asa", asa, {"VPN210", "VPN211"}, "asa.cfg"), [
        ("VPN210", 2, ["NULL"]), ("VPN211", 3, ["MD5"])])  # aes-gmac encrypts nothing
    junos = ("security {\n    ike {\n        proposal P1 {\n            authentication-method pre-shared-keys;\n"
             "            dh-group group2;\n            authentication-algorithm sha1;\n"
             "            encryption-algorithm aes-128-cbc;\n        }\n    }\n}\n")
    check(lint("junos", junos, {"VPN111", "VPN112"}, "srx.conf"), [("VPN112", 5, ["group 2"]), ("VPN111", 6, ["SHA1"])])


def test_ios_esp_gmac_is_a_null_cipher():
    device = get_parser("cisco-ios").parse([SourceFile(
        path="router.cfg", text="crypto ipsec transform-set T esp-gmac 256\n mode tunnel\n")])[0]
    (ts,) = device.ipsec_proposals
    assert (ts.encryption, ts.integrity) == (("NULL",), ("AES-GMAC",))


# ---------------------------------------------------------------------------------------------
# Class 4: objects no tunnel uses are judged alike

def test_unattached_ah_and_weak_pfs_are_judged_like_weak_ciphers():
    ios = "crypto ipsec transform-set T-AH esp-aes 256 ah-sha-hmac\ncrypto ipsec transform-set T-DES esp-des esp-sha256-hmac\n"
    check(lint("cisco-ios", ios, {"VPN201", "VPN210"}, "router.cfg"), [
        ("VPN201", 1, ["T-AH", "ESP+AH", "no tunnel uses it yet"]), ("VPN210", 2, ["T-DES", "DES"])])
    swan = ("conn unused\n  left=192.0.2.1\n  right=198.51.100.1\n  esp=aes256-sha256-modp1024\n  auto=ignore\n")
    got = lint("strongswan", swan, {"VPN212"}, "ipsec.conf")
    check(got, [("VPN212", 4, ["PFS group 2", "no tunnel uses it yet"])])


def test_junos_set_line_naming_several_leaves_is_read_whole():
    """One set command may set several leaves of one object; each is read (and its line kept)."""
    text = (
        "set security ike proposal P authentication-method pre-shared-keys dh-group group2 "
        "encryption-algorithm aes-256-gcm lifetime-seconds 28800\n"
        "set security ike policy POL reauth-frequency 0 proposals P pre-shared-key ascii-text Abc123Abc123Abc123Abc1\n"
        "set security ike gateway GW ike-policy POL address 203.0.113.1 dead-peer-detection optimized interval 10 "
        "threshold 5\n"
        "set security ike gateway GW external-interface ge-0/0/0 version v2-only\n"
        "set security ipsec proposal P2 protocol esp encryption-algorithm aes-256-gcm lifetime-seconds 3600\n"
        "set security ipsec policy POL2 perfect-forward-secrecy keys group14\n"
        "set security ipsec policy POL2 proposals P2\n"
        "set security ipsec vpn V bind-interface st0.1 df-bit clear ike gateway GW ipsec-policy POL2\n"
        "set interfaces st0 unit 1 family inet address 169.254.10.2/30\n")
    device = get_parser("junos").parse([SourceFile(path="srx.set", text=text)])[0]
    ike = device.tunnels[0].ike
    assert (ike.proposals[0].dh_groups, ike.proposals[0].prf, ike.dpd.interval_seconds, ike.dpd.retries) == (
        (2,), ("SHA2-384",), 10, 5)  # aes-256-gcm: the implicit PRF-384
    check(lint("junos", text, {"VPN001", "VPN112", "VPN301", "VPN402"}, "srx.set"), [
        ("VPN112", 1, ["group 2"]), ("VPN301", 2, ["clear text"]), ("VPN402", 3, ["50 s"])])


# ---------------------------------------------------------------------------------------------
# IOS command scripts: sub-mode commands at column 1 belong to the sub-mode above them

IOS_PASTE = """\
configure terminal
hostname R5
crypto isakmp policy 1
encryption aes 256
hash sha256
authentication pre-share
group 14
lifetime 28800
crypto isakmp key Hydrohomie4Long2Hydro7 address 23.0.1.2
access-list 100 permit ip 10.70.140.0 0.0.0.255 10.0.0.0 0.255.255.255
crypto ipsec transform-set TSET esp-sha-hmac esp-aes
mode tunnel
crypto map CMAP 1 ipsec-isakmp
set transform-set TSET
set peer 23.0.1.2
set pfs group5
match address 100
exit
ip route 0.0.0.0 0.0.0.0 56.2.11.34
set transform-set NOT-IN-A-MAP
interface GigabitEthernet0/0
ip address 56.2.11.33 255.255.255.252
negotiation auto
crypto map CMAP
no shut
end
"""


def test_ios_unindented_command_script_is_read_by_mode():
    """IOS reads a pasted script by mode: 'set ...' under 'crypto map' at column 1 is the entry's,
    'crypto map CMAP' after 'interface' applies the map, a global command leaves the sub-mode."""
    device = get_parser("cisco-ios").parse([SourceFile(path="r5.cfg", text=IOS_PASTE)])[0]
    (tunnel,) = device.tunnels
    assert (str(tunnel.peer_address), tunnel.local_interface, tunnel.ipsec.pfs_groups) == (
        "23.0.1.2", "GigabitEthernet0/0", (5,))
    assert [ts.name for ts in tunnel.ipsec.proposals] == ["TSET"]  # not the stray 'set' after 'ip route'
    assert device.unmodeled == () and device.dangling == ()
    check(lint("cisco-ios", IOS_PASTE, {"VPN001", "VPN110", "VPN112", "VPN205", "VPN211", "VPN212"}, "r5.cfg"), [
        ("VPN211", 11, ["TSET", "SHA1"]), ("VPN212", 16, ["group 5"])])


def test_ios_saved_config_keeps_its_tree():
    """A childless stanza of a saved config does not swallow the global commands after it."""
    text = "interface Loopback0\nip route 0.0.0.0 0.0.0.0 192.0.2.1\ncrypto ipsec transform-set T esp-aes esp-sha256-hmac\n"
    device = get_parser("cisco-ios").parse([SourceFile(path="r.cfg", text=text)])[0]
    assert [ts.name for ts in device.ipsec_proposals] == ["T"]


def test_junos_manual_sa_is_judged_as_a_proposal_object():
    """A manual SA (security-association, services ipsec-vpn ... then manual) negotiates nothing:
    each direction is judged like an unused proposal (AH, weak algorithms, transport mode)."""
    text = (
        "set security ipsec security-association SA-OSPF mode transport\n"
        "set security ipsec security-association SA-OSPF manual direction bidirectional protocol ah\n"
        "set security ipsec security-association SA-OSPF manual direction bidirectional spi 256\n"
        "set security ipsec security-association SA-OSPF manual direction bidirectional authentication "
        "algorithm hmac-md5-96\n"
        "set security ipsec security-association SA-OSPF manual direction bidirectional authentication "
        "key ascii-text \"$9$abcdefghijklmnopqrstuv\"\n"
        "set services ipsec-vpn rule R term T then manual direction inbound protocol bundle\n"
        "set services ipsec-vpn rule R term T then manual direction inbound encryption algorithm des-cbc\n"
        "set services ipsec-vpn rule R term T then manual direction inbound authentication algorithm hmac-sha-256-128\n"
        "set services ipsec-vpn rule R term T then manual direction outbound spi 300\n")
    check(lint("junos", text, {"VPN001", "VPN201", "VPN202", "VPN210", "VPN211"}, "mx.set"), [
        ("VPN202", 1, ["SA-OSPF", "transport", "no tunnel uses it yet"]),
        ("VPN201", 2, ["SA-OSPF direction bidirectional", "AH"]),
        ("VPN211", 4, ["MD5"]),
        ("VPN201", 6, ["rule R term T manual direction inbound", "ESP+AH"]),
        ("VPN210", 7, ["DES"]),
        ("VPN001", 9, ["rule R term"]),  # a direction without 'protocol': not modelled, said so
    ])


def test_asa_unused_profile_and_dynamic_map_pfs_are_judged_once():
    text = (
        "ASA Version 9.8(4)\ncrypto ipsec ikev2 ipsec-proposal P\n protocol esp encryption aes-256\n"
        " protocol esp integrity sha-256\ncrypto ipsec profile UNUSED\n set ikev2 ipsec-proposal P\n set pfs\n"
        "crypto dynamic-map DYN 10 set ikev2 ipsec-proposal P\ncrypto dynamic-map DYN 10 set pfs group5\n"
        "crypto ipsec profile USED\n set ikev2 ipsec-proposal P\n set pfs group5\n"
        "interface Tunnel1\n nameif aws1\n tunnel source interface outside\n tunnel destination 203.0.113.1\n"
        " tunnel protection ipsec profile USED\ninterface GigabitEthernet0/0\n nameif outside\n"
        " ip address 198.51.100.2 255.255.255.0\n")
    check(lint("cisco-asa", text, {"VPN212"}, "fw.cfg"), [
        ("VPN212", 7, ["crypto ipsec profile UNUSED", "group 2", "no active tunnel"]),  # bare 'set pfs' before 9.13
        ("VPN212", 9, ["crypto dynamic-map DYN 10", "group 5", "no active tunnel"]),
        ("VPN212", 12, ["Tunnel1", "group 5"])])  # the used profile: once, as the tunnel's


def test_junos_phase2_lifetime_finding_points_at_the_proposal_lifetime_line():
    text = JUNOS_DEFAULT_LIFETIMES.replace(
        "set security ipsec proposal P2 protocol esp\n",
        "set security ipsec proposal P2 protocol esp\nset security ipsec proposal P2 lifetime-seconds 300\n")
    check(lint("junos", text, {"VPN207"}, "srx.set"), [("VPN207", 12, ["300 s", "900-3600"])])
