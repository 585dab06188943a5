"""The waiver file: suppressions for sources that cannot carry comments.

Configs pulled from devices lose their comments and AWS connections have none, so a finding there
is accepted in ``.vpnaudit-waivers.toml`` (or the file ``--waivers`` names)::

    [[waiver]]
    rule = "VPN113"                      # one rule ID, or a list: ["VPN110", "VPN111"]
    vpn_connection = "vpn-0123456789abcdef0"
    reason = "Partner ASA 8.2 speaks IKEv1 only; replacement tracked in NET-1234"
    expires = 2026-06-30                 # optional; the waiver stops applying after this day

    [[waiver]]
    rule = ["VPN503"]
    tag = "Env=lab"                      # AWS connection tag, Key=Value (or just Key)
    reason = "Lab connections do not ship tunnel logs"

Selectors (all optional, all given must match): ``path`` (glob on the finding's file; ``*``
also crosses ``/``), ``device`` (the device's source, hostname or connection id; glob),
``vpn_connection`` (an AWS VPN connection id), ``tag`` (``Key=Value`` on the AWS connection),
``tunnel`` (the tunnel name or AWS outside IP; glob), ``target`` (the finding's logical object,
e.g. ``ike-proposal:LEGACY``; glob). ``reason`` is required; it becomes the SARIF suppression's
justification. A waiver that matched nothing, or has expired, yields a notice.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from ._record import Record, RecordError, field
from .findings import Finding, Suppression
from .limits import MAX_CONTROL_BYTES, clipped, parse_toml, problem_list, quoted, read_text

DEFAULT_FILE = ".vpnaudit-waivers.toml"
EXPIRY_WARNING_DAYS = 14
_RULE_ID = re.compile(r"^VPN\d{3}$")
_HEADER = re.compile(r"^\s*\[\[\s*waiver\s*\]\]")
_KEYS = ("rule", "reason", "path", "device", "vpn_connection", "tag", "tunnel", "target", "expires")


class Waiver(Record):
    rule: tuple[str, ...]
    reason: str
    path: str | None = None
    device: str | None = None
    vpn_connection: str | None = None
    tag: str | None = None
    tunnel: str | None = None
    target: str | None = None
    expires: date | None = None
    # Where the waiver was read from (set by load_waivers, not written in the file).
    source: str = field(default="", exclude=True)
    index: int = field(default=0, exclude=True)  # 1-based position among [[waiver]] tables
    line: int | None = field(default=None, exclude=True)

    @property
    def label(self) -> str:
        """How notices name the waiver: ``file:index`` (the SARIF suppression location)."""
        return f"{self.source}:{self.index}"

    def describe(self) -> str:
        parts = [",".join(self.rule)]
        for name in ("path", "device", "vpn_connection", "tag", "tunnel", "target"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}={value}")
        where = f" (line {self.line})" if self.line else ""
        return f"waiver {self.index} in {self.source}{where} [{' '.join(parts)}]"

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires


def _rules(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not items:
        raise ValueError("must be a rule ID or a non-empty list of rule IDs")
    ids = []
    for item in items:
        if not isinstance(item, str) or not _RULE_ID.match(item.strip().upper()):
            raise ValueError(f"{quoted(item)} is not a rule ID like 'VPN113'")
        ids.append(item.strip().upper())
    return tuple(ids)


def _waiver(table: dict[str, Any], source: str, index: int, line: int | None) -> Waiver:
    """Validate one [[waiver]] table; ValueError with every problem as ``key: message``."""
    problems: list[str] = []
    data = dict(table)
    for key in data:
        if key not in _KEYS:
            problems.append(f"{clipped(key)}: unknown key (allowed: {', '.join(_KEYS)})")
    if "rule" in data:
        try:
            data["rule"] = _rules(data["rule"])
        except ValueError as exc:
            problems.append(f"rule: {exc}")
    if isinstance(data.get("expires"), str):  # a quoted date: "2026-06-30"
        try:
            data["expires"] = date.fromisoformat(data["expires"])
        except ValueError:
            problems.append(f"expires: {quoted(data['expires'])} is not a date like 2026-06-30")
    elif isinstance(data.get("expires"), datetime):  # a date, to the type check; compared with one, a TypeError
        problems.append(f"expires: {data['expires'].isoformat()} is a date and time; write a date like 2026-06-30")
    if isinstance(data.get("reason"), str):
        data["reason"] = data["reason"].strip()
        if not data["reason"]:
            problems.append("reason: must say why the finding is accepted")
    tag = data.get("tag")
    if isinstance(tag, str) and not tag.split("=", 1)[0].strip():
        problems.append("tag: must be 'Key=Value' or 'Key'")
    if problems:
        raise ValueError(problem_list(problems))
    try:
        return Waiver.model_validate({**{k: v for k, v in data.items() if k in _KEYS},
                                      "source": source, "index": index, "line": line})
    except RecordError as exc:
        raise ValueError(str(exc)) from None


def load_waivers(path: str | Path) -> list[Waiver]:
    """Read and validate a waiver file. ValueError with a readable message when it is unusable."""
    name = str(path)
    try:
        text = read_text(path, MAX_CONTROL_BYTES, "waiver file")
    except FileNotFoundError:
        raise ValueError(f"waiver file {name} does not exist") from None
    except OSError as exc:
        raise ValueError(f"cannot read waiver file {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"waiver file {name} is not UTF-8 text") from None
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"waiver file {name} is not valid TOML: {exc}") from None
    unknown = sorted(key for key in data if key != "waiver")
    if unknown:
        listed = problem_list([clipped(key) for key in unknown], ", ")
        raise ValueError(f"waiver file {name}: unknown top-level key(s) {listed}; use [[waiver]] tables")
    tables = data.get("waiver", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ValueError(f"waiver file {name}: 'waiver' must be an array of tables ([[waiver]])")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if _HEADER.match(line)]
    waivers = []
    for index, table in enumerate(tables, 1):
        line = lines[index - 1] if len(lines) == len(tables) else None
        where = f"waiver {index}" + (f" (line {line})" if line else "")
        for reserved in ("source", "index", "line"):
            if reserved in table:
                raise ValueError(f"waiver file {name}: {where}: {reserved}: unknown key")
        try:
            waiver = _waiver(table, name, index, line)
        except ValueError as exc:
            raise ValueError(f"waiver file {name}: {where}: {exc}") from None
        waivers.append(waiver)
    return waivers


def _device_label(device: Any) -> str:
    connection = getattr(device, "connection", None)
    if connection is not None and getattr(connection, "id", None):
        return str(connection.id)
    return str(getattr(device, "source", ""))


def _glob(pattern: str, *values: str | None) -> bool:
    return any(v is not None and (v == pattern or fnmatchcase(v, pattern)) for v in values)


def _tag_matches(selector: str, tags: Iterable[tuple[str, str]]) -> bool:
    key, has_value, value = selector.partition("=")
    key, value = key.strip(), value.strip()
    for tag_key, tag_value in tags:
        if tag_key == key and (not has_value or fnmatchcase(tag_value, value)):
            return True
    return False


def _matches(waiver: Waiver, finding: Finding, device: Any) -> bool:
    if finding.rule_id not in waiver.rule:
        return False
    if waiver.path is not None and not _glob(waiver.path, finding.path, finding.path.replace("\\", "/")):
        return False
    connection = getattr(device, "connection", None) if device is not None else None
    if waiver.device is not None:
        names = [finding.device]
        if device is not None:
            names += [getattr(device, "source", None), getattr(device, "hostname", None)]
        if not _glob(waiver.device, *names):
            return False
    if waiver.vpn_connection is not None:
        ids = {finding.device}
        if connection is not None:
            ids.add(connection.id)
        if waiver.vpn_connection not in ids:
            return False
    if waiver.tag is not None:
        if connection is None or not _tag_matches(waiver.tag, getattr(connection, "tags", ())):
            return False
    if waiver.tunnel is not None and not _glob(waiver.tunnel, finding.tunnel):
        return False
    if waiver.target is not None and not _glob(waiver.target, finding.target):
        return False
    return True


_GLOB = frozenset("*?[")


class _Index:
    """The waivers a finding may match, found without trying every waiver on every finding.

    A waiver can only match findings of its rules; one that names an AWS connection, or a device
    without glob characters, only findings whose connection id or device name equals it. So the
    live waivers are kept under (rule, kind, exact value), the rest under (rule,): a finding looks
    up its rule with each of its names, and ``_matches`` decides among those few candidates, in
    file order. 500 waivers over 13,000 findings tried 6.5 million pairs before."""

    __slots__ = ("_buckets",)

    def __init__(self, live: Sequence[Waiver]):
        self._buckets: dict[tuple[str, ...], list[tuple[int, Waiver]]] = {}
        for position, waiver in enumerate(live):
            if waiver.vpn_connection is not None:
                extra: tuple[str, ...] = ("connection", waiver.vpn_connection)
            elif waiver.device is not None and not _GLOB.intersection(waiver.device):
                extra = ("device", waiver.device)
            else:
                extra = ()
            for rule in dict.fromkeys(waiver.rule):
                self._buckets.setdefault((rule, *extra), []).append((position, waiver))

    def candidates(self, finding: Finding, device: Any) -> list[Waiver]:
        rule = finding.rule_id
        keys = [(rule,), (rule, "connection", finding.device), (rule, "device", finding.device)]
        connection = getattr(device, "connection", None) if device is not None else None
        if connection is not None and getattr(connection, "id", None):
            keys.append((rule, "connection", connection.id))
        if device is not None:
            keys.extend((rule, "device", name) for name in (getattr(device, "source", None), getattr(device, "hostname", None))
                        if isinstance(name, str))
        found: dict[int, Waiver] = {}
        for key in dict.fromkeys(keys):
            for position, waiver in self._buckets.get(key, ()):
                found[position] = waiver
        return [found[position] for position in sorted(found)]


def apply_waivers(
    findings: Sequence[Finding],
    devices: Sequence[Any],
    waivers: Sequence[Waiver],
    today: date,
    *,
    expiry_warning_days: int = EXPIRY_WARNING_DAYS,
) -> tuple[list[Finding], list[str]]:
    """``findings`` with an external suppression added for each waiver that covers them, and notices.

    Notices: expired waivers (they no longer apply), waivers that matched no finding, and waivers
    about to expire (within ``expiry_warning_days``). Finding order is kept.
    """
    by_label = {_device_label(d): d for d in devices}
    live = [w for w in waivers if not w.expired(today)]
    index = _Index(live)
    used: set[int] = set()
    out: list[Finding] = []
    for finding in findings:
        device = by_label.get(finding.device)
        added = []
        for waiver in index.candidates(finding, device):
            if _matches(waiver, finding, device):
                used.add(waiver.index)
                added.append(Suppression(kind="external", justification=waiver.reason, source=waiver.label))
        if added:
            finding = finding.model_copy(update={"suppressions": (*finding.suppressions, *added)})
        out.append(finding)
    notices = []
    for waiver in waivers:
        if waiver.expired(today):
            notices.append(
                f"{waiver.describe()} expired on {waiver.expires.isoformat()} and no longer applies; "  # type: ignore[union-attr]
                "renew it with a new date or fix the findings"
            )
        elif waiver.index not in used:
            notices.append(f"{waiver.describe()} matched no finding; remove it or correct its selectors")
        elif waiver.expires is not None and (waiver.expires - today).days <= expiry_warning_days:
            days = (waiver.expires - today).days
            notices.append(f"{waiver.describe()} expires on {waiver.expires.isoformat()} (in {days} day(s))")
    return out, notices


def unused_inline(findings: Sequence[Finding], devices: Sequence[Any], ran: Iterable[str] | None = None) -> list[str]:
    """Inline ``vpnaudit: disable=...`` directives (or rule IDs in them) that suppressed nothing,
    and directives that give no reason (the README requires one; they still apply).

    Like pylint's useless-suppression. ``ran``: the IDs of the rules that ran; a directive for a
    rule that did not run (another profile) is not reported, since it may well be needed there.
    """
    ran_ids = set(ran) if ran is not None else None
    used = {(s.source, f.rule_id) for f in findings for s in f.suppressions if s.kind == "inSource"}
    notices: set[tuple[str, int, str]] = set()
    for device in devices:
        for directive in getattr(device, "suppressions", ()):
            file = directive.file or device.source
            where = f"{file}:{directive.line}"
            idle = [
                rule_id
                for rule_id in directive.rule_ids
                if (where, rule_id) not in used and (ran_ids is None or rule_id in ran_ids)
            ]
            if idle:
                text = f"{where}: inline suppression of {', '.join(idle)} suppressed nothing; remove it"
                notices.add((file, directive.line, text))
            if not directive.reason:  # it still suppresses; a reviewer must be able to see why
                text = (f"{where}: inline suppression of {', '.join(directive.rule_ids)} gives no reason; "
                        f"write 'vpnaudit: disable={','.join(directive.rule_ids)} -- why'")
                notices.add((file, directive.line, text))
    return [text for _, _, text in sorted(notices)]
