"""The repository's corpus copy stays in step with the team's shared folder.

This is the one test that looks beside the clone: when ``../shared`` exists (on the team's own
machines; CI points ``VPNAUDIT_SHARED`` at it or at an empty folder), every corpus file there must be
in ``fixtures/corpus`` byte for byte, and the public rule catalogue there must match ours. In a
clone with nothing beside it, the comparison is skipped; every other test uses the copy only.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT

SHARED = Path(os.environ.get("VPNAUDIT_SHARED") or ROOT.parent / "shared")
needs_shared = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason=f"no shared corpus at {SHARED}")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_copy_has_its_sources() -> None:
    """Runs everywhere: the copy is there and every file of it is listed in its SOURCES.md."""
    sources = (CORPUS / "SOURCES.md").read_text("utf-8")
    missing = [rel for rel in _files(CORPUS) if rel != "SOURCES.md" and f"`{rel}`" not in sources]
    assert not missing, f"corpus files without provenance in SOURCES.md: {missing}"


@needs_shared
def test_every_shared_corpus_file_is_copied_byte_for_byte() -> None:
    ours = _files(CORPUS)
    theirs = _files(SHARED / "corpus")
    missing = sorted(set(theirs) - set(ours))
    assert not missing, f"new files in {SHARED / 'corpus'}: copy them into fixtures/corpus/: {missing}"
    differ = sorted(rel for rel in theirs if ours[rel] != theirs[rel])
    assert not differ, f"fixtures/corpus differs from {SHARED / 'corpus'}: {differ}"


@needs_shared
def test_the_shared_rule_catalogue_matches_ours() -> None:
    spec = SHARED / "spec" / "rules.md"
    if not spec.is_file():
        pytest.skip(f"no {spec}")
    theirs = dict((rid, (name, sev, prof)) for rid, name, sev, prof in re.findall(
        r"^\| (VPN\d{3}) \| ([a-z0-9-]+) \| .*? \| (\w+) \| (\w+) \|$", spec.read_text("utf-8"), re.M))
    ours = dict((rid, (name, sev, prof)) for rid, name, sev, prof in re.findall(
        r"^\| \[(VPN\d{3})\]\(VPN\d{3}\.md\) \| ([a-z0-9-]+) \| (\w+) \| (\w+) \| ",
        (ROOT / "docs" / "rules" / "README.md").read_text("utf-8"), re.M))
    assert {k: v for k, v in ours.items() if k in theirs} == theirs, "IDs, names, severities or profiles drifted"


def test_nothing_else_reads_beside_the_clone() -> None:
    """Product, tests, benchmarks and the Makefile use the repository's copies only."""
    pattern = re.compile(r"\.\./shared|VPNAUDIT_SHARED|/work/shared")
    offenders = []
    for top in ("vpnaudit", "tests", "bench", "Makefile"):
        paths = [ROOT / top] if (ROOT / top).is_file() else sorted((ROOT / top).rglob("*.py"))
        for path in paths:
            if path.name == Path(__file__).name:
                continue
            for no, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{no}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
