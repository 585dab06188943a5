"""VPN501 aws-tunnel-down: a tunnel's telemetry status is DOWN.

Why it matters
--------------
Every Site-to-Site VPN connection has two tunnels so that one can carry traffic while AWS performs
maintenance on the other. A connection with a tunnel DOWN has lost that redundancy: the next
endpoint replacement or a failure of the other tunnel cuts the network off. The status comes from
``VgwTelemetry`` in DescribeVpnConnections (``Status`` UP / DOWN with a ``StatusMessage`` such as
"IPSEC IS DOWN"). This is the check of AWS Security Hub control EC2.20 / AWS Config rule
``vpc-vpn-2-tunnels-up`` ("Both VPN tunnels for an AWS Site-to-Site VPN connection should be up").

Source: AWS Site-to-Site VPN User Guide, "Monitoring your Site-to-Site VPN tunnels" and
"Troubleshooting your customer gateway device"; AWS Security Hub, "Amazon EC2 controls" (EC2.20).

How to fix
----------
Configure the second tunnel on the customer gateway (both outside IPs, both pre-shared keys, both
inside /30s, BGP on both), then check from the device: ``show crypto isakmp sa`` /
``show crypto ikev2 sa`` (Cisco), ``show security ike security-associations`` (Junos),
``swanctl --list-sas`` (strongSwan). With tunnel logging on (VPN503) the CloudWatch log says why IKE
fails. If the device is right but idle, see VPN506 and, with IKEv2, let AWS initiate::

    aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... \\
        --vpn-tunnel-outside-ip-address <outside ip> \\
        --tunnel-options '{"StartupAction": "start"}'

Terraform, on the ``aws_vpn_connection`` (``start`` needs the tunnel restricted to IKEv2)::

    tunnel1_ike_versions       = ["ikev2"]
    tunnel1_startup_action     = "start"
    tunnel1_dpd_timeout_action = "restart"

Change only the DOWN tunnel: while the other one carries all traffic, a change to it (which
replaces its endpoint) cuts the connection off.

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
    id="VPN501",
    name="aws-tunnel-down",
    severity=Severity.HIGH,
    profile="aws",
    summary="An AWS VPN tunnel's telemetry status is DOWN",
    references=(
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-20",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-overview-vpn.html",
    ),
    tags=("aws", "availability"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in device.tunnels:
        aws = tunnel.aws
        if aws is None or (aws.telemetry_status or "").upper() != "DOWN":
            continue
        detail = f" ({aws.telemetry_message})" if aws.telemetry_message else ""
        since = f", status last changed {aws.last_status_change}" if aws.last_status_change else ""
        yield Violation(
            message=f"AWS tunnel {aws.outside_ip} is DOWN{detail}{since}",
            line=tunnel.line,
            target=f"aws-tunnel:{aws.outside_ip}",
            tunnel=tunnel.name,
        )
