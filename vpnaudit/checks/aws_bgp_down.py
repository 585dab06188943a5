"""VPN508 aws-bgp-down: IPsec is up on a dynamic (BGP) AWS tunnel but BGP is not.

Why it matters
--------------
On a dynamic connection the tunnel carries traffic only when the BGP session over it is up and
AWS accepts routes from it. IPsec up with BGP down (telemetry message such as "BGP IS DOWN" or
"0 BGP ROUTES", ``AcceptedRouteCount`` 0) looks healthy to IPsec monitoring but routes nothing:
the connection has silently lost a path. Typical causes: wrong neighbor address (not the AWS
inside address), ASN mismatch (VPN608), missing ``ebgp-multihop`` / source interface, a filter
denying the advertisements, more than 100 prefixes advertised (VPN413), or a hold time the device
does not honour.

Source: AWS Site-to-Site VPN User Guide, "Monitoring your Site-to-Site VPN tunnels" (VgwTelemetry
status and message) and "Troubleshooting BGP"; EC2 API reference, VgwTelemetry.

How to fix
----------
On the device, check the session: ``show ip bgp summary`` (Cisco), ``show bgp summary`` (Junos),
``vtysh -c "show bgp summary"`` (FRR with strongSwan). The neighbor must be the AWS inside address
(first host of the /30), ``remote-as`` the Amazon-side ASN, and the device must advertise at least
one prefix. Turn on BGP logging on the tunnel to see AWS's view::

    aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... \\
        --vpn-tunnel-outside-ip-address <outside ip> \\
        --tunnel-options '{"LogOptions": {"CloudWatchLogOptions": {"BgpLogEnabled": true,
            "BgpLogGroupArn": "<log group arn>"}}}'

Terraform, on the ``aws_vpn_connection`` (BGP log arguments: AWS provider 6.24.0 and later)::

    tunnel1_log_options {
      cloudwatch_log_options {
        log_enabled       = true
        log_group_arn     = aws_cloudwatch_log_group.vpn.arn
        bgp_log_enabled   = true
        bgp_log_group_arn = aws_cloudwatch_log_group.vpn.arn
      }
    }

Turn the log on for the tunnel whose BGP is down, not for the one that carries the routes now.

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

import re
from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy

RULE = Rule(
    id="VPN508",
    name="aws-bgp-down",
    severity=Severity.HIGH,
    profile="aws",
    summary="IPsec is up on a dynamic AWS VPN tunnel but BGP is not (or accepts no routes)",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-overview-vpn.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/Troubleshooting.html",
    ),
    tags=("aws", "bgp", "availability"),
)

_ZERO_ROUTES = re.compile(r"^\s*0\s+BGP\s+ROUTES?\b", re.I)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    connection = device.connection
    if connection is None or connection.static_routes_only is not False:
        return
    for tunnel in device.tunnels:
        aws = tunnel.aws
        if aws is None or aws.telemetry_status is None:
            continue
        message = (aws.telemetry_message or "").upper()
        if "IPSEC IS DOWN" in message:
            continue  # IPsec itself is down: VPN501's finding
        ipsec_up = aws.telemetry_status.upper() == "UP" or "IPSEC IS UP" in message or "BGP" in message
        bgp_down = (
            bool(re.search(r"BGP\b.*\bDOWN", message))
            or bool(_ZERO_ROUTES.match(message))
            or aws.accepted_route_count == 0
        )
        if not (ipsec_up and bgp_down):
            continue
        detail = aws.telemetry_message or aws.telemetry_status
        routes = "" if aws.accepted_route_count is None else f", {aws.accepted_route_count} accepted routes"
        yield Violation(
            message=f"AWS tunnel {aws.outside_ip}: IPsec is up but BGP is not ({detail}{routes})",
            line=tunnel.line,
            target=f"aws-tunnel:{aws.outside_ip}",
            tunnel=tunnel.name,
        )
