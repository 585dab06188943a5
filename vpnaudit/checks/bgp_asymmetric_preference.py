"""VPN412 bgp-asymmetric-preference: the two tunnels of a connection get different BGP weight or
local preference.

Why it matters
--------------
AWS steers traffic between a connection's two tunnels itself: during endpoint maintenance it
makes the tunnel under maintenance less preferred (MED / AS-path) so traffic moves to the other.
A customer gateway that pins one tunnel with a higher weight or local preference overrides that
signal for its outbound traffic: it keeps sending into the tunnel AWS is draining, and
asymmetric routing follows. AWS asks for the same weight and local preference on both tunnels
unless you deliberately run active/standby (best practices,
https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html; endpoint replacements,
https://docs.aws.amazon.com/vpn/latest/s2svpn/endpoint-replacements.html). Suppress the finding
with a reason if active/standby is intended.

Pairs are the tunnels naming the same ``vpn-`` connection id; without ids, the two AWS tunnels with
BGP (or two that share local address and neighbor AS). The finding points at the neighbor with the
higher value, which is where the asymmetry was configured.

How to fix
----------
Give both AWS neighbors the same values (or none):

- Cisco IOS / ASA: remove ``neighbor <ip> weight <n>`` (or set it on both), and use the same
  ``set local-preference`` in the inbound route-maps of both neighbors.
- FortiOS: the same ``set weight`` and route-map ``set set-local-preference`` on both AWS neighbors
  under ``config router bgp`` / ``config neighbor``.
- Junos: the same ``local-preference`` (group or neighbor level, or the import policy) on both neighbors.
- Check Point (Gaia clish): the same ``localpref`` / ``weight`` settings on both ``bgp external`` peers
  (``set bgp external remote-as <asn> peer <ip> localpref <n>``).
- strongSwan hosts (FRR): the same ``neighbor <ip> weight`` / route-map ``set local-preference`` on both.
- PAN-OS: the same import rule for both peers (``set network virtual-router default protocol bgp policy import
  rules <rule> action allow update local-preference <n>``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import BgpNeighbor, Device
from ..policy import Policy
from ._net import neighbor_of, tunnel_pairs, where

RULE = Rule(
    id="VPN412",
    name="bgp-asymmetric-preference",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="The two AWS tunnels' BGP sessions get different weight or local-preference",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/endpoint-replacements.html",
    ),
    tags=("bgp", "routing"),
)

_ATTRS = (("weight", "weight"), ("local_preference", "local-preference"))


def _shown(n: BgpNeighbor, attr: str) -> str:
    value = getattr(n, attr)
    if value is None:
        return "not set"
    return f"{value} (default)" if attr in n.defaults else str(value)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    for pair in tunnel_pairs(device, policy):
        sessions = []
        for tunnel in pair.tunnels:
            n = neighbor_of(device, tunnel)
            if n is not None and not n.shutdown:
                sessions.append((tunnel, n))
        if len(sessions) < 2:
            continue
        differing = [(a, word) for a, word in _ATTRS if len({getattr(n, a) for _, n in sessions}) > 1]
        if not differing:
            continue
        first_attr = differing[0][0]
        # The neighbor with the highest value is where the asymmetry was configured.
        offender_tunnel, offender = max(
            sessions, key=lambda s: (getattr(s[1], first_attr) is not None, getattr(s[1], first_attr) or 0)
        )
        details = "; ".join(
            f"{word} " + ", ".join(f"{n.neighbor} ({t.name}) {_shown(n, a)}" for t, n in sessions)
            for a, word in differing
        )
        who = f" of {pair.id}" if pair.id else ""
        line, file = where(offender, offender_tunnel)
        yield Violation(
            message=f"BGP sessions of the two tunnels{who} are preferred differently: {details}",
            line=line,
            file=file,
            target=f"bgp-neighbor:{offender.neighbor}",
            tunnel=offender_tunnel.name,
        )
