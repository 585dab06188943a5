"""VPN211 ipsec-weak-integrity: a phase-2 proposal offers MD5 or SHA1 integrity.

Why it matters
--------------
RFC 8221 says AUTH_HMAC_MD5_96 MUST NOT be used for ESP and keeps AUTH_HMAC_SHA1_96 only for
interoperability (MUST-, to be phased out), recommending SHA2-256 and above or an AEAD cipher. AWS
accepts SHA1 for phase 2 by default, so a device that lists it gets it. Cisco's classic
``esp-sha-hmac`` is SHA1.

The rule judges every phase-2 proposal of the device, used by a tunnel or not, once each.

How to fix
----------
Use SHA2-256 or better, or AES-GCM (no separate integrity).

- Cisco IOS: ``crypto ipsec transform-set AWS esp-aes 256 esp-sha256-hmac`` (or ``esp-gcm 256``).
- FortiOS: ``config vpn ipsec phase2-interface`` / ``set proposal aes256-sha256 aes256gcm``
  (no ``-md5`` / ``-sha1`` words).
- Cisco ASA: ``crypto ipsec ikev2 ipsec-proposal AWS`` / `` protocol esp integrity sha-256``
  (IKEv1 transform-sets offer ``esp-sha-hmac`` at best on older releases: move to IKEv2).
- Junos: ``set security ipsec proposal AWS-IPSEC authentication-algorithm hmac-sha-256-128``.
- Check Point: VPN community > Encryption > Phase 2 data integrity SHA-256 (management API:
  ``ike-phase-2.data-integrity sha256``).
- strongSwan: ``esp_proposals = aes256-sha256-modp2048``.
- PAN-OS: ``set network ike crypto-profiles ipsec-crypto-profiles <profile> esp authentication sha256`` (drop
  ``sha1`` and ``md5``), or ``aes-256-gcm`` with ``authentication none``.

AWS side: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0123456789abcdef0
--vpn-tunnel-outside-ip-address 203.0.113.10 --tunnel-options
'Phase2IntegrityAlgorithms=[{Value=SHA2-256},{Value=SHA2-384},{Value=SHA2-512}]'`` (VPN504).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN211",
    name="ipsec-weak-integrity",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="A phase-2 proposal offers MD5 or SHA1 integrity",
    references=(
        "https://www.rfc-editor.org/rfc/rfc8221#section-6",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("ipsec", "phase2", "crypto", "weak"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if not c.judged(device):
        return iter(())
    return c.in_order(_check(device, policy))


def _check(device: Device, policy: Policy) -> Iterator[Violation]:
    good = c.join_or(c.strong(policy.ipsec.integrity, policy.weak.integrity))
    return c.weak_offers(device, c.ipsec_proposals(device), "integrity", policy.weak.integrity,
                         f"use {good}, or AES-GCM")
