"""CloudFormation reader: corpus, short-form tags, JSON/CDK, unordered specs, broken YAML, alias bombs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vpnaudit import api
from vpnaudit.parsers import ParseError, SourceFile, detect_vendor, get_parser

from .conftest import corpus_files

cloudformation = get_parser("cloudformation")
KEY = "Xq7vR2mK9pL4sT8wZ3nB6cY1dF5gH0jQ"


def parse(text: str, path: str = "template.yaml"):
    return cloudformation.parse([SourceFile(path=path, text=text)])


@pytest.mark.parametrize("path", corpus_files("cloudformation"), ids=lambda p: p.name)
def test_every_corpus_template_parses_and_is_detected(path: Path) -> None:
    text = path.read_text("utf-8")
    assert detect_vendor(text, str(path))[0] == "cloudformation"
    (device,) = parse(text, str(path))
    assert device.vendor == "aws" and device.connection.declared_in == "cloudformation"
    assert device.hostname == "VPNConnection" and device.connection.static_routes_only is True
    assert device.connection.customer_gateway == "CustomerGateway" and device.connection.customer_gateway_asn == 65000
    assert [t.name for t in device.tunnels] == ["VpnTunnelOptionsSpecifications[0]", "VpnTunnelOptionsSpecifications[1]"]
    assert not device.problems


def test_short_form_tags_resolve_parameter_defaults_with_lines() -> None:
    path = next(p for p in corpus_files("cloudformation") if p.suffix == ".yml")
    (device,) = parse(path.read_text("utf-8"), path.name)
    t0, t1 = device.tunnels
    assert (t0.line, t1.line) == (97, 99)
    assert t0.inside.local == "169.254.8.2/30" and t0.inside.line == 98
    assert t1.inside.local == "169.254.9.2/30" and t1.inside.line == 100
    assert t0.ike.psk is not None and t0.ike.psk.placeholder  # Default: xxxxxxxxxxxxxxxxxxxx
    assert t0.ike.versions == (1, 2) and "versions" in t0.ike.defaults


def test_unknown_intrinsics_are_not_defaults() -> None:
    (device,) = parse(
        "Parameters:\n  Groups:\n    Type: String\nResources:\n  Vpn:\n    Type: AWS::EC2::VPNConnection\n"
        "    Properties:\n      Type: ipsec.1\n      CustomerGatewayId: !Ref Cgw\n      VpnGatewayId: !Ref Vgw\n"
        "      VpnTunnelOptionsSpecifications:\n        - Phase1DHGroupNumbers: [{Value: !Ref Groups}]\n"
        "          StartupAction: !If [Start, start, add]\n"
        "  Cgw:\n    Type: AWS::EC2::CustomerGateway\n    Properties:\n      IpAddress: 198.51.100.2\n"
        "      BgpAsn: 65010\n      Type: ipsec.1\n")
    t0, t1 = device.tunnels
    assert {"phase1_dh_groups", "startup_action"} <= set(t0.unknown)
    assert t0.ike.proposals[0].dh_groups == () and t0.aws.startup_action is None
    assert t1.unknown == () and t1.aws.startup_action == "add" and "startup_action" in t1.aws.defaults
    assert device.connection.customer_gateway_ip == "198.51.100.2"


@pytest.mark.parametrize(("text", "line"), [
    ("Resources:\n  Vpn:\n    Type: AWS::EC2::VPNConnection\n    Properties: [1,\n", 6),  # where YAML gives up
    ("Resources:\n  Vpn:\n    Type: 'AWS::EC2::VPNConnection\n", 5),
    ('{\n  "Resources": {\n    "Vpn": {"Type": "AWS::EC2::VPNConnection",}\n  }\n}\n', 3),
])
def test_broken_template_is_vpn000_with_the_parser_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / ("template.json" if text.startswith("{") else "template.yaml")
    path.write_text(text + f"# {KEY}\n" if not text.startswith("{") else text)
    report = api.audit([str(path)])
    (finding,) = [f for f in report.findings if f.rule_id == "VPN000"]
    assert finding.line == line and "CloudFormation" in finding.message
    assert KEY not in finding.message


def test_alias_bomb_is_an_error_not_an_outage() -> None:
    lines = ['a0: &a0 ["AWS::EC2::VPNConnection"]']
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]")
    lines.append("Resources: {}")
    with pytest.raises(ParseError, match="nodes"):
        parse("\n".join(lines) + "\n")


def test_yaml_that_is_not_a_template_is_not_ours() -> None:
    assert cloudformation.detect("repos:\n  - repo: x\n", ".pre-commit-config.yaml") == 0
    assert cloudformation.detect(json.dumps({"Resources": {"X": {"Type": "AWS::S3::Bucket"}}}), "t.json") == 0
