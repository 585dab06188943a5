"""VPN509 aws-lifecycle-control-off: tunnel endpoint lifecycle control is off.

Why it matters
--------------
AWS replaces tunnel endpoints for maintenance. With lifecycle control off (the default) AWS applies
the replacement at a time it chooses; with it on, AWS announces pending maintenance
(GetVpnTunnelReplacementStatus, VPN510) and you apply it with ``ReplaceVpnTunnel`` in your own
maintenance window, one tunnel at a time, after checking that the other tunnel is up. For
connections that carry production traffic that control is worth having; it is informational
because the default behaviour is safe when both tunnels are up (VPN501).

Source: AWS Site-to-Site VPN User Guide, "Tunnel endpoint lifecycle control"; EC2 API reference,
TunnelOption ``EnableTunnelLifecycleControl``.

How to fix
----------
::

    aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... \\
        --vpn-tunnel-outside-ip-address <outside ip> \\
        --tunnel-options '{"EnableTunnelLifecycleControl": true}'

Turning it on replaces the tunnel endpoint unless ``--skip-tunnel-replacement`` is given.
Terraform, on the ``aws_vpn_connection``::

    tunnel1_enable_tunnel_lifecycle_control = true

The Terraform arguments have no counterpart of ``--skip-tunnel-replacement``: expect the endpoint
replacement, or turn the option on with the CLI and then set the argument so the plan shows no
change.

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
from ._aws import setting_line, tunnel_fix

RULE = Rule(
    id="VPN509",
    name="aws-lifecycle-control-off",
    severity=Severity.INFO,
    profile="strict",
    summary="AWS VPN tunnel endpoint lifecycle control is off (maintenance happens at AWS's time)",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/tunnel-endpoint-lifecycle.html",
    ),
    tags=("aws", "availability"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in device.tunnels:
        aws = tunnel.aws
        if aws is None or aws.lifecycle_control is not False:
            continue
        why = ("(unset: AWS default is off)" if "lifecycle_control" in aws.defaults
               else "(EnableTunnelLifecycleControl false)")
        yield Violation(
            message=(f"AWS tunnel {aws.outside_ip}: endpoint lifecycle control is off {why}; "
                     "AWS applies endpoint maintenance at a time it chooses"),
            line=setting_line(tunnel, "lifecycle_control"),
            target=f"aws-tunnel:{aws.outside_ip}",
            tunnel=tunnel.name,
            fix=tunnel_fix(device, tunnel, {"EnableTunnelLifecycleControl": True}, (
                f"aws ec2 modify-vpn-tunnel-options --vpn-connection-id {device.hostname} "
                f"--vpn-tunnel-outside-ip-address {aws.outside_ip} "
                """--tunnel-options '{"EnableTunnelLifecycleControl": true}'""")),
        )
