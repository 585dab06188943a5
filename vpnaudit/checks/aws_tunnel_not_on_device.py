"""VPN601 aws-tunnel-not-on-device: an AWS tunnel outside IP has no tunnel on the device.

Why it matters
--------------
Every Site-to-Site VPN connection has two tunnels, and AWS moves traffic between them during
endpoint maintenance. A device that configures only one of the two outside IPs of a connection it
clearly belongs to (it points at the other) loses the connection at the next maintenance window.
Tunnels are joined by outside IP address, never by position in the API list.

How to fix
----------
Configure a second tunnel towards the missing outside IP with its own inside /30, PSK and BGP
session (download the connection's sample configuration for the exact values):

- Cisco IOS: a second ``interface TunnelN`` with ``tunnel destination <outside ip>``.
- FortiOS: a second ``config vpn ipsec phase1-interface`` entry with ``set remote-gw <outside ip>``,
  its ``phase2-interface`` and tunnel interface.
- Cisco ASA: a second ``interface TunnelN`` (VTI) or a second ``set peer`` on the crypto map entry.
- Junos: a second ``security ike gateway`` / ``security ipsec vpn`` bound to ``st0.N``.
- Check Point: add the second AWS peer as an interoperable device in the community.
- strongSwan: a second ``conn`` / ``connections`` entry with ``right=<outside ip>``.
- PAN-OS: ``set network ike gateway <gw> peer-address ip <missing outside IP>`` and ``set network tunnel ipsec
  <tunnel> auto-key ike-gateway <gw>`` with its own tunnel interface.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..policy import Policy
from ._pair import at_aws

RULE = Rule(
    id="VPN601",
    name="aws-tunnel-not-on-device",
    severity=Severity.HIGH,
    profile="aws",
    summary="An AWS tunnel outside IP of the connection has no tunnel on the device",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",),
    tags=("pairing", "redundancy"),
    scope="pair",
)


def check(pair, policy: Policy) -> Iterator[Violation]:
    configured = [f"{t.device.name} to {t.aws.name}" for t in pair.tunnels if t.device is not None and t.aws is not None]
    for tp in pair.tunnels:
        if tp.device is None and tp.aws is not None:
            yield at_aws(
                pair, tp.aws,
                f"AWS {pair.connection_id} tunnel {tp.aws.name} has no tunnel on {pair.device.hostname or pair.device.source}"
                f" (the device configures only {', '.join(configured)})",
                "aws-tunnel-missing",
            )
