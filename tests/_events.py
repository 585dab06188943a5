"""Counting the work of a call exactly: trace events (lines, calls, returns), the same on every machine."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def traced(call: Callable[[], T]) -> tuple[T, int]:
    """(what ``call()`` returned, the trace events of the Python code it ran). A debugger's or
    coverage's tracer comes back afterwards."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        result = call()
    finally:
        sys.settrace(previous)
    return result, count
