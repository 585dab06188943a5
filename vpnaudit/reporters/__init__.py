"""The report renderers (one module per format) and what they share."""

from __future__ import annotations

from typing import TypeVar

from ..limits import clipped

MAX_VALUE = 4096  # characters of a name from an input that a report repeats (see ``clip``)
_Text = TypeVar("_Text", str, str | None)


def clip(text: _Text) -> _Text:
    """``text`` cut to ``MAX_VALUE`` characters (the cut marked with an ellipsis): a name from an input
    (hostname, device, target, tunnel) or a fix or command built with one, which a report repeats on
    every finding or row. A 40,000-character hostname made a JSON report of 162 MB for 4,000 findings
    (each has the device name), an AWS connection id as long one of 121 MB for 1,000 findings (in the
    device, target and fix of each): the length times the findings, tens of GB for a 1 MB name in a 2 MB
    config. No real name is longer than a path can be (4,096 characters on Linux), the bound the path
    of each finding already has. Messages stay whole: a real one may name every tunnel of a hub."""
    return text if text is None else clipped(text, MAX_VALUE, "\u2026")  # type: ignore[return-value]
