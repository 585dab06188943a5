"""Meta-tests: the rule catalogue of ../shared/spec/rules.md is the registry, documented and cased."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from vpnaudit.checks import RULE_MODULES, rule_modules
from vpnaudit.findings import Rule, Severity

from .conftest import SHARED

SPEC = SHARED / "spec" / "rules.md"
CASES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"


def spec_rules() -> dict[str, tuple[str, str, str]]:
    text = SPEC.read_text("utf-8")
    rows = re.findall(r"^\| (VPN\d{3}) \| ([a-z0-9-]+) \| .*? \| (\w+) \| (\w+) \|$", text, re.M)
    return {rid: (name, sev, profile) for rid, name, sev, profile in rows}


def test_registry_lists_every_spec_rule_once() -> None:
    spec = spec_rules()
    assert len(RULE_MODULES) == len(set(RULE_MODULES))
    assert [m.replace("_", "-") for m in RULE_MODULES] == [name for name, _, _ in spec.values()]


def test_every_registered_module_exists() -> None:
    loaded = {m.RULE.id for m in rule_modules()}
    missing = sorted(set(spec_rules()) - loaded)
    assert not missing, f"rules not implemented yet: {missing}"


@pytest.mark.parametrize("module", rule_modules(), ids=lambda m: m.RULE.id)
def test_rule_metadata_matches_spec(module) -> None:
    rule: Rule = module.RULE
    name, severity, profile = spec_rules()[rule.id]
    assert rule.name == name
    assert rule.severity == Severity(severity)
    assert rule.profile == profile
    assert module.__name__.rsplit(".", 1)[1] == name.replace("-", "_")
    doc = (module.__doc__ or "").strip()
    assert doc.startswith(f"{rule.id} {rule.name}"), "docstring starts with 'ID name: ...'"
    assert "How to fix" in doc and "Why it matters" in doc
    assert callable(module.check)


@pytest.mark.parametrize("module", rule_modules(), ids=lambda m: m.RULE.id)
def test_rule_has_pass_and_fail_cases(module) -> None:
    rid = module.RULE.id
    if rid == "VPN000":
        pytest.skip("VPN000 is proven by tests/test_cli.py bad-input cases")
    path = CASES / f"{rid}.yaml"
    assert path.is_file(), f"{path} missing"
    cases = yaml.safe_load(path.read_text("utf-8"))["cases"]
    assert any(not c.get("expect") for c in cases), "no pass case"
    assert any(c.get("expect") for c in cases), "no fail case"
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names))
