"""The findings on the whole corpus, compared with a committed JSON snapshot.

Speed work (detection, lazy imports, indexes in pairing and remediation, ``--jobs``) must not change
a single finding: this test lints ``fixtures/corpus`` in one run (so device/AWS pairs form) and
compares the JSON report (findings, pairs, remediation; the tool version left out) with
``tests/data/corpus-findings.json``.

When a change is MEANT to change findings (a new parser, a fixed rule), regenerate the snapshot and
review its diff in the commit:

    VPNAUDIT_UPDATE_SNAPSHOT=1 .venv/bin/python -m pytest tests/test_corpus_snapshot.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from vpnaudit.api import AuditOptions, audit
from vpnaudit.reporters import json as json_reporter

from .conftest import CORPUS, ROOT

SNAPSHOT = Path(__file__).resolve().parent / "data" / "corpus-findings.json"


def corpus_report() -> str:
    """The JSON report of the whole corpus, paths relative to the repository, version removed."""
    cwd = os.getcwd()
    os.chdir(ROOT)  # paths as a user running from the repository root sees them
    try:
        report = audit([str(CORPUS.relative_to(ROOT))], AuditOptions())
    finally:
        os.chdir(cwd)
    document = json.loads(json_reporter.render(report))
    document.pop("tool")
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def test_corpus_findings_match_snapshot():
    current = corpus_report()
    if os.environ.get("VPNAUDIT_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(current, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    if current != expected:
        old, new = json.loads(expected), json.loads(current)
        key = lambda f: (f["path"], f["line"] or 0, f["rule_id"], f["message"])  # noqa: E731
        gone = sorted(set(map(key, old["findings"])) - set(map(key, new["findings"])))[:10]
        added = sorted(set(map(key, new["findings"])) - set(map(key, old["findings"])))[:10]
        raise AssertionError(
            f"corpus findings changed (regenerate with VPNAUDIT_UPDATE_SNAPSHOT=1 if intended)\n"
            f"gone: {gone}\nnew: {added}\n"
            f"pairs equal: {old['pairs'] == new['pairs']}, remediation equal: {old['remediation'] == new['remediation']}"
        )
