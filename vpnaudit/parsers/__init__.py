"""Parser registry and vendor detection.

Detection (``_detect``) reads every file once and imports no parser; a parser is imported on first
use, so a pre-commit run over IOS files never pays for the others. How a new vendor adds its
detection markers: see ``vpnaudit/parsers/_detect.py``.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

from . import _detect
from ._base import ParseError, SourceFile

__all__ = [
    "MIN_CONFIDENCE", "PARSER_MODULES", "ParseError", "SourceFile", "best_vendor", "detect_scores", "detect_vendor", "get_parser",
    "unwrap_markdown",
]

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

MIN_CONFIDENCE = _detect.MIN_CONFIDENCE

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


def detect_scores(text: str, path: str) -> dict[str, int]:
    """Every vendor's confidence (0..100) for one file, in ``PARSER_MODULES`` order.

    One pass over the file for the vendors ``_detect`` knows; a vendor it does not know yet is asked
    through its parser's own ``detect()`` (which imports that parser).
    """
    found = _detect.scan(text, path)
    scores: dict[str, int] = {}
    for vendor in PARSER_MODULES:
        scorer = _detect.SCORERS.get(vendor)
        if scorer is not None:
            scores[vendor] = scorer(found)
        elif _exists(vendor) and (module := get_parser(vendor)) is not None:
            scores[vendor] = module.detect(text, path)
    return scores


def detect_vendor(text: str, path: str) -> tuple[str | None, int]:
    """(vendor, confidence) of the best parser, or (None, best score) when nobody recognises the file."""
    return best_vendor(detect_scores(text, path))


def best_vendor(scores: dict[str, int]) -> tuple[str | None, int]:
    best: tuple[str | None, int] = (None, 0)
    for vendor, score in scores.items():  # ties go to the vendor listed first
        if score > best[1]:
            best = (vendor, score)
    return best if best[1] >= MIN_CONFIDENCE else (None, best[1])


_exists_cache: dict[str, bool] = {}


def _exists(vendor: str) -> bool:
    """Whether this installation has the vendor's parser module (without importing it)."""
    if vendor not in _exists_cache:
        from importlib.util import find_spec

        _exists_cache[vendor] = find_spec(PARSER_MODULES[vendor]) is not None
    return _exists_cache[vendor]


_FENCE = re.compile(r"[ \t]*(?:```|~~~)")


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
