"""Run the registered rules over devices (and device/AWS pairs) and bind violations to findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType

from .checks import rule_modules
from .findings import PROFILES, Finding, Rule, Severity, Violation
from .model import Device, device_label
from .policy import Policy
from .suppressions import inline_suppression_for


class SelectionError(ValueError):
    """An unknown rule ID or profile in select / ignore / severity overrides (exit code 2)."""


def _matches(rule: Rule, patterns: Iterable[str]) -> bool:
    """'VPN104', 'VPN1' (prefix: the 1xx band), or the rule name."""
    return any(rule.id.startswith(p) or rule.name == p for p in patterns)


def select_rules(
    profile: str = "recommended",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    overrides: Mapping[str, Severity] | None = None,
) -> list[ModuleType]:
    """The rule modules to run: the profile's rules, or exactly ``select`` when given, minus ``ignore``."""
    if profile not in PROFILES:
        raise SelectionError(f"unknown profile '{profile}' (choose from {', '.join(PROFILES)})")
    modules = rule_modules()
    known = [m.RULE for m in modules]
    overrides = overrides or {}
    for pattern in (*select, *ignore):
        if not any(_matches(r, [pattern]) for r in known):
            raise SelectionError(f"unknown rule '{pattern}' in select/ignore (see 'vpnaudit rules')")
    for rule_id in overrides:
        if rule_id not in {r.id for r in known}:
            raise SelectionError(f"unknown rule '{rule_id}' in the severity overrides (see 'vpnaudit rules')")
    chosen = []
    for module in modules:
        rule = module.RULE
        wanted = _matches(rule, select) if select else rule.runs_in(profile)
        if wanted and not _matches(rule, ignore):
            chosen.append(module)
    return chosen


def bind(
    rule: Rule,
    violation: Violation,
    device: Device,
    overrides: Mapping[str, Severity],
) -> Finding:
    severity = overrides.get(rule.id) or violation.severity or rule.severity
    path = violation.file or device.source
    finding = Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=severity,
        message=violation.message,
        path=path,
        line=violation.line,
        device=device_label(device),
        target=violation.target,
        tunnel=violation.tunnel,
        fix=violation.fix,
    )
    suppression = inline_suppression_for(finding, device)
    if suppression is not None:
        finding = finding.model_copy(update={"suppressions": (suppression,)})
    return finding


def run(
    devices: Sequence[Device],
    policy: Policy,
    modules: Sequence[ModuleType],
    overrides: Mapping[str, Severity] | None = None,
    pairs: Sequence[object] = (),
) -> list[Finding]:
    """Every finding of every selected rule, sorted by path, line, rule."""
    overrides = overrides or {}
    findings: list[Finding] = []
    for module in modules:
        rule: Rule = module.RULE
        if rule.scope == "pair":
            for pair in pairs:
                device = pair.device  # type: ignore[attr-defined]
                for violation in module.check(pair, policy):
                    findings.append(bind(rule, violation, device, overrides))
            continue
        for device in devices:
            for violation in module.check(device, policy):
                findings.append(bind(rule, violation, device, overrides))
    unique = {(f.rule_id, f.path, f.line, f.message): f for f in findings}
    return sorted(unique.values(), key=Finding.sort_key)
