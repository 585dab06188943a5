"""VPN212 pfs-weak-group: the PFS group is 1, 2, 5 or an RFC 5114 group (22, 23, 24).

Why it matters
--------------
PFS is only as strong as its Diffie-Hellman group. MODP groups 1, 2 and 5 are breakable by a
well-funded attacker (Logjam / weakdh.org); RFC 8247 says group 1 MUST NOT and group 2 SHOULD NOT
be used, and that groups 22-24 SHOULD NOT be used. AWS accepts 2, 5 and 22-24 in phase 2, and its
older sample configurations (and the generic XML) still say ``group2``, so many devices run weak
PFS without any error.

How to fix
----------
Use group 14 or better (19, 20, 21 for elliptic curves).

- Cisco IOS: ``crypto ipsec profile AWS`` / `` set pfs group14`` (or ``group20``).
- FortiOS: ``config vpn ipsec phase2-interface`` / ``edit "<phase2>"`` / ``set dhgrp 14 20``
  (the default ``14 5`` keeps group 5).
- Cisco ASA: ``crypto ipsec profile AWS`` / `` set pfs group14``, or
  ``crypto map OUTSIDE_MAP 10 set pfs group14``.
- Junos: ``set security ipsec policy AWS-IPSEC-POLICY perfect-forward-secrecy keys group14``.
- Check Point: VPN community > Encryption > Advanced > "Use Perfect Forward Secrecy", group 14
  (management API: ``ike-phase-2.ike-p2-pfs-dh-grp "group-14"``).
- strongSwan: ``esp_proposals = aes256-sha256-modp2048`` (or ``-ecp384``).
- PAN-OS: ``set network ike crypto-profiles ipsec-crypto-profiles <profile> dh-group group20`` (or
  group14/group19).

AWS side: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0123456789abcdef0
--vpn-tunnel-outside-ip-address 203.0.113.10 --tunnel-options
'Phase2DHGroupNumbers=[{Value=14},{Value=19},{Value=20},{Value=21}]'`` (VPN504).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN212",
    name="pfs-weak-group",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="The PFS group is 1, 2, 5 or an RFC 5114 group (22, 23, 24)",
    references=(
        "https://www.rfc-editor.org/rfc/rfc8247#section-2.4",
        "https://weakdh.org/",
    ),
    tags=("ipsec", "phase2", "pfs", "weak"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    weak = set(policy.weak.dh_groups)
    good = c.ranges(c.strong_groups(policy.ipsec.pfs_groups, policy.weak.dh_groups))
    for tunnel in c.ipsec_tunnels(device):
        ipsec = tunnel.ipsec
        assert ipsec is not None
        groups = c.pfs_groups(tunnel)
        bad = [g for g in groups if g in weak]
        if not bad:
            continue
        label = c.tunnel_label(device, tunnel, 2)
        if ipsec.pfs_groups and all(g in ipsec.pfs_groups for g in bad):
            text = c.offers(device, label, ipsec, "pfs_groups", ipsec.pfs_groups, bad, noun="PFS")
        else:
            text = f"{label} offers PFS {c.groups_text(bad)}"
        line, file = c.where(tunnel, ipsec, "pfs_groups")
        yield Violation(
            message=f"{text} (weak); AWS-supported and strong: {good}",
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
