"""Intermediate records of the ASA reader (interfaces, crypto map entries, profiles, tunnel-groups, ACLs)."""

from __future__ import annotations

from ..._struct import dataclass, field

from ...model import Dpd, PreSharedKey


@dataclass
class _Iface:
    hw: str
    line: int
    nameif: str | None = None
    address: str | None = None
    mask: str | None = None
    address_line: int | None = None
    shutdown: bool = False
    src_if: str | None = None
    src_line: int | None = None
    destination: str | None = None
    mode: str | None = None
    profile: str | None = None
    profile_line: int | None = None


@dataclass
class _MapEntry:
    kind: str  # "crypto map" / "crypto dynamic-map"
    name: str
    seq: int
    line: int
    acl: tuple[str, int] | None = None
    peers: list[tuple[str, int]] = field(default_factory=list)
    ts_v1: list[tuple[str, int]] = field(default_factory=list)
    props_v2: list[tuple[str, int]] = field(default_factory=list)
    pfs: tuple[int | None, int] | None = None  # (group or None = bare "set pfs", line)
    life_s: int | None = None
    life_kb: int | None = None
    life_line: int | None = None
    aggressive: bool = False
    mode_line: int | None = None  # the "set ikev1 phase1-mode" line
    nat_t_disable: bool = False
    trustpoint: bool = False
    dynamic: tuple[str, int] | None = None
    replay: tuple[bool, int | None] | None = None
    last_line: int = 0

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name} {self.seq}"


@dataclass
class _Profile:
    name: str
    line: int
    ts_v1: list[tuple[str, int]] = field(default_factory=list)
    props_v2: list[tuple[str, int]] = field(default_factory=list)
    pfs: tuple[int | None, int] | None = None
    life_s: int | None = None
    life_kb: int | None = None
    life_line: int | None = None
    replay: tuple[bool, int | None] | None = None


@dataclass
class _TunnelGroup:
    name: str
    line: int
    type: str | None = None
    attr_line: int | None = None
    last_line: int = 0
    keys: list[tuple[str, PreSharedKey]] = field(default_factory=list)  # (role, key)
    certificate: bool = False
    dpd: Dpd | None = None


@dataclass
class _Acl:
    name: str
    line: int
    standard: bool = False
    entries: list[tuple[int, str, str, list[str], list[str]]] = field(default_factory=list)
    # (line, action, protocol, sources, destinations)


