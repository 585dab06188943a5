"""VPN114 ike-not-cnsa: phase-1 crypto below CNSA (strict profile).

Why it matters
--------------
The Commercial National Security Algorithm suite (CNSA 1.0; its IPsec profile is RFC 9206) is the
bar for national-security systems and a common "high assurance" target: IKEv2 only, AES-256,
SHA-384 or better, and ECDH P-384 (group 20) or MODP of 3072 bits or more (groups 15-18; group
21, P-521, is also accepted here). AES-128, SHA2-256 and group 14 / 19 are sound for most uses and
accepted by the ``recommended`` profile; this rule only runs with ``--profile strict`` (and an
organisation pack can change the ``[cnsa]`` lists). AWS supports every CNSA value: AES256 or
AES256-GCM-16, SHA2-384 / SHA2-512, groups 15-18, 20, 21.

The rule judges every phase-1 proposal once (vendor defaults included) and each tunnel's IKE
versions.

How to fix
----------
- Cisco IOS: ``crypto ikev2 proposal AWS`` / `` encryption aes-cbc-256`` (or ``aes-gcm-256`` with
  `` prf sha384``) / `` integrity sha384`` / `` group 20``; IKEv2 only (VPN113).
- FortiOS: ``config vpn ipsec phase1-interface`` / ``set proposal aes256-sha384 aes256gcm-prfsha384`` /
  ``set dhgrp 20``.
- Cisco ASA: ``crypto ikev2 policy 10`` / `` encryption aes-256`` / `` integrity sha384`` /
  `` prf sha384`` / `` group 20``.
- Junos: ``set security ike proposal AWS-IKE encryption-algorithm aes-256-cbc``
  ``authentication-algorithm sha-384`` ``dh-group group20``; ``set security ike gateway AWS-GW version v2-only``.
- Check Point: VPN community > Encryption > "IKEv2 only", Phase 1 AES-256, SHA-384, Group 20
  (384-bit ECP) (management API: ``ike-phase-1.diffie-hellman-group "group-20"``).
- strongSwan: ``version = 2``, ``proposals = aes256-sha384-ecp384`` (ipsec.conf
  ``ike=aes256-sha384-ecp384!``).
- PAN-OS: ``set network ike crypto-profiles ike-crypto-profiles <profile> encryption aes-256-gcm hash sha384
  dh-group group20`` (or the predefined ``Suite-B-GCM-256`` profile) with ``protocol version ikev2``.

AWS side: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0123456789abcdef0
--vpn-tunnel-outside-ip-address 203.0.113.10 --tunnel-options
'IKEVersions=[{Value=ikev2}],Phase1EncryptionAlgorithms=[{Value=AES256},{Value=AES256-GCM-16}],Phase1IntegrityAlgorithms=[{Value=SHA2-384},{Value=SHA2-512}],Phase1DHGroupNumbers=[{Value=20},{Value=21}]'``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device, IkeProposal
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN114",
    name="ike-not-cnsa",
    severity=Severity.LOW,
    profile="strict",
    summary="Phase-1 crypto below CNSA (AES-256, SHA-384, DH 20/21 or MODP >= 3072, IKEv2 only)",
    references=(
        "https://www.rfc-editor.org/rfc/rfc9206",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("ike", "phase1", "crypto", "cnsa"),
)


def _below(device: Device, proposal: IkeProposal, policy: Policy) -> list[str]:
    """The values of ``proposal`` below CNSA, each marked when it is a vendor default."""
    cnsa = policy.cnsa
    aead_list = policy.ipsec.aead_encryption
    out: list[str] = []

    def mark(field_name: str, text: str) -> str:
        return f"{text} (the {c.vendor_name(device)} default)" if c.is_default(proposal, field_name) else text

    out += [mark("encryption", e) for e in proposal.encryption if e not in cnsa.encryption]
    needs_integrity = not proposal.encryption or any(not c.aead(e, aead_list) for e in proposal.encryption)
    if needs_integrity:
        out += [mark("integrity", i) for i in proposal.integrity if i not in cnsa.integrity]
    out += [mark("prf", f"PRF {p}") for p in proposal.prf
            if p not in cnsa.integrity and not (needs_integrity and p in proposal.integrity)]
    out += [mark("dh_groups", f"group {g}") for g in proposal.dh_groups if g not in cnsa.dh_groups]
    return out


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if not c.judged(device):
        return iter(())
    return c.in_order(_check(device, policy))


def _check(device: Device, policy: Policy) -> Iterator[Violation]:
    cnsa = policy.cnsa
    wanted = (f"CNSA: {c.join_or(list(cnsa.encryption))}; {c.join_or(list(cnsa.integrity))}; "
              f"groups {c.ranges(cnsa.dh_groups)}")
    for seen in c.ike_proposals(device):
        below = _below(device, seen.proposal, policy)
        if not below:
            continue
        line, file = seen.where()
        yield Violation(
            message=f"{seen.label(device)} is below CNSA: {', '.join(below)}; {wanted}",
            line=line, file=file, target=seen.target, tunnel=seen.tunnel_name,
        )
    for tunnel in c.ike_tunnels(device):
        ike = tunnel.ike
        assert ike is not None
        extra = [v for v in ike.versions if v not in cnsa.ike_versions]
        if not extra:
            continue
        allowed = " or ".join(f"IKEv{v}" for v in cnsa.ike_versions)
        default = f" (the {c.vendor_name(device)} default)" if c.is_default(ike, "versions") else ""
        line, file = c.where(tunnel, ike)
        yield Violation(
            message=(f"{c.tunnel_label(device, tunnel, 1)} allows {', '.join(f'IKEv{v}' for v in extra)}{default}; "
                     f"CNSA requires {allowed} only"),
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
