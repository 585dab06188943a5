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
- FortiOS: ``set keylife 28800`` in the ``phase1-interface``, ``set keylifeseconds 3600`` in the
  ``phase2-interface``.
- Cisco ASA: ``lifetime seconds 28800`` in the ikev2 policy; ``set security-association lifetime seconds 3600``.
- Junos: ``lifetime-seconds 28800`` in the ike proposal, ``lifetime-seconds 3600`` in the ipsec proposal.
- Check Point: IKE SA 480 minutes, IPsec SA 3600 seconds.
- strongSwan: ``ikelifetime=8h``, ``lifetime=1h`` / ``rekey_time = 8h``, ``life_time = 1h``.
- PAN-OS: ``set network ike crypto-profiles ike-crypto-profiles <profile> lifetime seconds 28800`` and ``set
  network ike crypto-profiles ipsec-crypto-profiles <profile> lifetime seconds 3600``.

Or, when the AWS tunnel was set below its defaults, raise it (phase 1 900-28800 s, phase 2
900-3600 s): ``aws ec2 modify-vpn-tunnel-options ... --tunnel-options
'Phase1LifetimeSeconds=28800,Phase2LifetimeSeconds=3600'``. Terraform, on the ``aws_vpn_connection``::

    tunnel1_phase1_lifetime_seconds = 28800
    tunnel1_phase2_lifetime_seconds = 3600

Change one tunnel at a time: a tunnel-option change replaces that tunnel's endpoint, which
drops the tunnel for a moment (AWS Site-to-Site VPN User Guide, "Tunnel endpoint replacements":
"the modified tunnel is unavailable during the update"). Wait until the changed tunnel is UP
again (``vpnaudit aws --vpn vpn-...``) before changing the other one. Terraform modifies both
tunnels in one apply, so apply the ``tunnel1_*`` change and the ``tunnel2_*`` change separately
(``terraform state show`` gives ``tunnel1_address``, the outside IP of tunnel 1), and check that
the plan says ``update in-place``: ``must be replaced`` recreates the whole connection with new
outside IPs and keys. Reference: AWS provider, resource ``aws_vpn_connection``,
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpn_connection.
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
