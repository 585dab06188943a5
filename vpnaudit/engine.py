"""Run the registered rules over devices (and device/AWS pairs) and bind violations to findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType

from .checks import rule_modules
from .checks._crypto import forget_devices
from .checks._net import forget_addresses
from .findings import PROFILES, Finding, Rule, Severity, Violation
from .limits import clipped
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
        raise SelectionError(f"unknown profile '{clipped(profile)}' (choose from {', '.join(PROFILES)})")
    modules = rule_modules()
    known = [m.RULE for m in modules]
    overrides = overrides or {}
    for pattern in (*select, *ignore):
        if not pattern.strip():  # a prefix of every rule id: ignore = [""] turned every rule off, exit 0
            raise SelectionError("an empty rule id in select/ignore (see 'vpnaudit rules')")
        if not any(_matches(r, [pattern]) for r in known):
            raise SelectionError(f"unknown rule '{clipped(pattern)}' in select/ignore (see 'vpnaudit rules')")
    for rule_id in overrides:
        if rule_id not in {r.id for r in known}:
            raise SelectionError(f"unknown rule '{clipped(rule_id)}' in the severity overrides (see 'vpnaudit rules')")
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
    update["ike_policies"] = device.ike_policies + _distinct(t.ike.proposals for t in off if t.ike is not None)
    update["ipsec_proposals"] = device.ipsec_proposals + _distinct(
        t.ipsec.proposals for t in off if t.ipsec is not None)
    if down and device.bgp is not None:
        update["bgp"] = device.bgp.model_copy(
            update={"neighbors": tuple(n for n in device.bgp.neighbors if not n.shutdown)})
    return device.model_copy(update=update)


def _distinct(lists: Iterable[tuple]) -> tuple:
    """The objects of these tuples, each once, in order; a tuple held by several tunnels (a device-wide
    policy list) is read once: 800 inactive tunnels offering 800 policies were 640,000 objects."""
    read: set[int] = set()
    out: dict[int, object] = {}
    for objects in lists:
        if id(objects) not in read:
            read.add(id(objects))
            for obj in objects:
                out.setdefault(id(obj), obj)
    return tuple(out.values())


# A finding with where it came from: (position of the rule in the selection, position of the device
# or pair, finding). Merging in that order reproduces one process's order wherever they were computed.
Tagged = tuple[int, int, Finding]


def device_findings(
    devices: Sequence[Device],
    policy: Policy,
    modules: Sequence[ModuleType],
    overrides: Mapping[str, Severity] | None = None,
    start: int = 0,
) -> list[Tagged]:
    """The findings of the per-device rules (``start``: the position of ``devices[0]`` in the run)."""
    overrides = overrides or {}
    tagged: list[Tagged] = []
    rules = [(index, module, module.RULE, getattr(module, "JUDGES_INACTIVE", False))
             for index, module in enumerate(modules) if module.RULE.scope != "pair"]
    # Device by device, every rule on it: what the rules derive from a device (its proposals, its
    # tunnel index) is computed once and reused while it is in the helpers' small caches. ``run``
    # orders the findings by (rule, device) whatever order they were produced in.
    for position, device in enumerate(devices):
        active = _active(device)
        for index, module, rule, judges_inactive in rules:
            for violation in module.check(device if judges_inactive else active, policy):
                tagged.append((index, start + position, bind(rule, violation, device, overrides)))
    return tagged


def run(
    devices: Sequence[Device],
    policy: Policy,
    modules: Sequence[ModuleType],
    overrides: Mapping[str, Severity] | None = None,
    pairs: Sequence[object] = (),
    checked: tuple[int, list[Tagged]] | None = None,
) -> list[Finding]:
    """Every finding of every selected rule, sorted by path, line, rule.

    ``checked``: (n, findings) when the per-device rules already ran over ``devices[:n]`` (in worker
    processes, see ``parallel``); they run here over the rest."""
    overrides = overrides or {}
    done, tagged = checked if checked is not None else (0, [])
    tagged = [*tagged, *device_findings(devices[done:], policy, modules, overrides, start=done)]
    for index, module in enumerate(modules):
        rule: Rule = module.RULE
        if rule.scope != "pair":
            continue
        for position, pair in enumerate(pairs):
            device = pair.device  # type: ignore[attr-defined]
            for violation in module.check(pair, policy):
                tagged.append((index, position, bind(rule, violation, device, overrides)))
    forget_devices()  # the rules' per-device cache keeps no device past the run
    forget_addresses()  # nor their address caches an address: the next run starts as a new process
    tagged.sort(key=lambda t: (t[0], t[1]))  # stable: each rule's own order within a device
    unique = {(f.rule_id, f.path, f.line, f.message): f for _, _, f in tagged}
    return sorted(unique.values(), key=Finding.sort_key)
