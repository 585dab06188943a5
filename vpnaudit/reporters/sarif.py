"""SARIF 2.1.0 as GitHub code scanning accepts it, built from plain dicts.

- ``tool.driver.rules``: every rule that ran, with id, name, descriptions, helpUri, help text,
  default level, tags and ``security-severity``.
- results: ruleId/ruleIndex, level, message, a repository-relative ``artifactLocation.uri`` with
  ``region.startLine``, ``partialFingerprints`` from the finding identity (rule + device + logical
  object, so they survive line moves), ``suppressions[]`` with their justification.
- VPN000 problems also appear as ``invocations[].toolExecutionNotifications``.
Output is deterministic: no timestamps, sorted results.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..findings import Finding, Report, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/vpnaudit/vpnaudit"


def _uri(path: str) -> str:
    if "://" in path:  # aws://account/region/vpn-id
        return path
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return p.resolve().as_uri()
    # errors: a file name that is not UTF-8 (surrogate-escaped) keeps its bytes, percent-encoded
    return quote(os.path.normpath(str(p)).replace(os.sep, "/"), safe="/._-~", errors="surrogateescape")


def _doc(rule: Rule) -> tuple[str, str]:
    """(first paragraph, whole docstring) of the rule's module."""
    from ..checks import rules_by_id

    module = rules_by_id().get(rule.id)
    text = (module.__doc__ or rule.summary).strip() if module else rule.summary
    body = text.split("\n", 1)[1].strip() if "\n" in text else text
    first = body.split("\n\n")[0]
    for heading in ("Why it matters\n--------------\n",):
        if body.startswith(heading):
            first = body[len(heading):].split("\n\n")[0]
    return " ".join(first.split()), text


def _rule_descriptor(rule: Rule) -> dict:
    rationale, full = _doc(rule)
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rationale or rule.summary},
        "helpUri": rule.help_uri,
        "help": {"text": full, "markdown": full},
        "defaultConfiguration": {"level": rule.severity.sarif_level},
        "properties": {
            "tags": sorted({"security", "vpn", rule.profile, *rule.tags}),
            "security-severity": rule.severity.security_severity,
            "precision": "high",
            "problem.severity": "error" if rule.severity.rank >= 3 else "warning" if rule.severity.rank == 2 else "recommendation",
        },
    }


def _location(f: Finding) -> dict:
    physical: dict = {"artifactLocation": {"uri": _uri(f.path)}}
    if f.line and f.line >= 1:
        physical["region"] = {"startLine": f.line}
    location: dict = {"physicalLocation": physical}
    if f.tunnel:
        location["logicalLocations"] = [{"name": f.tunnel, "kind": "object"}]
    return location


def build(report: Report) -> dict:
    rules = sorted({r.id: r for r in report.rules}.values(), key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(rules)}
    results = []
    for f in sorted(report.findings, key=Finding.sort_key):
        result: dict = {
            "ruleId": f.rule_id,
            "level": f.severity.sarif_level,
            "message": {"text": f.message},
            "locations": [_location(f)],
            "partialFingerprints": {"vpnauditIdentity/v1": f.identity},
            "properties": {"severity": f.severity.value, "device": f.device},
        }
        if f.rule_id in index:
            result["ruleIndex"] = index[f.rule_id]
        if f.fix:
            result["properties"]["fix"] = f.fix
        if f.suppressions:
            result["suppressions"] = [
                {"kind": s.kind, "justification": s.justification or "no reason given", "status": "accepted"}
                for s in f.suppressions
            ]
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": f.message},
            "locations": [_location(f)],
            "descriptor": {"id": f.rule_id},
        }
        for f in sorted(report.findings, key=Finding.sort_key)
        if f.rule_id == "VPN000"
    ]
    notifications += [{"level": "error", "message": {"text": e}} for e in report.errors]
    invocation: dict = {"executionSuccessful": not report.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "vpnaudit",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFO_URI,
                        "rules": [_rule_descriptor(r) for r in rules],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report) -> str:
    return json.dumps(build(report), indent=2, sort_keys=True) + "\n"
