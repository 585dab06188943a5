"""strongSwan / Libreswan parser: exact models for corpus files and a multi-file fixture."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from vpnaudit.parsers import strongswan
from vpnaudit.parsers._base import SourceFile

ROOT = Path(__file__).resolve().parents[1]
from .conftest import CORPUS
SS = CORPUS / "strongswan"
FIXTURE = ROOT / "fixtures" / "parsers" / "strongswan" / "aws-vti"



def parse_one(path: Path):
    [device] = strongswan.parse([SourceFile(str(path), path.read_text())])
    return device


def parse_dir(path: Path):
    files = [SourceFile(str(p), p.read_text()) for p in sorted(path.iterdir()) if p.is_file()]
    [device] = strongswan.parse(files)
    return device


def test_every_corpus_file_parses():
    paths = sorted(SS.iterdir()) + [CORPUS / "other" / "libreswan-test-ikev2-aws-updown-north-ipsec.conf"]
    for path in paths:
        device = parse_one(path)
        assert device.vendor == "strongswan"
        assert strongswan.detect(path.read_text(), str(path)) >= 50, path
    # the whole directory at once, as the api layer groups it
    assert parse_dir(SS).source.endswith("ipsec.conf")


def test_swanctl_ikev1_net2net_psk_exact():
    d = parse_one(SS / "strongswan-test-ikev1-net2net-psk-moon-swanctl.conf")
    [t] = d.tunnels
    assert (t.name, t.line, t.local_address, t.peer_address, t.routing) == (
        "gw-gw", 3, "192.168.0.1", "192.168.0.2", "policy-based")
    assert t.ike.versions == (1,) and t.ike.mode == "main" and t.ike.auth == "psk"
    assert (t.ike.local_id, t.ike.remote_id, t.ike.lifetime_seconds) == (
        "moon.strongswan.org", "sun.strongswan.org", 10800)  # reauth_time, rekey_time unset
    [p] = t.ike.proposals
    assert (p.line, p.encryption, p.integrity, p.prf, p.dh_groups, p.defaults) == (
        29, ("AES128",), ("SHA2-256",), ("SHA2-256",), (31,), ())
    assert t.ike.dpd.enabled is False and "enabled" in t.ike.dpd.defaults
    [e] = t.ipsec.proposals
    assert (e.line, e.encryption, e.integrity, e.dh_groups) == (24, ("AES128-GCM-16",), (), (31,))
    assert t.ipsec.pfs_groups == (31,) and t.ipsec.lifetime_seconds == 5400 and t.ipsec.mode == "tunnel"
    assert [(s.local, s.remote, s.line) for s in t.traffic_selectors] == [("10.1.0.0/16", "10.2.0.0/16", 17)]
    # five secret encodings; 0x / 0s give bytes: random ones are binary keys measured in bytes, 8 bits
    # each (a 96-bit key is 12 bytes, 96 bits, not "11 characters, 38 bits"); the one bound to both ids wins
    assert [(k.name, k.line, k.length, k.wildcard_peer, k.binary, k.entropy_bits) for k in d.keys] == [
        ("ike-1", 36, 12, False, True, 96.0), ("ike-2", 40, 25, False, False, 88.5),
        ("ike-3", 45, 24, False, True, 192.0), ("ike-4", 48, 25, True, False, 92.1),
        ("ike-5", 52, 11, False, False, 38.1)]
    assert t.ike.psk.name == "ike-3" and t.ike.psk.peer == "moon.strongswan.org sun.strongswan.org"
    assert d.problems == () and d.unmodeled == () and d.dangling == ()


def test_swanctl_weak_ikev1_3des_md5_exact():
    d = parse_one(SS / "strongswan-test-ikev1-alg-3des-md5-modp1024-moon-swanctl.conf")
    [t] = d.tunnels
    [p] = t.ike.proposals
    assert (p.line, p.encryption, p.integrity, p.prf, p.dh_groups) == (21, ("3DES",), ("MD5",), ("MD5",), (2,))
    [e] = t.ipsec.proposals
    assert (e.line, e.encryption, e.integrity, e.dh_groups) == (17, ("3DES",), ("MD5",), (2,))
    assert t.ike.auth == "certificate" and t.ike.versions == (1,) and t.peer_address == "%any"
    assert t.traffic_selectors[0].local == "10.1.0.0/16" and t.traffic_selectors[0].remote == "dynamic"
    assert t.traffic_selectors[0].defaults == ("remote",)


def test_swanctl_dpd_and_aggressive_and_route_based():
    d = parse_one(SS / "strongswan-test-ikev2-dpd-restart-moon-swanctl.conf")
    dpd = d.tunnels[0].ike.dpd
    assert (dpd.enabled, dpd.interval_seconds, dpd.timeout_seconds, dpd.action, dpd.line) == (True, 5, 165, "clear", 24)
    assert d.tunnels[0].ike.versions == (2,) and d.tunnels[0].ike.mode is None

    d = parse_one(SS / "strongswan-test-ikev1-rw-psk-aggressive-moon-swanctl.conf")
    assert d.tunnels[0].ike.mode == "aggressive"
    assert d.tunnels[0].ike.psk is not None  # road warrior: any peer id holding a key
    assert [k.name for k in d.keys] == ["ike-carol", "ike-dave"]

    vti = parse_one(SS / "strongswan-test-route-based-vti-mark-moon-swanctl.conf").tunnels[0]
    xfrm = parse_one(SS / "strongswan-test-route-based-xfrmi-ifid-moon-swanctl.conf").tunnels[0]
    assert vti.routing == "route-based" and xfrm.routing == "route-based"
    assert (vti.local_address, vti.peer_address) == ("PH_IP_MOON", "PH_IP_SUN")  # placeholders stay text


def test_stroke_ipsec_conf_defaults_exact():
    d = parse_one(SS / "strongswan-test-ikev1-stroke-net2net-psk-moon-ipsec.conf")
    [t] = d.tunnels
    assert (t.name, t.line, t.local_address, t.peer_address, t.enabled) == (
        "net-net", 13, "PH_IP_MOON", "PH_IP_SUN", True)
    assert t.ike.versions == (1,) and t.ike.auth == "psk" and t.ike.lifetime_seconds == 3600
    assert (t.ike.local_id, t.ike.remote_id) == ("@moon.strongswan.org", "@sun.strongswan.org")
    # no ike=/esp=: strongSwan's default proposals, marked as defaults, at the conn line
    assert len(t.ike.proposals) == 2
    first = t.ike.proposals[0]
    assert first.line == 13 and first.defaults == ("encryption", "integrity", "prf", "dh_groups")
    assert first.encryption == ("AES128", "AES192", "AES256") and 14 in first.dh_groups and 2 not in first.dh_groups
    assert [p.encryption for p in t.ipsec.proposals] == [
        ("AES128-GCM-16", "AES192-GCM-16", "AES256-GCM-16"), ("AES128", "AES192", "AES256")]
    assert t.ipsec.pfs_groups == () and "pfs_groups" in t.ipsec.defaults
    assert t.ipsec.lifetime_seconds == 1200  # keylife=20m from conn %default
    dpd = t.ike.dpd
    assert (dpd.enabled, dpd.interval_seconds, dpd.timeout_seconds, dpd.action) == (False, 30, 150, "none")
    assert d.dangling == ()  # no secrets file given: nothing to match
    assert "psk" in d.extra


def test_empty_stock_ipsec_conf():
    d = parse_one(SS / "strongswan-src-starter-default-ipsec.conf")
    assert d.tunnels == () and d.problems == ()


def test_libreswan_north_conf():
    d = parse_one(CORPUS / "other" / "libreswan-test-ikev2-aws-updown-north-ipsec.conf")
    assert d.extra["implementation"] == "libreswan"
    assert [(t.name, t.line, t.local_address, t.peer_address) for t in d.tunnels] == [
        ("eastnet-northnet", 17, "192.1.3.33", "192.1.2.23"),  # rightupdown: right is this host
        ("westnet-northnet", 26, "192.1.3.33", "192.1.2.45")]
    t = d.tunnels[0]
    # no auto=: Libreswan does nothing at startup (auto=ignore) but the conn is added by hand
    # ("ipsec add"), as this test suite does, so it is judged; only an explicit auto=ignore is inactive
    assert t.enabled is True and "enabled" in t.defaults
    assert t.ike.versions == (2,) and t.ike.auth == "psk" and t.ike.lifetime_seconds == 28800
    assert (t.ike.dpd.enabled, t.ike.dpd.interval_seconds, t.ike.dpd.line) == (True, 5, 14)
    assert [(s.local, s.remote) for s in t.traffic_selectors] == [("198.18.66.0/24", "192.1.4.0/24")]


def test_proposal_strings():
    algs = strongswan._parse_algs("aes256gcm16-prfsha384-ecp384", "ike", False)
    assert (algs.encryption, algs.integrity, algs.prf, algs.dh) == (["AES256-GCM-16"], [], ["SHA2-384"], [20])
    algs = strongswan._parse_algs("aes128-aes256-sha1-sha256-modp2048-curve25519", "ike", False)
    assert (algs.encryption, algs.integrity, algs.dh) == (["AES128", "AES256"], ["SHA1", "SHA2-256"], [14, 31])
    algs = strongswan._parse_algs("aes256-sha2_256;modp2048", "esp", True)
    assert (algs.encryption, algs.integrity, algs.dh) == (["AES256"], ["SHA2-256"], [14])
    algs = strongswan._parse_algs("aes_gcm256-null", "esp", True)
    assert (algs.encryption, algs.integrity) == (["AES256-GCM-16"], [])
    algs = strongswan._parse_algs("aes128gcm128-x25519-ke1_mlkem768", "esp", False)
    assert (algs.encryption, algs.dh) == (["AES128-GCM-16"], [31, 36])
    algs = strongswan._parse_algs("aes128-foo512", "ike", False)
    assert algs.unknown == ["foo512"]


def test_strict_flag_and_appended_defaults():
    text = "conn a\n\tleft=1.1.1.1\n\tright=2.2.2.2\n\tike=aes256-sha256-modp2048\n\tesp=aes256-sha256!\n\tauto=start\n"
    [d] = strongswan.parse([SourceFile("ipsec.conf", text)])
    t = d.tunnels[0]
    assert len(t.ike.proposals) == 3 and t.ike.proposals[1].defaults  # not strict: defaults appended
    assert len(t.ipsec.proposals) == 1 and t.ipsec.proposals[0].line == 5


def test_multi_file_directory_fixture():
    d = parse_dir(FIXTURE)
    assert d.source.endswith("ipsec.conf")
    assert [Path(f).name for f in d.files] == ["ipsec.conf", "bgpd.conf", "ipsec.secrets"]
    assert [t.name for t in d.tunnels] == ["Tunnel1", "Tunnel2"]  # aws-base is an also= template
    t1, t2 = d.tunnels
    assert (t1.routing, t1.local_interface, t1.inside.local, t1.inside.peer, t1.inside.line) == (
        "route-based", "Tunnel1", "169.254.10.2/30", "169.254.10.1", 29)
    assert t1.local_address == "%defaultroute" and t1.peer_address == "203.0.113.1"
    assert [p.line for p in t1.ike.proposals] == [22, 22] and t1.ike.proposals[1].prf == ("SHA2-384",)
    assert t1.ipsec.pfs_groups == (14,) and t1.ipsec.lifetime_seconds == 3600 and t1.ike.lifetime_seconds == 28800
    assert t2.ipsec.proposals[0].encryption == ("3DES",) and t2.ipsec.proposals[0].line == 35
    assert len(t2.ipsec.proposals) == 3  # esp=3des-md5 without '!': stroke appends the defaults
    dpd = t1.ike.dpd
    assert (dpd.enabled, dpd.interval_seconds, dpd.timeout_seconds, dpd.action, dpd.line) == (True, 10, 30, "restart", 11)
    assert (t1.ike.psk.line, t1.ike.psk.file) == (2, str(FIXTURE / "ipsec.secrets"))
    assert (t2.ike.psk.line, t2.ike.psk.length) == (3, 26)
    assert d.hostname == "edge-linux"


def test_bgp_neighbors_attach_to_inside_subnets():
    from vpnaudit.parsers import cisco_ios

    if not hasattr(cisco_ios, "parse_bgp"):
        pytest.skip("cisco_ios.parse_bgp not available yet")
    d = parse_dir(FIXTURE)
    assert d.bgp is not None and d.bgp.local_as == 65000
    assert [(t.bgp.neighbor, t.bgp.remote_as, t.bgp.hold_seconds, t.bgp.file) for t in d.tunnels] == [
        ("169.254.10.1", 64512, 30, str(FIXTURE / "bgpd.conf")), ("169.254.11.1", 64512, 30, str(FIXTURE / "bgpd.conf"))]


def test_detect_scores():
    assert strongswan.detect("conn x\n  left=1.1.1.1\n", "x/ipsec.conf") >= 80
    assert strongswan.detect("connections {\n gw { version = 2 }\n}\n", "swanctl.conf") >= 80
    assert strongswan.detect(": PSK \"abc\"\n", "/etc/ipsec.secrets") >= 80
    ios = "hostname r1\nrouter bgp 65000\n neighbor 1.1.1.1 remote-as 2\n"
    assert strongswan.detect(ios, "r1.cfg") == 0  # a plain IOS config is not ours
    assert 20 <= strongswan.detect(ios, "gw/bgpd.conf") < 50


def test_garbage_does_not_raise():
    for text in ("conn\n\t=\n}}}{{{\n", "connections {\n  a {\n    children {\n", "\x00\xff garbage : PSK",
                 "secrets {\n ike-1 { secret = 0xZZ }\n}\n", "conn a\n\talso=missing\n\tright=1.1.1.1\n"):
        for name in ("ipsec.conf", "swanctl.conf", "ipsec.secrets"):
            [d] = strongswan.parse([SourceFile(name, text)])
            assert d.vendor == "strongswan"


def _corpus_secrets() -> list[str]:
    out = ["This is a strong password", 'My "home" is my "castle"!', "Andi's home",
           "Fixture.Key_one_1234567890", "Fixture.Key_two_0987654321"]
    for raw in ("0sv+NkxY9LLZvwj4qCC2o/gGrWDF2d21jL", "0sFpZAZqEN6Ti9sqt4ZP5EWcqx", "0sjVzONCF02ncsgiSlmIXeqhGN"):
        out.append(raw)
        out.append(raw[2:])
        out.append(base64.b64decode(raw[2:]).decode("latin-1"))
    out += ["0x45a30759df97dc26a15b88ff", "45a30759df97dc26a15b88ff"]
    return out


def test_no_psk_in_export():
    devices = [parse_dir(SS), parse_dir(FIXTURE)] + [parse_one(p) for p in sorted(SS.iterdir())]
    for d in devices:
        dumped = json.dumps(d.export()) + repr(d) + str(d.keys)
        for secret in _corpus_secrets():
            assert secret not in dumped


def test_swanctl_copy_df_explicit_and_default():
    """swanctl.conf(5) children.<child>.copy_df [yes]: copy the DF bit to the outer header in tunnel mode."""
    def conn(name: str, peer: str, child: str) -> str:
        return (f"   {name} {{\n      remote_addrs = {peer}\n      children {{\n         c {{\n"
                f"{child}         }}\n      }}\n   }}\n")

    text = ("connections {\n"
            + conn("a", "203.0.113.1", "            remote_ts = 0.0.0.0/0\n            copy_df = no\n")
            + conn("b", "203.0.113.2", "            remote_ts = 0.0.0.0/0\n")
            + conn("t", "203.0.113.3", "            mode = transport\n")
            + conn("y", "203.0.113.4", "            copy_df = yes\n")
            + "}\n")
    (d,) = strongswan.parse([SourceFile("swanctl.conf", text)])
    got = {t.name: (t.df_bit, "df_bit" in t.defaults) for t in d.tunnels}
    assert got == {"a": ("clear", False), "b": ("copy", True), "t": (None, False), "y": ("copy", False)}


def test_ipsec_conf_df_bit_is_the_linux_default_copy():
    """stroke ipsec.conf has no DF option: Linux XFRM copies the inner DF bit (tunnel mode)."""
    (d,) = strongswan.parse([SourceFile("ipsec.conf", "conn a\n\tright=203.0.113.1\n\tauto=start\n")])
    t = d.tunnels[0]
    assert (t.df_bit, "df_bit" in t.defaults) == ("copy", True)
    (d,) = strongswan.parse([SourceFile("ipsec.conf", "conn a\n\tright=203.0.113.1\n\ttype=transport\n\tauto=start\n")])
    assert d.tunnels[0].df_bit is None  # transport mode has no outer header of its own


def test_swanctl_remote_eap_round_is_the_auth():
    """remote.auth = eap-* requires the peer to use EAP: a PSK-only peer (AWS) cannot connect."""
    text = ("connections {\n  aws1 {\n    version = 2\n    remote_addrs = 203.0.113.10\n"
            "    local {\n      auth = psk\n    }\n    remote {\n      auth = eap-mschapv2\n    }\n"
            "    children {\n      c {\n        esp_proposals = aes256gcm16-modp2048\n      }\n    }\n  }\n}\n")
    [device] = strongswan.parse([SourceFile("swanctl.conf", text)])
    assert (device.tunnels[0].ike.auth, "auth" in device.tunnels[0].ike.defaults) == ("eap", False)
    both_psk = text.replace("eap-mschapv2", "psk")
    [device] = strongswan.parse([SourceFile("swanctl.conf", both_psk)])
    assert device.tunnels[0].ike.auth == "psk"


def test_key_index_picks_the_key_scoring_every_secret_would() -> None:
    """The secret a conn gets: the best-fitting one, the earliest among equals (a specific identity
    beats a wildcard, the remote identity beats the local one). The index looks at a few secrets
    only; it must pick the same one as scoring every secret in order."""
    import random

    from vpnaudit.parsers.strongswan import _KeyIndex, _key_score, _norm_id

    def reference(keys, remote, local, remote_any):
        best = None
        for position, (_, selectors) in enumerate(keys):
            score = _key_score(frozenset(_norm_id(s) for s in selectors), remote, local, remote_any)
            if score and (best is None or score > best[0]):
                best = (score, position)
        return None if best is None else best[1]

    rng = random.Random(7)
    ids = ["a", "b", "c", "@d", "%any", "%any6", "E", " e ", "0.0.0.0/0", "1.1.1.1", "'f'"]
    for _ in range(20_000):
        keys = [(None, tuple(rng.sample(ids, rng.randrange(0, 4)))) for _ in range(rng.randrange(0, 7))]
        remote = {_norm_id(x) for x in rng.sample(ids, rng.randrange(0, 3))}
        local = {_norm_id(x) for x in rng.sample(ids, rng.randrange(0, 3))}
        remote_any = not (remote - {"%any", "%any6", "0.0.0.0/0", "::/0"})
        assert _KeyIndex(keys).best(remote, local, remote_any) == reference(keys, remote, local, remote_any), keys
