"""VPN207 ipsec-lifetime-out-of-range: the phase-2 lifetime is outside 900-3600 s, or not below
the phase-1 lifetime.

Why it matters
--------------
AWS accepts a phase-2 (IPsec SA) lifetime of 900 to 3600 seconds, default 3600, and requires it
to be shorter than the phase-1 lifetime (tunnel options page, ``Phase2LifetimeSeconds``: "must be
less than the value for Phase1LifetimeSeconds"). A longer device lifetime is negotiated down or
refused depending on who initiates, so the two sides rekey at different times and the tunnel
drops traffic around each rekey; a phase-2 lifetime that is not below phase 1 makes the IKE SA
expire under live IPsec SAs. Some defaults are out of range: Cisco ASA uses 28800 s.

How to fix
----------
Set 3600 seconds (1 hour), the AWS default, and keep phase 1 longer (28800 s).

- Cisco IOS: ``crypto ipsec profile AWS`` / `` set security-association lifetime seconds 3600``
  (global: ``crypto ipsec security-association lifetime seconds 3600``).
- FortiOS: ``config vpn ipsec phase2-interface`` / ``edit "<phase2>"`` / ``set keylifeseconds 3600``.
- Cisco ASA: ``crypto ipsec profile AWS`` / `` set security-association lifetime seconds 3600``, or
  ``crypto map OUTSIDE_MAP 10 set security-association lifetime seconds 3600``.
- Junos: ``set security ipsec proposal AWS-IPSEC lifetime-seconds 3600``.
- Check Point: VPN community > Encryption > Advanced > "Renegotiate IPsec Security Associations
  every 3600 seconds" (management API: ``ike-phase-2.ike-p2-rekey-time 3600``).
- strongSwan: swanctl.conf ``children.<name>.rekey_time = 1h`` (ipsec.conf ``lifetime=1h``).
- PAN-OS: ``set network ike crypto-profiles ipsec-crypto-profiles <profile> lifetime seconds 3600`` (the
  default, 1 hour, fits).

Keep the AWS side equal: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id
vpn-0123456789abcdef0 --vpn-tunnel-outside-ip-address 203.0.113.10 --tunnel-options
'Phase2LifetimeSeconds=3600'``.

Connections declared in code are judged on the values they write, and on the rekey margin too, which
AWS accepts from 60 s up to half the phase-2 lifetime (tunnel options, ``RekeyMarginTimeSeconds``):
Terraform ``tunnel1_phase2_lifetime_seconds = 3600`` and ``tunnel1_rekey_margin_time_seconds = 540``;
CloudFormation ``Phase2LifetimeSeconds: 3600`` and ``RekeyMarginTimeSeconds: 540`` in the
``VpnTunnelOptionsSpecifications`` item.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c
from ._aws import declared, setting_line, tunnel_fix

RULE = Rule(
    id="VPN207",
    name="ipsec-lifetime-out-of-range",
    severity=Severity.MEDIUM,
    profile="aws",
    summary="Phase-2 lifetime outside 900-3600 s, or not below the phase-1 lifetime",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("ipsec", "phase2", "lifetime"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if declared(device):
        yield from _declared(device, policy)
        return
    low, high = policy.ipsec.lifetime_min, policy.ipsec.lifetime_max
    for tunnel in c.ipsec_tunnels(device):
        ipsec = tunnel.ipsec
        assert ipsec is not None
        seconds = ipsec.lifetime_seconds
        if seconds is None:
            continue
        label = c.tunnel_label(device, tunnel, 2)
        if c.is_default(ipsec, "lifetime_seconds"):
            what = f"{label}: phase-2 lifetime not set; the {c.vendor_name(device)} default {seconds} s applies"
        else:
            what = f"{label} sets a phase-2 lifetime of {seconds} s"
        phase1 = c.phase1_lifetime(tunnel)
        if not low <= seconds <= high:
            why = f"AWS accepts {low}-{high} s (use {policy.ipsec.lifetime_default})"
        elif phase1 is not None and seconds >= phase1:
            why = f"it must be below the phase-1 lifetime ({phase1} s)"
        else:
            continue
        line, file = c.where(tunnel, ipsec, "lifetime_seconds")
        yield Violation(
            message=f"{what}; {why}",
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )


def _declared(device: Device, policy: Policy) -> Iterator[Violation]:
    """A connection declared in code: the phase-2 lifetime and rekey margin it writes.

    AWS (tunnel options): Phase2LifetimeSeconds 900-3600 and below Phase1LifetimeSeconds;
    RekeyMarginTimeSeconds from 60 to half of Phase2LifetimeSeconds.
    """
    low, high = policy.ipsec.lifetime_min, policy.ipsec.lifetime_max
    for tunnel in device.tunnels:
        ipsec, aws = tunnel.ipsec, tunnel.aws
        if ipsec is None or aws is None:
            continue
        seconds = ipsec.lifetime_seconds
        phase1 = tunnel.ike.lifetime_seconds if tunnel.ike else None
        label = f"AWS tunnel {tunnel.name} of {device.hostname}"
        if seconds is not None and "lifetime_seconds" not in ipsec.defaults:
            why = None
            if not low <= seconds <= high:
                why = f"AWS accepts {low}-{high} s"
            elif phase1 is not None and seconds >= phase1:
                why = f"it must be below the phase-1 lifetime ({phase1} s)"
            if why:
                yield Violation(
                    message=f"{label} sets a phase-2 lifetime of {seconds} s; {why}",
                    line=setting_line(tunnel, "phase2_lifetime"), target=c.tunnel_target(tunnel), tunnel=tunnel.name,
                    fix=tunnel_fix(device, tunnel, {"Phase2LifetimeSeconds": policy.ipsec.lifetime_default}, ""),
                )
        margin = aws.rekey_margin_seconds
        if margin is None or "rekey_margin_seconds" in aws.defaults or seconds is None:
            continue
        if not 60 <= margin <= seconds // 2:
            yield Violation(
                message=(f"{label} sets a rekey margin of {margin} s; AWS accepts 60 s up to half the "
                         f"phase-2 lifetime ({seconds // 2} s)"),
                line=setting_line(tunnel, "rekey_margin_seconds"), target=c.tunnel_target(tunnel), tunnel=tunnel.name,
                fix=tunnel_fix(device, tunnel, {"RekeyMarginTimeSeconds": max(60, min(540, seconds // 2))}, ""),
            )
