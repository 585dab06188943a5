"""VPN510 aws-pending-maintenance: an AWS tunnel has pending endpoint maintenance.

Why it matters
--------------
GetVpnTunnelReplacementStatus reports endpoint maintenance AWS has scheduled for a tunnel
(``MaintenanceDetails.PendingMaintenance``) and the date after which AWS applies it on its own
(``MaintenanceAutoAppliedAfter``). Applying it replaces the endpoint and drops that tunnel for a
moment: if the other tunnel is down (VPN501) or the device cannot fail over, traffic stops. Plan
it instead of being surprised by it.

Source: AWS Site-to-Site VPN User Guide, "Tunnel endpoint lifecycle control"; EC2 API reference,
GetVpnTunnelReplacementStatus and MaintenanceDetails.

How to fix
----------
Check that the other tunnel is UP and carries routes, then apply the maintenance in a window::

    aws ec2 replace-vpn-tunnel --vpn-connection-id vpn-... \\
        --vpn-tunnel-outside-ip-address <outside ip> --apply-pending-maintenance

(``replace-vpn-tunnel`` is a write call: vpnaudit never makes it; Terraform has no argument for it.)
Apply it to one tunnel, wait until that tunnel is UP again, and only then to the other. To choose
the time of future maintenance, turn on lifecycle control (VPN509): ``aws ec2
modify-vpn-tunnel-options --tunnel-options '{"EnableTunnelLifecycleControl": true}'``, or in
Terraform ``tunnel1_enable_tunnel_lifecycle_control = true`` on the ``aws_vpn_connection``.

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
from ..model import Device
from ..policy import Policy

RULE = Rule(
    id="VPN510",
    name="aws-pending-maintenance",
    severity=Severity.LOW,
    profile="recommended",
    summary="An AWS VPN tunnel has pending endpoint maintenance",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/tunnel-endpoint-lifecycle.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetVpnTunnelReplacementStatus.html",
    ),
    tags=("aws", "availability"),
)

_NOTHING = {"", "none", "null", "n/a"}


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in device.tunnels:
        aws = tunnel.aws
        if aws is None or (aws.pending_maintenance or "").strip().lower() in _NOTHING:
            continue
        after = (f", applied automatically after {aws.maintenance_auto_applied_after}"
                 if aws.maintenance_auto_applied_after else "")
        yield Violation(
            message=f"AWS tunnel {aws.outside_ip} has pending endpoint maintenance: {aws.pending_maintenance}{after}",
            line=tunnel.line,
            target=f"aws-tunnel:{aws.outside_ip}",
            tunnel=tunnel.name,
            fix=(f"aws ec2 replace-vpn-tunnel --vpn-connection-id {device.hostname} "
                 f"--vpn-tunnel-outside-ip-address {aws.outside_ip} --apply-pending-maintenance"),
        )
