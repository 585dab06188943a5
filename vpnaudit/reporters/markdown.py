"""A GitHub-flavoured Markdown report, for a pull-request comment or a ticket.

Same content as the HTML report: the run header (date, version, profile, policy digest, config
file, inputs, git commit), summary tables, the per-tunnel matrix, findings by device with the
masked config excerpt in a fenced block, the rule's rationale and fix, suppressed findings with
their justification, files not analysed and baseline entries now fixed.

GitHub refuses a pull-request comment above 65,536 characters. ``summary=True`` gives the header,
the counts and one line per finding; either way a report that would be longer is cut at a block
boundary (never inside a code fence) with a note saying what was left out, so the output always fits.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from ..findings import Finding, Report
from ..limits import printable
from . import _review as R
from . import _summary as S

MAX_CHARS = 65_536  # GitHub's limit for a comment body
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(text: object) -> str:
    """Escape Markdown inline syntax and HTML; keep it on one line."""
    value = printable(str(text).replace("\r", " ").replace("\n", " "))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", value)


def _code(text: str) -> str:
    """An inline code span that survives backticks and table pipes in ``text``."""
    text = text.replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    text = text.replace("|", "\\|")
    return f"{fence}{pad}{text}{pad}{fence}"


def _prose(text: str) -> str:
    """Documentation text: its **emphasis** kept as emphasis, everything else escaped."""
    parts = _BOLD.split(text)
    return "".join(f"**{_md(p)}**" if i % 2 else _md(p) for i, p in enumerate(parts))


def _inline(text: str) -> str:
    return "".join(_code(t) if code else _prose(t) for t, code in S.inline_code(text))


_doc_inline = functools.lru_cache(maxsize=256)(_inline)  # a rule's rationale: once per device and rule


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _sev(severity: object) -> str:
    return f"**{str(getattr(severity, 'value', severity)).upper()}**"


@functools.lru_cache(maxsize=256)
def _doc(text: str, aws_examples: bool = True) -> tuple[str, ...]:
    """A rule's "how to fix" documentation as lines (cached: a report shows it once per device and rule)."""
    out: list[str] = []
    for block in R.doc_blocks(text, aws_examples):
        if block.items:
            for item in block.items:
                out.append(f"- {_inline(item.text)}")
                if item.code:
                    out.extend(["", *("  " + line for line in _code_fence(item.code)), ""])
        else:
            out.append(_inline(block.text))
            if block.code:
                out.extend(["", *_code_fence(block.code)])
        out.append("")
    return tuple(out)


def _code_fence(code: str) -> list[str]:
    body = code.splitlines()
    longest = max((len(m) for line in body for m in re.findall(r"`{3,}", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *body, fence]


def _fence(lines: tuple[S.ExcerptLine, ...]) -> list[str]:
    width = len(str(lines[-1].number))
    body = [f"{'>' if ln.target else ' '} {ln.number:>{width}} | {ln.text}" for ln in lines]
    longest = max((len(m) for line in body for m in re.findall(r"`{3,}", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *body, fence]


def _summary(summary: S.Summary) -> list[str]:
    out = ["## Summary", ""]
    out.append(_row(["Devices", "AWS connections", "Tunnels", "Findings", "Suppressed"]
                    + (["Not analysed"] if summary.notifications else [])
                    + (["Fixed since baseline"] if summary.fixed else [])))
    cols = 5 + bool(summary.notifications) + bool(summary.fixed)
    out.append(_row(["---:"] * cols))
    values = [summary.devices, summary.aws_connections, summary.tunnels, summary.active, summary.suppressed]
    if summary.notifications:
        values.append(summary.notifications)
    if summary.fixed:
        values.append(summary.fixed)
    out.append(_row([str(v) for v in values]))
    out.append("")
    out.append("### Findings by severity")
    out.append("")
    out.append(_row(["Severity", "Findings", ""]))
    out.append(_row(["---", "---:", "---"]))
    top = max([n for _, n in summary.by_severity] + [1])
    for severity, count in summary.by_severity:
        bar = "\u2588" * round(20 * count / top) if count else ""
        out.append(_row([severity.value, str(count), bar]))
    out.append("")
    out.append("### Findings by rule")
    out.append("")
    if not summary.by_rule:
        out.append("No findings.")
    else:
        out.append(_row(["Rule", "Name", "Severity", "Findings", "Suppressed"]))
        out.append(_row(["---", "---", "---", "---:", "---:"]))
        for row in summary.by_rule:
            out.append(_row([f"`{row.rule_id}`", _md(row.name), row.severity.value, str(row.active), str(row.suppressed)]))
    out.append("")
    return out


def _matrix(rows: tuple[S.TunnelRow, ...]) -> list[str]:
    out = ["## Tunnels", ""]
    if not rows:
        return out + ["No tunnels found.", ""]
    out.append(_row([title for _, title in S.MATRIX_COLUMNS] + ["Findings"]))
    out.append(_row(["---"] * len(S.MATRIX_COLUMNS) + ["---:"]))
    for row in rows:
        cells = ["<br>".join(_md(v) for v in row.cell(key)) for key, _ in S.MATRIX_COLUMNS]
        if not row.enabled:
            cells[1] += " (disabled)"
        worst = f" ({row.worst.value})" if row.worst is not None else ""
        out.append(_row(cells + [f"{row.findings}{worst}"]))
    out.append("")
    return out


def _side_by_side(report: Report) -> list[str]:
    """Will the tunnels come up: one table per device/AWS pair, then the remediation plans."""
    if not report.pairs:
        return []
    from ..remediation import rows_of

    out = ["## Device and AWS side by side", ""]
    header = ["Device tunnel", "AWS tunnel", "IKE", "Phase 1", "Phase 2", "PSK", "Inside", "BGP", "Result"]
    current = None
    for r in rows_of(report):
        if (r.connection, r.device) != current:
            if current is not None:
                out.append("")
            current = (r.connection, r.device)
            out.extend([f"**{_md(r.connection)}** with `{_md(r.device)}`", "", _row(header),
                        _row(["---"] * len(header))])
        out.append(_row([_md(S.clip(c)) for c in (r.device_tunnel, r.aws_tunnel, r.ike, r.phase1, r.phase2, r.psk,
                                                  r.inside, r.bgp, r.result)]))
    out.append("")
    for plan in report.plans:
        out.extend([f"### Remediation plan: {_md(plan.device)} / {_md(plan.connection)}", "",
                    f"Why: {_md(plan.reason)}", ""])
        for i, step in enumerate(plan.steps, 1):
            out.append(f"{i}. {_md(step.text)}")
            if step.command:  # escaped like every value (an AWS connection id may hold a terminal escape sequence)
                command = printable(S.clip(step.command), lines=True)
                out.extend(["", *("   " + line for line in _code_fence(command)), ""])
        out.append("")
    return out


def _finding(f: Finding, excerpts: S.Excerpts, repeated: bool, paired: set[str] | None = None) -> list[str]:
    tunnel = f", tunnel {_md(S.clip(f.tunnel))}" if f.tunnel else ""
    out = [f"#### {_sev(f.severity)} `{f.rule_id}` {_md(f.rule_name)} \u2014 {_md(S.location(f))}{tunnel}", ""]
    out.append(_md(f.message))
    out.append("")
    lines = excerpts(f)
    if lines:
        out.extend(_fence(lines))
        out.append("")
    if f.fix:
        out.append(f"**Fix:** {_inline(S.clip(f.fix))}")
        out.append("")
    if repeated:
        out.append(f"*Why and how to fix: as for the first `{f.rule_id}` finding above.*")
        out.append("")
        return out
    why = S.rationale(f.rule_id)
    if why:
        out.append(f"**Why it matters:** {_doc_inline(why)}")
        out.append("")
    if not f.fix:
        fix = S.how_to_fix(f.rule_id)
        if fix:
            out.append("**How to fix:**")
            out.append("")
            out.extend(_doc(fix, paired is None or R.examples_apply(f, paired)))
    return out


def _run_header(report: Report, max_inputs: int) -> list[str]:
    head = R.header(report, max_inputs)
    out = [_row(["Run", ""]), _row(["---", "---"])]
    out.extend(_row([_md(label), _md(value)]) for label, value in head.rows)
    out.append("")
    if head.inputs:
        listed = ", ".join(f"{_code(path)} ({R.size_text(size)})" for path, size in head.inputs)
        more = f", and {head.more_inputs} more" if head.more_inputs else ""
        out.extend([f"Input files: {listed}{more}.", ""])
    return out


def _one_line(f: Finding) -> str:
    return f"- **{f.severity.value}** `{f.rule_id}` {_md(S.location(f))}: {_md(f.message)}"


def render(
    report: Report,
    sources: Mapping[str, str],
    *,
    title: str = "vpnaudit report",
    generated: str | None = None,
    summary_only: bool = False,
    max_chars: int = MAX_CHARS,
) -> str:
    summary = S.summarize(report)
    active = S.ordered(f for f in report.findings if not f.suppressed)
    suppressed = S.ordered(f for f in report.findings if f.suppressed)
    sub = f"Profile `{summary.profile}`" + (f", generated {_md(generated)}" if generated else "")
    out = [f"# {_md(title)}", "", sub + ".", ""]
    out.extend(_run_header(report, 20 if summary_only else R.MAX_INPUTS_LISTED))
    out.extend(_summary(summary))
    if summary_only:
        out.extend(["## Findings", ""])
        out.extend(_one_line(f) for f in active)
        if not active:
            out.append("No active findings.")
        out.append("")
        if report.notifications:
            out.extend(["## Not analysed", ""])
            out.extend(f"- {_md(S.location(f))}: {_md(f.message)}"
                       for f in sorted(report.notifications, key=Finding.sort_key))
            out.append("")
        return fit("\n".join(out).rstrip("\n") + "\n", max_chars)
    out.extend(_matrix(S.tunnel_rows(report)))
    out.extend(_side_by_side(report))
    out.append("## Findings by device")
    out.append("")
    groups = S.device_groups(report, active)
    paired = R.paired_devices(report)
    excerpts = S.Excerpts(sources)  # each source split into lines once
    if not groups:
        out.extend(["No active findings.", ""])
    for group in groups:
        vendor = f" ({_md(group.vendor)})" if group.vendor else ""
        out.append(f"### {_md(group.title)}{vendor}")
        out.append("")
        seen: set[str] = set()
        for f in group.findings:
            out.extend(_finding(f, excerpts, f.rule_id in seen, paired))
            seen.add(f.rule_id)
    if suppressed:
        out.extend(["## Suppressed findings", ""])
        out.append(_row(["Severity", "Rule", "Location", "Message", "Suppressed by", "Justification"]))
        out.append(_row(["---"] * 6))
        for f in suppressed:
            by = "; ".join(("inline " if s.kind == "inSource" else "waiver ") + s.source for s in f.suppressions)
            why = "; ".join(s.justification or "(no reason given)" for s in f.suppressions)
            out.append(_row([f.severity.value, f"`{f.rule_id}` {_md(f.rule_name)}", _md(S.location(f)),
                             _md(f.message), _md(S.clip(by)), _md(S.clip(why))]))
        out.append("")
    if report.notifications:
        out.extend(["## Not analysed", ""])
        out.append(_row(["Location", "Problem"]))
        out.append(_row(["---", "---"]))
        for f in sorted(report.notifications, key=Finding.sort_key):
            out.append(_row([_md(S.location(f)), _md(f.message)]))
        out.append("")
    if report.notices:
        out.extend(["## Notices", ""])
        out.extend(f"- {_md(n)}" for n in report.notices)
        out.append("")
    if report.fixed:
        out.extend(["## Fixed since the baseline", ""])
        out.append(_row(["Rule", "Device", "Target", "Message"]))
        out.append(_row(["---"] * 4))
        for e in sorted(report.fixed, key=lambda e: (str(e.get("device", "")), str(e.get("rule_id", "")), str(e.get("target", "")))):
            out.append(_row([f"`{_md(e.get('rule_id', ''))}`", _md(e.get("device", "")), _md(e.get("target", "")),
                             _md(str(e.get("message", "")))]))
        out.append("")
    return fit("\n".join(out).rstrip("\n") + "\n", max_chars)


def fit(text: str, max_chars: int = MAX_CHARS) -> str:
    """``text`` if it fits, else cut at the last blank line outside a code fence before the limit,
    with a note; whatever the input, the result is at most ``max_chars`` characters."""
    if len(text) <= max_chars:
        return text
    note = (f"\n\n---\n\n**Report cut at {{kept:,}} of {len(text):,} characters** (GitHub's limit for a comment "
            f"is {MAX_CHARS:,}). The full report: `--format html` or `--format json` with `--output`; "
            "`--format markdown --summary` gives the counts and one line per finding.\n")
    budget = max_chars - len(note) - 32  # room for the numbers in the note and a closing fence
    kept, fence, size, cut = [], None, 0, 0
    for line in text.split("\n"):
        size += len(line) + 1
        if size > budget:
            break
        kept.append(line)
        marker = re.match(r"[ \t]*(`{3,}|~{3,})", line)
        if marker:
            fence = None if fence and marker.group(1).startswith(fence) else fence or marker.group(1)
        if fence is None and not line.strip():
            cut = len(kept)
    body = "\n".join(kept[:cut]).rstrip("\n")
    if not body:  # not one whole block fits (a giant first line): cut the text itself
        body = text[:budget].rsplit("\n", 1)[0][:budget]
        fence_open = re.findall(r"(?m)^[ \t]*(`{3,}|~{3,})", body)
        if len(fence_open) % 2:
            body += "\n" + fence_open[-1]
    return body + note.format(kept=len(body))
