"""Scaling of every vendor format: lint time of a generated 200,000-line file against a 20,000-line one
(CloudFormation: 20,000 against 2,000, see ``OWN_SIZES``).

The configs are ``tests/scale_configs.py`` (N tunnels with distinct names and addresses; the unit
test ``test_linear`` checks on small ones that the trace events per tunnel do not grow). Time is
CPU time in this process, the best of 2 runs per size after a warm-up run; the IOS route-based
config of the issue-14 target is ``bench/throughput.py``. Prints numbers, asserts nothing.

    .venv/bin/python bench/vendor_scale.py [FORMAT-SUBSTRING]
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import machine, ratio, table  # noqa: E402

from tests.scale_configs import FORMATS, write  # noqa: E402
from vpnaudit.api import AuditOptions, audit  # noqa: E402

SIZES = (20_000, 200_000)
# CloudFormation reads a template of at most 51,200 bytes inline or about 1 MB from S3 (its quotas);
# 200,000 lines would be 5.5 MB, and above vpnaudit's cap of 200,000 YAML nodes: 2,000 and 20,000 lines.
OWN_SIZES = {"cloudformation yaml": (2_000, 20_000)}


def measure(generate, per_tunnel: int, name: str, lines: int, folder: Path) -> tuple[float, int]:
    path = folder / str(lines)
    path.mkdir()
    write(path, name, generate(lines // per_tunnel))
    best = float("inf")
    for _ in range(2):
        gc.collect()
        start = time.process_time()
        report = audit([str(path)], AuditOptions(jobs=1))
        best = min(best, time.process_time() - start)
    return best, sum(len(d.tunnels) for d in report.devices)


def main(only: str = "") -> None:
    rows = []
    for kind, (generate, per_tunnel, name) in FORMATS.items():
        if only not in kind:
            continue
        with tempfile.TemporaryDirectory(prefix="vpnaudit-scale-") as tmp:
            warm = Path(tmp) / "warm"
            warm.mkdir()
            write(warm, name, generate(50))
            audit([str(warm)], AuditOptions(jobs=1))  # imports the parser and the rules
            sizes = OWN_SIZES.get(kind, SIZES)
            small, tunnels = measure(generate, per_tunnel, name, sizes[0], Path(tmp))
            large, more = measure(generate, per_tunnel, name, sizes[1], Path(tmp))
        rows.append((kind, f"{sizes[0]:,} / {sizes[1]:,}", f"{tunnels:,} / {more:,}", f"{small:.2f} s", f"{large:.2f} s",
                     f"{ratio(large, small):.1f}x"))
        print(f"{kind}: {small:.2f} s, {large:.2f} s", file=sys.stderr, flush=True)
    print(f"Lint of generated configs, 10x the lines (CPU time, best of 2) on {machine()}")
    print(table(rows, ("format", "lines", "tunnels", "small", "10x larger", "ratio")))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
