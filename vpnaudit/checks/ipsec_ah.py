"""VPN201 ipsec-ah: AH is used instead of, or together with, ESP.

Why it matters
--------------
AWS Site-to-Site VPN protects traffic with ESP in tunnel mode only (customer gateway requirements
page: "IPsec ... Encapsulating Security Payload (ESP)"). AH (RFC 4302) authenticates but does not
encrypt, breaks through any NAT, and is not offered by AWS: a phase-2 proposal with AH, alone or
combined with ESP, never matches. RFC 8221 makes ESP the recommended choice and notes AH is
rarely needed.

The rule judges the phase-2 proposals each tunnel offers, and the tunnel's IPsec protocol when
the vendor sets it there.

How to fix
----------
Use ESP only, with AES and SHA-2 (or AES-GCM).

- Cisco IOS: ``crypto ipsec transform-set AWS esp-aes 256 esp-sha256-hmac`` (drop
  ``ah-sha-hmac`` / ``ah-sha256-hmac`` from the transform-set).
- FortiOS: phase 2 is always ESP; nothing to change.
- Cisco ASA: ``crypto ipsec ikev1 transform-set AWS esp-aes-256 esp-sha-hmac``; IKEv2
  ``crypto ipsec ikev2 ipsec-proposal AWS`` / `` protocol esp encryption aes-256``.
- Junos: ``set security ipsec proposal AWS-IPSEC protocol esp``.
- Check Point: site-to-site communities always use ESP; nothing to change.
- strongSwan: swanctl.conf ``esp_proposals = aes256-sha256-modp2048`` instead of ``ah_proposals``
  (ipsec.conf: ``esp=`` instead of ``ah=``).
- PAN-OS: ``set network ike crypto-profiles ipsec-crypto-profiles <profile> esp encryption aes-256-gcm
  authentication none`` (delete the profile's ``ah`` branch).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN201",
    name="ipsec-ah",
    severity=Severity.HIGH,
    profile="aws",
    summary="AH is used instead of (or together with) ESP; AWS supports ESP only",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://www.rfc-editor.org/rfc/rfc8221",
    ),
    tags=("ipsec", "phase2"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if not c.judged(device):
        return iter(())
    return c.in_order(_check(device, policy))


def _check(device: Device, policy: Policy) -> Iterator[Violation]:
    accepted = c.join_or(list(policy.ipsec.protocols)).upper()
    flagged_tunnels: set[int] = set()
    for seen in c.ipsec_proposals(device):
        if not seen.tunnels or seen.proposal.protocol in policy.ipsec.protocols:
            continue  # only what a tunnel uses: an unused AH transform-set breaks nothing
        flagged_tunnels.update(id(t) for t in seen.tunnels)
        line, file = seen.where()
        yield Violation(
            message=f"{seen.label(device)} uses {seen.proposal.protocol.upper()}; AWS accepts {accepted} only",
            line=line, file=file, target=seen.target, tunnel=seen.tunnel_name,
        )
    for tunnel in c.ipsec_tunnels(device):
        ipsec = tunnel.ipsec
        assert ipsec is not None
        if ipsec.protocol in policy.ipsec.protocols or id(tunnel) in flagged_tunnels:
            continue
        line, file = c.where(tunnel, ipsec)
        yield Violation(
            message=f"{c.tunnel_label(device, tunnel, 2)} uses {ipsec.protocol.upper()}; AWS accepts {accepted} only",
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
