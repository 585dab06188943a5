"""Fortinet FortiGate (FortiOS) parser: ``show`` / ``show full-configuration`` output, backup
files, bootstrap templates and AWS's sample page format.

``lexer`` reads the CLI into tables, entries and settings (with lines, VDOMs, placeholders);
``objects`` joins phase 1, phase 2, tunnel interfaces, BGP and firewall policies into the model;
``defaults`` holds the documented FortiOS defaults per version with their citations.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Device
from .. import _detect
from .._base import ParseError, SourceFile
from .lexer import read
from .objects import Builder

VENDOR = "fortios"
MULTI_FILE = False

def detect(text: str, path: str) -> int:
    """Confidence 0..100 that ``text`` is ours; the markers live in ``parsers/_detect.py``."""
    return _detect.detect(VENDOR, text, path)


def parse(files: Sequence[SourceFile]) -> list[Device]:
    return [parse_one(f) for f in files]


def parse_one(source: SourceFile) -> Device:
    cfg = read(source.text)
    if not cfg.tables and not cfg.statements:
        raise ParseError("no FortiOS configuration statements found")
    builder = Builder(source.path, cfg)
    builder.check_policies()
    return builder.device()
