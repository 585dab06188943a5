"""VPN210 ipsec-weak-encryption: a phase-2 proposal offers DES, 3DES, NULL or another broken cipher.

Why it matters
--------------
RFC 8221 (ESP algorithm requirements) says ENCR_DES MUST NOT and ENCR_3DES SHOULD NOT be used,
and ENCR_NULL only where confidentiality is not wanted; 64-bit block ciphers leak plaintext on
busy, long-lived SAs (Sweet32). ESP-NULL sends the traffic in clear. AWS does not accept these
ciphers, but a proposal that offers one next to AES can be chosen with another peer, or with AWS
after a change on its side, and documents a weak policy.

The rule judges every phase-2 proposal (transform-set, ipsec-proposal, ESP proposal) of the
device, used by a tunnel or not, once each.

How to fix
----------
Replace the weak cipher with AES-GCM or AES-CBC 256 and remove unused weak proposals.

- Cisco IOS: ``crypto ipsec transform-set AWS esp-gcm 256`` (or ``esp-aes 256 esp-sha256-hmac``);
  ``no crypto ipsec transform-set OLD`` once nothing references it.
- FortiOS: ``config vpn ipsec phase2-interface`` / ``set proposal aes256gcm aes256-sha256``
  (no ``des`` / ``3des`` / ``null`` words).
- Cisco ASA: ``crypto ipsec ikev2 ipsec-proposal AWS`` / `` protocol esp encryption aes-gcm-256 aes-256``;
  IKEv1 ``crypto ipsec ikev1 transform-set AWS esp-aes-256 esp-sha-hmac``.
- Junos: ``set security ipsec proposal AWS-IPSEC encryption-algorithm aes-256-gcm``.
- Check Point: VPN community > Encryption > Phase 2 encryption algorithm AES-256 (management API:
  ``ike-phase-2.encryption-algorithm aes-256``).
- strongSwan: ``esp_proposals = aes256gcm16-modp2048`` (ipsec.conf ``esp=aes256gcm16-modp2048!``).
- PAN-OS: ``set network ike crypto-profiles ipsec-crypto-profiles <profile> esp encryption aes-256-gcm`` (drop
  ``3des`` and ``des``; the predefined ``default`` profile offers 3des).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN210",
    name="ipsec-weak-encryption",
    severity=Severity.HIGH,
    profile="recommended",
    summary="A phase-2 proposal offers DES, 3DES, NULL or another broken cipher",
    references=(
        "https://www.rfc-editor.org/rfc/rfc8221#section-5",
        "https://sweet32.info/",
    ),
    tags=("ipsec", "phase2", "crypto", "weak"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if not c.judged(device):
        return iter(())
    return c.in_order(_check(device, policy))


def _check(device: Device, policy: Policy) -> Iterator[Violation]:
    good = c.join_or(c.strong(policy.ipsec.encryption, policy.weak.encryption))
    return c.weak_offers(device, c.ipsec_proposals(device), "encryption", policy.weak.encryption, f"use {good}")
