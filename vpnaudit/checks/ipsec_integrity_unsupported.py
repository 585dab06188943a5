"""VPN204 ipsec-integrity-unsupported: no phase-2 proposal offers integrity AWS accepts.

Why it matters
--------------
With a CBC cipher, ESP needs an integrity algorithm; AWS accepts SHA1, SHA2-256, SHA2-384 and
SHA2-512 (tunnel options page, ``Phase2IntegrityAlgorithms``). A proposal with MD5, or with no
integrity at all (Cisco allows ``esp-aes`` alone, which RFC 8221 forbids: ESP encryption without
authentication MUST NOT be used), never matches AWS, so the IPsec SA is not established. AES-GCM
is an AEAD cipher with its own integrity check: a GCM proposal needs no integrity algorithm.

The rule judges the proposals each tunnel offers, vendor defaults included.

How to fix
----------
Add SHA2-256 or better to the CBC proposal, or use AES-GCM.

- Cisco IOS: ``crypto ipsec transform-set AWS esp-aes 256 esp-sha256-hmac`` (or ``esp-gcm 256``).
- FortiOS: ``config vpn ipsec phase2-interface`` / ``set proposal aes256-sha256``
  (or ``aes256gcm``).
- Cisco ASA: ``crypto ipsec ikev2 ipsec-proposal AWS`` / `` protocol esp integrity sha-256``
  (IKEv1: ``crypto ipsec ikev1 transform-set AWS esp-aes-256 esp-sha-hmac``).
- Junos: ``set security ipsec proposal AWS-IPSEC authentication-algorithm hmac-sha-256-128``.
- Check Point: VPN community > Encryption > Phase 2 data integrity SHA-256 (management API:
  ``ike-phase-2.data-integrity sha256``).
- strongSwan: ``esp_proposals = aes256-sha256-modp2048`` (or ``aes256gcm16-modp2048``).
- PAN-OS: ``set network ike crypto-profiles ipsec-crypto-profiles <profile> esp authentication sha256``
  (``none`` with GCM).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device, IpsecProposal
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN204",
    name="ipsec-integrity-unsupported",
    severity=Severity.HIGH,
    profile="aws",
    summary="No phase-2 proposal offers AWS-supported integrity (AES-GCM needs none)",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
        "https://www.rfc-editor.org/rfc/rfc8221#section-5",
    ),
    tags=("ipsec", "phase2", "crypto"),
)


def _ok(proposal: IpsecProposal, policy: Policy) -> bool:
    if any(c.aead(e, policy.ipsec.aead_encryption) for e in proposal.encryption):
        return True
    return any(i in policy.ipsec.integrity for i in proposal.integrity)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in c.ipsec_tunnels(device):
        assert tunnel.ipsec is not None
        proposals = tunnel.ipsec.proposals
        if not proposals or any(_ok(p, policy) for p in proposals):
            continue
        offered = []
        for proposal in proposals:
            label = c.ipsec_proposal_label(device, proposal, tunnel)
            offered.append(c.offers(device, label, proposal, "integrity", proposal.integrity)
                           if proposal.integrity else f"{label} has no integrity")
        line, file = c.where(tunnel)
        yield Violation(
            message=(f"{c.tunnel_label(device, tunnel, 2)}: no phase-2 proposal offers an AWS-supported "
                     f"integrity algorithm ({'; '.join(offered)}); AWS accepts "
                     f"{', '.join(policy.ipsec.integrity)}, or none with AES-GCM"),
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
