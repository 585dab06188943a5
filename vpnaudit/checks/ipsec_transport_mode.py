"""VPN202 ipsec-transport-mode: the IPsec SA is in transport mode.

Why it matters
--------------
AWS Site-to-Site VPN supports ESP in tunnel mode only (customer gateway requirements page). A
transport-mode proposal does not match, or, where the device silently falls back, leaves the
config saying something the device does not do. Cisco documents that the transform-set of a
static VTI must be in tunnel mode; transport mode belongs to GRE-over-IPsec designs, which AWS
does not support either (VPN414).

The rule judges the phase-2 proposals each tunnel offers (Cisco transform-sets carry the mode)
and the tunnel's IPsec mode.

How to fix
----------
- Cisco IOS: ``crypto ipsec transform-set AWS esp-aes 256 esp-sha256-hmac`` / `` mode tunnel``.
- FortiOS: ``config vpn ipsec phase2-interface`` / ``set encapsulation tunnel-mode``.
- Cisco ASA: ``no crypto ipsec ikev1 transform-set AWS mode transport`` (tunnel is the default).
- Junos: site-to-site ``security ipsec vpn`` SAs are always tunnel mode; nothing to change.
- Check Point: communities always use tunnel mode; nothing to change.
- strongSwan: swanctl.conf ``children.<name>.mode = tunnel`` (ipsec.conf ``type=tunnel``), the
  default.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN202",
    name="ipsec-transport-mode",
    severity=Severity.HIGH,
    profile="aws",
    summary="IPsec transport mode is configured; AWS supports tunnel mode only",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",),
    tags=("ipsec", "phase2"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if not c.judged(device):
        return iter(())
    return c.in_order(_check(device, policy))


def _check(device: Device, policy: Policy) -> Iterator[Violation]:
    accepted = c.join_or(list(policy.ipsec.modes))
    flagged_tunnels: set[int] = set()
    for seen in c.ipsec_proposals(device):
        mode = seen.proposal.mode
        if not seen.tunnels or mode is None or mode in policy.ipsec.modes:
            continue
        flagged_tunnels.update(id(t) for t in seen.tunnels)
        line, file = seen.where()
        yield Violation(
            message=f"{seen.label(device)} uses {mode} mode; AWS accepts {accepted} mode only",
            line=line, file=file, target=seen.target, tunnel=seen.tunnel_name,
        )
    for tunnel in c.ipsec_tunnels(device):
        ipsec = tunnel.ipsec
        assert ipsec is not None
        if ipsec.mode in policy.ipsec.modes or id(tunnel) in flagged_tunnels:
            continue
        line, file = c.where(tunnel, ipsec)
        yield Violation(
            message=f"{c.tunnel_label(device, tunnel, 2)} uses {ipsec.mode} mode; AWS accepts {accepted} mode only",
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
