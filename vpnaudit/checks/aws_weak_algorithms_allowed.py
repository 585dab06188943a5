"""VPN504 aws-weak-algorithms-allowed: an AWS tunnel allows SHA1, DH 2/5/22/23/24 or another weak
value, including by leaving the algorithm lists unset.

Why it matters
--------------
AWS accepts whatever the customer gateway proposes from the tunnel's allowed lists, in any order.
A weak value in a list is therefore a downgrade path: a device (or anyone able to answer for it)
that proposes SHA1 or DH group 2 gets it. Unset lists are worse than they look: AWS does not echo
unset tunnel options, and an unset list means **all** AWS defaults are allowed, including SHA1
(phase 1 and 2), DH groups 2, 22, 23, 24 (phase 1) and 2, 5, 22, 23, 24 (phase 2). SHA1 is a SHOULD
NOT / MUST NOT in RFC 8247 and RFC 8221; MODP groups below 2048 bits and the RFC 5114 groups 22-24
are SHOULD NOT in RFC 8247. No AWS-managed control checks these lists; the weak values come from
the policy pack (``[weak]``).

Source: AWS Site-to-Site VPN User Guide, "Tunnel options for your Site-to-Site VPN connection"
(allowed values and defaults); RFC 8247 section 2.4 and 3.3, RFC 8221 section 5.

How to fix
----------
Set explicit lists without the weak values on each tunnel (the device must still share a proposal
with the new lists, see the VPN6xx pairing rules)::

    aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... \\
        --vpn-tunnel-outside-ip-address <outside ip> \\
        --tunnel-options '{"Phase1IntegrityAlgorithms": [{"Value": "SHA2-256"}, {"Value": "SHA2-384"}],
            "Phase1DHGroupNumbers": [{"Value": 14}, {"Value": 19}, {"Value": 20}],
            "Phase2IntegrityAlgorithms": [{"Value": "SHA2-256"}, {"Value": "SHA2-384"}],
            "Phase2DHGroupNumbers": [{"Value": 14}, {"Value": 19}, {"Value": 20}]}'

Terraform, on the ``aws_vpn_connection``::

    tunnel1_phase1_integrity_algorithms = ["SHA2-256", "SHA2-384"]
    tunnel1_phase1_dh_group_numbers     = [14, 19, 20]
    tunnel1_phase2_integrity_algorithms = ["SHA2-256", "SHA2-384"]
    tunnel1_phase2_dh_group_numbers     = [14, 19, 20]

(``tunnel1_phase1_encryption_algorithms`` / ``tunnel1_phase2_encryption_algorithms`` likewise when
an encryption value is weak.) An argument left out means the whole AWS default list, weak values
included.

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

import json
from collections.abc import Iterator, Sequence

from ..findings import Rule, Severity, Violation
from ..model import Device, IkeProposal, IpsecProposal, Tunnel
from ..policy import Policy
from ._aws import tunnel_fix

RULE = Rule(
    id="VPN504",
    name="aws-weak-algorithms-allowed",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="An AWS VPN tunnel allows weak algorithms or DH groups (explicitly or by leaving the lists unset)",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
        "https://www.rfc-editor.org/rfc/rfc8247",
        "https://www.rfc-editor.org/rfc/rfc8221",
    ),
    tags=("aws", "crypto"),
)

# (phase label, model field, word in the message, TunnelOptions request key)
_FIELDS = (
    ("encryption", "encryption", "{phase}EncryptionAlgorithms"),
    ("integrity", "integrity", "{phase}IntegrityAlgorithms"),
    ("dh_groups", "DH group", "{phase}DHGroupNumbers"),
)


def _show(values: Sequence[object]) -> str:
    return ", ".join(str(v) for v in values)


def _weak_parts(
    label: str, proposal: IkeProposal | IpsecProposal, policy: Policy, fix: dict[str, list[dict[str, object]]],
    names: list[str] | None = None,
) -> list[str]:
    weak_sets = {"encryption": policy.weak.encryption, "integrity": policy.weak.integrity,
                 "dh_groups": policy.weak.dh_groups}
    parts = []
    for field, word, key in _FIELDS:
        values = getattr(proposal, field)
        weak = [v for v in values if v in weak_sets[field]]
        if not weak:
            continue
        why = f" (unset: AWS default allows {_show(values)})" if field in proposal.defaults else ""
        plural = "s" if len(weak) > 1 and field == "dh_groups" else ""
        parts.append(f"{label} {word}{plural} {_show(weak)}{why}")
        if names is not None:  # the setting's name in Tunnel.lines (code: "phase1_integrity")
            names.append(f"{label.replace('-', '')}_{field}")
        strong = [v for v in values if v not in weak_sets[field]]
        if strong:
            fix[key.format(phase="Phase1" if label == "phase-1" else "Phase2")] = [{"Value": v} for v in strong]
    return parts


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in device.tunnels:
        if tunnel.aws is None:
            continue
        if "aws_tunnel_options" in tunnel.unknown:  # a generic XML file: the options are unknown
            continue
        yield from _tunnel(device, tunnel, policy)


def _tunnel(device: Device, tunnel: Tunnel, policy: Policy) -> Iterator[Violation]:
    ip = tunnel.aws.outside_ip  # type: ignore[union-attr]
    parts: list[str] = []
    fix: dict[str, list[dict[str, object]]] = {}
    line = None
    names: list[str] = []
    for proposal in tunnel.ike.proposals if tunnel.ike else ():
        found = _weak_parts("phase-1", proposal, policy, fix, names)
        if found and line is None:
            line = proposal.line
        parts += found
    for proposal in tunnel.ipsec.proposals if tunnel.ipsec else ():
        found = _weak_parts("phase-2", proposal, policy, fix, names)
        if found and line is None:
            line = proposal.line
        parts += found
    if not parts:
        return
    if device.connection is not None and device.connection.declared_in:
        # declared in code: the first weak argument written there, else the resource / item
        line = min((n for n in (tunnel.line_of(name) for name in names) if n), default=tunnel.line)
    yield Violation(
        message=f"AWS tunnel {ip} allows weak algorithms: {'; '.join(parts)}",
        line=line or tunnel.line,
        target=f"aws-tunnel:{ip}",
        tunnel=tunnel.name,
        fix=tunnel_fix(device, tunnel, fix, (
            f"aws ec2 modify-vpn-tunnel-options --vpn-connection-id {device.hostname} "
            f"--vpn-tunnel-outside-ip-address {ip} --tunnel-options '{json.dumps(fix)}'")) if fix else None,
    )
