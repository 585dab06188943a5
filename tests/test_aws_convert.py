"""aws.convert and parsers.aws: DescribeVpnConnections JSON / AWS XML -> model, exact values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vpnaudit.aws.convert import convert_document, convert_xml, json_key_lines, normalize_algorithm
from vpnaudit.parsers import SourceFile, aws as aws_parser
from vpnaudit.parsers._base import ParseError
from vpnaudit.policy import load_policy
from vpnaudit.secrets import key_digest

from .conftest import CORPUS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "aws"
MODERN = FIXTURES / "eu-west-1" / "VpnConnections.json"
FIXTURE_KEYS = ("Fixture_Key.0001abcdEFGH", "Fixture_Key.0002abcdEFGH", "Fixture_Xml.Key0001abcd", "Fixture_Xml.Key0002abcd")


def parse(path: Path, *extra: Path):
    files = [SourceFile(str(p), p.read_text("utf-8")) for p in (path, *extra)]
    return aws_parser.parse(files)


def by_name(device):
    return {t.name: t for t in device.tunnels}


def test_modern_dump_with_gateways():
    devices = parse(MODERN, MODERN.parent / "CustomerGateways.json", MODERN.parent / "VpnGateways.json")
    assert [d.hostname for d in devices] == ["vpn-0f1e2d3c4b5a69788"]  # the deleted one is skipped
    device = devices[0]
    assert device.vendor == "aws"
    assert device.source == str(MODERN)
    conn = device.connection
    assert (conn.id, conn.state, conn.type, conn.category) == ("vpn-0f1e2d3c4b5a69788", "available", "ipsec.1", "VPN")
    assert (conn.gateway, conn.gateway_type) == ("vgw-0f1e2d3c4b5a69788", "vgw")
    assert (conn.customer_gateway, conn.customer_gateway_ip, conn.customer_gateway_asn) == (
        "cgw-0f1e2d3c4b5a69788", "192.0.2.50", 65010)
    assert conn.amazon_side_asn == 64520
    assert conn.static_routes_only is False
    assert conn.tunnel_inside_ip_version == "ipv4"
    assert conn.acceleration is False
    assert conn.tags == (("Name", "fixture-dc1"),)
    assert [t.outside_ip for t in conn.telemetry] == ["198.51.100.11", "198.51.100.22"]

    t1, t2 = device.tunnels
    assert (t1.name, t1.line, t1.peer_address, t1.local_address) == ("198.51.100.11", 20, "198.51.100.11", "192.0.2.50")
    assert (t1.inside.local, t1.inside.peer, t1.inside.line) == ("169.254.44.234/30", "169.254.44.233", 21)
    assert t1.ike.versions == (2,)
    assert t1.ike.mode is None
    assert t1.ike.line == 36
    p1 = t1.ike.proposals[0]
    assert (p1.encryption, p1.integrity, p1.dh_groups, p1.lifetime_seconds) == (
        ("AES256-GCM-16", "AES256"), ("SHA2-256", "SHA2-384"), (20, 14), 28800)
    assert p1.defaults == ()
    assert p1.line == 30
    assert (t1.ike.dpd.timeout_seconds, t1.ike.dpd.action, t1.ike.dpd.defaults) == (40, "restart", ())
    p2 = t1.ipsec.proposals[0]
    assert (p2.encryption, p2.integrity, p2.dh_groups) == (("AES256-GCM-16",), ("SHA2-256",), (20,))
    assert (t1.ipsec.pfs_groups, t1.ipsec.lifetime_seconds, t1.ipsec.replay_window) == ((20,), 3600, 1024)
    assert t1.bgp.neighbor == "169.254.44.234"
    assert (t1.bgp.remote_as, t1.bgp.local_as, t1.bgp.hold_seconds, t1.bgp.defaults) == (65010, 64520, 30, ("hold_seconds",))
    a1 = t1.aws
    assert (a1.startup_action, a1.dpd_timeout_seconds, a1.rekey_margin_seconds, a1.logging_enabled,
            a1.bgp_logging_enabled, a1.lifecycle_control, a1.psk_in_secrets_manager) == (
        "start", 40, 270, True, False, True, False)
    # telemetry joined by outside IP although VgwTelemetry lists the other tunnel first
    assert (a1.telemetry_status, a1.telemetry_message, a1.accepted_route_count) == ("UP", "3 BGP ROUTES", 3)
    assert a1.defaults == ()

    psk = t1.ike.psk
    assert (psk.present, psk.encrypted, psk.encoding, psk.length, psk.line) == (True, False, "aws", 24, 22)
    assert psk.digest == key_digest("Fixture_Key.0001abcdEFGH") and "digest" not in psk.model_dump()

    # second tunnel: everything unset (absent or 0) -> AWS defaults, named in defaults
    side = load_policy("aws").aws_side
    assert (t2.name, t2.line) == ("198.51.100.22", 49)
    assert t2.ike.versions == (1, 2)
    assert t2.ike.mode == "main"
    assert set(t2.ike.defaults) == {"versions", "lifetime_seconds", "mode"}
    q1 = t2.ike.proposals[0]
    assert q1.encryption == side.phase1_encryption
    assert q1.integrity == ("SHA1", "SHA2-256", "SHA2-384", "SHA2-512")
    assert q1.dh_groups == (2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24)
    assert q1.lifetime_seconds == 28800
    assert q1.defaults == ("encryption", "integrity", "dh_groups", "lifetime_seconds")
    assert t2.ipsec.pfs_groups == (2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24)
    assert t2.ipsec.lifetime_seconds == 3600
    assert (t2.ike.dpd.timeout_seconds, t2.ike.dpd.action) == (30, "clear")
    assert set(t2.ike.dpd.defaults) == {"timeout_seconds", "action"}
    a2 = t2.aws
    assert (a2.telemetry_status, a2.telemetry_message, a2.last_status_change) == (
        "DOWN", "IPSEC IS DOWN", "2024-05-02T08:30:00+00:00")
    assert (a2.startup_action, a2.dpd_timeout_action, a2.logging_enabled, a2.lifecycle_control) == (
        "add", "clear", False, False)
    assert "logging_enabled" not in a2.defaults  # LogEnabled false was explicit
    assert {"ike_versions", "phase1_integrity", "phase2_dh_groups", "startup_action", "dpd_timeout_action",
            "lifecycle_control", "rekey_margin_seconds"} <= set(a2.defaults)
    assert a2.rekey_margin_seconds == side.rekey_margin


def test_pack_values_fill_defaults():
    """An organisation pack's aws_side values are what unset options become."""
    doc = {"VpnConnections": [{"VpnConnectionId": "vpn-1", "State": "available",
                               "Options": {"TunnelOptions": [{"OutsideIpAddress": "203.0.113.1"}]}}]}
    side = load_policy("aws").aws_side.model_copy(update={"phase1_integrity": ("SHA2-512",)})
    (device,) = convert_document(doc, policy=side, region="eu-west-1", account="111122223333")
    assert device.source == "aws://111122223333/eu-west-1/vpn-1"
    assert device.tunnels[0].ike.proposals[0].integrity == ("SHA2-512",)
    assert device.tunnels[0].line is None


def test_telemetry_joined_by_ip_not_position():
    doc = {"VpnConnections": [{
        "VpnConnectionId": "vpn-2", "State": "available",
        "Options": {"TunnelOptions": [{"OutsideIpAddress": "203.0.113.1"}, {"OutsideIpAddress": "203.0.113.2"}]},
        "VgwTelemetry": [
            {"OutsideIpAddress": "203.0.113.2", "Status": "DOWN", "StatusMessage": "IPSEC IS DOWN"},
            {"OutsideIpAddress": "203.0.113.1", "Status": "UP", "StatusMessage": "1 BGP ROUTES"},
        ]}]}
    (device,) = convert_document(doc)
    assert [(t.name, t.aws.telemetry_status) for t in device.tunnels] == [("203.0.113.1", "UP"), ("203.0.113.2", "DOWN")]


def test_active_and_replacement_status_joined_by_ip():
    doc = {
        "VpnConnections": [{"VpnConnectionId": "vpn-3", "State": "available", "Options": {"TunnelOptions": [
            {"OutsideIpAddress": "203.0.113.1"}, {"OutsideIpAddress": "203.0.113.2"}]}}],
        "ActiveVpnTunnelStatuses": [{"VpnConnectionId": "vpn-3", "VpnTunnelOutsideIpAddress": "203.0.113.2",
                                     "ActiveVpnTunnelStatus": {"IkeVersion": "ikev1", "Phase1EncryptionAlgorithm": "aes-128-cbc",
                                                               "Phase1IntegrityAlgorithm": "SHA1", "Phase1DHGroup": 2,
                                                               "Phase2EncryptionAlgorithm": "AES128-GCM-16",
                                                               "Phase2DHGroup": 14, "ProvisioningStatus": "available"}}],
        "VpnTunnelReplacementStatuses": [{"VpnConnectionId": "vpn-3", "VpnTunnelOutsideIpAddress": "203.0.113.1",
                                          "MaintenanceDetails": {"PendingMaintenance": "Software upgrade",
                                                                 "MaintenanceAutoAppliedAfter": "2024-06-30T00:00:00+00:00"}}],
    }
    (device,) = convert_document(doc)
    t1, t2 = device.tunnels
    assert (t1.aws.active_ike_version, t1.aws.pending_maintenance, t1.aws.maintenance_auto_applied_after) == (
        None, "Software upgrade", "2024-06-30T00:00:00+00:00")
    assert (t2.aws.active_ike_version, t2.aws.active_phase1_encryption, t2.aws.active_phase1_integrity,
            t2.aws.active_phase1_dh_group, t2.aws.active_phase2_encryption, t2.aws.active_phase2_integrity,
            t2.aws.active_phase2_dh_group, t2.aws.active_provisioning_status, t2.aws.pending_maintenance) == (
        1, "AES128", "SHA1", 2, "AES128-GCM-16", None, 14, "available", None)


def test_secrets_manager_arn_without_key():
    doc = {"VpnConnections": [{"VpnConnectionId": "vpn-4", "State": "available",
                               "PreSharedKeyArn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:k",
                               "Options": {"TunnelOptions": [{"OutsideIpAddress": "203.0.113.1"}]}}]}
    (device,) = convert_document(doc)
    psk = device.tunnels[0].ike.psk
    assert (psk.present, psk.encrypted, psk.encoding, psk.length, psk.digest) == (True, True, "aws", None, None)
    assert device.tunnels[0].aws.psk_in_secrets_manager is True


def test_corpus_tunnel_options_override_xml(corpus):
    path = corpus / "aws-xml" / "batfish-VpnConnectionWithTunnelOptions.json"
    (device,) = parse(path)
    t1, t2 = device.tunnels
    assert [t.name for t in device.tunnels] == ["52.27.166.152", "52.39.121.126"]
    assert (t1.line, t2.line) == (11, 58)
    # TunnelOptions lists win over the XML's legacy aes-128-cbc / sha1 / group2
    assert t1.ike.proposals[0].encryption == ("AES128", "AES128-GCM-16")
    assert t1.ike.proposals[0].integrity == ("SHA1", "SHA2-512")
    assert t1.ike.proposals[0].dh_groups == (2,)
    assert t1.ipsec.pfs_groups == (15, 16)
    assert t2.ike.proposals[0].dh_groups == (22, 23)
    assert t2.ipsec.proposals[0].encryption == ("AES128-GCM-16",)
    # IkeVersions are not in this dump: the AWS default (both) applies
    assert (t1.ike.versions, "versions" in t1.ike.defaults) == ((1, 2), True)
    # the XML fills what the options lack: ASNs, hold time, MSS, DF bit, fragmentation
    assert (t1.bgp.remote_as, t1.bgp.local_as, t1.bgp.hold_seconds, t1.bgp.defaults) == (65301, 65401, 30, ())
    assert (t1.tcp_mss, t1.df_bit, t1.fragmentation) == (1379, "clear", "before-encryption")
    assert (t1.inside.local, t1.inside.peer) == ("169.254.15.194/30", "169.254.15.193")
    assert (t1.ike.psk.length, t1.ike.psk.line) == (32, 12)
    assert device.connection.customer_gateway_ip == "147.75.69.27"
    assert device.extra["xml-legacy-proposal:52.27.166.152"].startswith("ike aes-128-cbc/sha1/group2 main")


def test_corpus_xml_only_dump_keeps_aws_defaults(corpus):
    path = corpus / "aws-xml" / "batfish-VpnConnectionTransitGatewayTest-tgw-bgp.json"
    (device,) = parse(path)
    assert (device.connection.gateway, device.connection.gateway_type) == ("tgw-044be4464fcc69aff", "tgw")
    assert (device.connection.customer_gateway_asn, device.connection.amazon_side_asn) == (65000, 64512)
    t1, t2 = device.tunnels
    assert [t.name for t in device.tunnels] == ["3.130.56.250", "3.133.183.196"]
    # no TunnelOptions: lines point at the tunnel's telemetry entry
    assert (t1.line, t2.line) == (19, 26)
    # the XML's aes-128-cbc / sha1 / group2 is not the effective policy: the lists are AWS defaults
    assert t1.ike.proposals[0].encryption == ("AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16")
    assert t1.ike.proposals[0].defaults == ("encryption", "integrity", "dh_groups", "lifetime_seconds")
    assert (t1.inside.local, t1.inside.peer) == ("169.254.195.142/30", "169.254.195.141")
    assert (t1.ike.dpd.interval_seconds, t1.ike.dpd.retries) == (10, 3)
    assert t1.aws.telemetry_message == "IPSEC IS DOWN"


def test_corpus_static_and_deleted(corpus):
    (static,) = parse(corpus / "aws-xml" / "batfish-test-public-private-subnet-VpnConnections-static.json")
    assert static.connection.static_routes_only is True
    assert static.connection.static_routes == ("19.168.0.0/16",)
    assert [t.bgp for t in static.tunnels] == [None, None]
    devices = parse(corpus / "aws-xml" / "batfish-test-vpn-gateway-VpnConnections-vpn-03701a53bba3c48b7-plus-empty.json")
    assert [d.hostname for d in devices] == ["vpn-03701a53bba3c48b7"]


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPUS / "aws-xml").glob("*.json")) if (CORPUS / "aws-xml").is_dir() else [])
def test_corpus_detect_and_no_secret_in_export(corpus, name):
    path = corpus / "aws-xml" / name
    text = path.read_text("utf-8")
    assert aws_parser.detect(text, str(path)) == 95
    keys = set()
    for conn in json.loads(text)["VpnConnections"]:
        for opt in (conn.get("Options") or {}).get("TunnelOptions") or []:
            keys.add(opt["PreSharedKey"])
        xml = conn.get("CustomerGatewayConfiguration") or ""
        keys.update(part.split("</pre_shared_key>")[0] for part in xml.split("<pre_shared_key>")[1:])
    assert keys
    exported = json.dumps([d.export() for d in parse(path)]) + repr(parse(path))
    for key in keys:
        assert key not in exported


def test_standalone_xml_lines():
    path = FIXTURES / "standalone-vpn.xml"
    assert aws_parser.detect(path.read_text(), str(path)) == 90
    (device,) = parse(path)
    assert device.hostname == "vpn-0c0ffee0c0ffee001"
    assert (device.connection.gateway, device.connection.customer_gateway) == ("vgw-0c0ffee0c0ffee001", "cgw-0c0ffee0c0ffee001")
    t1, t2 = device.tunnels
    assert [(t.name, t.line) for t in device.tunnels] == [("203.0.113.101", 23), ("203.0.113.102", 76)]
    assert (t1.ike.psk.line, t2.ike.psk.line) == (41, 94)
    assert (t1.bgp.line, t1.bgp.remote_as, t1.bgp.local_as) == (30, 65077, 64512)
    assert (t1.inside.local, t1.inside.peer, t1.local_address) == ("169.254.100.2/30", "169.254.100.1", "192.0.2.77")
    assert t1.ike.proposals[0].defaults == ("encryption", "integrity", "dh_groups", "lifetime_seconds")
    out = json.dumps(device.export())
    assert all(k not in out for k in FIXTURE_KEYS)


def test_modern_export_has_no_key():
    devices = parse(MODERN)
    out = json.dumps([d.export() for d in devices]) + repr(devices)
    assert all(k not in out for k in FIXTURE_KEYS)


def test_malformed_json_raises_parse_error_without_content():
    text = '{"VpnConnections": [{"VpnConnectionId": "vpn-1",\n "PreSharedKey": "Secret_Key_123456789"\n'
    with pytest.raises(ParseError) as info:
        aws_parser.parse([SourceFile("broken.json", text)])
    assert info.value.line == 3
    assert "broken.json: not valid JSON" in info.value.message
    assert "Secret_Key" not in str(info.value)


def test_broken_xml_is_a_problem_not_an_exception():
    doc = {"VpnConnections": [{"VpnConnectionId": "vpn-5", "State": "available",
                               "CustomerGatewayConfiguration": "<vpn_connection><ike><pre_shared_key>Leak_Key_12345",
                               "VgwTelemetry": [{"OutsideIpAddress": "203.0.113.9", "Status": "UP"}]}]}
    (device,) = convert_document(doc)
    assert [t.name for t in device.tunnels] == ["203.0.113.9"]
    assert len(device.problems) == 1
    assert device.problems[0].message.startswith("vpn-5: CustomerGatewayConfiguration could not be read: XML is not well-formed")
    assert "Leak_Key" not in device.problems[0].message
    (bad,) = convert_xml("<vpn_connection id='x'><ipsec_tunnel>", "cut.xml")
    assert bad.problems[0].message.startswith("AWS VPN XML: XML is not well-formed")


def test_doctype_rejected():
    text = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<vpn_connection id="vpn-1"/>'
    (device,) = convert_xml(text, "dtd.xml")
    assert device.problems[0].message == "AWS VPN XML: a DOCTYPE declaration is not allowed in AWS VPN XML"
    assert device.problems[0].line == 2


def test_odd_input_never_raises():
    odd = [
        {"VpnConnections": [None, 3, "x", {"VpnConnectionId": "vpn-6", "Options": None,
                                           "VgwTelemetry": [None, {"Status": "UP"}]}]},
        {"VpnConnections": [{"VpnConnectionId": "vpn-7", "Options": {"TunnelOptions": [
            {"OutsideIpAddress": "203.0.113.1", "TunnelInsideCidr": "garbage", "Phase1DHGroupNumbers": [{"Value": "x"}],
             "IkeVersions": [{"Value": "ikev9"}], "LogOptions": "off", "Phase1LifetimeSeconds": "soon"}]}}]},
        {"VpnConnectionId": "vpn-8"},
        {"nothing": True},
    ]
    results = [convert_document(doc) for doc in odd]
    assert [[d.hostname for d in r] for r in results] == [["vpn-6"], ["vpn-7"], ["vpn-8"], []]
    assert results[0][0].problems[0].message.startswith("vpn-6: no tunnels found")
    t = results[1][0].tunnels[0]
    assert (t.inside, t.ike.versions, t.ike.proposals[0].dh_groups[:2], t.aws.logging_enabled) == (None, (1, 2), (2, 14), False)
    assert aws_parser.parse([SourceFile("list.json", '[{"VpnConnectionId": "vpn-9"}]')])[0].hostname == "vpn-9"
    assert aws_parser.parse([SourceFile("cgw.json", '{"CustomerGateways": []}')]) == []


def test_detect():
    assert aws_parser.detect('{"VpnConnections": []}', "x.json") == 95
    assert aws_parser.detect('{"VpnConnectionId": "vpn-1", "CustomerGatewayId": "cgw-1"}', "x.json") == 90
    assert aws_parser.detect('{"CustomerGateways": []}', "x.json") == 40
    assert aws_parser.detect('{"Vpcs": []}', "x.json") == 0
    assert aws_parser.detect("crypto isakmp policy 10\n", "r.cfg") == 0


def test_json_key_lines_and_names():
    lines = json_key_lines('{\n "a": [\n  {"b": 1},\n  2\n ],\n "c": "x\\"y"\n}')
    assert lines == {("a",): 2, ("a", 0): 3, ("a", 0, "b"): 3, ("a", 1): 4, ("c",): 6}
    assert json_key_lines("{broken") == {}
    assert [normalize_algorithm(a) for a in ("aes256", "SHA2-384", "hmac-sha1-96", "sha256", "rot13")] == [
        "AES256", "SHA2-384", "SHA1", "SHA2-256", "UNKNOWN:rot13"]


def test_lint_path_spells_saved_timestamps_like_live_data() -> None:
    from vpnaudit.aws.convert import convert_document

    for written in ("2019-11-30T01:22:13.000Z", "2019-11-30 01:22:13+00:00", "2019-11-30T01:22:13"):
        doc = {"VpnConnections": [{
            "VpnConnectionId": "vpn-1", "State": "available",
            "Options": {"TunnelOptions": [{"OutsideIpAddress": "203.0.113.1"}]},
            "VgwTelemetry": [{"OutsideIpAddress": "203.0.113.1", "Status": "DOWN", "LastStatusChange": written}],
        }]}
        (device,) = convert_document(doc, source="dump.json")
        assert device.tunnels[0].aws.last_status_change.startswith("2019-11-30T01:22:13"), written
        assert device.tunnels[0].aws.last_status_change.endswith("+00:00"), written
