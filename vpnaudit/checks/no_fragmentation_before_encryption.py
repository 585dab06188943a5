"""VPN404 no-fragmentation-before-encryption: packets are fragmented after encryption.

Why it matters
--------------
Fragmenting after encryption sends ESP fragments across the internet: the AWS endpoint has to
reassemble them before it can decrypt, many paths and middleboxes drop non-initial fragments, and
reassembly costs throughput. AWS requires the customer gateway to fragment the clear-text packet
before encryption (customer gateway requirements,
https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html; best practices,
https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html). The rule reads the tunnel's
own setting, else the device-wide one, and says when the value is the vendor's default.

How to fix
----------
- Cisco IOS: ``crypto ipsec fragmentation before-encryption`` (global; the IOS default), or on the
  outside interface ``crypto ipsec fragmentation before-encryption``; remove
  ``crypto ipsec fragmentation after-encryption``.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` /
  ``set ip-fragmentation pre-encapsulation`` (FortiOS 6.2+; the default is post-encapsulation).
- Cisco ASA: ``crypto ipsec fragmentation before-encryption <outside-interface>``.
- Junos, Check Point and strongSwan have no before/after switch: the device fragments the inner
  packet when the tunnel interface MTU is small enough, so set ``df-bit clear`` (VPN403), the
  tunnel MTU (VPN406) and the TCP MSS clamp (VPN405).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import default_note, tunnel_fields, where

RULE = Rule(
    id="VPN404",
    name="no-fragmentation-before-encryption",
    severity=Severity.MEDIUM,
    profile="aws",
    summary="Packets are fragmented after encryption instead of before",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html",
    ),
    tags=("fragmentation",),
)

_FIX = {
    "cisco-ios": "crypto ipsec fragmentation before-encryption",
    "fortios": "config vpn ipsec phase1-interface\n edit <tunnel>\n  set ip-fragmentation pre-encapsulation\n next\nend",
    "cisco-asa": "crypto ipsec fragmentation before-encryption <outside-interface>",
}


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    for tunnel in device.tunnels:
        if tunnel.fragmentation is not None:
            value, scope = tunnel.fragmentation, "tunnel"
        elif device.global_fragmentation is not None:
            value, scope = device.global_fragmentation, "global"
        else:
            continue
        if value != "after-encryption":
            continue
        if scope == "tunnel" and "fragmentation" in tunnel.defaults:
            state = f"fragmentation {default_note(device, value)}"
        elif scope == "global":
            state = "fragments packets after encryption (device-wide setting)"
        else:
            state = "fragments packets after encryption"
        line, file = where(tunnel, setting="fragmentation")
        yield Violation(
            message=f"{tunnel.name}: {state}; AWS requires fragmentation before encryption",
            line=line,
            file=file,
            fix=_FIX.get(device.vendor),
            **tunnel_fields(tunnel),
        )
