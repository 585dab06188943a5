"""Fortinet FortiGate (FortiOS) parser: ``show`` / ``show full-configuration`` output, backup
files, bootstrap templates and AWS's sample page format.

``lexer`` reads the CLI into tables, entries and settings (with lines, VDOMs, placeholders);
``objects`` joins phase 1, phase 2, tunnel interfaces, BGP and firewall policies into the model;
``defaults`` holds the documented FortiOS defaults per version with their citations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Device
from .._base import ParseError, SourceFile
from .lexer import read
from .objects import Builder

VENDOR = "fortios"
MULTI_FILE = False

# Line-anchored markers; no ``\s`` under re.M (``[ \t]`` only), bounded and backtracking-free.
_DETECT_POS = (
    (re.compile(r"^#config-version=[A-Za-z0-9_]+-\d", re.M), 70),
    (re.compile(r"^[ \t]*config vpn ipsec phase[12](-interface)?[ \t]*$", re.M), 60),
    (re.compile(r"^[ \t]*config (system (interface|global|admin|settings|dns|zone)|firewall (policy|address)"
                r"|router (bgp|static)|vdom|global)[ \t]*$", re.M), 30),
    (re.compile(r"^[ \t]*edit \"[^\"\n]{1,80}\"[ \t]*$", re.M), 10),
    (re.compile(r"^[ \t]*next[ \t]*$", re.M), 10),
)


def detect(text: str, path: str) -> int:
    sample = text[:200_000]
    score = sum(weight for rx, weight in _DETECT_POS if rx.search(sample))
    if score and "\nend" not in sample and not sample.startswith("end"):
        score -= 20  # every FortiOS table ends with ``end``
    return max(0, min(100, score))


def parse(files: Sequence[SourceFile]) -> list[Device]:
    return [parse_one(f) for f in files]


def parse_one(source: SourceFile) -> Device:
    cfg = read(source.text)
    if not cfg.tables and not cfg.statements:
        raise ParseError("no FortiOS configuration statements found")
    builder = Builder(source.path, cfg)
    builder.check_policies()
    return builder.device()
