"""A self-contained HTML report for reviewers: one file, inline CSS and SVG, no network.

Sections: summary (counts, an at-a-glance chart, findings by severity and by rule), the per-tunnel
matrix, a findings index, findings by device with the masked config excerpt, the rule's rationale
and fix, then suppressed findings, files that could not be analysed and baseline entries now fixed.

Severity filters are CSS-only checkboxes; a tiny inline script sorts the index table when a
column header is clicked, and the page reads the same without it. Output is deterministic: no
clock, no random ids (pass ``generated`` to print a time stamp).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import functools
import re

from ..findings import Finding, Report
from ..limits import printable
from . import _review as R
from . import _summary as S

_CSS = """
:root{--crit:#7f0000;--high:#c62828;--med:#e65100;--low:#1565c0;--info:#546e7a;--line:#d0d7de;--bg2:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fff}
header{padding:16px 24px;border-bottom:1px solid var(--line);background:var(--bg2)}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#57606a}
main{padding:8px 24px 32px;max-width:100%}
h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:20px 0 8px}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word}
td.wrap{overflow-wrap:anywhere}
.tok{white-space:nowrap}
dl.run{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0 0;font-size:13px}
dl.run dt{color:#57606a}dl.run dd{margin:0;overflow-wrap:anywhere}
details.inputs{margin:4px 0 0;font-size:13px}details.inputs ul{margin:4px 0 0 20px;padding:0}
th{background:var(--bg2);font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
.cards{display:flex;flex-wrap:wrap;gap:12px;align-items:stretch}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:24px}
.card span{color:#57606a}
.glance{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.glance>div{flex:1 1 360px;min-width:0}
.sev{display:inline-block;min-width:64px;padding:0 6px;border-radius:10px;color:#fff;font-size:11px;font-weight:700;text-align:center;text-transform:uppercase}
.sev-critical{background:var(--crit)}.sev-high{background:var(--high)}.sev-medium{background:var(--med)}
.sev-low{background:var(--low)}.sev-info{background:var(--info)}
table.matrix{font-size:12px;table-layout:fixed}
table.matrix th,table.matrix td{overflow-wrap:anywhere}
table.matrix .sev{min-width:0;display:block;margin-top:2px;font-size:10px}
table.matrix tr.off td{color:#8c959f}
.muted{color:#57606a}
.filters{position:sticky;top:0;z-index:1;background:#fff;padding:6px 0;border-bottom:1px solid var(--line)}
.filters label{display:inline-block;margin:2px 4px 2px 0;padding:2px 10px;border:1px solid var(--line);border-radius:12px;cursor:pointer;user-select:none;opacity:.45}
.sevtoggle{position:absolute;opacity:0;width:1px;height:1px}
#sev-critical:checked~main label[for=sev-critical],#sev-high:checked~main label[for=sev-high],
#sev-medium:checked~main label[for=sev-medium],#sev-low:checked~main label[for=sev-low],
#sev-info:checked~main label[for=sev-info]{opacity:1;border-color:#57606a}
#sev-critical:focus-visible~main label[for=sev-critical],#sev-high:focus-visible~main label[for=sev-high],
#sev-medium:focus-visible~main label[for=sev-medium],#sev-low:focus-visible~main label[for=sev-low],
#sev-info:focus-visible~main label[for=sev-info]{outline:2px solid #0969da}
#sev-critical:not(:checked)~main .f-critical,#sev-high:not(:checked)~main .f-high,
#sev-medium:not(:checked)~main .f-medium,#sev-low:not(:checked)~main .f-low,
#sev-info:not(:checked)~main .f-info{display:none}
.finding{border:1px solid var(--line);border-left-width:5px;border-radius:4px;padding:8px 12px;margin:10px 0}
.finding.f-critical{border-left-color:var(--crit)}.finding.f-high{border-left-color:var(--high)}
.finding.f-medium{border-left-color:var(--med)}.finding.f-low{border-left-color:var(--low)}
.finding.f-info{border-left-color:var(--info)}
.finding h4{margin:0 0 4px;font-size:14px}
.finding .loc{font-weight:400;color:#57606a}
.finding p{margin:4px 0}
pre.excerpt{margin:6px 0;padding:6px 0;background:var(--bg2);border:1px solid var(--line);border-radius:4px;overflow-x:auto;white-space:pre}
pre.excerpt span.l{display:block;padding:0 8px}
pre.excerpt span.hit{background:#fff8c5;box-shadow:inset 3px 0 #d4a72c}
pre.excerpt span.n{display:inline-block;min-width:4.5em;padding-right:1em;color:#8c959f;text-align:right;user-select:none}
.doc{margin:4px 0}.doc ul{margin:2px 0 2px 20px;padding:0}
.doc b{font-weight:600}
pre.doc-code{margin:4px 0;padding:4px 8px;background:var(--bg2);border:1px solid var(--line);border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere}
th[data-sort]{cursor:pointer}
th[data-sort]::after{content:" \\2195";color:#8c959f}
footer{padding:12px 24px;color:#57606a;border-top:1px solid var(--line);font-size:12px}
@media print{
 body{font-size:10pt}
 .filters,.sevtoggle{display:none}
 main{padding:0}
 header{background:none}
 pre.excerpt{white-space:pre-wrap;overflow-wrap:anywhere;overflow:visible}
 .finding{break-inside:avoid}
 table{break-inside:auto}
 tr{break-inside:avoid}
 thead{display:table-header-group}
 a{color:inherit;text-decoration:none}
 h2,h3{break-after:avoid}
 th[data-sort]::after{content:""}
}
"""

# Not needed for reading: sorts the findings index when a header is clicked.
_SCRIPT = """
document.querySelectorAll('table.sortable th[data-sort]').forEach(function(th){
 th.addEventListener('click',function(){
  var table=th.closest('table'),body=table.tBodies[0],i=th.cellIndex,dir=th.dataset.dir==='asc'?'desc':'asc';
  th.dataset.dir=dir;
  var rows=Array.prototype.slice.call(body.rows);
  rows.sort(function(a,b){
   var x=a.cells[i].dataset.key||a.cells[i].textContent,y=b.cells[i].dataset.key||b.cells[i].textContent;
   var c=x.localeCompare(y,undefined,{numeric:true});return dir==='asc'?c:-c;});
  rows.forEach(function(r){body.appendChild(r);});
 });
});
"""


def _e(text: object) -> str:
    return escape(printable(str(text), lines=True), quote=True)


def _sev(severity: object) -> str:
    value = getattr(severity, "value", str(severity))
    return f'<span class="sev sev-{_e(value)}">{_e(value)}</span>'


# Rule IDs and IPv4 addresses (with a prefix length) never break inside: a reviewer copies them.
_TOKEN = re.compile(r"\bVPN\d{3}\b|(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w.])")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
_TICKS = re.compile(r"`([^`\n]+)`")


def _t(text: object) -> str:
    """Escaped text with every rule ID and IPv4 address kept on one line."""
    return _TOKEN.sub(lambda m: f'<span class="tok">{m.group(0)}</span>', _e(text))


def _prose(text: str) -> str:
    """Escaped documentation text with its Markdown emphasis and `code` rendered, never shown raw."""
    out = _TICKS.sub(lambda m: f"<code>{m.group(1)}</code>", _t(text))
    return _BOLD.sub(r"<b>\1</b>", out)


def _inline(text: str) -> str:
    return "".join(f"<code>{_t(t)}</code>" if code else _prose(t) for t, code in S.inline_code(text))


_doc_inline = functools.lru_cache(maxsize=256)(_inline)  # a rule's rationale: once per device and rule


@functools.lru_cache(maxsize=256)
def _doc_blocks(text: str, aws_examples: bool = True) -> str:
    """A rule's "how to fix" documentation as HTML (cached: a report shows it once per device and rule)."""
    out = []
    for block in R.doc_blocks(text, aws_examples):
        if block.items:
            out.append("<ul>" + "".join(f"<li>{_inline(i.text)}{_code_block(i.code)}</li>" for i in block.items) + "</ul>")
        else:
            out.append(f"<p>{_inline(block.text)}</p>{_code_block(block.code)}")
    return "".join(out)


def _code_block(code: str | None) -> str:
    return f'<pre class="doc-code">{_e(code)}</pre>' if code else ""


def _chart(summary: S.Summary) -> str:
    """Horizontal bars of active findings per severity."""
    colors = {"critical": "#7f0000", "high": "#c62828", "medium": "#e65100", "low": "#1565c0", "info": "#546e7a"}
    top = max([n for _, n in summary.by_severity] + [1])
    bar_x, bar_w, row_h = 80, 240, 24
    height = row_h * len(summary.by_severity) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{bar_x + bar_w + 60}" height="{height}" '
        f'viewBox="0 0 {bar_x + bar_w + 60} {height}" role="img" aria-labelledby="chart-title" '
        f'font-family="sans-serif" font-size="12">',
        '<title id="chart-title">Active findings by severity: '
        + _e(", ".join(f"{s.value} {n}" for s, n in summary.by_severity))
        + "</title>",
    ]
    for i, (severity, count) in enumerate(summary.by_severity):
        y = 4 + i * row_h
        width = round(bar_w * count / top) if count else 0
        parts.append(f'<text x="{bar_x - 8}" y="{y + 15}" text-anchor="end">{_e(severity.value)}</text>')
        parts.append(f'<rect x="{bar_x}" y="{y + 3}" width="{bar_w}" height="16" fill="#eef1f4"/>')
        if width:
            parts.append(f'<rect x="{bar_x}" y="{y + 3}" width="{width}" height="16" fill="{colors[severity.value]}"/>')
        parts.append(f'<text x="{bar_x + bar_w + 8}" y="{y + 15}">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _summary_section(summary: S.Summary) -> str:
    cards = [
        ("devices", summary.devices, "Devices"),
        ("aws", summary.aws_connections, "AWS connections"),
        ("tunnels", summary.tunnels, "Tunnels"),
        ("active", summary.active, "Findings"),
        ("suppressed", summary.suppressed, "Suppressed"),
    ]
    if summary.notifications:
        cards.append(("notifications", summary.notifications, "Not analysed"))
    if summary.fixed:
        cards.append(("fixed", summary.fixed, "Fixed since baseline"))
    out = ['<section id="summary"><h2>Summary</h2><div class="cards">']
    for key, count, label in cards:
        out.append(f'<div class="card" id="count-{key}"><b>{count}</b><span>{_e(label)}</span></div>')
    out.append("</div>")
    out.append('<div class="glance"><div><h3>Findings by severity</h3>')
    out.append(_chart(summary))
    out.append('<table class="by-severity"><thead><tr><th>Severity</th><th class="num">Findings</th></tr></thead><tbody>')
    for severity, count in summary.by_severity:
        out.append(f'<tr><td>{_sev(severity)}</td><td class="num">{count}</td></tr>')
    out.append("</tbody></table></div>")
    out.append('<div><h3>Findings by rule</h3>')
    if summary.by_rule:
        out.append(
            '<table class="by-rule"><thead><tr><th>Rule</th><th>Severity</th><th class="num">Findings</th>'
            '<th class="num">Suppressed</th></tr></thead><tbody>'
        )
        for row in summary.by_rule:
            title = f' title="{_e(row.summary)}"' if row.summary else ""
            out.append(
                f'<tr><td{title}><code class="tok">{_e(row.rule_id)}</code> {_e(row.name)}</td>'
                f"<td>{_sev(row.severity)}</td><td class=\"num\">{row.active}</td>"
                f'<td class="num">{row.suppressed}</td></tr>'
            )
        out.append("</tbody></table>")
    else:
        out.append('<p class="muted">No findings.</p>')
    out.append("</div></div></section>")
    return "".join(out)


# Column widths (percent): a fixed layout can never push the page wider than the window.
_MATRIX_WIDTHS = {
    "device": 9, "tunnel": 6, "peer": 9, "ike_version": 4, "phase1": 12, "phase2": 12, "pfs": 5,
    "dpd": 6, "df_frag": 6, "mss": 5, "bgp": 8, "aws": 11, "findings": 7,
}


def _matrix_section(rows: tuple[S.TunnelRow, ...]) -> str:
    out = ['<section id="tunnels"><h2>Tunnels</h2>']
    if not rows:
        out.append('<p class="muted">No tunnels found.</p></section>')
        return "".join(out)
    out.append('<table class="matrix"><colgroup>')
    for key, _ in S.MATRIX_COLUMNS:
        out.append(f'<col style="width:{_MATRIX_WIDTHS[key]}%">')
    out.append(f'<col style="width:{_MATRIX_WIDTHS["findings"]}%"></colgroup><thead><tr>')
    for _, title in S.MATRIX_COLUMNS:
        out.append(f"<th>{_e(title)}</th>")
    out.append('<th class="num">Findings</th></tr></thead><tbody>')
    for row in rows:
        cls = "" if row.enabled else ' class="off" title="tunnel disabled"'
        out.append(f"<tr{cls}>")
        for key, _ in S.MATRIX_COLUMNS:
            out.append("<td>" + "<br>".join(_t(v) for v in row.cell(key)) + "</td>")
        worst = f" {_sev(row.worst)}" if row.worst is not None else ""
        out.append(f'<td class="num">{row.findings}{worst}</td></tr>')
    out.append("</tbody></table></section>")
    return "".join(out)


def _index_section(findings: list[Finding], anchors: dict[int, str]) -> str:
    out = ['<section id="index"><h2>All findings</h2>']
    if not findings:
        out.append('<p class="muted">No active findings.</p></section>')
        return "".join(out)
    out.append(
        '<table class="sortable index"><thead><tr><th data-sort>Severity</th><th data-sort>Rule</th>'
        "<th data-sort>Device</th><th data-sort>Location</th><th data-sort>Message</th></tr></thead><tbody>"
    )
    for f in findings:
        rank = 9 - f.severity.rank  # ascending sort = most severe first
        out.append(
            f'<tr class="f-{f.severity.value}"><td data-key="{rank}">{_sev(f.severity)}</td>'
            f'<td><code class="tok">{_e(f.rule_id)}</code></td><td class="wrap">{_t(S.clip(f.device))}</td>'
            f'<td class="wrap" data-key="{_e(f.path)}:{f.line or 0:08d}"><a href="#{anchors[id(f)]}">'
            f"{_e(S.location(f))}</a></td>"
            f'<td class="wrap">{_t(f.message)}</td></tr>'
        )
    out.append("</tbody></table></section>")
    return "".join(out)


def _excerpt(finding: Finding, excerpts: S.Excerpts) -> str:
    lines = excerpts(finding)
    if not lines:
        return ""
    body = "".join(
        f'<span class="l{" hit" if ln.target else ""}"><span class="n">{ln.number}</span>{_e(ln.text)}</span>'
        for ln in lines
    )
    return f'<pre class="excerpt" aria-label="{_e(finding.path)} lines {lines[0].number}-{lines[-1].number}">{body}</pre>'


def _finding(
    finding: Finding, anchor: str, excerpts: S.Excerpts, first_of_rule: str | None, paired: set[str] | None = None,
) -> str:
    tunnel = f" &middot; tunnel {_e(S.clip(finding.tunnel))}" if finding.tunnel else ""
    out = [
        f'<article class="finding f-{finding.severity.value}" id="{anchor}">',
        f'<h4>{_sev(finding.severity)} <code class="tok">{_e(finding.rule_id)}</code> {_e(finding.rule_name)} '
        f'<span class="loc">{_e(S.location(finding))}{tunnel}</span></h4>',
        f'<p class="msg">{_t(finding.message)}</p>',
        _excerpt(finding, excerpts),
    ]
    if first_of_rule is not None:
        out.append(
            f'<p class="doc muted">Why and how to fix: see <a href="#{first_of_rule}">the first '
            f"{_e(finding.rule_id)} finding above</a>.</p>"
        )
        if finding.fix:
            out.append(f'<div class="doc fix"><b>Fix:</b> {_inline(S.clip(finding.fix))}</div>')
    else:
        why = S.rationale(finding.rule_id)
        if why:
            out.append(f'<div class="doc why"><b>Why it matters:</b> {_doc_inline(why)}</div>')
        if finding.fix:
            out.append(f'<div class="doc fix"><b>Fix:</b> {_inline(S.clip(finding.fix))}</div>')
        else:
            fix = S.how_to_fix(finding.rule_id)
            if fix:
                examples = paired is None or R.examples_apply(finding, paired)
                out.append(f'<div class="doc fix"><b>How to fix:</b>{_doc_blocks(fix, examples)}</div>')
    out.append("</article>")
    return "".join(out)


def _findings_section(report: Report, active: list[Finding], anchors: dict[int, str], sources: Mapping[str, str]) -> str:
    excerpts = S.Excerpts(sources)  # each source split into lines once for the whole section
    out = ['<section id="findings"><h2>Findings by device</h2>']
    groups = S.device_groups(report, active)
    paired = R.paired_devices(report)
    if not groups:
        out.append('<p class="muted">No active findings.</p>')
    for n, group in enumerate(groups, 1):
        vendor = f' <span class="muted">({_e(group.vendor)})</span>' if group.vendor else ""
        out.append(f'<div class="device" id="d-{n}"><h3>{_e(group.title)}{vendor}</h3>')
        seen: dict[str, str] = {}
        for f in group.findings:
            anchor = anchors[id(f)]
            out.append(_finding(f, anchor, excerpts, seen.get(f.rule_id), paired))
            seen.setdefault(f.rule_id, anchor)
        out.append("</div>")
    out.append("</section>")
    return "".join(out)


def _suppressed_section(findings: list[Finding]) -> str:
    if not findings:
        return ""
    out = [
        '<section id="suppressed"><h2>Suppressed findings</h2>',
        '<table class="suppressed"><thead><tr><th>Severity</th><th>Rule</th><th>Location</th><th>Message</th>'
        "<th>Suppressed by</th><th>Justification</th></tr></thead><tbody>",
    ]
    for f in findings:
        by = "; ".join(
            ("inline " if s.kind == "inSource" else "waiver ") + s.source for s in f.suppressions
        )
        why = "; ".join(s.justification or "(no reason given)" for s in f.suppressions)
        out.append(
            f'<tr class="f-{f.severity.value}"><td>{_sev(f.severity)}</td><td><code class="tok">{_e(f.rule_id)}</code> '
            f'{_e(f.rule_name)}</td><td class="wrap">{_e(S.location(f))}</td>'
            f'<td class="wrap">{_t(f.message)}</td>'
            f'<td class="wrap">{_e(S.clip(by))}</td><td class="wrap">{_e(S.clip(why))}</td></tr>'
        )
    out.append("</tbody></table></section>")
    return "".join(out)


def _notifications_section(notifications: list[Finding]) -> str:
    if not notifications:
        return ""
    out = [
        '<section id="notifications"><h2>Not analysed</h2>',
        '<table><thead><tr><th>Location</th><th>Problem</th></tr></thead><tbody>',
    ]
    for f in sorted(notifications, key=Finding.sort_key):
        out.append(f'<tr><td class="wrap">{_e(S.location(f))}</td><td class="wrap">{_t(f.message)}</td></tr>')
    out.append("</tbody></table></section>")
    return "".join(out)


def _side_by_side_section(report: Report) -> str:
    """Will the tunnels come up: one table per device/AWS pair, then the remediation plans."""
    if not report.pairs:
        return ""
    from ..remediation import rows_of

    header = ("Device tunnel", "AWS tunnel", "IKE", "Phase 1", "Phase 2", "PSK", "Inside", "BGP", "Result")
    out = ['<section id="pairs"><h2>Device and AWS side by side</h2>']
    current = None
    for r in rows_of(report):
        if (r.connection, r.device) != current:
            if current is not None:
                out.append("</tbody></table>")
            current = (r.connection, r.device)
            out.append(f"<h3>{_e(r.connection)} with {_e(r.device)}</h3><table><thead><tr>")
            out.append("".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead><tbody>")
        cells = (r.device_tunnel, r.aws_tunnel, r.ike, r.phase1, r.phase2, r.psk, r.inside, r.bgp, r.result)
        out.append("<tr>" + "".join(f'<td class="wrap">{_t(S.clip(c))}</td>' for c in cells) + "</tr>")
    out.append("</tbody></table>")
    for plan in report.plans:
        out.append(f"<h3>Remediation plan: {_e(plan.device)} / {_e(plan.connection)}</h3>")
        out.append(f"<p>Why: {_e(plan.reason)}</p><ol>")
        for step in plan.steps:
            command = f'<pre class="doc-code">{_e(S.clip(step.command))}</pre>' if step.command else ""
            out.append(f"<li>{_t(step.text)}{command}</li>")
        out.append("</ol>")
    out.append("</section>")
    return "".join(out)


def _notices_section(notices: list[str]) -> str:
    if not notices:
        return ""
    items = "".join(f"<li>{_e(n)}</li>" for n in notices)
    return f'<section id="notices"><h2>Notices</h2><ul>{items}</ul></section>'


def _fixed_section(fixed: list[dict]) -> str:
    if not fixed:
        return ""
    out = [
        '<section id="fixed"><h2>Fixed since the baseline</h2>',
        "<table><thead><tr><th>Rule</th><th>Device</th><th>Target</th><th>Message</th></tr></thead><tbody>",
    ]
    for entry in sorted(fixed, key=lambda e: (str(e.get("device", "")), str(e.get("rule_id", "")), str(e.get("target", "")))):
        out.append(
            f"<tr><td><code class=\"tok\">{_e(entry.get('rule_id', ''))}</code></td>"
            f"<td class=\"wrap\">{_t(entry.get('device', ''))}</td><td class=\"wrap\">{_t(entry.get('target', ''))}</td>"
            f"<td class=\"wrap\">{_t(str(entry.get('message', '')))}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return "".join(out)


def _run_header(report: Report) -> str:
    """When, with what, on which inputs: the facts a sign-off needs (see _review)."""
    head = R.header(report)
    rows = "".join(f"<dt>{_e(label)}</dt><dd>{_t(value)}</dd>" for label, value in head.rows)
    out = [f'<dl class="run">{rows}</dl>']
    if head.inputs:
        items = "".join(f"<li>{_e(path)} ({_e(R.size_text(size))})</li>" for path, size in head.inputs)
        more = f"<li>and {head.more_inputs} more</li>" if head.more_inputs else ""
        out.append(f'<details class="inputs"><summary>Input files</summary><ul>{items}{more}</ul></details>')
    return "".join(out)


def render(
    report: Report,
    sources: Mapping[str, str],
    *,
    title: str = "vpnaudit report",
    generated: str | None = None,
) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    summary = S.summarize(report)
    active = S.ordered(f for f in report.findings if not f.suppressed)
    suppressed = S.ordered(f for f in report.findings if f.suppressed)
    # Anchors follow the device-grouped order, so they are stable for the same input.
    anchors: dict[int, str] = {}
    for group in S.device_groups(report, active):
        for f in group.findings:
            anchors[id(f)] = f"f-{len(anchors) + 1}"
    counts = dict(summary.by_severity)
    sub = [f"profile {_e(summary.profile)}"]
    if generated:
        sub.append(f"generated {_e(generated)}")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
    ]
    for severity in S.SEVERITY_ORDER:
        out.append(
            f'<input type="checkbox" class="sevtoggle" id="sev-{severity.value}" checked '
            f'aria-label="show {severity.value} findings">'
        )
    out.append(f"<header><h1>{_e(title)}</h1><p>{' &middot; '.join(sub)}</p>{_run_header(report)}</header><main>")
    out.append('<nav class="filters" aria-label="severity filter">Show: ')
    for severity in S.SEVERITY_ORDER:
        out.append(f'<label for="sev-{severity.value}">{_e(severity.value)} ({counts[severity]})</label>')
    out.append(
        ' &middot; <a href="#summary">Summary</a> &middot; <a href="#tunnels">Tunnels</a> &middot; '
        '<a href="#index">All findings</a> &middot; <a href="#findings">By device</a>'
    )
    if suppressed:
        out.append(' &middot; <a href="#suppressed">Suppressed</a>')
    out.append("</nav>")
    out.append(_summary_section(summary))
    out.append(_matrix_section(S.tunnel_rows(report)))
    out.append(_side_by_side_section(report))
    out.append(_index_section(active, anchors))
    out.append(_findings_section(report, active, anchors, sources))
    out.append(_suppressed_section(suppressed))
    out.append(_notifications_section(report.notifications))
    out.append(_notices_section(report.notices))
    out.append(_fixed_section(report.fixed))
    out.append(
        "</main><footer>Generated by vpnaudit. Pre-shared keys and passwords in excerpts are masked "
        "(********).</footer>"
    )
    out.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "\n".join(out)
