"""Cisco ASA parser: exact models for corpus files and own fixtures, detection, robustness, secrets."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vpnaudit.model import Device
from vpnaudit.parsers import ParseError, SourceFile, unwrap_markdown
from vpnaudit.parsers import cisco_asa

from .conftest import CORPUS as _ROOT_CORPUS

CORPUS = _ROOT_CORPUS / "cisco-asa"
IOS_CORPUS = _ROOT_CORPUS / "cisco-ios"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "parsers" / "cisco_asa"



def _text(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    return unwrap_markdown(text) if path.suffix == ".md" else text


def _parse(path: Path) -> Device:
    (device,) = cisco_asa.parse([SourceFile(str(path), _text(path))])
    return device


def _parse_text(text: str, path: str = "asa.cfg") -> Device:
    (device,) = cisco_asa.parse([SourceFile(path, text)])
    return device


def _tunnel(device: Device, name: str):
    return next(t for t in device.tunnels if t.name == name)


def _corpus_files() -> list[Path]:
    return sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []


# ------------------------------------------------------------------------------------------------
# Detection
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_detects_every_asa_corpus_file(path: Path) -> None:
    assert cisco_asa.detect(_text(path), str(path)) >= 45


def test_detect_leaves_ios_configs_alone() -> None:
    aws_ios = IOS_CORPUS / "aws-generated-ios-vpn-03701a53bba3c48b7-with-local-changes.txt"
    assert cisco_asa.detect(_text(aws_ios), str(aws_ios)) == 0
    # IOS file with ASA-style lines pasted in: keyrings and "encr" say IOS, ASA stays low.
    mixed = IOS_CORPUS / "batfish-cisco-crypto-mixed-ios-asa-pki-ikev2.cfg"
    assert cisco_asa.detect(_text(mixed), str(mixed)) == 30


def test_detect_scores() -> None:
    assert cisco_asa.detect("ASA Version 9.8(4)\nhostname fw\n", "x") == 90
    assert cisco_asa.detect("crypto ipsec ikev1 transform-set T esp-aes esp-sha-hmac\n", "x") == 55
    assert cisco_asa.detect("hostname r1\ninterface Gi0/0\n ip address 10.0.0.1 255.0.0.0\n", "x") == 0
    assert cisco_asa.detect("", "x") == 0


# ------------------------------------------------------------------------------------------------
# Corpus: every file parses, exact models for several
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_every_corpus_file_parses(path: Path) -> None:
    device = _parse(path)
    assert device.vendor == "cisco-asa"
    json.dumps(device.export())


def test_aws_97_vti_bgp_page() -> None:
    device = _parse(CORPUS / "aws-docs-netadmin-cisco-asa-9-7-vti-bgp.md")
    assert [t.name for t in device.tunnels] == ["Tunnel1", "Tunnel2"]
    assert device.unmodeled == () and device.dangling == () and device.problems == ()
    assert device.extra == {"placeholders": "outside_interface", "ikev1_enabled_on": "outside_interface"}
    assert [(p.name, p.line) for p in device.ike_policies] == [("200", 81), ("201", 240)]
    assert device.bgp is not None
    assert (device.bgp.local_as, device.bgp.line, device.bgp.networks) == (65343, 202, ("0.0.0.0/0",))
    assert [(n.neighbor, n.line) for n in device.bgp.neighbors] == [("169.254.33.197", 204), ("169.254.33.193", 363)]
    assert _tunnel(device, "Tunnel1").inside.model_dump() == {
        "local": "169.254.33.198/30", "peer": "169.254.33.197", "line": 177, "file": None}

    proposal = {"encryption": ["AES128"], "integrity": ["SHA1"], "prf": [], "dh_groups": [2], "auth": "psk",
                "lifetime_seconds": 28800, "versions": [1], "defaults": []}
    export = _tunnel(device, "Tunnel2").model_dump(mode="json", exclude_none=True)
    # Each setting's own line: set pfs / SA lifetime in the profile, the global df-bit, tcpmss, fragmentation.
    assert export.pop("lines") == {"df_bit": 275, "fragmentation": 295, "tcp_mss": 282}
    assert export["ipsec"].pop("lines") == {"lifetime_seconds": 262, "pfs_groups": 261}
    # Each policy value's own line (encryption aes / authentication / group / lifetime / hash).
    assert [p.pop("lines") for p in export["ike"]["proposals"]] == [
        {"encryption": 82, "auth": 83, "dh_groups": 84, "lifetime_seconds": 85, "integrity": 86},
        {"encryption": 241, "auth": 242, "dh_groups": 243, "lifetime_seconds": 244, "integrity": 245}]
    assert export == {
        "line": 334, "defaults": [], "name": "Tunnel2", "local_interface": "outside_interface",
        "peer_address": "52.65.137.78", "routing": "route-based", "encapsulation": "ipsec",
        "inside": {"local": "169.254.33.194/30", "peer": "169.254.33.193", "line": 336},
        "ike": {
            "line": 306, "defaults": ["mode"], "name": "52.65.137.78", "versions": [1], "mode": "main",
            "auth": "psk",
            "proposals": [dict(proposal, line=81, name="200"), dict(proposal, line=240, name="201")],
            "dpd": {"line": 312, "defaults": [], "enabled": True, "interval_seconds": 10,
                    "retry_interval_seconds": 10, "mode": "periodic"},
            "psk": {"line": 307, "defaults": [], "present": True, "encrypted": False, "encoding": "plain",
                    "length": 14,
                    "charset": ["lower", "other"], "starts_with_zero": False, "entropy_bits": 44.5,
                    "peer": "52.65.137.78", "placeholder": True, "wildcard_peer": False, "name": "52.65.137.78"},
        },
        "ipsec": {
            "line": 260, "defaults": ["lifetime_kilobytes"], "name": "ipsec-vpn-12345678-1", "protocol": "esp",
            "mode": "tunnel",
            "proposals": [{"line": 254, "defaults": ["mode"], "name": "ipsec-prop-vpn-12345678-1",
                           "protocol": "esp", "mode": "tunnel", "encryption": ["AES128"], "integrity": ["SHA1"],
                           "dh_groups": []}],
            "pfs_groups": [2], "lifetime_seconds": 3600, "lifetime_kilobytes": 4608000,
            "replay_protection": True, "replay_window": 128,
        },
        "df_bit": "clear", "fragmentation": "before-encryption", "tcp_mss": 1379, "traffic_selectors": [],
        "bgp": {"line": 363, "defaults": [], "neighbor": "169.254.33.193", "remote_as": 7224, "local_as": 65343,
                "keepalive_seconds": 10, "hold_seconds": 30, "advertised_prefixes": ["0.0.0.0/0"],
                "shutdown": False},
        "enabled": True, "unknown": [],
    }


def test_hardened_ikev2_cryptomap() -> None:
    device = _parse(CORPUS / "cutaway-asa-9-20-hardened-ikev2-pfs20-cryptomap.txt")
    assert (device.hostname, device.version) == ("lab-asa-hardened", "9.20(2)")
    assert device.unmodeled == () and device.dangling == () and device.problems == ()
    (tunnel,) = device.tunnels
    export = tunnel.model_dump(mode="json", exclude_none=True)
    assert export["ipsec"].pop("lines") == {"pfs_groups": 103}  # crypto map outside_map 10 set pfs group20
    assert export["ike"]["proposals"][0].pop("lines") == {
        "encryption": 95, "integrity": 96, "dh_groups": 97, "prf": 98, "lifetime_seconds": 99}
    assert export["ipsec"]["proposals"][0].pop("lines") == {"encryption": 92, "integrity": 93}
    assert export == {
        "line": 100, "defaults": ["df_bit", "fragmentation", "tcp_mss"], "name": "outside_map 10 198.51.100.10",
        "local_address": "203.0.113.2", "local_interface": "outside", "peer_address": "198.51.100.10",
        "routing": "policy-based", "encapsulation": "ipsec",
        "ike": {
            "line": 118, "defaults": [], "name": "198.51.100.10", "versions": [2], "auth": "psk",
            "proposals": [{"line": 94, "defaults": [], "name": "10", "encryption": ["AES256"],
                           "integrity": ["SHA2-384"], "prf": ["SHA2-384"], "dh_groups": [20],
                           "lifetime_seconds": 86400, "versions": [2]}],
            "dpd": {"line": 118, "defaults": ["interval_seconds", "retry_interval_seconds"], "enabled": True,
                    "interval_seconds": 10, "retry_interval_seconds": 2, "mode": "periodic"},
            "psk": {"line": 119, "defaults": [], "present": True, "encrypted": True, "encoding": "hashed",
                    "charset": [], "peer": "198.51.100.10", "placeholder": False, "wildcard_peer": False, "name": "198.51.100.10"},
        },
        "ipsec": {
            "line": 100, "defaults": ["lifetime_seconds", "lifetime_kilobytes", "replay_protection", "replay_window"],
            "name": "outside_map 10", "protocol": "esp", "mode": "tunnel",
            "proposals": [{"line": 91, "defaults": [], "name": "SECURE-PROP", "protocol": "esp",
                           "encryption": ["AES256"], "integrity": ["SHA2-384"], "dh_groups": []}],
            "pfs_groups": [20], "lifetime_seconds": 28800, "lifetime_kilobytes": 4608000,
            "replay_protection": True, "replay_window": 64,
        },
        "df_bit": "copy", "fragmentation": "before-encryption", "tcp_mss": 1380,
        "traffic_selectors": [
            {"line": 44, "defaults": [], "local": "0.0.0.0/0", "remote": "203.0.113.10/32", "protocol": "tcp",
             "action": "permit"},
            {"line": 45, "defaults": [], "local": "0.0.0.0/0", "remote": "0.0.0.0/0", "protocol": "ip",
             "action": "deny"},
        ],
        "enabled": True, "unknown": [],
    }


def test_insecure_ikev1_cryptomap() -> None:
    device = _parse(CORPUS / "cutaway-asa-9x-insecure-ikev1-3des-md5-cryptomap.txt")
    (tunnel,) = device.tunnels
    assert (tunnel.name, tunnel.line, tunnel.peer_address, tunnel.local_address) == (
        "outside_map 10 198.51.100.10", 123, "198.51.100.10", "203.0.113.2")
    (policy,) = tunnel.ike.proposals
    assert (policy.encryption, policy.integrity, policy.dh_groups, policy.lifetime_seconds, policy.line) == (
        ("3DES",), ("MD5",), (2,), 86400, 117)
    assert (tunnel.ike.versions, tunnel.ike.mode, tunnel.ike.defaults) == ((1,), "main", ("mode",))
    assert tunnel.ike.psk.encoding == "plain" and tunnel.ike.psk.length == 15 and tunnel.ike.psk.line == 142
    (ts,) = tunnel.ipsec.proposals
    assert (ts.name, ts.encryption, ts.integrity, ts.mode, ts.line) == ("legacy-ts", ("3DES",), ("MD5",), "tunnel", 116)
    assert tunnel.ipsec.pfs_groups == ()
    # The crypto map matches a standard ACL: ASA needs an extended one; no selector is invented.
    assert tunnel.traffic_selectors == ()
    assert [(p.line, p.message) for p in device.problems] == [
        (123, "crypto map outside_map 10 matches standard access-list split_tunnel; crypto maps need an extended ACL")]
    # "name" / "object" / "object-group" statements resolve without noise.
    assert device.unmodeled == () and device.dangling == ()


def test_aws_82_cryptomap_page_placeholders() -> None:
    device = _parse(CORPUS / "aws-docs-netadmin-cisco-asa-8-2-cryptomap-static-sla.md")
    assert [(t.name, t.peer_address, t.local_interface, t.line) for t in device.tunnels] == [
        ("amzn_vpn_map 1 AWS_ENDPOINT_1", "AWS_ENDPOINT_1", "outside_interface", 162),
        ("amzn_vpn_map 1 AWS_ENDPOINT_2", "AWS_ENDPOINT_2", "outside_interface", 162),
    ]
    assert device.extra["placeholders"] == (
        "AWS_ENDPOINT_1, AWS_ENDPOINT_2, YOUR_UPLINK_ADDRESS, outside_interface, vpc_subnet, vpc_subnet_mask")
    assert device.dangling == () and device.unmodeled == () and device.problems == ()
    first = device.tunnels[0]
    assert [(s.local, s.remote, s.line) for s in first.traffic_selectors] == [
        ("0.0.0.0/0", "vpc_subnet/vpc_subnet_mask", 146)]
    assert first.ipsec.proposals[0].name == "transform-amzn"  # 8.2 "set transform-set" finds the ikev1 set
    assert (first.ipsec.pfs_groups, first.ipsec.lifetime_seconds, first.ipsec.replay_window) == ((2,), 3600, 128)
    assert (first.df_bit, first.fragmentation, first.tcp_mss, first.defaults) == (
        "clear", "before-encryption", 1379, ())
    assert (first.ike.dpd.interval_seconds, first.ike.dpd.retry_interval_seconds, first.ike.dpd.line) == (10, 10, 111)
    assert [(k.name, k.line, k.encoding) for k in device.keys] == [
        ("AWS_ENDPOINT_1", 106, "plain"), ("AWS_ENDPOINT_2", 116, "plain")]
    (policy,) = device.ike_policies
    assert (policy.name, policy.line, policy.encryption, policy.integrity, policy.dh_groups) == (
        "201", 93, ("AES128",), ("SHA1",), (2,))


def test_fragment_crypto_map_reports_missing_objects() -> None:
    device = _parse(CORPUS / "ntc-show-run-crypto-map2-des-md5-dynamic-map-fragment.raw")
    assert [(t.name, t.enabled) for t in device.tunnels] == [
        ("S2S_CMAP 10 1.1.1.5", True), ("WAN1_CMAP 10 1.1.1.1", True), ("WAN1_CMAP 20 1.1.1.2", True),
        ("WAN1_CMAP 30 1.1.1.3", True), ("WAN1_CMAP 40 1.1.1.4", True), ("WAN1_CMAP 100 1.1.1.8", True),
    ]
    for tunnel in device.tunnels:  # nothing invented: no proposals, no selectors, no key
        assert tunnel.ipsec.proposals == () and tunnel.traffic_selectors == () and tunnel.ike.psk is None
        assert tunnel.ike.proposals == ()
    entry100 = _tunnel(device, "WAN1_CMAP 100 1.1.1.8")
    assert (entry100.ipsec.pfs_groups, entry100.ipsec.lifetime_seconds) == ((5,), 3600)
    dangling = {(d.kind, d.name, d.line) for d in device.dangling}
    assert dangling == {
        ("acl", "CMAP_RU16", 1), ("acl", "CMAP_RU11", 4), ("acl", "CMAP_RU12", 7), ("acl", "CMAP_RU17", 10),
        ("acl", "CMAP_FR1", 13), ("acl", "CMAP_RU17", 20),
        ("tunnel-group", "1.1.1.1", 2), ("tunnel-group", "1.1.1.2", 5), ("tunnel-group", "1.1.1.3", 8),
        ("tunnel-group", "1.1.1.4", 11), ("tunnel-group", "1.1.1.8", 15), ("tunnel-group", "1.1.1.5", 21),
        ("transform-set", "ESP-AES-256-SHA", 3), ("transform-set", "ESP-AES-192-SHA", 3),
        ("transform-set", "ESP-AES-256-SHA", 6), ("transform-set", "ESP-AES-192-SHA", 6),
        ("transform-set", "ESP-AES-256-SHA", 9), ("transform-set", "ESP-AES-192-SHA", 9),
        ("transform-set", "ESP-AES-256-SHA", 12), ("transform-set", "ESP-AES-192-SHA", 12),
        ("transform-set", "DES-MD5", 16), ("transform-set", "ESP-AES-256-SHA", 22),
        ("transform-set", "ESP-AES-192-SHA", 22),
        ("interface", "WAN1", 19),  # SYSTEM_DEFAULT_CRYPTO_MAP (line 18) is the ASA's own
    }
    assert len(device.dangling) == len(dangling)


def test_fragment_transform_sets_and_ipsec_proposals() -> None:
    device = _parse(CORPUS / "ntc-show-run-ipsec-transform-sets-ikev2-proposals-fragment.raw")
    props = {p.name: p for p in device.ipsec_proposals}
    assert (props["3DES_SHa"].encryption, props["3DES_SHa"].integrity, props["3DES_SHa"].line) == (
        ("3DES",), ("SHA1",), 4)
    assert (props["AES_MD5"].encryption, props["AES_MD5"].integrity) == (("AES128",), ("MD5",))
    # aes-gmac / aes-gmac-192 / aes-gmac-256 authenticate only: a NULL cipher with GMAC integrity.
    assert props["final_IKE2"].encryption == ("AES256-GCM-16", "AES192-GCM-16", "3DES", "DES", "NULL")
    assert props["final_IKE2"].integrity == ("AES-GMAC", "SHA2-512", "SHA1", "MD5")
    assert (props["NEW_IKE2"].integrity, props["newer_ike2"].encryption) == (("AES-GMAC",), ())
    assert [p.name for p in device.ipsec_proposals] == [
        "AES-256_MD5", "AES-256_SHA", "3DES_MD5", "3DES_SHa", "AES_MD5", "AES_SHA", "AES-192_MD5", "AES-192_SHA",
        "IKE2", "NEW_IKE2", "newer_ike2", "DES_MD5", "DES_SHA", "final_IKE2"]
    assert device.unmodeled == () and device.tunnels == ()


def test_fragment_ikev1_policies() -> None:
    device = _parse(CORPUS / "ntc-show-run-crypto-ikev1-policies-fragment.raw")
    got = [(p.name, p.line, p.encryption[0], p.integrity[0], p.dh_groups, p.lifetime_seconds, p.auth, p.defaults)
           for p in device.ike_policies]
    assert got[:3] == [
        ("5", 1, "AES256", "SHA1", (5,), 86400, "psk", ()),
        ("10", 7, "3DES", "MD5", (2,), 86400, "psk", ()),
        ("15", 13, "3DES", "SHA1", (2,), 86400, "psk", ()),
    ]
    assert got[-1] == ("60", 67, "AES256", "MD5", (5,), 86400, "psk", ())  # "group 5      " trailing blanks
    assert len(got) == 12


def test_fragment_tunnel_groups_masked_keys() -> None:
    device = _parse(CORPUS / "ntc-show-run-tunnel-group-fragment.raw")
    assert [(k.name, k.line, k.encoding, k.peer, k.length, k.digest) for k in device.keys] == [
        ("tun01", 41, "masked", None, None, None),
        ("tun01", 52, "masked", None, None, None),
        ("tun01", 55, "masked", None, None, None),
        ("10.15.20.25", 64, "masked", "10.15.20.25", None, None),
        ("10.20.30.40", 67, "masked", "10.20.30.40", None, None),
    ]
    # Remote-access attributes (client-update, trust-point, ...) are not site-to-site crypto.
    assert device.unmodeled == () and device.problems == ()


def test_no_corpus_psk_reaches_the_export() -> None:
    key_line = re.compile(r"pre-shared-key[ \t]+(?:[08][ \t]+)?(\S+)")
    secrets: set[str] = set()
    exports: list[str] = []
    for path in _corpus_files():
        text = _text(path)
        secrets.update(m.group(1) for m in key_line.finditer(text) if set(m.group(1)) != {"*"})
        device = _parse(path)
        exports.append(json.dumps(device.export()))
        exports.append(repr(device))
    assert {"cleartextpsk456", "password_here", "pre-shared-key"} <= secrets
    blob = "\n".join(exports)
    for secret in secrets - {"pre-shared-key"}:  # that one is also the keyword itself
        assert secret not in blob, "a pre-shared key leaked into the model"
    assert "cleartextpsk456" not in blob


# ------------------------------------------------------------------------------------------------
# Own fixtures
# ------------------------------------------------------------------------------------------------
def test_fixture_vti_ikev2_bgp() -> None:
    device = _parse(FIXTURES / "vti-ikev2-bgp.cfg")
    assert (device.hostname, device.version) == ("edge-asa-vti", "9.8(2)")
    t10, t11 = device.tunnels
    assert (t10.name, t10.line, t10.local_address, t10.local_interface, t10.peer_address, t10.mtu) == (
        "Tunnel10", 13, "198.51.100.20", "outside", "203.0.113.44", 1436)
    assert (t10.df_bit, t10.fragmentation, t10.tcp_mss, t10.defaults) == ("clear", "after-encryption", 1379, ())
    assert t10.inside.model_dump() == {"local": "169.254.44.2/30", "peer": "169.254.44.1", "line": 15, "file": None}
    assert t10.ike.versions == (2,) and t10.ike.mode is None
    assert [(p.name, p.encryption, p.integrity, p.prf, p.dh_groups, p.lifetime_seconds, p.defaults)
            for p in t10.ike.proposals] == [
        ("10", ("AES256-GCM-16", "AES256"), ("SHA2-384", "SHA2-256"), ("SHA2-384", "SHA2-256"), (20, 14), 28800,
         ("prf",)),
        ("20", ("AES128",), ("SHA1",), ("SHA1",), (2,), 86400, ("prf", "lifetime_seconds")),
    ]
    assert t10.ike.dpd.model_dump(exclude_none=True) == {"line": 58, "defaults": (), "enabled": False}
    # IKEv2: the local-authentication key is the one the ASA presents; type 8 = encrypted.
    assert (t10.ike.psk.line, t10.ike.psk.encoding, t10.ike.psk.encrypted) == (57, "other", True)
    assert [(k.line, k.encoding, k.length) for k in device.keys] == [(56, "plain", 21), (57, "other", None)]
    ipsec = t10.ipsec
    assert (ipsec.name, ipsec.line, ipsec.pfs_groups, ipsec.defaults) == ("AWS-PROF", 35, (2,), ("pfs_groups",))
    assert (ipsec.lifetime_seconds, ipsec.lifetime_kilobytes, ipsec.replay_protection, ipsec.replay_window) == (
        3600, None, False, None)
    (gcm,) = ipsec.proposals
    assert (gcm.encryption, gcm.integrity, gcm.line) == (("AES256-GCM-16", "AES256"), ("SHA2-256",), 32)
    assert (t10.bgp.neighbor, t10.bgp.remote_as, t10.bgp.local_as, t10.bgp.keepalive_seconds,
            t10.bgp.hold_seconds, t10.bgp.advertised_prefixes) == (
        "169.254.44.1", 64512, 65010, 10, 30, ("10.20.0.0/16",))
    assert (t11.enabled, t11.ipsec, t11.ike, t11.bgp.shutdown) == (False, None, None, True)
    assert [(d.kind, d.name, d.line, d.referrer) for d in device.dangling] == [
        ("ipsec-profile", "MISSING-PROF", 27, "interface Tunnel11")]
    assert [(u.line, u.text) for u in device.unmodeled] == [(53, "crypto ikev2 fragmentation mtu 1300")]


def test_fixture_cryptomap_names_objects() -> None:
    device = _parse(FIXTURES / "cryptomap-names-objects.cfg")
    assert [(t.name, t.peer_address, t.line) for t in device.tunnels] == [
        ("VPN 10 hq-peer", "192.0.2.77", 36),
        ("VPN 10 hq-backup", "192.0.2.78", 36),
        ("VPN 20 198.51.100.99", "198.51.100.99", 44),
        ("VPN 65535 dynamic DYN 5", None, 52),
    ]
    hq, backup, other, dyn = device.tunnels
    assert hq.local_address is None and hq.local_interface == "outside"  # "ip address dhcp"
    assert [(s.local, s.remote, s.line) for s in hq.traffic_selectors] == [
        ("10.1.0.0/24", "172.16.0.0/16", 29), ("10.1.0.0/24", "172.16.5.10/32", 29),
        ("10.1.0.0/24", "172.31.1.1/32", 29)]  # the inactive deny line is skipped
    assert (hq.ike.mode, hq.ike.nat_traversal, hq.ike.auth) == ("aggressive", False, "psk")
    assert (hq.ike.psk.line, hq.ike.psk.length) == (68, 21)  # unindented paste, up to "exit"
    assert (hq.ike.dpd.interval_seconds, hq.ike.dpd.retry_interval_seconds) == (15, 5)
    # "set pfs" alone on 9.14: group 14 (group 2 before 9.13), marked as a default.
    assert (hq.ipsec.pfs_groups, hq.ipsec.defaults[0]) == ((14,), "pfs_groups")
    assert hq.ipsec.mode == "transport"
    assert [(p.name, p.mode, p.defaults) for p in hq.ipsec.proposals] == [
        ("TS-AES256", "tunnel", ("mode",)), ("TS-TRANSPORT", "transport", ())]
    assert [(p.name, p.line, p.auth, p.dh_groups, p.defaults) for p in hq.ike.proposals] == [
        ("10", 60, "psk", (2,), ("auth", "dh_groups")), ("20", 55, "psk", (14,), ("lifetime_seconds",))]
    assert (backup.ike.auth, backup.ike.psk, backup.ike.dpd.defaults) == (
        "certificate", None, ("interval_seconds", "retry_interval_seconds"))
    # No tunnel-group for the peer: the ASA falls back to DefaultL2LGroup (a wildcard key).
    assert (other.ike.name, other.ike.psk.wildcard_peer, other.ike.psk.peer, other.ike.dpd.enabled) == (
        "DefaultL2LGroup", True, "0.0.0.0/0", False)
    assert (other.ike.nat_traversal, other.ipsec.proposals) == (True, ())
    assert (dyn.ipsec.name, dyn.ipsec.lifetime_seconds, dyn.ike.psk.name) == ("DYN 5", 7200, "DefaultL2LGroup")
    assert [(s.local, s.remote) for s in dyn.traffic_selectors] == [("10.1.0.0/24", "0.0.0.0/0")]
    assert [(d.kind, d.name, d.line) for d in device.dangling] == [
        ("acl", "NO-SUCH-ACL", 44), ("transform-set", "TS-GONE", 46)]
    assert [(u.line, u.text) for u in device.unmodeled] == [
        (49, "crypto map VPN 20 set weird-option 1"), (77, "ikev1 strange-thing on")]
    (sup,) = device.suppressions
    assert (sup.rule_ids, sup.line, sup.scope_start, sup.scope_end) == (("VPN101",), 35, 36, 43)


# ------------------------------------------------------------------------------------------------
# Grammar details and defaults
# ------------------------------------------------------------------------------------------------
def test_ikev1_policy_defaults_and_pix_one_liner() -> None:
    device = _parse_text("crypto isakmp policy 30\ncrypto isakmp policy 40 lifetime none\n")
    p30, p40 = device.ike_policies
    assert (p30.auth, p30.encryption, p30.integrity, p30.dh_groups, p30.lifetime_seconds) == (
        "psk", ("3DES",), ("SHA1",), (2,), 86400)
    assert p30.defaults == ("auth", "encryption", "integrity", "dh_groups", "lifetime_seconds")
    assert (p40.lifetime_seconds, "lifetime_seconds" in p40.defaults) == (None, False)


def test_set_pfs_alone_before_913_is_group2() -> None:
    device = _parse_text(
        "ASA Version 9.8(1)\n"
        "access-list A extended permit ip host 10.0.0.1 host 10.9.0.1\n"
        "crypto ipsec ikev1 transform-set T esp-aes-256 esp-sha-hmac\n"
        "crypto map M 1 match address A\ncrypto map M 1 set peer 192.0.2.1\n"
        "crypto map M 1 set ikev1 transform-set T\ncrypto map M 1 set pfs\n")
    (tunnel,) = device.tunnels
    assert tunnel.ipsec.pfs_groups == (2,) and "pfs_groups" in tunnel.ipsec.defaults
    assert tunnel.enabled is True  # not applied to an interface yet: judged as it will run once applied
    assert [(s.local, s.remote) for s in tunnel.traffic_selectors] == [("10.0.0.1/32", "10.9.0.1/32")]
    assert [(d.kind, d.name) for d in device.dangling] == [("tunnel-group", "192.0.2.1")]


def test_asa_banners_are_single_lines() -> None:
    text = ("banner motd Authorized use only.\nbanner login Welcome\n"
            "crypto ikev1 policy 10\n encryption aes-256\n")
    (policy,) = _parse_text(text).ike_policies
    assert (policy.line, policy.encryption) == (3, ("AES256",))


def test_secrets_never_in_unmodeled_or_problems() -> None:
    text = ("tunnel-group 192.0.2.9 type ipsec-l2l\n"
            "tunnel-group 192.0.2.9 ipsec-attributes\n"
            " ikev2 remote-authentication weird pre-shared-key Sup3rSecretValue\n"
            "crypto ikev1 odd-command key Sup3rSecretValue\n")
    device = _parse_text(text)
    assert [u.text for u in device.unmodeled] == [
        "ikev2 remote-authentication ******** pre-shared-key ********", "crypto ikev1 odd-command key ********"]
    assert "Sup3rSecretValue" not in json.dumps(device.export())


def test_empty_input_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        _parse_text("! only a comment\n\n")


# ------------------------------------------------------------------------------------------------
# Robustness: shuffled, truncated, garbage input never raises
# ------------------------------------------------------------------------------------------------
def _sources() -> list[str]:
    texts = [_text(p) for p in _corpus_files()]
    texts += [(FIXTURES / name).read_text() for name in ("vti-ikev2-bgp.cfg", "cryptomap-names-objects.cfg")]
    return texts


_SOURCES = _sources()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0, max_value=len(_SOURCES) - 1), seed=st.integers(0, 10**6),
       cut=st.floats(min_value=0.0, max_value=1.0), noise=st.lists(st.text(max_size=40), max_size=5))
def test_mangled_configs_never_raise(index: int, seed: int, cut: float, noise: list[str]) -> None:
    lines = _SOURCES[index].splitlines()
    rng = random.Random(seed)
    if seed % 2:
        rng.shuffle(lines)
    lines = lines[: max(1, int(len(lines) * cut))]
    for junk in noise:
        lines.insert(rng.randrange(len(lines) + 1), junk)
    if seed % 3 == 0 and lines:
        i = rng.randrange(len(lines))
        lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    try:
        devices = cisco_asa.parse([SourceFile("mangled.cfg", "\n".join(lines))])
    except ParseError:
        return
    json.dumps(devices[0].export())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "crypto map M", "1", "set", "peer", "pfs", "group", "match", "address", "ikev1", "ikev2", "transform-set",
    "tunnel-group", "ipsec-attributes", "pre-shared-key", "isakmp", "keepalive", "threshold", "retry",
    "interface", "Tunnel1", " tunnel", "source", "destination", "protection", "ipsec", "profile", "access-list",
    "extended", "permit", "ip", "host", "any", "object-group", "255.255.255.0", "10.0.0.1", "'x'", "\n", "\n ",
    "router bgp", "neighbor", "timers", "crypto", "policy", "encryption", "lifetime", "seconds", "none",
]), min_size=1, max_size=60))
def test_random_token_soup_never_raises(tokens: list[str]) -> None:
    text = " ".join(tokens)
    try:
        devices = cisco_asa.parse([SourceFile("soup.cfg", text)])
    except ParseError:
        return
    json.dumps(devices[0].export())


# ------------------------------------------------------------------------------------------------
# BGP timers: neighbor, process ("timers bgp") and the documented default 60 / 180 s
# ------------------------------------------------------------------------------------------------
def test_bgp_timers_neighbor_process_and_default() -> None:
    device = _parse_text(
        "router bgp 65000\n"
        " address-family ipv4 unicast\n"
        "  neighbor 169.254.10.1 remote-as 64512\n"
        "  neighbor 169.254.10.1 timers 10 30 30\n"
        "  neighbor 169.254.11.1 remote-as 64512\n"
        " exit-address-family\n"
    )
    assert device.bgp is not None
    got = {n.neighbor: (n.keepalive_seconds, n.hold_seconds, n.defaults) for n in device.bgp.neighbors}
    assert got == {
        "169.254.10.1": (10, 30, ()),
        "169.254.11.1": (60, 180, ("keepalive_seconds", "hold_seconds")),
    }
    device = _parse_text(
        "router bgp 65000\n"
        " timers bgp 20 60\n"
        " address-family ipv4 unicast\n"
        "  neighbor 169.254.11.1 remote-as 64512\n"
        " exit-address-family\n"
    )
    (n,) = device.bgp.neighbors
    assert (n.keepalive_seconds, n.hold_seconds, n.defaults) == (20, 60, ())


def test_interface_type_and_number_as_two_words() -> None:
    """ASA, like IOS, accepts 'interface tunnel 10' for Tunnel10: the VTI keeps its number."""
    device = _parse_text(
        "hostname a\ninterface Gi0/1\n nameif outside\n ip address 100.0.1.2 255.255.255.0\n"
        "crypto ipsec ikev2 ipsec-proposal P\n protocol esp encryption aes-256\n protocol esp integrity sha-256\n"
        "crypto ipsec profile PR\n set ikev2 ipsec-proposal P\n"
        "interface tunnel 10\n nameif vti\n ip address 169.254.10.2 255.255.255.252\n tunnel source interface outside\n"
        " tunnel destination 100.0.2.3\n tunnel mode ipsec ipv4\n tunnel protection ipsec profile PR\n")
    assert [(t.name, t.peer_address, t.line) for t in device.tunnels] == [("tunnel10", "100.0.2.3", 10)]


def test_vti_source_is_the_first_interface_with_that_nameif():
    d = _parse_text(
        "interface GigabitEthernet0/0\n nameif outside\n ip address 100.0.0.2 255.255.255.0\n"
        "interface GigabitEthernet0/1\n nameif outside\n ip address 100.0.1.2 255.255.255.0\n"
        "interface GigabitEthernet0/2\n nameif old\n ip address 100.0.2.2 255.255.255.0\n"
        "interface GigabitEthernet0/2\n nameif spare\n"  # re-opened: "old" is no longer its name
        "interface Tunnel1\n nameif t1\n ip address 169.254.10.2 255.255.255.252\n tunnel source interface outside\n"
        " tunnel destination 203.0.113.1\n tunnel mode ipsec ipv4\n"
        "interface Tunnel2\n nameif t2\n ip address 169.254.11.2 255.255.255.252\n tunnel source interface old\n"
        " tunnel destination 203.0.113.2\n tunnel mode ipsec ipv4\n")
    assert [t.local_address for t in d.tunnels] == ["100.0.0.2", None]
    assert [(r.kind, r.name) for r in d.dangling] == [("interface", "old")]


def test_many_missing_references_are_kept_once_each_without_comparing_every_pair(monkeypatch):
    from vpnaudit.model import DanglingReference

    comparisons = []
    equal = DanglingReference.__eq__
    monkeypatch.setattr(DanglingReference, "__eq__", lambda a, b: comparisons.append(1) or equal(a, b))
    tunnels = 1_500
    d = _parse_text("".join(
        f"interface Tunnel{i}\n nameif t{i}\n ip address 169.254.{i // 60}.{i % 60 * 4 + 2} 255.255.255.252\n"
        f" tunnel source interface outside\n tunnel destination 203.0.{i // 250}.{i % 250 + 1}\n"
        f" tunnel mode ipsec ipv4\n tunnel protection ipsec profile P\n" for i in range(tunnels)))
    assert len(d.tunnels) == tunnels
    assert len([r for r in d.dangling if r.kind == "interface"]) == tunnels  # one per tunnel source line
    assert len(comparisons) < tunnels  # a list search compared each new one with every earlier one (~10^6)


def _nested_groups(depth: int) -> str:
    lines = ["ASA Version 9.16(2)", "hostname asa", "interface GigabitEthernet0/0", " nameif outside",
             " ip address 198.51.100.2 255.255.255.0"]
    for i in range(depth):
        lines += [f"object-group network G{i}", f" network-object 10.{i // 250}.{i % 250}.0 255.255.255.0"]
        if i + 1 < depth:
            lines += [f" group-object G{i + 1}", f" network-object 172.16.{i // 250}.{i % 250} 255.255.255.255"]
    lines += ["access-list VPN extended permit ip object-group G0 host 192.0.2.10",
              "crypto ipsec ikev2 ipsec-proposal P", " protocol esp encryption aes-256", " protocol esp integrity sha-256",
              "crypto map M 10 match address VPN", "crypto map M 10 set peer 203.0.113.1",
              "crypto map M 10 set ikev2 ipsec-proposal P", "crypto map M interface outside"]
    return "\n".join(lines) + "\n"


def test_nested_object_groups_expand_in_place_at_any_depth() -> None:
    """``group-object`` members are expanded where they stand, each group once, without recursion: a
    chain of 3,000 nested groups stopped the access list with a RecursionError (reported as VPN000)."""
    (device,) = cisco_asa.parse([SourceFile("asa.cfg", _nested_groups(3))])
    locals_ = [s.local for s in device.tunnels[0].traffic_selectors]
    assert locals_ == ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "172.16.0.1/32", "172.16.0.0/32"]
    (device,) = cisco_asa.parse([SourceFile("asa.cfg", _nested_groups(3000))])
    assert len(device.tunnels[0].traffic_selectors) == 1024  # the cap on one access list, said as a problem
    assert not any("Recursion" in p.message for p in device.problems)
