"""Cold start: median wall time of `vpnaudit lint` on one real corpus config, against `python -c pass`
and another pure-Python linter's cold start (yamllint on a small YAML file, when installed), same run."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from _common import CORPUS, VPNAUDIT, machine, table, wall

config = CORPUS / "cisco-ios" / "pybatfish-exitgw-csr1000v-iosxe16-4-aws-tunnels.cfg"
rows = [
    ("python -c pass", f"{wall([sys.executable, '-c', 'pass']) * 1000:.0f} ms"),
    ("vpnaudit --version", f"{wall([VPNAUDIT, '--version']) * 1000:.0f} ms"),
    (f"vpnaudit lint {config.name}", f"{wall([VPNAUDIT, 'lint', str(config)]) * 1000:.0f} ms"),
]
yamllint = shutil.which("yamllint") or str(Path(sys.executable).with_name("yamllint"))
if Path(yamllint).exists():
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        handle.write("---\nkey: value\nlist:\n  - a\n  - b\n")
    rows.append(("yamllint small.yaml", f"{wall([yamllint, handle.name]) * 1000:.0f} ms"))
else:
    rows.append(("yamllint small.yaml", "not installed (pip install yamllint)"))
print(f"Cold start (median of 11 runs) on {machine()}")
print(table(rows, ("command", "median wall")))

# Where the time of one cold `vpnaudit lint` goes (one child process, imports measured cold).
PHASES = r"""
import sys, time
t = [time.perf_counter()]
def lap(): t.append(time.perf_counter()); return (t[-1] - t[-2]) * 1000
import typer; a = lap()
import pydantic.main, vpnaudit.model, vpnaudit.findings, vpnaudit.policy; b = lap()
import vpnaudit.cli, vpnaudit.api; c = lap()
from vpnaudit.parsers import PARSER_MODULES, get_parser
for v in PARSER_MODULES: get_parser(v)
d = lap()
from vpnaudit.checks import rule_modules
rule_modules(); e = lap()
from vpnaudit.api import AuditOptions, audit
audit([sys.argv[1]], AuditOptions()); f = lap()
print(f"{a:.0f} {b:.0f} {c:.0f} {d:.0f} {e:.0f} {f:.0f}")
"""
import os
import statistics
import subprocess

from _common import BENCH_ENV

samples = []
for _ in range(7):
    out = subprocess.run([sys.executable, "-c", PHASES, str(config)], capture_output=True, text=True,
                         env={**BENCH_ENV, "PYTHONPATH": os.pathsep.join(sys.path)}, check=True).stdout
    samples.append([float(x) for x in out.split()])
names = ["import typer", "import pydantic + vpnaudit models (model, findings, policy)", "import cli, api, engine",
         "import the 6 parsers (detection needs every detect())", "import the rule modules",
         "read + detect + parse + rules + pairing"]
print()
print("Where a cold lint goes (median of 7 child processes; python startup itself is the first row above)")
print(table([(n, f"{statistics.median(s[i] for s in samples):.0f} ms") for i, n in enumerate(names)], ("phase", "ms")))
