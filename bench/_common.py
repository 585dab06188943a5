"""Helpers shared by the benchmark scripts (they print numbers; no assertions)."""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
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


def installed() -> Path:
    """The ``bin`` folder of a throwaway venv holding vpnaudit installed from this checkout as a wheel
    (not editable) with the same typer as the running environment, plus yamllint: what a
    pre-commit user gets (pip writes the bytecode caches at install time). Built once per state of
    the sources, under the temp folder. Without network or a package index it falls back to the
    running environment (an editable install when run from ``make venv``) and says so."""
    sources = sorted([*(ROOT / "vpnaudit").rglob("*.py"), *(ROOT / "rules").glob("*.toml"), ROOT / "pyproject.toml"])
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    venv = Path(tempfile.gettempdir()) / "vpnaudit-bench" / f"venv-{digest.hexdigest()[:16]}"
    bin_dir = venv / "bin"
    if (venv / ".ready").exists():
        return bin_dir
    pins = [f"{name}=={metadata.version(name)}" for name in ("typer",)]
    env = {**BENCH_ENV, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    source = venv.with_name(venv.name + "-src")  # a clean copy: setuptools' build/ folder keeps deleted modules
    shutil.rmtree(source, ignore_errors=True)
    for name in ("vpnaudit", "rules"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copyfile(ROOT / name, source / name)
    # ``python -m`` puts its working folder first on sys.path: run it in the bench's own folder, not in the
    # temp folder itself, where any stray ``types.py`` or ``abc.py`` would shadow the standard library.
    here = str(venv.parent)
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, capture_output=True, cwd=here)
        subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(source), *pins, "yamllint"],
                       check=True, capture_output=True, env=env, cwd=here)
    except subprocess.CalledProcessError as exc:
        print(f"note: could not build the bench venv ({exc.stderr.decode(errors='replace').strip()[-300:]}); "
              "measuring the running environment instead", file=sys.stderr)
        return Path(sys.executable).parent
    (venv / ".ready").touch()
    return bin_dir


def interleaved(commands: dict[str, list[str]], runs: int = 15, warmup: int = 2,
                ok: tuple[int, ...] = (0, 1), cwd: str | None = None) -> dict[str, float]:
    """Median wall time of each command in seconds, the commands taking turns run after run, so a
    load that comes and goes on a shared machine hits all of them alike (ratios stay meaningful).

    Every run must end with an exit code in ``ok``, so an error path is never timed as the real work."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(warmup + runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=BENCH_ENV,
                                  cwd=cwd)
            elapsed = time.perf_counter() - start
            if done.returncode not in ok:
                raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}")
            if i >= warmup:
                times[name].append(elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else float("inf")


def target_row(measure: str, value: str, target: str, ok: bool, detail: str = "") -> tuple[str, str, str, str, str]:
    return (measure, value, target, "met" if ok else "MISSED", detail)


TARGET_HEADER = ("measure", "measured", "target", "", "detail")
