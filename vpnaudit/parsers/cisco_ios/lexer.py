"""Line-level helpers of the IOS reader: words without trailing comments, numbers, addresses, masks."""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterable

from .._base import Line


# ---------------------------------------------------------------------------------------------
# small helpers

_TRAILING_COMMENT = re.compile(r"(?<=\s)!.*$")  # "\s+!" rescans every run of blanks: quadratic


def _words(line: Line) -> list[str]:
    """Words of a non-secret line, without an inline ``!`` comment (IOS does not have them, but
    hand-edited configs do)."""
    return _TRAILING_COMMENT.sub("", line.text).split()


def _int(token: str | None) -> int | None:
    if token is None:
        return None
    try:
        return int(token)
    except ValueError:
        return None


def _ip(token: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not token:
        return None
    try:
        return ipaddress.ip_address(token)
    except ValueError:
        return None


@functools.lru_cache(maxsize=256)  # a config repeats a handful of masks on every interface and route
def _mask_len(mask: str | None) -> int | None:
    """Netmask ('255.255.255.0') -> 24; None when it is not a contiguous netmask."""
    if mask is None:
        return None
    try:
        return ipaddress.IPv4Network(f"0.0.0.0/{mask}").prefixlen
    except ValueError:
        return None


def _wildcard_len(wildcard: str) -> int | None:
    """Wildcard ('0.0.0.255') -> 24; None when not contiguous."""
    try:
        value = int(ipaddress.IPv4Address(wildcard))
    except ValueError:
        return None
    inverted = (~value) & 0xFFFFFFFF
    return _mask_len(str(ipaddress.IPv4Address(inverted)))


def _net(address: str, prefix: int | None) -> str:
    if prefix is None or prefix == 32:
        return address
    try:
        return str(ipaddress.IPv4Network(f"{address}/{prefix}", strict=False))
    except ValueError:
        return address


def _covers(net: str, address: str | None) -> int:
    """-1 when ``net`` does not contain ``address``, else the prefix length (longest wins)."""
    if not address:
        return -1
    try:
        network = ipaddress.ip_network(net, strict=False)
        ip = ipaddress.ip_address(address)
    except ValueError:
        return -1
    return network.prefixlen if ip.version == network.version and ip in network else -1


def _network(net: str) -> tuple[int, int, int] | None:
    """(IP version, prefix length, network as an int) of ``net``, None when it is no network."""
    try:
        network = ipaddress.ip_network(net, strict=False)
    except ValueError:
        return None
    return network.version, network.prefixlen, int(network.network_address)


class Longest:
    """Of ``(network, value)`` entries, the value whose network holds an address with the longest
    prefix, the first entry on a tie: what ``_covers`` finds entry by entry, found once per prefix
    length present. Peers looked up one by one among all the keys or profiles of a file made a
    config of 1,000 crypto map peers take 5 s, of 2,000 peers 20 s."""

    __slots__ = ("_first", "_lengths")

    def __init__(self, entries: Iterable[tuple[str, object]]):
        self._first: dict[tuple[int, int, int], object] = {}
        lengths: dict[int, set[int]] = {}
        for net, value in entries:
            if (network := _network(net)) is not None:
                self._first.setdefault(network, value)
                lengths.setdefault(network[0], set()).add(network[1])
        self._lengths = {version: sorted(found, reverse=True) for version, found in lengths.items()}

    def find(self, address: str | None) -> tuple[int, object] | None:
        """(prefix length, value) of the longest network holding ``address``, or None."""
        if not address:
            return None
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return None
        bits, value = ip.max_prefixlen, int(ip)
        for length in self._lengths.get(ip.version, ()):
            key = (ip.version, length, value >> (bits - length) << (bits - length))
            if key in self._first:
                return length, self._first[key]
        return None


_NO_OPS = ("exit", "end", "quit", "exit-address-family", "exit-peer-policy", "exit-peer-session")


def _pruned(nodes: list[Line]) -> list[Line]:
    """Drop ``exit`` / ``end`` lines (no-ops in a saved config; AWS samples use them)."""
    kept = [n for n in nodes if n.text not in _NO_OPS]
    todo = [n for n in kept if n.children]  # iterative: a crafted file may be thousands of levels deep
    while todo:
        node = todo.pop()
        children = node.children
        if any(n.text in _NO_OPS for n in children):  # a new list only where there is a no-op to drop
            children = node.children = [n for n in children if n.text not in _NO_OPS]
        todo.extend(n for n in children if n.children)
    return kept


def interface_key(name: str) -> tuple[str, str]:
    """(lower-case type, number) of an interface name: ``GigabitEthernet0/1`` -> ("gigabitethernet", "0/1")."""
    cut = next((n for n, ch in enumerate(name) if ch.isdigit()), len(name))
    return name[:cut].lower(), name[cut:]
