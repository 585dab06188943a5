"""VPN402 dpd-slow: dead-peer detection takes longer than the policy allows to declare a peer dead.

Why it matters
--------------
DPD only helps if it notices a dead endpoint before users do. The detection time is the interval
between probes times the number of unanswered probes (or the configured DPD timeout). Where the
retry count is fixed by the vendor and not configurable (Cisco ASA ``isakmp keepalive threshold T
retry R``), the rule uses the lower bound T + R (idle threshold plus one retransmission). AWS samples
use 10 s x 3 = 30 s, which matches the AWS-side DPD timeout of 30 s and the BGP hold time of 30 s
(customer gateway requirements, https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html;
tunnel options, https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html). A device that waits
minutes keeps sending into a replaced endpoint long after AWS has moved on. The maximum is
``[dpd] max_detection_seconds`` in the policy pack.

How to fix
----------
Use an interval and a retry count whose product is within the limit (AWS samples: 10 s x 3):

- Cisco IOS: ``crypto isakmp keepalive 10 3 periodic``; IKEv2 profile ``dpd 10 3 periodic``.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set dpd-retryinterval 10`` /
  ``set dpd-retrycount 3`` (the default 20 s x 3 takes a minute).
- Cisco ASA: ``tunnel-group <outside-ip> ipsec-attributes`` / ``isakmp keepalive threshold 10 retry 3``.
- Junos: ``set security ike gateway <gw> dead-peer-detection interval 10 threshold 3``.
- Check Point: the DPD timers are properties of the gateway object (GuiDBedit, next to
  ``tunnel_keepalive_method``); keep interval x retries at or below 30 s.
- strongSwan: ``dpd_delay = 10s`` and, for IKEv1, ``dpd_timeout = 30s``; for IKEv2 the timeout is the
  retransmission schedule (``charon.retransmit_tries`` / ``retransmit_timeout`` in strongswan.conf).
- PAN-OS: ``set network ike gateway <gw> protocol ikev1 dpd interval 10 retry 3`` (IKEv2: ``protocol ikev2 dpd
  interval 10``).
- AWS side: ``aws ec2 modify-vpn-tunnel-options ... --tunnel-options DPDTimeoutSeconds=30``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device, Dpd
from ..policy import Policy
from ._net import tunnel_fields, vendor_name, where

RULE = Rule(
    id="VPN402",
    name="dpd-slow",
    severity=Severity.LOW,
    profile="recommended",
    summary="Dead-peer detection time (interval x retries) above the policy maximum",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("dpd", "availability"),
)


_WORDS = (("interval_seconds", "the probe interval"), ("retries", "the retry count"),
          ("timeout_seconds", "the retry timing"), ("retry_interval_seconds", "the retry interval"))


def detection(dpd: Dpd) -> tuple[int, str] | None:
    """(seconds until the peer is declared dead, how it was computed), or None when unknown."""
    if dpd.timeout_seconds is not None:
        if dpd.interval_seconds is not None and dpd.retries is not None:
            return dpd.timeout_seconds, f"probe every {dpd.interval_seconds} s, {dpd.retries} retries"
        return dpd.timeout_seconds, f"timeout {dpd.timeout_seconds} s"
    if dpd.interval_seconds is not None and dpd.retries is not None:
        return (
            dpd.interval_seconds * dpd.retries,
            f"interval {dpd.interval_seconds} s x {dpd.retries} retries",
        )
    if dpd.interval_seconds is not None and dpd.retry_interval_seconds is not None:
        # The retry count is fixed by the vendor and not in the config (Cisco ASA: "isakmp keepalive
        # threshold T retry R"): the peer is declared dead no earlier than T idle seconds plus one
        # retransmission, so that sum is a lower bound.
        return (
            dpd.interval_seconds + dpd.retry_interval_seconds,
            f"at least: idle threshold {dpd.interval_seconds} s + one retry after {dpd.retry_interval_seconds} s",
        )
    return None


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    limit = policy.dpd.max_detection_seconds
    for tunnel in device.tunnels:
        dpd = tunnel.ike.dpd if tunnel.ike is not None else None
        if dpd is None or not dpd.enabled:
            continue  # VPN401
        found = detection(dpd)
        if found is None or found[0] <= limit:
            continue
        seconds, how = found
        defaulted = [word for field, word in _WORDS if field in dpd.defaults]
        note = f"; {' and '.join(defaulted)} {'is' if len(defaulted) == 1 else 'are'} the {vendor_name(device)} default" if defaulted else ""
        line, file = where(dpd, tunnel)
        yield Violation(
            message=f"{tunnel.name} declares a dead peer only after {seconds} s ({how}{note}); policy maximum {limit} s",
            line=line,
            file=file,
            **tunnel_fields(tunnel),
        )
