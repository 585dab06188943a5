"""VPN405 tcp-mss-not-clamped: TCP MSS is not clamped, or clamped above the AWS value for the
tunnel's algorithms.

Why it matters
--------------
AWS VPN tunnels do not support path MTU discovery, so TCP has to be told the real payload size up
front: the customer gateway rewrites the MSS option of TCP SYNs crossing the tunnel. Without a
clamp (or with one above what fits), full-size segments are fragmented or, with DF set, dropped;
the symptom is sessions that connect and then stall. The right value depends on the overhead of
the negotiated phase-2 algorithms and on NAT-T: the AWS best-practice table
(https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html) gives 1406 for AES-GCM
without NAT-T down to 1366 for AES-CBC / SHA2-512 with NAT-T. The table is ``[mtu] table`` in the
policy pack; the rule picks the row from the tunnel's first phase-2 proposal (what the device
offers first and negotiates when it initiates) and its NAT-T setting, taking NAT-T as off when the
config does not say, and names the row in the message.

How to fix
----------
Clamp to the table value for your algorithms (the AWS samples' 1379 fits every row but the
SHA2-512 + NAT-T one):

- Cisco IOS: ``interface Tunnel1`` / ``ip tcp adjust-mss 1379``.
- FortiOS: ``config system interface`` / ``edit "<phase1>"`` / ``set tcp-mss 1379``.
- Cisco ASA: ``sysopt connection tcpmss 1379``.
- Junos: ``set security flow tcp-mss ipsec-vpn mss 1379``.
- Check Point: enable ``fw_clamp_tcp_mss`` (GuiDBedit, gateway object, set to ``true``) and keep the
  ``vpnt`` MTU within the table (the clamp follows the interface MTU).
- strongSwan / Linux: ``iptables -t mangle -A FORWARD -o <xfrm-or-vti-if> -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1379``
  (nftables: ``tcp flags syn tcp option maxseg size set 1379``).
- PAN-OS: PAN-OS clamps TCP MSS through an IPsec tunnel by itself (tunnel MTU - 40, or less for the ESP
  overhead): lower ``set network interface tunnel units tunnel.1 mtu 1427``, or clamp on the LAN interface:
  ``set network interface ethernet ethernet1/2 layer3 adjust-tcp-mss enable yes ipv4-mss-adjustment 121`` (MSS =
  interface MTU - adjustment).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import default_note, limits, tunnel_fields, where

RULE = Rule(
    id="VPN405",
    name="tcp-mss-not-clamped",
    severity=Severity.MEDIUM,
    profile="aws",
    summary="No TCP MSS clamp, or a clamp above the AWS table value for the tunnel's algorithms",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html",),
    tags=("fragmentation", "mtu"),
)


def _fix(device: Device, mss: int, tunnel_name: str) -> str | None:
    return {
        "cisco-ios": f"interface {tunnel_name}\n ip tcp adjust-mss {mss}",
        "fortios": f"config system interface\n edit \"{tunnel_name}\"\n  set tcp-mss {mss}\n next\nend",
        "cisco-asa": f"sysopt connection tcpmss {mss}",
        "junos": f"set security flow tcp-mss ipsec-vpn mss {mss}",
        "checkpoint": "fw_clamp_tcp_mss = true (GuiDBedit, gateway object)",
        "strongswan": f"iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss {mss}",
        "panos": (f"set network interface ethernet <lan-interface> layer3 adjust-tcp-mss enable yes "
                  f"ipv4-mss-adjustment {max(40, 1500 - mss)}   (MSS = interface MTU - adjustment)"),
    }.get(device.vendor)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    for tunnel in device.tunnels:
        if "tcp_mss" in tunnel.unknown:
            continue
        limit = limits(tunnel, policy)
        mss = tunnel.tcp_mss
        if mss is None:
            state = "does not clamp TCP MSS"
        elif mss > limit.mss:
            if "tcp_mss" in tunnel.defaults:
                state = f"TCP MSS clamp {default_note(device, mss)}"
            else:
                state = f"clamps TCP MSS to {mss}"
        else:
            continue
        line, file = where(tunnel, setting="tcp_mss")
        yield Violation(
            message=f"{tunnel.name} {state}; {limit.phrase} is {limit.mss}",
            line=line,
            file=file,
            fix=_fix(device, limit.mss, tunnel.name),
            **tunnel_fields(tunnel),
        )
