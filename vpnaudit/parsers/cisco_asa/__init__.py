"""Cisco ASA (8.2 to 9.x) ``show running-config`` and AWS-generated ASA samples -> model.

What is read
------------
- ``crypto isakmp policy N`` (8.2) / ``crypto ikev1 policy N`` and ``crypto ikev2 policy N``
- ``crypto ikev1|ikev2|isakmp enable IF``
- ``crypto ipsec [ikev1] transform-set``, ``crypto ipsec ikev2 ipsec-proposal``, ``crypto ipsec profile``
- ``crypto map`` / ``crypto dynamic-map`` entries, their ``match address`` ACL (resolved through
  ``names``, ``object network`` and ``object-group network``) and ``crypto map M interface IF``
- ``tunnel-group X type|ipsec-attributes`` (PSKs, certificates, ``isakmp keepalive``)
- ``interface TunnelN`` (VTI, 9.7+), physical interfaces (``nameif``, ``ip address``)
- ``crypto ipsec df-bit``, ``crypto ipsec fragmentation``, ``crypto ipsec security-association
  lifetime|replay``, ``sysopt connection tcpmss``, ``mtu IF N``
- ``router bgp`` (neighbors under ``address-family ipv4 unicast``), ``hostname``, ``ASA Version``

Joins
-----
Route-based: one Tunnel per ``interface TunnelN``; the tunnel-group named by the tunnel destination
gives the key and keepalive, IKE proposals are every IKE policy of the versions the profile uses.
Policy-based: one Tunnel per peer of each crypto map entry (``routing="policy-based"``).
A peer without a tunnel-group falls back to ``DefaultL2LGroup``, as the ASA does: the ASA always has
the default connection profiles DefaultL2LGroup, DefaultRAGroup and DefaultWEBVPNGroup (ASA VPN CLI
Configuration Guide, "Connection Profiles, Group Policies, and Users" > "Default Connection
Profiles": they exist even when ``show running-config`` lists none of them, and can be modified
but not removed), so a DefaultL2LGroup the file does not show still gives the L2L default ISAKMP
keepalive (``defaults.py``); the missing tunnel-group is still reported (VPN002), since without it the
peer has no key of its own.

Inactive configuration: a static crypto map entry the ASA calls incomplete (no ``set peer``, no
``match address`` or no transform set / IKEv2 proposal: "Each crypto map identifies the other
peer", "Defining Crypto Maps", same guide) negotiates nothing: its tunnel is ``enabled=False`` and
the rules leave it unjudged; so is a ``shutdown`` tunnel interface or BGP neighbor. A complete
crypto map that is applied to no interface yet is judged as it will run once applied (a snippet
or a change being staged rarely shows the ``crypto map M interface IF`` line).

Documented defaults (the sources are quoted beside each value in ``defaults.py``):
IKEv1 policy pre-share / 3des / sha / group 2 / 86400 s; IKEv2 policy lifetime 86400 s and PRF =
integrity; IPsec SA 28800 s / 4608000 KB; replay window 64; ``set pfs`` alone = group 2 (group 14
from 9.13); L2L keepalive threshold 10 s retry 2 s; df-bit copy-df; fragmentation before-encryption;
``sysopt connection tcpmss`` 1380.

Placeholders in the AWS sample pages (``'outside_interface'``, ``AWS_ENDPOINT_1``,
``YOUR_UPLINK_ADDRESS`` and the names the page lists under "populate these values") are kept as
written and listed in ``Device.extra["placeholders"]``; they are never reported as dangling.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Device
from .. import _detect
from .._base import ParseError, SourceFile
from .reader import _Parser

VENDOR = "cisco-asa"
MULTI_FILE = False


def detect(text: str, path: str) -> int:
    """Confidence 0..100 that ``text`` is ours; the markers live in ``parsers/_detect.py``."""
    return _detect.detect(VENDOR, text, path)


def parse(files: Sequence[SourceFile]) -> list[Device]:
    """One Device per file (ASA configs are single files)."""
    devices: list[Device] = []
    for src in files:
        parser = _Parser(src)
        if not parser.tree.roots:
            raise ParseError(f"{src.path}: no configuration statements found")
        parser.collect()
        devices.append(parser.device())
    return devices
