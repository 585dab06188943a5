"""Policy packs: the values rules compare against, loaded from TOML (``rules/*.toml``).

A pack may ``extends = "aws" | "recommended" | "strict" | "path/to/other.toml"``; tables merge
key by key, and a list replaces the inherited list. Built-in packs ship inside the wheel as the
``vpnaudit._packs`` package (the repository's ``rules/`` folder).
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from ._record import Record, RecordError

from .limits import MAX_CONTROL_BYTES, TooLarge, parse_toml, read_text

BUILTIN_PACKS = ("aws", "recommended", "strict")
MAX_EXTENDS = 16  # packs in one ``extends`` chain


class PolicyError(Exception):
    """A policy pack cannot be read or is invalid (exit code 2)."""


class _Section(Record):
    """A frozen table of a pack: unknown keys and wrong types are errors (``Record.model_validate``)."""


class IkePolicy(_Section):
    versions: tuple[int, ...]
    modes: tuple[str, ...]
    auth: tuple[str, ...]
    encryption: tuple[str, ...]
    ikev2_only_encryption: tuple[str, ...]
    integrity: tuple[str, ...]
    dh_groups: tuple[int, ...]
    lifetime_min: int
    lifetime_max: int
    lifetime_default: int


class IpsecPolicy(_Section):
    protocols: tuple[str, ...]
    modes: tuple[str, ...]
    encryption: tuple[str, ...]
    integrity: tuple[str, ...]
    aead_encryption: tuple[str, ...]
    pfs_groups: tuple[int, ...]
    lifetime_min: int
    lifetime_max: int
    lifetime_default: int


class WeakPolicy(_Section):
    encryption: tuple[str, ...]
    integrity: tuple[str, ...]
    dh_groups: tuple[int, ...]


class CnsaPolicy(_Section):
    encryption: tuple[str, ...]
    integrity: tuple[str, ...]
    dh_groups: tuple[int, ...]
    ike_versions: tuple[int, ...]


class PskPolicy(_Section):
    min_length: int
    max_length: int
    allowed_charset: tuple[str, ...]
    forbid_leading_zero: bool
    weak_min_length: int
    weak_min_entropy_bits: float
    wildcard_peers: tuple[str, ...]


class DpdPolicy(_Section):
    required: bool
    max_detection_seconds: int
    sample_interval_seconds: int
    sample_retries: int


class InsidePolicy(_Section):
    supernet: str
    prefix_length: int
    reserved: tuple[str, ...]


class BgpPolicy(_Section):
    max_keepalive_seconds: int
    max_hold_seconds: int
    max_prefixes: int
    reserved_customer_asns: tuple[int, ...]
    default_amazon_asn: int


class MtuRow(_Section):
    encryption: Literal["gcm", "cbc"]
    integrity: tuple[str, ...]
    nat_t: bool | Literal["any"]
    mtu: int
    mss: int


class MtuPolicy(_Section):
    max_mtu: int
    max_mss: int
    table: tuple[MtuRow, ...]

    def limits(self, encryption: str, integrity: str | None, nat_t: bool) -> tuple[int, int]:
        """(mtu, mss) for one algorithm pair; the AWS maxima when no row matches."""
        kind = "gcm" if "GCM" in encryption.upper() else "cbc"
        for row in self.table:
            if row.encryption != kind:
                continue
            if kind == "cbc" and integrity not in row.integrity:
                continue
            if row.nat_t != "any" and row.nat_t != nat_t:
                continue
            return row.mtu, row.mss
        return self.max_mtu, self.max_mss


class AwsSidePolicy(_Section):
    ike_versions: tuple[int, ...]
    phase1_encryption: tuple[str, ...]
    phase1_integrity: tuple[str, ...]
    phase1_dh_groups: tuple[int, ...]
    phase2_encryption: tuple[str, ...]
    phase2_integrity: tuple[str, ...]
    phase2_dh_groups: tuple[int, ...]
    phase1_lifetime: int
    phase2_lifetime: int
    rekey_margin: int
    rekey_fuzz: int
    replay_window: int
    dpd_timeout: int
    dpd_timeout_action: str
    startup_action: str


class Policy(_Section):
    name: str
    ike: IkePolicy
    ipsec: IpsecPolicy
    weak: WeakPolicy
    cnsa: CnsaPolicy
    psk: PskPolicy
    dpd: DpdPolicy
    inside: InsidePolicy
    bgp: BgpPolicy
    mtu: MtuPolicy
    aws_side: AwsSidePolicy
    sources: tuple[str, ...] = ()  # the pack files merged, base first


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``over`` merged in, table by table; a loop, not a recursion: two packs with the
    same table nested 5,000 deep (``[a.a.a...]``, a few KB of TOML) overflowed the stack."""
    merged = dict(base)
    pending = [(merged, over)]
    while pending:
        into, layer = pending.pop()
        for key, value in layer.items():
            if isinstance(value, dict) and isinstance(into.get(key), dict):
                into[key] = dict(into[key])
                pending.append((into[key], value))
            else:
                into[key] = value
    return merged


def _read_pack(ref: str, seen: tuple[str, ...] = ()) -> tuple[dict[str, Any], tuple[str, ...]]:
    if ref in BUILTIN_PACKS:
        origin = f"builtin:{ref}"
        try:
            text = resources.files("vpnaudit._packs").joinpath(f"{ref}.toml").read_text("utf-8")
        except (ModuleNotFoundError, FileNotFoundError):  # running from a source tree
            text = (Path(__file__).resolve().parent.parent / "rules" / f"{ref}.toml").read_text("utf-8")
        base_dir = None
    else:
        path = Path(ref)
        origin = str(path)
        try:
            text = read_text(path, MAX_CONTROL_BYTES, "policy pack")
        except (OSError, UnicodeDecodeError, TooLarge) as exc:
            raise PolicyError(f"cannot read policy pack {ref}: {getattr(exc, 'strerror', None) or exc}") from None
        base_dir = path.parent
    if origin in seen:
        raise PolicyError(f"policy pack {ref} extends itself (cycle: {' -> '.join(seen + (origin,))})")
    if len(seen) >= MAX_EXTENDS:  # one recursion per pack: a chain of 1,000 overflowed the stack
        raise PolicyError(f"policy pack {seen[0]}: more than {MAX_EXTENDS} packs extend one another")
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"policy pack {ref} is not valid TOML: {exc}") from None
    parent = data.pop("extends", None)
    if parent is None:
        return data, (origin,)
    if not isinstance(parent, str):
        raise PolicyError(f"policy pack {ref}: 'extends' must be a pack name or a path")
    if parent not in BUILTIN_PACKS and base_dir is not None and not Path(parent).is_absolute():
        parent = str(base_dir / parent)
    base, chain = _read_pack(parent, seen + (origin,))
    return _merge(base, data), chain + (origin,)


def load_policy(ref: str = "recommended") -> Policy:
    """Load a built-in pack by name or an organisation pack by path (it may extend a built-in)."""
    data, chain = _read_pack(ref)
    try:
        return Policy.model_validate({**data, "sources": chain})
    except RecordError as exc:
        raise PolicyError(f"policy pack {ref} is invalid: {exc}") from None
