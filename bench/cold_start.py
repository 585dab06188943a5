"""Cold start: `vpnaudit lint` of one real IOS config against `yamllint` on a 2-line YAML, both from a
non-editable install with bytecode caches (what a pre-commit user gets; see ``_common.installed``).
The commands take turns, so the ratio holds on a busy machine. Target: <= 2.0x (moonshot 1.5x).

    python bench/cold_start.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import BENCH_ENV, CORPUS, TARGET_HEADER, installed, interleaved, machine, ratio, table, target_row

CONFIG = CORPUS / "cisco-ios" / "pybatfish-exitgw-csr1000v-iosxe16-4-aws-tunnels.cfg"
TARGET = 2.0

# Where one cold lint goes, in the same installed environment (one child process per sample).
PHASES = r"""
import sys, time
t = [time.perf_counter()]
def lap(): t.append(time.perf_counter()); return (t[-1] - t[-2]) * 1000
import vpnaudit._record; a = lap()
import vpnaudit.model, vpnaudit.findings, vpnaudit.policy, vpnaudit.config; b = lap()
import vpnaudit._commands, vpnaudit.api, vpnaudit.engine; c = lap()
from vpnaudit.checks import rule_modules
rule_modules(); d = lap()
from vpnaudit.api import AuditOptions, audit
from vpnaudit.reporters import text
text.render(audit([sys.argv[1]], AuditOptions())); e = lap()
print(f"{a:.1f} {b:.1f} {c:.1f} {d:.1f} {e:.1f}")
"""
PHASE_NAMES = ["import the record layer (vpnaudit._record, secrets)", "define the models (model, findings, policy, config)",
               "import vpnaudit's lint code (api, engine, detection)", "import the rule modules",
               "read + detect + import one parser + parse + rules + text report"]


def measure() -> tuple[dict[str, float], list[tuple[str, str]]]:
    bin_dir = installed()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.yaml"
        small.write_text("---\nkey: value\n")
        yamllint = bin_dir / "yamllint"
        commands = {
            "python -c pass": [str(bin_dir / "python"), "-c", "pass"],
            "yamllint small.yaml (2 lines)": [str(yamllint), str(small)],
            "vpnaudit --version": [str(bin_dir / "vpnaudit"), "--version"],
            f"vpnaudit lint {CONFIG.name}": [str(bin_dir / "vpnaudit"), "lint", str(CONFIG)],
        }
        if not yamllint.exists():
            raise SystemExit(f"yamllint is not installed beside {bin_dir / 'python'}")
        times = interleaved(commands, cwd=tmp)
    samples = []
    for _ in range(7):
        out = subprocess.run([str(bin_dir / "python"), "-c", PHASES, str(CONFIG)], capture_output=True, text=True,
                             env=BENCH_ENV, check=True).stdout
        samples.append([float(x) for x in out.split()])
    phases = [(name, f"{statistics.median(s[i] for s in samples):.0f} ms") for i, name in enumerate(PHASE_NAMES)]
    return times, phases


def main() -> list[tuple[str, ...]]:
    times, phases = measure()
    names = list(times)
    yaml_s, lint_s = times[names[1]], times[names[3]]
    print(f"Cold start (median of 15 interleaved runs; non-editable install with bytecode caches) on {machine()}")
    print(table([(n, f"{t * 1000:.0f} ms", f"{ratio(t, yaml_s):.2f}x") for n, t in times.items()],
                ("command", "median wall", "vs yamllint")))
    print()
    print("Where a cold lint goes (median of 7 child processes; python startup is the first row above)")
    print(table(phases, ("phase", "ms")))
    value = ratio(lint_s, yaml_s)
    return [target_row("cold `vpnaudit lint` of one IOS config vs yamllint", f"{value:.2f}x", f"<= {TARGET}x (moonshot 1.5x)",
                       value <= TARGET, f"{lint_s * 1000:.0f} ms vs {yaml_s * 1000:.0f} ms")]


if __name__ == "__main__":
    rows = main()
    print()
    print(table(rows, TARGET_HEADER))
    sys.exit(0)
