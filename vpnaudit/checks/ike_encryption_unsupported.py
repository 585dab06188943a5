"""VPN102 ike-encryption-unsupported: no phase-1 proposal offers a cipher AWS accepts.

Why it matters
--------------
AWS accepts AES128, AES256, AES128-GCM-16 and AES256-GCM-16 for the IKE SA (tunnel options page,
``Phase1EncryptionAlgorithms``; customer gateway requirements page). AES-GCM needs IKEv2: IKEv1 has
no AEAD ciphers for the IKE SA (RFC 5282 defines them for IKEv2 only), so a GCM-only IKEv1 policy
matches nothing. When none of a tunnel's phase-1 proposals offers an accepted cipher, phase 1
never completes and the tunnel stays down.

The rule judges each tunnel's effective proposals (including vendor defaults filled in when the
config sets no cipher, such as DES for a Cisco IOS ``crypto isakmp policy`` without ``encryption``).

How to fix
----------
Offer AES in phase 1 (AES256 preferred; GCM only with IKEv2).

- Cisco IOS: IKEv1 ``crypto isakmp policy 10`` / `` encryption aes 256``; IKEv2
  ``crypto ikev2 proposal AWS`` / `` encryption aes-cbc-256 aes-cbc-128`` (or ``aes-gcm-256`` with
  ``prf sha256``).
- FortiOS: ``config vpn ipsec phase1-interface`` / ``set proposal aes256-sha256 aes128-sha256``
  (``aes256gcm-prfsha384`` with ``set ike-version 2``).
- Cisco ASA: ``crypto ikev1 policy 10`` / `` encryption aes-256``; ``crypto ikev2 policy 10`` /
  `` encryption aes-256`` (or ``aes-gcm-256`` with ``integrity null`` and ``prf sha256``).
- Junos: ``set security ike proposal AWS-IKE encryption-algorithm aes-256-cbc`` (``aes-256-gcm``
  with ``version v2-only`` on the gateway).
- Check Point: VPN community > Encryption > Encryption suite "Custom", Phase 1 encryption
  algorithm AES-256 (management API: ``set vpn-community-star name AWS ike-phase-1.encryption-algorithm aes-256``).
- strongSwan: swanctl.conf ``proposals = aes256-sha256-modp2048`` (ipsec.conf
  ``ike=aes256-sha256-modp2048!``); ``aes256gcm16-prfsha256-modp2048`` with ``version = 2``.
- PAN-OS: ``set network ike crypto-profiles ike-crypto-profiles <profile> encryption [ aes-256-cbc aes-128-cbc
  ]`` (``aes-256-gcm`` for IKEv2 from PAN-OS 10.0.3).

If the AWS tunnel was restricted to ciphers the device lacks, widen it instead, for example
``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0123456789abcdef0
--vpn-tunnel-outside-ip-address 203.0.113.10 --tunnel-options
'Phase1EncryptionAlgorithms=[{Value=AES256},{Value=AES256-GCM-16}]'``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..findings import Rule, Severity, Violation
from ..model import Device, IkeProposal, Tunnel
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN102",
    name="ike-encryption-unsupported",
    severity=Severity.HIGH,
    profile="aws",
    summary="No phase-1 proposal offers an AWS-supported cipher (GCM counts only with IKEv2)",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
        "https://www.rfc-editor.org/rfc/rfc5282",
    ),
    tags=("ike", "phase1", "crypto"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    accepted = set(policy.ike.encryption)
    v2_only = set(policy.ike.ikev2_only_encryption)
    judged: dict[tuple[int, tuple[int, ...]], tuple[bool, list[str]]] = {}  # per tuple of proposals and versions
    for tunnel in c.ike_tunnels(device):
        assert tunnel.ike is not None
        proposals = tunnel.ike.proposals
        if not proposals:
            continue
        key = (id(proposals), tuple(tunnel.ike.versions))  # a device-wide list is judged once, not per tunnel
        if key not in judged:
            judged[key] = _judge(proposals, tunnel, accepted, v2_only)
        ok, gcm_on_v1 = judged[key]
        if ok:
            continue
        offered = c.first_few([
            c.offers(device, label, proposal, "encryption", proposal.encryption) if proposal.encryption
            else f"{label} sets no cipher"
            for proposal in proposals[:c.NAMED] for label in (c.ike_proposal_label(device, proposal, tunnel),)
        ], len(proposals))
        plain = [a for a in policy.ike.encryption if a not in v2_only]
        gcm = [a for a in policy.ike.encryption if a in v2_only]
        wanted = ", ".join(plain) + (f" (with IKEv2 also {', '.join(gcm)})" if gcm else "")
        note = f"; {', '.join(gcm_on_v1)} needs IKEv2" if gcm_on_v1 else ""
        line, file = c.where(tunnel)
        yield Violation(
            message=(f"{c.tunnel_label(device, tunnel)}: no phase-1 proposal offers an AWS-supported cipher "
                     f"({offered}){note}; AWS accepts {wanted}"),
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )


def _judge(proposals: Sequence[IkeProposal], tunnel: Tunnel, accepted: set[str], v2_only: set[str]) -> tuple[bool, list[str]]:
    """(whether a proposal offers a cipher AWS accepts with the IKE versions it can be used with, the
    GCM ciphers offered only where IKEv1 may be negotiated)."""
    gcm_on_v1: list[str] = []
    for proposal in proposals:
        versions = c.proposal_versions(proposal, tunnel)
        for enc in proposal.encryption:
            if enc not in accepted:
                continue
            if enc in v2_only and not c.ikev2_possible(versions):
                gcm_on_v1.append(enc)
                continue
            return True, []
    return False, list(dict.fromkeys(gcm_on_v1))
