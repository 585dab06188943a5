"""The command line: argument parsing only; everything goes through ``api``.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage / configuration / infrastructure error.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

app = typer.Typer(
    name="vpnaudit",
    help="Lint and audit IPsec site-to-site VPNs into AWS: device configs, AWS connections, and both side by side.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    html = "html"
    markdown = "markdown"


class ParseFormat(StrEnum):
    json = "json"
    text = "text"


class SeverityName(StrEnum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vpnaudit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """vpnaudit: IPsec VPN compliance for AWS Site-to-Site VPN."""


def _fail(message: str) -> None:
    typer.echo(f"vpnaudit: error: {message}", err=True)
    raise typer.Exit(2)


def _emit(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()  # the report first, then the notices on stderr
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


def _options(config_path, profile, policy, select, ignore, vendor, baseline, waivers, device=None):
    from .api import AuditOptions
    from .config import ConfigError, load_config

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        _fail(str(exc))
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


def _render(report, fmt: Format, colour: bool, show_suppressed: bool, summary: bool = False) -> str:
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


def _finish(report, config, fmt, output, fail_on, exit_zero, no_color, show_suppressed, write_baseline,
            summary: bool = False) -> None:
    from .api import exit_code
    from .findings import Severity

    if write_baseline is not None:
        from .baseline import write_baseline as write

        try:
            write(report, write_baseline)
        except (OSError, ValueError) as exc:
            _fail(f"cannot write baseline {write_baseline}: {exc}")
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
        _fail("--summary is for --format markdown (a pull-request comment)")
    _emit(_render(report, fmt, colour, show_suppressed, summary), output)
    _diagnostics(report, echo_problems=output is not None or fmt is not Format.text)
    raise typer.Exit(code)


def _diagnostics(report, echo_problems: bool) -> None:
    """Errors and notices go to stderr in every format: stdout carries only the report."""
    if echo_problems:  # the text report already lists them on stdout
        for f in report.findings:
            if f.rule_id == "VPN000":
                typer.echo(f"vpnaudit: {f.path}{':' + str(f.line) if f.line else ''}: {f.message}", err=True)
    for notice in report.notices:
        typer.echo(f"vpnaudit: notice: {notice}", err=True)
    for error in report.errors:
        typer.echo(f"vpnaudit: error: {error}", err=True)


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file.")]
ProfileOpt = Annotated[
    Optional[str], typer.Option("--profile", help="Rule profile: aws, recommended (default) or strict.")
]
PolicyOpt = Annotated[
    Optional[str], typer.Option("--policy", help="Policy pack: a built-in name or an organisation TOML file.")
]
ConfigOpt = Annotated[Optional[str], typer.Option("--config", help="Configuration file (default: .vpnaudit.toml).")]
FailOnOpt = Annotated[
    Optional[SeverityName], typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
]
ExitZeroOpt = Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported.")]
VendorOpt = Annotated[
    Optional[str],
    typer.Option("--vendor", help="Force the parser: cisco-ios, cisco-asa, junos, checkpoint, strongswan, aws."),
]
SelectOpt = Annotated[Optional[list[str]], typer.Option("--select", help="Run only these rules (repeatable).")]
IgnoreOpt = Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these rules (repeatable).")]
BaselineOpt = Annotated[Optional[str], typer.Option("--baseline", help="Report only findings not in this baseline.")]
WriteBaselineOpt = Annotated[
    Optional[str], typer.Option("--write-baseline", help="Record the current findings as the baseline.")
]
WaiversOpt = Annotated[
    Optional[str], typer.Option("--waivers", help="Waiver file (default: .vpnaudit-waivers.toml when present).")
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour in text output.")]
ShowSuppressedOpt = Annotated[bool, typer.Option("--show-suppressed", help="List suppressed findings in text output.")]
SummaryOpt = Annotated[bool, typer.Option(
    "--summary", help="With --format markdown: header, counts and one line per finding (a pull-request comment; "
    "always under GitHub's 65,536 characters).")]
AwsJsonOpt = Annotated[
    Optional[list[str]],
    typer.Option("--aws-json", help="describe-vpn-connections JSON to pair device tunnels with (repeatable)."),
]

AwsIacOpt = Annotated[
    Optional[list[str]],
    typer.Option("--aws-iac", help="Terraform / CloudFormation files or folders declaring the VPN connection, "
                 "to pair with before deploy (repeatable)."),
]


DeviceOpt = Annotated[
    Optional[str],
    typer.Option("--device", help="The given strongSwan / Check Point files form one device with this name."),
]
AwsVpnOpt = Annotated[
    Optional[list[str]], typer.Option("--aws", help="VPN connection ID to read live and pair with (repeatable).")
]
RegionOpt = Annotated[Optional[list[str]], typer.Option("--region", help="AWS region of --aws (repeatable).")]
AwsProfileOpt = Annotated[Optional[str], typer.Option("--aws-profile", help="AWS named profile for --aws.")]


def _known_vendor(vendor: Optional[str]) -> None:
    from .parsers import PARSER_MODULES

    if vendor is not None and vendor not in PARSER_MODULES:
        _fail(f"unknown vendor '{vendor}' (choose from {', '.join(sorted(PARSER_MODULES))})")


@app.command()
def lint(
    paths: Annotated[list[str], typer.Argument(help="Config files or directories.")],
    format: FormatOpt = Format.text,
    output: OutputOpt = None,
    profile: ProfileOpt = None,
    policy: PolicyOpt = None,
    config: ConfigOpt = None,
    fail_on: FailOnOpt = None,
    exit_zero: ExitZeroOpt = False,
    vendor: VendorOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    baseline: BaselineOpt = None,
    write_baseline: WriteBaselineOpt = None,
    waivers: WaiversOpt = None,
    aws_json: AwsJsonOpt = None,
    aws_vpn: AwsVpnOpt = None,
    region: RegionOpt = None,
    aws_profile: AwsProfileOpt = None,
    device: DeviceOpt = None,
    hook: Annotated[bool, typer.Option(
        "--hook", help="The files are named by a hook (pre-commit): skip, with a notice, those that are not "
        "VPN configurations instead of reporting VPN000.")] = False,
    no_color: NoColorOpt = False,
    show_suppressed: ShowSuppressedOpt = False,
    summary: SummaryOpt = False,
) -> None:
    """Lint device configs (and AWS dumps) against the AWS requirements and best practice."""
    _known_vendor(vendor)
    run_config, options = _options(config, profile, policy, select, ignore, vendor, baseline, waivers, device)
    options.hook = hook
    report = _audit_paths([*paths, *(aws_json or [])], options, aws_vpn, region, aws_profile)
    _finish(report, run_config, format, output, fail_on, exit_zero, no_color, show_suppressed, write_baseline, summary)


def _audit_paths(paths, options, aws_vpn, region, aws_profile):
    from .api import audit
    from .engine import SelectionError
    from .policy import PolicyError

    try:
        return audit(paths, options, aws_vpn_ids=tuple(aws_vpn or ()),
                     aws_fetch={"regions": region or None, "profile": aws_profile})
    except (PolicyError, SelectionError, ValueError) as exc:
        _fail(str(exc))
    except Exception as exc:  # live AWS: credentials missing, botocore absent, ...
        if not aws_vpn:
            raise
        _aws_failed("--aws", exc)


def _aws_failed(what: str, exc: Exception) -> None:
    """A live AWS read that could not run at all: exit 2 with one line (boto3 missing, no credentials)."""
    if isinstance(exc, ModuleNotFoundError):
        _fail(f"{what} needs {exc.name}: pip install 'vpnaudit[aws]'")
    _fail(f"AWS read failed: {type(exc).__name__}: {exc}")


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Device config files or directories.")],
    aws_json: AwsJsonOpt = None,
    aws_vpn: AwsVpnOpt = None,
    aws_iac: AwsIacOpt = None,
    region: RegionOpt = None,
    aws_profile: AwsProfileOpt = None,
    format: FormatOpt = Format.text,
    output: OutputOpt = None,
    profile: ProfileOpt = None,
    policy: PolicyOpt = None,
    config: ConfigOpt = None,
    fail_on: FailOnOpt = None,
    exit_zero: ExitZeroOpt = False,
    vendor: VendorOpt = None,
    select: SelectOpt = None,
    no_color: NoColorOpt = False,
    summary: SummaryOpt = False,
) -> None:
    """Will the tunnels come up? Pair device tunnels with their AWS tunnels (by outside IP) and simulate IKE/IPsec."""
    _known_vendor(vendor)
    if not aws_json and not aws_vpn and not aws_iac:
        _fail("check needs the AWS side: --aws-json DUMP, --aws vpn-ID [--region R] or --aws-iac TERRAFORM/TEMPLATE")
    run_config, options = _options(config, profile, policy, select or ["VPN0", "VPN6"], None, vendor, None, None)
    report = _audit_paths([*paths, *(aws_json or []), *(aws_iac or [])], options, aws_vpn, region, aws_profile)
    if not report.pairs and not report.errors:
        report.notices.append("no device tunnel points at an outside IP of the AWS connection(s)"
                              + (" nor uses a declared customer gateway address" if aws_iac else "")
                              + ": nothing to pair")
    _finish(report, run_config, format, output, fail_on, exit_zero, no_color, False, None, summary)


@app.command()
def parse(
    paths: Annotated[list[str], typer.Argument(help="Config files or directories.")],
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.json,
    output: OutputOpt = None,
    vendor: VendorOpt = None,
) -> None:
    """Print the normalized model the rules see (public JSON export; never any key)."""
    from .api import load_devices
    from .reporters.json import render_devices

    _known_vendor(vendor)
    devices, problems, _, errors, _ = load_devices(paths, vendor)
    for problem in problems:
        typer.echo(f"vpnaudit: {problem.path}{':' + str(problem.line) if problem.line else ''}: {problem.message}", err=True)
    for error in errors:
        typer.echo(f"vpnaudit: error: {error}", err=True)
    if format is ParseFormat.json:
        _emit(render_devices(devices) if devices else "[]\n", output)
    else:
        lines = []
        for d in devices:
            lines.append(f"{d.source} ({d.vendor}{', ' + d.hostname if d.hostname else ''}): {len(d.tunnels)} tunnels")
            for t in d.tunnels:
                lines.append(f"  {t.name} line {t.line}: peer {t.peer_address} {t.routing}")
        _emit("\n".join(lines) + "\n", output)
    unreadable = bool(problems) or any(d.problems for d in devices)
    raise typer.Exit(2 if errors else 1 if unreadable else 0)


@app.command()
def rules(
    profile: ProfileOpt = None,
    format: Annotated[ParseFormat, typer.Option("--format", "-f")] = ParseFormat.text,
) -> None:
    """List the rules (those a profile runs, with --profile)."""
    import json

    from .checks import rule_modules
    from .findings import PROFILES

    if profile is not None and profile not in PROFILES:
        _fail(f"unknown profile '{profile}' (choose from {', '.join(PROFILES)})")
    chosen = [m.RULE for m in rule_modules() if profile is None or m.RULE.runs_in(profile)]
    if format is ParseFormat.json:
        typer.echo(json.dumps([
            {"id": r.id, "name": r.name, "severity": r.severity.value, "profile": r.profile, "summary": r.summary}
            for r in chosen
        ], indent=2))
        return
    for r in chosen:
        typer.echo(f"{r.id}  {r.name:<36} {r.severity.value:<8} {r.profile:<12} {r.summary}")


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="A rule ID (VPN104) or name.")]) -> None:
    """Show a rule's documentation: why it matters and how to fix it on each vendor."""
    from .checks import rule_modules

    for module in rule_modules():
        r = module.RULE
        if rule_id.upper() == r.id or rule_id == r.name:
            typer.echo(f"{r.id} {r.name} ({r.severity.value}, profile {r.profile})\n")
            typer.echo((module.__doc__ or r.summary).strip())
            if r.references:
                typer.echo("\nReferences:\n" + "\n".join(f"- {ref}" for ref in r.references))
            return
    _fail(f"unknown rule '{rule_id}' (see 'vpnaudit rules')")


@app.command()
def aws(
    region: Annotated[Optional[list[str]], typer.Option("--region", help="Region (repeatable); default: all enabled.")] = None,
    aws_profile: Annotated[Optional[str], typer.Option("--aws-profile", help="AWS named profile (default credential chain otherwise).")] = None,
    role_arn: Annotated[Optional[str], typer.Option("--role-arn", help="Assume this read-only role first.")] = None,
    assume_role: Annotated[Optional[str], typer.Option("--assume-role", help="Role NAME to assume in each account.")] = None,
    accounts: Annotated[Optional[str], typer.Option("--accounts", help="Comma-separated account IDs (with --assume-role).")] = None,
    accounts_from_organizations: Annotated[bool, typer.Option("--accounts-from-organizations", help="Every ACTIVE account of the organization (with --assume-role).")] = False,
    vpn: Annotated[Optional[list[str]], typer.Option("--vpn", help="Only these VPN connection IDs (repeatable).")] = None,
    from_json: Annotated[Optional[list[str]], typer.Option("--from-json", help="Saved describe-vpn-connections JSON (file or directory); no credentials needed.")] = None,
    save_json: Annotated[Optional[str], typer.Option("--save-json", help="Also save the raw API responses (they hold the PSKs: mode 0600).")] = None,
    max_workers: Annotated[int, typer.Option("--max-workers", help="Parallel (account, region) reads: each is a chain of round trips, so more than the cores.")] = 32,
    format: FormatOpt = Format.text,
    output: OutputOpt = None,
    profile: ProfileOpt = None,
    policy: PolicyOpt = None,
    config: ConfigOpt = None,
    fail_on: FailOnOpt = None,
    exit_zero: ExitZeroOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    baseline: BaselineOpt = None,
    write_baseline: WriteBaselineOpt = None,
    waivers: WaiversOpt = None,
    no_color: NoColorOpt = False,
    show_suppressed: ShowSuppressedOpt = False,
    summary: SummaryOpt = False,
) -> None:
    """Audit the Site-to-Site VPN connections of AWS accounts (Describe/Get calls only)."""
    from .api import audit_aws
    from .engine import SelectionError
    from .policy import PolicyError

    run_config, options = _options(config, profile, policy, select, ignore, None, baseline, waivers)
    progress = None
    if sys.stderr.isatty() and not from_json:
        progress = lambda text: typer.echo(f"\r\033[K{text}", err=True, nl=False)  # noqa: E731
    try:
        report = audit_aws(
            options,
            from_json=tuple(from_json or ()),
            save_json=save_json,
            progress=progress,
            regions=region or None,
            profile=aws_profile,
            role_arn=role_arn,
            assume_role=assume_role,
            accounts=[a.strip() for a in accounts.split(",") if a.strip()] if accounts else None,
            from_organizations=accounts_from_organizations,
            vpn_ids=vpn or None,
            max_workers=max_workers,
        )
    except (PolicyError, SelectionError, ValueError) as exc:
        _fail(str(exc))
    except Exception as exc:  # boto3 missing, credentials missing, an endpoint unreachable, ...
        _aws_failed("vpnaudit aws", exc)
    if progress is not None:
        typer.echo("", err=True)
    _finish(report, run_config, format, output, fail_on, exit_zero, no_color, show_suppressed, write_baseline, summary)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
