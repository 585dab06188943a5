"""VPN414 extra-encapsulation: GRE or IP-in-IP inside the IPsec tunnel to AWS.

Why it matters
--------------
AWS Site-to-Site VPN carries plain IP packets in ESP tunnel mode between the tunnel's inside
addresses; the AWS endpoint does not terminate GRE or IP-in-IP inside the IPsec tunnel (customer
gateway requirements, https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html: IPsec in tunnel
mode, route-based with a VTI). A GRE-over-IPsec tunnel (``tunnel mode gre`` with ``tunnel protection``,
a Junos ``gr-`` interface over ``st0``, GRE over transport-mode strongSwan) negotiates selectors for
GRE (protocol 47) or for the outer addresses only, so the SAs either never match AWS's or carry
packets AWS drops, and the extra 24 bytes of header shrink the MTU further. (GRE towards AWS belongs
to Transit Gateway Connect, which runs over Direct Connect or a VPC attachment, not over a VPN
tunnel.)

Judged tunnels: those towards AWS (as VPN409), or every tunnel when none shows an AWS sign.

How to fix
----------
Use a pure IPsec tunnel interface:

- Cisco IOS: ``interface Tunnel1`` / ``tunnel mode ipsec ipv4`` (instead of ``tunnel mode gre ip`` /
  ``tunnel mode ipip``), keeping ``tunnel protection ipsec profile <profile>``.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``unset encapsulation``, and put
  the inside address and BGP on the IPsec tunnel interface itself.
- Junos: put the inside address and BGP on ``st0.1`` itself (``set interfaces st0 unit 1 family inet address ...``)
  and delete the ``gr-0/0/0`` / ``ip-0/0/0`` unit that rides over it.
- strongSwan: a route-based XFRM interface (``if_id_in`` / ``if_id_out``) or VTI with
  ``mode = tunnel`` and ``0.0.0.0/0`` selectors instead of a GRE interface over transport mode.
- PAN-OS: ``set network tunnel ipsec <tunnel> enable-gre-encapsulation no``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import aws_tunnels, tunnel_fields, where

RULE = Rule(
    id="VPN414",
    name="extra-encapsulation",
    severity=Severity.HIGH,
    profile="aws",
    summary="GRE or IP-in-IP encapsulation inside the IPsec tunnel",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",),
    tags=("routing",),
)

_WORDS = {"gre": "GRE", "ipip": "IP-in-IP"}
_FIX = {
    "cisco-ios": "tunnel mode ipsec ipv4",
    "fortios": "config vpn ipsec phase1-interface\n edit <tunnel>\n  unset encapsulation\n next\nend",
    "junos": "run the inside address and BGP on st0 itself",
    "panos": "set network tunnel ipsec <tunnel> enable-gre-encapsulation no",
}


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    for tunnel in aws_tunnels(device, policy):
        word = _WORDS.get(tunnel.encapsulation)
        if word is None:
            continue
        line, file = where(tunnel)
        yield Violation(
            message=f"{tunnel.name} carries {word} inside IPsec; AWS VPN tunnels carry plain IP in ESP tunnel mode",
            line=line,
            file=file,
            fix=_FIX.get(device.vendor),
            **tunnel_fields(tunnel),
        )
