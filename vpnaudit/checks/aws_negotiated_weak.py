"""VPN507 aws-negotiated-weak: the crypto AWS actually negotiated on a tunnel is weak.

Why it matters
--------------
The allowed lists (VPN504) say what *could* be negotiated; GetActiveVpnTunnelStatus says what
*is*: the IKE version, phase-1 and phase-2 encryption, integrity and DH group of the live SAs.
A weak value here is not a theoretical downgrade path but the protection the traffic has right
now, usually because the customer gateway proposes legacy values first (AWS's old generic sample:
AES-128 / SHA1 / group 2). Weak values are the policy pack's ``[weak]`` lists; an IKE version
outside ``[ike] versions`` counts too.

Source: EC2 API reference, GetActiveVpnTunnelStatus / ActiveVpnTunnelStatus; RFC 8247, RFC 8221.

How to fix
----------
Change the customer gateway to propose strong values first (see VPN110-VPN112, VPN210-VPN212 on
the device config), then remove the weak values from the tunnel so they cannot come back::

    aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... \\
        --vpn-tunnel-outside-ip-address <outside ip> \\
        --tunnel-options '{"Phase1IntegrityAlgorithms": [{"Value": "SHA2-256"}],
            "Phase1DHGroupNumbers": [{"Value": 14}, {"Value": 20}],
            "Phase2IntegrityAlgorithms": [{"Value": "SHA2-256"}],
            "Phase2DHGroupNumbers": [{"Value": 14}, {"Value": 20}]}'

Terraform, on the ``aws_vpn_connection``::

    tunnel1_phase1_integrity_algorithms = ["SHA2-256"]
    tunnel1_phase1_dh_group_numbers     = [14, 20]
    tunnel1_phase2_integrity_algorithms = ["SHA2-256"]
    tunnel1_phase2_dh_group_numbers     = [14, 20]

The tunnel renegotiates after the change: check with ``vpnaudit aws`` that it came back UP with
the new values.

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
    id="VPN507",
    name="aws-negotiated-weak",
    severity=Severity.HIGH,
    profile="recommended",
    summary="The crypto negotiated on an AWS VPN tunnel (GetActiveVpnTunnelStatus) is weak",
    references=(
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetActiveVpnTunnelStatus.html",
        "https://www.rfc-editor.org/rfc/rfc8247",
    ),
    tags=("aws", "crypto"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    weak = policy.weak
    for tunnel in device.tunnels:
        aws = tunnel.aws
        if aws is None:
            continue
        parts = []
        if aws.active_ike_version is not None and aws.active_ike_version not in policy.ike.versions:
            parts.append(f"IKEv{aws.active_ike_version}")
        for label, value, bad in (
            ("phase-1 encryption", aws.active_phase1_encryption, weak.encryption),
            ("phase-1 integrity", aws.active_phase1_integrity, weak.integrity),
            ("phase-1 DH group", aws.active_phase1_dh_group, weak.dh_groups),
            ("phase-2 encryption", aws.active_phase2_encryption, weak.encryption),
            ("phase-2 integrity", aws.active_phase2_integrity, weak.integrity),
            ("phase-2 DH group", aws.active_phase2_dh_group, weak.dh_groups),
        ):
            if value is not None and value in bad:
                parts.append(f"{label} {value}")
        if not parts:
            continue
        yield Violation(
            message=f"AWS tunnel {aws.outside_ip} negotiated weak crypto: {', '.join(parts)}",
            line=tunnel.line,
            target=f"aws-tunnel:{aws.outside_ip}",
            tunnel=tunnel.name,
        )
