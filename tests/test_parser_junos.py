"""Junos parser: exact models for corpus files and own fixtures (brace and set formats)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vpnaudit.parsers import junos, unwrap_markdown
from vpnaudit.parsers._base import ParseError, SourceFile
from vpnaudit.secrets import key_digest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "corpus" / "junos"
FIXTURES = ROOT / "fixtures" / "parsers" / "junos"

AWS_MD = "aws-docs-netadmin-juniper-srx-set-bgp.md"
BATFISH_VPN = "batfish-ipsec-vpn-set-ikev2-dpd-dfbit.set"
BATFISH_PROPSET = "batfish-ike-proposal-set.set"
VSRX_HA = "juniper-vsrx-aws-ipsec-ha-vsrx0-ikev2-two-vpns.conf"



def read(path: Path) -> str:
    text = path.read_text("utf-8")
    return unwrap_markdown(text) if path.suffix == ".md" else text


def parse_text(text: str, name: str = "test.conf"):
    devices = junos.parse([SourceFile(name, text)])
    assert len(devices) == 1
    return devices[0]


def corpus(name: str):
    return parse_text(read(CORPUS / name), name)


def sha(secret: str) -> bytes:
    """The in-memory keyed digest this run gives ``secret`` (never exported)."""
    return key_digest(secret)


def pop_setting_lines(obj, path="tunnel"):
    """Remove the per-setting ``lines`` maps from an export (in place) and return them by path."""
    found = {}
    if isinstance(obj, dict):
        if "lines" in obj:
            found[path] = obj.pop("lines")
        for key, value in obj.items():
            found.update(pop_setting_lines(value, key if path == "tunnel" else f"{path}.{key}"))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            found.update(pop_setting_lines(value, f"{path}[{index}]"))
    return found


def without_lines(obj):
    """The export without line numbers / file names, to compare the two formats."""
    if isinstance(obj, dict):
        return {k: without_lines(v) for k, v in obj.items()
                if k not in ("line", "lines", "scope_start", "scope_end", "source", "files")}
    if isinstance(obj, list):
        return [without_lines(v) for v in obj]
    return obj


# ---------------------------------------------------------------------------------------------
# Corpus: the AWS sample (set format inside a Markdown page)
def test_aws_srx_sample_tunnel_1_exact():
    device = corpus(AWS_MD)
    assert [t.name for t in device.tunnels] == ["vpn-44a8938f-1", "vpn-44a8938f-2"]
    exported = device.export()
    t1 = exported["tunnels"][0]
    assert pop_setting_lines(t1) == {  # each setting's own statement
        "tunnel": {"df_bit": 145, "mtu": 159, "tcp_mss": 318}, "ike": {"mode": 90},
        "ipsec": {"lifetime_seconds": 128, "pfs_groups": 133},
        # a proposal's values point at their own statements
        "ike.proposals[0]": {"auth": 81, "dh_groups": 85, "encryption": 83, "integrity": 82,
                             "lifetime_seconds": 84, "prf": 82},
        "ipsec.proposals[0]": {"encryption": 127, "integrity": 126, "protocol": 125}}
    assert t1 == {
        "line": 142, "defaults": [], "name": "vpn-44a8938f-1", "local_interface": "ge-0/0/0.0",
        "peer_address": "72.21.209.225", "routing": "route-based", "encapsulation": "ipsec",
        "inside": {"local": "169.254.255.2/30", "peer": "169.254.255.1", "line": 158},
        "ike": {
            "line": 105, "defaults": ["versions"], "name": "gw-vpn-44a8938f-1", "versions": [1], "mode": "main",
            "auth": "psk",
            "proposals": [{
                "line": 81, "defaults": [], "name": "ike-prop-vpn-44a8938f-1", "encryption": ["AES128"],
                "integrity": ["SHA1"], "prf": ["SHA1"], "dh_groups": [2], "auth": "psk",
                "lifetime_seconds": 28800, "versions": []}],
            "lifetime_seconds": 28800,
            "dpd": {"line": 150, "defaults": ["interval_seconds", "retries", "mode"], "enabled": True,
                    "interval_seconds": 10, "retries": 5, "mode": "optimized"},
            "psk": {"line": 92, "defaults": [], "present": True, "encrypted": False, "encoding": "plain",
                    "length": 20, "charset": ["lower", "digit", "other"],
                    "starts_with_zero": False, "entropy_bits": 76.4, "peer": "72.21.209.225",
                    "placeholder": True, "wildcard_peer": False, "name": "ike-pol-vpn-44a8938f-1"},
            "nat_traversal": False},
        "ipsec": {
            "line": 133, "defaults": ["replay_protection"], "name": "ipsec-pol-vpn-44a8938f-1", "protocol": "esp",
            "mode": "tunnel",
            "proposals": [{"line": 125, "defaults": [], "name": "ipsec-prop-vpn-44a8938f-1", "protocol": "esp",
                           "encryption": ["AES128"], "integrity": ["SHA1"], "dh_groups": []}],
            "pfs_groups": [2], "lifetime_seconds": 3600, "replay_protection": True},
        "df_bit": "clear", "mtu": 1436, "tcp_mss": 1387, "traffic_selectors": [],
        "bgp": {"line": 206, "defaults": ["keepalive_seconds"], "neighbor": "169.254.255.1", "remote_as": 7224,
                "keepalive_seconds": 10, "hold_seconds": 30, "advertised_prefixes": ["0.0.0.0/0"],
                "advertised_prefix_count": 1, "shutdown": False},
        "enabled": True, "unknown": [],
    }


def test_aws_srx_sample_device_level():
    device = corpus(AWS_MD)
    t2 = device.tunnels[1]
    assert (t2.line, t2.peer_address, t2.inside.local, t2.inside.peer, t2.bgp.neighbor, t2.bgp.line) == (
        285, "72.21.209.193", "169.254.255.6/30", "169.254.255.5", "169.254.255.5", 349)
    assert t2.ike.psk.digest == sha("plain-text-password2") and t2.ike.psk.line == 235
    assert [(p.name, p.line) for p in device.ike_policies] == [
        ("ike-prop-vpn-44a8938f-1", 81), ("ike-prop-vpn-44a8938f-2", 224)]
    assert [(p.name, p.line) for p in device.ipsec_proposals] == [
        ("ipsec-prop-vpn-44a8938f-1", 125), ("ipsec-prop-vpn-44a8938f-2", 268)]
    assert [(k.name, k.line, k.encoding) for k in device.keys] == [
        ("ike-pol-vpn-44a8938f-1", 92, "plain"), ("ike-pol-vpn-44a8938f-2", 235, "plain")]
    assert device.bgp.line == 204 and device.bgp.local_as is None  # YOUR_BGP_ASN placeholder
    assert device.bgp.networks == ("0.0.0.0/0",)
    assert device.unmodeled == () and device.dangling == () and device.problems == ()
    # The page's image links and ping output inside the fences are prose, not config.
    assert device.extra == {"ignored_lines": "17 line(s) that are neither Junos statements nor set commands "
                                             "were skipped (first at line 70)"}


# ---------------------------------------------------------------------------------------------
# Corpus: batfish ipsec-vpn (IKEv2, four PSK forms, DPD flags, df-bit twice)
def test_batfish_ipsec_vpn_exact():
    device = corpus(BATFISH_VPN)
    assert device.hostname == "ipsec-vpn"
    assert [t.name for t in device.tunnels] == ["ike-vpn-chicago"]
    t1 = device.export()["tunnels"][0]
    assert pop_setting_lines(t1) == {  # df-bit: the later statement wins, as on the device
        "tunnel": {"df_bit": 37}, "ike": {"versions": 25}, "ipsec": {"pfs_groups": 32},
        "ike.proposals[0]": {"auth": 7, "dh_groups": 8, "encryption": 10, "integrity": 9, "prf": 9},
        "ipsec.proposals[0]": {"encryption": 30, "integrity": 29, "protocol": 27}}
    assert t1 == {
        "line": 33, "defaults": [], "name": "ike-vpn-chicago", "local_address": "198.51.100.2",
        "local_interface": "ge-0/0/3.0", "peer_address": "198.51.100.102", "routing": "route-based",
        "encapsulation": "ipsec",
        "ike": {
            "line": 17, "defaults": ["nat_traversal", "lifetime_seconds"], "name": "gw-chicago", "versions": [2],
            "auth": "psk",
            "proposals": [{"line": 7, "defaults": ["lifetime_seconds"], "name": "ike-phase1-proposal",
                           "encryption": ["AES128"], "integrity": ["SHA1"], "prf": ["SHA1"], "dh_groups": [2],
                           "auth": "psk", "lifetime_seconds": 28800, "versions": []}],
            "lifetime_seconds": 28800,
            # always-send, optimized, probe-idle-tunnel are one choice: the last one wins
            "dpd": {"line": 20, "defaults": [], "enabled": True, "interval_seconds": 10, "retries": 2,
                    "mode": "probe-idle"},
            # the last pre-shared-key line is <SCRUBBED>
            "psk": {"line": 16, "defaults": [], "present": True, "encrypted": False, "encoding": "masked",
                    "charset": [], "peer": "198.51.100.102", "placeholder": False, "wildcard_peer": False, "name": "ike-phase1-policy"},
            "nat_traversal": True},
        "ipsec": {
            "line": 31, "defaults": ["lifetime_seconds", "replay_protection"], "name": "ipsec-phase2-policy",
            "protocol": "esp", "mode": "tunnel",
            "proposals": [{"line": 27, "defaults": [], "name": "ipsec-phase2-proposal", "protocol": "esp",
                           "encryption": ["AES128"], "integrity": ["SHA2-256"], "dh_groups": []}],
            "pfs_groups": [2], "lifetime_seconds": 3600, "replay_protection": True},
        "df_bit": "copy", "traffic_selectors": [], "enabled": True, "unknown": [],
    }
    # st0.0 is bound but never configured under interfaces
    assert [(d.kind, d.name, d.line) for d in device.dangling] == [("interface", "st0.0", 35)]
    assert device.problems == () and device.unmodeled == ()


# ---------------------------------------------------------------------------------------------
# Corpus: proposal-set expansion
def test_proposal_set_file_exact():
    device = corpus(BATFISH_PROPSET)
    got = [(p.name, p.line, p.encryption, p.integrity, p.dh_groups, p.auth, p.lifetime_seconds, p.defaults)
           for p in device.ike_policies]
    assert got == [
        ("proposal1", 4, ("3DES",), ("MD5",), (14,), "psk", 50000, ()),
        ("standard:pre-g2-aes128-sha", 10, ("AES128",), ("SHA1",), (2,), "psk", 28800, ("lifetime_seconds",)),
        ("standard:pre-g2-3des-sha", 10, ("3DES",), ("SHA1",), (2,), "psk", 28800, ("lifetime_seconds",)),
        ("basic:pre-g1-des-sha", 12, ("DES",), ("SHA1",), (1,), "psk", 28800, ("lifetime_seconds",)),
        ("basic:pre-g1-des-md5", 12, ("DES",), ("MD5",), (1,), "psk", 28800, ("lifetime_seconds",)),
    ]
    assert device.tunnels == () and device.keys == () and device.problems == ()


def test_ipsec_proposal_set_and_pfs_override():
    device = corpus("batfish-srx-testbed-srx1-set-bgp-over-st0.cfg")
    vpn3 = device.tunnels[0]
    assert vpn3.name == "vpn-3" and vpn3.peer_address == "10.13.0.3" and vpn3.local_address == "10.13.0.1"
    assert [(p.name, p.encryption, p.integrity, p.dh_groups) for p in vpn3.ipsec.proposals] == [
        ("basic:nopfs-esp-des-sha", ("DES",), ("SHA1",), ()), ("basic:nopfs-esp-des-md5", ("DES",), ("MD5",), ())]
    assert vpn3.ipsec.pfs_groups == (1,)  # perfect-forward-secrecy keys group1
    assert vpn3.ike.psk.encoding == "junos-9" and vpn3.ike.psk.encrypted
    # `deactivate protocols bgp group vpn`: its neighbors are shut down
    assert (vpn3.bgp.neighbor, vpn3.bgp.shutdown, vpn3.bgp.hold_seconds, vpn3.bgp.defaults) == (
        "10.0.13.3", True, 90, ("hold_seconds", "keepalive_seconds"))
    physical = [n for n in device.bgp.neighbors if n.neighbor == "10.12.0.2"]
    assert [(n.remote_as, n.shutdown, n.line) for n in physical] == [(2, False, 113)]


# ---------------------------------------------------------------------------------------------
# Corpus: Juniper's vSRX AWS IPsec-HA (brace, IKEv2, apply-groups)
def test_vsrx_aws_ha_exact():
    device = corpus(VSRX_HA)
    assert (device.hostname, device.version) == ("vsrx0", "18.4R1.8")
    t1, t2 = device.export()["tunnels"]
    assert pop_setting_lines(t1) == {
        "ike": {"versions": 77},
        "ike.proposals[0]": {"auth": 57, "dh_groups": 58, "encryption": 60, "integrity": 59, "prf": 59},
        "ipsec.proposals[0]": {"encryption": 96, "integrity": 95, "protocol": 94}}
    pop_setting_lines(t2)
    assert t1 == {
        "line": 101, "defaults": ["df_bit"], "name": "ipsec_vpn1", "local_interface": "ge-0/0/0.0",
        "peer_address": "52.83.39.252", "routing": "route-based", "encapsulation": "ipsec",
        "inside": {"local": "10.1.1.254/24", "line": 184},
        "ike": {
            "line": 67, "defaults": ["nat_traversal", "lifetime_seconds"], "name": "gw-vsrx1", "versions": [2],
            "auth": "psk",
            "proposals": [{"line": 56, "defaults": ["lifetime_seconds"], "name": "ike-proposal",
                           "encryption": ["AES256"], "integrity": ["SHA2-256"], "prf": ["SHA2-256"],
                           "dh_groups": [14], "auth": "psk", "lifetime_seconds": 28800, "versions": []}],
            "lifetime_seconds": 28800,
            "dpd": {"line": 70, "defaults": ["mode"], "enabled": True, "interval_seconds": 10, "retries": 1,
                    "mode": "optimized"},
            "psk": {"line": 65, "defaults": [], "present": True, "encrypted": True, "encoding": "junos-9",
                    "charset": [], "peer": "52.83.39.252", "placeholder": False, "wildcard_peer": False, "name": "ike-policy"},
            "local_id": "vsrx0@juniper.net", "remote_id": "vsrx1@juniper.net", "nat_traversal": True},
        "ipsec": {
            "line": 98, "defaults": ["lifetime_seconds", "replay_protection"], "name": "ipsec_pol",
            "protocol": "esp", "mode": "tunnel",
            "proposals": [{"line": 93, "defaults": [], "name": "ipsec_prop", "protocol": "esp",
                           "encryption": ["AES256"], "integrity": ["SHA2-256"], "dh_groups": []}],
            "pfs_groups": [], "lifetime_seconds": 3600, "replay_protection": True},
        "df_bit": "clear", "traffic_selectors": [], "enabled": True, "unknown": [],
    }
    assert (t2["name"], t2["line"], t2["peer_address"], t2["local_interface"], t2["inside"]) == (
        "ipsec_vpn2", 109, "161.189.16.141", "ge-0/0/0", {"local": "10.2.2.254/24", "line": 189})
    assert [(k.name, k.line, k.encoding) for k in device.keys] == [("ike-policy", 65, "junos-9")]
    assert device.bgp is None
    assert device.unmodeled == () and device.dangling == () and device.problems == ()


def test_pasted_cli_session_with_prompt():
    device = corpus("nterthevoid-vsrx-71H725-show-config-with-prompt.conf")
    assert (device.hostname, device.version, device.problems) == ("srx-71H725", "20.2R2.11", ())
    (t,) = device.tunnels
    assert (t.name, t.line, t.ike.mode, t.ike.line, t.local_address) == (
        "ipsec-vpn-cfgr", 108, "aggressive", 94, "10.0.1.11")
    assert t.ipsec.proposals == () and t.ipsec.pfs_groups == (1,)
    assert device.extra == {"ipsec-policy:ipsec-policy-cfgr": "no proposals or proposal-set configured"}


def test_every_corpus_file_parses_cleanly():
    for path in sorted(CORPUS.iterdir()):
        device = parse_text(read(path), path.name)
        assert device.vendor == "junos"
        assert device.problems == (), path.name
        assert junos.detect(read(path), path.name) >= 60, path.name


def test_no_psk_from_corpus_in_export():
    secrets = ["plain-text-password1", "plain-text-password2", "psk1", "f00ba4", "$9$nJXv9A0O1RESr.P5F36At",
               "$9$/E6g9tO1IcSrvfTCu1hKv-VwgJD", "$9$O.l1BEyleWXxdyrYgJZji", "$9$w32oGzF/9tOQFhSleW8GDjiP5n/C",
               "$9$alGjqTz6uORmfORhSMWJGD", "$9$8V2x-woJDmfzYgfz36u0LxN", "$9$zko/n9pIEyWLN0BLNdboaFn/",
               "nJXv9A0O1RESr", "Fixture.Key_Number1", "Legacy.Key_1234567", "abcdefghijklmnopqrstu"]
    paths = sorted(CORPUS.iterdir()) + sorted(FIXTURES.iterdir())
    for path in paths:
        device = parse_text(read(path), path.name)
        dumped = json.dumps(device.export()) + repr(device) + str(device.keys)
        for secret in secrets:
            assert secret not in dumped, (path.name, secret)


# ---------------------------------------------------------------------------------------------
# Own fixtures: the same configuration as a brace file and as `display set` output
def test_fixture_brace_and_set_give_the_same_model():
    brace = parse_text((FIXTURES / "edge-srx-brace.conf").read_text(), "edge-srx-brace.conf")
    sets = parse_text((FIXTURES / "edge-srx-set.conf").read_text(), "edge-srx-set.conf")
    assert without_lines(brace.export()) == without_lines(sets.export())
    assert brace.problems == () and sets.problems == ()


@pytest.mark.parametrize("name, lines", [
    ("edge-srx-brace.conf", {"vpn1": 90, "gw1": 49, "p1": 25, "psk1": 41, "unmodeled": 72, "dpd1": 52,
                             "st01": 162, "nbr": 194, "legacy_set": 48}),
    ("edge-srx-set.conf", {"vpn1": 52, "gw1": 26, "p1": 7, "psk1": 20, "unmodeled": 44, "dpd1": 28,
                           "st01": 77, "nbr": 88, "legacy_set": 24}),
])
def test_fixture_model(name, lines):
    device = parse_text((FIXTURES / name).read_text(), name)
    assert (device.hostname, device.version) == ("edge-srx", "21.4R3.15")  # host-name via apply-groups
    vpn1, vpn2, legacy, spare = device.tunnels
    assert (vpn1.name, vpn1.line, vpn1.peer_address, vpn1.local_address, vpn1.mtu, vpn1.tcp_mss) == (
        "AWS-VPN-1", lines["vpn1"], "203.0.113.10", "198.51.100.10", 1436, 1379)
    assert (vpn1.ike.line, vpn1.ike.versions, vpn1.ike.mode, vpn1.ike.dpd.mode, vpn1.ike.dpd.line) == (
        lines["gw1"], (2,), None, "always-send", lines["dpd1"])
    assert vpn1.ike.proposals[0].line == lines["p1"]
    assert (vpn1.ike.psk.line, vpn1.ike.psk.length, vpn1.ike.psk.digest) == (
        lines["psk1"], 19, sha("Fixture.Key_Number1"))
    assert (vpn1.inside.local, vpn1.inside.peer, vpn1.inside.line) == ("169.254.10.2/30", "169.254.10.1", lines["st01"])
    assert (vpn1.bgp.neighbor, vpn1.bgp.remote_as, vpn1.bgp.local_as, vpn1.bgp.hold_seconds, vpn1.bgp.line) == (
        "169.254.10.1", 64512, 65010, 30, lines["nbr"])
    assert (vpn1.bgp.advertised_prefixes, vpn1.bgp.advertised_prefix_count) == (("10.10.0.0/16", "10.20.0.0/16"), 2)
    # gateway 2: bare dead-peer-detection, no-nat-traversal, IKEv1 default, local-address deleted (set file)
    assert (vpn2.ike.versions, vpn2.ike.defaults, vpn2.ike.nat_traversal, vpn2.local_address) == (
        (1,), ("versions",), False, "198.51.100.10")
    assert (vpn2.ike.dpd.interval_seconds, vpn2.ike.dpd.retries, vpn2.ike.dpd.defaults) == (
        10, 5, ("interval_seconds", "retries", "mode"))
    assert (vpn2.ipsec.replay_protection, vpn2.df_bit, vpn2.defaults) == (False, "clear", ("df_bit",))
    assert [(s.local, s.remote) for s in vpn2.traffic_selectors] == [("10.10.0.0/16", "172.31.0.0/16")]
    assert vpn2.routing == "route-based" and vpn2.bgp.shutdown  # inactive neighbor
    # policy-based VPN, selectors from the security policy and the address book
    assert (legacy.routing, legacy.peer_address) == ("policy-based", "198.51.100.50")
    assert [(s.local, s.remote, s.action) for s in legacy.traffic_selectors] == [
        ("10.10.0.0/16", "192.168.50.0/24", "permit")]
    assert [p.name for p in legacy.ike.proposals] == ["standard:pre-g2-aes128-sha", "standard:pre-g2-3des-sha"]
    assert legacy.ike.proposals[0].line == lines["legacy_set"]
    assert legacy.ipsec.pfs_groups == (2,)  # from proposal-set standard
    # inactive VPN: kept, disabled, its missing gateway is not reported
    assert (spare.name, spare.enabled, spare.ipsec.name) == ("SPARE-VPN", False, "AWS-IPSEC")
    assert device.dangling == ()
    # inactive proposal left out; the proposal-set members listed
    assert [p.name for p in device.ike_policies] == [
        "AWS-P1", "standard:pre-g2-aes128-sha", "standard:pre-g2-3des-sha"]
    assert [(u.line, u.text) for u in device.unmodeled] == [
        (lines["unmodeled"], "security ike gateway LEGACY-GW fragmentation size 576")]
    assert [s.rule_ids for s in device.suppressions] == [("VPN111",)]


def test_fixture_suppression_scopes():
    brace = parse_text((FIXTURES / "edge-srx-brace.conf").read_text())
    (s,) = brace.suppressions
    assert (s.line, s.scope_start, s.scope_end, s.reason) == (24, 23, 75, "the AWS side still offers SHA1")
    sets = parse_text((FIXTURES / "edge-srx-set.conf").read_text())
    (s,) = sets.suppressions
    assert (s.line, s.scope_start, s.scope_end) == (6, 7, 11)  # the paragraph of set lines that follows


# ---------------------------------------------------------------------------------------------
# Grammar details and robustness
def test_one_line_blocks_lists_comments_and_quotes():
    text = """\
security {
    ike {
        proposal P { authentication-method pre-shared-keys; dh-group group20; authentication-algorithm sha-384; encryption-algorithm aes-256-gcm; }
        policy POL { mode main; proposals [ P MISSING ]; pre-shared-key ascii-text "a b;c{d}"; } ## SECRET-DATA
        gateway G {
            ike-policy POL; # trailing comment
            address [ 192.0.2.1 192.0.2.2 ];
            /* multi-line
               comment */
            version v2-only;
        }
    }
}
"""
    device = parse_text(text)
    (p,) = device.ike_policies
    assert (p.encryption, p.integrity, p.prf, p.dh_groups) == (("AES256-GCM-16",), (), ("SHA2-384",), (20,))
    (key,) = device.keys
    assert (key.line, key.length, key.digest) == (4, 8, sha("a b;c{d}"))
    assert [(d.kind, d.name, d.line) for d in device.dangling] == [("ike-proposal", "MISSING", 4)]
    assert device.problems == ()


def test_set_lines_relative_to_edit_and_prompts():
    text = """\
{primary:node0}[edit]
root@srx# edit security ike

{primary:node0}[edit security ike]
root@srx# set proposal P encryption-algorithm aes-128-cbc
set proposal P dh-group group19
[edit]
set security ike policy POL proposals P
"""
    device = parse_text(text)
    (p,) = device.ike_policies
    assert (p.name, p.line, p.encryption, p.dh_groups) == ("P", 5, ("AES128",), (19,))
    assert device.dangling == () and device.problems == () and device.extra == {}


def test_unbalanced_braces_and_unterminated_statements_are_problems():
    text = """\
security {
    ike {
        proposal P {
            dh-group group14
        }
    }
}
}
interfaces {
    st0 {
"""
    device = parse_text(text)
    assert [(p.line, p.message) for p in device.problems] == [
        (4, "statement 'dh-group group14' is not terminated by ';' or '{'"),
        (8, "unbalanced '}' (no block is open)"),
        (10, "block 'interfaces st0' is never closed (missing '}')"),
        (9, "block 'interfaces' is never closed (missing '}')"),
    ]


def test_unknown_crypto_statements_are_unmodeled_without_secrets():
    text = """\
set security ipsec vpn V manual encryption key ascii-text "TopSecretManualKey1"
set security ipsec vpn V manual spi 300
set security ike proposal P authentication-method pre-shared-keys
set security ike proposal P encryption-algorithm rc4
set security ike proposal P hash-thing sha1
"""
    device = parse_text(text)
    assert [(u.line, u.text) for u in device.unmodeled] == [  # a manual SA: one entry, its first line
        (1, "security ipsec vpn V manual encryption key ascii-text ********"),
        (5, "security ike proposal P hash-thing sha1"),
    ]
    assert device.ike_policies[0].encryption == ("UNKNOWN:rc4",)
    assert "TopSecretManualKey1" not in json.dumps(device.export())


def test_hexadecimal_psk_and_wildcard_peer():
    text = """\
set security ike policy POL pre-shared-key hexadecimal "4142434445464748494A"
set security ike gateway G ike-policy POL
set security ike gateway G address 0.0.0.0
set security ipsec vpn V ike gateway G
"""
    device = parse_text(text)
    psk = device.tunnels[0].ike.psk
    assert (psk.length, psk.digest, psk.wildcard_peer, psk.encoding) == (10, sha("ABCDEFGHIJ"), True, "plain")


def test_set_suppression_and_deactivate_activate():
    text = """\
# vpnaudit: disable=VPN403,VPN401 -- lab tunnel
set security ipsec vpn V df-bit copy
set security ipsec vpn V ike gateway G

set security ike gateway G address 192.0.2.9
deactivate security ike gateway G
activate security ike gateway G
"""
    device = parse_text(text)
    (s,) = device.suppressions
    assert (s.rule_ids, s.reason, s.line, s.scope_start, s.scope_end) == (("VPN403", "VPN401"), "lab tunnel", 1, 2, 3)
    (t,) = device.tunnels
    assert (t.enabled, t.peer_address, t.df_bit) == (True, "192.0.2.9", "copy")


def test_services_ipsec_vpn_rule_best_effort():
    text = """\
services {
    ipsec-vpn {
        ike {
            proposal IP { authentication-method pre-shared-keys; dh-group group14; authentication-algorithm sha-256; encryption-algorithm aes-256-cbc; }
            policy IPOL { version 2; proposals IP; pre-shared-key ascii-text "Services.Key_123456"; }
        }
        ipsec {
            proposal SP { protocol esp; encryption-algorithm aes-256-gcm; }
            policy SPOL { perfect-forward-secrecy { keys group14; } proposals SP; }
        }
        rule R {
            term T {
                from { source-address 10.0.0.0/8; destination-address 172.16.0.0/12; }
                then {
                    remote-gateway 192.0.2.1;
                    dynamic { ike-policy IPOL; ipsec-policy SPOL; }
                    clear-dont-fragment-bit;
                }
            }
            match-direction input;
        }
    }
}
"""
    device = parse_text(text)
    (t,) = device.tunnels
    assert (t.name, t.line, t.peer_address, t.routing, t.df_bit) == ("R/T", 12, "192.0.2.1", "policy-based", "clear")
    assert (t.ike.versions, t.ike.mode, t.ike.psk.digest) == ((2,), None, sha("Services.Key_123456"))
    assert (t.ipsec.pfs_groups, t.ipsec.lifetime_seconds, t.ipsec.proposals[0].encryption) == (
        (14,), 28800, ("AES256-GCM-16",))
    assert [(s.local, s.remote) for s in t.traffic_selectors] == [("10.0.0.0/8", "172.16.0.0/12")]


def test_garbage_never_raises():
    for text in ["}}}{{{", '"unterminated', "set", "/* open", "inactive:", "[ a b", "set security ike proposal",
                 "security { ike { gateway G { address; } } }", "deactivate\ndelete security\n"]:
        device = parse_text(text)
        device.export()


def test_empty_file_is_a_parse_error():
    with pytest.raises(ParseError):
        junos.parse([SourceFile("empty.conf", "  \n")])


# ---------------------------------------------------------------------------------------------
# detect()
def test_detect_scores():
    assert junos.detect((FIXTURES / "edge-srx-brace.conf").read_text(), "x") == 100
    assert junos.detect((FIXTURES / "edge-srx-set.conf").read_text(), "x") == 100
    vyos = """\
interfaces {
    ethernet eth0 {
        address 192.0.2.1/24
    }
}
vpn {
    ipsec {
        esp-group ESP {
            proposal 1 {
                encryption aes256
            }
        }
        ike-group IKE {
            key-exchange ikev2
        }
    }
}
/* Warning: Do not remove the following line. */
/* === vyatta-config-version: "system@13" === */
"""
    assert junos.detect(vyos, "config.boot") == 0
    assert junos.detect("set vpn ipsec esp-group ESP proposal 1 encryption aes256\n"
                        "set interfaces ethernet eth0 address 192.0.2.1/24\n", "x") == 0
    assert junos.detect("crypto isakmp policy 10\n encr aes\n", "x") == 0


def test_detect_vyos_corpus_file_is_not_junos():
    vyos = CORPUS.parent / "other" / "vyos-smoketest-bgp-azure-ipsec-gateway-1.2.5.config"
    if vyos.exists():
        assert junos.detect(vyos.read_text(), vyos.name) < 20


def test_dpd_leaves_on_one_set_line() -> None:
    from vpnaudit.parsers import SourceFile
    from vpnaudit.parsers.junos import parse

    text = (
        "set security ike gateway GW address 203.0.113.10\n"
        "set security ike gateway GW dead-peer-detection interval 10 threshold 3\n"
        "set security ipsec vpn V ike gateway GW\n"
        "set security ipsec vpn V bind-interface st0.1\n"
    )
    (device,) = parse([SourceFile(path="srx.set", text=text)])
    dpd = device.tunnels[0].ike.dpd
    assert (dpd.interval_seconds, dpd.retries, dpd.line) == (10, 3, 2)
    assert "retries" not in dpd.defaults


def test_master_password_8_key_is_encrypted_not_plain():
    """"Hardening Shared Secrets in Junos OS": with a master password secrets are $8$ (AES256-GCM)."""
    text = (
        'set security ike policy p1 pre-shared-key ascii-text "$8$aes256-gcm$hmac-sha2-256$100$y0ks9kKq2Ho'
        '$ruLnTsMnqRa3mOoDTebPtw$2jo1S6iJtGnKBtIhnqHvvw$Gh6MOCGfbgzS6xzeXK5Scg"\n'
        'set security ike policy p2 pre-shared-key ascii-text "$9$H.fz9Ap0OREyrvLxNdbs2aUiqfTz6/9"\n'
    )
    (d,) = junos.parse([SourceFile("srx.conf", text)])
    got = [(k.name, k.encoding, k.encrypted, k.length, k.digest) for k in d.keys]
    assert got == [("p1", "other", True, None, None), ("p2", "junos-9", True, None, None)]


def test_manual_sa_algorithms_are_judged_once() -> None:
    """A manually keyed SA (``security ipsec vpn V manual``) is one VPN001; its AH and MD5 are judged."""
    from vpnaudit.api import AuditOptions, audit

    text = (
        "set system host-name srx2\n"
        "set security ipsec vpn LEGACY manual gateway 203.0.113.9\n"
        "set security ipsec vpn LEGACY manual protocol ah\n"
        "set security ipsec vpn LEGACY manual spi 16384\n"
        "set security ipsec vpn LEGACY manual authentication algorithm hmac-md5-96\n"
    )
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "srx.conf"
        path.write_text(text)
        report = audit([str(path)], AuditOptions(select=("VPN001", "VPN201", "VPN211")))
    assert [(f.rule_id, f.line, f.message.split(";")[0]) for f in report.findings] == [
        ("VPN001", 2, "line not modelled by vpnaudit: 'security ipsec vpn LEGACY manual ...'"),
        ("VPN201", 3, "manual SA of vpn LEGACY uses AH (no tunnel uses it yet)"),
        ("VPN211", 5, "manual SA of vpn LEGACY uses MD5 (weak)"),
    ]



GROUPS = """\
groups {
    G1 { security { ike { gateway GW { version v1-only; } } } }
    G2 { security { ike { gateway GW { version v2-only; } } } }
}
"""
VPN = """\
security {
    APPLY
    ike { gateway GW { address 192.0.2.1; } }
    ipsec { vpn V { ike { gateway GW; } } }
}
"""


@pytest.mark.parametrize(("top", "nested", "versions"), [
    ("apply-groups [ G1 G2 ];", "", [1]),  # the first group listed takes priority
    ("apply-groups [ G2 G1 ];", "", [2]),
    ("apply-groups G2;\napply-groups [ G1 G2 ];", "", [2]),  # one list per level: [ G2 G1 ]
    ("apply-groups G2;", "apply-groups G1;", [1]),  # a nested level takes priority over the top
    ("apply-groups G1;", "apply-groups G2;", [2]),
    ("apply-groups [ G1 G2 ];", "apply-groups G2;", [2]),  # G2 at both levels: the nested one counts
])
def test_apply_groups_priority(top: str, nested: str, versions: list[int]):
    """Juniper, "Applying a Junos Configuration Group": the first group listed takes priority over the
    next ones, and groups applied at a nested level over those applied further out."""
    (t,) = parse_text(GROUPS + top + "\n" + VPN.replace("APPLY", nested)).tunnels
    assert list(t.ike.versions) == versions


def test_own_statement_beats_every_group_and_repeated_groups_are_inherited_once():
    from vpnaudit.parsers.junos.lexer import _Reader

    text = GROUPS + "apply-groups [ G1 G2 ];\napply-groups G1;\n" + VPN.replace(
        "APPLY", "apply-groups [ G2 G1 ];").replace("address 192.0.2.1;", "address 192.0.2.1; version v2-only;")
    (t,) = parse_text(text).tunnels
    assert list(t.ike.versions) == [2]
    inherited = [r for r in _Reader(text, "x.conf").records if r.inherited]
    assert sorted(r.line for r in inherited) == [2, 2, 2, 2, 3, 3, 3, 3]  # each group's 4 statements once


def test_delete_removes_only_what_came_before_it():
    text = """\
set security ike gateway GW address 192.0.2.1
set security ike gateway GW version v2-only
deactivate security ike gateway GW
delete security ike gateway GW
set security ike gateway GW address 192.0.2.9
set security ipsec vpn V ike gateway GW
"""
    (t,) = parse_text(text).tunnels
    assert (t.peer_address, list(t.ike.versions), t.enabled) == ("192.0.2.9", [1], True)  # v2-only deleted: IKEv1
    (t,) = parse_text(text + "deactivate security ike gateway GW\n").tunnels
    assert t.enabled is False
