"""VPN406 tunnel-mtu-too-high: the tunnel interface MTU is above the AWS value for its algorithms.

Why it matters
--------------
The tunnel MTU is the largest inner packet the device sends into the tunnel without fragmenting
first. AWS allows at most 1446 bytes (AES-GCM without NAT-T) and less for CBC ciphers, larger HMACs
and NAT-T (AWS best-practice table, https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html;
AWS does not support path MTU discovery). A larger tunnel MTU makes the device build packets that
must be fragmented after encryption or dropped. The maximum and the table are ``[mtu]`` in the
policy pack; the row is picked from the tunnel's first phase-2 proposal and NAT-T setting (NAT-T
taken as off when not known), as in VPN405. Tunnels with no MTU in the config are not judged.

How to fix
----------
Set the MTU to the table value for your algorithms (or lower):

- Cisco IOS: ``interface Tunnel1`` / ``ip mtu 1438`` (AES-CBC / SHA1 or SHA2-256 without NAT-T).
- FortiOS: ``config system interface`` / ``edit "<phase1>"`` / ``set mtu-override enable`` / ``set mtu 1438``.
- Cisco ASA: ``mtu <tunnel-nameif> 1438``.
- Junos: ``set interfaces st0 unit 1 family inet mtu 1438``.
- Check Point (Gaia clish): ``set interface vpnt1 mtu 1438``.
- strongSwan / Linux: ``ip link set dev <xfrm-or-vti-if> mtu 1438`` (or ``mtu`` in the interface's
  network configuration).
- PAN-OS: ``set network interface tunnel units tunnel.1 mtu 1427``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import default_note, limits, tunnel_fields, where

RULE = Rule(
    id="VPN406",
    name="tunnel-mtu-too-high",
    severity=Severity.LOW,
    profile="aws",
    summary="The tunnel interface MTU is above the AWS maximum for the tunnel's algorithms",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html",),
    tags=("mtu",),
)


def _fix(device: Device, mtu: int, tunnel_name: str) -> str | None:
    return {
        "cisco-ios": f"interface {tunnel_name}\n ip mtu {mtu}",
        "fortios": f"config system interface\n edit \"{tunnel_name}\"\n  set mtu-override enable\n  set mtu {mtu}\n next\nend",
        "cisco-asa": f"mtu <tunnel-nameif> {mtu}",
        "junos": f"set interfaces {tunnel_name} family inet mtu {mtu}",
        "checkpoint": f"set interface {tunnel_name} mtu {mtu}",
        "strongswan": f"ip link set dev <tunnel-interface> mtu {mtu}",
        "panos": f"set network interface tunnel units <tunnel.N> mtu {mtu}",
    }.get(device.vendor)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    for tunnel in device.tunnels:
        if "mtu" in tunnel.unknown:
            continue
        if tunnel.mtu is None:
            continue
        limit = limits(tunnel, policy)
        if tunnel.mtu <= limit.mtu:
            continue
        if "mtu" in tunnel.defaults:
            state = f"MTU {default_note(device, tunnel.mtu)}"
        else:
            state = f"has MTU {tunnel.mtu}"
        line, file = where(tunnel, setting="mtu")
        yield Violation(
            message=f"{tunnel.name} {state}; {limit.phrase} is {limit.mtu}",
            line=line,
            file=file,
            fix=_fix(device, limit.mtu, tunnel.name),
            **tunnel_fields(tunnel),
        )
