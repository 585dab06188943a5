"""VPN505 aws-psk-not-in-secrets-manager: the tunnel pre-shared keys are stored in the VPN service
(Standard storage), not in AWS Secrets Manager.

Why it matters
--------------
With Standard storage, DescribeVpnConnections returns both pre-shared keys in clear text (in
``TunnelOptions[].PreSharedKey`` and in the ``CustomerGatewayConfiguration`` XML) to every
principal allowed ``ec2:DescribeVpnConnections``, a permission that read-only and auditor roles
commonly hold. With Secrets Manager storage the response carries only ``PreSharedKeyArn``; reading
the key needs ``secretsmanager:GetSecretValue`` on that secret, can use a customer managed KMS
key, and is logged in CloudTrail. Certificate-authenticated tunnels have no key and are not judged.

Source: AWS Site-to-Site VPN User Guide, "Site-to-Site VPN tunnel authentication options" (storing
pre-shared keys in AWS Secrets Manager); EC2 API reference, ``PreSharedKeyStorage``
(``Standard`` | ``SecretsManager``) and ``VpnConnection.PreSharedKeyArn``.

How to fix
----------
Move the keys to Secrets Manager (the tunnel keeps its key), one tunnel at a time::

    aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... \\
        --vpn-tunnel-outside-ip-address <outside ip> \\
        --tunnel-options '{}' --pre-shared-key-storage SecretsManager

New connections: ``aws ec2 create-vpn-connection ... --pre-shared-key-storage SecretsManager``.
Terraform: the connection-level argument of ``aws_vpn_connection`` (recent AWS provider versions)::

    preshared_key_storage = "SecretsManager"   # or "Standard"

It is one argument for both tunnels, so Terraform cannot stage it per tunnel: move each tunnel with
the CLI first, then set the argument so that the plan shows no change. Terraform keeps
``tunnel1_preshared_key`` / ``tunnel2_preshared_key`` in its state in clear text (provider docs), so
protect the state, and do not set the keys in Terraform at all where you can. Better still, use
certificate authentication (AWS Private CA) so there is no shared key at all.

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
from ._aws import tunnel_fix

RULE = Rule(
    id="VPN505",
    name="aws-psk-not-in-secrets-manager",
    severity=Severity.LOW,
    profile="recommended",
    summary="AWS VPN pre-shared keys are stored in the VPN service, not in AWS Secrets Manager",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-tunnel-authentication-options.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpnTunnelOptions.html",
    ),
    tags=("aws", "secrets"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in device.tunnels:
        aws = tunnel.aws
        if aws is None or aws.psk_in_secrets_manager is not False:
            continue
        if tunnel.ike is not None and tunnel.ike.auth not in (None, "psk"):
            continue
        psk = tunnel.ike.psk if tunnel.ike else None
        yield Violation(
            message=(f"AWS tunnel {aws.outside_ip}: the pre-shared key is stored in the Site-to-Site VPN "
                     "service (Standard storage, returned by DescribeVpnConnections), not in AWS Secrets Manager"),
            # declared in code: where PreSharedKeyStorage goes (the resource), else the key's line
            line=tunnel.line if device.connection and device.connection.declared_in else (
                psk.line if psk else None) or tunnel.line,
            target=f"aws-tunnel:{aws.outside_ip}",
            tunnel=tunnel.name,
            fix=tunnel_fix(device, tunnel, {"PreSharedKeyStorage": "SecretsManager"}, (
                f"aws ec2 modify-vpn-tunnel-options --vpn-connection-id {device.hostname} "
                f"--vpn-tunnel-outside-ip-address {aws.outside_ip} --tunnel-options '{{}}' "
                "--pre-shared-key-storage SecretsManager")),
        )
