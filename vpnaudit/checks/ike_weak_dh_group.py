"""VPN112 ike-weak-dh-group: a phase-1 proposal offers DH group 1, 2, 5 or 22, 23, 24.

Why it matters
--------------
MODP groups 1, 2 and 5 (768, 1024, 1536 bits) are within reach of well-funded attackers
(Logjam, "Imperfect Forward Secrecy", 2015); RFC 8247 says group 1 MUST NOT and group 2 SHOULD
NOT be used, and that the RFC 5114 groups 22, 23 and 24 SHOULD NOT be used because their
generation cannot be verified. AWS still accepts group 2 and groups 22-24 in phase 1, so a device
that offers them can end up negotiating them. Vendor defaults count: Cisco IOS
``crypto isakmp policy`` without ``group`` uses group 1; the legacy IKEv2 default proposal offers
groups 5 and 2.

The rule judges every phase-1 proposal of the device, used by a tunnel or not, once each.

How to fix
----------
Offer group 14 or better (19, 20, 21 for elliptic curves) and nothing weaker.

- Cisco IOS: ``crypto isakmp policy 10`` / `` group 14``; ``crypto ikev2 proposal AWS`` /
  `` group 20 19 14`` (define a proposal instead of relying on the IKEv2 default one).
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set dhgrp 14 20``
  (the default ``14 5`` keeps group 5).
- Cisco ASA: ``crypto ikev1 policy 10`` / `` group 14``; ``crypto ikev2 policy 10`` / `` group 20 19 14``.
- Junos: ``set security ike proposal AWS-IKE dh-group group14`` (or ``group20``).
- Check Point: VPN community > Encryption > Phase 1 Diffie-Hellman group "Group 14 (2048 bit)"
  or stronger (management API: ``ike-phase-1.diffie-hellman-group "group-14"``).
- strongSwan: ``proposals = aes256-sha256-modp2048`` or ``-ecp384``; never ``modp1024``.
- PAN-OS: ``set network ike crypto-profiles ike-crypto-profiles <profile> dh-group [ group20 group19 group14 ]``
  (drop ``group1``, ``group2``, ``group5``).

AWS side: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0123456789abcdef0
--vpn-tunnel-outside-ip-address 203.0.113.10 --tunnel-options
'Phase1DHGroupNumbers=[{Value=14},{Value=19},{Value=20},{Value=21}]'`` (VPN504).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN112",
    name="ike-weak-dh-group",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="A phase-1 proposal offers DH group 1, 2, 5 or an RFC 5114 group (22, 23, 24)",
    references=(
        "https://www.rfc-editor.org/rfc/rfc8247#section-2.4",
        "https://weakdh.org/",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("ike", "phase1", "crypto", "weak"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if not c.judged(device):
        return iter(())
    return c.in_order(_check(device, policy))


def _check(device: Device, policy: Policy) -> Iterator[Violation]:
    good = c.ranges(c.strong_groups(policy.ike.dh_groups, policy.weak.dh_groups))
    return c.weak_offers(device, c.ike_proposals(device), "dh_groups", policy.weak.dh_groups,
                         f"AWS-supported and strong: {good}")
