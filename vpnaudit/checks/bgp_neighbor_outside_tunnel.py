"""VPN408 bgp-neighbor-outside-tunnel: a BGP neighbor is not the AWS address of its tunnel's
inside /30.

Why it matters
--------------
Each AWS tunnel has a /30 of inside addresses: the first host is the AWS end (the virtual private
gateway or transit gateway BGP speaker), the second host is the customer gateway
(https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html; tunnel options,
https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html). A neighbor statement that points
at the customer's own address, at another tunnel's /30, or at an address no tunnel carries never
establishes, or, worse, establishes over the wrong tunnel so both sessions share one path.

The rule judges (a) the BGP session of every tunnel with an inside /30 (the parser's join, else
the neighbor inside the /30): it must be the first host; (b) when an AWS tunnel with an inside /30 has
no BGP session, every neighbor in the AWS inside supernet (``[inside] supernet``) that lies in no
tunnel's inside network (a supernet neighbor is otherwise left alone: Direct Connect virtual
interfaces peer on 169.254.0.0/16 too). Judged tunnels are those towards AWS (as VPN409).
Neighbors over policy-based tunnels are VPN407's.

How to fix
----------
Point the neighbor at the AWS inside address of the tunnel (``<aws-inside-ip>`` = first host of the
tunnel's /30, as in the AWS configuration file) and give the tunnel interface the second host:

- Cisco IOS / ASA: ``router bgp <asn>`` / ``neighbor <aws-inside-ip> remote-as 64512``
  (ASA: under ``address-family ipv4 unicast``), with ``ip address <customer-inside-ip> 255.255.255.252``
  on the tunnel interface.
- FortiOS: ``config router bgp`` / ``config neighbor`` / ``edit "<aws-inside-ip>"`` /
  ``set remote-as 64512``, with ``set ip <customer-inside-ip> 255.255.255.255`` /
  ``set remote-ip <aws-inside-ip> 255.255.255.252`` on the tunnel interface.
- Junos: ``set protocols bgp group ebgp neighbor <aws-inside-ip>`` and
  ``set interfaces st0 unit 1 family inet address <customer-inside-ip>/30``.
- Check Point (Gaia clish): ``set bgp external remote-as 64512 peer <aws-inside-ip> on`` with
  ``add vpn tunnel 1 type numbered local <customer-inside-ip> remote <aws-inside-ip> peer <peer>``.
- strongSwan (FRR / BIRD on the host): ``neighbor <aws-inside-ip> remote-as 64512`` and the XFRM /
  VTI interface address ``<customer-inside-ip>/30``.
- PAN-OS: ``set network interface tunnel units tunnel.1 ip 169.254.10.2/30`` and ``set network virtual-router
  default protocol bgp peer-group AWS peer P peer-address ip 169.254.10.1``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import all_neighbors, aws_tunnels, contains, in_supernet, inside_of, ip, neighbors_in, where
from .bgp_not_route_based import policy_based_neighbors

RULE = Rule(
    id="VPN408",
    name="bgp-neighbor-outside-tunnel",
    severity=Severity.HIGH,
    profile="aws",
    summary="The BGP neighbor is not the AWS address of the tunnel's inside /30",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("bgp", "routing"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    judged: set[tuple[object, ...]] = {
        (n.neighbor, n.file, n.line) for n, _ in policy_based_neighbors(device, policy)
    }
    insides = []
    lonely = []  # AWS tunnels with an inside network but no BGP session
    for tunnel in aws_tunnels(device, policy):
        if tunnel.routing == "policy-based":
            continue
        inside = inside_of(tunnel)
        if inside is None:
            continue
        insides.append(inside)
        # (a) the tunnel's own session: the parser's join, else neighbors inside its network.
        sessions = [tunnel.bgp] if tunnel.bgp is not None else neighbors_in(device, inside.net)
        if not sessions:
            lonely.append(tunnel)
        for n in sessions:
            ident = (n.neighbor, n.file, n.line)
            if ident in judged:
                continue
            judged.add(ident)
            addr = ip(n.neighbor)
            aws = inside.aws_side
            if addr is None or aws is None or addr == aws:
                continue
            if addr == inside.local:
                what = "is the customer gateway's own inside address"
            elif contains(inside.net, addr):
                what = "is not the AWS side"
            else:
                what = "lies outside"
            line, file = where(n, tunnel)
            yield Violation(
                message=(
                    f"BGP neighbor {n.neighbor} of {tunnel.name} {what} of the inside {inside.net}; "
                    f"the AWS side is {aws}"
                ),
                line=line,
                file=file,
                target=f"bgp-neighbor:{n.neighbor}",
                tunnel=tunnel.name,
            )
    if not lonely:
        return
    # (b) a tunnel has no session while a neighbor in the inside supernet lies in no tunnel's
    # network: most likely the session meant for that tunnel, pointed at the wrong address. (A
    # supernet neighbor with every tunnel served is left alone: Direct Connect virtual interfaces
    # peer on 169.254.0.0/16 too.)
    names = ", ".join(t.name for t in lonely)
    for n in all_neighbors(device):
        ident = (n.neighbor, n.file, n.line)
        addr = ip(n.neighbor)
        if ident in judged or n.shutdown or not in_supernet(addr, policy):
            continue
        if any(contains(i.net, addr) or addr == i.peer for i in insides):
            continue
        line, file = where(n)
        yield Violation(
            message=f"BGP neighbor {n.neighbor} is in no tunnel's inside network, and {names} has no BGP "
            "session; the neighbor must be the AWS side of the tunnel's inside /"
            f"{policy.inside.prefix_length}",
            line=line,
            file=file,
            target=f"bgp-neighbor:{n.neighbor}",
        )
