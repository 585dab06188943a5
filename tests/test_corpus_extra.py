"""fixtures/corpus-extra: every file has its provenance and parses without a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from vpnaudit.api import AuditOptions, audit

EXTRA = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-extra"
FILES = sorted(p for p in EXTRA.iterdir() if p.name != "SOURCES.md")


def test_every_file_has_provenance():
    sources = (EXTRA / "SOURCES.md").read_text()
    assert FILES and all(f"`{p.name}`" in sources for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_parses_without_crash(path: Path):
    report = audit([str(path)], AuditOptions())
    assert not any("internal error" in f.message for f in report.findings)
    assert report.findings  # every one of these files has something to say (or says it cannot be read)
