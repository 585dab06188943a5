"""VPN104 ike-dh-group-unsupported: no phase-1 proposal offers a DH group AWS accepts.

Why it matters
--------------
AWS accepts DH groups 2 and 14-24 for phase 1 (tunnel options page, ``Phase1DHGroupNumbers``;
the EC2 API model also lists 35). Group 1 and group 5 are not accepted in phase 1, so a device
that offers only them (Cisco IOS uses group 1 when a ``crypto isakmp policy`` sets no ``group``)
never completes phase 1.

The rule judges each tunnel's effective proposals, vendor defaults included.

How to fix
----------
Offer group 14 or better (19, 20, 21 for elliptic curves); group 2 is accepted but weak (VPN112).

- Cisco IOS: ``crypto isakmp policy 10`` / `` group 14``; ``crypto ikev2 proposal AWS`` /
  `` group 20 19 14``.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set dhgrp 14 20``.
- Cisco ASA: ``crypto ikev1 policy 10`` / `` group 14``; ``crypto ikev2 policy 10`` / `` group 20 19 14``.
- Junos: ``set security ike proposal AWS-IKE dh-group group14`` (or ``group20``).
- Check Point: VPN community > Encryption > Phase 1 Diffie-Hellman group "Group 14 (2048 bit)"
  (management API: ``ike-phase-1.diffie-hellman-group "group-14"``).
- strongSwan: ``proposals = aes256-sha256-modp2048`` (``ecp384`` for group 20).
- PAN-OS: ``set network ike crypto-profiles ike-crypto-profiles <profile> dh-group [ group20 group19 group14
  ]``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN104",
    name="ike-dh-group-unsupported",
    severity=Severity.HIGH,
    profile="aws",
    summary="No phase-1 proposal offers an AWS-supported Diffie-Hellman group",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("ike", "phase1", "crypto"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    accepted = set(policy.ike.dh_groups)
    judged: dict[int, bool] = {}  # per tuple of proposals: a device-wide list is judged once, not per tunnel
    for tunnel in c.ike_tunnels(device):
        assert tunnel.ike is not None
        proposals = tunnel.ike.proposals
        if not proposals:
            continue
        if id(proposals) not in judged:
            judged[id(proposals)] = any(g in accepted for p in proposals for g in p.dh_groups)
        if judged[id(proposals)]:
            continue
        offered = c.first_few([
            c.offers(device, label, proposal, "dh_groups", proposal.dh_groups) if proposal.dh_groups
            else f"{label} sets no DH group"
            for proposal in proposals[:c.NAMED] for label in (c.ike_proposal_label(device, proposal, tunnel),)
        ], len(proposals))
        line, file = c.where(tunnel)
        yield Violation(
            message=(f"{c.tunnel_label(device, tunnel)}: no phase-1 proposal offers an AWS-supported DH group "
                     f"({offered}); AWS accepts {c.ranges(policy.ike.dh_groups)}"),
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
