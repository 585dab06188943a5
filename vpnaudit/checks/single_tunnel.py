"""VPN411 single-tunnel: only one of an AWS connection's two tunnels is configured (or up).

Why it matters
--------------
Every Site-to-Site VPN connection has two tunnels on two AWS endpoints, and AWS replaces or
patches one endpoint at a time, expecting traffic to move to the other (customer gateway
requirements and best practices, https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html,
https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html; tunnel endpoint replacement,
https://docs.aws.amazon.com/vpn/latest/s2svpn/endpoint-replacements.html). With one tunnel the
connection goes down at every maintenance, and Security Hub EC2.20 flags it as "not both tunnels
up".

How vpnaudit finds the pairs (a config does not say which tunnels belong together): the tunnels
towards AWS are those whose inside address is in the AWS inside supernet, whose objects (tunnel,
keyring, profile, transform-set, peer names) carry a ``vpn-`` connection id or say AWS / Amazon, or
whose BGP neighbor has an AWS ASN; when no tunnel shows any of these signs, every tunnel counts.
Tunnels naming the same ``vpn-`` id are one connection: fewer than two, or only one enabled, fires.
The tunnels with no id are judged together: an odd number of them (one, three, ...) means at least
one connection has a single tunnel; the finding points at a shut-down tunnel when there is one,
else at the lone or last tunnel.

How to fix
----------
Configure the second tunnel from the AWS configuration file (its outside IP, inside /30 and key):

- Cisco IOS: a second keyring, ISAKMP / IKEv2 profile, ``interface Tunnel2`` with
  ``tunnel destination <tunnel2-outside-ip>`` and ``tunnel protection ipsec profile ...``, and a
  second BGP neighbor; ``no shutdown`` on both tunnels.
- FortiOS: a second ``phase1-interface`` / ``phase2-interface`` pair with ``set remote-gw <tunnel2-outside-ip>``,
  its tunnel interface and a second BGP neighbor.
- Cisco ASA: a second ``tunnel-group <tunnel2-outside-ip>`` and ``interface Tunnel2`` (or a second
  crypto map peer), and a second BGP neighbor.
- Junos: a second ``security ike gateway`` / ``security ipsec vpn`` bound to ``st0.2``, and a second
  neighbor in the BGP group; remove ``deactivate`` / ``disable``.
- Check Point: both AWS tunnel peers as interoperable devices in the community, ``vpnt1`` and ``vpnt2``.
- strongSwan: a second ``connection`` (swanctl) or ``conn`` (ipsec.conf, ``auto=start`` not ``ignore``)
  to the second outside IP.
- PAN-OS: a second ``network ike gateway``, ``network tunnel ipsec`` and ``network interface tunnel units
  tunnel.2`` for the connection's other outside IP, with its own BGP peer.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device, Tunnel
from ..policy import Policy
from ._net import connections, tunnel_fields, where

RULE = Rule(
    id="VPN411",
    name="single-tunnel",
    severity=Severity.MEDIUM,
    profile="aws",
    summary="Only one of the AWS connection's two tunnels is configured",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/endpoint-replacements.html",
    ),
    tags=("availability",),
)
# This rule is about tunnels that are shut down or inactive: the engine shows it every tunnel.
JUDGES_INACTIVE = True


def _violation(tunnel: Tunnel, message: str) -> Violation:
    line, file = where(tunnel)
    return Violation(message=message, line=line, file=file, **tunnel_fields(tunnel))


def _names(tunnels: list[Tunnel]) -> tuple[str, str]:
    if len(tunnels) == 1:
        return tunnels[0].name, "is"
    return ", ".join(t.name for t in tunnels), "are"


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    for group in connections(device, policy):
        tunnels = sorted(group.tunnels, key=lambda t: (t.file or "", t.line or 0))
        enabled = [t for t in tunnels if t.enabled]
        disabled = [t for t in tunnels if not t.enabled]
        who = f"connection {group.id}" if group.id else "its AWS connection"
        if group.id is not None:
            if len(tunnels) == 1:
                lone = tunnels[0]
                state = "" if lone.enabled else " and it is shut down"
                yield _violation(lone, f"{lone.name} is the only tunnel of {who} configured{state}; "
                                 "AWS provides two tunnels per connection, configure both")
            elif len(enabled) < 2:
                running = ", ".join(t.name for t in enabled) or "no tunnel"
                names, verb = _names(disabled)
                yield _violation(disabled[0], f"{names} of {who} {verb} shut down; only {running} carries "
                                 "the connection")
            continue
        if len(enabled) % 2 == 0:
            continue
        if disabled:
            # One condition, one finding: at the first tunnel that is off, naming all of them.
            names, verb = _names(disabled)
            yield _violation(disabled[0], f"{names} {verb} shut down, leaving an odd number ({len(enabled)}) of "
                             "enabled tunnels: an AWS connection runs on one of its two tunnels")
        elif len(tunnels) == 1:
            lone = tunnels[0]
            yield _violation(lone, f"{lone.name} is the only tunnel configured; every AWS connection has two "
                             "tunnels, configure both")
        else:
            last = tunnels[-1]
            names = ", ".join(t.name for t in tunnels)
            yield _violation(last, f"{len(tunnels)} tunnels configured ({names}): an odd number, so at least "
                             "one AWS connection has only one of its two tunnels")
