"""Issue 18 part B: fidelity on configs never seen (strongSwan, Libreswan, AWS XML, honesty, keys).

One minimal config per defect class; every test asserts the exact findings (rule, line, key words).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vpnaudit.api import AuditOptions, audit
from vpnaudit.model import PreSharedKey, is_placeholder
from vpnaudit.parsers import PARSER_MODULES, SourceFile
from vpnaudit.parsers import strongswan

PSK = "Xq7vR2mK9pL4sT8wZ3nB6cY1dF5gH0jQaE2uW9rN"  # 40 random characters: no key finding


def lint(tmp_path: Path, files: dict[str, str], **options: object) -> list[tuple[str, int | None, str]]:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    paths = [str(tmp_path / n) for n in files] if len(files) == 1 else [str(tmp_path)]
    report = audit(paths, AuditOptions(profile="recommended", **options))  # type: ignore[arg-type]
    return [(f.rule_id, f.line, f.message) for f in report.active]


def rules(found: list[tuple[str, int | None, str]]) -> list[tuple[str, int | None]]:
    return [(r, line) for r, line, _ in found]


LIBRESWAN_AWS = """config setup
    uniqueids=no

conn aws1
    auto=start
    authby=secret
    left=%defaultroute
    leftid=198.51.100.10
    right=203.0.113.1
    leftsubnet=0.0.0.0/0
    rightsubnet=0.0.0.0/0
    ipsec-interface=1
    ike=aes-sha2_256
    esp=aes256-sha2_256
    ikelifetime=28800s
    ipsec-lifetime=3600s
    dpddelay=10
    dpdtimeout=30
    dpdaction=restart
    nopmtudisc=yes

conn aws2
    also=aws1
    right=203.0.113.2
    ipsec-interface=2
"""


def test_libreswan_omitted_dh_is_filled_pfs_default_and_ipsec_lifetime_modelled(tmp_path: Path) -> None:
    """Class 1: ike=aes-sha2_256 gets Libreswan's DH groups, pfs=yes is the default, ipsec-lifetime=
    is a keyword (no VPN001 and no "not set" VPN207), nopmtudisc=yes clears DF: nothing to report."""
    found = lint(tmp_path, {"ipsec.conf": LIBRESWAN_AWS})
    assert found == []
    [d] = strongswan.parse([SourceFile("ipsec.conf", LIBRESWAN_AWS)])
    assert (d.extra["implementation"], d.extra["libreswan_version"]) == ("libreswan", "5")
    t = d.tunnels[0]
    [p] = t.ike.proposals
    assert p.dh_groups == (14, 15, 16, 18, 19, 20, 21, 31) and p.defaults == ("dh_groups",)
    assert t.ipsec.pfs_groups == p.dh_groups and t.ipsec.lifetime_seconds == 3600
    assert (t.df_bit, t.lines) == ("clear", (("df_bit", 20),))
    assert t.ike.versions == (2,) and "versions" in t.ike.defaults


def test_libreswan_version_table_picked_by_config(tmp_path: Path) -> None:
    """No ike=: Libreswan 3 defaults allow SHA1 and MODP1536 and propose IKEv1; 5 does not."""
    conf = "conn a\n\tauto=start\n\tauthby=secret\n\tright=203.0.113.1\n\tsalifetime=1h\n\tdpddelay=10\n\tdpdtimeout=30\n\tnopmtudisc=yes\n\tpfs=yes\n"
    found5 = lint(tmp_path, {"ipsec.conf": conf})
    assert rules(found5) == [("VPN411", 1)]
    found3 = lint(tmp_path, {"ipsec.conf": conf}, libreswan_version=3)
    assert rules(found3) == [("VPN111", 1), ("VPN111", 1), ("VPN112", 1), ("VPN113", 1),
                             ("VPN211", 1), ("VPN411", 1), ("VPN207", 5), ("VPN212", 9)]
    assert all("Libreswan 3 default" in m for r, _, m in found3[:5])
    assert "below the phase-1 lifetime (3600 s)" in found3[6][2]  # 3.x: ikelifetime 1h
    assert "a ike#1, ike#2 (default): DH group not set" in found3[2][2] and "group 5" in found3[2][2]


def test_libreswan_5_refuses_ikev1_without_policy() -> None:
    conf = "conn a\n\tauto=start\n\tauthby=secret\n\tright=203.0.113.1\n\tkeyexchange=ikev1\n"
    [d] = strongswan.parse([SourceFile("ipsec.conf", conf + "\tnopmtudisc=yes\n")])
    assert d.tunnels[0].enabled is False
    assert [(p.line, "ikev1-policy=accept" in p.message) for p in d.problems] == [(5, True)]
    allowed = "config setup\n\tikev1-policy=accept\n\n" + conf + "\tnopmtudisc=yes\n"
    [d] = strongswan.parse([SourceFile("ipsec.conf", allowed)])
    assert d.tunnels[0].enabled is True and d.problems == ()


def test_libreswan_told_from_strongswan_by_markers() -> None:
    """keyingtries= / mobike= exist in both; ';' DH syntax and ipsec-interface= are Libreswan's."""
    lib = "conn a\n\tright=203.0.113.1\n\tkeyingtries=%forever\n\tike=aes256-sha2;modp2048\n\tauto=start\n"
    ss = "conn a\n\tright=203.0.113.1\n\tkeyingtries=%forever\n\tike=aes256-sha256-modp2048!\n\tauto=start\n"
    assert strongswan.parse([SourceFile("ipsec.conf", lib)])[0].extra.get("implementation") == "libreswan"
    assert strongswan.parse([SourceFile("ipsec.conf", ss)])[0].extra.get("implementation") is None


def test_df_bit_judged_in_ipsec_conf(tmp_path: Path) -> None:
    """Class 1 DF: stroke ipsec.conf and Libreswan copy DF (Linux XFRM default) -> VPN403 at the conn."""
    conf = ("conn a\n\tauto=start\n\tauthby=secret\n\tright=203.0.113.1\n\tkeyexchange=ikev2\n"
            "\tike=aes256-sha256-modp2048!\n\tesp=aes256-sha256-modp2048!\n\tdpdaction=restart\n\tdpddelay=10s\n"
            "\tdpdtimeout=30s\n")
    found = lint(tmp_path, {"ipsec.conf": conf})
    assert rules(found) == [("VPN403", 1), ("VPN411", 1)]
    assert "strongSwan default df-bit copy" in found[0][2]


def test_auto_ignore_and_also_bases_are_not_judged(tmp_path: Path) -> None:
    """Class 2: an auto=ignore conn and an also= base without auto= are not connections to judge."""
    conf = ("conn base\n\tauthby=secret\n\tright=%any\n\tpfs=no\n\tikev2=never\n\n"
            "conn off\n\tauto=ignore\n\tright=203.0.113.9\n\tauthby=secret\n\tpfs=no\n\n"
            "conn l2tp\n\talso=base\n\tauto=add\n\ttype=transport\n\tleftprotoport=17/1701\n\n"
            "config setup\n\tikev1-policy=accept\n")
    [d] = strongswan.parse([SourceFile("ipsec.conf", conf)])
    assert [(t.name, t.enabled) for t in d.tunnels] == [("off", False), ("l2tp", True)]
    # strongSwan: no auto= is auto=ignore, which its starter never loads
    [d] = strongswan.parse([SourceFile("ipsec.conf", "conn a\n\tright=203.0.113.1\n\tkeyexchange=ikev2\n")])
    assert d.tunnels[0].enabled is False


def test_raw_rsa_keys_are_vpn106(tmp_path: Path) -> None:
    """Class 4: leftrsasigkey= / rightrsasigkey= (no certificate) is an authentication AWS cannot use."""
    conf = ("conn a\n\tauto=start\n\tright=203.0.113.1\n\tleftrsasigkey=0sAQOm9dY/449sAWr8e3xtV4tJOQ1396zi\n"
            "\trightrsasigkey=0sAQO9bJbr33iJs+13DaF/e+UWwsnkfZIK\n\tikev2=yes\n\tpfs=yes\n\tnopmtudisc=yes\n")
    found = lint(tmp_path, {"ipsec.conf": conf})
    assert [(r, line) for r, line, m in found if r == "VPN106"] == [("VPN106", 1)]
    assert "raw RSA public keys" in next(m for r, _, m in found if r == "VPN106")
    with_cert = conf.replace("\tleftrsasigkey=0sAQOm9dY/449sAWr8e3xtV4tJOQ1396zi\n", "\tleftcert=gw.pem\n")
    [d] = strongswan.parse([SourceFile("ipsec.conf", with_cert)])
    assert d.tunnels[0].ike.auth == "certificate"


def test_gre_over_ipsec_is_vpn414(tmp_path: Path) -> None:
    """Class 6: swanctl dynamic[gre] and ipsec.conf leftprotoport=gre carry GRE like IOS GRE/IPsec."""
    swanctl = ("connections {\n  s2s {\n    remote_addrs = 203.0.113.1\n    version = 2\n"
               "    proposals = aes256-sha256-modp2048\n    local {\n      auth = psk\n    }\n"
               "    remote {\n      auth = psk\n    }\n    children {\n      gre {\n"
               "        local_ts = dynamic[gre]\n        remote_ts = dynamic[gre]\n        mode = transport\n"
               "        esp_proposals = aes256-sha256-modp2048\n      }\n    }\n  }\n}\n")
    [d] = strongswan.parse([SourceFile("swanctl.conf", swanctl)])
    assert d.tunnels[0].encapsulation == "gre"
    found = lint(tmp_path, {"swanctl.conf": swanctl})
    assert [(r, line) for r, line, _ in found if r == "VPN414"] == [("VPN414", 2)]
    conf = "conn a\n\tauto=start\n\tright=203.0.113.1\n\tleftprotoport=47\n\trightprotoport=gre\n\ttype=transport\n"
    [d] = strongswan.parse([SourceFile("ipsec.conf", conf)])
    assert d.tunnels[0].encapsulation == "gre"


def test_hex_and_base64_keys_are_measured_as_aws_sees_them() -> None:
    """Class 7: a random 96-bit 0x key is 12 bytes and 96 bits (binary: AWS cannot hold it); a 0s key
    that decodes to text is that text."""
    conf = "secrets {\n  ike-1 {\n    secret = 0x45a30759df97dc26a15b88ff\n  }\n  ike-2 {\n    secret = 0sS3E3dlIybUs5cEw0c1Q4d1ozbkI2Y1kx\n  }\n}\n"
    [d] = strongswan.parse([SourceFile("swanctl.conf", conf)])
    k1, k2 = d.keys
    assert (k1.length, k1.entropy_bits, k1.binary, k1.charset) == (12, 96.0, True, ("other",))
    assert (k2.length, k2.binary, k2.charset) == (24, False, ("lower", "upper", "digit"))


@pytest.mark.parametrize("value", ["[add your key]", "[add", "<psk>", "xxx", "XXXXXXXX", "FIRST_KEY", "TUNNEL1_PSK", "$PSK",
                                   "${psk}", "{{ psk }}", "{psk}", "TUNNEL1_SHARED_SECRET", "your-key-here", "key-goes-here", "...", "pre-shared-key"])
def test_one_placeholder_rule(value: str) -> None:
    assert is_placeholder(value) and PreSharedKey.from_secret(value).placeholder


@pytest.mark.parametrize("value", ["psk1", "cmlvpn12345", "1234hallo1234", "iWAN@lab#154", PSK, "my_secret"])
def test_real_keys_are_not_placeholders(value: str) -> None:
    assert not is_placeholder(value)


def test_placeholder_key_is_not_graded(tmp_path: Path) -> None:
    found = lint(tmp_path, {"ipsec.secrets": '198.51.100.10 203.0.113.1 : PSK "[add your key]"\n'})
    assert not any(r in ("VPN301", "VPN302", "VPN303") for r, _, _ in found)


STANDALONE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<vpn_connection id="vpn-0a1b2c3d">
  <customer_gateway_id>cgw-0a1b2c3d</customer_gateway_id>
  <vpn_gateway_id>vgw-0a1b2c3d</vpn_gateway_id>
  <vpn_connection_type>ipsec.1</vpn_connection_type>
  <ipsec_tunnel>
    <customer_gateway>
      <tunnel_outside_address><ip_address>198.51.100.10</ip_address></tunnel_outside_address>
      <tunnel_inside_address><ip_address>169.254.10.2</ip_address><network_cidr>30</network_cidr></tunnel_inside_address>
    </customer_gateway>
    <vpn_gateway>
      <tunnel_outside_address><ip_address>203.0.113.1</ip_address></tunnel_outside_address>
      <tunnel_inside_address><ip_address>169.254.10.1</ip_address><network_cidr>30</network_cidr></tunnel_inside_address>
    </vpn_gateway>
    <ike>
      <authentication_protocol>sha1</authentication_protocol>
      <encryption_protocol>aes-128-cbc</encryption_protocol>
      <perfect_forward_secrecy>group2</perfect_forward_secrecy>
      <pre_shared_key>Xq7vR2mK9pL4sT8wZ3nB6cY1dF5gH0jQ</pre_shared_key>
    </ike>
  </ipsec_tunnel>
</vpn_connection>
"""


def test_standalone_xml_says_nothing_about_tunnel_options(tmp_path: Path) -> None:
    """Class 5: the generic XML carries no tunnel options: no VPN502/503/504/506 "(unset: AWS default)"."""
    found = lint(tmp_path, {"vpn.xml": STANDALONE_XML})
    assert rules(found) == [("VPN505", 19)]
    from vpnaudit.aws.convert import convert_xml

    [d] = convert_xml(STANDALONE_XML, "vpn.xml")
    t = d.tunnels[0]
    assert t.unknown == ("aws_tunnel_options",)
    assert (t.aws.logging_enabled, t.aws.startup_action, t.aws.dpd_timeout_action, t.aws.defaults) == (None, None, None, ())


@pytest.mark.parametrize("vendor", sorted(PARSER_MODULES))
def test_forced_vendor_on_a_file_it_cannot_read_is_not_clean(tmp_path: Path, vendor: str) -> None:
    """Class 3: --vendor X on a file X's parser reads nothing from says so (VPN000), never 0 findings."""
    found = lint(tmp_path, {"plain.cfg": "hostname r1\ninterface Gi0/0\n ip address 10.0.0.1 255.255.255.0\n"},
                 vendor=vendor)
    assert [r for r, _, _ in found] == ["VPN000"]


def test_detected_dump_without_connections_is_not_clean(tmp_path: Path) -> None:
    """aws ec2 describe-vpn-connections output whose VpnConnections is an object, not a list."""
    found = lint(tmp_path, {"dump.json": '{"VpnConnections": {"VpnConnectionId": "vpn-1", "State": "available"}}\n'})
    assert [(r, "no VPN configuration could be read" in m) for r, _, m in found] == [("VPN000", True)]


def test_swanctl_one_line_sections() -> None:
    """'local { auth = psk }' and 'ike-1 { secret = "..." }' on one line (strongswan.conf syntax)."""
    text = ('connections {\n  c {\n    remote_addrs = 203.0.113.1\n    local { auth = psk }\n    remote { auth = psk }\n'
            '    children {\n      c { esp_proposals = aes256-sha256-modp2048 }\n    }\n  }\n}\n'
            'secrets {\n  ike-1 { secret = "SecretPass" }\n}\n')
    [d] = strongswan.parse([SourceFile("swanctl.conf", text)])
    assert d.problems == () and d.tunnels[0].ike.auth == "psk"
    assert [(k.length, k.charset) for k in d.keys] == [(10, ("lower", "upper"))]


def test_transport_mode_once_per_esp_line(tmp_path: Path) -> None:
    """A Libreswan esp= line with six proposals in transport mode is one VPN202, not six."""
    conf = ("config setup\n\tikev1-policy=accept\n\nconn l2tp\n\tauto=add\n\tright=%any\n\tauthby=secret\n\ttype=transport\n"
            "\tphase2alg=aes_gcm-null,aes128-sha1,aes256-sha1,aes256-sha2_512,aes128-sha2,aes256-sha2\n")
    found = lint(tmp_path, {"ipsec.conf": conf})
    assert [(r, line) for r, line, _ in found if r == "VPN202"] == [("VPN202", 9)]


@pytest.mark.parametrize(("name", "text", "vendor"), [
    ("r1.cfg", "hostname r1\ncrypto keyring KR\n  pre-shared-key address 203.0.113.1 key [add your key]\n"
     "crypto isakmp profile P\n  keyring KR\n  match identity address 203.0.113.1 255.255.255.255\n", "cisco-ios"),
    ("fw.cfg", "tunnel-group 203.0.113.1 type ipsec-l2l\ntunnel-group 203.0.113.1 ipsec-attributes\n"
     " ikev1 pre-shared-key [add your key]\n", "cisco-asa"),
    ("j.set", 'set security ike policy p pre-shared-key ascii-text "[add your key]"\n', "junos"),
])
def test_placeholder_rule_is_the_same_for_every_vendor(tmp_path: Path, name: str, text: str, vendor: str) -> None:
    found = lint(tmp_path, {name: text}, vendor=vendor)
    assert not any(r in ("VPN301", "VPN302", "VPN303") for r, _, _ in found)
