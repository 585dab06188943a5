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
- Cisco ASA: ``crypto ikev2 policy``, ``crypto ikev2 enable outside``, ``set ikev2 ipsec-proposal``.
- Junos: ``set security ike gateway GW version v2-only``.
- Check Point: community encryption method ``IKEv2 only``.
- strongSwan: ``keyexchange=ikev2`` / ``version = 2``.

Or allow the device's version on the AWS tunnel (one tunnel at a time, the endpoint is replaced):
``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... --vpn-tunnel-outside-ip-address IP
--tunnel-options 'IKEVersions=[{Value=ikev2}]'``.
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
