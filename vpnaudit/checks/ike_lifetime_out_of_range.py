"""VPN105 ike-lifetime-out-of-range: the phase-1 lifetime is outside 900-28800 seconds.

Why it matters
--------------
AWS accepts a phase-1 (IKE SA) lifetime of 900 to 28800 seconds, default 28800 (tunnel options
page, ``Phase1LifetimeSeconds``; the AWS sample configurations use 28800). In IKEv1 the lifetime is
negotiated: a device that proposes more than AWS allows gets its proposal refused or clipped, and
rekeys at unexpected times; a very short lifetime makes the tunnel flap through constant rekeying.
Several vendors default above the AWS maximum (Cisco IOS and ASA: 86400 s), so the rule also fires
when the lifetime is not set and that default applies.

The rule judges the lifetime of each tunnel's IKE configuration and of every phase-1 proposal that
carries its own lifetime (IKEv1 policies).

How to fix
----------
Set 28800 seconds (8 hours), the AWS default.

- Cisco IOS: ``crypto isakmp policy 10`` / `` lifetime 28800``; IKEv2 ``crypto ikev2 profile AWS``
  / `` lifetime 28800``.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set keylife 28800``.
- Cisco ASA: ``crypto ikev1 policy 10`` / `` lifetime 28800``; ``crypto ikev2 policy 10`` /
  `` lifetime seconds 28800``.
- Junos: ``set security ike proposal AWS-IKE lifetime-seconds 28800``.
- Check Point: VPN community > Encryption > Advanced > "Renegotiate IKE (Phase 1) Security
  Associations every 480 minutes" (management API: ``ike-phase-1.ike-p1-rekey-time 480``).
- strongSwan: swanctl.conf ``rekey_time = 8h`` (ipsec.conf ``ikelifetime=8h``).
- PAN-OS: ``set network ike crypto-profiles ike-crypto-profiles <profile> lifetime seconds 28800`` (the default,
  8 hours, fits).

Keep the AWS side equal: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id
vpn-0123456789abcdef0 --vpn-tunnel-outside-ip-address 203.0.113.10 --tunnel-options
'Phase1LifetimeSeconds=28800'``.

Connections declared in code are judged on the value they write (unset is the AWS default 28800 s):
Terraform ``tunnel1_phase1_lifetime_seconds = 28800``; CloudFormation ``Phase1LifetimeSeconds: 28800``
in the ``VpnTunnelOptionsSpecifications`` item.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device, Located
from ..policy import Policy
from . import _crypto as c
from ._aws import declared, setting_line, tunnel_fix

RULE = Rule(
    id="VPN105",
    name="ike-lifetime-out-of-range",
    severity=Severity.MEDIUM,
    profile="aws",
    summary="Phase-1 lifetime outside the 900-28800 s AWS accepts",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("ike", "phase1", "lifetime"),
)


def _problem(device: Device, label: str, obj: Located, seconds: int, policy: Policy) -> str | None:
    low, high = policy.ike.lifetime_min, policy.ike.lifetime_max
    if low <= seconds <= high:
        return None
    if c.is_default(obj, "lifetime_seconds"):
        what = f"{label}: lifetime not set; the {c.vendor_name(device)} default {seconds} s applies"
    else:
        what = f"{label} sets a lifetime of {seconds} s"
    return f"{what}; AWS accepts {low}-{high} s (use {policy.ike.lifetime_default})"


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if declared(device):  # a connection declared in code: the lifetime it writes
        return c.in_order(_declared(device, policy))
    return c.in_order(_check(device, policy))


def _declared(device: Device, policy: Policy) -> Iterator[Violation]:
    low, high = policy.ike.lifetime_min, policy.ike.lifetime_max
    for tunnel in device.tunnels:
        ike = tunnel.ike
        if ike is None or ike.lifetime_seconds is None or "lifetime_seconds" in ike.defaults:
            continue
        if low <= ike.lifetime_seconds <= high:
            continue
        yield Violation(
            message=(f"AWS tunnel {tunnel.name} of {device.hostname} sets a phase-1 lifetime of "
                     f"{ike.lifetime_seconds} s; AWS accepts {low}-{high} s"),
            line=setting_line(tunnel, "phase1_lifetime"), target=c.tunnel_target(tunnel), tunnel=tunnel.name,
            fix=tunnel_fix(device, tunnel, {"Phase1LifetimeSeconds": policy.ike.lifetime_default}, ""),
        )


def _check(device: Device, policy: Policy) -> Iterator[Violation]:
    if not c.judged(device):
        return
    reported: set[tuple[str | None, int]] = set()
    for tunnel in c.ike_tunnels(device):
        ike = tunnel.ike
        assert ike is not None
        if ike.lifetime_seconds is None:
            continue
        if any(p.lifetime_seconds == ike.lifetime_seconds for p in ike.proposals):
            continue  # the lifetime is the proposal's (IKEv1 policy, Junos proposal): reported there
        text = _problem(device, c.tunnel_label(device, tunnel, 1), ike, ike.lifetime_seconds, policy)
        if text is None:
            continue
        line, file = c.where(tunnel, ike, "lifetime_seconds")
        if ike.line is not None:
            reported.add((ike.file, ike.line))
        yield Violation(message=text, line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name)
    for seen in c.ike_proposals(device):
        proposal = seen.proposal
        if proposal.lifetime_seconds is None:
            continue
        if proposal.line is not None and (proposal.file, proposal.line) in reported:
            continue
        text = _problem(device, seen.label(device), proposal, proposal.lifetime_seconds, policy)
        if text is None:
            continue
        line, file = seen.where()
        yield Violation(message=text, line=line, file=file, target=seen.target, tunnel=seen.tunnel_name)
