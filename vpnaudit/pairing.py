"""Pair customer-gateway devices with the AWS VPN connections they talk to (pure).

Tunnels are joined by outside IP: a device tunnel's peer address equals an AWS tunnel's
``OutsideIpAddress``. Never by list order. A device pairs with every connection one of its tunnels
points at; a connection whose tunnels no device points at is left unpaired (nothing to compare).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from ._struct import dataclass, field

from .model import Device, Tunnel, device_label
from .negotiate import Negotiation, negotiate


@dataclass(frozen=True, slots=True)
class TunnelPair:
    aws: Tunnel | None  # the AWS tunnel (None: a device tunnel that matches no AWS tunnel)
    device: Tunnel | None  # the device tunnel (None: the AWS tunnel has no device tunnel)
    negotiation: Negotiation | None = None


@dataclass(slots=True)
class Pair:
    device: Device
    aws: Device
    tunnels: list[TunnelPair] = field(default_factory=list)
    stray: list[Tunnel] = field(default_factory=list)  # device tunnels that look meant for this connection
    notes: list[str] = field(default_factory=list)  # what the pairing could not determine (code: pairing_iac)

    @property
    def connection_id(self) -> str:
        return self.aws.connection.id if self.aws.connection else self.aws.source

    def matched(self) -> list[TunnelPair]:
        return [t for t in self.tunnels if t.aws is not None and t.device is not None]


def host(address: str | None) -> str | None:
    """'169.254.10.2/30' -> '169.254.10.2'; None stays None."""
    if not address:
        return None
    return address.split("/", 1)[0].strip()


def _network(address: str | None) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    if not address or "/" not in address:
        return None
    try:
        return ipaddress.ip_network(address, strict=False)
    except ValueError:
        return None


class _Gateway:
    """One device's tunnels by peer address, and by inside address within networks of a given size,
    built once per device: a hub with 2,000 tunnels and 1,000 AWS connections compared every tunnel
    with every connection (27.6 s, against 2.2 s for a quarter of each)."""

    __slots__ = ("device", "_by_peer", "_inside", "_by_network", "_by_local")

    def __init__(self, device: Device):
        self.device = device
        self._by_peer: dict[str, list[int]] = {}
        for position, tunnel in enumerate(device.tunnels):
            if tunnel.peer_address:
                self._by_peer.setdefault(tunnel.peer_address, []).append(position)
        self._inside: list[tuple[int, ipaddress.IPv4Address | ipaddress.IPv6Address]] | None = None
        self._by_network: dict[tuple[int, int], dict[int, list[int]]] = {}
        self._by_local: dict[str, tuple[list[int], frozenset[int]]] | None = None

    def local(self, address: str) -> tuple[list[int], frozenset[int]]:
        """Positions (in file order, and as a set) of the tunnels whose local address is ``address``:
        the enabled ones when any of them is enabled (``pairing_iac`` pairs declared connections so)."""
        if self._by_local is None:
            found: dict[str, list[int]] = {}
            for position, tunnel in enumerate(self.device.tunnels):
                local = host(tunnel.local_address)
                if local:
                    found.setdefault(local, []).append(position)
            tunnels = self.device.tunnels
            self._by_local = {}
            for local, positions in found.items():
                chosen = [p for p in positions if tunnels[p].enabled] or positions
                self._by_local[local] = (chosen, frozenset(chosen))
        return self._by_local.get(address, ([], frozenset()))

    def facing(self, addresses: Sequence[str]) -> dict[str, Tunnel]:
        """address -> the device's last tunnel with that peer, an enabled one when the device has an
        enabled tunnel to any of ``addresses`` (a connection's outside addresses)."""
        tunnels = self.device.tunnels
        enabled = {ip: tunnels[at[-1]] for ip in addresses
                   if (at := [p for p in self._by_peer.get(ip, ()) if tunnels[p].enabled])}
        return enabled or {ip: tunnels[self._by_peer[ip][-1]] for ip in addresses if ip in self._by_peer}

    def inside(self, network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> list[int]:
        """Positions of the tunnels whose inside address lies in ``network``."""
        key = (network.version, network.prefixlen)
        table = self._by_network.get(key)
        if table is None:
            shift = network.max_prefixlen - network.prefixlen
            table = self._by_network[key] = {}
            for position, address in self._inside_addresses():
                if address.version == network.version:
                    table.setdefault(int(address) >> shift, []).append(position)
        return table.get(int(network.network_address) >> (network.max_prefixlen - network.prefixlen), [])

    def _inside_addresses(self) -> list[tuple[int, ipaddress.IPv4Address | ipaddress.IPv6Address]]:
        if self._inside is None:
            self._inside = []
            for position, tunnel in enumerate(self.device.tunnels):
                mine = host(tunnel.inside.local) if tunnel.inside else None
                if mine:
                    try:
                        self._inside.append((position, ipaddress.ip_address(mine)))
                    except ValueError:
                        continue
        return self._inside


def pair_devices(devices: Sequence[Device]) -> list[Pair]:
    """Every (device, AWS connection) that share at least one tunnel outside IP."""
    connections = [d for d in devices if d.vendor == "aws"]
    gateways = [d for d in devices if d.vendor != "aws"]
    by_peer: dict[str, set[int]] = {}  # tunnel peer address -> the gateways (by position) that have it
    for index, device in enumerate(gateways):
        for t in device.tunnels:
            if t.peer_address:
                by_peer.setdefault(t.peer_address, set()).add(index)
    indexed: dict[int, _Gateway] = {}  # gateway position -> its tunnel indexes, built when first paired

    def gateway_at(index: int) -> _Gateway:
        gateway = indexed.get(index)
        if gateway is None:
            gateway = indexed[index] = _Gateway(gateways[index])
        return gateway

    by_local: dict[str, set[int]] | None = None  # tunnel local address -> gateways, for connections in code
    pairs: list[Pair] = []
    for connection in connections:
        if connection.connection is not None and connection.connection.declared_in:
            from .pairing_iac import gateways_by_local, needs_declared_pairing, pair_declared

            if needs_declared_pairing(connection):  # declared in code, no outside IPs yet
                if by_local is None:
                    by_local = gateways_by_local(gateways)
                ip = connection.connection.customer_gateway_ip
                pairs += pair_declared(connection, [gateway_at(i) for i in sorted(by_local.get(ip or "", ()))])
                continue
        by_ip = {t.peer_address or t.name: t for t in connection.tunnels}
        candidates = sorted(set().union(*(by_peer.get(ip, ()) for ip in by_ip)))
        networks = [n for t in connection.tunnels if t.inside and (n := _network(t.inside.local)) is not None]
        for index in candidates:
            gateway = gateway_at(index)
            device = gateway.device
            mine = gateway.facing(list(by_ip))
            if not mine:
                continue
            pair = Pair(device=device, aws=connection)
            for ip, aws_tunnel in sorted(by_ip.items()):
                device_tunnel = mine.get(ip)
                result = negotiate(device_tunnel, aws_tunnel) if device_tunnel is not None else None
                pair.tunnels.append(TunnelPair(aws=aws_tunnel, device=device_tunnel, negotiation=result))
            # device tunnels that point elsewhere but sit inside one of this connection's inside networks
            stray = sorted({p for network in networks for p in gateway.inside(network)})
            pair.stray.extend(device.tunnels[p] for p in stray if device.tunnels[p].peer_address not in by_ip)
            pairs.append(pair)
    return pairs


BLOCKING_RULES = ("VPN603", "VPN604", "VPN605", "VPN606", "VPN607", "VPN608")

# Pair rules whose finding target ends with the AWS tunnel's name (``bgp-asn:{connection}:{aws tunnel}``);
# the others point at the device tunnel (``checks._pair.at_device``: ``{what}:{connection}:{peer or name}``).
_NAMES_AWS_TUNNEL = frozenset({"VPN608"})


class PairFindings:
    """Pair findings indexed once by what they are about: device, device tunnel, connection and tunnel
    (the rule's target), never by a substring of the message. In code every connection's tunnels are
    ``tunnel1`` / ``tunnel2``: M connections on one customer gateway gave each of the M verdicts all
    M findings (output and memory grew like M squared).

    A finding whose target names no connection (built by hand, ``tunnel:Tunnel1``) is matched as
    before: same device and device tunnel, and a message that names the AWS tunnel."""

    __slots__ = ("_index", "_loose")

    def __init__(self, findings) -> None:
        self._index: dict[tuple[str, str | None, str, bool], list[tuple[int, object]]] = {}
        self._loose: dict[tuple[str, str | None], list[tuple[int, object]]] = {}
        for position, f in enumerate(findings):
            where = f.target.partition(":")[2]  # "{connection}:{tunnel}" (the rule's prefix has no colon)
            if ":" in where:
                key = (f.device, f.tunnel, where, f.rule_id in _NAMES_AWS_TUNNEL)
                self._index.setdefault(key, []).append((position, f))
            else:
                self._loose.setdefault((f.device, f.tunnel), []).append((position, f))

    def of(self, label: str, connection_id: str, tp: TunnelPair) -> list:
        """The findings about the device tunnel of ``tp`` facing its AWS tunnel, in their given order."""
        if tp.device is None or tp.aws is None:
            return []
        name, index = tp.device.name, self._index
        found = [
            *index.get((label, name, f"{connection_id}:{tp.device.peer_address or name}", False), ()),
            *index.get((label, name, f"{connection_id}:{tp.aws.name}", True), ()),
            *(item for item in self._loose.get((label, name), ()) if tp.aws.name in item[1].message),
        ]
        found.sort(key=lambda item: item[0])
        return [f for _, f in found]


@dataclass(frozen=True, slots=True)
class Verdict:
    connection: str
    aws_tunnel: str
    device: str
    device_tunnel: str | None
    status: str  # "up" | "down" | "missing" | "unknown"
    detail: str


def verdicts_of(report) -> list[Verdict]:
    """The verdicts of a report: computed once per run by ``api``, or now for a report built by hand."""
    if report.verdicts is None:
        report.verdicts = verdicts(report.pairs, report.findings)
    return report.verdicts


def verdicts(pairs: Sequence[Pair], findings: Sequence = ()) -> list[Verdict]:
    """One line per AWS tunnel of every pair: will it come up, and if not, why.

    The negotiation decides phase 1 and 2; a blocking pair finding (PSK, inside address, ASN)
    on the same tunnel turns an agreeing negotiation into "down" with that finding as the reason.
    """
    blocking = PairFindings(f for f in findings if f.rule_id in BLOCKING_RULES and not f.suppressed)
    rows = []
    for pair in pairs:
        label = device_label(pair.device)
        for tp in pair.tunnels:
            if tp.aws is None:
                continue
            if tp.device is None:
                rows.append(Verdict(pair.connection_id, tp.aws.name, label, None, "missing",
                                    "no tunnel on the device"))
                continue
            found = blocking.of(label, pair.connection_id, tp)
            n = tp.negotiation
            if n is None and not found:
                rows.append(Verdict(pair.connection_id, tp.aws.name, label, tp.device.name, "unknown",
                                    "negotiation not simulated"))
            elif n is not None and n.established and not found:
                rows.append(Verdict(pair.connection_id, tp.aws.name, label, tp.device.name, "up", n.summary()))
            else:
                reasons = [f"{f.rule_id} {f.message.split(': ', 1)[-1]}" for f in found]
                if n is not None and not n.established and not any(f.rule_id in ("VPN603", "VPN604", "VPN605") for f in found):
                    reasons.insert(0, n.summary())
                rows.append(Verdict(pair.connection_id, tp.aws.name, label, tp.device.name, "down", "; ".join(reasons)))
    return rows
