"""VPN206 pfs-group-unsupported: no PFS group of the tunnel is one AWS accepts in phase 2.

Why it matters
--------------
AWS accepts PFS groups 2, 5 and 14-24 for phase 2 (tunnel options page, ``Phase2DHGroupNumbers``;
the EC2 API model adds 35-37). A device whose only PFS group is outside that list, such as group 1
(Cisco IOS ``set pfs`` without a group) or a vendor-specific group, has its CHILD SA / quick mode
proposal rejected: phase 1 comes up, no traffic passes.

How to fix
----------
Use PFS group 14 or better (19, 20, 21 for elliptic curves).

- Cisco IOS: ``crypto ipsec profile AWS`` / `` set pfs group14``.
- FortiOS: ``config vpn ipsec phase2-interface`` / ``edit "<phase2>"`` / ``set dhgrp 14 20``.
- Cisco ASA: ``crypto ipsec profile AWS`` / `` set pfs group14`` (crypto map:
  ``crypto map OUTSIDE_MAP 10 set pfs group14``).
- Junos: ``set security ipsec policy AWS-IPSEC-POLICY perfect-forward-secrecy keys group14``.
- Check Point: VPN community > Encryption > Advanced > "Use Perfect Forward Secrecy", group 14
  (management API: ``ike-phase-2.ike-p2-pfs-dh-grp "group-14"``).
- strongSwan: ``esp_proposals = aes256-sha256-modp2048`` (the group is part of the ESP proposal).
- PAN-OS: ``set network ike crypto-profiles ipsec-crypto-profiles <profile> dh-group group20`` (one of 2, 5,
  14-24 that AWS accepts).

If the AWS tunnel was narrowed, widen it instead: ``aws ec2 modify-vpn-tunnel-options
--vpn-connection-id vpn-0123456789abcdef0 --vpn-tunnel-outside-ip-address 203.0.113.10
--tunnel-options 'Phase2DHGroupNumbers=[{Value=14},{Value=20}]'``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN206",
    name="pfs-group-unsupported",
    severity=Severity.HIGH,
    profile="aws",
    summary="The PFS group is not one AWS accepts in phase 2",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("ipsec", "phase2", "pfs"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    accepted = set(policy.ipsec.pfs_groups)
    for tunnel in c.ipsec_tunnels(device):
        ipsec = tunnel.ipsec
        assert ipsec is not None
        groups = c.pfs_groups(tunnel)
        if not groups or any(g in accepted for g in groups):
            continue
        label = c.tunnel_label(device, tunnel, 2)
        if ipsec.pfs_groups:
            text = c.offers(device, label, ipsec, "pfs_groups", ipsec.pfs_groups, groups, noun="PFS")
        else:
            text = f"{label} offers PFS {c.groups_text(groups)}"
        line, file = c.where(tunnel, ipsec, "pfs_groups")
        yield Violation(
            message=f"{text}; AWS accepts PFS groups {c.ranges(policy.ipsec.pfs_groups)}",
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
