"""VPN214 ipsec-not-cnsa: phase-2 crypto below CNSA (strict profile).

Why it matters
--------------
CNSA 1.0's IPsec profile (RFC 9206) requires ESP with AES-256 (GCM, or CBC with SHA-384 or
better) and PFS with ECDH P-384 (group 20) or MODP of 3072 bits or more (groups 15-18; P-521,
group 21, is also accepted here). AES-128, SHA2-256 and PFS group 14 / 19 are sound and accepted
by the ``recommended`` profile; this rule only runs with ``--profile strict`` (and the ``[cnsa]``
lists of the policy pack can be changed). AWS supports every CNSA value in phase 2: AES256 or
AES256-GCM-16, SHA2-384 / SHA2-512, groups 15-18, 20, 21.

The rule judges every phase-2 proposal once, and each tunnel's PFS groups.

How to fix
----------
- Cisco IOS: ``crypto ipsec transform-set AWS esp-gcm 256`` (or ``esp-aes 256 esp-sha384-hmac``);
  ``crypto ipsec profile AWS`` / `` set pfs group20``.
- FortiOS: ``config vpn ipsec phase2-interface`` / ``set proposal aes256gcm`` / ``set dhgrp 20``.
- Cisco ASA: ``crypto ipsec ikev2 ipsec-proposal AWS`` / `` protocol esp encryption aes-gcm-256``
  / `` protocol esp integrity null``; ``crypto ipsec profile AWS`` / `` set pfs group20``.
- Junos: ``set security ipsec proposal AWS-IPSEC encryption-algorithm aes-256-gcm``;
  ``set security ipsec policy AWS-IPSEC-POLICY perfect-forward-secrecy keys group20``.
- Check Point: VPN community > Encryption > Phase 2 AES-GCM-256, PFS group 20 (management API:
  ``ike-phase-2.encryption-algorithm aes-gcm-256 ike-phase-2.ike-p2-pfs-dh-grp "group-20"``).
- strongSwan: ``esp_proposals = aes256gcm16-ecp384`` (ipsec.conf ``esp=aes256gcm16-ecp384!``).
- PAN-OS: ``set network ike crypto-profiles ipsec-crypto-profiles <profile> esp encryption aes-256-gcm
  authentication none dh-group group20`` (the predefined ``Suite-B-GCM-256`` profile).

AWS side: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0123456789abcdef0
--vpn-tunnel-outside-ip-address 203.0.113.10 --tunnel-options
'Phase2EncryptionAlgorithms=[{Value=AES256-GCM-16},{Value=AES256}],Phase2IntegrityAlgorithms=[{Value=SHA2-384},{Value=SHA2-512}],Phase2DHGroupNumbers=[{Value=20},{Value=21}]'``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device, IpsecProposal
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN214",
    name="ipsec-not-cnsa",
    severity=Severity.LOW,
    profile="strict",
    summary="Phase-2 crypto below CNSA (AES-256, SHA-384, PFS group 20/21 or MODP >= 3072)",
    references=(
        "https://www.rfc-editor.org/rfc/rfc9206",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("ipsec", "phase2", "crypto", "cnsa"),
)


def _below(device: Device, proposal: IpsecProposal, policy: Policy) -> list[str]:
    cnsa = policy.cnsa

    def mark(field_name: str, text: str) -> str:
        return f"{text} (the {c.vendor_name(device)} default)" if c.is_default(proposal, field_name) else text

    out = [mark("encryption", e) for e in proposal.encryption if e not in cnsa.encryption]
    if not proposal.encryption or any(not c.aead(e, policy.ipsec.aead_encryption) for e in proposal.encryption):
        out += [mark("integrity", i) for i in proposal.integrity if i not in cnsa.integrity]
    out += [mark("dh_groups", f"group {g}") for g in proposal.dh_groups if g not in cnsa.dh_groups]
    return out


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if not c.judged(device):
        return iter(())
    return c.in_order(_check(device, policy))


def _check(device: Device, policy: Policy) -> Iterator[Violation]:
    cnsa = policy.cnsa
    wanted = (f"CNSA: {c.join_or(list(cnsa.encryption))}; {c.join_or([*cnsa.integrity, 'AES-GCM'])}; "
              f"groups {c.ranges(cnsa.dh_groups)}")
    for seen in c.ipsec_proposals(device):
        below = _below(device, seen.proposal, policy)
        if not below:
            continue
        line, file = seen.where()
        yield Violation(
            message=f"{seen.label(device)} is below CNSA: {', '.join(below)}; {wanted}",
            line=line, file=file, target=seen.target, tunnel=seen.tunnel_name,
        )
    for tunnel in c.ipsec_tunnels(device):
        ipsec = tunnel.ipsec
        assert ipsec is not None
        carried = {g for p in ipsec.proposals for g in p.dh_groups}  # reported with the proposal
        bad = [g for g in ipsec.pfs_groups if g not in cnsa.dh_groups and g not in carried]
        if not bad:
            continue  # no PFS at all is VPN205's finding
        default = f" (the {c.vendor_name(device)} default)" if c.is_default(ipsec, "pfs_groups") else ""
        line, file = c.where(tunnel, ipsec)
        yield Violation(
            message=(f"{c.tunnel_label(device, tunnel, 2)} uses PFS {c.groups_text(bad)}{default}, below CNSA; "
                     f"CNSA PFS groups: {c.ranges(cnsa.dh_groups)}"),
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
