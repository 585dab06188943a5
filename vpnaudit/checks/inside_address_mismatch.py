"""VPN607 inside-address-mismatch: the tunnel inside addresses differ.

Why it matters
--------------
Each AWS tunnel has an inside /30 (``TunnelInsideCidr``): AWS takes the first host, the customer
gateway the second. A device tunnel interface with another address, or a BGP session to another
neighbor, can bring IPsec up but never BGP: the connection shows "0 BGP ROUTES" and traffic does not
flow.

How to fix
----------
Use the customer-side address of the AWS tunnel's inside /30 on the tunnel interface, and the AWS
side as BGP neighbor:

- Cisco IOS / ASA: ``ip address 169.254.x.2 255.255.255.252`` on the tunnel, ``neighbor 169.254.x.1 remote-as ...``.
- FortiOS: ``config system interface`` / ``edit "<phase1>"`` / ``set ip 169.254.x.2 255.255.255.255`` /
  ``set remote-ip 169.254.x.1 255.255.255.252``, and the neighbor 169.254.x.1 under ``config router bgp``.
- Junos: ``set interfaces st0 unit N family inet address 169.254.x.2/30``.
- Check Point: ``add vpn tunnel N type numbered local 169.254.x.2 remote 169.254.x.1 peer ...``.
- strongSwan / FRR: the VTI / XFRM interface address and the FRR neighbor.
- PAN-OS: ``set network interface tunnel units tunnel.1 ip <customer inside address>/30``.

Or choose the inside CIDR on the AWS side: ``aws ec2 modify-vpn-tunnel-options ... --tunnel-options
'TunnelInsideCidr=169.254.x.0/30'``. Terraform, on the ``aws_vpn_connection``::

    tunnel1_inside_cidr = "169.254.x.0/30"

AWS provider versions before the fix of hashicorp/terraform-provider-aws#45663 (6.26 and earlier
were affected) plan this as ``must be replaced``: the whole connection is recreated with new outside
IPs and keys. With those, prefer the device side, or the CLI followed by a matching argument.

Change one tunnel at a time: a tunnel-option change replaces that tunnel's endpoint, which
drops the tunnel for a moment (AWS Site-to-Site VPN User Guide, "Tunnel endpoint replacements":
"the modified tunnel is unavailable during the update"). Wait until the changed tunnel is UP
again (``vpnaudit aws --vpn vpn-...``) before changing the other one. Terraform modifies both
tunnels in one apply, so apply the ``tunnel1_*`` change and the ``tunnel2_*`` change separately
(``terraform state show`` gives ``tunnel1_address``, the outside IP of tunnel 1), and check that
the plan says ``update in-place``: ``must be replaced`` recreates the whole connection with new
outside IPs and keys. Reference: AWS provider, resource ``aws_vpn_connection``,
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpn_connection.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..pairing import host
from ..policy import Policy
from ._pair import at_device, label

RULE = Rule(
    id="VPN607",
    name="inside-address-mismatch",
    severity=Severity.CRITICAL,
    profile="aws",
    summary="The tunnel inside addresses (or the BGP neighbor) differ between the device and AWS",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("pairing", "routing"),
    scope="pair",
)


def check(pair, policy: Policy) -> Iterator[Violation]:
    for tp in pair.matched():
        aws_inside = tp.aws.inside
        if aws_inside is None or not aws_inside.local:
            continue
        want_local, want_peer = host(aws_inside.local), host(aws_inside.peer)
        device_inside = tp.device.inside
        have_local = host(device_inside.local) if device_inside else None
        problems = []
        if have_local and have_local != want_local:
            problems.append(f"the device uses {have_local}, AWS expects the customer side {want_local}")
        bgp = tp.device.bgp
        if bgp is not None and want_peer and bgp.neighbor != want_peer:
            problems.append(f"BGP neighbor {bgp.neighbor} is not the AWS inside address {want_peer}")
        if problems:
            yield at_device(
                pair, tp.device,
                f"{label(pair, tp.device, tp.aws)}: inside /30 {aws_inside.local.split('/')[0].rsplit('.', 1)[0]}.x: "
                + "; ".join(problems),
                "inside",
            )
