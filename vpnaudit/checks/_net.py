"""Shared helpers of the secret (3xx) and tunnel / routing (4xx) rules.

Nothing here judges anything: it finds the objects the rules talk about (every pre-shared key once,
the BGP neighbor of a tunnel, the tunnels that go to AWS, the two tunnels of one connection) and
words values the same way everywhere ("not set; the Cisco IOS default copy applies"). Every value a
rule compares comes from the policy pack; the only facts encoded here are structural ones (the AWS
side of an inside /30 is its first host, a connection id looks like ``vpn-`` + 8 or 17 hex digits).
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from .._struct import dataclass
from functools import lru_cache

from ..model import BgpNeighbor, Device, Located, PreSharedKey, Tunnel
from ..policy import Policy
from ._crypto import VENDOR_NAMES, per_device, vendor_name  # noqa: F401 - one naming of vendors for all rules


def is_default(obj: Located | None, field: str) -> bool:
    return obj is not None and field in obj.defaults


def default_note(device: Device, value: object) -> str:
    """'not set; the Cisco IOS default copy applies'."""
    return f"not set; the {vendor_name(device)} default {value} applies"


def where(obj: object, fallback: object = None, setting: str | None = None) -> tuple[int | None, str | None]:
    """(line, file) of ``setting`` inside ``obj`` when the parser knows that line, else of ``obj``
    (any model object with ``line`` / ``file``), else of ``fallback``."""
    line_of = getattr(obj, "line_of", None)
    if setting is not None and line_of is not None and line_of(setting) is not None:
        return line_of(setting), getattr(obj, "file", None)
    for candidate in (obj, fallback):
        line = getattr(candidate, "line", None)
        if line is not None:
            return line, getattr(candidate, "file", None)
    return None, None


# --------------------------------------------------------------------------------------------
# Pre-shared keys


@dataclass(frozen=True, slots=True)
class KeyUse:
    """One pre-shared key object of the device and the tunnels that use it."""

    key: PreSharedKey
    tunnels: tuple[str, ...]

    @property
    def target(self) -> str:
        parts = [p for p in (self.key.name, self.key.peer) if p]
        if not parts and self.tunnels:
            parts = [self.tunnels[0]]
        return "psk:" + ("/".join(parts) if parts else "unnamed")

    @property
    def label(self) -> str:
        """How a message names the key: never the key, only where it lives."""
        key = self.key
        if key.peer and key.name and key.name != key.peer:
            return f"pre-shared key for peer {key.peer} ({key.name})"
        if key.peer:
            return f"pre-shared key for peer {key.peer}"
        if key.name:
            return f"pre-shared key {key.name}"
        if self.tunnels:
            return f"pre-shared key of {', '.join(self.tunnels)}"
        return "pre-shared key"


def _key_identity(key: PreSharedKey) -> tuple[object, ...]:
    if key.line is not None:
        return (key.file, key.line)
    return (key.file, None, key.name, key.peer, key.digest, key.encoding)


def key_uses(device: Device) -> list[KeyUse]:
    """Every key of the device once (``Device.keys`` and the tunnels' keys, deduplicated by line),
    in line order, with the names of the tunnels that use each. Computed once per device (several
    rules ask; devices are frozen)."""
    return list(per_device(device, _key_uses))


def _key_uses(device: Device) -> list[KeyUse]:
    order: list[tuple[object, ...]] = []
    keys: dict[tuple[object, ...], PreSharedKey] = {}
    users: dict[tuple[object, ...], dict[str, None]] = {}  # ordered sets: a key shared by many tunnels
    candidates: list[tuple[PreSharedKey, str | None]] = [(k, None) for k in device.keys]
    for tunnel in device.tunnels:
        if tunnel.ike is not None and tunnel.ike.psk is not None:
            candidates.append((tunnel.ike.psk, tunnel.name))
    for key, tunnel_name in candidates:
        if not key.present:
            continue
        ident = _key_identity(key)
        if ident not in keys:
            keys[ident] = key
            users[ident] = {}
            order.append(ident)
        if tunnel_name is not None:
            users[ident][tunnel_name] = None
    uses = [KeyUse(keys[i], tuple(users[i])) for i in order]
    return sorted(uses, key=lambda u: (u.key.file or "", u.key.line or 0))


def visible(key: PreSharedKey) -> bool:
    """The key's characters were seen (plain text, or an AWS tunnel option), and they are a real
    key, not a documentation placeholder such as AWS's own samples' ``pre-shared-key``."""
    return key.length is not None and not key.placeholder


# --------------------------------------------------------------------------------------------
# Addresses

IPNet = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddr = ipaddress.IPv4Address | ipaddress.IPv6Address


# Address objects are immutable and the same addresses recur in every rule: cached for one run
# (``engine.run`` empties the caches when the rules are done, see ``forget_addresses``). The bound
# is above the addresses of a 200,000-line config (a smaller one thrashes: every rule re-parses).
_CACHED = 1 << 17


@lru_cache(maxsize=_CACHED)
def ip(text: str | None) -> IPAddr | None:
    if not text:
        return None
    try:
        return ipaddress.ip_address(text.strip().split("/")[0].split("%")[0])
    except ValueError:
        return None


@lru_cache(maxsize=_CACHED)
def network(text: str | None) -> IPNet | None:
    if not text:
        return None
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def forget_addresses() -> None:
    """Empty the address caches. A run parses its own addresses, as a process that lints once does:
    a long-lived process (library use, the bench) keeps none of them from one run to the next, and
    a later run is not faster for having seen the same addresses before."""
    for cached in (ip, network, _inside):
        cached.cache_clear()


def contains(net: IPNet | None, addr: IPAddr | None) -> bool:
    return net is not None and addr is not None and addr.version == net.version and addr in net


@dataclass(frozen=True, slots=True)
class Inside:
    """A tunnel's inside address: the local address, its network when the prefix is known."""

    local: IPAddr
    net: IPNet | None  # None when the config gave no prefix length
    peer: IPAddr | None

    @property
    def aws_side(self) -> IPAddr | None:
        """The AWS end of an inside /30 (IPv6: /126): its first host (the customer end is the second).
        None for a network of another size: AWS assigns only those (VPN409 says the size is wrong), so
        which end is AWS's is not defined there."""
        if self.net is None or self.net.num_addresses != 4:
            return None
        return self.net.network_address + 1


def inside_of(tunnel: Tunnel) -> Inside | None:
    if tunnel.inside is None:
        return None
    return _inside(tunnel.inside.local, tunnel.inside.peer)


@lru_cache(maxsize=_CACHED)
def _inside(local_text: str | None, peer_text: str | None) -> Inside | None:
    """Several rules ask for each tunnel's inside addresses: built once per pair of texts."""
    local = ip(local_text)
    if local is None:
        return None
    net = network(local_text) if local_text and "/" in local_text else None
    return Inside(local=local, net=net, peer=ip(peer_text))


def in_supernet(addr: IPAddr | None, policy: Policy) -> bool:
    return contains(network(policy.inside.supernet), addr)


# --------------------------------------------------------------------------------------------
# BGP


def _all_neighbors(device: Device) -> list[BgpNeighbor]:
    seen: dict[tuple[object, ...], BgpNeighbor] = {}
    pool = list(device.bgp.neighbors) if device.bgp is not None else []
    pool += [t.bgp for t in device.tunnels if t.bgp is not None]
    for n in pool:
        ident = (n.neighbor, n.file, n.line)
        seen.setdefault(ident, n)
    return sorted(seen.values(), key=lambda n: (n.file or "", n.line or 0, n.neighbor))


def all_neighbors(device: Device) -> list[BgpNeighbor]:
    """Every BGP neighbor of the device once (process neighbors and tunnels' neighbors)."""
    return list(_index(device).neighbors)


def neighbors_in(device: Device, net: IPNet | None, also: IPAddr | None = None,
                 active_only: bool = False) -> list[BgpNeighbor]:
    """The device's neighbors whose address lies in ``net`` (or equals ``also``), in the order of
    ``all_neighbors``. Small networks (an inside /30) are looked up address by address."""
    index = _index(device)
    if net is not None and net.num_addresses > 16:  # a range of the sorted addresses, not a scan per tunnel
        found = index.in_range(net)
    elif index.by_address:
        found = [n for a in (net or ()) for n in index.by_address.get(a, ())]
    else:  # a device without BGP neighbors: no address of the network to make and look up
        found = []
    if also is not None:
        found += index.by_address.get(also, [])
    if active_only:
        found = [n for n in found if not n.shutdown]
    order = index.order
    return sorted({id(n): n for n in found}.values(), key=lambda n: order[id(n)])


def neighbor_of(device: Device, tunnel: Tunnel) -> BgpNeighbor | None:
    """The BGP session that runs over ``tunnel``: the parser's join, else the neighbor whose address
    lies in the tunnel's inside network (or is the tunnel's inside peer)."""
    if tunnel.bgp is not None:
        return tunnel.bgp
    inside = inside_of(tunnel)
    if inside is None:
        return None
    found = neighbors_in(device, inside.net, inside.peer, active_only=True)
    return found[0] if found else None


class _TunnelIndex:
    """A device's tunnels by BGP neighbor, inside network and AWS-side address (built once)."""

    def __init__(self, device: Device):
        self.neighbors = _all_neighbors(device)
        self.order = {id(n): i for i, n in enumerate(self.neighbors)}
        self.by_address: dict[IPAddr, list[BgpNeighbor]] = {}
        for n in self.neighbors:
            addr = ip(n.neighbor)
            if addr is not None:
                self.by_address.setdefault(addr, []).append(n)
        self.sorted_by_version: dict[int, list[tuple[int, BgpNeighbor]]] | None = None  # see in_range
        self.by_bgp: dict[str, Tunnel] = {}
        self.by_net: dict[IPNet, Tunnel] = {}
        self.by_peer: dict[IPAddr, Tunnel] = {}
        self.prefixes: list[int] = []
        for tunnel in device.tunnels:
            if tunnel.bgp is not None:
                self.by_bgp.setdefault(tunnel.bgp.neighbor, tunnel)
            inside = inside_of(tunnel)
            if inside is None:
                continue
            if inside.net is not None:
                self.by_net.setdefault(inside.net, tunnel)
                if inside.net.prefixlen not in self.prefixes:
                    self.prefixes.append(inside.net.prefixlen)
            if inside.peer is not None:
                self.by_peer.setdefault(inside.peer, tunnel)

    def in_range(self, net: IPNet) -> list[BgpNeighbor]:
        """The neighbors whose address lies in ``net``, by two bisections of the addresses sorted as
        integers (sorted on the first call): every tunnel without a BGP join asked this of a wide
        inside network, and a scan of every neighbor each time was tunnels x neighbors."""
        if self.sorted_by_version is None:
            self.sorted_by_version = {}
            for addr, neighbors in self.by_address.items():
                self.sorted_by_version.setdefault(addr.version, []).extend((int(addr), n) for n in neighbors)
            for pairs in self.sorted_by_version.values():
                pairs.sort(key=lambda pair: pair[0])
        pairs = self.sorted_by_version.get(net.version, [])
        lo = bisect_left(pairs, int(net.network_address), key=lambda pair: pair[0])
        hi = bisect_right(pairs, int(net.broadcast_address), key=lambda pair: pair[0])
        return [n for _, n in pairs[lo:hi]]

    def find(self, neighbor: BgpNeighbor) -> Tunnel | None:
        if neighbor.neighbor in self.by_bgp:
            return self.by_bgp[neighbor.neighbor]
        addr = ip(neighbor.neighbor)
        if addr is None:
            return None
        for prefix in self.prefixes:
            if prefix <= addr.max_prefixlen:
                tunnel = self.by_net.get(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))
                if tunnel is not None:
                    return tunnel
        return self.by_peer.get(addr)


def _index(device: Device) -> _TunnelIndex:
    """The device's tunnel index, built once per device."""
    return per_device(device, _TunnelIndex)


def neighbor_tunnel(device: Device, neighbor: BgpNeighbor) -> Tunnel | None:
    """The tunnel a neighbor's session runs over, when one can be told: the tunnel that names the
    neighbor, else the tunnel whose inside network holds it (or whose AWS side it is)."""
    return _index(device).find(neighbor)


def aws_asns(policy: Policy) -> set[int]:
    """AS numbers that only AWS uses: the default Amazon-side ASN and the reserved ones."""
    return {policy.bgp.default_amazon_asn, *policy.bgp.reserved_customer_asns}


def neighbor_name(device: Device, neighbor: BgpNeighbor) -> str:
    tunnel = neighbor_tunnel(device, neighbor)
    return f"BGP neighbor {neighbor.neighbor}" + (f" ({tunnel.name})" if tunnel is not None else "")


def aws_neighbors(device: Device, policy: Policy) -> list[BgpNeighbor]:
    """BGP neighbors that are AWS VPN sessions.

    When the device's tunnels carry inside addresses or BGP joins, exactly the neighbors over the
    AWS tunnels: another 169.254.x.x neighbor is then something else (a Direct Connect virtual
    interface also peers on 169.254.0.0/16 with an Amazon ASN). Otherwise (fragments, policy-based
    tunnels) the neighbors in the inside supernet or with an AWS ASN.
    """
    tunnels = aws_tunnels(device, policy)
    if any(t.inside is not None or t.bgp is not None for t in device.tunnels):
        names = {t.name for t in tunnels}
        chosen = []
        for n in all_neighbors(device):
            tunnel = neighbor_tunnel(device, n)
            if tunnel is not None and tunnel.name in names:
                chosen.append(n)
        return chosen
    asns = aws_asns(policy)
    return [
        n for n in all_neighbors(device)
        if in_supernet(ip(n.neighbor), policy) or (n.remote_as is not None and n.remote_as in asns)
    ]


# --------------------------------------------------------------------------------------------
# Which tunnels go to AWS, and which belong to one connection

# vpn-0123abcd (older 8-digit ids) or vpn-0123456789abcdef0 (17 digits), as the AWS-generated
# configs name their keyrings, profiles, nameifs and Junos gateways.
_VPN_ID = re.compile(r"(?<![0-9a-z])vpn-([0-9a-f]{17}|[0-9a-f]{8})(?![0-9a-f])", re.IGNORECASE)
_AWS_WORD = re.compile(r"(?<![a-z])(aws|amazon)", re.IGNORECASE)


def _names(tunnel: Tunnel) -> Iterator[str]:
    yield tunnel.name
    for text in (tunnel.local_interface, tunnel.peer_address):
        if text:
            yield text
    if tunnel.ike is not None:
        if tunnel.ike.name:
            yield tunnel.ike.name
        if tunnel.ike.psk is not None and tunnel.ike.psk.name:
            yield tunnel.ike.psk.name
    if tunnel.ipsec is not None:
        if tunnel.ipsec.name:
            yield tunnel.ipsec.name
        for proposal in tunnel.ipsec.proposals:
            if proposal.name:
                yield proposal.name


def connection_id(tunnel: Tunnel) -> str | None:
    """The AWS VPN connection id named in the tunnel's objects, lower case, or None."""
    for text in _names(tunnel):
        m = _VPN_ID.search(text)
        if m:
            return f"vpn-{m.group(1).lower()}"
    return None


def looks_aws(device: Device, tunnel: Tunnel, policy: Policy) -> bool:
    """A tunnel towards AWS: its inside address lies in the AWS inside supernet, one of its objects
    names a ``vpn-`` connection id or says AWS / Amazon, or its BGP neighbor has an AWS ASN."""
    inside = inside_of(tunnel)
    if inside is not None and in_supernet(inside.local, policy):
        return True
    if connection_id(tunnel) is not None:
        return True
    if any(_AWS_WORD.search(text) for text in _names(tunnel)):
        return True
    neighbor = neighbor_of(device, tunnel)
    return neighbor is not None and neighbor.remote_as is not None and neighbor.remote_as in aws_asns(policy)


def aws_tunnels(device: Device, policy: Policy) -> list[Tunnel]:
    """The device's tunnels towards AWS. When no tunnel shows any AWS sign, every tunnel counts:
    the file is being linted as an AWS customer gateway, so nothing in it is exempt. Once per device."""
    return list(per_device(device, _aws_tunnels, policy))


def _aws_tunnels(device: Device, policy: Policy) -> list[Tunnel]:
    tunnels = list(device.tunnels)
    looking = [t for t in tunnels if looks_aws(device, t, policy)]
    return looking if looking else tunnels


@dataclass(frozen=True, slots=True)
class Connection:
    """Tunnels believed to form one AWS VPN connection. ``id`` None: grouped without an id."""

    id: str | None
    tunnels: tuple[Tunnel, ...]


def connections(device: Device, policy: Policy) -> list[Connection]:
    """Group the AWS tunnels by the connection id their objects carry; the tunnels with no id form
    one group of their own (their pairing is unknown)."""
    by_id: dict[str, list[Tunnel]] = {}
    rest: list[Tunnel] = []
    for tunnel in aws_tunnels(device, policy):
        cid = connection_id(tunnel)
        if cid is None:
            rest.append(tunnel)
        else:
            by_id.setdefault(cid, []).append(tunnel)
    groups = [Connection(cid, tuple(ts)) for cid, ts in by_id.items()]
    if rest:
        groups.append(Connection(None, tuple(rest)))
    return groups


def tunnel_pairs(device: Device, policy: Policy) -> list[Connection]:
    """Pairs of tunnels whose BGP sessions should be treated alike (VPN412).

    A connection id with two or more tunnels is one group. Tunnels without an id pair up only when
    exactly two carry BGP, or, among more, when exactly two share the local address and the
    neighbor's AS; anything else is left alone rather than guessed.
    """
    pairs: list[Connection] = []
    for group in connections(device, policy):
        with_bgp = [t for t in group.tunnels if neighbor_of(device, t) is not None]
        if group.id is not None:
            if len(with_bgp) >= 2:
                pairs.append(Connection(group.id, tuple(with_bgp)))
            continue
        if len(with_bgp) == 2:
            pairs.append(Connection(None, tuple(with_bgp)))
            continue
        buckets: dict[tuple[object, ...], list[Tunnel]] = {}
        for t in with_bgp:
            n = neighbor_of(device, t)
            buckets.setdefault((t.local_address or t.local_interface, n.remote_as if n else None), []).append(t)
        pairs.extend(Connection(None, tuple(ts)) for ts in buckets.values() if len(ts) == 2)
    return pairs


# --------------------------------------------------------------------------------------------
# MTU / MSS


@dataclass(frozen=True, slots=True)
class Limits:
    mtu: int
    mss: int
    row: str  # "AES128/SHA1 without NAT-T", or "" when the algorithms are not known

    @property
    def phrase(self) -> str:
        """'AWS maximum for AES128/SHA1 without NAT-T' / 'AWS maximum (phase-2 algorithms not known)'."""
        return f"AWS maximum for {self.row}" if self.row else "AWS maximum (phase-2 algorithms not known)"


def limits(tunnel: Tunnel, policy: Policy) -> Limits:
    """The AWS MTU / MSS limits for the tunnel's first phase-2 proposal (the one the device offers
    first, hence negotiates when it initiates). NAT-T unknown or only on by default is taken as off,
    and the row says so."""
    encryption: str | None = None
    integrity: str | None = None
    if tunnel.ipsec is not None:
        for proposal in tunnel.ipsec.proposals:
            if proposal.encryption:
                encryption = proposal.encryption[0]
                integrity = proposal.integrity[0] if proposal.integrity else None
                break
    # The AWS table's NAT-T rows are for tunnels that actually run over UDP 4500. A vendor default
    # "on" only means NAT is auto-detected, so it is taken as off (the message says so); an
    # explicit setting is taken at its word.
    nat = tunnel.ike.nat_traversal if tunnel.ike is not None else None
    if nat is None:
        nat_on, nat_text = False, "without NAT-T (NAT-T not known, assumed off)"
    elif nat and is_default(tunnel.ike, "nat_traversal"):
        nat_on, nat_text = False, "without NAT-T (NAT-T only auto-detected by default, assumed off)"
    elif nat:
        nat_on, nat_text = True, "with NAT-T"
    else:
        nat_on, nat_text = False, "without NAT-T"
    if encryption is None:
        return Limits(policy.mtu.max_mtu, policy.mtu.max_mss, "")
    mtu, mss = policy.mtu.limits(encryption, integrity, nat_on)
    algorithms = encryption if "GCM" in encryption.upper() or integrity is None else f"{encryption}/{integrity}"
    return Limits(mtu, mss, f"{algorithms} {nat_text}")


def tunnel_fields(tunnel: Tunnel) -> dict[str, str]:
    return {"target": f"tunnel:{tunnel.name}", "tunnel": tunnel.name}
