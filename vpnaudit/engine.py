"""Run the registered rules over devices (and device/AWS pairs) and bind violations to findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType

from .checks import rule_modules
from .findings import PROFILES, Finding, Rule, Severity, Violation
from .model import Device
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


def device_label(device: Device) -> str:
    """The device part of a finding's identity: the connection id for AWS, else the source path."""
    if device.connection is not None:
        return device.connection.id
    return device.source


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


def _active(device: Device) -> Device:
    """The device as its rules judge it: without its inactive tunnels.

    A tunnel the device does not run (``Tunnel.enabled`` False: Junos ``deactivate`` / ``inactive:``
    on the VPN, its gateway, policies or st0 unit; an IOS / ASA / Check Point tunnel interface that
    is shut down; an incomplete ASA crypto map entry) carries no traffic, so its settings are not
    findings; nor is a BGP session that is shut down (IOS / ASA ``neighbor X shutdown``, Junos
    inactive ``bgp group`` / ``neighbor``). Only a rule about the tunnel being inactive (VPN411,
    ``JUDGES_INACTIVE``) sees it; its proposals, keys and references are still judged as objects.
    """
    quiet = [t for t in device.tunnels if not t.enabled or (t.bgp is not None and t.bgp.shutdown)]
    down = device.bgp is not None and any(n.shutdown for n in device.bgp.neighbors)
    if not quiet and not down:
        return device
    tunnels = tuple(t.model_copy(update={"bgp": None}) if t.bgp is not None and t.bgp.shutdown else t
                    for t in device.tunnels if t.enabled)
    update: dict[str, object] = {"tunnels": tunnels}
    # The proposals an inactive tunnel offers stay judged as objects (like an unattached transform-set).
    off = [t for t in device.tunnels if not t.enabled]
    update["ike_policies"] = device.ike_policies + tuple(
        p for t in off if t.ike is not None for p in t.ike.proposals)
    update["ipsec_proposals"] = device.ipsec_proposals + tuple(
        p for t in off if t.ipsec is not None for p in t.ipsec.proposals)
    if down and device.bgp is not None:
        update["bgp"] = device.bgp.model_copy(
            update={"neighbors": tuple(n for n in device.bgp.neighbors if not n.shutdown)})
    return device.model_copy(update=update)


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
    active = {id(device): _active(device) for device in devices}
    for module in modules:
        rule: Rule = module.RULE
        if rule.scope == "pair":
            for pair in pairs:
                device = pair.device  # type: ignore[attr-defined]
                for violation in module.check(pair, policy):
                    findings.append(bind(rule, violation, device, overrides))
            continue
        for device in devices:
            judged = device if getattr(module, "JUDGES_INACTIVE", False) else active[id(device)]
            for violation in module.check(judged, policy):
                findings.append(bind(rule, violation, device, overrides))
    unique = {(f.rule_id, f.path, f.line, f.message): f for f in findings}
    return sorted(unique.values(), key=Finding.sort_key)
