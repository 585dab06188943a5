"""Inline suppressions: ``vpnaudit: disable=VPN110 -- reason`` in the vendor's comment syntax.

The parser records each directive with the line span of the stanza it sits in (model.InlineSuppression);
here a finding is matched against them. Suppressed findings are kept (SARIF ``suppressions[]``),
never dropped. The waiver file (for sources that cannot carry comments) lives in waivers.py.
"""

from __future__ import annotations

import bisect

from ._memo import ByIdentity
from .findings import Finding, Suppression
from .model import Device


class _Directives:
    """A device's directives by (rule, file), sorted by the start of their scope: a finding looks up
    the few whose scope can reach its line instead of testing every directive of the device (one
    directive per tunnel stanza made 4,000 tunnels take 9 s, quadratic).

    ``reach[k]``: the furthest scope end among the first k+1 scopes (sorted by start); walking back
    from the last scope starting at or before the line stops where nothing earlier reaches it (at
    once when scopes do not overlap, the case of stanzas)."""

    __slots__ = ("_at_line", "_groups")

    def __init__(self, device: Device):
        spans: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
        self._at_line: dict[tuple[str, str, int], int] = {}  # a directive covers its own line too
        for position, directive in enumerate(device.suppressions):
            path = directive.file or device.source
            for rule in directive.rule_ids:
                spans.setdefault((rule, path), []).append((directive.scope_start, directive.scope_end, position))
                self._at_line.setdefault((rule, path, directive.line), position)
        self._groups: dict[tuple[str, str], tuple[list[int], list[tuple[int, int, int]], list[int]]] = {}
        for key, group in spans.items():
            group.sort()
            reach, furthest = [], group[0][1]
            for _, end, _ in group:
                furthest = max(furthest, end)
                reach.append(furthest)
            self._groups[key] = ([start for start, _, _ in group], group, reach)

    def first(self, rule: str, path: str, line: int) -> int | None:
        """The position in ``device.suppressions`` of the first directive covering ``line``."""
        best = self._at_line.get((rule, path, line))
        group = self._groups.get((rule, path))
        if group is not None:
            starts, spans, reach = group
            k = bisect.bisect_right(starts, line) - 1
            while k >= 0 and reach[k] >= line:
                _, end, position = spans[k]
                if end >= line and (best is None or position < best):
                    best = position
                k -= 1
        return best


_INDEXES = ByIdentity(64)  # device -> its _Directives, while the device is being judged


def inline_suppression_for(finding: Finding, device: Device) -> Suppression | None:
    """The first of the device's directives (in file order) that names the finding's rule and whose
    scope (or own line) holds the finding's line, as a suppression of the finding."""
    if not device.suppressions or finding.line is None:
        return None
    position = _INDEXES.get(_Directives, device).first(finding.rule_id, finding.path, finding.line)
    if position is None:
        return None
    directive = device.suppressions[position]
    return Suppression(
        kind="inSource",
        justification=directive.reason or "",
        source=f"{directive.file or device.source}:{directive.line}",
    )


def used_directives(findings: list[Finding]) -> set[str]:
    """``path:line`` of every inline directive that suppressed at least one finding."""
    return {s.source for f in findings for s in f.suppressions if s.kind == "inSource"}
