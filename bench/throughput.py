"""Throughput: a generated 20,000-line IOS config; the whole corpus replicated to 1,000 files
(files/s, MB/s) against a parse-only pass; scaling 2k / 20k / 200k lines (time, peak memory)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import CORPUS, machine, table  # noqa: E402

from vpnaudit.api import AuditOptions, audit, load_devices  # noqa: E402


def ios_config(lines: int) -> str:
    """A realistic IOS config: many route-based tunnels with their crypto, and filler interfaces."""
    out = ["hostname bench", "crypto isakmp policy 10", " encr aes 256", " hash sha256", " authentication pre-share",
           " group 14", " lifetime 28800", "crypto isakmp keepalive 10 3 periodic", "crypto ipsec df-bit clear"]
    i = 0
    while len(out) < lines:
        i += 1
        a, b = divmod(i, 250)
        out += [
            f"crypto keyring KR{i}", f" pre-shared-key address 203.{a % 250}.{b}.1 key BenchKey{i:06d}abcdefgh",
            f"crypto isakmp profile IP{i}", f" keyring KR{i}", f" match identity address 203.{a % 250}.{b}.1 255.255.255.255",
            f"crypto ipsec transform-set TS{i} esp-aes 256 esp-sha256-hmac", " mode tunnel",
            f"crypto ipsec profile PR{i}", f" set transform-set TS{i}", " set pfs group14", f" set isakmp-profile IP{i}",
            f"interface Tunnel{i}", f" ip address 169.254.{i % 250}.{(i * 4) % 252 + 2} 255.255.255.252",
            " ip tcp adjust-mss 1379", " tunnel source 198.51.100.2", " tunnel mode ipsec ipv4",
            f" tunnel destination 203.{a % 250}.{b}.1", f" tunnel protection ipsec profile PR{i}", "!",
        ]
    return "\n".join(out[:lines]) + "\n"


def timed(fn, runs: int = 1):
    """(result, best wall time of ``runs``, peak traced memory). Time and memory are measured in
    separate runs: tracemalloc slows allocation-heavy code 2-3x, so timing under it overstates."""
    elapsed = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        elapsed = min(elapsed, time.perf_counter() - start)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, elapsed, peak


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="vpnaudit-bench-"))
    try:
        rows = []
        for n in (2_000, 20_000, 200_000):
            path = tmp / f"ios-{n}.cfg"
            path.write_text(ios_config(n))
            runs = 3 if n <= 20_000 else 1
            _, parse_s, _ = timed(lambda: load_devices([str(path)]), runs)
            report, lint_s, peak = timed(lambda: audit([str(path)], AuditOptions()), runs)
            tunnels = sum(len(d.tunnels) for d in report.devices)
            per_k = lint_s / (n / 1000) * 1000
            rows.append((f"{n:,} lines", f"{tunnels} tunnels", f"{parse_s:.3f} s", f"{lint_s:.3f} s",
                         f"{per_k:.1f} ms", f"{peak / 2**20:.0f} MiB"))
        print(f"Scaling on {machine()} (lint = read + parse + all rules of the recommended profile, best of 3 "
              f"up to 20k lines; peak memory in a separate run under tracemalloc)")
        print(table(rows, ("config", "model", "parse only", "lint", "lint per 1k lines", "peak memory")))

        corpus_files = [p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md"]
        replicated = tmp / "replicated"
        for i in range(1000):
            src = corpus_files[i % len(corpus_files)]
            dest = replicated / f"d{i:04d}" / src.name
            dest.parent.mkdir(parents=True)
            shutil.copyfile(src, dest)
        size = sum(p.stat().st_size for p in replicated.rglob("*") if p.is_file())
        _, parse_s, _ = timed(lambda: load_devices([str(replicated)]))
        _, lint_s, peak = timed(lambda: audit([str(replicated)], AuditOptions()))
        print()
        print(f"Corpus ({len(corpus_files)} files) replicated to 1,000 files, {size / 1e6:.1f} MB")
        print(table([
            ("parse only", f"{parse_s:.2f} s", f"{1000 / parse_s:.0f} files/s", f"{size / 1e6 / parse_s:.1f} MB/s"),
            ("lint", f"{lint_s:.2f} s", f"{1000 / lint_s:.0f} files/s", f"{size / 1e6 / lint_s:.1f} MB/s"),
        ], ("pass", "time", "files/s", "MB/s")))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
