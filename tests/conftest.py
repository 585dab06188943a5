from __future__ import annotations

import os
from pathlib import Path

# Every record built during the tests (and in the processes they start) is type-checked strictly
# against its annotations (vpnaudit/_record.py): a parser that puts a list where a tuple is declared fails.
os.environ["VPNAUDIT_CHECK_MODELS"] = "1"

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The repository's own byte-identical copy of the real corpus (fixtures/corpus/SOURCES.md) and the
# official SARIF schema (tests/data/README.md): the suite never reads anything beside the clone.
CORPUS = ROOT / "fixtures" / "corpus"
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"


def corpus_files(vendor_dir: str) -> list[Path]:
    return sorted(p for p in (CORPUS / vendor_dir).iterdir() if p.is_file())


@pytest.fixture(scope="session")
def corpus() -> Path:
    assert CORPUS.is_dir(), f"the corpus copy is missing: {CORPUS}"
    return CORPUS
