"""VPN212 pfs-weak-group: the PFS group is 1, 2, 5 or an RFC 5114 group (22, 23, 24).

Why it matters
--------------
PFS is only as strong as its Diffie-Hellman group. MODP groups 1, 2 and 5 are breakable by a
well-funded attacker (Logjam / weakdh.org); RFC 8247 says group 1 MUST NOT and group 2 SHOULD NOT
be used, and that groups 22-24 SHOULD NOT be used. AWS accepts 2, 5 and 22-24 in phase 2, and its
older sample configurations (and the generic XML) still say ``group2``, so many devices run weak
PFS without any error. A phase-2 policy that no active tunnel uses yet (an IOS ``crypto ipsec
profile``, a Junos ``ipsec policy``) is judged too, once, at its PFS setting: it is one ``tunnel
protection`` line away from carrying traffic.

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
from functools import partial

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
    # A phase-2 proposal that carries its own PFS group (strongSwan esp=...-modp1024, a Junos
    # proposal-set member) and that no tunnel uses yet: judged like a weak cipher on it (VPN210).
    unused = []
    for seen in c.ipsec_proposals(device):
        bad = [g for g in seen.proposal.dh_groups if g in weak]
        if seen.tunnels or not bad or not c.judged(device):
            continue
        line, file = seen.where("dh_groups")
        unused.append((seen, partial(_unused_text, bad, good), line, file))
    yield from c.one_per_line(device, unused)
    # A phase-2 policy no tunnel uses (IOS ``crypto ipsec profile P`` / ``set pfs group5``, a Junos
    # ``ipsec policy`` with ``perfect-forward-secrecy keys group5``): its PFS group is judged where it is
    # set, once; a group that only comes from its proposals (a Junos proposal-set) was judged above.
    used = {(t.ipsec.file, t.ipsec.line) for t in device.tunnels if t.ipsec is not None}
    for policy in device.ipsec_policies:
        bad = [g for g in policy.pfs_groups if g in weak]
        if not bad or (policy.file, policy.line) in used or not c.judged(device):
            continue
        pfs_line = policy.line_of("pfs_groups")
        if pfs_line is None and all(any(g in p.dh_groups for p in policy.proposals) for g in bad):
            continue
        text = c.offers(device, policy.name or "an ipsec policy", policy, "pfs_groups", policy.pfs_groups, bad,
                        noun="PFS")
        yield Violation(
            message=f"{text} (weak; no active tunnel uses it); AWS-supported and strong: {good}",
            line=pfs_line or policy.line, file=policy.file, target=f"ipsec-policy:{policy.name}",
        )


def _unused_text(bad: list[int], good: str, label: str) -> str:
    return f"{label} offers PFS {c.groups_text(bad)} (weak; no tunnel uses it yet); AWS-supported and strong: {good}"
