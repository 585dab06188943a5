"""VPN205 pfs-disabled: the IPsec SA has no PFS group.

Why it matters
--------------
AWS requires Perfect Forward Secrecy on phase 2: every IPsec SA is keyed with a fresh
Diffie-Hellman exchange (customer gateway requirements page; every AWS sample configuration sets a PFS group, for
example ``set pfs group14``). Without PFS, AWS rejects the
CHILD SA / quick mode proposal, and an attacker who ever learns the IKE SA keys can decrypt every
IPsec SA derived from it. Most vendors default to no PFS (Cisco IOS, ASA, Junos), so forgetting the
line is enough to break the tunnel.

How to fix
----------
Set a PFS group AWS accepts and that is not weak: 14-21 (VPN212).

- Cisco IOS: ``crypto ipsec profile AWS`` / `` set pfs group14`` (crypto map entry: `` set pfs group14``).
- FortiOS: ``config vpn ipsec phase2-interface`` / ``edit "<phase2>"`` / ``set pfs enable`` / ``set dhgrp 14``.
- Cisco ASA: ``crypto ipsec profile AWS`` / `` set pfs group14``, or
  ``crypto map OUTSIDE_MAP 10 set pfs group14``.
- Junos: ``set security ipsec policy AWS-IPSEC-POLICY perfect-forward-secrecy keys group14``.
- Check Point: VPN community > Encryption > Advanced > "Use Perfect Forward Secrecy", group 14
  (management API: ``ike-phase-2.ike-p2-use-pfs true ike-phase-2.ike-p2-pfs-dh-grp "group-14"``).
- strongSwan: add the group to the ESP proposal: ``esp_proposals = aes256-sha256-modp2048``
  (ipsec.conf ``esp=aes256-sha256-modp2048!``).
- PAN-OS: ``set network ike crypto-profiles ipsec-crypto-profiles <profile> dh-group group14`` (or
  group19/group20) instead of ``no-pfs``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN205",
    name="pfs-disabled",
    severity=Severity.HIGH,
    profile="aws",
    summary="PFS is off on the IPsec SA; AWS requires it",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("ipsec", "phase2", "pfs"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    good = c.ranges(c.strong_groups(policy.ipsec.pfs_groups, policy.weak.dh_groups))
    for tunnel in c.ipsec_tunnels(device):
        ipsec = tunnel.ipsec
        assert ipsec is not None
        if c.pfs_groups(tunnel):
            continue
        label = c.tunnel_label(device, tunnel, 2)
        if c.is_default(ipsec, "pfs_groups"):
            text = f"{label}: PFS not set; the {c.vendor_name(device)} default (no PFS) applies"
        else:
            text = f"{label} has PFS off"
        line, file = c.where(tunnel, ipsec, "pfs_groups")
        yield Violation(
            message=f"{text}; AWS requires PFS: set a group, AWS-supported and strong: {good}",
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
