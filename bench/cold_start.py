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
