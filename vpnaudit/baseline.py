"""Baselines: accept today's findings, fail only on new ones.

``vpnaudit lint --write-baseline .vpnaudit-baseline.json`` records every unsuppressed finding by its
identity (rule + device + logical target, see ``Finding.identity``: it survives line moves), with the
rule, device, target, path and message for the humans who review the file. Later runs with
``--baseline FILE`` keep only findings that are not in the file, and list the baseline entries no
longer found as fixed (``Report.fixed``), so the baseline can be shrunk.

The file is sorted JSON with no time stamps: writing it twice from the same findings gives the same
bytes, so it diffs cleanly in review.
"""

from __future__ import annotations

from ._struct import replace
import json
from collections import Counter
from pathlib import Path

from .findings import Finding, Report
from .limits import MAX_CONTROL_BYTES, quoted, read_text

FORMAT_VERSION = 1


def _entry(finding: Finding, count: int) -> dict[str, object]:
    entry: dict[str, object] = {
        "identity": finding.identity,
        "rule_id": finding.rule_id,
        "rule_name": finding.rule_name,
        "device": finding.device,
        "target": finding.target,
        "path": finding.path,
        "message": finding.message,
    }
    if count > 1:
        entry["count"] = count
    return entry


def baseline_entries(report: Report) -> list[dict[str, object]]:
    """One entry per identity of the unsuppressed findings, sorted for a stable file."""
    active = sorted(report.active, key=Finding.sort_key)
    counts = Counter(f.identity for f in active)
    first: dict[str, Finding] = {}
    for f in active:
        first.setdefault(f.identity, f)
    entries = [_entry(f, counts[identity]) for identity, f in first.items()]
    entries.sort(key=lambda e: (str(e["device"]), str(e["rule_id"]), str(e["target"]), str(e["identity"])))
    return entries


def dumps(report: Report) -> str:
    document = {
        "version": FORMAT_VERSION,
        "tool": "vpnaudit",
        "findings": baseline_entries(report),
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_baseline(report: Report, path: str | Path) -> int:
    """Write the baseline file; returns the number of findings recorded."""
    text = dumps(report)
    target = Path(path)
    try:
        if target.parent != Path(""):
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"cannot write baseline file {path}: {exc.strerror or exc}") from None
    return len(report.active)


def load_baseline(path: str | Path) -> list[dict[str, object]]:
    """The entries of a baseline file; ValueError with a readable message when it is unusable."""
    target = Path(path)
    if not target.exists():
        raise ValueError(f"baseline file {path} does not exist (create it with --write-baseline {path})")
    try:
        text = read_text(target, MAX_CONTROL_BYTES, "baseline file")
    except OSError as exc:
        raise ValueError(f"cannot read baseline file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"baseline file {path} is not UTF-8 text") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"baseline file {path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:  # arrays nested ~1,000 deep: a traceback before
        raise ValueError(f"baseline file {path} is not valid JSON (arrays or objects nested too deep)") from None
    except ValueError:  # an integer of more than 4,300 digits (int()'s limit): an error naming no file before
        raise ValueError(f"baseline file {path} is not valid JSON (a number too long to read)") from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise ValueError(f"baseline file {path} is not a vpnaudit baseline (no 'findings' list)")
    version = document.get("version")
    if version != FORMAT_VERSION:
        raise ValueError(
            f"baseline file {path} has version {quoted(version)}; this vpnaudit reads version {FORMAT_VERSION}"
        )
    entries = []
    for index, entry in enumerate(document["findings"], 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("identity"), str) or not entry["identity"]:
            raise ValueError(f"baseline file {path}: entry {index} has no 'identity' string")
        count = entry.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise ValueError(f"baseline file {path}: entry {index} has an invalid 'count' ({quoted(count)})")
        entries.append(entry)
    return entries


def apply_baseline(report: Report, path: str | Path) -> Report:
    """A copy of ``report`` holding only findings that are not in the baseline.

    Suppressed findings are kept as they are (they are reported separately anyway). A baseline
    entry with ``count`` N absorbs up to N findings of that identity, so a second copy of the
    same problem is new. Entries that match no current finding (suppressed or not) go to ``fixed``.
    """
    entries = load_baseline(path)
    allowance: dict[str, int] = {}
    for entry in entries:
        identity = str(entry["identity"])
        allowance[identity] = allowance.get(identity, 0) + int(entry.get("count", 1))  # type: ignore[call-overload]
    seen = {f.identity for f in report.findings}
    kept: list[Finding] = []
    for finding in sorted(report.findings, key=Finding.sort_key):
        if not finding.suppressed and allowance.get(finding.identity, 0) > 0:
            allowance[finding.identity] -= 1
            continue
        kept.append(finding)
    order = {id(f): i for i, f in enumerate(report.findings)}
    kept.sort(key=lambda f: order[id(f)])
    fixed = [dict(e) for e in entries if e["identity"] not in seen]
    return replace(report, findings=kept, fixed=list(report.fixed) + fixed)
