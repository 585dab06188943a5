"""VPN410 bgp-timers: BGP keepalive or hold time to an AWS neighbor above the recommended values.

Why it matters
--------------
AWS runs its side of each tunnel's BGP session with a 30 s hold time, and its sample configs use
``timers 10 30 30`` (customer gateway requirements, https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html).
BGP negotiates the lower hold time, but a device that advertises longer timers (the vendor
defaults are 60 s keepalive / 180 s hold on Cisco, 90 s hold on Junos) keeps a dead tunnel's routes
for minutes once it is the side that must notice, and failover to the other tunnel waits for it.
A hold time of 0 turns keepalives off entirely. The limits are ``[bgp] max_keepalive_seconds`` and
``max_hold_seconds`` in the policy pack; when the parser filled a vendor default the message says so.

Judged neighbors: those that run over a tunnel towards AWS, lie in the AWS inside supernet, or have
an AWS ASN as remote AS (``[bgp] default_amazon_asn`` and ``reserved_customer_asns``).

How to fix
----------
- Cisco IOS / ASA: ``router bgp <asn>`` / ``neighbor <aws-inside-ip> timers 10 30 30``
  (ASA: under ``address-family ipv4 unicast``).
- FortiOS: ``config router bgp`` / ``config neighbor`` / ``edit "<aws-inside-ip>"`` /
  ``set keep-alive-timer 10`` / ``set holdtime-timer 30``.
- Junos: ``set protocols bgp group <group> hold-time 30`` (keepalive is a third of the hold time).
- Check Point (Gaia clish): ``set bgp external remote-as <aws-asn> peer <aws-inside-ip> holdtime 30``
  and ``... keepalive 10``.
- strongSwan hosts (FRR): ``neighbor <aws-inside-ip> timers 10 30``; BIRD: ``hold time 30; keepalive time 10;``.
- PAN-OS: ``set network virtual-router default protocol bgp peer-group AWS peer P connection-options
  keep-alive-interval 10 hold-time 30`` (logical router: ``set network routing-profile bgp timer-profile AWS
  keep-alive-interval 10 hold-time 30`` named in the peer's ``connection-options timers``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import aws_neighbors, neighbor_name, vendor_name, where

RULE = Rule(
    id="VPN410",
    name="bgp-timers",
    severity=Severity.LOW,
    profile="recommended",
    summary="BGP keepalive or hold time to an AWS neighbor above the recommended values",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",),
    tags=("bgp", "availability"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    max_keepalive, max_hold = policy.bgp.max_keepalive_seconds, policy.bgp.max_hold_seconds
    for n in aws_neighbors(device, policy):
        keepalive, hold = n.keepalive_seconds, n.hold_seconds
        bad = []
        if keepalive is not None and (keepalive > max_keepalive or keepalive == 0):
            bad.append(f"keepalive {keepalive} s")
        if hold is not None and (hold > max_hold or hold == 0):
            bad.append(f"hold time {hold} s" + (" (keepalives off)" if hold == 0 else ""))
        if not bad:
            continue
        defaulted = [f for f in ("keepalive_seconds", "hold_seconds") if f in n.defaults]
        note = f" (timers not set; the {vendor_name(device)} default applies)" if defaulted else ""
        line, file = where(n)
        yield Violation(
            message=(
                f"{neighbor_name(device, n)} uses {' and '.join(bad)}{note}; "
                f"AWS recommends keepalive {max_keepalive} s and hold time {max_hold} s"
            ),
            line=line,
            file=file,
            target=f"bgp-neighbor:{n.neighbor}",
        )
