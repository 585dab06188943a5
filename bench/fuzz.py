"""The long fuzzing runs: ``python bench/fuzz.py N [SEED]`` (crashes) and
``python bench/fuzz.py --leaks N [SEED] [--jobs J] [--max-bytes B]`` (keys in outputs).

N random mutation cases (round-robin over the parsers) of the real corpus, each run through the
parser (only ParseError may escape), plus every 10th case through the whole ``api.audit()``
(strict profile, paired with an AWS dump). Prints the number of cases, crashes, and one minimal
reproducer per distinct crash signature (parser module, function, exception type).
Same mutation engine as tests/test_fuzz.py.

``--leaks``: N cases of the leak fuzzer of tests/test_leaks.py (a distinctive key in some vendor's
secret syntax at a malformed position of a real corpus file; lint in all five formats, the parse
export, the baseline, the stderr lines), in J processes, on the corpus files of at most B bytes
(default 60,000, as the test suite; the three PAN-OS files above it need ``--max-bytes 300000``). Prints the cases per placement, the
outputs checked, and every leak (key, part of it, or a hash / base64 of it); exit 1 on any leak.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_fuzz import (  # noqa: E402
    KNOWN_CRASHES, corpus_seeds, iter_cases, mutate, run_audit, run_parser, signature, where,
)


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 2000
    seed = int(argv[2]) if len(argv) > 2 else 0
    seeds = corpus_seeds()
    parse_cases = audit_cases = 0
    crashes: Counter[tuple[str, str, str]] = Counter()
    first: dict[tuple[str, str, str], str] = {}
    per_vendor: Counter[str] = Counter()
    start = time.perf_counter()
    for i, (file, ops) in enumerate(iter_cases(seeds, n, seed)):
        text = mutate(file.text, ops)
        exc = run_parser(file.vendor, file.path.name, text)
        parse_cases += 1
        per_vendor[file.vendor] += 1
        if exc is None and i % 10 == 0:
            aws = seeds["aws"][i % len(seeds["aws"])].path if file.vendor != "aws" else None
            exc = run_audit([(file.path.name, text)], aws)
            audit_cases += 1
        if exc is not None:
            sig = signature(exc) if not isinstance(exc, RuntimeError) else ("api", "audit", str(exc)[:80])
            crashes[sig] += 1
            first.setdefault(sig, f"{file.vendor} {file.path.name} ops={ops!r}\n      {where(exc)}")
    elapsed = time.perf_counter() - start
    print(f"fuzz: {parse_cases} parser cases ({', '.join(f'{v} {c}' for v, c in sorted(per_vendor.items()))}), "
          f"{audit_cases} whole-audit cases, seed {seed}, {elapsed:.1f} s")
    print(f"crashes: {sum(crashes.values())} in {len(crashes)} distinct signatures "
          f"({sum(1 for s in crashes if s in KNOWN_CRASHES)} already known)")
    for sig, count in crashes.most_common():
        known = " [known]" if sig in KNOWN_CRASHES else ""
        print(f"  {count:5d} x {'/'.join(sig)}{known}\n    first: {first[sig]}")
    return 1 if any(s not in KNOWN_CRASHES for s in crashes) else 0


def _leak_chunk(args: tuple[int, int, int, int, int]) -> tuple[int, Counter[str], list[str]]:
    import tempfile

    from tests.test_leaks import PLACEMENTS, STATEMENTS, iter_cases, run_case

    n, seed, start, step, max_bytes = args
    placements: Counter[str] = Counter()
    found: list[str] = []
    done = 0
    with tempfile.TemporaryDirectory() as directory:
        for i, case in enumerate(iter_cases(n, seed, max_bytes)):
            if i % step != start:
                continue
            done += 1
            placements[case.placement] += 1
            for leak in run_case(case, directory):
                found.append(f"{case.seed.name} [{case.placement}] {STATEMENTS[case.statement][1]!r}: {leak}")
    assert set(placements) <= set(PLACEMENTS)
    return done, placements, found


def leaks_main(argv: list[str]) -> int:
    from concurrent.futures import ProcessPoolExecutor

    from tests.test_leaks import OUTPUTS, STATEMENTS

    jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 1
    max_bytes = int(argv[argv.index("--max-bytes") + 1]) if "--max-bytes" in argv else 60_000
    options = ("--leaks", "--jobs", "--max-bytes")
    args = [a for i, a in enumerate(argv) if a not in options and argv[i - 1] not in options[1:]]
    n = int(args[1]) if len(args) > 1 else 2000
    seed = int(args[2]) if len(args) > 2 else 0
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        parts = list(pool.map(_leak_chunk, [(n, seed, k, jobs, max_bytes) for k in range(jobs)]))
    elapsed = time.perf_counter() - start
    done = sum(p[0] for p in parts)
    placements: Counter[str] = sum((p[1] for p in parts), Counter())
    found = [leak for p in parts for leak in p[2]]
    print(f"leak fuzz: {done} mutated inputs ({len(STATEMENTS)} secret syntaxes x "
          f"{len(placements)} placements, seed {seed}, files up to {max_bytes:,} bytes), "
          f"{done * len(OUTPUTS)} outputs checked, "
          f"{elapsed:.0f} s with {jobs} process(es)")
    print("  placements: " + ", ".join(f"{k} {v}" for k, v in sorted(placements.items())))
    cases = {leak.split(": ", 1)[0] for leak in found}
    print(f"leaks: {len(found)} (key or a hash / base64 / part of it) in {len(cases)} inputs")
    for leak in found[:40]:
        print("  " + leak[:220])
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(leaks_main(sys.argv) if "--leaks" in sys.argv else main(sys.argv))
