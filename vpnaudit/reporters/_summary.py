"""What the HTML and Markdown reports share: summary counts, the per-tunnel matrix, config excerpts
(from sources that ``api`` masked when it loaded them), and a rule's rationale and fix read from its module docstring.

Everything here returns plain strings and tuples in a deterministic order, so both renderers only
decide the markup. Nothing here reads a clock, the environment or the network.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from .._struct import dataclass

from ..findings import Finding, Report, Severity
from ..limits import printable
from . import MAX_VALUE, clip

SEVERITY_ORDER: tuple[Severity, ...] = (
    Severity.CRITICAL,
    Severity.HIGH,
    Severity.MEDIUM,
    Severity.LOW,
    Severity.INFO,
)
MAX_EXCERPT_LINE = 200  # characters of one excerpt line (an AWS JSON dump holds its XML in one line)

# ---------------------------------------------------------------------------------------------
# Excerpts
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ExcerptLine:
    number: int
    text: str  # from the masked source, truncated
    target: bool


def _excerpt(lines: Sequence[str], line: int, context: int) -> tuple[ExcerptLine, ...]:
    """Lines ``line-context .. line+context`` of a source (as ``api`` loaded it: masked already), with
    the finding line marked."""
    if line > len(lines):
        return ()
    first = max(1, line - context)
    last = min(len(lines), line + context)
    shown = []
    for number in range(first, last + 1):
        # Only the start of a long line is shown (an AWS JSON dump holds a whole XML config, or all of
        # itself, in one line): expanding tabs and escaping keep a prefix a prefix, one character or
        # more for each, so a line cut past the limit shows the same as the whole line, and a dump with
        # thousands of findings is not escaped again for each of them.
        raw = lines[number - 1][:MAX_EXCERPT_LINE + 1]
        masked = printable(raw.rstrip("\r\n").expandtabs(4))  # the sources are masked when loaded
        if len(masked) > MAX_EXCERPT_LINE:
            masked = masked[: MAX_EXCERPT_LINE - 1] + "\u2026"
        shown.append(ExcerptLine(number, masked, number == line))
    return tuple(shown)


class Excerpts:
    """The excerpt of each finding of one report, from the source of its path (else of its device),
    each source split into lines once. A split per finding made the HTML and Markdown reports quadratic in
    the findings of one file: a 200,000-line config with 21,057 findings took 217 s to render (its
    20,000-line tenth 1.7 s). The lines of a source are kept until the report is rendered."""

    __slots__ = ("_sources", "_lines")

    def __init__(self, sources: Mapping[str, str]):
        self._sources = sources
        self._lines: dict[str, list[str] | None] = {}

    def __call__(self, finding: Finding, context: int = 3) -> tuple[ExcerptLine, ...]:
        line = finding.line
        if line is None or line < 1:
            return ()
        key = finding.path if finding.path in self._sources else finding.device
        if key not in self._lines:
            text = self._sources.get(key)
            self._lines[key] = None if text is None else text.splitlines()
        lines = self._lines[key]
        return () if lines is None else _excerpt(lines, line, context)


# ---------------------------------------------------------------------------------------------
# Rule documentation (rationale and fix from the rule module docstring)
# ---------------------------------------------------------------------------------------------
_UNDERLINE = re.compile(r"^\s*[-=~^]{3,}\s*$")


def _sections(doc: str) -> tuple[list[str], dict[str, list[str]]]:
    """Split an RST-ish docstring into its preamble paragraphs and titled sections."""
    lines = doc.strip("\n").splitlines()
    preamble: list[str] = []
    sections: dict[str, list[str]] = {}
    current = preamble
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and lines[i].strip() and _UNDERLINE.match(lines[i + 1]):
            current = sections.setdefault(lines[i].strip().lower(), [])
            i += 2
            continue
        current.append(lines[i])
        i += 1
    return preamble, sections


def _paragraphs(lines: Iterable[str]) -> list[str]:
    paras: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paras[-1].append(line.rstrip())
        elif paras[-1]:
            paras.append([])
    return ["\n".join(p) for p in paras if p]


def _rule_doc(rule_id: str) -> str:
    try:
        from ..checks import rules_by_id

        module = rules_by_id().get(rule_id)
    except Exception:  # a broken rule module must not take the report down with it
        return ""
    return (module.__doc__ or "") if module is not None else ""


@functools.lru_cache(maxsize=256)  # a rule's docstring does not change during a run; a report asks per device
def rationale(rule_id: str) -> str:
    """Why the rule matters: the first paragraph of 'Why it matters', else of the docstring body."""
    preamble, sections = _rule_doc_parts(rule_id)
    for title in ("why it matters", "why", "rationale"):
        if sections.get(title):
            paras = _paragraphs(sections[title])
            if paras:
                return _unwrap(paras[0])
    paras = _paragraphs(preamble)
    if len(paras) > 1:
        return _unwrap(paras[1])
    return _unwrap(paras[0]) if paras else ""


@functools.lru_cache(maxsize=256)
def how_to_fix(rule_id: str) -> str:
    """The docstring's 'How to fix' section, as written (paragraphs and '- ' bullets)."""
    _, sections = _rule_doc_parts(rule_id)
    for title in ("how to fix", "remediation", "fix"):
        if sections.get(title):
            return "\n".join(sections[title]).strip("\n")
    return ""


def _rule_doc_parts(rule_id: str) -> tuple[list[str], dict[str, list[str]]]:
    return _sections(_dedent(_rule_doc(rule_id)))


def _dedent(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc) if doc else ""


def _unwrap(paragraph: str) -> str:
    return " ".join(part.strip() for part in paragraph.splitlines())


@dataclass(frozen=True, slots=True)
class Item:
    """A bullet of a rule's documentation, with the literal (code) block that may follow it."""

    text: str
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of rule documentation: a paragraph (``text``, maybe ``code`` after it), or a
    bullet list (``items``)."""

    text: str = ""
    code: str | None = None
    items: tuple[Item, ...] = ()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _is_bullet(line: str) -> bool:
    return line.lstrip().startswith(("- ", "* "))


def _literal(lines: list[str], i: int, base: int) -> tuple[int, str | None]:
    """Read an RST literal block (lines indented deeper than ``base``) starting at ``i``."""
    body: list[str] = []
    while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > base):
        body.append(lines[i])
        i += 1
    while body and not body[-1].strip():
        body.pop()
    while body and not body[0].strip():
        body.pop(0)
    if not body:
        return i, None
    cut = min(_indent(line) for line in body if line.strip())
    return i, "\n".join(line[cut:].rstrip() for line in body)


def _literal_marker(text: str) -> tuple[str, bool]:
    if not text.endswith("::"):
        return text, False
    text = text[:-2].rstrip()
    return (text + ":" if text and not text.endswith(" ") else text), True


def blocks(text: str) -> tuple[Block, ...]:
    """Paragraphs, '- ' bullet lists and '::' literal blocks of a docstring section."""
    lines = text.splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        base = _indent(line)
        bullet = _is_bullet(line)
        parts = [line.strip()[2:] if bullet else line.strip()]
        i += 1
        while i < len(lines) and lines[i].strip() and not _is_bullet(lines[i]) and (
            not bullet or _indent(lines[i]) > base
        ):
            parts.append(lines[i].strip())
            i += 1
        joined, literal = _literal_marker(" ".join(parts))
        code = None
        if literal:
            i, code = _literal(lines, i, base)
        if bullet:
            item = Item(joined, code)
            if out and out[-1].items:
                out[-1] = Block(items=(*out[-1].items, item))
            else:
                out.append(Block(items=(item,)))
        else:
            out.append(Block(text=joined, code=code))
    return tuple(out)


_LITERAL = re.compile(r"``(.+?)``")


def inline_code(text: str) -> list[tuple[str, bool]]:
    """Split RST inline literals: [(text, is_code), ...]."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in _LITERAL.finditer(text):
        if m.start() > pos:
            parts.append((text[pos:m.start()], False))
        parts.append((m.group(1), True))
        pos = m.end()
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts


# ---------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RuleRow:
    rule_id: str
    name: str
    severity: Severity
    active: int
    suppressed: int
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Summary:
    devices: int  # customer gateways (configs)
    aws_connections: int
    tunnels: int
    active: int
    suppressed: int
    notifications: int
    fixed: int
    by_severity: tuple[tuple[Severity, int], ...]
    by_rule: tuple[RuleRow, ...]
    profile: str


def device_label(device: object) -> str:
    """The device part of a finding (same as the engine's): connection id for AWS, else source."""
    connection = getattr(device, "connection", None)
    if connection is not None and getattr(connection, "id", None):
        return str(connection.id)
    return str(getattr(device, "source", ""))


def is_aws(device: object) -> bool:
    return getattr(device, "vendor", None) == "aws"


def summarize(report: Report) -> Summary:
    active = [f for f in report.findings if not f.suppressed]
    suppressed = [f for f in report.findings if f.suppressed]
    severity_counts = Counter(f.severity for f in active)
    metadata = {r.id: r for r in report.rules}
    per_rule: dict[str, list[Finding]] = {}
    for f in report.findings:
        per_rule.setdefault(f.rule_id, []).append(f)
    rows = []
    for rule_id, found in per_rule.items():
        rule = metadata.get(rule_id)
        worst = max((f.severity for f in found), key=lambda s: s.rank)
        rows.append(
            RuleRow(
                rule_id=rule_id,
                name=found[0].rule_name,
                severity=worst,
                active=sum(1 for f in found if not f.suppressed),
                suppressed=sum(1 for f in found if f.suppressed),
                summary=rule.summary if rule else "",
            )
        )
    rows.sort(key=lambda r: (-r.severity.rank, -r.active, r.rule_id))
    return Summary(
        devices=sum(1 for d in report.devices if not is_aws(d)),
        aws_connections=sum(1 for d in report.devices if is_aws(d)),
        tunnels=sum(len(getattr(d, "tunnels", ())) for d in report.devices),
        active=len(active),
        suppressed=len(suppressed),
        notifications=len(report.notifications),
        fixed=len(report.fixed),
        by_severity=tuple((s, severity_counts.get(s, 0)) for s in SEVERITY_ORDER),
        by_rule=tuple(rows),
        profile=report.profile,
    )


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then by place."""
    return sorted(findings, key=lambda f: (-f.severity.rank, *f.sort_key()))


@dataclass(frozen=True, slots=True)
class DeviceGroup:
    label: str  # finding.device
    title: str  # hostname (label) / connection id (region)
    vendor: str
    findings: tuple[Finding, ...]


def device_groups(report: Report, findings: Sequence[Finding]) -> tuple[DeviceGroup, ...]:
    """``findings`` grouped by device, in the order of ``report.devices`` then by label."""
    by_label: dict[str, list[Finding]] = {}
    for f in findings:
        by_label.setdefault(f.device or f.path, []).append(f)
    devices = {device_label(d): d for d in report.devices}
    order = [label for label in devices if label in by_label]
    order += sorted(label for label in by_label if label not in devices)
    groups = []
    for label in order:
        device = devices.get(label)
        groups.append(
            DeviceGroup(
                label=label,
                title=device_title(device) if device is not None else label,
                vendor=str(getattr(device, "vendor", "")) if device is not None else "",
                findings=tuple(ordered(by_label[label])),
            )
        )
    return tuple(groups)


def device_title(device: object) -> str:
    label = device_label(device)
    hostname = getattr(device, "hostname", None)
    connection = getattr(device, "connection", None)
    if connection is not None and getattr(connection, "region", None):
        return f"{label} ({connection.region})"
    if hostname and hostname != label:
        return f"{hostname} ({label})"
    return label


# ---------------------------------------------------------------------------------------------
# The per-tunnel matrix
# ---------------------------------------------------------------------------------------------
MATRIX_COLUMNS: tuple[tuple[str, str], ...] = (
    ("device", "Device"),
    ("tunnel", "Tunnel"),
    ("peer", "Peer"),
    ("ike_version", "IKE"),
    ("phase1", "Phase 1"),
    ("phase2", "Phase 2"),
    ("pfs", "PFS"),
    ("dpd", "DPD"),
    ("df_frag", "DF / frag."),
    ("mss", "MSS / MTU"),
    ("bgp", "BGP"),
    ("aws", "AWS tunnel"),
)
NOT_SET = "\u2014"  # em dash


@dataclass(frozen=True, slots=True)
class TunnelRow:
    device: str
    tunnel: str
    peer: str
    ike_version: str
    phase1: tuple[str, ...]  # one entry per proposal, then the lifetime
    phase2: tuple[str, ...]
    pfs: str
    dpd: str
    df_frag: str
    mss: str
    bgp: str
    aws: str  # paired AWS tunnel and its result, or "not paired"
    enabled: bool = True
    findings: int = 0
    worst: Severity | None = None

    def cell(self, key: str) -> tuple[str, ...]:
        value = getattr(self, key)
        return value if isinstance(value, tuple) else (value,)


def _groups(groups: Sequence[int]) -> str:
    return ", ".join(str(g) for g in groups)


def _lifetime(obj: object) -> str | None:
    seconds = getattr(obj, "lifetime_seconds", None)
    if seconds is None:
        return None
    default = " (default)" if "lifetime_seconds" in getattr(obj, "defaults", ()) else ""
    return f"{seconds} s{default}"


def _proposal(p: object) -> str:
    parts = []
    enc = getattr(p, "encryption", ())
    integ = getattr(p, "integrity", ())
    groups = getattr(p, "dh_groups", ())
    parts.append(", ".join(enc) or "?")
    if integ:
        parts.append(", ".join(integ))
    if groups:
        parts.append("DH " + _groups(groups))
    text = " / ".join(parts)
    name = getattr(p, "name", None)
    return f"{name}: {text}" if name else text


def _proposals(proposals: Sequence[object]) -> list[str]:
    """The proposals of one matrix cell, up to ``MAX_VALUE`` characters, then how many more. The
    device-wide ones (IOS isakmp policies) are in the row of every tunnel: 1,000 policies and 1,000
    tunnels (a 290 KB config) made a 55 MB HTML report in 4 s, four times the 500 and 500 of half of it."""
    out: list[str] = []
    size = 0
    for n, p in enumerate(proposals):
        text = clip(_proposal(p))
        size += len(text)
        if size > MAX_VALUE and out:
            out.append(f"and {len(proposals) - n} more")
            break
        out.append(text)
    return out


def _phase1(tunnel: object) -> tuple[str, ...]:
    ike = getattr(tunnel, "ike", None)
    if ike is None:
        return (NOT_SET,)
    out = _proposals(getattr(ike, "proposals", ()))
    if getattr(ike, "mode", None) == "aggressive":
        out.append("aggressive mode")
    lifetime = _lifetime(ike)
    if lifetime is None:
        for p in getattr(ike, "proposals", ()):
            lifetime = _lifetime(p)
            if lifetime:
                break
    if lifetime:
        out.append(f"lifetime {lifetime}")
    return tuple(out) or (NOT_SET,)


def _phase2(tunnel: object) -> tuple[str, ...]:
    ipsec = getattr(tunnel, "ipsec", None)
    if ipsec is None:
        return (NOT_SET,)
    out = _proposals(getattr(ipsec, "proposals", ()))
    extra = []
    if getattr(ipsec, "protocol", "esp") != "esp":
        extra.append(str(ipsec.protocol).upper())
    if getattr(ipsec, "mode", "tunnel") != "tunnel":
        extra.append(f"{ipsec.mode} mode")
    out.extend(extra)
    lifetime = _lifetime(ipsec)
    if lifetime:
        out.append(f"lifetime {lifetime}")
    return tuple(out) or (NOT_SET,)


def _pfs(tunnel: object) -> str:
    ipsec = getattr(tunnel, "ipsec", None)
    if ipsec is None:
        return NOT_SET
    groups = getattr(ipsec, "pfs_groups", ())
    return "group " + _groups(groups) if groups else "off"


def _dpd(tunnel: object) -> str:
    ike = getattr(tunnel, "ike", None)
    dpd = getattr(ike, "dpd", None) if ike is not None else None
    aws = getattr(tunnel, "aws", None)
    if dpd is None:
        if aws is not None and getattr(aws, "dpd_timeout_seconds", None):
            action = f", {aws.dpd_timeout_action}" if getattr(aws, "dpd_timeout_action", None) else ""
            return f"timeout {aws.dpd_timeout_seconds} s{action}"
        return "none"
    if not dpd.enabled:
        return "off"
    parts = []
    if dpd.interval_seconds is not None:
        parts.append(f"{dpd.interval_seconds} s")
    if dpd.retries is not None:
        parts.append(f"x{dpd.retries}")
    if dpd.timeout_seconds is not None:
        parts.append(f"timeout {dpd.timeout_seconds} s")
    if dpd.mode:
        parts.append(dpd.mode)
    if dpd.action:
        parts.append(dpd.action)
    return " ".join(parts) or "on"


def _df_frag(tunnel: object, device: object) -> str:
    df = getattr(tunnel, "df_bit", None) or getattr(device, "global_df_bit", None)
    frag = getattr(tunnel, "fragmentation", None) or getattr(device, "global_fragmentation", None)
    parts = []
    parts.append(f"DF {df}" if df else f"DF {NOT_SET}")
    if frag:
        parts.append("frag. " + ("before" if frag == "before-encryption" else "after") + " encr.")
    return ", ".join(parts)


def _mss(tunnel: object) -> str:
    mss = getattr(tunnel, "tcp_mss", None)
    mtu = getattr(tunnel, "mtu", None)
    parts = [str(mss) if mss is not None else NOT_SET]
    if mtu is not None:
        parts.append(f"MTU {mtu}")
    return " / ".join(parts)


def _bgp(tunnel: object) -> str:
    bgp = getattr(tunnel, "bgp", None)
    if bgp is None:
        return NOT_SET
    text = str(bgp.neighbor)
    if bgp.remote_as is not None:
        text += f" AS{bgp.remote_as}"
    timers = []
    if bgp.keepalive_seconds is not None and bgp.hold_seconds is not None:
        timers.append(f"{bgp.keepalive_seconds}/{bgp.hold_seconds} s")
    if bgp.shutdown:
        timers.append("shutdown")
    return text + (" " + " ".join(timers) if timers else "")


def _ike_version(tunnel: object) -> str:
    ike = getattr(tunnel, "ike", None)
    versions: tuple[int, ...] = getattr(ike, "versions", ()) if ike is not None else ()
    if not versions and ike is not None:
        versions = tuple(sorted({v for p in getattr(ike, "proposals", ()) for v in getattr(p, "versions", ())}))
    aws = getattr(tunnel, "aws", None)
    if aws is not None and getattr(aws, "active_ike_version", None):
        active = f" (active v{aws.active_ike_version})"
    else:
        active = ""
    return ("v" + "+v".join(str(v) for v in versions) if versions else NOT_SET) + active


def pairings(report: Report) -> dict[tuple[str, str], str]:
    """(device label, tunnel name) -> 'AWS tunnel: UP/DOWN, why' for both sides of every pair."""
    from ..pairing import verdicts_of

    out: dict[tuple[str, str], str] = {}
    for v in verdicts_of(report):
        state = {"up": "UP", "down": "DOWN", "missing": "NOT ON DEVICE", "unknown": "PAIRED"}[v.status]
        if v.device_tunnel is not None:
            out[(v.device, v.device_tunnel)] = f"{v.connection} {v.aws_tunnel}: {state}, {v.detail}"
        out[(v.connection, v.aws_tunnel)] = (
            f"{v.device} {v.device_tunnel}: {state}, {v.detail}" if v.device_tunnel else f"{state}: {v.detail}"
        )
    return out


def _short_device(device: object) -> str:
    """Hostname (file name) for the matrix; the full path heads the device's findings."""
    connection = getattr(device, "connection", None)
    if connection is not None:
        return device_title(device)
    source = str(getattr(device, "source", ""))
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    hostname = getattr(device, "hostname", None)
    return f"{hostname} ({name})" if hostname and hostname != name else name


def tunnel_rows(report: Report) -> tuple[TunnelRow, ...]:
    paired = pairings(report)
    worst: dict[tuple[str, str], list[Finding]] = {}
    for f in report.findings:
        if f.tunnel and not f.suppressed:
            worst.setdefault((f.device, f.tunnel), []).append(f)
    rows = []
    for device in report.devices:
        label = device_label(device)
        short = clip(_short_device(device))  # on each of the device's rows
        for tunnel in getattr(device, "tunnels", ()):
            found = worst.get((label, tunnel.name), [])
            peer = tunnel.peer_address or NOT_SET
            if tunnel.inside is not None and (tunnel.inside.local or tunnel.inside.peer):
                peer += f" (inside {tunnel.inside.local or NOT_SET})"
            rows.append(
                TunnelRow(
                    device=short,
                    tunnel=tunnel.name + ("" if tunnel.routing == "route-based" else " (policy-based)"),
                    peer=peer,
                    ike_version=_ike_version(tunnel),
                    phase1=_phase1(tunnel),
                    phase2=_phase2(tunnel),
                    pfs=_pfs(tunnel),
                    dpd=_dpd(tunnel),
                    df_frag=_df_frag(tunnel, device),
                    mss=_mss(tunnel),
                    bgp=_bgp(tunnel),
                    aws=clip(paired.get((label, tunnel.name), "not paired")),
                    enabled=tunnel.enabled,
                    findings=len(found),
                    worst=max((f.severity for f in found), key=lambda s: s.rank) if found else None,
                )
            )
    return tuple(rows)


def location(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}" if finding.line else finding.path


def suppression_text(finding: Finding) -> str:
    parts = []
    for s in finding.suppressions:
        kind = "inline" if s.kind == "inSource" else "waiver"
        parts.append(f"{kind} {s.source}: {s.justification or '(no reason given)'}")
    return "; ".join(parts)
