"""What the ``lint`` command does, without an argument parser.

``cli.py`` (typer) and ``_launch.py`` (the fast path of a plain ``vpnaudit lint``, which never imports
typer) both call ``run_lint``; the other commands share the helpers. Errors: one line on stderr and
``SystemExit(2)``; the report goes to stdout or ``--output``.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Optional


def echo_err(text: str) -> None:
    """One diagnostic line on stderr: nothing from an input reaches the terminal unescaped."""
    from .limits import printable

    sys.stderr.write(printable(text) + "\n")
    sys.stderr.flush()


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    html = "html"
    markdown = "markdown"


class SeverityName(StrEnum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


def fail(message: str) -> None:
    echo_err(f"vpnaudit: error: {message}")
    raise SystemExit(2)


def emit(text: str, output: Optional[Path]) -> None:
    if not text.isascii():  # undecodable file names (lone surrogates), escaped; a copy only when needed
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()  # the report first, then the notices on stderr
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def options(config_path, profile, policy, select, ignore, vendor, baseline, waivers, device=None):
    from .api import AuditOptions
    from .config import ConfigError, load_config

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        fail(str(exc))
    waivers_path = waivers
    if waivers_path is None and config.waivers is None and Path(".vpnaudit-waivers.toml").is_file():
        waivers_path = ".vpnaudit-waivers.toml"
    options = AuditOptions.from_config(
        config,
        profile=profile,
        policy=policy,
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        vendor=vendor,
        baseline=baseline,
        waivers=waivers_path,
        device=device,
    )
    return config, options


def render(report, fmt: Format, colour: bool, show_suppressed: bool, summary: bool = False) -> str:
    from .api import fewer_gc_passes

    with fewer_gc_passes():
        return _render(report, fmt, colour, show_suppressed, summary)


def _render(report, fmt: Format, colour: bool, show_suppressed: bool, summary: bool) -> str:
    if fmt is Format.sarif:
        from .reporters import sarif

        return sarif.render(report)
    if fmt is Format.json:
        from .reporters import json as json_reporter

        return json_reporter.render(report)
    if fmt is Format.html:
        from .reporters import html

        return html.render(report, report.sources)
    if fmt is Format.markdown:
        from .reporters import markdown

        return markdown.render(report, report.sources, summary_only=summary)
    from .reporters import text

    return text.render(report, colour=colour, show_suppressed=show_suppressed)


def finish(report, config, fmt, output, fail_on, exit_zero, no_color, show_suppressed, write_baseline,
           summary: bool = False) -> None:
    from .api import exit_code
    from .findings import Severity

    if write_baseline is not None:
        from .baseline import write_baseline as write

        try:
            write(report, write_baseline)
        except (OSError, ValueError) as exc:
            fail(f"cannot write baseline {write_baseline}: {exc}")
    threshold = Severity(fail_on.value) if fail_on else config.fail_on
    code = exit_code(report, threshold)
    if exit_zero and code == 1:
        code = 0
    if report.run is not None:  # the reports' header: when it ran and how it ended
        from .runinfo import now

        report.run.finished = now()
        report.run.exit_code = code
    colour = output is None and sys.stdout.isatty() and not no_color and "NO_COLOR" not in __import__("os").environ
    if summary and fmt is not Format.markdown:
        fail("--summary is for --format markdown (a pull-request comment)")
    emit(render(report, fmt, colour, show_suppressed, summary), output)
    diagnostics(report, echo_problems=output is not None or fmt is not Format.text)
    raise SystemExit(code)


def diagnostics(report, echo_problems: bool) -> None:
    """Errors and notices go to stderr in every format: stdout carries only the report."""
    if echo_problems:  # the text report already lists them on stdout
        for f in report.findings:
            if f.rule_id == "VPN000":
                echo_err(f"vpnaudit: {f.path}{':' + str(f.line) if f.line else ''}: {f.message}")
    for notice in report.notices:
        echo_err(f"vpnaudit: notice: {notice}")
    for error in report.errors:
        echo_err(f"vpnaudit: error: {error}")


def known_vendor(vendor: Optional[str]) -> None:
    from .parsers import PARSER_MODULES

    if vendor is not None and vendor not in PARSER_MODULES:
        fail(f"unknown vendor '{vendor}' (choose from {', '.join(sorted(PARSER_MODULES))})")


def audit_paths(paths, options, aws_vpn, region, aws_profile):
    from .api import audit
    from .engine import SelectionError
    from .policy import PolicyError

    try:
        return audit(paths, options, aws_vpn_ids=tuple(aws_vpn or ()),
                     aws_fetch={"regions": region or None, "profile": aws_profile})
    except (PolicyError, SelectionError, ValueError) as exc:
        fail(str(exc))
    except Exception as exc:  # live AWS: credentials missing, botocore absent, ...
        if not aws_vpn:
            raise
        aws_failed("--aws", exc)


def aws_failed(what: str, exc: Exception) -> None:
    """A live AWS read that could not run at all: exit 2 with one line (boto3 missing, no credentials)."""
    if isinstance(exc, ModuleNotFoundError):
        fail(f"{what} needs {exc.name}: pip install 'vpnaudit[aws]'")
    fail(f"AWS read failed: {type(exc).__name__}: {exc}")


def run_lint(
    paths, format=None, output=None, profile=None, policy=None, config=None, fail_on=None, exit_zero=False,
    vendor=None, select=None, ignore=None, baseline=None, write_baseline=None, waivers=None, aws_json=None,
    aws_vpn=None, region=None, aws_profile=None, device=None, hook=False, jobs=None, no_color=False,
    show_suppressed=False, summary=False,
) -> None:
    """``vpnaudit lint``: the arguments as typer passes them (lists or None, enums, Path)."""
    known_vendor(vendor)
    run_config, opts = options(config, profile, policy, select, ignore, vendor, baseline, waivers, device)
    opts.hook = hook
    opts.jobs = jobs
    report = audit_paths([*paths, *(aws_json or [])], opts, aws_vpn, region, aws_profile)
    finish(report, run_config, format or Format.text, output, fail_on, exit_zero, no_color, show_suppressed,
           write_baseline, summary)
