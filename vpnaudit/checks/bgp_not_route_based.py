"""VPN407 bgp-not-route-based: BGP to AWS runs over a policy-based (crypto map) tunnel.

Why it matters
--------------
AWS dynamic (BGP) connections expect a route-based tunnel: a tunnel interface (VTI, ``st0``,
``vpnt``, XFRM) with the inside /30 on it, one SA pair per tunnel whose selectors are
``0.0.0.0/0 <-> 0.0.0.0/0``, and the BGP session on the inside addresses (customer gateway
requirements, https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html). Over a crypto map the
BGP session exists only while the crypto ACL happens to cover the inside addresses, routes learned
over BGP are not covered by the ACL, and the second tunnel cannot be used for failover: traffic to
prefixes BGP learns is dropped or sent in clear.

The rule looks at every BGP neighbor the parser attached to a policy-based tunnel, and at every
neighbor in the AWS inside supernet (``[inside] supernet``) that a policy-based tunnel's traffic
selector covers.

How to fix
----------
Move the tunnel to a tunnel interface and run BGP on its inside addresses:

- Cisco IOS: ``interface Tunnel1`` / ``ip address 169.254.x.2 255.255.255.252`` / ``tunnel source <outside-if>`` /
  ``tunnel destination <tunnel1-outside-ip>`` / ``tunnel mode ipsec ipv4`` /
  ``tunnel protection ipsec profile <profile>``, and remove the crypto map from the outside interface.
- FortiOS: a route-based ``config vpn ipsec phase1-interface`` (not ``phase1``) and its tunnel interface
  ``config system interface`` / ``edit "<phase1>"`` / ``set ip 169.254.x.2 255.255.255.255`` /
  ``set remote-ip 169.254.x.1 255.255.255.252``; the BGP neighbor on 169.254.x.1.
- Cisco ASA (9.7+): ``interface Tunnel1`` / ``nameif <name>`` / ``ip address 169.254.x.2 255.255.255.252`` /
  ``tunnel source interface outside`` / ``tunnel destination <outside-ip>`` / ``tunnel mode ipsec ipv4`` /
  ``tunnel protection ipsec profile <profile>``.
- Junos: ``set interfaces st0 unit 1 family inet address 169.254.x.2/30`` and
  ``set security ipsec vpn <vpn> bind-interface st0.1`` (no ``match-policies`` / policy-based VPN).
- Check Point (Gaia clish): ``add vpn tunnel 1 type numbered local 169.254.x.2 remote 169.254.x.1 peer <aws-peer-object>``
  and a route-based (empty encryption domain) community.
- strongSwan: an XFRM interface (``ip link add xfrm1 type xfrm if_id 1``) with ``if_id_in = 1`` /
  ``if_id_out = 1`` and ``local_ts = 0.0.0.0/0`` / ``remote_ts = 0.0.0.0/0`` in the child.
- PAN-OS: route-based by design: delete the tunnel's ``proxy-id`` entries and peer BGP over the tunnel interface
  (``set network virtual-router default protocol bgp peer-group AWS peer P local-address interface tunnel.1``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import BgpNeighbor, Device, Tunnel
from ..policy import Policy
from ._net import all_neighbors, contains, in_supernet, ip, network, where

RULE = Rule(
    id="VPN407",
    name="bgp-not-route-based",
    severity=Severity.HIGH,
    profile="aws",
    summary="BGP to AWS over a policy-based (crypto map) tunnel instead of a tunnel interface",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",),
    tags=("bgp", "routing"),
)


def policy_based_neighbors(device: Device, policy: Policy) -> list[tuple[BgpNeighbor, Tunnel]]:
    """BGP neighbors whose session runs over a policy-based tunnel (shared with VPN408)."""
    found: list[tuple[BgpNeighbor, Tunnel]] = []
    seen: set[tuple[object, ...]] = set()
    policy_based = [t for t in device.tunnels if t.routing == "policy-based"]
    for tunnel in policy_based:
        if tunnel.bgp is not None:
            ident = (tunnel.bgp.neighbor, tunnel.bgp.file, tunnel.bgp.line)
            if ident not in seen:
                seen.add(ident)
                found.append((tunnel.bgp, tunnel))
    for n in all_neighbors(device):
        ident = (n.neighbor, n.file, n.line)
        addr = ip(n.neighbor)
        if ident in seen or not in_supernet(addr, policy):
            continue
        for tunnel in policy_based:
            if any(contains(network(ts.remote), addr) for ts in tunnel.traffic_selectors):
                seen.add(ident)
                found.append((n, tunnel))
                break
    return sorted(found, key=lambda pair: (pair[0].file or "", pair[0].line or 0))


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    for neighbor, tunnel in policy_based_neighbors(device, policy):
        line, file = where(neighbor, tunnel)
        yield Violation(
            message=(
                f"BGP neighbor {neighbor.neighbor} runs over the policy-based tunnel {tunnel.name}; "
                "AWS BGP needs a route-based tunnel interface"
            ),
            line=line,
            file=file,
            target=f"bgp-neighbor:{neighbor.neighbor}",
            tunnel=tunnel.name,
        )
