from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("VPNAUDIT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


def corpus_files(vendor_dir: str) -> list[Path]:
    return sorted(p for p in (CORPUS / vendor_dir).iterdir() if p.is_file())


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS
