"""VPN111 ike-weak-integrity: a phase-1 proposal offers MD5 or SHA1 for integrity or as the PRF.

Why it matters
--------------
RFC 8247 says HMAC-MD5 MUST NOT be used for IKE integrity and PRF_HMAC_MD5 MUST NOT be used as
PRF; HMAC-SHA1 is downgraded (MUST- for integrity, SHOULD NOT+ as new default) in favour of
SHA2-256 and above. AWS still accepts SHA1 for compatibility (it is in the default
``Phase1IntegrityAlgorithms``), which is why a device offering it negotiates SHA1 whenever it lists
SHA1 first. Vendor defaults count: Cisco IOS ``crypto isakmp policy`` without ``hash`` uses SHA1.

The rule judges every phase-1 proposal of the device, used by a tunnel or not, once each.

How to fix
----------
Offer SHA2-256, SHA2-384 or SHA2-512 only, on the device and on the AWS tunnel.

- Cisco IOS: ``crypto isakmp policy 10`` / `` hash sha256``; ``crypto ikev2 proposal AWS`` /
  `` integrity sha256`` (and `` prf sha256`` if set).
- FortiOS: ``config vpn ipsec phase1-interface`` / ``set proposal aes256-sha256 aes256gcm-prfsha256``
  (no ``-md5`` / ``-sha1`` words).
- Cisco ASA: ``crypto ikev2 policy 10`` / `` integrity sha256`` / `` prf sha256`` (IKEv1 policies
  offer only SHA1 and MD5 on many releases: move the tunnel to IKEv2).
- Junos: ``set security ike proposal AWS-IKE authentication-algorithm sha-256``.
- Check Point: VPN community > Encryption > Phase 1 data integrity SHA-256 (management API:
  ``ike-phase-1.data-integrity sha256``).
- strongSwan: ``proposals = aes256-sha256-modp2048`` (ipsec.conf ``ike=aes256-sha256-modp2048!``).
- PAN-OS: ``set network ike crypto-profiles ike-crypto-profiles <profile> hash sha256`` (drop ``sha1`` and
  ``md5``).

AWS side: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0123456789abcdef0
--vpn-tunnel-outside-ip-address 203.0.113.10 --tunnel-options
'Phase1IntegrityAlgorithms=[{Value=SHA2-256},{Value=SHA2-384},{Value=SHA2-512}]'`` (VPN504).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from ..findings import Rule, Severity, Violation
from ..model import Device, IkeProposal
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN111",
    name="ike-weak-integrity",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="A phase-1 proposal offers MD5 or SHA1 for integrity or PRF",
    references=(
        "https://www.rfc-editor.org/rfc/rfc8247#section-2.3",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("ike", "phase1", "crypto", "weak"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if not c.judged(device):
        return iter(())
    return c.in_order(_check(device, policy))


def _check(device: Device, policy: Policy) -> Iterator[Violation]:
    weak = set(policy.weak.integrity)
    good = c.join_or(c.strong(policy.ike.integrity, policy.weak.integrity))
    items = []
    for seen in c.ike_proposals(device):
        proposal = seen.proposal
        bad_integrity = [v for v in proposal.integrity if v in weak]
        bad_prf = [v for v in proposal.prf if v in weak and v not in bad_integrity]
        if not bad_integrity and not bad_prf:
            continue
        line, file = seen.where("integrity" if bad_integrity else "prf")
        items.append((seen, partial(_text, device, proposal, bad_integrity, bad_prf, good), line, file))
    return c.one_per_line(device, items)


def _text(device: Device, proposal: IkeProposal, bad_integrity: list[str], bad_prf: list[str], good: str,
          label: str) -> str:
    if bad_integrity:
        text = c.offers(device, label, proposal, "integrity", proposal.integrity, bad_integrity)
        if bad_prf:
            text += f" and PRF {', '.join(bad_prf)}"
    else:
        text = c.offers(device, label, proposal, "prf", proposal.prf, bad_prf, noun="PRF")
    return f"{text} (weak); use {good}"
