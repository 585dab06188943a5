"""VPN604 ike-proposal-mismatch: no phase-1 proposal both sides accept.

Why it matters
--------------
AWS evaluates the customer's IKE proposals against the tunnel's allowed lists
(``Phase1EncryptionAlgorithms``, ``Phase1IntegrityAlgorithms``, ``Phase1DHGroupNumbers``), whatever
order the device sends them in. If no single device proposal has an encryption, an integrity/PRF
and a DH group that are all allowed, phase 1 fails with NO_PROPOSAL_CHOSEN and the tunnel stays
down. The finding names the parameter without overlap.

How to fix
----------
Add a proposal both sides accept, preferably AES256 / SHA2-256 or better / group 14, 19, 20 or 21:

- Cisco IOS: ``crypto ikev2 proposal P`` / ``encryption aes-cbc-256`` / ``integrity sha256`` / ``group 20``
  (IKEv1: ``crypto isakmp policy 10`` / ``encr aes 256`` / ``hash sha256`` / ``group 14``).
- FortiOS: ``config vpn ipsec phase1-interface`` / ``set proposal aes256-sha256`` / ``set dhgrp 20``.
- Cisco ASA: ``crypto ikev2 policy 10`` / ``encryption aes-256`` / ``integrity sha256`` / ``group 20``.
- Junos: ``set security ike proposal P encryption-algorithm aes-256-cbc authentication-algorithm sha-256 dh-group group20``.
- Check Point: community phase 1 AES-256 / SHA-256 / group 20.
- strongSwan: ``ike=aes256-sha256-ecp384!`` / ``proposals = aes256-sha256-ecp384``.
- PAN-OS: add the AWS algorithms to the profile the gateway names under ``protocol ikev1`` / ``ikev2``
  (``default`` when none): ``set network ike crypto-profiles ike-crypto-profiles <profile> encryption ... hash
  ... dh-group ...``.

Or widen the AWS side: ``aws ec2 modify-vpn-tunnel-options ... --tunnel-options
'Phase1EncryptionAlgorithms=[{Value=AES256}],Phase1IntegrityAlgorithms=[{Value=SHA2-256}],Phase1DHGroupNumbers=[{Value=20}]'``.
Terraform, on the ``aws_vpn_connection``::

    tunnel1_phase1_encryption_algorithms = ["AES256"]
    tunnel1_phase1_integrity_algorithms  = ["SHA2-256"]
    tunnel1_phase1_dh_group_numbers      = [20]

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
    id="VPN604",
    name="ike-proposal-mismatch",
    severity=Severity.CRITICAL,
    profile="aws",
    summary="No phase-1 (IKE) proposal is accepted by both the device and the AWS tunnel",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("pairing", "ike"),
    scope="pair",
)


def check(pair, policy: Policy) -> Iterator[Violation]:
    for tp in pair.matched():
        n = tp.negotiation
        if n is not None and n.version.ok and n.phase1 is not None and not n.phase1.ok:
            yield at_device(
                pair, tp.device,
                f"{label(pair, tp.device, tp.aws)}: phase 1 (IKEv{n.ike_version}) fails: {n.phase1.reason}",
                "ike-proposal",
            )
