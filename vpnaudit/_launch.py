"""The ``vpnaudit`` command: a plain ``vpnaudit lint ...`` runs without importing typer.

A pre-commit hook starts ``vpnaudit lint FILE...`` on every commit, so its cold start is what users
feel; typer (and the parameter objects it builds) costs about as much as the
whole lint of a small config (bench/RESULTS.md). This module reads the ``lint`` arguments itself
when they are plain: known long options with ``--opt value`` / ``--opt=value``, ``-f``/``-o`` with a
separate value, flags, ``--``, positional paths. Anything else (``--help``, an unknown option, a
value that is not a valid choice, a missing value, combined short options, no path) goes to the
typer CLI, which prints the usual help and errors. Both paths call ``_commands.run_lint``;
``tests/test_launch.py`` checks that they read every argument list the same way and that this
table holds every option of typer's ``lint``.
"""

from __future__ import annotations

import os
import sys

# option -> (parameter of run_lint, kind): "value", "multi" (repeatable, a list) or "flag"
LINT_OPTIONS: dict[str, tuple[str, str]] = {
    "--format": ("format", "value"), "-f": ("format", "value"),
    "--output": ("output", "value"), "-o": ("output", "value"),
    "--profile": ("profile", "value"),
    "--policy": ("policy", "value"),
    "--config": ("config", "value"),
    "--fail-on": ("fail_on", "value"),
    "--exit-zero": ("exit_zero", "flag"),
    "--vendor": ("vendor", "value"),
    "--select": ("select", "multi"),
    "--ignore": ("ignore", "multi"),
    "--baseline": ("baseline", "value"),
    "--write-baseline": ("write_baseline", "value"),
    "--waivers": ("waivers", "value"),
    "--aws-json": ("aws_json", "multi"),
    "--aws": ("aws_vpn", "multi"),
    "--region": ("region", "multi"),
    "--aws-profile": ("aws_profile", "value"),
    "--device": ("device", "value"),
    "--hook": ("hook", "flag"),
    "--jobs": ("jobs", "value"), "-j": ("jobs", "value"),
    "--no-color": ("no_color", "flag"),
    "--show-suppressed": ("show_suppressed", "flag"),
    "--summary": ("summary", "flag"),
}


def parse_lint(args: list[str]) -> dict[str, object] | None:
    """The keyword arguments of ``run_lint`` for ``vpnaudit lint ARGS``, or None to let typer read them."""
    values: dict[str, object] = {}
    paths: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            paths.extend(args[i:])
            break
        if not arg.startswith("-") or arg == "-":
            paths.append(arg)
            continue
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        known = LINT_OPTIONS.get(name)
        if known is None:
            return None
        param, kind = known
        if kind == "flag":
            if eq:
                return None
            values[param] = True
            continue
        if eq:
            value = inline
        elif i < len(args) and not args[i].startswith("-"):
            value = args[i]
            i += 1
        else:
            return None
        if not value:
            return None
        if kind == "multi":
            values.setdefault(param, []).append(value)  # type: ignore[union-attr]
        else:
            values[param] = value
    if not paths:
        return None
    from ._commands import Format, SeverityName

    try:
        if "format" in values:
            values["format"] = Format(values["format"])
        if "fail_on" in values:
            values["fail_on"] = SeverityName(values["fail_on"])
    except ValueError:
        return None
    if "jobs" in values:
        if not str(values["jobs"]).isdigit() or int(values["jobs"]) < 1:  # type: ignore[arg-type]
            return None
        values["jobs"] = int(values["jobs"])  # type: ignore[arg-type]
    if "output" in values:
        from pathlib import Path

        values["output"] = Path(values["output"])  # type: ignore[arg-type]
    return {"paths": paths, **values}


def main() -> None:
    args = sys.argv[1:]
    parsed = parse_lint(args[1:]) if args[:1] == ["lint"] else None
    if parsed is None:
        from .cli import main as typer_main

        typer_main()
        return
    from ._commands import run_lint

    try:
        run_lint(**parsed)  # type: ignore[arg-type]
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(0)


def run() -> None:
    """The ``vpnaudit`` command (console script, ``python -m vpnaudit``): ``main``, then a quick exit.

    Once the report is written, the interpreter's own shutdown would free every object of the run
    and of every imported module, one by one, for nobody: 10 ms of a 105 ms cold ``lint`` of one
    config, 20 ms of a ``--jobs 2`` run over 1,000 files (bench/RESULTS.md). So, with the exit code
    an integer, stdout and stderr flushed, and no other thread or child process left, the process
    ends with ``os._exit``. Anything else (a message as exit code, a flush that fails on a closed
    pipe, a thread still running) takes the usual way out. Tests call ``main``, which only raises.
    """
    try:
        main()
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        if type(code) is int and 0 <= code <= 255 and _alone() and _flushed():
            os._exit(code)
        raise
    if _alone() and _flushed():
        os._exit(0)


def _flushed() -> bool:
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a closed pipe or stream: Python's own shutdown reports it as usual
        return False
    return True


def _alone() -> bool:
    """No thread but this one and no child process is left (both would be cut short by ``os._exit``)."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    multiprocessing = sys.modules.get("multiprocessing")
    return multiprocessing is None or not multiprocessing.active_children()


if __name__ == "__main__":
    run()
