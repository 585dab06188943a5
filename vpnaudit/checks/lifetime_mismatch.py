"""VPN609 lifetime-mismatch: a device lifetime exceeds the AWS tunnel's lifetime.

Why it matters
--------------
AWS accepts a shorter lifetime than its own but rekeys at its own (``Phase1LifetimeSeconds``,
``Phase2LifetimeSeconds``, minus the rekey margin). When the device's lifetime is longer, the two
sides rekey at different times; IKEv1 devices in particular may keep using an SA that AWS already
deleted, which shows as short, regular outages.

How to fix
----------
Set the device lifetimes at or below the AWS values (28800 s phase 1 and 3600 s phase 2 by default):

- Cisco IOS: ``lifetime 28800`` in the isakmp policy / ikev2 profile; ``set security-association lifetime seconds 3600``.
- Cisco ASA: ``lifetime seconds 28800`` in the ikev2 policy; ``set security-association lifetime seconds 3600``.
- Junos: ``lifetime-seconds 28800`` in the ike proposal, ``lifetime-seconds 3600`` in the ipsec proposal.
- Check Point: IKE SA 480 minutes, IPsec SA 3600 seconds.
- strongSwan: ``ikelifetime=8h``, ``lifetime=1h`` / ``rekey_time = 8h``, ``life_time = 1h``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..policy import Policy
from ._pair import at_device, label

RULE = Rule(
    id="VPN609",
    name="lifetime-mismatch",
    severity=Severity.LOW,
    profile="recommended",
    summary="A device phase-1 or phase-2 lifetime is longer than the AWS tunnel's",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("pairing", "lifetime"),
    scope="pair",
)


def _phase1_lifetime(tunnel) -> int | None:
    ike = tunnel.ike
    if ike is None:
        return None
    if ike.lifetime_seconds:
        return ike.lifetime_seconds
    values = [p.lifetime_seconds for p in ike.proposals if p.lifetime_seconds]
    return max(values) if values else None


def check(pair, policy: Policy) -> Iterator[Violation]:
    for tp in pair.matched():
        problems = []
        mine, theirs = _phase1_lifetime(tp.device), _phase1_lifetime(tp.aws)
        if mine and theirs and mine > theirs:
            problems.append(f"phase 1 {mine} s > AWS {theirs} s")
        mine2 = tp.device.ipsec.lifetime_seconds if tp.device.ipsec else None
        theirs2 = tp.aws.ipsec.lifetime_seconds if tp.aws.ipsec else None
        if mine2 and theirs2 and mine2 > theirs2:
            problems.append(f"phase 2 {mine2} s > AWS {theirs2} s")
        if problems:
            yield at_device(pair, tp.device, f"{label(pair, tp.device, tp.aws)}: " + "; ".join(problems), "lifetime")
