"""Text output: one line per finding, grouped by file, colour on a terminal, a summary line."""

from __future__ import annotations

from collections import Counter

from ..discover import config_label, plural
from ..findings import Finding, Report, Severity
from ..limits import printable
from . import clip

_COLOURS = {
    Severity.CRITICAL: "\033[1;35m",
    Severity.HIGH: "\033[1;31m",
    Severity.MEDIUM: "\033[33m",
    Severity.LOW: "\033[36m",
    Severity.INFO: "\033[2m",
}
_RESET = "\033[0m"
_BOLD = "\033[1m"


def _line(f: Finding, colour: bool) -> str:
    where = printable(f"{f.path}:{f.line}" if f.line else f.path)
    sev = f.severity.value
    if colour:
        sev = f"{_COLOURS[f.severity]}{sev}{_RESET}"
        where = f"{_BOLD}{where}{_RESET}"
    suffix = ""
    if f.suppressed:
        reason = clip(f.suppressions[0].justification)
        suffix = f" [suppressed{': ' + reason if reason else ''}]"
    return f"{where}: {f.rule_id} {f.rule_name} [{sev}] {printable(f.message)}{printable(suffix)}"


_COLUMNS = ("device tunnel", "AWS tunnel", "IKE", "phase 1", "phase 2", "PSK", "inside", "BGP", "result")


def _pairs(report: Report, colour: bool) -> list[str]:
    """The side-by-side table of every device/AWS pair, then the remediation plans."""
    from ..remediation import rows_of

    out = [""]
    by_pair: dict[tuple[str, str], list] = {}
    for r in rows_of(report):
        by_pair.setdefault((r.connection, r.device), []).append(r)
    for (connection, device), connection_rows in by_pair.items():
        out.append(printable(f"AWS {clip(connection)} side by side with {clip(device)}:"))
        cells = [_COLUMNS] + [
            tuple(printable(clip(v)) for v in (r.device_tunnel, r.aws_tunnel, r.ike, r.phase1, r.phase2, r.psk, r.inside,
                                                r.bgp, r.result))
            for r in connection_rows
        ]
        widths = [max(len(c[i]) for c in cells) for i in range(len(_COLUMNS) - 1)]
        for n, c in enumerate(cells):
            line = "  " + "  ".join(v.ljust(w) for v, w in zip(c, widths)) + "  " + c[-1]
            if colour and n:
                sev = Severity.LOW if c[-1] == "UP" else Severity.HIGH
                line = line.replace(c[-1], f"{_COLOURS[sev]}{c[-1]}{_RESET}", 1) if c[-1] else line
            out.append(line.rstrip())
    for plan in report.plans:
        out.append("")
        out.append(printable(f"Remediation plan for {plan.device} / {plan.connection} ({plan.reason}):"))
        out.extend(printable(f"  {i}. {step.text}: {clip(step.command)}" if step.command else f"  {i}. {step.text}")
                   for i, step in enumerate(plan.steps, 1))
    return out


def render(report: Report, colour: bool = False, show_suppressed: bool = False) -> str:
    out: list[str] = []
    shown = [f for f in report.findings if show_suppressed or not f.suppressed]
    current = None
    for finding in shown:
        if current is not None and finding.path != current:
            out.append("")
        current = finding.path
        out.append(_line(finding, colour))
    if report.pairs:
        out.extend(_pairs(report, colour))
    # errors and notices go to stderr (cli._diagnostics): stdout is the report alone
    for fixed in report.fixed:
        out.append(printable(f"fixed since baseline: {fixed.get('rule_id')} {fixed.get('device')} {fixed.get('target')}"))
    active = report.active
    by_sev = Counter(f.severity for f in active)
    parts = [f"{by_sev[s]} {s.value}" for s in sorted(by_sev, key=lambda s: -s.rank)]
    suppressed = len(report.findings) - len(active)
    files = len({f.path for f in active})
    summary = f"{len(active)} finding{'s' if len(active) != 1 else ''}"
    if parts:
        summary += f" ({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}"
    summary += f"; {plural(len(report.devices), 'device')}"
    summary += f", {plural(sum(len(d.tunnels) for d in report.devices), 'tunnel')} checked"
    if suppressed:
        summary += f"; {suppressed} suppressed"
    if report.errors:
        summary += f"; incomplete: {plural(len(report.errors), 'error')} (on stderr)"
    summary += printable(f"; config {config_label(report.config_file)}")
    if out:
        out.append("")
    out.append(summary)
    return "\n".join(out) + "\n"
