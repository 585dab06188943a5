"""VPN203 ipsec-encryption-unsupported: no phase-2 proposal offers a cipher AWS accepts.

Why it matters
--------------
AWS accepts AES128, AES256, AES128-GCM-16 and AES256-GCM-16 for the IPsec SA (tunnel options
page, ``Phase2EncryptionAlgorithms``; customer gateway requirements page). A tunnel whose phase-2
proposals offer only other ciphers (3DES, AES192, AES-GCM with an 8- or 12-byte ICV, ESP-NULL)
completes phase 1 and then fails every CHILD SA / quick mode negotiation: no traffic passes.

The rule judges the proposals each tunnel offers, vendor defaults included.

How to fix
----------
Offer AES256-GCM-16 or AES256 (AES128 variants are accepted too).

- Cisco IOS: ``crypto ipsec transform-set AWS esp-gcm 256`` or ``esp-aes 256 esp-sha256-hmac``,
  referenced by ``set transform-set AWS`` in the ipsec profile / crypto map.
- FortiOS: ``config vpn ipsec phase2-interface`` / ``set proposal aes256gcm aes256-sha256``.
- Cisco ASA: ``crypto ipsec ikev2 ipsec-proposal AWS`` / `` protocol esp encryption aes-gcm-256 aes-256``
  (IKEv1: ``crypto ipsec ikev1 transform-set AWS esp-aes-256 esp-sha-hmac``).
- Junos: ``set security ipsec proposal AWS-IPSEC encryption-algorithm aes-256-gcm`` (or
  ``aes-256-cbc`` with ``authentication-algorithm hmac-sha-256-128``).
- Check Point: VPN community > Encryption > Phase 2 encryption algorithm AES-256 or AES-GCM-256
  (management API: ``ike-phase-2.encryption-algorithm aes-256``).
- strongSwan: swanctl.conf ``esp_proposals = aes256gcm16-modp2048`` (ipsec.conf
  ``esp=aes256gcm16-modp2048!``).
- PAN-OS: ``set network ike crypto-profiles ipsec-crypto-profiles <profile> esp encryption [ aes-256-gcm
  aes-256-cbc ]``.

If the AWS tunnel was narrowed to ciphers the device lacks, widen it instead:
``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0123456789abcdef0
--vpn-tunnel-outside-ip-address 203.0.113.10 --tunnel-options
'Phase2EncryptionAlgorithms=[{Value=AES256-GCM-16},{Value=AES256}]'``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN203",
    name="ipsec-encryption-unsupported",
    severity=Severity.HIGH,
    profile="aws",
    summary="No phase-2 proposal offers an AWS-supported cipher",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("ipsec", "phase2", "crypto"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    accepted = set(policy.ipsec.encryption)
    for tunnel in c.ipsec_tunnels(device):
        assert tunnel.ipsec is not None
        proposals = tunnel.ipsec.proposals
        if not proposals or any(e in accepted for p in proposals for e in p.encryption):
            continue
        offered = []
        for proposal in proposals:
            label = c.ipsec_proposal_label(device, proposal, tunnel)
            offered.append(c.offers(device, label, proposal, "encryption", proposal.encryption)
                           if proposal.encryption else f"{label} sets no cipher")
        line, file = c.where(tunnel)
        yield Violation(
            message=(f"{c.tunnel_label(device, tunnel, 2)}: no phase-2 proposal offers an AWS-supported cipher "
                     f"({'; '.join(offered)}); AWS accepts {', '.join(policy.ipsec.encryption)}"),
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
