"""VPN208 policy-based-multiple-sas: a policy-based tunnel has more than one traffic selector.

Several policy-based entries to one peer (IOS / ASA crypto map sequence numbers 10 and 20, each
with its own ACL) are one AWS tunnel with one SA pair per entry, and are reported once, at the
second entry. (A route-based tunnel that lists several traffic selectors, such as Junos ``traffic-selector``
on an st0 VPN, negotiates one SA pair per selector as well, and is reported the same way.)

Why it matters
--------------
An AWS VPN tunnel carries one pair of IPsec SAs (customer gateway requirements page: a
policy-based device must be limited to a single security association pair per tunnel). A
policy-based device (crypto map ACL, Junos policy-based VPN, Check Point encryption domain,
strongSwan ``local_ts``/``remote_ts`` lists) negotiates one SA pair per ACL line or subnet pair: AWS accepts the first and rejects or replaces
the others, so only part of the traffic passes, and which part changes after every rekey.

How to fix
----------
Use a route-based tunnel (VTI / st0 / VTI interface / XFRM interface), which negotiates a single
0.0.0.0/0 selector pair; or reduce the policy to one summarised selector.

- Cisco IOS: replace the crypto map with ``interface Tunnel1`` / `` tunnel mode ipsec ipv4`` /
  `` tunnel protection ipsec profile AWS``; or use one ACL line,
  ``access-list 150 permit ip 10.0.0.0 0.255.255.255 172.31.0.0 0.0.255.255``.
- FortiOS: replace ``config vpn ipsec phase1`` / ``phase2`` and the ``action ipsec`` policies with
  ``phase1-interface`` / ``phase2-interface`` (selectors 0.0.0.0/0) and route or BGP over the tunnel interface.
- Cisco ASA: ``interface Tunnel1`` / `` tunnel protection ipsec profile AWS`` (ASA 9.7+); or a
  single ``access-list AWS-ACL extended permit ip 10.0.0.0 255.0.0.0 172.31.0.0 255.255.0.0``.
- Junos: bind the VPN to ``st0.1`` (``set security ipsec vpn AWS bind-interface st0.1``) and route
  over it; with traffic selectors keep one ``traffic-selector`` per VPN.
- Check Point: VPN community > Tunnel Management > VPN Tunnel Sharing "One VPN tunnel per Gateway
  pair" (or use a route-based VTI with an empty encryption domain).
- strongSwan: one subnet per side, ``local_ts = 10.0.0.0/8`` / ``remote_ts = 172.31.0.0/16``, or
  ``0.0.0.0/0`` on both with an XFRM interface (``if_id_in`` / ``if_id_out``).
- PAN-OS: ``delete network tunnel ipsec <tunnel> auto-key proxy-id <id>`` for every proxy ID, so the tunnel
  negotiates one 0.0.0.0/0 pair (route with the tunnel interface instead).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN208",
    name="policy-based-multiple-sas",
    severity=Severity.HIGH,
    profile="aws",
    summary="A policy-based tunnel has more than one traffic selector; AWS supports one SA pair",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html",
    ),
    tags=("ipsec", "phase2", "routing"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if not c.judged(device):
        return
    by_peer: dict[str, list[tuple[object, list[str]]]] = {}
    for tunnel in device.tunnels:
        # Route-based tunnels normally carry no selectors (0.0.0.0/0 both ways); when they list
        # several (Junos traffic-selector on st0, strongSwan ts lists), each pair is an SA too.
        pairs: list[str] = []
        for selector in tunnel.traffic_selectors:
            if selector.action not in (None, "permit"):
                continue  # a deny line negotiates no SA
            proto = f" {selector.protocol}" if selector.protocol and selector.protocol != "ip" else ""
            pair = f"{selector.local} -> {selector.remote}{proto}"
            if pair not in pairs:
                pairs.append(pair)
        if tunnel.routing == "policy-based" and tunnel.peer_address and len(pairs) == 1:
            by_peer.setdefault(tunnel.peer_address, []).append((tunnel, pairs))
        if len(pairs) <= 1:
            continue
        policy_based = tunnel.routing == "policy-based"
        kind = "policy-based " if policy_based else ""
        advice = " or a route-based tunnel" if policy_based else " or none (0.0.0.0/0) on the route-based tunnel"
        shown = ", ".join(pairs[:4]) + (f", ... ({len(pairs) - 4} more)" if len(pairs) > 4 else "")
        line, file = c.where(tunnel)
        yield Violation(
            message=(f"{kind}{c.tunnel_label(device, tunnel)} has {len(pairs)} traffic selectors "
                     f"({shown}), one SA pair each; AWS supports one SA pair per tunnel: use one "
                     f"summarised selector{advice}"),
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
    # Several crypto map entries (sequence numbers) to one peer: one SA pair each, to one AWS tunnel.
    for peer, entries in by_peer.items():
        pairs = list(dict.fromkeys(p for _, ps in entries for p in ps))
        if len(entries) < 2 or len(pairs) < 2:
            continue
        tunnels = [t for t, _ in entries]
        second = tunnels[1]
        names = ", ".join(c.tunnel_label(device, t) for t in tunnels)  # type: ignore[arg-type]
        line, file = c.where(second)  # type: ignore[arg-type]
        yield Violation(
            message=(f"{len(tunnels)} policy-based entries to peer {peer} ({names}) negotiate "
                     f"{len(pairs)} SA pairs ({', '.join(pairs[:4])}); AWS supports one SA pair per tunnel: "
                     "use one summarised selector in one entry or a route-based tunnel"),
            line=line, file=file, target=f"peer:{peer}", tunnel=second.name,  # type: ignore[attr-defined]
        )
