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
    """A device's directives by (rule, file): a finding finds the first directive whose scope holds
    its line with one binary search, instead of testing every directive of the device (one directive
    per tunnel stanza made 4,000 tunnels take 9 s, quadratic).

    The scopes of a group cut the lines into segments where no scope starts or ends; each segment
    keeps the first directive (in file order) whose scope covers it, found by one sweep over the
    scopes sorted by start with a heap of the open ones. Nested scopes (a directive on a Junos
    ``security`` block around one per ``vpn`` stanza) cost nothing more: walking back over the
    earlier scopes that could still reach a line made each finding visit every one of them."""

    __slots__ = ("_at_line", "_groups")

    def __init__(self, device: Device):
        spans: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
        self._at_line: dict[tuple[str, str, int], int] = {}  # a directive covers its own line too
        for position, directive in enumerate(device.suppressions):
            path = directive.file or device.source
            for rule in directive.rule_ids:
                spans.setdefault((rule, path), []).append((directive.scope_start, directive.scope_end, position))
                self._at_line.setdefault((rule, path, directive.line), position)
        self._groups: dict[tuple[str, str], tuple[list[int], list[int | None]]] = {
            key: _segments(group) for key, group in spans.items()}

    def first(self, rule: str, path: str, line: int) -> int | None:
        """The position in ``device.suppressions`` of the first directive covering ``line``."""
        best = self._at_line.get((rule, path, line))
        group = self._groups.get((rule, path))
        if group is not None:
            bounds, firsts = group
            k = bisect.bisect_right(bounds, line) - 1
            covering = firsts[k] if k >= 0 else None
            if covering is not None and (best is None or covering < best):
                best = covering
        return best


def _segments(scopes: list[tuple[int, int, int]]) -> tuple[list[int], list[int | None]]:
    """(segment starts, the first position whose scope covers each segment) of ``(start, end,
    position)`` scopes, ``start..end`` inclusive (an empty scope, end before start, covers nothing)."""
    import heapq  # here: a lint whose files hold no directive does not import it (0.6 ms of a cold start)

    scopes = sorted(scopes)
    bounds = sorted({start for start, _, _ in scopes} | {end + 1 for _, end, _ in scopes})
    firsts: list[int | None] = []
    open_scopes: list[tuple[int, int]] = []  # (position, end), the first position on top
    index = 0
    for bound in bounds:
        while index < len(scopes) and scopes[index][0] <= bound:
            start, end, position = scopes[index]
            heapq.heappush(open_scopes, (position, end))
            index += 1
        while open_scopes and open_scopes[0][1] < bound:  # ended before this segment
            heapq.heappop(open_scopes)
        firsts.append(open_scopes[0][0] if open_scopes else None)
    return bounds, firsts


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
