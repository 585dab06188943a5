"""VPN110 ike-weak-encryption: a phase-1 proposal offers DES, 3DES, NULL or another broken cipher.

Why it matters
--------------
RFC 8247 (IKEv2 algorithm requirements) says DES MUST NOT and 3DES SHOULD NOT be implemented for
IKE, NULL MUST NOT; RFC 8221 says the same for ESP. DES falls to brute force, 3DES and the other
64-bit block ciphers (Blowfish, CAST, IDEA) to birthday attacks on long-lived SAs (Sweet32). AWS
does not accept any of them, but a device that still offers one next to AES can negotiate it with
another peer, or with AWS if the AWS side is ever widened, and shows auditors a weak policy. Vendor
defaults count: a Cisco IOS ``crypto isakmp policy`` without ``encryption`` uses DES.

The rule judges every phase-1 proposal of the device, used by a tunnel or not, once each.

How to fix
----------
Replace the weak cipher with AES (AES256 preferred; AES-GCM only with IKEv2) and remove the
proposals nobody needs.

- Cisco IOS: ``crypto isakmp policy 10`` / `` encryption aes 256``; ``crypto ikev2 proposal AWS``
  / `` encryption aes-cbc-256``; ``no crypto isakmp policy 20`` for unused weak policies.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``set proposal aes256-sha256 aes128-sha256``
  (no ``des-`` / ``3des-`` words; the FortiOS 5.x default list has them).
- Cisco ASA: ``crypto ikev1 policy 10`` / `` encryption aes-256``; ``crypto ikev2 policy 10`` /
  `` encryption aes-256``.
- Junos: ``set security ike proposal AWS-IKE encryption-algorithm aes-256-cbc``.
- Check Point: VPN community > Encryption > Phase 1 encryption algorithm AES-256 (management API:
  ``ike-phase-1.encryption-algorithm aes-256``).
- strongSwan: ``proposals = aes256-sha256-modp2048`` (ipsec.conf ``ike=aes256-sha256-modp2048!``;
  the trailing ``!`` drops the default proposals that still include weak algorithms).
- PAN-OS: ``set network ike crypto-profiles ike-crypto-profiles <profile> encryption aes-256-cbc`` (drop
  ``3des`` and ``des``); the predefined ``default`` profile offers 3des, so name a profile of your own with
  ``set network ike gateway <gw> protocol ikev2 ike-crypto-profile <profile>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN110",
    name="ike-weak-encryption",
    severity=Severity.HIGH,
    profile="recommended",
    summary="A phase-1 proposal offers DES, 3DES, NULL or another broken cipher",
    references=(
        "https://www.rfc-editor.org/rfc/rfc8247#section-2.1",
        "https://sweet32.info/",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
    ),
    tags=("ike", "phase1", "crypto", "weak"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if not c.judged(device):
        return iter(())
    return c.in_order(_check(device, policy))


def _check(device: Device, policy: Policy) -> Iterator[Violation]:
    v2_only = set(policy.ike.ikev2_only_encryption)
    good = c.strong(policy.ike.encryption, policy.weak.encryption)

    def advice(seen: c.IkeSeen) -> str:  # GCM is no alternative for a proposal IKEv1 may use
        usable = good if c.ikev2_possible(seen.versions) else [e for e in good if e not in v2_only]
        return f"use {c.join_or(usable)}"

    return c.weak_offers(device, c.ike_proposals(device), "encryption", policy.weak.encryption, advice)
