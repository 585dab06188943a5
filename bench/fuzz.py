"""The long fuzzing run: ``python bench/fuzz.py N [SEED]``.

N random mutation cases (round-robin over the parsers) of the real corpus, each run through the
parser (only ParseError may escape), plus every 10th case through the whole ``api.audit()``
(strict profile, paired with an AWS dump). Prints the number of cases, crashes, and one minimal
reproducer per distinct crash signature (parser module, function, exception type).
Same mutation engine as tests/test_fuzz.py.
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


if __name__ == "__main__":
    sys.exit(main(sys.argv))
