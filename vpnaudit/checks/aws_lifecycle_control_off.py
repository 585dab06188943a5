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
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy

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
            line=tunnel.line,
            target=f"aws-tunnel:{aws.outside_ip}",
            tunnel=tunnel.name,
            fix=(f"aws ec2 modify-vpn-tunnel-options --vpn-connection-id {device.hostname} "
                 f"--vpn-tunnel-outside-ip-address {aws.outside_ip} "
                 """--tunnel-options '{"EnableTunnelLifecycleControl": true}'"""),
        )
