"""The IOS objects collected before they are joined into tunnels, and the small builders the reader uses
(keys, DPD, peers, ACL entries)."""

from __future__ import annotations

import ipaddress
from ..._struct import dataclass, field

from ...model import (
    Dpd,
    PreSharedKey,
    TrafficSelector,
)
from .defaults import _DPD_RETRANSMITS, _DPD_RETRY_DEFAULT
from .lexer import _int, _ip, _mask_len, _net, _wildcard_len

_TYPE7_XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"


def _type7(encoded: str) -> str | None:
    """Reverse a Cisco type 7 string (a published, keyless Vigenere); None when malformed."""
    if len(encoded) < 4 or len(encoded) % 2 or not encoded[:2].isdigit():
        return None
    seed = int(encoded[:2])
    try:
        return "".join(
            chr(int(encoded[i:i + 2], 16) ^ ord(_TYPE7_XLAT[(seed + n) % len(_TYPE7_XLAT)]))
            for n, i in enumerate(range(2, len(encoded), 2))
        )
    except (ValueError, IndexError):
        return None


def _psk(tokens: list[str], line: int, **fields: object) -> PreSharedKey | None:
    """``[0|6|7] KEY`` -> PreSharedKey, never keeping the key."""
    if not tokens:
        return None
    kind, secret = ("0", tokens[0]) if len(tokens) == 1 or tokens[0] not in ("0", "6", "7") else (tokens[0], tokens[1])
    if kind == "6":
        return PreSharedKey(present=True, encrypted=True, encoding="cisco-type6", line=line, **fields)  # type: ignore[arg-type]
    if kind == "7":
        clear = _type7(secret)
        if clear is None:
            return PreSharedKey(present=True, encrypted=True, encoding="cisco-type7", line=line, **fields)  # type: ignore[arg-type]
        return PreSharedKey.from_secret(clear, encrypted=True, encoding="cisco-type7", line=line, **fields)
    return PreSharedKey.from_secret(secret, encoding="plain", line=line, **fields)


@dataclass(slots=True)
class _Keyring:
    name: str
    line: int
    keys: list[PreSharedKey] = field(default_factory=list)
    local_address: str | None = None


@dataclass(slots=True)
class _IsakmpProfile:
    name: str
    line: int
    keyrings: list[tuple[str, int]] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    dpd: Dpd | None = None
    local_address: str | None = None
    aggressive: bool = False
    aggressive_line: int | None = None


@dataclass(slots=True)
class _V2Policy:
    name: str
    line: int
    proposals: list[tuple[str, int]] = field(default_factory=list)
    local_addresses: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _V2Profile:
    name: str
    line: int
    matches: list[str] = field(default_factory=list)
    auth_local: str | None = None
    auth_remote: str | None = None
    keyring: tuple[str, int] | None = None
    inline_key: PreSharedKey | None = None
    dpd: Dpd | None = None
    lifetime: int | None = None
    lifetime_line: int | None = None
    local_id: str | None = None
    remote_id: str | None = None


@dataclass(slots=True)
class _V2KeyPeer:
    keyring: str
    name: str
    line: int
    addresses: list[str] = field(default_factory=list)
    keys: list[tuple[str, PreSharedKey]] = field(default_factory=list)  # (local|remote|both, key)


@dataclass(slots=True)
class _Phase2:
    """What an ipsec profile and a crypto-map entry share."""

    name: str
    line: int
    transform_sets: list[tuple[str, int]] = field(default_factory=list)
    pfs: tuple[int, int] | None = None  # (group, line)
    lifetime: int | None = None
    lifetime_kb: int | None = None
    replay: bool | None = None
    replay_window: int | None = None
    ikev2_profile: tuple[str, int] | None = None
    isakmp_profile: tuple[str, int] | None = None
    peers: list[tuple[str, int]] = field(default_factory=list)
    acl: tuple[str, int] | None = None
    dynamic: tuple[str, int] | None = None
    map_name: str = ""
    seq: int = 0
    kind: str = "crypto ipsec profile"  # or "crypto map" / "crypto dynamic-map"
    setting_lines: dict[str, int] = field(default_factory=dict)  # model field -> line of its set command

    @property
    def referrer(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(slots=True)
class _Interface:
    name: str
    line: int
    address: str | None = None
    prefix: int | None = None
    address_line: int | None = None
    shutdown: bool = False
    crypto_map: tuple[str, int] | None = None
    source: tuple[str, int] | None = None
    destination: str | None = None
    mode: str | None = None
    protection: tuple[str, int] | None = None
    mtu: int | None = None
    mss: int | None = None
    setting_lines: dict[str, int] = field(default_factory=dict)  # model field -> line (ip mtu, adjust-mss)
    df_bit: str | None = None
    fragmentation: str | None = None


def _dh(token: str) -> int | None:
    token = token.lower()
    if token.startswith("group") and token[5:].isdigit():
        return int(token[5:])
    return _int(token)


def _dpd_values(interval: int | None, retry: int | None, mode: str | None, line: int) -> Dpd | None:
    if interval is None:
        return None
    defaults = ["retries"]
    if retry is None:
        retry = _DPD_RETRY_DEFAULT
        defaults.append("timeout_seconds")
    if mode is None:
        mode = "on-demand"  # IOS default: on-demand DPD
        defaults.append("mode")
    return Dpd(enabled=True, interval_seconds=interval, retries=_DPD_RETRANSMITS,
               timeout_seconds=interval + _DPD_RETRANSMITS * retry, mode=mode, line=line,  # type: ignore[arg-type]
               defaults=tuple(defaults))


def _dpd(args: list[str], line: int) -> Dpd | None:
    """``S [R] [periodic|on-demand]`` (isakmp keepalive, ikev2 dpd)."""
    numbers = [n for n in (_int(a) for a in args) if n is not None]
    mode = next((a for a in args if a in ("periodic", "on-demand")), None)
    return _dpd_values(numbers[0] if numbers else None, numbers[1] if len(numbers) > 1 else None, mode, line)


def _is_wildcard(peer: str) -> bool:
    return peer in ("0.0.0.0/0", "::/0", "0.0.0.0")


def _peer_from(tokens: list[str]) -> tuple[str | None, bool]:
    """``address A [MASK]`` / ``hostname H`` / ``address ipv6 P`` -> (peer, wildcard)."""
    if len(tokens) >= 2 and tokens[0] == "address":
        if tokens[1] == "ipv6":
            peer = tokens[2] if len(tokens) > 2 else None
            return peer, bool(peer and peer.startswith("::/0"))
        if len(tokens) > 2 and _ip(tokens[2]) is not None:
            prefix = _mask_len(tokens[2])
            peer = _net(tokens[1], prefix if prefix is not None else 32)
            if prefix == 0:
                peer = "0.0.0.0/0" if tokens[1] == "0.0.0.0" else _net(tokens[1], 0)
        else:
            peer = tokens[1]
        return peer, _is_wildcard(peer)
    if len(tokens) >= 2 and tokens[0] == "hostname":
        return tokens[1], False
    return None, False


def _other_host(address: str, prefix: int | None) -> str | None:
    """The other usable host of a /30 (AWS inside addresses), else None."""
    if prefix != 30:
        return None
    try:
        value = int(ipaddress.IPv4Address(address))
    except ValueError:
        return None
    host = value & 3  # the hosts of a /30 are its addresses 1 and 2
    if host not in (1, 2) or str(ipaddress.IPv4Address(value)) != address:
        return None
    return str(ipaddress.IPv4Address(value ^ 3))  # 1 <-> 2


def _acl_operand(words: list[str], i: int) -> tuple[str | None, int]:
    """One address operand of an ACE (any / host A / A WILDCARD / object-group) -> (cidr, next index)."""
    if i >= len(words):
        return None, i
    tok = words[i]
    if tok == "any":
        return "0.0.0.0/0", i + 1
    if tok == "host" and i + 1 < len(words):
        return f"{words[i + 1]}/32", i + 2
    if _ip(tok) is not None and i + 1 < len(words) and _ip(words[i + 1]) is not None:
        length = _wildcard_len(words[i + 1])
        if length is None:
            return f"{tok} {words[i + 1]}", i + 2
        return str(ipaddress.IPv4Network(f"{tok}/{length}", strict=False)), i + 2
    if tok == "object-group" and i + 1 < len(words):
        return f"object-group {words[i + 1]}", i + 2
    return None, i + 1


_PORT_OPS = {"eq": 1, "neq": 1, "lt": 1, "gt": 1, "range": 2}


def _ace(words: list[str], line: int) -> TrafficSelector | None:
    """``permit|deny PROTO SRC [ports] DST [ports] ...`` -> TrafficSelector (remarks: None)."""
    if len(words) < 3 or words[0] not in ("permit", "deny"):
        return None
    action, proto = words[0], words[1]
    src, i = _acl_operand(words, 2)
    if i < len(words) and words[i] in _PORT_OPS:
        i += 1 + _PORT_OPS[words[i]]
    dst, _ = _acl_operand(words, i)
    if src is None or dst is None:
        return None
    return TrafficSelector(local=src, remote=dst, protocol=proto, action=action, line=line)
