"""VPN403 df-bit-not-cleared: the DF bit is copied or set on the encrypted packet instead of cleared.

Why it matters
--------------
ESP adds 50-80 bytes. A full-size inner packet with DF set then no longer fits the path MTU, and
AWS does not support path MTU discovery on VPN tunnels, so with DF copied (or set) into the outer
header those packets are dropped instead of fragmented: large transfers hang while pings work.
AWS requires the customer gateway to clear the DF bit (customer gateway requirements,
https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html; best practices,
https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html). The rule reads the tunnel's
own setting, else the device-wide one; when the value is the vendor's default the message says so
(Cisco IOS copies DF by default).

How to fix
----------
- Cisco IOS: ``crypto ipsec df-bit clear`` (global), or on the tunnel / outside interface
  ``crypto ipsec df-bit clear``.
- Cisco ASA: ``crypto ipsec df-bit clear-df <outside-interface>``.
- Junos: ``set security ipsec vpn <vpn> df-bit clear``.
- Check Point: Gaia has no per-tunnel DF setting in clish; enable TCP MSS clamping
  (``fw_clamp_tcp_mss``, VPN405) and keep the ``vpnt`` MTU within the AWS table (VPN406).
- strongSwan (5.9+ with swanctl): ``children.<child>.copy_df = no``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import default_note, tunnel_fields, where

RULE = Rule(
    id="VPN403",
    name="df-bit-not-cleared",
    severity=Severity.MEDIUM,
    profile="aws",
    summary="The DF bit is copied or set on encrypted packets instead of cleared",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html",
    ),
    tags=("fragmentation",),
)

_FIX = {
    "cisco-ios": "crypto ipsec df-bit clear",
    "cisco-asa": "crypto ipsec df-bit clear-df <outside-interface>",
    "junos": "set security ipsec vpn <vpn> df-bit clear",
    "strongswan": "copy_df = no  (in the CHILD_SA section)",
}


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    for tunnel in device.tunnels:
        if tunnel.df_bit is not None:
            value, scope = tunnel.df_bit, "tunnel"
        elif device.global_df_bit is not None:
            value, scope = device.global_df_bit, "global"
        else:
            continue  # unknown: the parser knows no setting and no default
        if value == "clear":
            continue
        verb = {"copy": "copies", "set": "sets"}[value]
        if scope == "tunnel" and "df_bit" in tunnel.defaults:
            state = f"DF bit {default_note(device, f'df-bit {value}')}"
        elif scope == "global":
            state = f"{verb} the DF bit into the encrypted packet (device-wide df-bit {value})"
        else:
            state = f"{verb} the DF bit into the encrypted packet (df-bit {value})"
        yield Violation(
            message=f"{tunnel.name}: {state}; AWS requires the DF bit cleared",
            line=where(tunnel, setting="df_bit")[0],
            file=where(tunnel, setting="df_bit")[1],
            fix=_FIX.get(device.vendor),
            **tunnel_fields(tunnel),
        )
