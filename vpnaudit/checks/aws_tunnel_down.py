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
