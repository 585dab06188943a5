"""VPN611 weak-common-proposal: the two sides would agree on weak crypto although both support strong.

Why it matters
--------------
Both sides may allow strong crypto and still end up on SHA1 or DH group 2: the responder takes the
first acceptable proposal in the initiator's order, so a weak proposal listed first (or an AWS
tunnel left at its defaults, which allow SHA1 and group 2) wins. When ``GetActiveVpnTunnelStatus``
is available, the negotiated crypto is judged instead of the prediction.

How to fix
----------
Order the device proposals strongest first and remove the weak ones, and restrict the AWS tunnel to
strong values: ``aws ec2 modify-vpn-tunnel-options ... --tunnel-options
'Phase1IntegrityAlgorithms=[{Value=SHA2-256}],Phase1DHGroupNumbers=[{Value=20}],Phase2DHGroupNumbers=[{Value=20}]'``.

- Cisco IOS: strongest ``crypto isakmp policy`` number lowest; ``crypto ikev2 proposal`` lists strongest first.
- FortiOS: strongest first in ``set proposal`` (``aes256gcm-prfsha384 aes256-sha256``) and
  ``set dhgrp 20 14``.
- Cisco ASA: lowest policy priority number for the strongest policy.
- Junos: strongest proposal first in ``ike policy P proposals [...]``.
- strongSwan: strongest first in ``ike=`` / ``proposals``.
- PAN-OS: list the strong algorithms in the gateway's and tunnel's crypto profiles and remove the weak ones (the
  firewall offers the profile's members in the order configured).

Terraform, on the ``aws_vpn_connection``::

    tunnel1_phase1_integrity_algorithms = ["SHA2-256"]
    tunnel1_phase1_dh_group_numbers     = [20]
    tunnel1_phase2_dh_group_numbers     = [20]

Change the device first, so that the restricted AWS lists still match what it proposes.

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
    id="VPN611",
    name="weak-common-proposal",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="The two sides would agree on weak crypto although both support a strong proposal",
    references=("https://www.rfc-editor.org/rfc/rfc8247", "https://www.rfc-editor.org/rfc/rfc8221"),
    tags=("pairing", "crypto"),
    scope="pair",
)


def _weak(values, policy: Policy) -> list[str]:
    enc, mac, group = values
    out = []
    if enc in policy.weak.encryption:
        out.append(str(enc))
    if mac and mac in policy.weak.integrity:
        out.append(str(mac))
    if group is not None and group in policy.weak.dh_groups:
        out.append(f"group {group}")
    return out


def check(pair, policy: Policy) -> Iterator[Violation]:
    from ..negotiate import fmt_p1, fmt_p2  # here: a device-only lint never loads the negotiation code

    for tp in pair.matched():
        n = tp.negotiation
        if n is None or not n.established:
            continue
        for phase, stage, fmt in (("phase 1", n.phase1, fmt_p1), ("phase 2", n.phase2, fmt_p2)):
            weak = _weak(stage.chosen, policy)
            strong = stage.common.first(lambda enc: not _weak((enc, None, None), policy),
                                        lambda mac: not _weak((None, mac, None), policy),
                                        lambda group: not _weak((None, None, group), policy))
            if weak and strong is not None:
                yield at_device(
                    pair, tp.device,
                    f"{label(pair, tp.device, tp.aws)}: {phase} would settle on {fmt(stage.chosen)} "
                    f"({', '.join(weak)} weak) although both sides accept {fmt(strong)}",
                    f"weak-common-{phase.replace(' ', '')}",
                )
