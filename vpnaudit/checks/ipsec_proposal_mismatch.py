"""VPN605 ipsec-proposal-mismatch: no phase-2 proposal or PFS group both sides accept.

Why it matters
--------------
Phase 1 may come up and phase 2 still fail: AWS checks the ESP encryption, integrity and the PFS
group against ``Phase2EncryptionAlgorithms``, ``Phase2IntegrityAlgorithms`` and
``Phase2DHGroupNumbers``. AWS requires PFS, so a device without PFS never gets an IPsec SA. The
tunnel shows "IPSEC IS DOWN" in the console.

How to fix
----------
- Cisco IOS: ``crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac`` and ``set pfs group14`` in the IPsec profile.
- FortiOS: ``config vpn ipsec phase2-interface`` / ``set proposal aes256-sha256`` / ``set pfs enable`` /
  ``set dhgrp 14``.
- Cisco ASA: ``crypto ipsec ikev2 ipsec-proposal P`` / ``protocol esp encryption aes-256`` /
  ``protocol esp integrity sha-256`` and ``set pfs group14``.
- Junos: ``set security ipsec policy P perfect-forward-secrecy keys group14`` and a matching ``ipsec proposal``.
- Check Point: community phase 2 AES-256 / SHA-256 with PFS group 14.
- strongSwan: ``esp=aes256-sha256-modp2048!`` / ``esp_proposals = aes256-sha256-modp2048``.
- PAN-OS: add the AWS algorithms to the tunnel's ``auto-key ipsec-crypto-profile`` (``default`` when none):
  ``set network ike crypto-profiles ipsec-crypto-profiles <profile> esp encryption ... authentication ...
  dh-group ...``.

Or widen the AWS side: ``aws ec2 modify-vpn-tunnel-options ... --tunnel-options
'Phase2EncryptionAlgorithms=[{Value=AES256}],Phase2IntegrityAlgorithms=[{Value=SHA2-256}],Phase2DHGroupNumbers=[{Value=14}]'``.
Terraform, on the ``aws_vpn_connection``::

    tunnel1_phase2_encryption_algorithms = ["AES256"]
    tunnel1_phase2_integrity_algorithms  = ["SHA2-256"]
    tunnel1_phase2_dh_group_numbers      = [14]

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
    id="VPN605",
    name="ipsec-proposal-mismatch",
    severity=Severity.CRITICAL,
    profile="aws",
    summary="No phase-2 (IPsec) proposal or PFS group is accepted by both the device and the AWS tunnel",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("pairing", "ipsec"),
    scope="pair",
)


def check(pair, policy: Policy) -> Iterator[Violation]:
    for tp in pair.matched():
        n = tp.negotiation
        if n is not None and n.phase1 is not None and n.phase1.ok and n.phase2 is not None and not n.phase2.ok:
            yield at_device(
                pair, tp.device,
                f"{label(pair, tp.device, tp.aws)}: phase 2 fails: {n.phase2.reason}",
                "ipsec-proposal",
            )
