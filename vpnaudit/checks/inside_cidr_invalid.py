"""VPN409 inside-cidr-invalid: a tunnel inside address is not in a /30 of 169.254.0.0/16, or is
in a reserved /30.

Why it matters
--------------
AWS assigns each tunnel an inside CIDR that must be a /30 inside 169.254.0.0/16 (IPv4), and it
refuses a few /30s that are reserved: 169.254.0.0/30 through 169.254.5.0/30 and 169.254.169.252/30
(tunnel options, https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html). A device inside
address outside that space, with another prefix length, or in a reserved block cannot match any
AWS tunnel: the BGP session never comes up, and with static routing the tunnel interface carries
traffic for the wrong next hop. The supernet, prefix length and reserved list are ``[inside]`` in
the policy pack.

Judged tunnels: those towards AWS (inside address in the supernet, a ``vpn-`` connection id or
"AWS" in their object names, or a BGP neighbor with an AWS ASN); when no tunnel of the device shows
any of these signs, every tunnel. IPv6 inside addresses (/126 in fd00::/8, transit gateway only) are
not judged by this rule.

How to fix
----------
Pick a free /30 in 169.254.0.0/16 that is not reserved, set it on the AWS tunnel, then use its
second host on the device:

- AWS: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... --vpn-tunnel-outside-ip-address <outside-ip> --tunnel-options TunnelInsideCidr=169.254.10.0/30``
  (replaces the tunnel endpoint: one tunnel at a time).
- Cisco IOS: ``interface Tunnel1`` / ``ip address 169.254.10.2 255.255.255.252``.
- FortiOS: ``config system interface`` / ``edit "<phase1>"`` / ``set ip 169.254.10.2 255.255.255.255`` /
  ``set remote-ip 169.254.10.1 255.255.255.252``.
- Cisco ASA: ``interface Tunnel1`` / ``ip address 169.254.10.2 255.255.255.252``.
- Junos: ``set interfaces st0 unit 1 family inet address 169.254.10.2/30``.
- Check Point (Gaia clish): ``add vpn tunnel 1 type numbered local 169.254.10.2 remote 169.254.10.1 peer <peer>``.
- strongSwan / Linux: ``ip addr add 169.254.10.2/30 dev <xfrm-or-vti-if>``.
- PAN-OS: ``set network interface tunnel units tunnel.1 ip <customer address of the AWS inside /30>/30``.

Connections declared in code are judged too (AWS would refuse the value at deploy): Terraform
``tunnel1_inside_cidr = "169.254.10.0/30"`` on the ``aws_vpn_connection``; CloudFormation
``TunnelInsideCidr: 169.254.10.0/30`` in the ``VpnTunnelOptionsSpecifications`` item.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._aws import declared
from ._net import aws_tunnels, in_supernet, inside_of, network, tunnel_fields, where

RULE = Rule(
    id="VPN409",
    name="inside-cidr-invalid",
    severity=Severity.HIGH,
    profile="aws",
    summary="The tunnel inside address is not a /30 of 169.254.0.0/16, or is in a reserved /30",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("routing",),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws" and not declared(device):  # AWS itself never holds an invalid one
        return
    rules = policy.inside
    supernet = network(rules.supernet)
    reserved = [n for n in (network(r) for r in rules.reserved) if n is not None]
    for tunnel in aws_tunnels(device, policy):
        inside = inside_of(tunnel)
        if inside is None or supernet is None or inside.local.version != supernet.version:
            continue
        shown = tunnel.inside.local if tunnel.inside is not None else str(inside.local)
        problems = []
        if not in_supernet(inside.local, policy):
            problems.append(f"is not in {rules.supernet}")
        if inside.net is not None and inside.net.prefixlen != rules.prefix_length:
            problems.append(f"is a /{inside.net.prefixlen}, not a /{rules.prefix_length}")
        block = inside.net if inside.net is not None and inside.net.prefixlen >= rules.prefix_length else None
        if block is None:
            block = network(f"{inside.local}/{rules.prefix_length}")
        hit = [r for r in reserved if block is not None and block.version == r.version and block.overlaps(r)]
        if hit:
            problems.append(f"is in the reserved {', '.join(str(r) for r in hit)}")
        if not problems:
            continue
        line, file = where(tunnel.inside, tunnel)
        yield Violation(
            message=f"{tunnel.name} inside address {shown} {' and '.join(problems)}",
            line=line,
            file=file,
            **tunnel_fields(tunnel),
        )
