"""Check Point parser: Gaia clish + management API JSON, one device per directory."""

from __future__ import annotations

import json
from pathlib import Path


from vpnaudit.parsers import checkpoint, unwrap_markdown
from vpnaudit.parsers._base import SourceFile

ROOT = Path(__file__).resolve().parents[1]
from .conftest import CORPUS

CP = CORPUS / "checkpoint"
DOC = CP / "aws-docs-netadmin-check-point-gaia-bgp-clish-smartdashboard.md"
MESHED = CP / "batfish-mgmt-api-show-vpn-communities-meshed.json"
FIXTURE = ROOT / "fixtures" / "parsers" / "checkpoint" / "aws-star"



def source(path: Path) -> SourceFile:
    text = path.read_text()
    return SourceFile(str(path), unwrap_markdown(text) if path.suffix == ".md" else text)


def parse(*paths: Path):
    [device] = checkpoint.parse([source(p) for p in paths])
    return device


def test_every_corpus_file_parses_and_is_detected():
    for path in sorted(CP.iterdir()):
        sf = source(path)
        assert checkpoint.detect(sf.text, sf.path) >= 80, path
        device = parse(path)
        assert device.vendor == "checkpoint" and device.problems == () or path == DOC
    for path in (CP / "batfish-mgmt-api-show-access-rulebase-vpn-column.json",
                 CP / "batfish-mgmt-api-show-simple-gateways.json",
                 CP / "batfish-gaia-clish-cp_gw1-show-configuration.txt"):
        d = parse(path)
        assert d.tunnels == () and d.ike_policies == () and d.keys == ()
    assert parse(CP / "batfish-gaia-clish-cp_gw1-show-configuration.txt").hostname == "cp_gw1"


def test_aws_doc_page_exact():
    d = parse(DOC)
    [t] = d.tunnels  # the page's second 'add vpn tunnel 1' is rejected by Gaia
    assert (t.name, t.line, t.local_interface, t.routing, t.mtu, t.enabled) == (
        "vpnt1", 98, "vpnt1", "route-based", 1436, True)
    assert (t.inside.local, t.inside.peer, t.inside.line) == ("169.254.44.234", "169.254.44.233", 98)
    assert t.peer_address is None
    # No community file: the crypto lives on the management server, so it is unknown, not guessed.
    assert t.ike is None and t.ipsec is None
    assert d.ike_policies == () and d.ipsec_proposals == ()
    assert "unknown and not checked" in d.extra["crypto"]
    assert (t.bgp.neighbor, t.bgp.remote_as, t.bgp.local_as, t.bgp.hold_seconds, t.bgp.keepalive_seconds,
            t.bgp.line) == ("169.254.44.233", 7224, 65000, 30, 10, 120)
    assert d.bgp.local_as == 65000 and d.bgp.line == 92
    assert [(n.neighbor, n.line) for n in d.bgp.neighbors] == [("169.254.44.233", 120), ("169.254.44.37", 128)]
    [problem] = d.problems
    assert problem.line == 106 and "vpn tunnel 1 is added again" in problem.message
    assert [(x.kind, x.name, x.line) for x in d.dangling] == [("interface", "vpnt2", 107), ("interface", "vpnt2", 108)]
    assert d.unmodeled == ()


def test_meshed_community_json_exact():
    d = parse(MESHED)
    assert d.tunnels == ()
    [p] = d.ike_policies
    assert (p.name, p.line, p.encryption, p.integrity, p.prf, p.dh_groups, p.versions, p.lifetime_seconds) == (
        "MyIntranet", 6, ("AES256",), ("SHA1",), ("SHA1",), (2,), (1,), 86400)
    assert p.defaults == ("lifetime_seconds",)
    [e] = d.ipsec_proposals
    assert (e.name, e.line, e.encryption, e.integrity, e.dh_groups, e.defaults) == (
        "MyIntranet", 6, ("AES128",), ("SHA1",), (), ())


def test_doc_page_with_meshed_community_in_one_directory():
    d = parse(DOC, MESHED)
    t = d.tunnels[0]
    assert t.ike.proposals[0].name == "MyIntranet" and t.ike.proposals[0].file == str(MESHED)
    assert t.ike.line == 6 and t.ike.file == str(MESHED) and "versions" not in t.ike.defaults


def test_multi_file_fixture():
    d = parse(*sorted(FIXTURE.iterdir()))
    assert Path(d.source).name == "gaia-clish.txt" and d.hostname == "cp-edge"
    t1, t2 = d.tunnels
    assert (t1.name, t1.peer_address, t1.enabled, t2.name, t2.peer_address, t2.enabled) == (
        "vpnt1", "203.0.113.1", True, "vpnt2", "203.0.113.2", False)
    assert t1.ike.versions == (2,) and t1.ike.mode is None and t1.ike.lifetime_seconds == 28800
    p = t1.ike.proposals[0]
    assert (p.encryption, p.integrity, p.dh_groups, p.line) == (("AES256",), ("SHA2-256",), (14,), 5)
    e = t1.ipsec.proposals[0]
    assert (e.encryption, e.integrity, t1.ipsec.pfs_groups, t1.ipsec.lifetime_seconds) == (
        ("AES256-GCM-16",), (), (14,), 3600)
    assert t1.ike.dpd.enabled is True and t1.ike.dpd.defaults == ()
    assert [(s.local, s.remote) for s in t1.traffic_selectors] == [("0.0.0.0/0", "0.0.0.0/0")]
    assert (t1.ike.psk.encoding, t1.ike.psk.length, t1.ike.psk.peer) == ("plain", 22, "AWS_VPC_Tunnel_1")
    assert (t2.ike.psk.encoding, t2.ike.psk.encrypted, t2.ike.psk.length) == ("masked", True, None)
    assert (t1.bgp.neighbor, t1.bgp.hold_seconds, t2.bgp.neighbor, t2.bgp.hold_seconds) == (
        "169.254.44.233", 30, "169.254.44.37", None)
    assert d.problems == () and d.dangling == ()


def test_json_shapes_and_garbage():
    obj = {"name": "C", "type": "vpn-community-star", "encryption-suite": "suite-b-gcm-256"}
    for text in (json.dumps(obj), json.dumps([obj]), json.dumps({"objects": [obj]})):
        d = checkpoint.parse([SourceFile("c.json", text)])[0]
        [p] = d.ike_policies
        assert (p.encryption, p.integrity, p.dh_groups) == (("AES256",), ("SHA2-384",), (20,))
        assert d.ipsec_proposals[0].encryption == ("AES256-GCM-16",)
    for text in ("{not json", "[]", "add vpn tunnel x type numbered", "set interface vpnt1 mtu abc\n",
                 "set as\nset bgp external remote-as x peer\n"):
        d = checkpoint.parse([SourceFile("x.txt", text)])[0]
        assert d.vendor == "checkpoint"


def test_detect_does_not_claim_aws_json():
    assert checkpoint.detect('{"VpnConnections": [{"CustomerGatewayConfiguration": ""}]}', "a.json") == 0
    assert checkpoint.detect("interface Tunnel1\n ip address 1.1.1.1 255.255.255.252\n", "r.cfg") == 0


def test_no_psk_in_export():
    d = parse(*sorted(FIXTURE.iterdir()))
    dumped = json.dumps(d.export()) + repr(d)
    assert "Fixture.CP_key_1234567" not in dumped


def test_each_community_shared_secret_has_its_own_line():
    """Two gateways' shared secrets of one community are two keys on two lines (not one key)."""
    community = (
        '{"objects": [\n'
        ' {"type": "vpn-community-star", "name": "AWS",\n'
        '  "shared-secrets": [\n'
        '   {"external-gateway": "AWS_T1",\n'
        '    "shared-secret": "Xq7vR2mK9pL4sT8wZ3nB6cY1dF5gH0jQaE2uW9rN"},\n'
        '   {"external-gateway": {"name": "AWS_T2"},\n'
        '    "shared-secret": "Pz4Nw8Qe1Rt6Yu3Io9As5Df2Gh7Jk0LmXcVbTqWe"}\n'
        '  ]}\n'
        ']}\n'
    )
    clish = ("add vpn tunnel 1 type numbered local 169.254.10.2 remote 169.254.10.1 peer AWS_T1\n"
             "add vpn tunnel 2 type numbered local 169.254.11.2 remote 169.254.11.1 peer AWS_T2\n")
    (d,) = checkpoint.parse([SourceFile("gaia.txt", clish), SourceFile("community.json", community)])
    assert [(k.peer, k.line, k.file) for k in d.keys] == [("AWS_T1", 4, "community.json"),
                                                          ("AWS_T2", 6, "community.json")]
    assert [t.ike.psk.line for t in d.tunnels] == [4, 6]


def _community_with(advanced: dict | None) -> list[SourceFile]:
    community = {"name": "AWS-VPN", "type": "vpn-community-star",
                 "encryption-method": "ikev1 for ipv4 and ikev2 for ipv6 only", "encryption-suite": "custom"}
    if advanced is not None:
        community["advanced-properties"] = advanced
    clish = "add vpn tunnel 1 type numbered local 169.254.10.2 remote 169.254.10.1 peer AWS_VPC_Tunnel_1\n"
    return [SourceFile("gaia.txt", clish),
            SourceFile("community.json", json.dumps({"objects": [community]}, indent=2))]


def test_r82_advanced_properties_aggressive_mode():
    """R82 management API advanced-properties.use-aggressive-mode sets the IKEv1 exchange mode."""
    [on] = checkpoint.parse(_community_with({"use-aggressive-mode": True, "support-ip-compression": False}))
    assert (on.tunnels[0].ike.mode, on.tunnels[0].ike.defaults) == ("aggressive", ("lifetime_seconds", "auth"))
    [off] = checkpoint.parse(_community_with({"use-aggressive-mode": False}))
    assert (off.tunnels[0].ike.mode, off.tunnels[0].ike.defaults) == ("main", ("lifetime_seconds", "auth"))
    [unset] = checkpoint.parse(_community_with(None))
    assert (unset.tunnels[0].ike.mode, unset.tunnels[0].ike.defaults) == ("main", ("lifetime_seconds", "mode", "auth"))


def test_tunnel_bgp_neighbor_by_remote_else_by_the_local_30():
    clish = "\n".join([
        "add vpn tunnel 1 type numbered local 169.254.10.2 remote 169.254.10.1 peer P1",  # exact remote
        "add vpn tunnel 2 type numbered local 169.254.20.2 remote 169.254.99.1 peer P2",  # remote unknown: /30
        "add vpn tunnel 3 type numbered local 169.254.30.2 remote 169.254.98.1 peer P3",  # only itself in its /30
        "add vpn tunnel 4 type numbered local 169.254.40.6 remote 169.254.97.1 peer P4",  # another /30 only
        "set as 65000",
        "set bgp external remote-as 64512 peer 169.254.20.3 on",
        "set bgp external remote-as 64512 peer 169.254.10.1 on",
        "set bgp external remote-as 64512 peer 169.254.20.1 on",
        "set bgp external remote-as 64512 peer 169.254.30.2 on",
        "set bgp external remote-as 64512 peer 169.254.40.1 on",
    ]) + "\n"
    [d] = checkpoint.parse([SourceFile("gaia.txt", clish)])
    assert [t.bgp.neighbor if t.bgp else None for t in d.tunnels] == ["169.254.10.1", "169.254.20.3", None, None]
