"""`make bench`: every target of issue 14 measured in one run, each next to its target.

Runs bench/cold_start.py and bench/throughput.py (each also runs alone) and prints their tables,
then the four target rows together. Exit code 0 whatever the numbers: a benchmark reports, the
unit tests judge correctness.
"""

from __future__ import annotations

import sys

import cold_start
import throughput
from _common import TARGET_HEADER, table

if __name__ == "__main__":
    rows = cold_start.main()
    print()
    rows += throughput.main()
    print()
    print("Targets (issue 14), measured in this run")
    print(table(rows, TARGET_HEADER))
    sys.exit(0)
