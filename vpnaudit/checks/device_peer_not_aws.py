"""VPN602 device-peer-not-aws: a device tunnel points at an address that is not a tunnel of the connection.

Why it matters
--------------
AWS replaces tunnel endpoints, and a connection that is deleted and recreated gets new outside IPs.
A device tunnel that still uses the inside /30 of a connection's tunnel but points at another
outside address will never come up: its peer no longer answers for that tunnel.

How to fix
----------
Point the tunnel at the AWS tunnel's current outside IP (``aws ec2 describe-vpn-connections``,
``Options.TunnelOptions[].OutsideIpAddress``):

- Cisco IOS / ASA: ``tunnel destination <outside ip>`` and the matching keyring / tunnel-group.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set remote-gw <outside ip>``.
- Junos: ``set security ike gateway GW address <outside ip>``.
- Check Point: update the interoperable device's IP address.
- strongSwan: ``right=<outside ip>`` / ``remote_addrs = <outside ip>``.
- PAN-OS: ``set network ike gateway <gw> peer-address ip <AWS tunnel outside IP>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..policy import Policy
from ._pair import at_device

RULE = Rule(
    id="VPN602",
    name="device-peer-not-aws",
    severity=Severity.MEDIUM,
    profile="aws",
    summary="A device tunnel points at an address that is not a tunnel of the AWS connection",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",),
    tags=("pairing",),
    scope="pair",
)


def check(pair, policy: Policy) -> Iterator[Violation]:
    outside = ", ".join(t.aws.name for t in pair.tunnels if t.aws is not None)
    for tunnel in pair.stray:
        yield at_device(
            pair, tunnel,
            f"{tunnel.name} uses the inside address {tunnel.inside.local if tunnel.inside else '?'} of AWS "
            f"{pair.connection_id} but points at {tunnel.peer_address}, which is not one of its tunnels ({outside})",
            "stray-peer",
        )
