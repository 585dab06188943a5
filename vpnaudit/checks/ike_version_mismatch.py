"""VPN603 ike-version-mismatch: the device and AWS share no IKE version.

Why it matters
--------------
If the device speaks only IKEv1 and the AWS tunnel allows only IKEv2 (or the reverse), phase 1
never starts: the tunnel stays down whatever the algorithms. AWS tunnels allow both versions
unless ``IkeVersions`` is set; setting it to ikev2 (Security Hub EC2.183) breaks IKEv1-only
devices.

How to fix
----------
Prefer moving the device to IKEv2:

- Cisco IOS: ``crypto ikev2 proposal/policy/keyring/profile`` and ``set ikev2-profile`` in the IPsec profile.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set ike-version 2``.
- Cisco ASA: ``crypto ikev2 policy``, ``crypto ikev2 enable outside``, ``set ikev2 ipsec-proposal``.
- Junos: ``set security ike gateway GW version v2-only``.
- Check Point: community encryption method ``IKEv2 only``.
- strongSwan: ``keyexchange=ikev2`` / ``version = 2``.
- PAN-OS: ``set network ike gateway <gw> protocol version ikev2`` (or the version the AWS tunnel allows).

Or allow the device's version on the AWS tunnel:
``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... --vpn-tunnel-outside-ip-address IP
--tunnel-options 'IKEVersions=[{Value=ikev2}]'``. Terraform, on the ``aws_vpn_connection``::

    tunnel1_ike_versions = ["ikev2"]           # or ["ikev1", "ikev2"] while the device moves

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
from ..policy import Policy
from ._pair import at_device, label

RULE = Rule(
    id="VPN603",
    name="ike-version-mismatch",
    severity=Severity.CRITICAL,
    profile="aws",
    summary="The device and the AWS tunnel share no IKE version",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("pairing", "ike"),
    scope="pair",
)


def check(pair, policy: Policy) -> Iterator[Violation]:
    for tp in pair.matched():
        if tp.negotiation is not None and not tp.negotiation.version.ok:
            yield at_device(
                pair, tp.device,
                f"{label(pair, tp.device, tp.aws)}: no common IKE version: {tp.negotiation.version.reason}",
                "ike-version",
            )
