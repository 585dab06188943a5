"""VPN103 ike-integrity-unsupported: no phase-1 proposal offers integrity / PRF AWS accepts.

Why it matters
--------------
AWS accepts SHA1, SHA2-256, SHA2-384 and SHA2-512 for phase-1 integrity, and uses the same list as
the PRF when the cipher is AES-GCM (tunnel options page, ``Phase1IntegrityAlgorithms``; customer
gateway requirements page). MD5, AES-XCBC and the like match nothing on the AWS side, so phase 1
never completes. With AES-GCM (IKEv2) the proposal carries no integrity algorithm, only a PRF,
which must then be one of the accepted hashes.

The rule judges each tunnel's effective proposals, including vendor defaults (Cisco IOS
``crypto isakmp policy`` without ``hash`` uses SHA1; an IKEv2 proposal's PRF defaults to its
integrity algorithm).

How to fix
----------
Offer SHA2-256 or better (SHA1 is accepted by AWS but weak, see VPN111).

- Cisco IOS: IKEv1 ``crypto isakmp policy 10`` / `` hash sha256``; IKEv2
  ``crypto ikev2 proposal AWS`` / `` integrity sha256`` (with GCM: `` prf sha256``).
- FortiOS: ``config vpn ipsec phase1-interface`` / ``set proposal aes256-sha256 aes256-sha384``.
- Cisco ASA: ``crypto ikev1 policy 10`` / `` hash sha`` (IKEv1 offers only SHA1 and MD5 on many
  releases: prefer IKEv2); ``crypto ikev2 policy 10`` / `` integrity sha256`` / `` prf sha256``.
- Junos: ``set security ike proposal AWS-IKE authentication-algorithm sha-256`` (with
  ``aes-256-gcm`` leave it unset; the PRF follows the proposal).
- Check Point: VPN community > Encryption > Phase 1 data integrity SHA-256 (management API:
  ``ike-phase-1.data-integrity sha256``).
- strongSwan: ``proposals = aes256-sha256-modp2048`` (GCM: ``aes256gcm16-prfsha256-modp2048``).
- PAN-OS: ``set network ike crypto-profiles ike-crypto-profiles <profile> hash [ sha256 sha384 ]``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN103",
    name="ike-integrity-unsupported",
    severity=Severity.HIGH,
    profile="aws",
    summary="No phase-1 proposal offers an AWS-supported integrity / PRF algorithm",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("ike", "phase1", "crypto"),
)


def _proposal_ok(encryption: tuple[str, ...], integrity: tuple[str, ...], prf: tuple[str, ...],
                 accepted: set[str], aead_list: tuple[str, ...]) -> bool:
    has_aead = any(c.aead(e, aead_list) for e in encryption)
    has_plain = not encryption or any(not c.aead(e, aead_list) for e in encryption)
    if has_plain and any(i in accepted for i in integrity):
        return True
    return has_aead and any(v in accepted for v in (*prf, *integrity))


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    accepted = set(policy.ike.integrity)
    aead_list = policy.ipsec.aead_encryption
    judged: dict[int, bool] = {}  # per tuple of proposals: a device-wide list is judged once, not per tunnel
    for tunnel in c.ike_tunnels(device):
        assert tunnel.ike is not None
        proposals = tunnel.ike.proposals
        if not proposals:
            continue
        if id(proposals) not in judged:
            judged[id(proposals)] = any(_proposal_ok(p.encryption, p.integrity, p.prf, accepted, aead_list)
                                        for p in proposals)
        if judged[id(proposals)]:
            continue
        offered: list[str] = []
        for proposal in proposals[:c.NAMED]:
            label = c.ike_proposal_label(device, proposal, tunnel)
            if proposal.integrity:
                offered.append(c.offers(device, label, proposal, "integrity", proposal.integrity))
            elif proposal.prf:
                offered.append(c.offers(device, label, proposal, "prf", proposal.prf))
            else:
                offered.append(f"{label} sets no integrity or PRF")
        line, file = c.where(tunnel)
        yield Violation(
            message=(f"{c.tunnel_label(device, tunnel)}: no phase-1 proposal offers an AWS-supported integrity "
                     f"algorithm ({c.first_few(offered, len(proposals))}); AWS accepts {', '.join(policy.ike.integrity)}"),
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
