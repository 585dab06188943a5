"""Terraform reader: every corpus file, lines, unknown vs unset, modules, plan/state JSON, broken HCL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vpnaudit import api
from vpnaudit.parsers import SourceFile, detect_vendor, get_parser
from vpnaudit.parsers._hcl import Ref, Scope, Unknown, parse_body

from .conftest import corpus_files

terraform = get_parser("terraform")
KEY = "Xq7vR2mK9pL4sT8wZ3nB6cY1dF5gH0jQ"


def parse(text: str, path: str = "main.tf"):
    return terraform.parse([SourceFile(path=path, text=text)])


@pytest.mark.parametrize("path", corpus_files("terraform"), ids=lambda p: p.name)
def test_every_corpus_file_parses_and_is_detected(path: Path) -> None:
    text = path.read_text("utf-8")
    assert detect_vendor(text, str(path))[0] == "terraform"
    devices = parse(text, str(path))
    for device in devices:
        assert device.vendor == "aws" and device.connection.declared_in == "terraform"
        assert not device.problems
        assert [t.name for t in device.tunnels] in (["tunnel1", "tunnel2"],
                                                    ["vpn_connection_tunnel1", "vpn_connection_tunnel2"])
        for tunnel in device.tunnels:
            assert tunnel.line and tunnel.aws is not None


def test_corpus_connections_and_their_lines() -> None:
    found = {}
    for path in corpus_files("terraform"):
        for device in parse(path.read_text("utf-8"), path.name):
            found[(path.name, device.hostname)] = device
    names = sorted(found)
    assert ("immutablecode-vyatta-vgw-defaults.tf", "aws_vpn_connection.vyatta") in names
    assert ("tam-vpn-gateway-example-complete-log-options-module-call.tf", "module.vpn_gateway") in names
    assert ("cloudposse-vpn-connection-example-complete-module-call.tf", "module.vpn_connection") in names
    # create_vpn_connection = false: the module declares no connection
    assert not any(k[0] == "tam-vpn-gateway-example-minimal-module-call.tf" for k in names)
    vyatta = found[("immutablecode-vyatta-vgw-defaults.tf", "aws_vpn_connection.vyatta")]
    assert vyatta.tunnels[0].line == 19 and vyatta.tunnels[0].ike.versions == (1, 2)
    assert "versions" in vyatta.tunnels[0].ike.defaults  # unset = the AWS default
    module = found[("tam-vpn-gateway-example-complete-log-options-module-call.tf", "module.vpn_gateway")]
    assert module.connection.customer_gateway_ip == "172.83.124.10"
    assert [t.aws.logging_enabled for t in module.tunnels] == [True, True]
    assert module.tunnels[0].line_of("logging_enabled") == 17
    johnson = found[("johnson434-modules-aws-vpn-connection-from-vars.tf", "aws_vpn_connection.main")]
    t1 = johnson.tunnels[0]
    # built from variables without defaults in this file: unknown, never the AWS default
    assert {"phase1_encryption", "phase1_dh_groups", "psk"} <= set(t1.unknown)
    assert t1.ike.proposals[0].encryption == () and "encryption" not in t1.ike.proposals[0].defaults
    assert t1.ipsec.proposals[0].dh_groups and "dh_groups" in t1.ipsec.proposals[0].defaults  # not set at all


def test_variables_tfvars_and_locals_resolve_within_the_folder() -> None:
    files = [
        SourceFile("mod/variables.tf", 'variable "enc" {\n  default = ["AES128"]\n}\nvariable "dh" {}\n'),
        SourceFile("mod/terraform.tfvars", 'dh = [14, 19]\n'),
        SourceFile("mod/main.tf", 'locals {\n  ike = ["ikev2"]\n}\n'
                   'resource "aws_vpn_connection" "x" {\n'
                   '  tunnel1_ike_versions = local.ike\n'
                   '  tunnel1_phase1_encryption_algorithms = var.enc\n'
                   '  tunnel1_phase1_dh_group_numbers = var.dh\n'
                   '  tunnel1_phase2_dh_group_numbers = var.missing\n'
                   '  tunnel1_startup_action = var.dh == null ? "add" : "start"\n'
                   '}\n'),
    ]
    (device,) = terraform.parse(files)
    t1 = device.tunnels[0]
    assert t1.ike.versions == (2,)
    assert t1.ike.proposals[0].encryption == ("AES128",)
    assert t1.ike.proposals[0].dh_groups == (14, 19)
    assert t1.ipsec.pfs_groups == () and "phase2_dh_groups" in t1.unknown
    assert t1.aws.startup_action == "start"
    assert t1.line_of("ike_versions") == 5 and t1.line_of("phase1_dh_groups") == 7
    assert device.source == "mod/main.tf"


def test_customer_gateway_is_resolved_through_its_id() -> None:
    (device,) = parse(
        'resource "aws_customer_gateway" "cgw" {\n  bgp_asn = 65010\n  ip_address = "198.51.100.2"\n  type = "ipsec.1"\n}\n'
        'resource "aws_vpn_connection" "x" {\n  customer_gateway_id = aws_customer_gateway.cgw.id\n'
        '  transit_gateway_id = aws_ec2_transit_gateway.tgw.id\n  static_routes_only = false\n  type = "ipsec.1"\n}\n')
    assert device.connection.customer_gateway_ip == "198.51.100.2"
    assert device.connection.customer_gateway_asn == 65010
    assert device.connection.gateway_type == "tgw"
    assert device.tunnels[0].bgp is not None and device.tunnels[0].bgp.remote_as == 65010


def test_expression_evaluator_keeps_unknown_apart_from_null() -> None:
    root = parse_body('a = null\nb = var.x\nc = aws_customer_gateway.c.id\nd = "${var.y}-x"\n'
                      'e = [for s in var.l : s]\nf = lower("IKEV2")\ng = { k = [1, 2] }\nh = "a${"b"}c"\n', "t.tf")
    scope = Scope({"y": "v"})
    got = {name: scope.evaluate(attr) for name, attr in root.attrs.items()}
    assert got["a"] is None
    assert isinstance(got["b"], Unknown)
    assert got["c"] == Ref("aws_customer_gateway.c.id")
    assert got["d"] == "v-x"
    assert isinstance(got["e"], Unknown)
    assert got["f"] == "ikev2" and got["g"] == {"k": [1, 2]} and got["h"] == "abc"


@pytest.mark.parametrize(("text", "line", "words"), [
    ('resource "aws_vpn_connection" "x" {\n  tunnel1_ike_versions = ["ikev2"\n', 2, "not closed"),
    ('resource "aws_vpn_connection" "x" {\n  type = "ipsec.1\n}\n', 2, "unterminated string"),
    ('resource "aws_vpn_connection" "x" {\n  type = "ipsec.1"\n', 1, "not closed"),
    ('resource "aws_vpn_connection" "x" {\n  }\n}\n', 3, "unexpected '}'"),
])
def test_broken_hcl_is_vpn000_with_the_line_and_no_text(tmp_path: Path, text: str, line: int, words: str) -> None:
    secret_text = text.replace("ipsec.1", KEY)
    path = tmp_path / "main.tf"
    path.write_text(secret_text)
    report = api.audit([str(path)])
    (finding,) = [f for f in report.findings if f.rule_id == "VPN000"]
    assert finding.line == line and words in finding.message
    assert KEY not in json.dumps([f.message for f in report.findings])


def test_one_broken_file_does_not_hide_the_others(tmp_path: Path) -> None:
    (tmp_path / "broken.tf").write_text('variable "x" {\n  default = [\n')
    (tmp_path / "main.tf").write_text('resource "aws_vpn_connection" "x" {\n  type = "ipsec.1"\n}\n')
    report = api.audit([str(tmp_path)])
    assert {(f.rule_id, Path(f.path).name) for f in report.findings if f.rule_id in ("VPN000", "VPN502")} == {
        ("VPN000", "broken.tf"), ("VPN502", "main.tf")}


def test_plan_json_reads_outside_addresses_and_unknowns() -> None:
    plan = {
        "format_version": "1.2", "terraform_version": "1.9.5",
        "values": {"root_module": {"child_modules": [{"address": "module.vpn", "resources": [
            {"address": "module.vpn.aws_customer_gateway.c", "mode": "managed", "type": "aws_customer_gateway",
             "name": "c", "values": {"id": "cgw-1", "ip_address": "198.51.100.2", "bgp_asn": "65010"}},
            {"address": "module.vpn.aws_vpn_connection.v", "mode": "managed", "type": "aws_vpn_connection",
             "name": "v", "values": {"customer_gateway_id": "cgw-1", "type": "ipsec.1",
                                     "tunnel1_address": "203.0.113.10", "tunnel2_address": "203.0.113.20",
                                     "tunnel1_ike_versions": ["ikev2"], "tunnel2_ike_versions": [],
                                     "tunnel1_phase1_lifetime_seconds": 0, "tunnel1_preshared_key": KEY,
                                     "tunnel1_log_options": [{"cloudwatch_log_options": [
                                         {"log_enabled": True, "bgp_log_enabled": False}]}]}}]}]}},
    }
    (device,) = parse(json.dumps(plan, indent=2), "state.json")
    assert device.hostname == "module.vpn.aws_vpn_connection.v"
    assert [t.name for t in device.tunnels] == ["203.0.113.10", "203.0.113.20"]
    assert [t.peer_address for t in device.tunnels] == ["203.0.113.10", "203.0.113.20"]
    assert device.connection.customer_gateway_ip == "198.51.100.2"
    t1, t2 = device.tunnels
    assert t1.ike.versions == (2,) and t2.ike.versions == (1, 2)
    assert t1.ike.lifetime_seconds == 28800 and "lifetime_seconds" in t1.ike.defaults
    assert t1.aws.logging_enabled is True and t1.aws.declared_as == "tunnel1"
    assert t1.ike.psk is not None and KEY not in device.model_dump_json()
    assert "psk-in-code:tunnel1" not in device.extra  # read back from a state, not written in code


def test_detection_leaves_other_json_and_yaml_alone() -> None:
    assert terraform.detect('{"VpnConnections": []}', "vpn.json") == 0
    assert terraform.detect("a: 1\n", "x.yaml") == 0
    assert terraform.detect('resource "aws_vpn_connection" "x" {}\n', "main.tf") >= 90


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "html", "markdown"])
def test_literal_keys_in_code_never_reach_a_report(tmp_path: Path, fmt: str) -> None:
    from typer.testing import CliRunner

    from vpnaudit.cli import app

    (tmp_path / "main.tf").write_text(
        f'variable "tunnel_psk" {{\n  default = "{KEY}"\n}}\n'
        'resource "aws_vpn_connection" "x" {\n  type = "ipsec.1"\n'
        f'  tunnel1_preshared_key = var.tunnel_psk\n  tunnel2_preshared_key = "{KEY[::-1]}"\n}}\n')
    (tmp_path / "vpn.yaml").write_text(
        f"Parameters:\n  Psk:\n    Type: String\n    NoEcho: true\n    Default: {KEY}\nResources:\n  Vpn:\n"
        "    Type: AWS::EC2::VPNConnection\n    Properties:\n      Type: ipsec.1\n"
        f"      VpnTunnelOptionsSpecifications:\n        - PreSharedKey: !Ref Psk\n        - PreSharedKey: {KEY[::-1]}\n")
    result = CliRunner().invoke(app, ["lint", str(tmp_path), "--format", fmt, "--exit-zero"])
    assert result.exit_code == 0, result.output
    assert "VPN306" in result.output
    assert KEY not in result.output and KEY[::-1] not in result.output
