"""JSON output: deterministic (sorted keys, no timestamps) so CI diffs and baselines stay stable."""

from __future__ import annotations

import json

from .. import __version__
from ..discover import config_label
from ..findings import Report
from ._indented import dumps
from . import clip


def render(report: Report) -> str:
    from ..engine import device_label

    names = {device_label(d): clip(d.hostname) for d in report.devices if d.hostname}
    document = {
        "tool": {"name": "vpnaudit", "version": __version__},
        "profile": report.profile,
        "config_file": config_label(report.config_file) if report.config_file else None,
        "summary": {
            "files": report.files_read,
            "devices": len(report.devices),
            "tunnels": sum(len(d.tunnels) for d in report.devices),
            "findings": len(report.active),
            "suppressed": len(report.findings) - len(report.active),
        },
        "findings": [
            {
                "rule_id": f.rule_id,
                "rule_name": f.rule_name,
                "severity": f.severity.value,
                "message": f.message,
                "path": f.path,
                "line": f.line,
                "device": clip(f.device),  # names from an input, cut as in every report (reporters.clip)
                "device_name": names.get(f.device),  # the hostname, or the name given with --device
                "target": clip(f.target),
                "tunnel": clip(f.tunnel),
                "fix": clip(f.fix),
                "fingerprint": f.identity,  # of the whole values
                "suppressed": f.suppressed,
                "suppressions": [{**s.model_dump(), "justification": clip(s.justification)} for s in f.suppressions],
            }
            for f in report.findings
        ],
        "pairs": _pairs(report),
        "remediation": [
            {"connection": p.connection, "device": p.device, "reason": p.reason,
             "steps": [{"text": step.text, "command": clip(step.command)} for step in p.steps]}
            for p in report.plans
        ],
        "errors": report.errors,
        "notices": report.notices,
        "fixed": report.fixed,
    }
    return dumps(document) + "\n"


def _pairs(report: Report) -> list[dict]:
    if not report.pairs:
        return []
    from .._struct import fields

    from ..remediation import TunnelRow, rows_of

    names = [f.name for f in fields(TunnelRow)]  # every field a string: asdict's deep copy is not needed
    return [{name: clip(getattr(r, name)) for name in names} for r in rows_of(report)]


def render_devices(devices: list) -> str:
    """``vpnaudit parse --format json``: the normalized model (the public export)."""
    exported = [d.export() for d in devices]
    return json.dumps(exported[0] if len(exported) == 1 else exported, indent=2, sort_keys=True) + "\n"
