"""Rules, violations and findings: what checks declare, yield, and what reporters print."""

from __future__ import annotations

import hashlib
from ._struct import dataclass, field
from enum import StrEnum
from typing import Literal

from ._record import Record


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def sarif_level(self) -> Literal["error", "warning", "note"]:
        return "error" if self.rank >= 3 else "warning" if self is Severity.MEDIUM else "note"

    @property
    def security_severity(self) -> str:
        return {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}[self.value]


_RANK = {Severity.INFO: 0, Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}

Profile = Literal["aws", "recommended", "strict"]
PROFILES: tuple[Profile, ...] = ("aws", "recommended", "strict")
Scope = Literal["device", "pair"]

DOCS_URL = "https://github.com/vpnaudit/vpnaudit/blob/main/docs/rules/{id}.md"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's metadata, declared beside its ``check`` function.

    ``profile`` is the lowest profile that runs the rule: aws < recommended < strict.
    ``scope`` is "device" for ``check(device, policy)`` rules and "pair" for the 6xx rules that
    take ``check(pair, policy)`` (a device with the AWS connection it talks to).
    """

    id: str
    name: str
    severity: Severity
    profile: Profile
    summary: str  # one line, used as SARIF shortDescription
    references: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    scope: Scope = "device"

    @property
    def help_uri(self) -> str:
        return DOCS_URL.format(id=self.id)

    def runs_in(self, profile: str) -> bool:
        return PROFILES.index(self.profile) <= PROFILES.index(profile)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Violation:
    """What a check yields: a message about one object at one place.

    ``target`` is the logical object (``ike-proposal:AWS-PROP``, ``tunnel:Tunnel1``,
    ``aws-tunnel:203.0.113.1``): with the rule and the device it makes a finding's identity for
    baselines and SARIF fingerprints, which must survive line moves.
    """

    message: str
    line: int | None = None
    file: str | None = None
    target: str = ""
    severity: Severity | None = None  # only when the rule's severity depends on the case
    fix: str | None = None  # a concrete fix for this case, when the rule can say it
    tunnel: str | None = None


class Suppression(Record):
    kind: Literal["inSource", "external"]
    justification: str = ""
    source: str = ""  # "inline:12" / waiver file path


class Finding(Record):
    """A violation bound to its rule and device, after severity overrides and suppressions."""

    _converters = {"severity": Severity}  # a rule may give its severity as a plain string

    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    path: str  # as the user gave it (repository-relative when run from the repo root)
    line: int | None = None
    device: str = ""  # device source path or AWS connection id
    target: str = ""
    tunnel: str | None = None
    fix: str | None = None
    suppressions: tuple[Suppression, ...] = ()

    @property
    def suppressed(self) -> bool:
        return bool(self.suppressions)

    @property
    def identity(self) -> str:
        """Stable across line moves: rule + device + logical object (+ message when no object)."""
        basis = f"{self.rule_id}|{self.device}|{self.target or self.message}"
        return hashlib.sha256(basis.encode("utf-8", "surrogateescape")).hexdigest()[:32]

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line or 0, self.rule_id, self.message)


@dataclass(slots=True)
class Report:
    """Everything one audit produced; reporters render it."""

    findings: list[Finding] = field(default_factory=list)
    devices: list = field(default_factory=list)  # list[model.Device]
    rules: list[Rule] = field(default_factory=list)  # the rules that ran
    notifications: list[Finding] = field(default_factory=list)  # VPN000: could not analyse
    fixed: list[dict] = field(default_factory=list)  # baseline entries no longer found
    pairs: list = field(default_factory=list)  # device/AWS pairings with their negotiation results
    plans: list = field(default_factory=list)  # remediation.Plan: outage-free fixes for mismatches
    verdicts: list | None = None  # pairing.Verdict per AWS tunnel, once per run (pairing.verdicts_of)
    pair_rows: list | None = None  # remediation.TunnelRow per AWS tunnel, once per run (remediation.rows_of)
    profile: str = "recommended"
    sources: dict[str, str] = field(default_factory=dict)  # path -> text, for report excerpts
    errors: list[str] = field(default_factory=list)  # usage / infrastructure errors: exit code 2
    notices: list[str] = field(default_factory=list)  # expired or unused waivers, skipped files
    files_read: int = 0
    inputs: list[tuple[str, int]] = field(default_factory=list)  # (path, bytes) of every file read
    config_file: str | None = None  # the configuration file used, None for built-in defaults
    run: object = None  # runinfo.RunInfo: dates, version, policy digest, git, exit code (set by the CLI)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]
