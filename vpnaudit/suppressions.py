"""Inline suppressions: ``vpnaudit: disable=VPN110 -- reason`` in the vendor's comment syntax.

The parser records each directive with the line span of the stanza it sits in (model.InlineSuppression);
here a finding is matched against them. Suppressed findings are kept (SARIF ``suppressions[]``),
never dropped. The waiver file (for sources that cannot carry comments) lives in waivers.py.
"""

from __future__ import annotations

from .findings import Finding, Suppression
from .model import Device, InlineSuppression


def _covers(directive: InlineSuppression, finding: Finding, device: Device) -> bool:
    if finding.rule_id not in directive.rule_ids or finding.line is None:
        return False
    directive_file = directive.file or device.source
    if directive_file != finding.path:
        return False
    return directive.scope_start <= finding.line <= directive.scope_end or finding.line == directive.line


def inline_suppression_for(finding: Finding, device: Device) -> Suppression | None:
    for directive in device.suppressions:
        if _covers(directive, finding, device):
            return Suppression(
                kind="inSource",
                justification=directive.reason or "",
                source=f"{directive.file or device.source}:{directive.line}",
            )
    return None


def used_directives(findings: list[Finding]) -> set[str]:
    """``path:line`` of every inline directive that suppressed at least one finding."""
    return {s.source for f in findings for s in f.suppressions if s.kind == "inSource"}
