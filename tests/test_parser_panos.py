"""PAN-OS parser: facts checked by hand in every PAN-OS corpus file, the two input forms agreeing,
fragments grouped by reference, Panorama templates, and the XML reader's safety limits."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from vpnaudit.api import AuditOptions, audit
from vpnaudit.parsers import detect_vendor, panos, unwrap_markdown
from vpnaudit.parsers._base import SourceFile

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "corpus"
PANOS_FILES = sorted(p for p in (CORPUS / "panos").iterdir() if p.is_file()) + [
    CORPUS / "other" / "aws-docs-netadmin-palo-alto-panos-bgp.md",
    CORPUS / "other" / "batfish-panos-ike-crypto-profiles.cfg",
]


def read(path: Path) -> str:
    text = path.read_text("utf-8")
    return unwrap_markdown(text) if path.suffix == ".md" else text


def parse_one(path: Path):
    devices = panos.parse([SourceFile(str(path), read(path))])
    return devices


def parse_text(text: str, name: str = "running-config.xml"):
    [device] = panos.parse([SourceFile(name, text)])
    return device


def ike(device, name):
    return next(p for p in device.ike_policies if p.name == name)


def ipsec(device, name):
    return next(p for p in device.ipsec_proposals if p.name == name)


@pytest.mark.parametrize("path", PANOS_FILES, ids=[p.name for p in PANOS_FILES])
def test_every_corpus_file_is_detected_and_parses_without_unexplained_vpn001(path: Path) -> None:
    assert detect_vendor(read(path), str(path))[0] == "panos"
    devices = parse_one(path)
    assert devices
    for device in devices:
        assert device.vendor == "panos"
        assert device.unmodeled == ()
        assert device.problems == ()


def test_policy_best_practices_gateway_tunnel_proxy_id() -> None:
    [device] = parse_one(CORPUS / "panos" / "panos-php-policy-best-practices-6.1-ike-gateway-proxy-id.xml")
    assert (device.hostname, device.version) == ("FW1", "6.1.0")
    [tunnel] = device.tunnels
    assert (tunnel.name, tunnel.line, tunnel.peer_address, tunnel.local_address) == (
        "SuperPartner-ipsec", 487, "167.56.79.1", "81.81.0.1")
    assert tunnel.local_interface == "ethernet1/1"
    # tunnel.2 has only a comment: no inside address, the default MTU
    assert tunnel.inside is None and tunnel.mtu == 1500 and "mtu" in tunnel.defaults
    # proxy-id: a policy-style selector
    assert tunnel.routing == "policy-based"
    assert [(s.local, s.remote, s.line) for s in tunnel.traffic_selectors] == [("10.0.0.0/16", "192.168.1.0", 493)]
    gw = tunnel.ike
    assert (gw.name, gw.line, gw.versions, gw.mode, gw.auth) == ("SuperPatnerCorp", 454, (1,), "main", "psk")
    assert {"versions", "mode", "proposals"} <= set(gw.defaults)  # unset: ikev1, auto, profile "default"
    assert gw.nat_traversal is False
    assert [(p.name, p.encryption, p.integrity, p.dh_groups, p.lifetime_seconds) for p in gw.proposals] == [
        ("default", ("AES128", "3DES"), ("SHA1",), (2,), 28800)]
    assert (gw.dpd.enabled, gw.dpd.interval_seconds, gw.dpd.retries) == (True, 5, 5)
    assert set(gw.dpd.defaults) == {"interval_seconds", "retries"}
    assert (gw.psk.present, gw.psk.encrypted, gw.psk.line, gw.psk.digest) == (True, True, 468, None)
    sa = tunnel.ipsec
    assert (sa.name, sa.pfs_groups, sa.lifetime_seconds, sa.replay_protection, sa.replay_window) == (
        "default", (2,), 3600, True, 1024)
    assert sa.proposals[0].encryption == ("AES128", "3DES")
    assert ike(device, "default").line == 419 and ipsec(device, "default").line == 436
    assert device.extra["vsys"] == "vsys1: ethernet1/1, ethernet1/2, ethernet1/2.1, tunnel.2"


def test_stage00_weak_unattached_profiles_and_bgp() -> None:
    [device] = parse_one(CORPUS / "panos" / "panos-php-appid-stage00-8.0-weak-profiles-no-gateway.xml")
    assert (device.hostname, device.version, device.tunnels) == ("PA-200", "8.0.0", ())
    p1 = ike(device, "server1.default.de_p1")
    assert (p1.line, p1.encryption, p1.integrity, p1.dh_groups, p1.lifetime_seconds) == (
        1228, ("3DES",), ("SHA1",), (2,), 28800)
    p2 = ipsec(device, "server1.default.de_p2")
    assert (p2.line, p2.encryption, p2.integrity, p2.dh_groups) == (1301, ("3DES",), ("MD5",), (2,))
    assert ike(device, "g2-sha1-aes256cbc-28800").encryption == ("AES256",)
    assert [(n.neighbor, n.remote_as, n.local_as, n.keepalive_seconds, n.hold_seconds) for n in device.bgp.neighbors] == [
        ("172.16.2.2", 200, 100, 30, 90), ("172.16.1.2", 100, 200, 30, 90)]


def test_iron_skillet_predefined_profiles_in_the_file() -> None:
    [device] = parse_one(CORPUS / "panos" / "iron-skillet-sample-cloud-aws-panos-full.xml")
    assert (device.hostname, device.version, device.tunnels) == ("panos-01", "10.1.0", ())
    assert [(p.name, p.line, p.encryption, p.integrity, p.dh_groups, p.lifetime_seconds) for p in device.ike_policies] == [
        ("default", 425, ("AES128", "3DES"), ("SHA1",), (2,), 28800),
        ("Suite-B-GCM-128", 440, ("AES128",), ("SHA2-256",), (19,), 28800),
        ("Suite-B-GCM-256", 454, ("AES256",), ("SHA2-384",), (20,), 28800)]
    assert [(p.name, p.encryption, p.integrity, p.dh_groups) for p in device.ipsec_proposals] == [
        ("default", ("AES128", "3DES"), ("SHA1",), (2,)),
        ("Suite-B-GCM-128", ("AES128-GCM-16",), (), (19,)),
        ("Suite-B-GCM-256", ("AES256-GCM-16",), (), (20,))]


def test_prisma_containers_are_devices_of_their_own() -> None:
    devices = parse_one(CORPUS / "panos" / "panos-php-fawkes-baseconfig-prisma-vendor-profiles.xml")
    assert [d.hostname for d in devices] == ["container All", "cloud Service Connections", "cloud Remote Networks"]
    assert all(d.version == "10.0.0" for d in devices)
    assert ike(devices[1], "CloudGenix-IKE-Crypto-Default").dh_groups == (5,)
    assert ike(devices[1], "CiscoASA-IKE-Crypto-Default").encryption == ("AES256", "3DES", "DES")
    assert ipsec(devices[1], "CiscoASA-IPSec-Crypto-Default").encryption[:2] == ("AES256-GCM-16", "AES128-GCM-16")


def test_batfish_set_forms_units_and_lists() -> None:
    [ipsec_dev] = parse_one(CORPUS / "panos" / "batfish-panos-ipsec-crypto-profiles.cfg")
    assert ipsec_dev.hostname == "ipsec-crypto-profiles"
    assert [(p.name, p.line, p.encryption, p.integrity, p.dh_groups) for p in ipsec_dev.ipsec_proposals] == [
        ("default", 3, ("AES128", "DES"), ("SHA1",), (2,)),
        ("profile1", 8, ("AES128-GCM-16",), (), (14,))]  # "esp authentication none" with GCM
    [ike_dev] = parse_one(CORPUS / "other" / "batfish-panos-ike-crypto-profiles.cfg")
    assert [(p.name, p.lifetime_seconds) for p in ike_dev.ike_policies] == [("default", 123 * 3600), ("profile1", 8)]
    assert ike(ike_dev, "profile1").integrity == ("SHA2-384",) and ike(ike_dev, "profile1").dh_groups == (19,)
    [gp] = parse_one(CORPUS / "panos" / "batfish-panos-global-protect-app-crypto-profiles.cfg")
    assert (gp.ike_policies, gp.ipsec_proposals, gp.tunnels) == ((), (), ())
    assert "GlobalProtect" in gp.extra["global-protect"]


def test_gcp_skillet_fragments_form_one_device_by_reference() -> None:
    files = [CORPUS / "panos" / n for n in (
        "cestebanez-gcp-vpn-skillet-ikecrypto-aes256-sha1-group2-36000s.xml",
        "cestebanez-gcp-vpn-skillet-ikeprofile-ikev2-profile-under-ikev1.xml")]
    sources = [SourceFile(str(p), read(p)) for p in files]
    others = [SourceFile(str(CORPUS / "panos" / "iron-skillet-sample-cloud-aws-panos-full.xml"), "<config/>")]
    assert [sorted(Path(f.path).name for f in g) for g in panos.group(sources + others)] == [
        ["iron-skillet-sample-cloud-aws-panos-full.xml"], sorted(p.name for p in files)]
    [device] = panos.parse(sources)
    assert "fragment" in device.extra
    gcp = ike(device, "GCPIKECrypto")
    assert (gcp.line, gcp.file, gcp.encryption, gcp.integrity, gcp.dh_groups, gcp.lifetime_seconds) == (
        1, None, ("AES256",), ("SHA1",), (2,), 36000)
    # version ikev2, but the custom profile is named under <ikev1> only: IKEv2 uses "default"
    dflt = ike(device, "default")
    assert (dflt.encryption, dflt.file, dflt.line) == (("AES128", "3DES"), str(files[1]), 1)
    assert [(k.line, k.placeholder, k.digest) for k in device.keys] == [(4, True, None), (49, True, None)]


def test_aws_sample_page_facts_and_its_own_mistakes() -> None:
    [device] = parse_one(CORPUS / "other" / "aws-docs-netadmin-palo-alto-panos-bgp.md")
    t1, t2 = device.tunnels
    assert (t1.name, t1.line, t1.peer_address, t1.inside.local, t1.mtu) == (
        "ipsec-tunnel-1", 138, "72.21.209.193", "169.254.255.5/30", 1427)
    assert (t2.name, t2.peer_address, t2.inside.local, t2.mtu) == (
        "ipsec-tunnel-2", "72.21.209.225", "169.254.255.1/30", 1427)
    assert "local_address" in t1.unknown  # YOUR_UPLINK_ADDRESS
    g1 = t1.ike
    assert (g1.name, g1.versions, g1.mode, g1.dpd.interval_seconds, g1.dpd.retries) == (
        "ike-vpn-44a8938f-0", (1,), "main", 10, 3)
    assert [(p.name, p.encryption, p.integrity, p.dh_groups, p.lifetime_seconds) for p in g1.proposals] == [
        ("ike-crypto-vpn-44a8938f-0", ("AES128",), ("SHA1",), (2,), 28800)]
    assert (g1.psk.placeholder, g1.psk.line) == (True, 89)  # plain-text-password1
    assert (t1.ipsec.pfs_groups, t1.ipsec.lifetime_seconds, t1.ipsec.replay_protection) == ((2,), 3600, True)
    assert (t1.bgp.neighbor, t1.bgp.remote_as, t1.bgp.keepalive_seconds, t1.bgp.hold_seconds) == (
        "169.254.255.2", 7224, 10, 30)
    # the page's tunnel 2 gateway names a profile the page never defines
    assert [(d.kind, d.name, d.line) for d in device.dangling] == [
        ("ike-crypto-profile", "ike-crypto-vpn-35a6445c-1", 231)]
    assert t2.ike.proposals == ()
    assert t2.bgp.neighbor == "169.254.255.6.113"  # as printed on the page


SET_CONFIG = """\
set deviceconfig system hostname edge-fw
set network ike crypto-profiles ike-crypto-profiles P1 encryption [ aes-256-cbc aes-128-gcm ]
set network ike crypto-profiles ike-crypto-profiles P1 hash sha256
set network ike crypto-profiles ike-crypto-profiles P1 dh-group group20
set network ike crypto-profiles ike-crypto-profiles P1 lifetime hours 8
set network ike crypto-profiles ipsec-crypto-profiles P2 esp encryption aes-256-gcm
set network ike crypto-profiles ipsec-crypto-profiles P2 esp authentication none
set network ike crypto-profiles ipsec-crypto-profiles P2 dh-group group20 lifetime seconds 3600
set network ike gateway GW1 protocol version ikev2
set network ike gateway GW1 protocol ikev2 ike-crypto-profile P1 dpd enable yes interval 10
set network ike gateway GW1 authentication pre-shared-key key -AQ==c2VjcmV0aXNoCg==
set network ike gateway GW1 local-address interface ethernet1/1 ip 198.51.100.10/24
set network ike gateway GW1 peer-address ip 192.0.2.41
set network interface ethernet ethernet1/1 layer3 ip 198.51.100.10/24
set network interface ethernet ethernet1/2 layer3 adjust-tcp-mss enable yes ipv4-mss-adjustment 200
set network interface tunnel units tunnel.1 ip 169.254.30.2/30
set network interface tunnel units tunnel.1 mtu 1427
set network tunnel ipsec T1 auto-key ike-gateway GW1
set network tunnel ipsec T1 auto-key ipsec-crypto-profile P2
set network tunnel ipsec T1 tunnel-interface tunnel.1
set network tunnel ipsec T1 anti-replay yes
set network logical-router LR vrf default bgp enable yes local-as 65020
set network logical-router LR vrf default bgp peer-group AWS peer A1 peer-as 64512
set network logical-router LR vrf default bgp peer-group AWS peer A1 peer-address ip 169.254.30.1
set network logical-router LR vrf default bgp peer-group AWS peer A1 connection-options timers T10
set network routing-profile bgp timer-profile T10 keep-alive-interval 10 hold-time 30
"""

XML_CONFIG = """\
<config version="11.0.0">
  <devices>
    <entry name="localhost.localdomain">
      <deviceconfig><system><hostname>edge-fw</hostname></system></deviceconfig>
      <network>
        <ike>
          <crypto-profiles>
            <ike-crypto-profiles>
              <entry name="P1">
                <encryption><member>aes-256-cbc</member><member>aes-128-gcm</member></encryption>
                <hash><member>sha256</member></hash>
                <dh-group><member>group20</member></dh-group>
                <lifetime><hours>8</hours></lifetime>
              </entry>
            </ike-crypto-profiles>
            <ipsec-crypto-profiles>
              <entry name="P2">
                <esp><encryption><member>aes-256-gcm</member></encryption>
                  <authentication><member>none</member></authentication></esp>
                <dh-group>group20</dh-group>
                <lifetime><seconds>3600</seconds></lifetime>
              </entry>
            </ipsec-crypto-profiles>
          </crypto-profiles>
          <gateway>
            <entry name="GW1">
              <protocol>
                <version>ikev2</version>
                <ikev2><ike-crypto-profile>P1</ike-crypto-profile><dpd><enable>yes</enable><interval>10</interval></dpd></ikev2>
              </protocol>
              <authentication><pre-shared-key><key>-AQ==c2VjcmV0aXNoCg==</key></pre-shared-key></authentication>
              <local-address><interface>ethernet1/1</interface><ip>198.51.100.10/24</ip></local-address>
              <peer-address><ip>192.0.2.41</ip></peer-address>
            </entry>
          </gateway>
        </ike>
        <interface>
          <ethernet>
            <entry name="ethernet1/1"><layer3><ip><entry name="198.51.100.10/24"/></ip></layer3></entry>
            <entry name="ethernet1/2"><layer3><adjust-tcp-mss><enable>yes</enable>
              <ipv4-mss-adjustment>200</ipv4-mss-adjustment></adjust-tcp-mss></layer3></entry>
          </ethernet>
          <tunnel><units><entry name="tunnel.1"><ip><entry name="169.254.30.2/30"/></ip><mtu>1427</mtu></entry></units></tunnel>
        </interface>
        <tunnel>
          <ipsec>
            <entry name="T1">
              <auto-key>
                <ike-gateway><entry name="GW1"/></ike-gateway>
                <ipsec-crypto-profile>P2</ipsec-crypto-profile>
              </auto-key>
              <tunnel-interface>tunnel.1</tunnel-interface>
              <anti-replay>yes</anti-replay>
            </entry>
          </ipsec>
        </tunnel>
        <logical-router>
          <entry name="LR"><vrf><entry name="default"><bgp>
            <enable>yes</enable><local-as>65020</local-as>
            <peer-group><entry name="AWS"><peer><entry name="A1">
              <peer-as>64512</peer-as><peer-address><ip>169.254.30.1</ip></peer-address>
              <connection-options><timers>T10</timers></connection-options>
            </entry></peer></entry></peer-group>
          </bgp></entry></vrf></entry>
        </logical-router>
        <routing-profile><bgp><timer-profile><entry name="T10">
          <keep-alive-interval>10</keep-alive-interval><hold-time>30</hold-time>
        </entry></timer-profile></bgp></routing-profile>
      </network>
    </entry>
  </devices>
</config>
"""


def _facts(device):
    [t] = device.tunnels
    return {
        "host": device.hostname,
        "tunnel": (t.name, t.peer_address, t.local_address, t.inside.local, t.mtu, t.tcp_mss, t.routing),
        "ike": (t.ike.versions, t.ike.mode, t.ike.psk.encrypted, t.ike.dpd.enabled, t.ike.dpd.interval_seconds,
                [(p.name, p.encryption, p.integrity, p.prf, p.dh_groups, p.lifetime_seconds, p.versions)
                 for p in t.ike.proposals]),
        "ipsec": (t.ipsec.name, t.ipsec.pfs_groups, t.ipsec.lifetime_seconds, t.ipsec.replay_window,
                  t.ipsec.proposals[0].encryption, t.ipsec.proposals[0].integrity),
        "bgp": (t.bgp.neighbor, t.bgp.remote_as, t.bgp.local_as, t.bgp.keepalive_seconds, t.bgp.hold_seconds),
        "unmodeled": device.unmodeled, "dangling": device.dangling, "problems": device.problems,
    }


def test_set_and_xml_forms_give_the_same_model() -> None:
    from_set = _facts(parse_text(SET_CONFIG, "edge.set"))
    from_xml = _facts(parse_text(XML_CONFIG))
    assert from_set == from_xml
    assert from_set["tunnel"] == ("T1", "192.0.2.41", "198.51.100.10", "169.254.30.2/30", 1427, 1300, "route-based")
    assert from_set["ike"] == ((2,), None, True, True, 10, [
        ("P1", ("AES256", "AES128-GCM-16"), ("SHA2-256",), ("SHA2-256",), (20,), 28800, (2,))])
    assert from_set["ipsec"] == ("P2", (20,), 3600, 1024, ("AES256-GCM-16",), ())
    assert from_set["bgp"] == ("169.254.30.1", 64512, 65020, 10, 30)
    assert detect_vendor(SET_CONFIG, "edge.set")[0] == "panos"
    assert detect_vendor(XML_CONFIG, "running-config.xml")[0] == "panos"


def test_lines_of_settings_in_both_forms() -> None:
    dev = parse_text(SET_CONFIG, "edge.set")
    [t] = dev.tunnels
    assert (t.line, t.ike.line, t.ike.line_of("versions"), t.ike.psk.line, t.line_of("mtu"), t.line_of("tcp_mss")) == (
        18, 9, 9, 11, 17, 15)
    assert (t.ipsec.line, t.ipsec.line_of("pfs_groups"), t.ipsec.line_of("lifetime_seconds")) == (6, 8, 8)
    dev = parse_text(XML_CONFIG)
    [t] = dev.tunnels
    assert (t.line, t.ike.line, t.ike.line_of("versions"), t.ike.psk.line, t.ipsec.line_of("pfs_groups")) == (
        47, 26, 28, 31, 20)


def test_plain_key_in_a_set_script_is_kept_only_as_facts() -> None:
    secret = "Sup3r-Secret-Key-Never-Printed-42"
    text = SET_CONFIG.replace("-AQ==c2VjcmV0aXNoCg==", secret)
    device = parse_text(text, "edge.set")
    key = device.tunnels[0].ike.psk
    assert (key.encrypted, key.encoding, key.length, key.placeholder) == (False, "plain", len(secret), False)
    assert secret not in device.model_dump_json() and secret not in json.dumps(device.export())


def test_panorama_template_is_a_device_named_after_it() -> None:
    inner = XML_CONFIG.split("<network>", 1)[1].split("</network>", 1)[0]
    text = (
        '<config version="10.2.0"><devices><entry name="localhost.localdomain">'
        '<deviceconfig><system><hostname>panorama</hostname></system></deviceconfig>'
        '<template><entry name="AWS-Branch"><config><devices><entry name="localhost.localdomain">'
        f"<network>{inner}</network>"
        "</entry></devices></config></entry></template>"
        "</entry></devices></config>\n")
    [device] = panos.parse([SourceFile("panorama.xml", text)])
    assert device.hostname == "template AWS-Branch"
    assert device.tunnels[0].peer_address == "192.0.2.41"


def test_predefined_profile_expands_and_unknown_profile_dangles() -> None:
    text = """\
set network ike gateway G peer-address ip 192.0.2.1
set network ike gateway G protocol ikev1 ike-crypto-profile Suite-B-GCM-256
set network ike gateway G authentication pre-shared-key key -AQ==abc
set network tunnel ipsec T auto-key ike-gateway G
set network tunnel ipsec T auto-key ipsec-crypto-profile NOPE
set network tunnel ipsec T tunnel-interface tunnel.9
"""
    device = parse_text(text, "a.set")
    [t] = device.tunnels
    assert [(p.name, p.encryption, p.integrity, p.dh_groups, p.line) for p in t.ike.proposals] == [
        ("Suite-B-GCM-256", ("AES256",), ("SHA2-384",), (20,), 2)]
    assert [(d.kind, d.name, d.line) for d in device.dangling] == [
        ("ipsec-crypto-profile", "NOPE", 5), ("interface", "tunnel.9", 6)]
    assert t.ipsec is None


def test_placeholders_are_unknown_never_defaults() -> None:
    text = """\
<entry name="{{ name }}">
  <protocol><version>ikev2</version><ikev2><ike-crypto-profile>{{ ike_profile }}</ike-crypto-profile></ikev2></protocol>
  <peer-address><ip>{{ peer_ip }}</ip></peer-address>
  <authentication><pre-shared-key><key>{{ psk }}</key></pre-shared-key></authentication>
</entry>
"""
    device = parse_text(text, "gateway.xml")
    assert device.ike_policies == () and device.dangling == ()
    assert device.keys[0].placeholder and device.keys[0].digest is None
    assert "ike-crypto-profile" in device.extra["unknown"]


def test_xml_comment_suppression_covers_its_element() -> None:
    text = XML_CONFIG.replace(
        '<entry name="P1">', '<entry name="P1"><!-- vpnaudit: disable=VPN110 - legacy peer -->', 1)
    device = parse_text(text)
    [s] = device.suppressions
    assert (s.rule_ids, s.reason, s.line, s.scope_start, s.scope_end) == (("VPN110",), "legacy peer", 9, 9, 14)


def test_set_comment_suppression_covers_the_following_run() -> None:
    text = "# vpnaudit: disable=VPN112 -- partner\n" + SET_CONFIG
    device = parse_text(text, "edge.set")
    [s] = device.suppressions
    assert (s.rule_ids, s.line, s.scope_start, s.scope_end) == (("VPN112",), 1, 2, 27)


# ---- XML safety ----------------------------------------------------------------------------------


def test_doctype_and_entities_are_refused() -> None:
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
              "<config><devices/></config>\n")
    device = parse_text(laughs)
    assert [p.message for p in device.problems][0].startswith("XML with a DOCTYPE")
    external = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<config>&e;</config>\n'
    assert parse_text(external).problems


def test_deep_nesting_is_capped_without_recursion() -> None:
    text = "<a>" * 50_000 + "</a>" * 50_000
    start = time.perf_counter()
    device = parse_text(text)
    assert time.perf_counter() - start < 10
    assert any("nested deeper" in p.message for p in device.problems)


def test_broken_xml_is_a_problem_with_a_line() -> None:
    device = parse_text(XML_CONFIG.replace("</gateway>", "</gatway>"))
    assert device.problems and device.problems[0].line == 35


def test_lint_on_the_corpus_directory_runs_and_names_the_vendor(tmp_path) -> None:
    report = audit([str(CORPUS / "panos")], AuditOptions())
    assert {d.vendor for d in report.devices} == {"panos"}
    assert not [f for f in report.findings if f.rule_id in ("VPN000", "VPN001")]


def test_pan_os_clamps_mss_through_the_tunnel_by_itself() -> None:
    # no "adjust-tcp-mss" anywhere: the KB's automatic clamp, min(tunnel MTU - 40, what fits the
    # outer MTU after ESP): AES-256-GCM = 20 + 4 + 4 + 8 + 3 + 1 + 1 + 16 = 57 -> 1403; 1427 - 40 = 1387
    text = SET_CONFIG.replace(
        "set network interface ethernet ethernet1/2 layer3 adjust-tcp-mss enable yes ipv4-mss-adjustment 200\n", "")
    [t] = parse_text(text, "edge.set").tunnels
    assert (t.tcp_mss, "tcp_mss" in t.defaults, t.line_of("tcp_mss")) == (1387, True, None)


def test_script_placeholders_are_not_keys_and_fragment_names_are_not_dangling() -> None:
    # an API element from a Python script: "{PSK}" is a format placeholder, the profile lives in the
    # configuration the fragment is pushed into
    text = """\
<entry name="IKE-GW-FORTIGATE">
  <authentication><pre-shared-key><key>{PSK}</key></pre-shared-key></authentication>
  <protocol><ikev2><ike-crypto-profile>IKE-FORTIGATE</ike-crypto-profile></ikev2><version>ikev2</version></protocol>
  <peer-address><ip>200.201.100.2</ip></peer-address>
</entry>
"""
    device = parse_text(text, "gw.xml")
    [key] = device.keys
    assert (key.placeholder, key.digest, key.line) == (True, None, 2)
    assert device.dangling == ()
    assert "IKE-FORTIGATE (not in the fragment)" in device.extra["unknown"]


def test_tunnel_container_fragment_and_known_non_ipsec_tunnels() -> None:
    text = """\
<tunnel>
  <ipsec>
    <entry name="T">
      <tunnel-interface>tunnel.1</tunnel-interface>
      <auto-key><ike-gateway><entry name="GW"/></ike-gateway></auto-key>
    </entry>
  </ipsec>
  <global-protect-gateway/>
</tunnel>
"""
    device = parse_text(text, "tunnel.xml")
    [t] = device.tunnels
    assert (t.name, t.line, t.ike) == ("T", 3, None)
    assert {"ike", "inside", "mtu", "tcp_mss"} <= set(t.unknown)
    assert device.unmodeled == () and device.dangling == () and device.problems == ()


def test_unknown_statements_under_network_ike_are_vpn001() -> None:
    text = """\
set network ike crypto-profiles ike-crypto-profile P encryption aes-256
set network tunnel ipsec T tunnel-interface tunnel.1 ike-gateway GW
"""
    device = parse_text(text, "bad.set")
    assert [u.line for u in device.unmodeled] == [1, 2]


def test_no_secret_in_unmodelled_text_problems_or_export() -> None:
    secret = "Zq9-Unmodelled-Secret-Value-77"
    text = (SET_CONFIG
            + f"set network ike gateway GW1 authentication pre-shared-key extra {secret}\n"
            + "set network ike gateway GW1 authentication certificate local-certificate -AQ==abcdEFGH==\n")
    device = parse_text(text, "edge.set")
    dumped = device.model_dump_json()
    assert [u.line for u in device.unmodeled] == [27, 28]
    assert secret not in dumped and "-AQ==abcd" not in dumped and "c2VjcmV0aXNoCg" not in dumped


VSYS = """\
      <vsys><entry name="vsys1">
        <rulebase><security><rules><entry name="allow-all">
          <!-- vpnaudit: disable=VPN110 - a directive among rules -->
          <from><member>any</member></from><action>allow</action>
        </entry></rules></security></rulebase>
        <address><entry name="aws-peer"><ip-netmask>192.0.2.41</ip-netmask></entry></address>
        <import><network><interface><member>tunnel.1</member></interface></network></import>
      </entry></vsys>
"""


def test_unread_subtrees_are_not_kept_but_their_directives_still_count(tmp_path: Path) -> None:
    """A vsys's rulebase (like security profiles and logging) is never read: the reader keeps no
    record of it, yet an inline directive inside it is still reported as suppressing nothing, and
    the parts of the vsys the builder reads (imported interfaces, address objects) are read."""
    from vpnaudit.parsers.panos.reader import xml_records

    text = XML_CONFIG.replace("</deviceconfig>\n", "</deviceconfig>\n" + VSYS, 1)
    paths = [r.path for r in xml_records(text).records]
    assert not any("rulebase" in p or "allow-all" in p for p in paths)
    assert any(p[-2:] == ("aws-peer", "ip-netmask") for p in paths)
    device = parse_text(text)
    assert device.extra["vsys"] == "vsys1: tunnel.1"
    [s] = device.suppressions
    assert (s.line, s.scope_start, s.scope_end) == (7, 6, 9)  # the rulebase: nothing modelled lies there
    config = tmp_path / "running-config.xml"
    config.write_text(text)
    report = audit([str(config)], AuditOptions(jobs=1))
    assert f"{config}:7: inline suppression of VPN110 suppressed nothing; remove it" in report.notices


def test_depth_is_capped_inside_unread_subtrees_too() -> None:
    deep = "<x>" * 300 + "</x>" * 300
    text = XML_CONFIG.replace("</deviceconfig>\n", f"</deviceconfig><vsys><entry name='v'><rulebase>{deep}</rulebase>"
                              "</entry></vsys>\n", 1)
    device = parse_text(text)
    assert any("nested deeper" in p.message for p in device.problems)
    assert device.hostname == "edge-fw"  # what came before is read
