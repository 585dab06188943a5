"""Cisco IOS / IOS-XE parser: exact models for corpus files and our own fixtures."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from vpnaudit.parsers import SourceFile, cisco_ios, unwrap_markdown
from vpnaudit.parsers._base import ParseError, indent_tree

from .conftest import CORPUS
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "parsers" / "cisco_ios"


def load(path: Path):
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    if path.suffix == ".md":
        text = unwrap_markdown(text)
    return cisco_ios.parse([SourceFile(str(path), text)])[0]


def parse_text(text: str, path: str = "edge.cfg"):
    return cisco_ios.parse([SourceFile(path, text)])[0]




# --------------------------------------------------------------------------------------------
# corpus: pybatfish exitgw (IOS-XE 16.4, four AWS tunnels)


def test_exitgw_four_aws_tunnels():
    dev = load(CORPUS / "cisco-ios/pybatfish-exitgw-csr1000v-iosxe16-4-aws-tunnels.cfg")
    assert dev.vendor == "cisco-ios"
    assert dev.hostname == "exitgw"
    assert dev.version == "16.4"
    assert [(t.name, t.line, t.peer_address, t.inside.local, t.inside.peer) for t in dev.tunnels] == [
        ("Tunnel1", 210, "3.19.24.131", "169.254.25.162/30", "169.254.25.161"),
        ("Tunnel2", 219, "52.14.53.162", "169.254.172.2/30", "169.254.172.1"),
        ("Tunnel3", 228, "34.209.88.227", "169.254.252.78/30", "169.254.252.77"),
        ("Tunnel4", 237, "44.227.244.7", "169.254.215.82/30", "169.254.215.81"),
    ]
    isakmp_profile = {"Tunnel1": ("isakmp-vpn-01c45673532d3e33e-0", 146, 126),
                      "Tunnel2": ("isakmp-vpn-01c45673532d3e33e-1", 150, 123),
                      "Tunnel3": ("isakmp-vpn-0dc7abdb974ff8a69-0", 154, 120),
                      "Tunnel4": ("isakmp-vpn-0dc7abdb974ff8a69-1", 158, 117)}
    for t in dev.tunnels:
        assert t.local_address == "147.75.69.27"
        assert t.local_interface == "GigabitEthernet3"
        assert t.routing == "route-based" and t.encapsulation == "ipsec" and t.enabled
        assert t.tcp_mss == 1379 and t.mtu is None
        assert t.df_bit == "clear" and t.fragmentation == "before-encryption"
        assert t.defaults == ("fragmentation",)
        ike = t.ike
        assert (ike.name, ike.line, ike.psk.line) == isakmp_profile[t.name]
        assert ike.versions == (1,) and ike.mode == "main" and ike.auth == "psk"
        assert ike.psk.encoding == "plain" and ike.psk.length == 32 and ike.psk.peer == t.peer_address
        assert [(p.name, p.line, p.encryption, p.integrity, p.dh_groups, p.auth, p.lifetime_seconds, p.defaults)
                for p in ike.proposals] == [
            ("isakmp policy 200", 134, ("AES128",), ("SHA1",), (2,), "psk", 28800, ("integrity",)),
            ("isakmp policy 201", 140, ("AES128",), ("SHA1",), (2,), "psk", 28800, ("integrity",)),
        ]
        assert (ike.dpd.line, ike.dpd.interval_seconds, ike.dpd.retries, ike.dpd.timeout_seconds, ike.dpd.mode) == (
            145, 10, 5, 60, "on-demand")
        ipsec = t.ipsec
        assert ipsec.pfs_groups == (2,) and ipsec.lifetime_seconds == 3600 and ipsec.replay_window == 128
        assert ipsec.defaults == ("lifetime_seconds", "replay_protection")
        assert [(p.encryption, p.integrity, p.mode) for p in ipsec.proposals] == [(("AES128",), ("SHA1",), "tunnel")]
        assert t.bgp.neighbor == t.inside.peer
        assert (t.bgp.remote_as, t.bgp.local_as, t.bgp.keepalive_seconds, t.bgp.hold_seconds) == (64512, 65100, 10, 30)
        assert t.bgp.advertised_prefixes == ("2.2.2.2/32", "192.168.123.7/32")
    assert [t.ipsec.proposals[0].line for t in dev.tunnels] == [165, 167, 169, 171]
    assert [t.bgp.line for t in dev.tunnels] == [276, 278, 282, 280]
    assert dev.global_df_bit == "clear" and dev.global_fragmentation is None
    assert [k.line for k in dev.keys] == [117, 120, 123, 126]
    assert dev.bgp.local_as == 65100 and dev.bgp.router_id == "2.2.2.2"
    assert dev.bgp.networks == ("2.2.2.2/32", "192.168.123.7/32")
    dc = next(n for n in dev.bgp.neighbors if n.neighbor == "147.75.69.26")
    assert (dc.advertised_prefixes, dc.advertised_prefix_count) == (("203.0.113.0/24",), 1)
    assert dev.unmodeled == () and dev.dangling == () and dev.problems == ()


# --------------------------------------------------------------------------------------------
# corpus: AWS-generated IOS sample with exit lines and two router bgp stanzas


def test_aws_generated_sample():
    dev = load(CORPUS / "cisco-ios/aws-generated-ios-vpn-03701a53bba3c48b7-with-local-changes.txt")
    assert [(t.name, t.line, t.local_address, t.local_interface, t.peer_address) for t in dev.tunnels] == [
        ("Tunnel1", 127, "1.1.1.2", "Ethernet0/0", "3.130.237.53"),
        ("Tunnel2", 284, "1.1.1.2", "Ethernet0/0", "18.217.248.9"),
    ]
    t1, t2 = dev.tunnels
    assert t1.inside.local == "169.254.59.18/30" and t1.inside.peer == "169.254.59.17"
    assert t2.inside.local == "169.254.58.198/30" and t2.inside.peer == "169.254.58.197"
    assert [(p.name, p.line, p.encryption, p.integrity, p.defaults) for p in t1.ike.proposals] == [
        ("isakmp policy 200", 37, ("AES128",), ("SHA1",), ()),
        ("isakmp policy 201", 194, ("AES128",), ("SHA1",), ()),
    ]
    assert (t1.ike.name, t1.ike.line, t1.ike.psk.line) == ("isakmp-vpn-03701a53bba3c48b7-0", 57, 51)
    assert (t2.ike.name, t2.ike.line, t2.ike.psk.line) == ("isakmp-vpn-03701a53bba3c48b7-1", 214, 208)
    assert t2.ike.dpd.line == 254 and t2.ike.dpd.mode == "on-demand" and t2.ike.dpd.defaults == ("retries",)
    assert (t1.ipsec.name, t1.ipsec.line, t1.ipsec.pfs_groups, t1.ipsec.lifetime_seconds) == (
        "ipsec-vpn-03701a53bba3c48b7-0", 79, (2,), 3600)
    assert t1.ipsec.proposals[0].line == 72 and t1.ipsec.proposals[0].mode == "tunnel"
    assert "lifetime_seconds" not in t1.ipsec.defaults
    # the fragmentation line is commented out: the IOS default (before-encryption) applies
    assert t1.fragmentation == "before-encryption" and "fragmentation" in t1.defaults
    assert t1.df_bit == "clear" and t1.tcp_mss == 1379
    # two ``router bgp 65000`` stanzas merge into one process
    assert dev.bgp.line == 157 and dev.bgp.local_as == 65000 and dev.bgp.networks == ("0.0.0.0/0",)
    assert [(n.neighbor, n.line, n.remote_as, n.keepalive_seconds, n.hold_seconds, n.advertised_prefixes)
            for n in dev.bgp.neighbors] == [
        ("169.254.59.17", 158, 64512, 10, 30, ("0.0.0.0/0",)),
        ("169.254.58.197", 315, 64512, 10, 30, ("0.0.0.0/0",)),
    ]
    assert t1.bgp.neighbor == "169.254.59.17" and t2.bgp.neighbor == "169.254.58.197"
    assert dev.unmodeled == () and dev.dangling == ()


# --------------------------------------------------------------------------------------------
# corpus: Batfish lhr-border-02 (IOS 15.2)


def test_lhr_border_02():
    dev = load(CORPUS / "cisco-ios/batfish-lhr-border-02-ios15-aws-vti-bgp.cfg")
    assert dev.hostname == "lhr-border-02" and dev.version == "15.2"
    assert [(t.name, t.line, t.local_address, t.local_interface, t.peer_address, t.inside.local, t.inside.peer)
            for t in dev.tunnels] == [
        ("Tunnel1", 108, "172.16.1.2", "GigabitEthernet2/0", "52.27.166.152", "169.254.15.194/30", "169.254.15.193"),
        ("Tunnel2", 116, "172.16.1.2", "GigabitEthernet2/0", "52.39.121.126", "169.254.13.238/30", "169.254.13.237"),
    ]
    t1, t2 = dev.tunnels
    assert (t1.ike.name, t1.ike.psk.line) == ("isakmp-vpn-ba2e34a8-0", 54)
    assert (t2.ike.name, t2.ike.psk.line) == ("isakmp-vpn-ba2e34a8-1", 57)
    assert [p.line for p in t1.ike.proposals] == [62, 68]
    assert t1.ike.proposals[0].defaults == ("integrity",)  # no hash line: SHA-1 default
    assert t1.ike.dpd.line == 73 and t1.ike.dpd.timeout_seconds == 60
    assert t1.ipsec.pfs_groups == (2,) and t1.ipsec.replay_window == 128
    assert (t1.bgp.neighbor, t1.bgp.line, t1.bgp.remote_as, t1.bgp.hold_seconds) == ("169.254.15.193", 208, 65401, 30)
    assert (t2.bgp.neighbor, t2.bgp.line) == ("169.254.13.237", 206)
    # the inbound route-map PROTECT_LOOPBACK sets no preference; SET_LOCAL_PREF does on 10.10.10.37
    assert t1.bgp.local_preference is None and t1.bgp.weight is None
    fw = next(n for n in dev.bgp.neighbors if n.neighbor == "10.10.10.37")
    assert fw.local_preference == 50 and fw.remote_as == 65201
    assert t1.bgp.advertised_prefixes == ("10.10.0.0/16", "0.0.0.0/0")
    assert dev.unmodeled == () and dev.dangling == ()


def test_crypto_map_dynamic_map_and_gre_vti():
    dev = load(CORPUS / "cisco-ios/batfish-ios-crypto-map-dynamic-map-and-vti.cfg")
    assert [(t.name, t.routing, t.encapsulation, t.peer_address, t.ipsec.pfs_groups) for t in dev.tunnels] == [
        ("Tunnel1", "route-based", "ipsec", "1.2.3.4", (14,)),
        ("Tunnel2", "route-based", "gre", "1.2.3.4", (14,)),  # tunnel protection without tunnel mode ipsec
        ("mymap 10", "policy-based", "ipsec", "1.2.3.4", (14,)),
        ("mymap 20", "policy-based", "ipsec", "3.4.5.6", ()),
        ("mymap 30 dynamic mydynamicmap 5", "policy-based", "ipsec", None, (2,)),
        ("mymap 30 dynamic mydynamicmap 15", "policy-based", "ipsec", None, ()),
    ]
    m20 = dev.tunnels[3]
    assert m20.ike.name == "ISAKMP-PROFILE-MATCHED"  # matched by identity address, no set isakmp-profile
    assert m20.ike.psk.line == 9 and m20.ike.dpd.line == 21
    assert [(s.local, s.remote, s.line) for s in m20.traffic_selectors] == [("1.1.1.1/32", "2.2.2.2/32", 58)]
    assert m20.local_address == "2.3.4.6" and m20.local_interface == "TenGigabitEthernet0/0"
    # no isakmp policy at all: the IOS default protection suite
    assert [(p.name, p.encryption, p.integrity, p.dh_groups, p.auth, p.lifetime_seconds) for p in m20.ike.proposals] == [
        ("isakmp default policy", ("DES",), ("SHA1",), (1,), "certificate", 86400)]
    assert dev.tunnels[0].local_address == "2.3.4.6"  # tunnel source TenGigabitEthernet0/0 resolved


def test_mixed_pki_file_keeps_certificates_out_of_unmodeled():
    dev = load(CORPUS / "cisco-ios/batfish-cisco-crypto-mixed-ios-asa-pki-ikev2.cfg")
    lines = {u.line for u in dev.unmodeled}
    assert not lines & set(range(4, 92))  # crypto ca certificate chains, trustpoints, csr-params
    assert not lines & set(range(248, 290))  # crypto pki chains and hex, trustpoint, server
    assert 119 in lines and 133 in lines  # ASA-only ``crypto ikev1 policy`` / IOS ikev2 policy has no encryption
    assert ("ikev2-proposal", "someproposal", 138) in {(d.kind, d.name, d.line) for d in dev.dangling}
    assert dev.extra == {"isakmp": "disabled (no crypto isakmp enable)"}
    v2 = next(p for p in dev.ike_policies if p.name == "VPN_PROPOSAL1")
    assert (v2.line, v2.encryption, v2.integrity, v2.prf, v2.dh_groups) == (
        148, ("AES256", "AES192", "AES128"), ("SHA2-512", "SHA2-384", "SHA2-256"),
        ("SHA2-512", "SHA2-384", "SHA2-256"), (14,))
    ts = {p.name: p for p in dev.ipsec_proposals}
    assert ts["ESP-3DES-MD5"].mode == "tunnel" and ts["ESP-3DES-MD5"].line == 168  # last mode line wins
    assert ts["noAuthHeader"].integrity == () and ts["cipts2"].integrity == ("SHA2-512",)


def test_whole_corpus_parses_without_raising():
    for path in sorted((CORPUS / "cisco-ios").iterdir()) + sorted((CORPUS / "cisco-asa").iterdir()):
        dev = load(path)
        assert dev.problems == (), path


def test_detect_prefers_ios_and_yields_asa():
    for path in (CORPUS / "cisco-ios").iterdir():
        if "no-vpn" in path.name:
            continue
        assert cisco_ios.detect(path.read_text(), str(path)) >= 60, path
    for path in (CORPUS / "cisco-asa").iterdir():
        text = path.read_text()
        text = unwrap_markdown(text) if path.suffix == ".md" else text
        assert cisco_ios.detect(text, str(path)) <= 15, path


def test_no_corpus_psk_in_export():
    pattern = re.compile(r"(?:pre-shared-key\b.*?\bkey|crypto isakmp key|pre-shared-key(?: local| remote)?)\s+"
                         r"(?:[067]\s+)?(\S+)")
    for path in sorted((CORPUS / "cisco-ios").iterdir()):
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        secrets = {m.group(1) for m in pattern.finditer(text) if m.group(1) not in ("address", "hostname")}
        exported = json.dumps(load(path).export())
        for secret in secrets:
            assert secret not in exported, (path.name, len(secret))
        assert secrets or "no-vpn" in path.name, path.name  # the check must not be vacuous


# --------------------------------------------------------------------------------------------
# own fixtures


def test_fixture_ikev2_vti():
    dev = load(FIXTURES / "ikev2-vti.cfg")
    t10, t11 = dev.tunnels
    assert (t10.local_address, t10.local_interface, t10.mtu, t10.tcp_mss, t10.enabled) == (
        "198.51.100.10", "GigabitEthernet1", 1400, 1360, True)
    ike = t10.ike
    assert (ike.name, ike.line, ike.versions, ike.auth, ike.lifetime_seconds, ike.remote_id) == (
        "AWS-PROF", 22, (2,), "psk", 28800, "203.0.113.1")
    assert [(p.name, p.line, p.encryption, p.integrity, p.prf, p.dh_groups, p.defaults) for p in ike.proposals] == [
        ("AWS-PROP", 4, ("AES256", "AES256-GCM-16"), ("SHA2-256", "SHA2-384"), ("SHA2-256", "SHA2-384"), (14, 20),
         ("prf",))]
    assert (ike.dpd.line, ike.dpd.interval_seconds, ike.dpd.timeout_seconds, ike.dpd.mode) == (29, 10, 25, "periodic")
    assert (ike.psk.line, ike.psk.encoding, ike.psk.encrypted, ike.psk.digest) == (16, "cisco-type6", True, None)
    assert (t11.ike.psk.line, t11.ike.psk.encoding, t11.ike.remote_id) == (19, "plain", "203.0.113.2")
    ipsec = t10.ipsec
    assert [(p.name, p.line, p.encryption, p.integrity, p.mode, p.defaults) for p in ipsec.proposals] == [
        ("GCM", 39, ("AES256-GCM-16",), (), "tunnel", ()),
        ("CBC", 41, ("AES256",), ("SHA2-256",), "tunnel", ("mode",)),
    ]
    assert (ipsec.pfs_groups, ipsec.lifetime_seconds, ipsec.replay_window, ipsec.defaults) == (
        (20,), 2700, 1024, ("replay_protection",))
    assert (t10.df_bit, t10.fragmentation, t10.defaults) == ("clear", "after-encryption", ())
    assert (t11.df_bit, t11.enabled) == ("copy", False)  # interface df-bit overrides the global one
    assert (t10.bgp.line, t10.bgp.local_preference, t10.bgp.keepalive_seconds) == (81, 150, 10)
    assert (t11.bgp.weight, t11.bgp.keepalive_seconds, t11.bgp.hold_seconds) == (200, 20, 60)  # timers bgp
    assert t10.bgp.advertised_prefixes == ("10.0.0.0/16", "10.1.0.0/16")
    assert [(u.line, u.text) for u in dev.unmodeled] == [(36, "frobnicate now")]
    assert [(d.kind, d.name, d.line, d.referrer) for d in dev.dangling] == [
        ("transform-set", "MISSING-TS", 53, "crypto ipsec profile BROKEN"),
        ("ikev2-profile", "MISSING-PROF", 54, "crypto ipsec profile BROKEN"),
    ]
    assert [(s.rule_ids, s.reason, s.line, s.scope_start, s.scope_end) for s in dev.suppressions] == [
        (("VPN113",), "migration ticket NET-42", 30, 22, 29)]
    assert [(k.line, k.encoding, k.peer) for k in dev.keys] == [
        (16, "cisco-type6", "203.0.113.1"), (19, "plain", "203.0.113.2"), (20, "plain", "203.0.113.2"),
        (34, "plain", None)]


def test_fixture_crypto_map_acl_keys():
    dev = load(FIXTURES / "cryptomap-acl.cfg")
    names = [t.name for t in dev.tunnels]
    assert names == ["Tunnel5", "CMAP 10 192.0.2.1", "CMAP 10 192.0.2.2", "CMAP 20", "CMAP 30", "CMAP 40"]
    gre_vti, m10a, m10b, m20, m30, m40 = dev.tunnels
    assert (gre_vti.encapsulation, gre_vti.routing, gre_vti.inside.peer) == ("gre", "route-based", "10.255.0.2")
    assert (m10a.routing, m10a.local_address, m10a.local_interface) == ("policy-based", "198.51.100.20",
                                                                        "GigabitEthernet0/0")
    assert [(s.local, s.remote, s.protocol, s.line) for s in m10a.traffic_selectors] == [
        ("10.1.0.0/16", "172.16.0.0/20", "ip", 25)]  # the deny line is not a selector
    assert m10a.ipsec.pfs_groups == (1,) and m10a.ipsec.lifetime_seconds == 1800  # ``set pfs`` alone = group1
    assert m10a.ipsec.replay_protection is False  # global replay disable
    assert (m10a.ike.psk.line, m10a.ike.psk.encoding) == (13, "cisco-type6")
    assert (m10a.ike.mode, m10b.ike.mode) == ("main", "aggressive")
    assert (m10b.ike.psk.line, m10b.ike.psk.encoding, m10b.ike.psk.length) == (14, "cisco-type7", 5)
    assert (m20.ike.psk.line, m20.ike.psk.wildcard_peer, m20.ike.psk.peer) == (12, True, "0.0.0.0/0")
    assert [(s.local, s.remote, s.protocol, s.line) for s in m20.traffic_selectors] == [
        ("10.2.0.1/32", "0.0.0.0/0", "ip", 29), ("10.2.0.0/24", "10.3.0.0/24", "tcp", 30)]
    assert (m20.ipsec.protocol, m20.ipsec.mode) == ("esp+ah", "transport")
    assert m30.encapsulation == "gre"  # crypto map protecting only GRE between the endpoints
    assert m40.traffic_selectors == ()
    p20 = next(p for p in dev.ike_policies if p.name == "isakmp policy 20")
    assert (p20.encryption, p20.integrity, p20.auth, p20.dh_groups, p20.lifetime_seconds, p20.defaults) == (
        ("3DES",), ("MD5",), "certificate", (1,), 86400, ("auth", "dh_groups", "lifetime_seconds"))
    assert m10a.ike.dpd.mode == "periodic" and m10a.ike.dpd.timeout_seconds == 20
    assert [(u.line, u.text) for u in dev.unmodeled] == [
        (53, "crypto map CMAP 50 ipsec-manual"), (54, "set peer 192.0.2.11")]
    assert [(d.kind, d.name, d.line) for d in dev.dangling] == [("transform-set", "NOPE", 43),
                                                               ("acl", "MISSING-ACL", 52)]
    assert dev.bgp is None


def test_parse_bgp_on_frr_tree():
    tree = indent_tree((FIXTURES / "frr-bgpd.conf").read_text())
    bgp = cisco_ios.parse_bgp(tree.roots, file="frr.conf")
    assert (bgp.local_as, bgp.router_id, bgp.line, bgp.file, bgp.networks) == (
        65020, "192.0.2.50", 4, "frr.conf", ("10.20.0.0/16",))
    assert [(n.neighbor, n.line, n.remote_as, n.keepalive_seconds, n.hold_seconds, n.weight, n.shutdown,
             n.advertised_prefixes, n.advertised_prefix_count) for n in bgp.neighbors] == [
        ("169.254.20.1", 9, 64512, 10, 30, 100, False, ("10.20.0.0/16", "10.21.0.0/16"), 2),
        ("169.254.21.1", 10, 64512, 10, 30, None, True, ("10.20.0.0/16", "10.21.0.0/16"), 2),
    ]
    assert cisco_ios.parse_bgp(indent_tree("hostname x\n").roots) is None


def test_ikev2_default_proposal_depends_on_version():
    base = """crypto ikev2 keyring K
 peer p
  address 203.0.113.1
  pre-shared-key Some.Key_abcdefgh
crypto ikev2 profile P
 match identity remote address 203.0.113.1 255.255.255.255
 authentication local pre-share
 authentication remote pre-share
 keyring local K
crypto ipsec profile IP
 set ikev2-profile P
interface Tunnel1
 ip address 169.254.1.6 255.255.255.252
 tunnel source 198.51.100.1
 tunnel mode ipsec ipv4
 tunnel destination 203.0.113.1
 tunnel protection ipsec profile IP
"""
    xe17 = parse_text("version 17.6\n" + base).tunnels[0]
    legacy = parse_text("version 15.5\n" + base).tunnels[0]
    p17, p15 = xe17.ike.proposals[0], legacy.ike.proposals[0]
    assert (p17.name, p17.encryption, p17.integrity, p17.dh_groups) == (
        "default", ("AES256",), ("SHA2-512", "SHA2-384"), (19, 14, 21, 5))
    assert (p15.encryption, p15.dh_groups, p15.integrity[-1]) == (("AES256", "AES192", "AES128"), (5, 2), "MD5")
    assert p17.defaults == ("encryption", "integrity", "prf", "dh_groups")
    assert xe17.ike.lifetime_seconds == 86400 and "lifetime_seconds" in xe17.ike.defaults
    assert xe17.ike.dpd is None and xe17.ike.psk.line == 5
    # no transform-set on the profile: the smart-default transform-set, marked as a default
    assert xe17.ipsec.proposals[0].name == "default" and "proposals" in xe17.ipsec.defaults
    assert xe17.ipsec.pfs_groups == () and "pfs_groups" in xe17.ipsec.defaults


def test_suppression_before_top_level_stanza_and_redacted_unmodeled():
    dev = parse_text("""! vpnaudit: disable=VPN111 -- legacy peer
crypto isakmp policy 5
 hash md5
 encryption aes 192
crypto keyring R
  pre-shared-key address 192.0.2.1 key Top.Secret_12345
  bogus-line key AnotherSecret999
crypto isakmp key SecretWithNoTarget
""")
    assert [(s.rule_ids, s.scope_start, s.scope_end) for s in dev.suppressions] == [(("VPN111",), 2, 4)]
    assert [(u.line, u.text) for u in dev.unmodeled] == [
        (7, "bogus-line key ********"), (8, "crypto isakmp key ********")]
    assert dev.ike_policies[0].encryption == ("AES192",)
    assert "Secret" not in json.dumps(dev.export())


def test_garbage_and_shuffled_input_never_raise():
    rng = random.Random(7)
    texts = [p.read_text() for p in FIXTURES.iterdir()]
    if CORPUS.is_dir():
        texts += [p.read_text(errors="replace") for p in (CORPUS / "cisco-ios").iterdir()]
    for text in texts:
        lines = text.splitlines()
        for _ in range(5):
            shuffled = lines[:]
            rng.shuffle(shuffled)
            cut = shuffled[: rng.randrange(1, len(shuffled) + 1)]
            mangled = [" " * rng.randrange(0, 4) + ln[: rng.randrange(0, len(ln) + 1)] for ln in cut]
            dev = parse_text("\n".join(mangled) + "\nhostname x\n")
            assert dev.problems == ()
    parse_text("crypto map\ncrypto isakmp policy x\ncrypto ipsec transform-set T\ninterface\n tunnel source\n"
               "crypto isakmp key 6\nrouter bgp\n neighbor\n network 1.2.3.4 mask 999.0.0.0\nhostname h\n")


def test_empty_input_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_text("!\n! only comments\n\n")


def test_prefix_list_range_entry_passes_the_network_statements_in_range():
    """``permit 10.0.0.0/8 le 16`` lets every /16 network statement through (a range, not one
    prefix); an exact entry stays the prefix it names; a deny entry matched first drops a network."""
    nets = "".join(f" network 10.{i}.0.0 mask 255.255.0.0\n" for i in range(3))
    dev = parse_text(
        "router bgp 65000\n"
        " neighbor 169.254.10.1 remote-as 64512\n"
        " neighbor 169.254.10.1 prefix-list RANGE out\n"
        " neighbor 169.254.11.1 remote-as 64512\n"
        " neighbor 169.254.11.1 prefix-list EXACT out\n"
        + nets +
        "ip prefix-list RANGE seq 5 deny 10.1.0.0/16\n"
        "ip prefix-list RANGE seq 10 permit 10.0.0.0/8 le 16\n"
        "ip prefix-list EXACT seq 5 permit 10.0.0.0/8\n"
    )
    got = {n.neighbor: (n.advertised_prefixes, n.advertised_prefix_count) for n in dev.bgp.neighbors}
    assert got == {
        "169.254.10.1": (("10.0.0.0/16", "10.2.0.0/16"), 2),
        "169.254.11.1": (("10.0.0.0/8",), 1),
    }


def test_interface_names_as_ios_reads_them() -> None:
    """``tunnel source Gigabitethernet 1`` (type and number apart, other case) and ``gi1`` name
    GigabitEthernet1, as IOS's CLI reads them; an undefined interface is still a dangling reference."""
    text = (
        "hostname r1\ninterface GigabitEthernet1\n ip address 198.51.100.10 255.255.255.0\n"
        "interface Tunnel 1\n tunnel source Gigabitethernet 1\n tunnel destination 203.0.113.1\n"
        " tunnel protection ipsec profile P\n"
        "interface Tunnel2\n tunnel source gi1\n tunnel destination 203.0.113.2\n tunnel protection ipsec profile P\n"
        "interface Tunnel3\n tunnel source Loopback7\n tunnel destination 203.0.113.3\n tunnel protection ipsec profile P\n"
        "crypto ipsec profile P\n set pfs group14\n"
    )
    device = parse_text(text)
    assert [(t.name, t.local_address, t.local_interface) for t in device.tunnels] == [
        ("Tunnel1", "198.51.100.10", "GigabitEthernet1"), ("Tunnel2", "198.51.100.10", "GigabitEthernet1"),
        ("Tunnel3", None, None)]
    assert [(d.kind, d.name, d.line) for d in device.dangling] == [("interface", "Loopback7", 13)]


def test_snippet_without_physical_interfaces_has_no_dangling_outside_interface() -> None:
    """An AWS-generated crypto snippet defines only its tunnels; the outside interface it names lives
    in the rest of the device config, so it is not reported as undefined."""
    text = ("interface Tunnel1\n ip address 169.254.10.2 255.255.255.252\n tunnel source GigabitEthernet1\n"
            " tunnel destination 203.0.113.1\n tunnel protection ipsec profile P\ncrypto ipsec profile P\n set pfs group14\n")
    assert parse_text(text).dangling == ()


def _peer(i: int) -> str:
    return f"203.0.{i // 250}.{i % 250 + 1}"


_MANY = 400  # peers: every lookup below compared each with all of them before (160,000 comparisons)


@pytest.mark.parametrize("config", [
    # crypto map peers with global keys (the key covering a peer is looked up, not searched)
    "crypto isakmp policy 10\n encr aes 256\n authentication pre-share\n group 14\n" + "".join(
        f"crypto isakmp key K{i:05d}abcdefgh address {_peer(i)}\ncrypto map M {i + 1} ipsec-isakmp\n set peer {_peer(i)}\n"
        f" set transform-set TS\n match address 101\n" for i in range(_MANY))
    + "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\naccess-list 101 permit ip any any\n",
    # isakmp profiles matched by the peer's address, no profile named in the map entries
    "".join(f"crypto isakmp profile P{i}\n match identity address {_peer(i)} 255.255.255.255\n"
            f"crypto map M {i + 1} ipsec-isakmp\n set peer {_peer(i)}\n set transform-set TS\n match address 101\n"
            for i in range(_MANY)),
    # one IKEv2 keyring holding every peer
    "crypto ikev2 keyring KR\n" + "".join(f" peer P{i}\n  address {_peer(i)}\n  pre-shared-key K{i:05d}abcdefgh\n"
                                          for i in range(_MANY))
    + "crypto ikev2 profile PR\n match identity remote any\n authentication remote pre-share\n"
      " authentication local pre-share\n keyring local KR\ncrypto ipsec profile IPR\n set ikev2-profile PR\n"
    + "".join(f"interface Tunnel{i}\n ip address 169.254.{i // 60}.{i % 60 * 4 + 2} 255.255.255.252\n"
              f" tunnel source 198.51.100.2\n tunnel destination {_peer(i)}\n tunnel mode ipsec ipv4\n"
              f" tunnel protection ipsec profile IPR\n" for i in range(_MANY)),
    # BGP neighbors in the tunnels' subnets
    "crypto ipsec profile IPR\n set transform-set TS\ncrypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"
    + "".join(f"interface Tunnel{i}\n ip address 169.254.{i // 60}.{i % 60 * 4 + 2} 255.255.255.252\n"
              f" tunnel destination {_peer(i)}\n tunnel mode ipsec ipv4\n tunnel protection ipsec profile IPR\n"
              for i in range(_MANY))
    + "router bgp 65000\n" + "".join(f" neighbor 169.254.{i // 60}.{i % 60 * 4 + 1} remote-as 64512\n" for i in range(_MANY)),
], ids=["global-keys", "isakmp-profiles", "ikev2-keyring", "bgp-neighbors"])
def test_peers_keys_and_neighbors_are_looked_up_not_searched(monkeypatch, config):
    from vpnaudit.parsers.cisco_ios import reader

    calls = []
    covers = reader._covers
    monkeypatch.setattr(reader, "_covers", lambda *a: calls.append(1) or covers(*a))
    d = parse_text(config)
    assert len(d.tunnels) == _MANY
    found = {"global-keys": [t.ike.psk is not None for t in d.tunnels], "ikev2-keyring": [t.ike.psk is not None for t in d.tunnels],
             "isakmp-profiles": [t.ike.name == f"P{i}" for i, t in enumerate(d.tunnels)],
             "bgp-neighbors": [t.bgp is not None for t in d.tunnels]}
    assert any(all(v) for v in found.values())  # what each config is about was found for every tunnel
    assert len(calls) < _MANY  # each tunnel tried every peer, key or neighbor of the file


def test_bgp_address_families_at_any_depth_and_many_networks() -> None:
    """The statements of ``router bgp`` are read in file order with those of each address-family where
    it stands, without recursion (3,000 nested address-family lines made the whole BGP section a
    VPN000 RecursionError), and each ``network`` prefix is listed once, in first-seen order."""
    lines = ["hostname r", "router bgp 65000"]
    lines += [" " * (i + 1) + "address-family ipv4" for i in range(3000)]
    lines += [" " * 3001 + "neighbor 169.254.0.1 remote-as 64512"]
    device = parse_text("\n".join(lines) + "\n")
    assert device.bgp is not None and [n.neighbor for n in device.bgp.neighbors] == ["169.254.0.1"]
    assert not any("Recursion" in p.message for p in device.problems)
    networks = [f" network 10.{i // 250}.{i % 250}.0 mask 255.255.255.0" for i in range(3000)]
    text = "router bgp 65000\n" + "\n".join(networks + networks[:5] + [" address-family ipv4", *networks[5:10]]) + "\n"
    device = parse_text(text)
    assert device.bgp is not None and len(device.bgp.networks) == 3000
    assert list(device.bgp.networks[:2]) == ["10.0.0.0/24", "10.0.1.0/24"]


def test_lines_made_slice_by_slice_are_splitlines(monkeypatch):
    """``indent_tree`` reads a text in slices cut after a line feed: the same lines, whatever the
    line breaks (``splitlines`` also breaks at \\r, \\v, \\f, \\x1c-\\x1e, \\x85, \\u2028, \\u2029)."""
    import random

    from vpnaudit import secrets
    from vpnaudit.parsers import _base

    rng = random.Random(14)
    pieces = ["a", "bc", " x", "\t", "\n", "\r\n", "\r", "\v", "\f", "\x1c", "\x85", "\u2028", "\n\n", "é"]
    for size in (1, 2, 3, 7, 64):
        monkeypatch.setattr(secrets, "_SLICE", size)
        for _ in range(300):
            text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
            assert list(_base._lines(text)) == text.splitlines(), repr(text)
    monkeypatch.setattr(secrets, "_SLICE", 16)
    config = "interface Tunnel1\n ip address 169.254.1.2 255.255.255.252\n  \n!\n description x \n" * 20
    tree = indent_tree(config)
    assert [(r.number, r.text, [(c.number, c.indent, c.text) for c in r.children]) for r in tree.roots[:2]] == [
        (1, "interface Tunnel1", [(2, 1, "ip address 169.254.1.2 255.255.255.252"), (5, 1, "description x")]),
        (6, "interface Tunnel1", [(7, 1, "ip address 169.254.1.2 255.255.255.252"), (10, 1, "description x")]),
    ]
