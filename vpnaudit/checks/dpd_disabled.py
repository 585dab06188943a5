"""VPN401 dpd-disabled: no dead-peer detection (DPD / IKE keepalive) on a tunnel.

Why it matters
--------------
AWS replaces and patches tunnel endpoints, and a tunnel's path can fail silently. Without DPD the
customer gateway keeps its IKE and IPsec SAs for a peer that is gone and keeps sending traffic into
a dead tunnel until the SA lifetime expires (up to 8 hours for phase 1). AWS requires DPD for
dynamic (BGP) connections and its sample configurations turn it on (interval 10 s, 3 retries):
customer gateway requirements, https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html, and
best practices, https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html. With BGP
over the tunnel the finding is high: failover to the other tunnel waits for BGP and the stale SA;
without BGP it is medium. Whether DPD is required at all is ``[dpd] required`` in the policy pack.

How to fix
----------
Turn DPD on with the AWS sample timers (``[dpd] sample_interval_seconds`` x ``sample_retries``):

- Cisco IOS: ``crypto isakmp keepalive 10 3 periodic`` (IKEv1), or in the IKEv2 profile
  ``crypto ikev2 profile <name>`` / ``dpd 10 3 periodic``.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set dpd on-idle`` /
  ``set dpd-retryinterval 10`` / ``set dpd-retrycount 3``.
- Cisco ASA: ``tunnel-group <outside-ip> ipsec-attributes`` / ``isakmp keepalive threshold 10 retry 3``
  (and do not leave ``isakmp keepalive disable``).
- Junos: ``set security ike gateway <gw> dead-peer-detection interval 10 threshold 3``
  (add ``always-send`` or ``probe-idle-tunnel`` as needed).
- Check Point: make the AWS community's tunnels permanent and set the gateway's
  ``tunnel_keepalive_method`` to ``dpd`` in GuiDBedit (default ``tunnel_test`` is not DPD).
- strongSwan: swanctl ``connections.<conn>.dpd_delay = 10s`` with ``children.<child>.dpd_action = restart``;
  ipsec.conf ``dpddelay=10s`` ``dpdtimeout=30s`` ``dpdaction=restart``.
- PAN-OS: ``set network ike gateway <gw> protocol ikev1 dpd enable yes interval 10 retry 3``; IKEv2 liveness:
  ``set network ike gateway <gw> protocol ikev2 dpd enable yes interval 10``.
- AWS side (optional, so AWS restarts the tunnel instead of dropping it):
  ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... --vpn-tunnel-outside-ip-address <outside-ip> --tunnel-options DPDTimeoutSeconds=30,DPDTimeoutAction=restart``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import default_note, neighbor_of, tunnel_fields, where

RULE = Rule(
    id="VPN401",
    name="dpd-disabled",
    severity=Severity.HIGH,
    profile="aws",
    summary="No dead-peer detection / IKE keepalive on the tunnel",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html",
    ),
    tags=("dpd", "availability"),
)


def _fix(device: Device, policy: Policy) -> str | None:
    i, r = policy.dpd.sample_interval_seconds, policy.dpd.sample_retries
    return {
        "cisco-ios": f"crypto isakmp keepalive {i} {r} periodic   (IKEv2: dpd {i} {r} periodic in the ikev2 profile)",
        "fortios": f"config vpn ipsec phase1-interface\n edit <tunnel>\n  set dpd on-idle\n  set dpd-retryinterval {i}\n"
                   f"  set dpd-retrycount {r}\n next\nend",
        "cisco-asa": f"tunnel-group <peer> ipsec-attributes\n isakmp keepalive threshold {i} retry {r}",
        "junos": f"set security ike gateway <gw> dead-peer-detection interval {i} threshold {r}",
        "checkpoint": "permanent tunnels in the AWS community; tunnel_keepalive_method = dpd (GuiDBedit)",
        "strongswan": f"dpd_delay = {i}s (connection), dpd_action = restart (child)",
        "panos": (f"set network ike gateway <gw> protocol ikev1 dpd enable yes interval {i} retry {r}   "
                  f"(IKEv2: protocol ikev2 dpd enable yes interval {i})"),
    }.get(device.vendor)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws" or not policy.dpd.required:
        return
    for tunnel in device.tunnels:
        ike = tunnel.ike
        if ike is None:
            continue  # phase 1 not in the given files (a Check Point clish export alone): unknown
        dpd = ike.dpd
        if dpd is not None and dpd.enabled:
            continue
        bgp = neighbor_of(device, tunnel)
        if dpd is None:
            state = "has no dead-peer detection configured"
            line, file = where(tunnel)
        elif "enabled" in dpd.defaults or (ike is not None and "dpd" in ike.defaults):
            state = f"has no dead-peer detection ({default_note(device, 'off')})"
            line, file = where(tunnel)
        else:
            state = "has dead-peer detection turned off"
            line, file = where(dpd, tunnel)
        if bgp is not None:
            impact = f"; BGP to {bgp.neighbor} runs over it, so failover waits for the dead SA"
            severity = Severity.HIGH
        else:
            impact = "; a dead peer goes unnoticed until the SA expires"
            severity = Severity.MEDIUM
        yield Violation(
            message=f"{tunnel.name} {state}{impact}",
            line=line,
            file=file,
            severity=severity,
            fix=_fix(device, policy),
            **tunnel_fields(tunnel),
        )
