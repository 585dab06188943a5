"""Pair devices with VPN connections declared in code, before anything is deployed (pure).

A declared connection has no outside IPs yet (AWS assigns them at creation), so the device is
found by its own public address: a device tunnel whose local address is the customer gateway's
``ip_address`` / ``IpAddress`` (resolved through ``customer_gateway_id``). Which device tunnel
talks to which declared tunnel is then decided by the inside CIDR when both sides give one;
otherwise the code does not determine it (AWS's tunnel 1 is not "the first" anything for the
device), the tunnels are compared in order and the pair says so. A declared tunnel whose crypto
the code leaves unknown is not simulated. A state or plan that holds the outside addresses pairs
by outside IP like a live connection (``pairing.pair_devices``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from itertools import islice

from .model import Device, Tunnel
from .negotiate import negotiate

# Settings the negotiation needs; when the code leaves one unknown, the result is not simulated.
_CRYPTO = ("ike_versions", "phase1_encryption", "phase1_integrity", "phase1_dh_groups", "phase2_encryption",
           "phase2_integrity", "phase2_dh_groups")


def _host(address: str | None) -> str | None:
    return address.split("/", 1)[0].strip() if address else None


def _inside_network(tunnel: Tunnel):
    if tunnel.inside is None or not tunnel.inside.local:
        return None
    try:
        return ipaddress.ip_interface(tunnel.inside.local).network
    except ValueError:
        return None


def gateways_by_local(gateways: Sequence[Device]) -> dict[str, set[int]]:
    """Tunnel local address (host part) -> the positions of the gateways with such a tunnel: the only
    gateways ``pair_declared`` can pair with a connection whose customer gateway has that address."""
    index: dict[str, set[int]] = {}
    for position, device in enumerate(gateways):
        for tunnel in device.tunnels:
            host = _host(tunnel.local_address)
            if host:
                index.setdefault(host, set()).add(position)
    return index


def needs_declared_pairing(connection: Device) -> bool:
    """A connection declared in code whose tunnels have no outside address (not a state)."""
    return bool(connection.connection and connection.connection.declared_in
                and not any(t.peer_address for t in connection.tunnels))


def pair_declared(connection: Device, gateways: Sequence) -> list:
    """``connection`` with each of ``gateways`` (``pairing._Gateway``: a device and its tunnel indexes,
    kept across the connections of a run) that has a tunnel from the customer gateway's address."""
    from .pairing import Pair, TunnelPair

    cgw_ip = connection.connection.customer_gateway_ip if connection.connection else None
    if not cgw_ip:
        return []
    pairs = []
    for gateway in gateways:
        device = gateway.device
        mine, mine_set = gateway.local(cgw_ip)
        if not mine:
            continue
        pair = Pair(device=device, aws=connection)
        declared = list(connection.tunnels)
        chosen: dict[int, Tunnel] = {}
        taken: set[int] = set()
        # network -> how far its tunnels (in file order) were looked at: every one before the cursor is
        # taken or not from the customer gateway's address, so the next declared tunnel in the same
        # network starts there (k tunnels with one inside CIDR rescanned the taken ones: quadratic)
        cursors: dict[object, int] = {}
        for k, aws_tunnel in enumerate(declared):  # by inside CIDR: determined by the code
            network = _inside_network(aws_tunnel)
            if network is None:
                continue
            # the first of the device's tunnels still free (in file order) whose inside address is in it
            inside = gateway.inside(network)
            at = cursors.get(network, 0)
            while at < len(inside) and (inside[at] not in mine_set or inside[at] in taken):
                at += 1
            cursors[network] = at
            if at < len(inside):
                chosen[k] = device.tunnels[inside[at]]
                taken.add(inside[at])
        undetermined = [k for k in range(len(declared)) if k not in chosen]
        left = list(islice((p for p in mine if p not in taken), len(undetermined)))
        if undetermined and left:
            names = ", ".join(declared[k].name for k in undetermined[:len(left)])
            pair.notes.append(
                f"the code does not determine which device tunnel talks to which AWS tunnel ({names}: no inside "
                "CIDR on both sides; AWS assigns the outside addresses at creation): compared in order")
            for k, position in zip(undetermined, left):
                chosen[k] = device.tunnels[position]
        for k, aws_tunnel in enumerate(declared):
            device_tunnel = chosen.get(k)
            unknown = [u for u in aws_tunnel.unknown if u in _CRYPTO]
            result = None
            if device_tunnel is not None and not unknown:
                result = negotiate(device_tunnel, aws_tunnel)
            elif device_tunnel is not None:
                pair.notes.append(f"{aws_tunnel.name}: not simulated, the code leaves {', '.join(unknown)} unknown")
            pair.tunnels.append(TunnelPair(aws=aws_tunnel, device=device_tunnel, negotiation=result))
        pairs.append(pair)
    return pairs
