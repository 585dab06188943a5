"""FortiOS parser: facts of every corpus file checked by hand, the lexer's edge cases (templates,
MIME wrappers, VDOMs, AWS's sample page format, multi-line values), defaults per version, and the
AWS sample paired with an AWS dump of its shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vpnaudit.api import AuditOptions, audit
from vpnaudit.pairing import verdicts
from vpnaudit.parsers import detect_vendor, unwrap_markdown
from vpnaudit.parsers._base import ParseError, SourceFile
from vpnaudit.parsers.fortios import detect, parse
from vpnaudit.parsers.fortios.defaults import DEFAULTS, default

from .conftest import corpus_files

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "corpus" / "fortios"
FIXTURES = ROOT / "fixtures" / "parsers" / "fortios"
AWS_MD = FIXTURES / "aws-docs-netadmin-fortigate-bgp.md"
AWS_DUMP = FIXTURES / "aws-docs-netadmin-fortigate-bgp-VpnConnections.json"


def parse_text(text: str, name: str = "fortigate.conf"):
    devices = parse([SourceFile(name, text)])
    assert len(devices) == 1
    return devices[0]


def corpus(name: str):
    return parse_text((CORPUS / name).read_text("utf-8"), name)


def props(proposals):
    return [(p.encryption, p.integrity, p.prf, p.dh_groups) for p in proposals]


# ---- every corpus file: detected, parsed, nothing unexplained ---------------------------------------
@pytest.mark.parametrize("path", corpus_files("fortios"), ids=lambda p: p.name)
def test_every_corpus_file_is_detected_and_read_without_unexplained_lines(path: Path) -> None:
    text = path.read_text("utf-8")
    assert detect_vendor(text, path.name)[0] == "fortios"
    device = parse_text(text, path.name)
    assert device.tunnels
    assert device.unmodeled == () and device.problems == () and device.dangling == ()


def test_20eung_vdom_ikev2_aes128_sha1() -> None:
    d = corpus("20eung-vdom-kosite-intervdom-ikev2-aes128-sha1.txt")
    assert d.extra["vdom"] == "VDOM-KOsite"
    [t] = d.tunnels
    assert (t.name, t.line, t.peer_address, t.local_interface, t.routing) == (
        "us-site-vpn", 5, "192.168.40.2", "TEST1", "route-based")
    ike = t.ike
    assert ike.versions == (2,) and ike.line_of("versions") == 7 and ike.mode is None
    assert ike.lifetime_seconds == 28800 and ike.line_of("lifetime_seconds") == 8
    assert props(ike.proposals) == [(("AES128",), ("SHA1",), ("SHA1",), (2,))]
    assert ike.proposals[0].line == 11 and ike.proposals[0].line_of("dh_groups") == 13
    assert (ike.dpd.enabled, ike.dpd.mode, ike.dpd.interval_seconds, ike.dpd.retries) == (True, "probe-idle", 10, 3)
    assert ike.dpd.line == 12 and ike.dpd.defaults == ("retries",)
    # "psksecret **netvpn": the repository redacted the key; masked, never a plain key
    assert (ike.psk.encoding, ike.psk.length, ike.psk.line) == ("masked", None, 15)
    ip = t.ipsec
    assert [(p.encryption, p.integrity) for p in ip.proposals] == [(("AES128",), ("SHA1",))]
    assert ip.pfs_groups == (2,) and ip.line_of("pfs_groups") == 24
    assert ip.replay_protection is False and ip.line_of("replay_protection") == 25
    assert ip.lifetime_seconds == 3600 and ip.line_of("lifetime_seconds") == 27
    assert [(s.local, s.remote) for s in t.traffic_selectors] == [("192.168.31.0/24", "192.168.41.0/24")]
    # ip 169.254.34.2/32 + remote-ip 169.254.34.1/32: point to point, the prefix is not said
    assert (t.inside.local, t.inside.peer, t.inside.line) == ("169.254.34.2", "169.254.34.1", 110)
    assert t.tcp_mss == 1240 and t.line_of("tcp_mss") == 113
    assert "mtu" in t.unknown and "df_bit" in t.unknown


def test_acidjunk_52_backup_defaults_of_52() -> None:
    d = corpus("acidjunk-fgvm64-5.2-backup-default-proposals.conf")
    assert (d.hostname, d.version) == ("FortiGate-VM64", "5.02")
    [t] = d.tunnels
    assert (t.name, t.line, t.peer_address, t.local_address, t.local_interface) == (
        "VPN test", 775, "10.10.20.10", "10.0.0.1", "port2")
    ike = t.ike
    assert ike.versions == (1,) and {"versions", "mode", "lifetime_seconds"} <= set(ike.defaults)
    # FortiOS 5.x default proposal list, default DH groups 14 5, default keylife 86400
    assert [p.name.rsplit(" ", 1)[1] for p in ike.proposals] == [
        "aes128-sha256", "aes256-sha256", "3des-sha256", "aes128-sha1", "aes256-sha1", "3des-sha1"]
    assert all(p.dh_groups == (14, 5) and p.lifetime_seconds is None and p.line == 775 for p in ike.proposals)
    assert set(ike.proposals[0].defaults) == {"encryption", "integrity", "prf", "dh_groups"}
    assert ike.lifetime_seconds == 86400
    # 5.2: "dpd enable" is the default (no on-demand / on-idle modes yet)
    assert (ike.dpd.enabled, ike.dpd.mode, ike.dpd.interval_seconds, ike.dpd.retries) == (True, None, 20, 3)
    assert (ike.psk.present, ike.psk.encrypted, ike.psk.digest, ike.psk.line) == (True, True, None, 778)
    ip = t.ipsec
    assert ip.name == "phase2 test" and ip.line == 782
    assert [p.name.rsplit(" ", 1)[1] for p in ip.proposals] == [
        "aes128-sha1", "aes256-sha1", "3des-sha1", "aes128-sha256", "aes256-sha256", "3des-sha256"]
    assert (ip.pfs_groups, ip.lifetime_seconds, ip.replay_protection) == ((14, 5), 43200, True)
    assert t.fragmentation is None  # ip-fragmentation exists from 6.2 only


def test_aviatrix_template_placeholders_are_unknown() -> None:
    d = corpus("aviatrix-sdwan-headend-single-ikev1-aes256-bgp.tpl")
    assert d.version == "6.2.3" and d.hostname is None  # "${name}-headend"
    [t] = d.tunnels
    assert (t.name, t.peer_address, t.inside) == ("HEADEND-TG", None, None)  # ${transit_gw}, ${tunnel1_ip}
    ike = t.ike
    assert ike.versions == (1,) and ike.lifetime_seconds == 28800
    assert props(ike.proposals) == [(("AES256",), ("SHA2-256",), ("SHA2-256",), (14, 5))]
    assert ike.dpd.interval_seconds == 5 and ike.dpd.mode == "on-demand"
    assert (ike.psk.placeholder, ike.psk.length, ike.psk.digest) == (True, None, None)
    assert [(p.encryption, p.integrity) for p in t.ipsec.proposals] == [(("AES256",), ("SHA2-256",))]
    assert (t.ipsec.pfs_groups, t.ipsec.lifetime_seconds) == ((14, 5), 43200)
    assert d.bgp is not None and d.bgp.local_as is None and d.bgp.neighbors == ()  # ${ASN}, ${tunnel1_rem}
    assert t.bgp is None


def test_customvhd_mime_wrapper_selectors_from_address_groups() -> None:
    d = corpus("fortinet-azure-customvhd-customdata-ikev1-default-policy-selectors.tpl")
    [t] = d.tunnels
    assert (t.name, t.line) == ("IPSEC-A-B", 124)
    assert [p.name.rsplit(" ", 1)[1] for p in t.ike.proposals] == [
        "aes128-sha256", "aes256-sha256", "aes128-sha1", "aes256-sha1"]
    assert t.ike.versions == (1,) and "versions" in t.ike.defaults and t.ike.proposals[0].line == 127
    assert [p.encryption[0] for p in t.ipsec.proposals] == [
        "AES128", "AES256", "AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16", "CHACHA20-POLY1305"]
    assert t.ipsec.pfs_groups == (14, 5) and "pfs_groups" in t.ipsec.defaults
    assert [(s.local, s.remote) for s in t.traffic_selectors] == [
        ("unknown (template placeholder)", "unknown (template placeholder)")]
    assert "ignored_lines" in d.extra  # the MIME headers


def test_fortitester_dialup_all_defaults() -> None:
    d = corpus("fortinet-azure-fortitester-customdata-dialup-defaults.tpl")
    [t] = d.tunnels
    assert t.peer_address is None and "dial-up:tester" in d.extra
    assert t.ike.versions == (2,) and len(t.ike.proposals) == 4 and t.ike.lifetime_seconds == 86400
    assert t.ike.psk.wildcard_peer and t.ike.psk.length == 8
    assert len(t.ipsec.proposals) == 7 and t.ipsec.lifetime_seconds == 43200


def test_ipsec_test_ikev2_no_dhgrp() -> None:
    d = corpus("fortinet-azure-ipsec-test-customdata-ikev2-no-dhgrp.tftpl")
    [t] = d.tunnels
    assert (t.name, t.line, t.ike.versions) == ("vpn1", 104, (2,))
    assert props(t.ike.proposals) == [(("AES256",), ("SHA2-256",), ("SHA2-256",), (14, 5))]
    assert "dh_groups" in t.ike.proposals[0].defaults and "dh_groups" not in t.ike.proposals[0].lines
    assert (t.ipsec.lifetime_seconds, t.ipsec.line_of("lifetime_seconds"), t.ipsec.pfs_groups) == (3600, 123, (14, 5))


def test_fgt_a_sixteen_tunnels_with_repeated_aggregate_tables() -> None:
    d = corpus("fortinet-azure-ipsec-test-fgt-a-ikev2-aggregate-full.conf")
    assert [t.name for t in d.tunnels] == [f"VPN{i}" for i in range(1, 17)]
    assert [t.peer_address for t in d.tunnels] == [f"172.16.137.{i}" for i in range(4, 20)]
    t = d.tunnels[0]
    assert (t.local_address, t.line) == ("172.16.136.4", 3)
    assert props(t.ike.proposals) == [(("AES256-GCM-16",), (), ("SHA2-256",), (14, 5))]
    assert (t.ike.psk.length, t.ike.psk.line) == (8, 12)
    assert [(p.encryption, p.integrity) for p in t.ipsec.proposals] == [(("AES128",), ("SHA1",))]
    assert (t.ipsec.lifetime_seconds, t.ipsec.pfs_groups) == (3600, (14, 5))
    assert len({k.digest for k in d.keys}) == 1  # "fortinet" everywhere


def test_dialup_ikev2_dh21() -> None:
    d = corpus("fortinet-azure-ipsec-tunnels-customdata-dialup-ikev2-dh21.tftpl")
    [t] = d.tunnels
    assert props(t.ike.proposals) == [(("AES256-GCM-16",), (), ("SHA2-256",), (21,))]
    assert (t.ike.nat_traversal, t.ike.local_id) == (True, "VPN1")  # nattraversal forced
    assert (t.ike.dpd.mode, t.ike.dpd.interval_seconds, t.ike.dpd.line) == ("probe-idle", 60, 76)
    assert [(p.encryption, p.integrity) for p in t.ipsec.proposals] == [(("AES256-GCM-16",), ())]
    assert (t.ipsec.pfs_groups, t.ipsec.line_of("pfs_groups")) == ((21,), 88)


# ---- grammar ------------------------------------------------------------------------------------
BASIC = """#config-version=FGVM64-7.2.5-FW-build1517-230606:opmode=0:vdom=0:user=admin
#conf_file_ver=1
config system global
    set hostname "edge-fw"
end
config system interface
    edit "port1"
        set ip 198.51.100.10 255.255.255.0
    next
    edit "aws-t1"
        set vdom "root"
        set type tunnel
        set ip 169.254.10.2 255.255.255.255
        set remote-ip 169.254.10.1 255.255.255.252
        set mtu-override enable
        set mtu 1427
        set tcp-mss 1379
        set interface "port1"
    next
end
config vpn ipsec phase1-interface
    edit "aws-t1"
        set interface "port1"
        set ike-version 2
        set keylife 28800
        set proposal aes256-sha256 aes128gcm-prfsha256
        set dhgrp 20 14
        set dpd on-idle
        set dpd-retryinterval 10
        set dpd-retrycount 3
        set nattraversal disable
        set remote-gw 192.0.2.10
        set psksecret ENC c2VjcmV0IHRoYXQgd2lsbCBuZXZlciBiZSBzaG93bg==
        set ip-fragmentation pre-encapsulation
    next
end
config vpn ipsec phase2-interface
    edit "aws-t1-p2"
        set phase1name "aws-t1"
        set proposal aes256-sha256
        set dhgrp 20
        set keylifeseconds 3600
    next
end
config router bgp
    set as 65010
    set keepalive-timer 10
    set holdtime-timer 30
    config neighbor
        edit "169.254.10.1"
            set remote-as 64512
        next
    end
    config network
        edit 1
            set prefix 10.10.0.0 255.255.0.0
        next
    end
end
"""


def test_a_full_route_based_tunnel() -> None:
    d = parse_text(BASIC)
    assert (d.hostname, d.version) == ("edge-fw", "7.2.5")
    [t] = d.tunnels
    assert (t.local_address, t.peer_address, t.local_interface) == ("198.51.100.10", "192.0.2.10", "port1")
    assert (t.inside.local, t.inside.peer, t.inside.line) == ("169.254.10.2/30", "169.254.10.1", 13)
    assert (t.mtu, t.line_of("mtu"), t.tcp_mss, t.line_of("tcp_mss")) == (1427, 16, 1379, 17)
    assert (t.fragmentation, t.line_of("fragmentation")) == ("before-encryption", 34)
    assert props(t.ike.proposals) == [
        (("AES256",), ("SHA2-256",), ("SHA2-256",), (20, 14)), (("AES128-GCM-16",), (), ("SHA2-256",), (20, 14))]
    assert (t.ike.nat_traversal, t.ike.dpd.retries, t.ike.dpd.line_of("retries")) == (False, 3, 30)
    assert (t.ike.psk.encrypted, t.ike.psk.digest) == (True, None)
    assert (t.ipsec.name, t.ipsec.pfs_groups, t.ipsec.lifetime_seconds) == ("aws-t1-p2", (20,), 3600)
    assert (t.bgp.neighbor, t.bgp.remote_as, t.bgp.local_as, t.bgp.keepalive_seconds, t.bgp.hold_seconds) == (
        "169.254.10.1", 64512, 65010, 10, 30)
    assert t.bgp.advertised_prefixes == ("10.10.0.0/16",)
    assert "tcp_mss" not in t.unknown and "mtu" not in t.unknown


def test_bgp_route_map_in_gives_the_local_preference() -> None:
    text = BASIC.replace('''            set remote-as 64512
''', '''            set remote-as 64512
            set route-map-in "prefer-t1"
''') + '''config router route-map
    edit "prefer-t1"
        config rule
            edit 1
                set set-local-preference 200
            next
        end
    next
end
'''
    [t] = parse_text(text).tunnels
    assert t.bgp.local_preference == 200
    missing = parse_text(text.replace('edit "prefer-t1"', 'edit "other"'))
    assert [(r.kind, r.name) for r in missing.dangling] == [("route-map", "prefer-t1")]


def test_encrypted_psk_is_not_plaintext_but_a_scripted_plain_one_is() -> None:
    report = audit_text(BASIC, select=("VPN301",))
    assert report == []
    plain = BASIC.replace("set psksecret ENC c2VjcmV0IHRoYXQgd2lsbCBuZXZlciBiZSBzaG93bg==",
                          "set psksecret Scripted_Key_In_Clear_0001")
    assert [(rule, line) for rule, line, _ in audit_text(plain, select=("VPN301",))] == [("VPN301", 33)]


def audit_text(text: str, select=(), name: str = "fortigate.conf", tmp=None) -> list[tuple[str, int | None, str]]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmpdir:
        path = Path(tmpdir) / name
        path.write_text(text)
        report = audit([str(path)], AuditOptions(select=select, profile="strict"))
    return [(f.rule_id, f.line, f.message) for f in report.findings]


def test_secrets_never_reach_the_model_or_messages() -> None:
    secret = "Scripted_Key_In_Clear_0001"
    text = BASIC.replace("set psksecret ENC c2VjcmV0IHRoYXQgd2lsbCBuZXZlciBiZSBzaG93bg==", f"set psksecret {secret}")
    text = text.replace("set ip-fragmentation pre-encapsulation",
                        f"set ppk-secret {secret}\n        set psksecret-remote {secret}")
    d = parse_text(text)
    dumped = json.dumps(d.export()) + repr(d) + str(d.model_dump())
    assert secret not in dumped
    assert [u.text for u in d.unmodeled] == ["set ppk-secret ********"]
    assert all(secret not in m for _, _, m in audit_text(text))


def test_end_inside_an_edit_closes_the_table_and_vdoms_name_the_tunnels() -> None:
    text = """config vdom
edit root
next
edit cust
next
end
config vdom
edit root
config vpn ipsec phase1-interface
    edit "t1"
        set remote-gw 192.0.2.1
        set ike-version 2
    end
next
edit cust
config vpn ipsec phase1-interface
    edit "t1"
        set remote-gw 192.0.2.2
    next
end
config vpn ipsec phase2-interface
    edit "t1"
        set phase1name "t1"
    next
end
next
end
"""
    d = parse_text(text)
    assert [(t.name, t.peer_address, t.ike.versions) for t in d.tunnels] == [
        ("cust/t1", "192.0.2.2", (1,)), ("root/t1", "192.0.2.1", (2,))]
    assert d.tunnels[1].ipsec is None and d.tunnels[0].ipsec is not None


def test_policy_based_tunnel_with_firewall_policy_selectors() -> None:
    text = """config firewall address
    edit "lan"
        set subnet 10.1.0.0 255.255.0.0
    next
    edit "vpc"
        set subnet 172.31.0.0/16
    next
end
config vpn ipsec phase1
    edit "legacy"
        set interface "wan1"
        set remote-gw 192.0.2.7
        set proposal 3des-md5
        set dhgrp 1
        set mode aggressive
        set psksecret ENC AAAA
    next
end
config vpn ipsec phase2
    edit "legacy-p2"
        set phase1name "legacy"
        set proposal des-md5
        set pfs disable
    next
end
config firewall policy
    edit 7
        set srcintf "internal"
        set dstintf "wan1"
        set srcaddr "lan"
        set dstaddr "vpc"
        set action ipsec
        set vpntunnel "legacy"
    next
    edit 8
        set action ipsec
        set vpntunnel "gone"
    next
end
"""
    d = parse_text(text)
    [t] = d.tunnels
    assert (t.routing, t.ike.mode, t.ike.line_of("mode")) == ("policy-based", "aggressive", 15)
    assert props(t.ike.proposals) == [(("3DES",), ("MD5",), ("MD5",), (1,))]
    assert (t.ipsec.pfs_groups, t.ipsec.line_of("pfs_groups")) == ((), 23)
    assert [(s.local, s.remote, s.line) for s in t.traffic_selectors] == [
        ("0.0.0.0/0", "0.0.0.0/0", 20), ("10.1.0.0/16", "172.31.0.0/16", 27)]
    assert [(r.kind, r.name, r.line) for r in d.dangling] == [("phase1", "gone", 37)]


def test_lexer_tolerates_templates_multiline_values_and_unknown_words() -> None:
    text = """Content-Type: multipart/mixed; boundary="==BOUNDARY=="
MIME-Version: 1.0

--==BOUNDARY==
Content-Type: text/plain; charset="us-ascii"

config vpn certificate local
    edit "c"
        set private-key "-----BEGIN ENCRYPTED PRIVATE KEY-----
MIIBpjBABgkqhkiG9w0BBQ0wMzAbBgkqhkiG9w0BBQwwDgQI
-----END ENCRYPTED PRIVATE KEY-----"
    next
end
config vpn ipsec phase1-interface
    edit "{{ tunnel_name }}"
        set remote-gw {{ aws_tunnel1_ip }}
        set psksecret {{ psk }}
        set proposal ${ phase1_proposal }
        set dhgrp {@dhgroup}
        set ike-version %{ if ikev2 }2%{ else }1%{ endif }
        set suite-b suite-b-gcm-128
    next
end
%{ if extra }
--==BOUNDARY==--
"""
    d = parse_text(text)
    [t] = d.tunnels
    assert t.peer_address is None and t.ike.proposals == () and t.ike.versions == ()
    assert t.ike.psk.placeholder and t.ike.psk.digest is None
    assert [(u.line, u.text) for u in d.unmodeled] == [(21, "set suite-b suite-b-gcm-128")]
    assert d.problems == ()


def test_gui_steps_instead_of_cli_are_said_not_read() -> None:
    text = """! Amazon Web Services
Go to VPN-->IPSec--> AutoKey, create Phase 1
 a. Name: vpn-0example-0
 i. Ike Version: 1
 config global
 config system interface
  edit "vpn-0example-0"
    set mtu 1427
    set tcp-mss 1379
   next
"""
    d = parse_text(text)
    assert d.tunnels == ()
    assert [(p.line, "GUI steps" in p.message) for p in d.problems] == [(2, True)]


def test_suppression_in_fortios_comment_syntax() -> None:
    text = """# vpnaudit: disable=VPN113 -- AWS side pinned to IKEv1 until the migration window
config vpn ipsec phase1-interface
    edit "t1"
        set remote-gw 192.0.2.1
        # vpnaudit: disable=VPN105 -- lifetime agreed with the peer
        set keylife 86400
    next
end
"""
    d = parse_text(text)
    assert [(s.rule_ids, s.line, s.scope_start, s.scope_end) for s in d.suppressions] == [
        (("VPN113",), 1, 2, 8), (("VPN105",), 5, 3, 7)]


def test_detection_scores() -> None:
    assert detect(BASIC, "x.conf") >= 90
    assert detect("config vpn ipsec phase1-interface\n edit x\n next\nend\n", "x") >= 20
    assert detect("interface Tunnel1\n ip address 169.254.1.1 255.255.255.252\n!\nend\n", "r.cfg") < 20
    assert detect("set security ike proposal P dh-group group2\n", "srx.set") == 0
    assert detect_vendor(BASIC, "fw.conf")[0] == "fortios"


def test_nothing_readable_raises() -> None:
    with pytest.raises(ParseError):
        parse([SourceFile("empty.conf", "\n\n")])


def test_defaults_table_is_versioned_and_cited() -> None:
    assert default("phase1 proposal", (5, 2)).split()[2] == "3des-sha256"
    assert "3des" not in default("phase1 proposal", (7, 2))
    assert default("phase1 ike-version", (7, 4)) == "1" and default("phase1 ike-version", (8, 0)) == "2"
    assert default("phase1 dpd", (5, 2)) == "enable" and default("phase1 dpd", (6, 0)) == "on-demand"
    assert default("phase1 ip-fragmentation", (6, 0)) is None
    assert all(d.source in ("P1", "P1-DPD-5", "P2", "FRAG", "IKEV2-8", "BGP") for d in DEFAULTS)


# ---- AWS's own sample, paired with an AWS dump of its shape ---------------------------------------
def test_aws_sample_page_parses() -> None:
    d = parse_text(unwrap_markdown(AWS_MD.read_text()), AWS_MD.name)
    assert [(t.name, t.peer_address, t.inside.local, t.inside.peer, t.bgp.neighbor, t.bgp.remote_as)
            for t in d.tunnels] == [
        ("vpn-44a8938f-0", "72.21.209.193", "169.254.255.2", "169.254.255.1", "169.254.255.1", 7224),
        ("vpn-44a8938f-1", "72.21.209.225", "169.254.255.6", "169.254.255.5", "169.254.255.5", 7224)]
    t = d.tunnels[0]
    assert t.local_address is None and d.bgp.local_as is None  # YOUR_UPLINK_ADDRESS, YOUR_BGP_ASN
    assert (t.ike.versions, t.ike.lifetime_seconds, t.ike.dpd.interval_seconds) == ((1,), 28800, 10)
    assert props(t.ike.proposals) == [(("AES128",), ("SHA1",), ("SHA1",), (2,))]
    assert (t.ike.psk.placeholder, t.ipsec.pfs_groups, t.ipsec.lifetime_seconds) == (True, (2,), 3600)
    assert (t.mtu, t.tcp_mss) == (1427, 1387)
    assert d.unmodeled == () and d.problems == ()


def check_pair(tmp_path, device_text: str, dump_text: str):
    device = tmp_path / "fortigate.md"
    device.write_text(device_text)
    dump = tmp_path / "vpn.json"
    dump.write_text(dump_text)
    report = audit([str(device), str(dump)], AuditOptions(select=("VPN6",), profile="strict"))
    return report, [(f.rule_id, f.message) for f in report.findings]


def test_aws_sample_pairs_and_both_tunnels_come_up(tmp_path) -> None:
    report, found = check_pair(tmp_path, AWS_MD.read_text(), AWS_DUMP.read_text())
    assert found == []
    rows = verdicts(report.pairs, report.findings)
    assert [(r.device_tunnel, r.aws_tunnel, r.status) for r in rows] == [
        ("vpn-44a8938f-0", "72.21.209.193", "up"), ("vpn-44a8938f-1", "72.21.209.225", "up")]


def _dump(**changes) -> str:
    doc = json.loads(AWS_DUMP.read_text())
    for tunnel in doc["VpnConnections"][0]["Options"]["TunnelOptions"]:
        tunnel.update(changes)
    return json.dumps(doc)


AWS_CASES = [
    ("dh-group", lambda d: d.replace("set dhgrp 2\n  set proposal", "set dhgrp 5\n  set proposal"), None,
     [("VPN604", ["vpn-44a8938f-0", "DH group has no overlap"]), ("VPN604", ["vpn-44a8938f-1", "DH group"])]),
    ("integrity", lambda d: d.replace("set proposal aes128-sha1\n  set keylife", "set proposal aes128-md5\n  set keylife"),
     None, [("VPN604", ["vpn-44a8938f-0", "integrity has no overlap"]), ("VPN604", ["vpn-44a8938f-1", "integrity"])]),
    ("phase2-encryption", lambda d: d.replace("  set proposal aes128-sha1\n  set dhgrp 2\n  set keylifeseconds",
                                              "  set proposal 3des-sha1\n  set dhgrp 2\n  set keylifeseconds"),
     None, [("VPN605", ["vpn-44a8938f-0", "encryption"]), ("VPN605", ["vpn-44a8938f-1", "encryption"])]),
    ("psk", lambda d: d.replace("set psksecret plain-text-password1", "set psksecret Another_Key_Of_Enough_Length"),
     None, [("VPN606", ["vpn-44a8938f-0", "72.21.209.193", "pre-shared key differs"])]),
    ("inside-address", lambda d: d.replace("set ip 169.254.255.2 255.255.255.255", "set ip 169.254.255.9 255.255.255.255"),
     None, [("VPN607", ["vpn-44a8938f-0", "169.254.255.9"])]),
    ("remote-as", lambda d: d.replace("  edit 169.254.255.1\n   set remote-as 7224",
                                      "  edit 169.254.255.1\n   set remote-as 65555"),
     None, [("VPN608", ["vpn-44a8938f-0", "remote-as 65555", "7224"])]),
    ("ike-version", lambda d: d, lambda: _dump(IkeVersions=[{"Value": "ikev2"}]),
     [("VPN603", ["vpn-44a8938f-0", "no common IKE version"]), ("VPN603", ["vpn-44a8938f-1", "IKE version"])]),
]


@pytest.mark.parametrize(("name", "change_device", "change_aws", "expected"), AWS_CASES, ids=[c[0] for c in AWS_CASES])
def test_aws_sample_one_parameter_off(tmp_path, name, change_device, change_aws, expected) -> None:
    device = change_device(AWS_MD.read_text())
    assert device != AWS_MD.read_text() or change_aws is not None
    _, found = check_pair(tmp_path, device, change_aws() if change_aws else AWS_DUMP.read_text())
    assert [rule for rule, _ in found] == [rule for rule, _ in expected], found
    for (_, message), (_, words) in zip(sorted(found), sorted(expected)):
        for word in words:
            assert word in message, (word, message)


def test_orphan_phase2_proposals_are_judged_as_objects(tmp_path):
    """A phase 2 whose phase1name names no phase 1 (here: another case) is a dangling reference, and
    its proposals are still judged, like a transform-set no tunnel uses."""
    from vpnaudit.api import AuditOptions, audit

    path = tmp_path / "fw.conf"
    path.write_text(
        'config vpn ipsec phase1-interface\n    edit "AWS1"\n        set interface "port1"\n'
        "        set ike-version 2\n        set proposal aes256-sha256\n        set dhgrp 14\n"
        "        set remote-gw 203.0.113.1\n    next\nend\n"
        'config vpn ipsec phase2-interface\n    edit "aws1-p2"\n        set phase1name "aws1"\n'
        "        set proposal 3des-md5\n        set dhgrp 14\n    next\nend\n")
    report = audit([str(path)], AuditOptions(select=("VPN002", "VPN210", "VPN211", "VPN212")))
    assert [(f.rule_id, f.line, f.message.split(";")[0]) for f in report.findings] == [
        ("VPN002", 12, "phase1-interface 'aws1' is referenced but not defined (used by phase2-interface aws1-p2)"),
        ("VPN210", 13, "phase2-interface aws1-p2 proposal 3des-md5 uses 3DES (weak)"),
        ("VPN211", 13, "phase2-interface aws1-p2 proposal 3des-md5 uses MD5 (weak)"),
    ]
    path.write_text(path.read_text().replace("        set dhgrp 14\n    next\nend\n", "    next\nend\n", 1)
                    .replace('        set proposal 3des-md5\n        set dhgrp 14\n', "        set proposal 3des-md5\n"))
    report = audit([str(path)], AuditOptions(select=("VPN212",)))
    assert [(f.rule_id, f.line, f.message.split(" (weak")[0]) for f in report.findings] == [
        ("VPN212", 11, "phase2-interface aws1-p2: PFS group not set; the FortiOS 7.2 (assumed) default group 5 applies"),
    ]
