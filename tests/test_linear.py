"""Every parser and the rules stay linear in the number of tunnels of a file.

The measure is the number of trace events (lines, calls, returns) of vpnaudit's own code during a
lint (``sys.settrace``): exact and the same on every machine, not a time. From 40 to 160 to 320
tunnels the events per extra tunnel stay the same (a ratio of 0.996-1.003 between the two steps).
A search of every earlier tunnel, key, neighbor or policy for each tunnel makes the later step
dearer: 1.05-1.6 for the searches this test was written against (ASA missing references and
nameifs, Check Point and FortiOS BGP neighbors, FortiOS policies, IOS crypto map entries and keys,
swanctl connection names, ipsec.secrets selectors, inline suppressions). Times at 20,000 and 200,000
lines: ``bench/vendor_scale.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from vpnaudit.api import AuditOptions, audit

from .scale_configs import FORMATS, write

STEP_RATIO = 1.02  # the second step's events per tunnel over the first's
PACKAGE = f"{os.sep}vpnaudit{os.sep}"  # frames of vpnaudit's own code are counted


def _executed_lines(folder: Path, name: str, generated) -> tuple[int, int]:
    """(trace events of vpnaudit's code during a lint of the folder, tunnels in its devices)."""
    write(folder, name, generated)
    count = 0

    def count_lines(frame, event, arg):
        nonlocal count
        count += 1
        return count_lines

    def in_vpnaudit(frame, event, arg):
        return count_lines if PACKAGE in frame.f_code.co_filename else None

    previous = sys.gettrace()  # a debugger's or coverage's tracer comes back afterwards
    sys.settrace(in_vpnaudit)
    try:
        report = audit([str(folder)], AuditOptions(jobs=1))
    finally:
        sys.settrace(previous)
    return count, sum(len(d.tunnels) for d in report.devices)


@pytest.mark.parametrize("kind", FORMATS)
def test_lines_per_tunnel_do_not_grow_with_the_tunnels(kind, tmp_path):
    generate, _, name = FORMATS[kind]
    warm = tmp_path / "warm-up"  # what a process does once (a parser's first use, lazy tables) is not per tunnel
    warm.mkdir()
    write(warm, name, generate(40))
    audit([str(warm)], AuditOptions(jobs=1))
    measured = {}
    for n in (40, 160, 320):
        folder = tmp_path / str(n)
        folder.mkdir()
        measured[n] = _executed_lines(folder, name, generate(n))
    assert measured[320][1] == 8 * measured[40][1] > 0  # every tunnel was read
    first = (measured[160][0] - measured[40][0]) / 120
    second = (measured[320][0] - measured[160][0]) / 160
    assert second / first < STEP_RATIO, f"{kind}: {first:.0f} then {second:.0f} events per tunnel"
