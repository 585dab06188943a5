"""What a device lint imports: an exact list, so the pre-commit cold start stays lean (issue 14).

A plain ``vpnaudit lint FILE`` of an IOS config must load the IOS parser and no other, no AWS code
(converter, fetch, pairing, negotiation, remediation), no reporter but the text one, no typer, and
no third-party package at all (no pydantic since the frozen records of ``vpnaudit/_record.py``;
never boto3, botocore, YAML or IaC libraries). When this fails after adding a module, ask whether the lint of a device config needs it;
a new vendor's detection belongs in ``vpnaudit/parsers/_detect.py`` (see its docstring), not in an
import of its parser.
"""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import CORPUS

PROBE = r"""
import atexit, json, sys
def dump():
    names = sorted(sys.modules)
    third = {n.split(".")[0] for n in names if not n.startswith("vpnaudit")}
    third -= set(sys.stdlib_module_names) | {"__main__"}
    third = {n for n in third if not n.startswith(("_sysconfigdata", "__editable__", "_distutils_hack"))}
    sys.__stderr__.write("\nMODULES " + json.dumps({"own": [n for n in names if n.startswith("vpnaudit")],
                                                   "third": sorted(third),
                                                   "heavy": [n for n in HEAVY if n in sys.modules]}) + "\n")
HEAVY = %r
atexit.register(dump)
sys.argv = ["vpnaudit", *sys.argv[1:]]
from vpnaudit._launch import main
main()
"""

LINT_PATH = {
    "vpnaudit", "vpnaudit._commands", "vpnaudit._memo", "vpnaudit._record", "vpnaudit._launch", "vpnaudit._packs", "vpnaudit.api",
    "vpnaudit.checks", "vpnaudit.config", "vpnaudit.discover", "vpnaudit.limits", "vpnaudit.engine", "vpnaudit.findings", "vpnaudit.model",
    "vpnaudit.parallel", "vpnaudit.parsers", "vpnaudit.parsers._base", "vpnaudit.parsers._detect", "vpnaudit.parsers.cisco_ios",
    "vpnaudit.parsers.cisco_ios.bgp", "vpnaudit.parsers.cisco_ios.defaults", "vpnaudit.parsers.cisco_ios.lexer",
    "vpnaudit.parsers.cisco_ios.objects", "vpnaudit.parsers.cisco_ios.paste", "vpnaudit.parsers.cisco_ios.reader",
    "vpnaudit.policy", "vpnaudit.reporters", "vpnaudit.reporters.text", "vpnaudit.runinfo", "vpnaudit.secrets", "vpnaudit._struct",
    "vpnaudit.suppressions", "vpnaudit.vocab",
}
THIRD_PARTY: list[str] = []  # no pydantic on the lint path (vpnaudit/_record.py, bench/RESULTS.md)
# Standard modules that cost a cold start more than they give it: ``dataclasses`` imports ``inspect``
# (with ``ast``, ``dis``, ``tokenize``: 11 ms) and compiles each class's methods (30 classes, 14.5 ms);
# vpnaudit's classes use ``vpnaudit._struct`` (bench/RESULTS.md, round 8).
HEAVY = ("dataclasses", "inspect")


def loaded(*args: str) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE % (HEAVY,), *args], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stderr.rsplit("\nMODULES ", 1)[1])


def test_device_lint_imports_exactly_the_lint_path():
    from vpnaudit.checks import rule_modules

    modules = loaded("lint", str(CORPUS / "cisco-ios" / "batfish-lhr-border-02-ios15-aws-vti-bgp.cfg"))
    rules = {m.__name__ for m in rule_modules()}
    own = set(modules["own"])
    checks = {m for m in own if m.startswith("vpnaudit.checks.")}
    assert own - checks == LINT_PATH
    assert rules <= checks and all(m.rsplit(".", 1)[1].startswith("_") for m in checks - rules)
    assert modules["third"] == THIRD_PARTY
    assert modules["heavy"] == []


def test_json_output_adds_only_its_reporter():
    modules = loaded("lint", "--format", "json", str(CORPUS / "cisco-ios" / "batfish-lhr-border-02-ios15-aws-vti-bgp.cfg"))
    own = {m for m in modules["own"] if not m.startswith("vpnaudit.checks.")}
    assert own - LINT_PATH == {"vpnaudit.reporters.json", "vpnaudit.reporters._indented"}
    assert modules["third"] == THIRD_PARTY
