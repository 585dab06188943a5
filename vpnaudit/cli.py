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
from ._commands import Format, SeverityName, run_lint
from .discover import plural
from ._commands import audit_paths as _audit_paths
from ._commands import aws_failed as _aws_failed
from ._commands import echo_err as _err
from ._commands import emit as _emit
from ._commands import fail as _fail
from ._commands import finish as _finish
from ._commands import known_vendor as _known_vendor
from ._commands import options as _options
from ._commands import render as _render  # noqa: F401 - tests render through the CLI module

app = typer.Typer(
    name="vpnaudit",
    help="Lint and audit IPsec site-to-site VPNs into AWS: device configs, AWS connections, and both side by side.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class ParseFormat(StrEnum):
    json = "json"
    text = "text"


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


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="PATH", help="Write the report to this file.")]
ProfileOpt = Annotated[
    Optional[str], typer.Option("--profile", metavar="PROFILE", help="Rule profile: aws, recommended (default) or strict.")
]
PolicyOpt = Annotated[
    Optional[str], typer.Option("--policy", metavar="PACK", help="Policy pack: a built-in name or an organisation TOML file.")
]
ConfigOpt = Annotated[Optional[str], typer.Option("--config", metavar="PATH", help="Configuration file (default: .vpnaudit.toml).")]
FailOnOpt = Annotated[
    Optional[SeverityName], typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
]
ExitZeroOpt = Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported.")]
VendorOpt = Annotated[
    Optional[str],
    typer.Option("--vendor", metavar="VENDOR", help="Force the parser: cisco-ios, cisco-asa, junos, checkpoint, strongswan, aws."),
]
SelectOpt = Annotated[Optional[list[str]], typer.Option("--select", metavar="RULE", help="Run only these rules (repeatable).")]
IgnoreOpt = Annotated[Optional[list[str]], typer.Option("--ignore", metavar="RULE", help="Skip these rules (repeatable).")]
BaselineOpt = Annotated[Optional[str], typer.Option("--baseline", metavar="PATH", help="Report only findings not in this baseline.")]
WriteBaselineOpt = Annotated[
    Optional[str], typer.Option("--write-baseline", metavar="PATH", help="Record the current findings as the baseline.")
]
WaiversOpt = Annotated[
    Optional[str], typer.Option("--waivers", metavar="PATH", help="Waiver file (default: .vpnaudit-waivers.toml when present).")
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour in text output.")]
ShowSuppressedOpt = Annotated[bool, typer.Option("--show-suppressed", help="List suppressed findings in text output.")]
SummaryOpt = Annotated[bool, typer.Option(
    "--summary", help="With --format markdown: header, counts and one line per finding (a pull-request comment; "
    "always under GitHub's 65,536 characters).")]
AwsJsonOpt = Annotated[
    Optional[list[str]],
    typer.Option("--aws-json", metavar="PATH", help="describe-vpn-connections JSON to pair device tunnels with (repeatable)."),
]

AwsIacOpt = Annotated[
    Optional[list[str]],
    typer.Option("--aws-iac", metavar="PATH", help="Terraform / CloudFormation files or folders declaring the VPN connection, "
                 "to pair with before deploy (repeatable)."),
]


DeviceOpt = Annotated[
    Optional[str],
    typer.Option("--device", metavar="NAME", help="The given strongSwan / Check Point files form one device with this name."),
]
AwsVpnOpt = Annotated[
    Optional[list[str]], typer.Option("--aws", metavar="VPN-ID", help="VPN connection ID to read live and pair with (repeatable).")
]
RegionOpt = Annotated[Optional[list[str]], typer.Option("--region", metavar="REGION", help="AWS region of --aws (repeatable).")]
AwsProfileOpt = Annotated[Optional[str], typer.Option("--aws-profile", metavar="NAME", help="AWS named profile for --aws.")]


@app.command()
def lint(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Config files or directories.")],
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
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", min=1, metavar="N", help="Processes for parsing and per-device rules (default: every usable CPU; "
        "1: this process). A run over a few files never starts more.")] = None,
    no_color: NoColorOpt = False,
    show_suppressed: ShowSuppressedOpt = False,
    summary: SummaryOpt = False,
) -> None:
    """Lint device configs (and AWS dumps) against the AWS requirements and best practice."""
    run_lint(**locals())  # _launch.py runs the same function without typer (a pre-commit hook's cold start)


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Device config files or directories.")],
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
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Config files or directories.")],
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
        _err(f"vpnaudit: {problem.path}{':' + str(problem.line) if problem.line else ''}: {problem.message}")
    for error in errors:
        _err(f"vpnaudit: error: {error}")
    if format is ParseFormat.json:
        _emit(render_devices(devices) if devices else "[]\n", output)
    else:
        lines = []
        for d in devices:
            lines.append(f"{d.source} ({d.vendor}{', ' + d.hostname if d.hostname else ''}): {plural(len(d.tunnels), 'tunnel')}")
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
def explain(rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule ID (VPN104) or name.")]) -> None:
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
    region: Annotated[Optional[list[str]], typer.Option("--region", metavar="REGION", help="Region (repeatable); default: all enabled.")] = None,
    aws_profile: Annotated[Optional[str], typer.Option("--aws-profile", metavar="NAME", help="AWS named profile (default credential chain otherwise).")] = None,
    role_arn: Annotated[Optional[str], typer.Option("--role-arn", metavar="ARN", help="Assume this read-only role first.")] = None,
    assume_role: Annotated[Optional[str], typer.Option("--assume-role", metavar="ROLE", help="Role NAME to assume in each account.")] = None,
    accounts: Annotated[Optional[str], typer.Option("--accounts", metavar="IDS", help="Comma-separated account IDs (with --assume-role).")] = None,
    accounts_from_organizations: Annotated[bool, typer.Option("--accounts-from-organizations", help="Every ACTIVE account of the organization (with --assume-role).")] = False,
    vpn: Annotated[Optional[list[str]], typer.Option("--vpn", metavar="VPN-ID", help="Only these VPN connection IDs (repeatable).")] = None,
    from_json: Annotated[Optional[list[str]], typer.Option("--from-json", metavar="PATH", help="Saved describe-vpn-connections JSON (file or directory); no credentials needed.")] = None,
    save_json: Annotated[Optional[str], typer.Option("--save-json", metavar="PATH", help="Also save the raw API responses (they hold the PSKs): a new file, mode 0600, never through a symlink.")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Let --save-json replace an existing file.")] = False,
    max_workers: Annotated[int, typer.Option("--max-workers", metavar="N", help="Parallel (account, region) reads: each is a chain of round trips, so more than the cores.")] = 32,
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
            overwrite=overwrite,
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
        hint = _aws_profile_hint(profile) if isinstance(exc, PolicyError) else None
        _fail(str(exc) + (f"\n{hint}" if hint else ""))
    except Exception as exc:  # boto3 missing, credentials missing, an endpoint unreachable, ...
        _aws_failed("vpnaudit aws", exc)
    if progress is not None:
        typer.echo("", err=True)
    _finish(report, run_config, format, output, fail_on, exit_zero, no_color, show_suppressed, write_baseline, summary)


def _aws_profile_hint(profile: str | None) -> str | None:
    """``--profile`` is the rule profile on every command; a value that names an AWS credentials
    profile instead gets a one-line hint (AWS tools call that ``--profile``)."""
    if not profile or profile in ("aws", "recommended", "strict"):
        return None
    import configparser
    import os

    names: set[str] = set()
    for variable, default, prefix in (("AWS_CONFIG_FILE", "~/.aws/config", "profile "),
                                      ("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials", "")):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(os.path.expanduser(os.environ.get(variable) or default), encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            continue
        names.update(s[len(prefix):].strip() if s.startswith(prefix) else s for s in parser.sections())
    if profile not in names:
        return None
    return (f"hint: '{profile}' is an AWS profile; --profile picks the rule profile (aws, recommended, strict): "
            f"use --aws-profile {profile}")


def main() -> None:
    """The typer CLI (the ``vpnaudit`` command starts in ``_launch.main``, which comes here for all but
    a plain ``lint``)."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
