"""``audit()``: the one path from inputs to a Report, shared by the CLI, the pre-commit hook and cron.

Reading is defensive: every file that cannot be read, decoded, recognised or parsed becomes a
VPN000 finding with a one-line message, and the other inputs are still audited. Nothing here
prints a secret: parser exceptions are reported by type and place, never by their text.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from ._struct import dataclass, field
from datetime import date
from pathlib import Path

from . import engine
from .checks.parse_error import RULE as PARSE_ERROR
from .config import RunConfig
from .findings import Finding, Report, Severity
from .model import Device
from .parsers import MIN_CONFIDENCE, ParseError, SourceFile, best_vendor, detect_scores, get_parser, unwrap_markdown
from .policy import load_policy
from .limits import MAX_INPUT_BYTES
from .secrets import MaskedSources, spanning_secrets, spanning_words

MAX_FILE_BYTES = MAX_INPUT_BYTES  # one config file (vpnaudit.limits)
MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass
class AuditOptions:
    profile: str = "recommended"
    policy: str | None = None
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    vendor: str | None = None
    device: str | None = None  # explicit multi-file device (vpnaudit lint a.conf b.secrets --device NAME)
    exclude: Sequence[str] = ()
    include: Sequence[str] = ()
    config_file: str | None = None  # the config file used (its folder anchors include / exclude)
    hook: bool = False  # files named by a hook: unrecognised ones are skipped with a notice
    jobs: int | None = None  # processes for parsing and per-device rules (None: every usable CPU; 1: this one)
    waivers: str | None = None
    baseline: str | None = None
    today: date | None = None
    libreswan_version: int | None = None  # Libreswan defaults to assume (parsers/strongswan/libreswan.py)

    @classmethod
    def from_config(cls, config: RunConfig, **overrides: object) -> AuditOptions:
        values: dict[str, object] = {
            "profile": config.profile,
            "policy": config.policy,
            "select": config.select,
            "ignore": config.ignore,
            "severity": dict(config.severity),
            "exclude": config.exclude,
            "include": config.include,
            "config_file": config.source,
            "waivers": config.waivers,
            "libreswan_version": config.libreswan_version,
        }
        values.update({k: v for k, v in overrides.items() if v not in (None, (), [])})
        return cls(**values)  # type: ignore[arg-type]


def _problem(path: str, message: str, line: int | None = None, kind: str = "read") -> Finding:
    return Finding(
        rule_id=PARSE_ERROR.id,
        rule_name=PARSE_ERROR.name,
        severity=PARSE_ERROR.severity,
        message=message,
        path=path,
        line=line,
        device=path,
        target=f"problem:{kind}",
    )


def _read(
    path: str, findings: list[Finding], explicit: bool = True, skipped: list[str] | None = None,
    sizes: dict[str, int] | None = None,
) -> str | None:
    """The file's text, or None with a VPN000 finding saying why it cannot be read.

    ``explicit``: named on the command line; a special file found by walking a directory is not
    read, and an empty or binary one goes to ``skipped`` (a notice) rather than VPN000.
    ``sizes``: path -> bytes read, for the reports' list of inputs.
    """
    try:
        info = os.stat(path)
        if not explicit and not stat.S_ISREG(info.st_mode):  # a FIFO would block, a device never end
            kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "a device"
            findings.append(_problem(path, f"not a regular file ({kind}); not read", kind="unreadable"))
            return None
        if info.st_size > MAX_FILE_BYTES:
            findings.append(_problem(
                path, f"file is {info.st_size / 1e6:.1f} MB, above the {MAX_FILE_BYTES // 2**20} MiB limit for one config; not read",
                kind="too-large"))
            return None
        with open(path, "rb") as handle:  # named explicitly, /dev/stdin or a pipe is fine: read it
            if stat.S_ISREG(info.st_mode):
                data = handle.read()
            else:  # in chunks: read(n) would allocate n bytes up front
                chunks: list[bytes] = []
                size = 0
                while size <= MAX_FILE_BYTES and (chunk := handle.read(1 << 20)):
                    chunks.append(chunk)
                    size += len(chunk)
                data = b"".join(chunks)
        if len(data) > MAX_FILE_BYTES:  # a device, or a file that grew while read
            findings.append(_problem(
                path, f"file is larger than the {MAX_FILE_BYTES // 2**20} MiB limit for one config; not read",
                kind="too-large"))
            return None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        findings.append(_problem(path, f"cannot read file: {reason}", kind="unreadable"))
        return None
    if sizes is not None:
        sizes[path] = len(data)
    if not explicit and skipped is not None and (not data.strip() or b"\x00" in data[:8192]):
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            skipped.append(path)
            return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM (Windows PowerShell redirection)
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeError:
            pass  # reported as binary below
    if not data.strip():
        findings.append(_problem(path, "file is empty: nothing to audit", kind="empty"))
        return None
    if b"\x00" in data[:8192]:
        findings.append(_problem(path, "binary file (contains NUL bytes), not a configuration", kind="binary"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\r" in data:  # Windows CRLF and old Mac CR: parsers and line numbers see plain LF
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        findings.append(_problem(
            path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); read with replacement characters",
            line=line, kind="encoding"))
        return data.decode("utf-8", errors="replace")


def _parse_group(
    vendor: str, files: list[SourceFile], findings: list[Finding], spanning: frozenset[str] = frozenset()
) -> list[Device]:
    """``spanning``: words of secret values that span lines in these files (``secrets.mask_source``):
    whatever the parser quotes is masked with them in view."""
    parser = get_parser(vendor)
    if parser is None:
        for f in files:
            findings.append(_problem(f.path, f"no parser for vendor '{vendor}' in this version of vpnaudit", kind="vendor"))
        return []
    try:
        with spanning_secrets(spanning):
            return list(parser.parse(files))
    except ParseError as exc:
        findings.append(_problem(files[0].path, f"cannot parse as {vendor}: {exc.message}", line=exc.line, kind="parse"))
    except RecursionError:
        findings.append(_problem(files[0].path, f"cannot parse as {vendor}: nesting too deep", kind="parse"))
    except Exception as exc:  # a parser bug must not hide the other files; its text may hold a secret
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else ""
        findings.append(_problem(
            files[0].path,
            f"internal error in the {vendor} parser ({type(exc).__name__}{where}); please report it",
            kind="crash"))
    return []


def _read_nothing(d: Device) -> bool:
    """The parser took the file but found nothing a rule could judge or report."""
    return not (d.tunnels or d.ike_policies or d.ipsec_proposals or d.keys or d.bgp is not None
                or d.unmodeled or d.dangling or d.problems or d.connection is not None)


def _say_when_nothing_read(chosen: str, forced: str | None, files: list[SourceFile], parsed: list[Device],
                           problems: list[Finding], reported: bool) -> None:
    """Honesty: a file read as ``chosen`` from which nothing VPN-related came out is not "0 findings".

    This happens when ``--vendor`` forces a parser onto a file it does not understand (every vendor),
    or when a detected file holds no configuration the parser can read (an AWS dump whose
    ``VpnConnections`` is not a list): a CI gate must not pass on a file that was never read.
    """
    if reported:
        return
    how = f"forced with --vendor {forced}" if forced else f"recognised as {chosen}"
    if not parsed:
        problems.append(_problem(files[0].path, f"{how}, but no VPN configuration could be read from it", kind="parse"))
        return
    for d in parsed:
        if forced and _read_nothing(d):
            problems.append(_problem(
                d.source, f"{how}, but nothing VPN-related was read (no tunnel, proposal, key or BGP session); "
                f"is it really a {forced} configuration?", kind="parse"))


def load_devices(
    paths: Sequence[str],
    vendor: str | None = None,
    exclude: Sequence[str] = (),
    device: str | None = None,
    *,
    include: Sequence[str] = (),
    config_file: str | None = None,
    hook: bool = False,
    notices: list[str] | None = None,
    sizes: dict[str, int] | None = None,
    parse: bool = True,
) -> tuple[list[Device], list[Finding], MaskedSources, list[str], int]:
    """Read, detect and parse every input.

    ``device``: the files of a multi-file vendor (strongSwan, Check Point) form this one device,
    wherever they lie, instead of one device per directory. ``include`` / ``exclude``: gitignore
    patterns relative to the folder of ``config_file`` (see ``discover``). ``hook``: the files are
    named by a hook, so unrecognised ones are skipped like those found in a walk. ``notices`` and
    ``sizes`` (when given) receive what was skipped and the size of each file read.

    Returns (devices, VPN000 findings, path -> text, usage errors, files read); with ``parse=False``
    the parser work units (``Unit``) instead of devices, for ``parallel``.
    """
    from .discover import Selector, config_label, discover, listing

    problems: list[Finding] = []
    notices = notices if notices is not None else []
    base = os.path.dirname(os.path.abspath(config_file)) if config_file else "."
    found = discover(paths, Selector(base, exclude, include), hook=hook)
    errors = found.errors
    inputs = found.candidates
    walked_dirs = found.walked
    skipped: list[str] = []
    if found.excluded:
        notices.append(f"excluded by {config_label(config_file)}: {listing(found.excluded)}")
    if found.outside:
        notices.append(f"skipped symlinks that lead out of the scanned directory: {listing(found.outside)}")

    sources = MaskedSources()
    groups: dict[tuple[str, str], list[SourceFile]] = defaultdict(list)
    for item in inputs:
        text = _read(item.path, problems, item.explicit, skipped, sizes)
        if text is None:
            continue
        readable = unwrap_markdown(text) if item.path.lower().endswith(MARKDOWN_SUFFIXES) else text
        scores = detect_scores(readable, item.path)
        detected, confidence = best_vendor(scores)
        chosen = vendor or detected
        if vendor and detected and detected != vendor:
            own = scores.get(vendor, 0)
            if own < MIN_CONFIDENCE <= confidence:
                problems.append(_problem(
                    item.path, f"this looks like a {detected} config, not {vendor} as --vendor says; not parsed",
                    kind="vendor"))
                continue
        if chosen is None:
            if item.explicit:
                problems.append(_problem(
                    item.path,
                    "unknown format: not recognised as Cisco IOS, ASA, Junos, Check Point, strongSwan, Libreswan, "
                    "FortiOS, PAN-OS, an AWS VPN dump, Terraform or CloudFormation (use --vendor to force one)",
                    kind="vendor"))
            else:
                skipped.append(item.path)
            continue
        # Report excerpts quote the masked text (masked when first quoted), never the raw file.
        sources.add(item.path, text)
        parser = get_parser(chosen)
        multi = bool(parser is not None and getattr(parser, "MULTI_FILE", False))
        key = (chosen, (device or os.path.dirname(item.path)) if multi else item.path)
        groups[key].append(SourceFile(path=item.path, text=readable))

    if skipped:
        notices.append(f"skipped {len(skipped)} file{'s' if len(skipped) != 1 else ''} not recognised as a VPN "
                       f"configuration: {listing(sorted(skipped))}")
    reported = {p.path for p in problems}
    for directory, walked in walked_dirs.items():
        if not any(p in sources or p in reported for p in walked):
            what = "holds no files" if not walked else f"holds {len(walked)} files, none of them a VPN configuration"
            problems.append(_problem(directory, f"directory {what}", kind="empty-dir"))

    units: list[Unit] = []  # what becomes devices, in the order one process parses them
    for (chosen, _), files in sorted(groups.items()):  # the order of the command line never matters
        files = sorted(files, key=lambda f: f.path)
        splitter = None if device else getattr(get_parser(chosen), "group", None)
        units.extend((chosen, device_files, None)
                     for device_files in (splitter(files) if splitter and len(files) > 1 else [files]))
    if not parse:
        return units, problems, sources, errors, len(inputs)  # type: ignore[return-value]
    devices = [d for unit in units for d in parse_unit(unit, problems, device, vendor)]
    return devices, problems, sources, errors, len(inputs)


# A parser's work unit: (vendor, the files of one device or of several single-file devices, the words
# of secret values that span lines in them, or None: found where the unit is parsed, in a worker
# when there is a pool, since it costs a pass of the masking scanner over every line).
Unit = tuple[str, list[SourceFile], "frozenset[str] | None"]


def parse_unit(unit: Unit, problems: list[Finding], device: str | None = None, vendor: str | None = None) -> list[Device]:
    """The devices of one work unit (``vendor``: the one --vendor forced, if any)."""
    chosen, files, spanning = unit
    if spanning is None:  # the parser masks what it captures with the values that span lines in view
        spanning = spanning_words(f.text for f in files)
    before = len(problems)
    parsed = _parse_group(chosen, files, problems, spanning)
    _say_when_nothing_read(chosen, vendor, files, parsed, problems, len(problems) > before)
    if device:  # the name the user gave the device, where its files name none
        parsed = [d if d.hostname else d.model_copy(update={"hostname": device}) for d in parsed]
    return parsed


def _pairs(devices: Sequence[Device]) -> list[object]:
    try:
        from .pairing import pair_devices
    except ModuleNotFoundError:
        return []
    return list(pair_devices(devices))


def evaluate(
    devices: list[Device],
    problems: list[Finding],
    options: AuditOptions,
    report: Report,
    checked: tuple[int, list] | None = None,
) -> Report:
    """Run the rules over loaded devices and apply suppressions, waivers and the baseline.

    ``checked``: the per-device rules' findings for the first devices, from ``parallel``."""
    policy = load_policy(options.policy or options.profile)
    modules = engine.select_rules(options.profile, options.select, options.ignore, options.severity)
    selected_ids = {m.RULE.id for m in modules}
    both_sides = any(d.vendor == "aws" for d in devices) and any(d.vendor != "aws" for d in devices)
    pairs = _pairs(devices) if both_sides and any(m.RULE.scope == "pair" for m in modules) else []
    findings = engine.run(devices, policy, modules, options.severity, pairs, checked)
    if PARSE_ERROR.id in selected_ids:
        findings.extend(
            p.model_copy(update={"severity": options.severity.get(p.rule_id, p.severity)}) for p in problems
        )
    report.findings = sorted(findings, key=Finding.sort_key)
    report.devices = devices
    report.rules = [m.RULE for m in modules]
    report.pairs = pairs
    report.notices.extend(f"{pair.connection_id} and {pair.device.hostname or pair.device.source}: {note}"
                          for pair in pairs for note in getattr(pair, "notes", ()))
    if pairs:
        from .remediation import plans

        report.plans = plans(pairs, policy, report.findings)
    report.profile = options.profile
    if options.waivers:
        _apply_waivers(report, options)
    report.notices.extend(_malformed_directives(report.sources))
    if any(d.suppressions for d in devices):
        from .waivers import unused_inline

        report.notices.extend(unused_inline(report.findings, report.devices, ran=selected_ids))
    if options.baseline:
        from .baseline import apply_baseline

        report = apply_baseline(report, options.baseline)
    # What could not be analysed, for the reports' "not analysed" section: unreadable inputs and
    # failed API calls (the latter are errors, exit code 2, not findings).
    report.notifications = [f for f in report.findings if f.rule_id == PARSE_ERROR.id] + [
        _problem(error.split(": ", 1)[0], error, kind="error") for error in report.errors
    ]
    if report.pairs:  # once per run, after waivers and baseline (a suppressed finding blocks nothing)
        from .remediation import rows_of

        rows_of(report)  # the verdicts and the side-by-side rows every reporter shows
    return report


_NAMES_A_RULE = re.compile(r"\bVPN\d{3}\b", re.IGNORECASE)


def _malformed_directives(sources: Mapping[str, str]) -> list[str]:
    """Comments that try to suppress but are no directive (no rule named, or the rule ids followed by
    words that are not ``-- reason``): they suppress nothing, say so, and why."""
    from .parsers._base import parse_directive

    notices = []
    mentioning = (sources.mentioning("vpnaudit") if isinstance(sources, MaskedSources)
                  else [path for path, text in sources.items() if "vpnaudit" in text])
    for path in sorted(mentioning):
        text = sources[path]
        for number, line in enumerate(text.splitlines(), start=1):
            if "vpnaudit:" in line and "disable" in line and parse_directive(line) is None:
                why = ("it names no rule" if not _NAMES_A_RULE.search(line)
                       else "the rule ids are followed by words that are not '-- reason'")
                notices.append(f"{path}:{number}: suppression ignored: {why} "
                               "(write 'vpnaudit: disable=VPN110 -- reason')")
    return notices


def _apply_waivers(report: Report, options: AuditOptions) -> None:
    from .waivers import apply_waivers, load_waivers

    waivers = load_waivers(options.waivers)
    report.findings, notices = apply_waivers(
        report.findings, report.devices, waivers, options.today or date.today()
    )
    report.notices.extend(notices)


# A run allocates millions of small, acyclic objects (model instances, tuples, strings) that live
# until the report is written. With the default thresholds the cyclic collector walks that growing
# heap again and again, which alone made a 200,000-line config cost 12.7x a 20,000-line one instead
# of ~11x (and 25% more time at any size). Fewer young-generation passes during a run; restored after.
# The CLI renders its report under the same thresholds: the report's dicts and strings, allocated
# while every device and finding is alive, otherwise cost a quarter of the rendering in collections.
_RUN_GC_THRESHOLD = (50_000, 20, 100)


@contextmanager
def fewer_gc_passes() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*_RUN_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def audit(
    paths: Sequence[str],
    options: AuditOptions | None = None,
    aws_vpn_ids: Sequence[str] = (),
    aws_fetch: dict | None = None,
) -> Report:
    """Lint configuration files and directories (and AWS dumps among them).

    ``aws_vpn_ids``: also read these VPN connections live (``aws_fetch`` holds the other
    ``aws.fetch.collect`` arguments: regions, profile, ...) and pair the devices with them.
    """
    with fewer_gc_passes():
        return _audit(paths, options, aws_vpn_ids, aws_fetch)


def _audit(
    paths: Sequence[str],
    options: AuditOptions | None = None,
    aws_vpn_ids: Sequence[str] = (),
    aws_fetch: dict | None = None,
) -> Report:
    from .runinfo import collect, now

    started = now()
    options = options or AuditOptions()
    notices: list[str] = []
    sizes: dict[str, int] = {}
    token = None
    if options.libreswan_version is not None:  # imported only when asked for: the lint path stays lean
        from .parsers.strongswan import libreswan

        token = libreswan.VERSION.set(options.libreswan_version)
    try:
        units, problems, sources, errors, count = load_devices(
            paths, options.vendor, options.exclude, options.device, include=options.include,
            config_file=options.config_file, hook=options.hook, notices=notices, sizes=sizes, parse=False)
        checked = None
        from . import parallel

        if parallel.worth_a_pool(units, options.jobs):  # parse + per-device rules on every core
            devices, checked = parallel.parse_and_check(units, problems, options, notices)
        else:
            devices = [d for unit in units for d in parse_unit(unit, problems, options.device, options.vendor)]
    finally:
        if token is not None:
            libreswan.VERSION.reset(token)
    report = Report(sources=sources, errors=errors, files_read=count, notices=notices)
    report.inputs = sorted(sizes.items())
    report.config_file = options.config_file
    report.run = collect(started, options, report.inputs, paths[0] if paths else None)
    if aws_vpn_ids:
        from .aws import fetch as aws_fetch_module

        result = aws_fetch_module.collect(vpn_ids=list(aws_vpn_ids), policy=load_policy("aws"), **(aws_fetch or {}))
        report.errors.extend(str(e) for e in result.errors)
        report.notices.extend(result.notes)
        found = {d.connection.id for d in result.devices if d.connection}
        if not result.errors:  # a read that failed (no credentials, no access) found nothing: not "not found"
            report.errors.extend(f"{v}: VPN connection not found" for v in aws_vpn_ids if v not in found)
        devices += result.devices
    return evaluate(devices, problems, options, report, checked)


def exit_code(report: Report, fail_on: Severity = Severity.INFO) -> int:
    """0 clean, 1 an active finding at or above ``fail_on``, 2 a usage or infrastructure error."""
    if report.errors:
        return 2
    if any(f.severity.rank >= fail_on.rank for f in report.active):
        return 1
    return 0


def _dump_inputs(paths: Sequence[str]) -> list[tuple[str, int]]:
    """(path, bytes) of every dump ``aws.fetch.load_dumps`` reads for ``paths``: the ``*.json`` of a
    folder, a named file and the ``*.json`` beside it (read for gateway dumps), for the report header."""
    files: dict[str, int] = {}
    for raw in paths:
        path = Path(raw)
        folder = path if path.is_dir() else path.parent
        named = [] if path.is_dir() else [path]
        for item in [*named, *sorted(folder.glob("*.json"))]:
            try:
                if item.is_file():
                    files.setdefault(str(item), item.stat().st_size)
            except OSError:
                continue
    return sorted(files.items())


def audit_aws(
    options: AuditOptions,
    *,
    from_json: Sequence[str] = (),
    save_json: str | None = None,
    overwrite: bool = False,
    progress=None,
    **fetch: object,
) -> Report:
    """Audit AWS VPN connections: live (``fetch`` arguments of ``aws.fetch.collect``) or saved dumps.

    A failed API call is a report error (exit code 2), never an empty clean result; so is a
    ``from_json`` that holds no dump. ``save_json`` (the raw responses, keys included) is created
    0600, never through a symlink, and replaces an existing file only with ``overwrite``.
    """
    from .aws import fetch as aws_fetch  # boto3 is imported inside, only when going live
    from .runinfo import collect, now

    report = Report(config_file=options.config_file)
    present = [p for p in from_json if os.path.exists(p)]
    report.inputs = _dump_inputs(present)
    report.run = collect(now(), options, report.inputs, from_json[0] if from_json else None)
    if from_json:
        missing = [p for p in from_json if p not in present]
        report.errors.extend(f"{p}: no such file or directory" for p in missing)
        devices = aws_fetch.load_dumps(present, policy=load_policy("aws"))
        report.files_read = len(present)
        readable = [p for p in present if not os.path.isdir(p) or any(Path(p).glob("*.json"))]
        if present and not readable:  # an empty directory is not "0 findings"
            report.errors.append(f"{', '.join(present)}: no AWS dump (*.json) to read")
    else:
        if save_json and not overwrite and os.path.lexists(save_json):  # before a long read, not after
            raise ValueError(f"--save-json {save_json}: the file exists (use --overwrite to replace it)")
        result = aws_fetch.collect(progress=progress, policy=load_policy("aws"), **fetch)  # type: ignore[arg-type]
        report.errors.extend(str(e) for e in result.errors)
        report.notices.extend(result.notes)
        if save_json:
            try:
                aws_fetch.save_raw(result, save_json, overwrite=overwrite)
            except OSError as exc:
                report.errors.append(f"--save-json {save_json}: {aws_fetch.save_error(exc)}")
        devices = result.devices
    return evaluate(devices, [], options, report)
