"""SARIF 2.1.0 as GitHub code scanning accepts it, built from plain dicts.

- ``artifactLocation``: ``uri`` relative to the repository root (the nearest folder holding
  ``.git``, else the folder of the config file, else the working directory) with
  ``uriBaseId: "%SRCROOT%"``, defined in ``run.originalUriBaseIds``. So the same finding has the same
  URI and fingerprint whether vpnaudit ran at the root, in a sub-folder, or with ``../`` paths.
  A file outside the root keeps an absolute ``file://`` URI; AWS targets keep ``aws://``.
- ``partialFingerprints["vpnauditIdentity/v1"]``: rule + device (root-relative) + logical object,
  which survives line moves; two distinct findings that share it (same object, different message)
  get the message in the basis, then an ordinal, so code scanning never merges two alerts.
- ``tool.driver.rules``: the rules that have results (and VPN000 when an input could not be
  read), help once per rule (``help.markdown`` the rule's documentation, ``help.text`` one line
  with its link), default level, tags and ``security-severity``.
- ``artifacts``: every file read, by URI and size (no content hash: see runinfo).
- ``invocations``: start and end time (UTC), exit code, ``executionSuccessful``, and VPN000
  problems and errors as ``toolExecutionNotifications``.
- ``versionControlProvenance`` when the root is a git repository with a remote (the schema
  requires ``repositoryUri``): URL without credentials, commit, branch. Without a remote, commit and
  branch go in ``run.properties.versionControl``.

GitHub's documented upload limits (docs.github.com, "SARIF results exceed limit" and "SARIF support
for code scanning"): 20 runs per file, 25,000 results and 25,000 rules per run (5,000 results
shown), 20 tags per rule (10 shown), 1,000 locations per result (100 shown), 10 MB gzip-compressed.
vpnaudit writes one run, one location per result and at most 6 tags per rule; results above the
result limit are cut by severity with a notification saying so.

Output is deterministic apart from the invocation times (``SOURCE_DATE_EPOCH`` pins them).
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..findings import Finding, Report, Rule
from ._indented import dumps
from . import clip

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/vpnaudit/vpnaudit"
SRCROOT = "%SRCROOT%"
MAX_RESULTS = 25_000  # GitHub rejects a run with more
MAX_TAGS = 20


def _run_info(report: Report):
    if report.run is not None:
        return report.run
    from ..runinfo import collect, now

    class _Defaults:  # a Report built without api.audit (tests, library use)
        profile = report.profile
        policy = None
        config_file = report.config_file

    return collect(now(), _Defaults, report.inputs)


def _artifact(path: str, root: str) -> dict:
    if "://" in path:  # aws://account/region/vpn-id
        return {"uri": path}
    full = os.path.abspath(path)
    for base, target in ((root, full), (os.path.realpath(root), os.path.realpath(full))):
        rel = os.path.relpath(target, base)
        if rel != ".." and not rel.startswith(".." + os.sep):
            # errors: a file name that is not UTF-8 (surrogate-escaped) keeps its bytes, percent-encoded
            return {"uri": quote(rel.replace(os.sep, "/"), safe="/._-~", errors="surrogateescape"),
                    "uriBaseId": SRCROOT}
    return {"uri": Path(full).as_uri()}


class _Paths:
    """The artifact locations and fingerprint device keys of one SARIF build, each path resolved once:
    ``realpath`` costs a system call per path component, and a report names its few hundred files
    tens of thousands of times (1.1 of the 1.5 s a 13,000-finding report took to build)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._artifacts: dict[str, dict] = {}
        self._devices: dict[str, str] = {}

    def artifact(self, path: str) -> dict:
        found = self._artifacts.get(path)
        if found is None:
            found = self._artifacts[path] = _artifact(path, self.root)
        return dict(found)

    def device_key(self, device: str) -> str:
        """The device part of a fingerprint: a path made root-relative, an AWS id as is."""
        found = self._devices.get(device)
        if found is None:
            plain = not device or "://" in device or not os.path.exists(device)
            found = self._devices[device] = device if plain else self.artifact(device)["uri"]
        return found


def _fingerprints(findings: list[Finding], paths: _Paths) -> list[str]:
    def digest(*parts: str) -> str:
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    basis = [(f.rule_id, paths.device_key(f.device), f.target or f.message) for f in findings]
    first = [digest(*b) for b in basis]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, fp in enumerate(first):
        groups[fp].append(i)
    out = list(first)
    for members in groups.values():
        if len(members) < 2:
            continue
        seen: dict[str, int] = defaultdict(int)
        for i in members:  # findings are sorted by place: the ordinal follows the file
            refined = digest(*basis[i], findings[i].message)
            seen[refined] += 1
            out[i] = refined if seen[refined] == 1 else digest(refined, str(seen[refined]))
    return out


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
        "help": {"text": f"{rule.summary} See {rule.help_uri}", "markdown": full},
        "defaultConfiguration": {"level": rule.severity.sarif_level},
        "properties": {
            "tags": sorted({"security", "vpn", rule.profile, *rule.tags})[:MAX_TAGS],
            "security-severity": rule.severity.security_severity,
            "precision": "high",
            "problem.severity": "error" if rule.severity.rank >= 3 else "warning" if rule.severity.rank == 2 else "recommendation",
        },
    }


def _location(f: Finding, paths: _Paths) -> dict:
    physical: dict = {"artifactLocation": paths.artifact(f.path)}
    if f.line and f.line >= 1:
        physical["region"] = {"startLine": f.line}
    location: dict = {"physicalLocation": physical}
    if f.tunnel:
        location["logicalLocations"] = [{"name": clip(f.tunnel), "kind": "object"}]
    return location


def _time(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def build(report: Report) -> dict:
    run_info = _run_info(report)
    root = run_info.root
    findings = sorted(report.findings, key=Finding.sort_key)
    dropped = 0
    if len(findings) > MAX_RESULTS:  # keep the most severe, as GitHub's display does
        ranked = sorted(findings, key=lambda f: -f.severity.rank)
        keep = set(map(id, ranked[:MAX_RESULTS]))
        dropped = len(findings) - MAX_RESULTS
        findings = [f for f in findings if id(f) in keep]
    paths = _Paths(root)
    fingerprints = _fingerprints(findings, paths)
    names = {}
    for d in report.devices:
        if d.hostname:
            from ..engine import device_label

            names[device_label(d)] = clip(d.hostname)
    used = {f.rule_id for f in findings}
    rules = sorted({r.id: r for r in report.rules if r.id in used}.values(), key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(rules)}
    results = []
    for f, fingerprint in zip(findings, fingerprints):
        result: dict = {
            "ruleId": f.rule_id,
            "level": f.severity.sarif_level,
            "message": {"text": f.message},
            "locations": [_location(f, paths)],
            "partialFingerprints": {"vpnauditIdentity/v1": fingerprint},  # of the whole values
            # names from an input, cut as in every report (reporters.clip)
            "properties": {"severity": f.severity.value, "device": clip(paths.device_key(f.device))},
        }
        if f.device in names:
            result["properties"]["deviceName"] = names[f.device]
        if f.rule_id in index:
            result["ruleIndex"] = index[f.rule_id]
        if f.fix:
            result["properties"]["fix"] = clip(f.fix)
        if f.suppressions:
            result["suppressions"] = [
                {"kind": s.kind, "justification": clip(s.justification) or "no reason given", "status": "accepted"}
                for s in f.suppressions
            ]
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": f.message},
            "locations": [_location(f, paths)],
            "descriptor": {"id": f.rule_id},
        }
        for f in findings
        if f.rule_id == "VPN000"
    ]
    notifications += [{"level": "error", "message": {"text": e}} for e in report.errors]
    if dropped:
        notifications.append({"level": "warning", "message": {
            "text": f"{dropped} least severe results left out: GitHub accepts at most {MAX_RESULTS} per run"}})
    invocation: dict = {
        "executionSuccessful": not report.errors,
        "startTimeUtc": _time(run_info.started),
        "endTimeUtc": _time(run_info.finished or run_info.started),
    }
    if run_info.exit_code is not None:
        invocation["exitCode"] = run_info.exit_code
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    properties: dict = {
        "profile": run_info.profile,
        "policy": {"name": run_info.policy, "digest": f"sha256:{run_info.policy_digest}"},
        "configFile": (paths.artifact(run_info.config_file)["uri"] if run_info.config_file else None),
    }
    run: dict = {
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
        "artifacts": [{"location": paths.artifact(p), "length": size} for p, size in sorted(run_info.inputs)],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(root).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": properties,
    }
    git = run_info.git
    if git is not None and git.remote:
        details: dict = {"repositoryUri": git.remote, "mappedTo": {"uriBaseId": SRCROOT}}
        if git.commit:
            details["revisionId"] = git.commit
        if git.branch:
            details["branch"] = git.branch
        run["versionControlProvenance"] = [details]
    elif git is not None:
        properties["versionControl"] = {"revisionId": git.commit, "branch": git.branch}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    return dumps(build(report)) + "\n"
