"""VPN503 aws-logging-disabled: tunnel logging to CloudWatch Logs is off on an AWS tunnel.

Why it matters
--------------
Site-to-Site VPN tunnel logs (IKE and IPsec negotiation, DPD, tunnel state changes, and with
``BgpLogEnabled`` the BGP session) are the only AWS-side evidence of why a tunnel failed or which
proposals a peer offered. Without them, an outage or an unexpected peer is diagnosed blind, and
an audit trail is missing. Logging is off unless set: an unset ``LogOptions`` means no logs.
AWS Security Hub control EC2.171 / AWS Config rule ``ec2-vpn-connection-logging-enabled`` requires
it on every tunnel.

Source: AWS Site-to-Site VPN User Guide, "Site-to-Site VPN logs"; AWS Security Hub, "Amazon EC2
controls" (EC2.171).

How to fix
----------
Create a log group, then turn logging on for each tunnel::

    aws logs create-log-group --log-group-name /vpn/tunnels
    aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... \\
        --vpn-tunnel-outside-ip-address <outside ip> \\
        --tunnel-options '{"LogOptions": {"CloudWatchLogOptions": {"LogEnabled": true,
            "LogGroupArn": "arn:aws:logs:REGION:ACCOUNT:log-group:/vpn/tunnels", "LogOutputFormat": "json"}}}'

Terraform::

    resource "aws_cloudwatch_log_group" "vpn" {
      name              = "/vpn/tunnels"
      retention_in_days = 90
    }

    # in the aws_vpn_connection
    tunnel1_log_options {
      cloudwatch_log_options {
        log_enabled       = true
        log_group_arn     = aws_cloudwatch_log_group.vpn.arn
        log_output_format = "json"
      }
    }

(``bgp_log_enabled`` / ``bgp_log_group_arn`` in the same block add the BGP log, AWS provider 6.24.0
and later.)

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
    id="VPN503",
    name="aws-logging-disabled",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="Tunnel logging to CloudWatch Logs is off on an AWS VPN tunnel",
    references=(
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-171",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-logs.html",
    ),
    tags=("aws", "logging"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in device.tunnels:
        aws = tunnel.aws
        if aws is None or aws.logging_enabled is not False:
            continue
        why = "(unset: AWS default is off)" if "logging_enabled" in aws.defaults else "(LogEnabled false)"
        yield Violation(
            message=f"AWS tunnel {aws.outside_ip} does not send tunnel logs to CloudWatch Logs {why}",
            line=setting_line(tunnel, "logging_enabled"),
            target=f"aws-tunnel:{aws.outside_ip}",
            tunnel=tunnel.name,
            fix=tunnel_fix(device, tunnel, {"LogOptions": {"CloudWatchLogOptions": {
                "LogEnabled": True, "LogGroupArn": "<log group arn>"}}}, (
                f"aws ec2 modify-vpn-tunnel-options --vpn-connection-id {device.hostname} "
                f"--vpn-tunnel-outside-ip-address {aws.outside_ip} --tunnel-options "
                """'{"LogOptions": {"CloudWatchLogOptions": {"LogEnabled": true, "LogGroupArn": "<log group arn>"}}}'""")),
        )
