"""Every case of fixtures/rules/VPNxxx.yaml: parse the snippet, run only that rule, compare exactly.

A case lists the exact findings of its rule (line and key words of the message, in line order);
``expect: []`` is a pass case. ``xfail: reason`` marks a case that documents a known parser gap.
Pair rules (6xx) add ``aws:`` with a describe-vpn-connections JSON the device is paired with.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from vpnaudit import engine
from vpnaudit.checks import rules_by_id
from vpnaudit.parsers import SourceFile, get_parser
from vpnaudit.policy import load_policy

CASES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
DEFAULT_PATHS = {
    "cisco-ios": "router.cfg", "cisco-asa": "asa.cfg", "junos": "srx.conf",
    "strongswan": "ipsec.conf", "checkpoint": "gaia.txt", "aws": "vpn.json",
    "fortios": "fortigate.conf", "panos": "running-config.xml", "terraform": "main.tf",
    "cloudformation": "template.yaml",
}


def load_cases() -> list:
    params = []
    # fixtures/rules/VPNxxx.yaml, plus per-vendor files fixtures/rules/<vendor>/VPNxxx.yaml
    for path in sorted(CASES_DIR.glob("VPN*.yaml")) + sorted(CASES_DIR.glob("*/VPN*.yaml")):
        doc = yaml.safe_load(path.read_text("utf-8"))
        for case in doc.get("cases", []):
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            params.append(pytest.param(doc["rule"], case, id=f"{doc['rule']}-{case['name']}", marks=marks))
    return params


def run_case(rule_id: str, case: dict):
    vendor = case["vendor"]
    parser = get_parser(vendor)
    if parser is None:
        pytest.skip(f"no {vendor} parser yet")
    files = case.get("files") or {case.get("path", DEFAULT_PATHS[vendor]): case["config"]}
    sources = [SourceFile(path=name, text=text) for name, text in files.items()]
    devices = list(parser.parse(sources))
    if case.get("aws"):  # pair rules: the AWS connection the device talks to
        devices += get_parser("aws").parse([SourceFile(path="vpn.json", text=case["aws"])])
    module = rules_by_id()[rule_id]
    policy = load_policy(case.get("policy", "strict"))
    pairs = []
    if module.RULE.scope == "pair":
        from vpnaudit.pairing import pair_devices

        pairs = list(pair_devices(devices))
    return engine.run(devices, policy, [module], pairs=pairs)


@pytest.mark.parametrize(("rule_id", "case"), load_cases())
def test_rule_case(rule_id: str, case: dict) -> None:
    findings = run_case(rule_id, case)
    got = [(f.line, f.message) for f in findings]
    expected = case.get("expect") or []
    assert len(got) == len(expected), f"expected {len(expected)} findings, got {got}"
    for (line, message), want in zip(sorted(got, key=lambda g: (g[0] or 0, g[1])), expected):
        assert line == want.get("line"), f"line {line} != {want.get('line')}: {message}"
        for word in want.get("message", []):
            assert str(word) in message, f"{word!r} not in {message!r}"
