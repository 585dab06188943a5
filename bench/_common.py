"""Helpers shared by the benchmark scripts (they print numbers; no assertions)."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "corpus"  # the repository's own copy (fixtures/corpus/SOURCES.md)
VPNAUDIT = str(Path(sys.executable).with_name("vpnaudit"))


def machine() -> str:
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


# Measure what an installed vpnaudit costs: with bytecode caches (pip writes them at install time).
# PYTHONDONTWRITEBYTECODE in the caller's environment would make every run recompile every module;
# the caches go to a private prefix so the checkout stays clean.
BENCH_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
BENCH_ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "vpnaudit-bench-pycache")


def wall(cmd: list[str], runs: int = 11, warmup: int = 2, ok: tuple[int, ...] = (0, 1)) -> float:
    """Median wall time of ``cmd`` in seconds (after ``warmup`` runs that also fill the caches).

    Every run must end with an exit code in ``ok`` (vpnaudit: 0 clean, 1 findings), so an error
    path (a missing file, a crash) is never timed as if it were the real work."""
    times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=BENCH_ENV)
        if done.returncode not in ok:
            raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}")
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])
