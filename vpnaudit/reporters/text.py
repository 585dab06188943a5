"""Text output: one line per finding, grouped by file, colour on a terminal, a summary line."""

from __future__ import annotations

from collections import Counter

from ..findings import Finding, Report, Severity

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
    where = f"{f.path}:{f.line}" if f.line else f.path
    sev = f.severity.value
    if colour:
        sev = f"{_COLOURS[f.severity]}{sev}{_RESET}"
        where = f"{_BOLD}{where}{_RESET}"
    suffix = ""
    if f.suppressed:
        reason = f.suppressions[0].justification
        suffix = f" [suppressed{': ' + reason if reason else ''}]"
    return f"{where}: {f.rule_id} {f.rule_name} [{sev}] {f.message}{suffix}"


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
        from ..pairing import verdicts

        if out:
            out.append("")
        out.append("Device and AWS side by side:")
        for v in verdicts(report.pairs, report.findings):
            mark = {"up": "UP  ", "down": "DOWN", "missing": "MISS", "unknown": "????"}[v.status]
            if colour:
                mark = f"{_COLOURS[Severity.LOW if v.status == 'up' else Severity.HIGH]}{mark}{_RESET}"
            out.append(f"  {mark} {v.connection} {v.aws_tunnel:<15} <- {v.device_tunnel or '-'} ({v.device}): {v.detail}")
    for error in report.errors:
        out.append(f"error: {error}")
    for notice in report.notices:
        out.append(f"notice: {notice}")
    for fixed in report.fixed:
        out.append(f"fixed since baseline: {fixed.get('rule_id')} {fixed.get('device')} {fixed.get('target')}")
    active = report.active
    by_sev = Counter(f.severity for f in active)
    parts = [f"{by_sev[s]} {s.value}" for s in sorted(by_sev, key=lambda s: -s.rank)]
    suppressed = len(report.findings) - len(active)
    files = len({f.path for f in active})
    summary = f"{len(active)} finding{'s' if len(active) != 1 else ''}"
    if parts:
        summary += f" ({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}"
    summary += f"; {len(report.devices)} device{'s' if len(report.devices) != 1 else ''}"
    summary += f", {sum(len(d.tunnels) for d in report.devices)} tunnels checked"
    if suppressed:
        summary += f"; {suppressed} suppressed"
    if out:
        out.append("")
    out.append(summary)
    return "\n".join(out) + "\n"
