"""Parser registry and vendor detection.

Parsers are imported on first use, so a pre-commit run over IOS files never pays for the others.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

from ._base import ParseError, SourceFile

__all__ = ["PARSER_MODULES", "ParseError", "SourceFile", "detect_vendor", "get_parser", "unwrap_markdown"]

# vendor -> module. The order breaks detection ties (more specific first).
PARSER_MODULES: dict[str, str] = {
    "aws": "vpnaudit.parsers.aws",
    "terraform": "vpnaudit.parsers.terraform",  # Terraform HCL / plan JSON -> vendor "aws" devices
    "cloudformation": "vpnaudit.parsers.cloudformation",  # CloudFormation / CDK templates -> vendor "aws"
    "panos": "vpnaudit.parsers.panos",
    "fortios": "vpnaudit.parsers.fortios",
    "checkpoint": "vpnaudit.parsers.checkpoint",
    "junos": "vpnaudit.parsers.junos",
    "strongswan": "vpnaudit.parsers.strongswan",
    "cisco-asa": "vpnaudit.parsers.cisco_asa",
    "cisco-ios": "vpnaudit.parsers.cisco_ios",
}

MIN_CONFIDENCE = 20

_loaded: dict[str, ModuleType | None] = {}


def get_parser(vendor: str) -> ModuleType | None:
    """The parser module for ``vendor``, or None when vpnaudit has none (yet)."""
    if vendor not in _loaded:
        name = PARSER_MODULES.get(vendor)
        try:
            _loaded[vendor] = importlib.import_module(name) if name else None
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            _loaded[vendor] = None
    return _loaded[vendor]


def detect_vendor(text: str, path: str) -> tuple[str | None, int]:
    """(vendor, confidence) of the best parser, or (None, 0) when nobody recognises the file."""
    best: tuple[str | None, int] = (None, 0)
    for vendor in PARSER_MODULES:
        module = get_parser(vendor)
        if module is None:
            continue
        score = module.detect(text, path)
        if score > best[1]:
            best = (vendor, score)
    return best if best[1] >= MIN_CONFIDENCE else (None, best[1])


_FENCE = re.compile(r"^\s*(```|~~~)")


def unwrap_markdown(text: str) -> str:
    """Keep only the fenced code blocks of a Markdown page, blanking every other line.

    AWS documents its sample device configs as Markdown pages with the config in fences; blanking
    (rather than cutting) keeps every config line at its line number in the page.
    """
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if _FENCE.match(line):
            inside = not inside
            out.append("")
            continue
        out.append(line if inside else "")
    return "\n".join(out) + "\n"
