"""VPN502 aws-ikev1-allowed: an AWS tunnel allows IKEv1, including by leaving IkeVersions unset.

Why it matters
--------------
IKEv1 is obsolete (RFC 9395 deprecates it): no AEAD ciphers for the IKE SA, no built-in DPD or
NAT-T negotiation, weaker DoS resistance, and the aggressive-mode and PSK offline-guessing
weaknesses. AWS "strongly recommends" IKEv2, and AWS Security Hub control EC2.183 / AWS Config
rule ``ec2-vpn-connection-ike-version-check`` fails any tunnel that allows IKEv1. A tunnel whose
``IkeVersions`` is not set allows **both** IKEv1 and IKEv2 (the AWS default), so an empty option
is not compliant: an attacker or a misconfigured device can still negotiate IKEv1.

Source: AWS Site-to-Site VPN User Guide, "Tunnel options for your Site-to-Site VPN connection"
(IKE versions, default ikev1 and ikev2); AWS Security Hub, "Amazon EC2 controls" (EC2.183).

How to fix
----------
Make sure the customer gateway speaks IKEv2 (see VPN113 for the device side), then allow only
IKEv2 on each tunnel::

    aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... \\
        --vpn-tunnel-outside-ip-address <outside ip> \\
        --tunnel-options '{"IKEVersions": [{"Value": "ikev2"}]}'

Terraform, on the ``aws_vpn_connection``::

    tunnel1_ike_versions = ["ikev2"]

Removing the argument again does not keep IKEv2 only: the provider then sends the AWS default
(ikev1 and ikev2).

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
    id="VPN502",
    name="aws-ikev1-allowed",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="An AWS VPN tunnel allows IKEv1 (explicitly or by leaving IkeVersions unset)",
    references=(
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-183",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("aws", "ike"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in device.tunnels:
        if tunnel.aws is None or tunnel.ike is None or 1 not in tunnel.ike.versions:
            continue
        if "aws_tunnel_options" in tunnel.unknown:  # a generic XML file: the options are unknown
            continue
        ip = tunnel.aws.outside_ip
        allowed = " and ".join(f"IKEv{v}" for v in tunnel.ike.versions)
        if "versions" in tunnel.ike.defaults:
            why = f"(unset: AWS default allows {allowed})"
        else:
            why = f"(IkeVersions: {', '.join(f'ikev{v}' for v in tunnel.ike.versions)})"
        yield Violation(
            message=f"AWS tunnel {ip} allows IKEv1 {why}",
            line=setting_line(tunnel, "ike_versions") if tunnel.line_of("ike_versions") else tunnel.ike.line or tunnel.line,
            target=f"aws-tunnel:{ip}",
            tunnel=tunnel.name,
            fix=tunnel_fix(device, tunnel, {"IKEVersions": [{"Value": "ikev2"}]}, (
                f"aws ec2 modify-vpn-tunnel-options --vpn-connection-id {device.hostname} "
                f"--vpn-tunnel-outside-ip-address {ip} "
                """--tunnel-options '{"IKEVersions": [{"Value": "ikev2"}]}'""")),
        )
