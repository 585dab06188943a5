"""The fast path of ``vpnaudit lint`` (vpnaudit/_launch.py) reads arguments exactly as typer does,
and hands everything else to typer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from vpnaudit import _launch, cli
from vpnaudit._commands import Format

from .conftest import CORPUS

IOS = str(CORPUS / "cisco-ios" / "batfish-lhr-border-02-ios15-aws-vti-bgp.cfg")

PLAIN = [
    [IOS],
    [IOS, IOS, "--format", "json"],
    ["--format=sarif", IOS, "-o", "out.sarif"],
    ["-f", "markdown", "--profile", "strict", IOS, "--fail-on", "high", "--exit-zero"],
    [IOS, "--select", "VPN1", "--select", "VPN2", "--ignore=VPN110", "--vendor", "cisco-ios"],
    [IOS, "--aws-json", "a.json", "--aws", "vpn-1", "--region", "eu-west-1", "--region", "us-east-1"],
    [IOS, "--aws-profile", "p", "--device", "gw", "--hook", "--no-color", "--show-suppressed"],
    [IOS, "--jobs", "3"],
    ["-j", "1", IOS, "--jobs=2"],
    [IOS, "--baseline", "b.json", "--write-baseline", "c.json", "--waivers", "w.toml", "--config", "x.toml"],
    [IOS, "--policy", "org.toml", "--format", "json", "--format", "text"],  # the last one wins
    ["--", "-odd-name.cfg", IOS],
    ["-", IOS],
]
TO_TYPER = [
    [],
    ["--help"],
    [IOS, "--help"],
    [IOS, "--bogus"],
    [IOS, "--format", "yaml"],
    [IOS, "--format", "JSON"],
    [IOS, "--format"],
    [IOS, "--fail-on", "severe"],
    ["-fjson", IOS],
    [IOS, "--exit-zero=yes"],
    [IOS, "--output", "--format", "json"],
    [IOS, "--format="],
    [IOS, "--jobs", "0"],
    [IOS, "--jobs", "two"],
    [IOS, "-j", "+2"],
    ["--format", "json"],
]


def typer_arguments(args: list[str], monkeypatch) -> dict[str, object]:
    """What typer hands to run_lint for ``vpnaudit lint ARGS``."""
    seen: dict[str, object] = {}
    monkeypatch.setattr(cli, "run_lint", lambda **kw: seen.update(kw))
    result = CliRunner().invoke(cli.app, ["lint", *args])
    assert result.exit_code == 0, result.output
    return seen


def normalised(arguments: dict[str, object]) -> dict[str, object]:
    """Defaults left out (typer passes every parameter, the fast path only those given)."""
    return {k: v for k, v in arguments.items() if v not in (None, False, [], Format.text)}


@pytest.mark.parametrize("args", PLAIN)
def test_plain_arguments_are_read_as_typer_reads_them(args, monkeypatch):
    fast = _launch.parse_lint(args)
    assert fast is not None
    assert normalised(fast) == normalised(typer_arguments(args, monkeypatch))


@pytest.mark.parametrize("args", TO_TYPER)
def test_anything_else_goes_to_typer(args):
    assert _launch.parse_lint(args) is None


def test_the_fast_path_knows_every_option_of_typer_lint():
    command = get_command(cli.app).commands["lint"]  # type: ignore[attr-defined]
    typer_options = {
        opt: param.name for param in command.params if param.param_type_name == "option"
        for opt in [*param.opts, *param.secondary_opts]
    }
    fast_options = {opt: name for opt, (name, _) in _launch.LINT_OPTIONS.items()}
    assert fast_options == typer_options, "add the new lint option to LINT_OPTIONS in vpnaudit/_launch.py"


def test_the_command_runs_through_the_fast_path_with_the_same_output(tmp_path: Path):
    fast = subprocess.run([sys.executable, "-m", "vpnaudit", "lint", IOS, "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path)
    slow = subprocess.run([sys.executable, "-c", "from vpnaudit.cli import main; main()", "lint", IOS, "--format",
                           "json"], capture_output=True, text=True, cwd=tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)
    assert fast.returncode == 1 and '"rule_id": "VPN212"' in fast.stdout


def test_usage_errors_are_typers(tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "vpnaudit", "lint", IOS, "--format", "yaml"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2 and "Invalid value for '--format' / '-f'" in done.stderr


# --- the quick exit (``_launch.run``) -------------------------------------------------------------


class _Exited(Exception):
    """What the stand-in for ``os._exit`` raises, so that a test sees the code instead of dying."""


@pytest.fixture
def exits(monkeypatch) -> list[int]:
    codes: list[int] = []

    def fake_exit(code: int) -> None:
        codes.append(code)
        raise _Exited

    monkeypatch.setattr(_launch.os, "_exit", fake_exit)
    return codes


@pytest.mark.parametrize("code, expected", [(0, 0), (1, 1), (2, 2), (130, 130), (None, 0)])
def test_run_ends_the_process_with_mains_exit_code(code, expected, exits, monkeypatch):
    def main() -> None:
        print("report")
        raise SystemExit(code)

    monkeypatch.setattr(_launch, "main", main)
    with pytest.raises(_Exited):
        _launch.run()
    assert exits == [expected]


def test_run_leaves_the_usual_way_when_a_quick_exit_would_lose_something(exits, monkeypatch):
    import threading

    monkeypatch.setattr(_launch, "main", lambda: sys.exit("vpnaudit: a message as exit code"))
    with pytest.raises(SystemExit, match="a message"):  # Python prints it and exits 1
        _launch.run()
    monkeypatch.setattr(_launch, "main", lambda: sys.exit(1))
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit):  # a thread still running is not cut short
            _launch.run()
    finally:
        release.set()
        worker.join()

    class ClosedPipe:
        def write(self, text: str) -> int:
            return len(text)

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    with pytest.raises(SystemExit):  # the failed flush is Python's to report
        _launch.run()
    assert exits == []


def test_the_command_writes_a_whole_report_and_its_exit_code_through_a_pipe(tmp_path: Path):
    big = subprocess.run([sys.executable, "-m", "vpnaudit", "lint", str(CORPUS), "--format", "json"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert big.returncode == 1 and len(big.stdout) > 500_000  # larger than a pipe's buffer, many times
    assert json.loads(big.stdout)["findings"] and "vpnaudit: notice: skipped" in big.stderr
    missing = subprocess.run([sys.executable, "-m", "vpnaudit", "lint", "no-such-file.cfg"],
                             capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode == 2 and "no-such-file.cfg" in missing.stderr
