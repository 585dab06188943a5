"""PAN-OS parser scaling: time to parse generated set and XML configs of growing size (prints numbers).

    .venv/bin/python bench/panos_scale.py

The parse must grow about linearly with the size: a set script with N pairs of tunnels (gateways,
profiles, tunnel interfaces, BGP peers) and the same config as running-config XML.
"""

from __future__ import annotations

import time

from vpnaudit.parsers._base import SourceFile
from vpnaudit.parsers.panos import parse

SET_PAIR = """\
set network ike crypto-profiles ike-crypto-profiles IKE{i} encryption aes-256-cbc
set network ike crypto-profiles ike-crypto-profiles IKE{i} hash sha384
set network ike crypto-profiles ike-crypto-profiles IKE{i} dh-group group20
set network ike crypto-profiles ipsec-crypto-profiles ESP{i} esp encryption aes-256-gcm
set network ike crypto-profiles ipsec-crypto-profiles ESP{i} dh-group group20 lifetime seconds 3600
set network ike gateway GW{i} protocol version ikev2
set network ike gateway GW{i} protocol ikev2 ike-crypto-profile IKE{i} dpd enable yes interval 10
set network ike gateway GW{i} authentication pre-shared-key key -AQ==c2VjcmV0aXNoCg==
set network ike gateway GW{i} peer-address ip 192.0.2.{o}
set network interface tunnel units tunnel.{i} ip 169.254.{o}.2/30
set network interface tunnel units tunnel.{i} mtu 1427
set network tunnel ipsec T{i} auto-key ike-gateway GW{i}
set network tunnel ipsec T{i} auto-key ipsec-crypto-profile ESP{i}
set network tunnel ipsec T{i} tunnel-interface tunnel.{i}
set network virtual-router default protocol bgp peer-group AWS peer P{i} peer-address ip 169.254.{o}.1
set network virtual-router default protocol bgp peer-group AWS peer P{i} local-address interface tunnel.{i}
"""

XML_TUNNEL = """\
<entry name="T{i}"><auto-key><ike-gateway><entry name="GW{i}"/></ike-gateway>
<ipsec-crypto-profile>default</ipsec-crypto-profile></auto-key><tunnel-interface>tunnel.{i}</tunnel-interface></entry>
"""
XML_GATEWAY = """\
<entry name="GW{i}"><protocol><version>ikev2</version><ikev2><dpd><enable>yes</enable></dpd></ikev2></protocol>
<authentication><pre-shared-key><key>-AQ==c2VjcmV0aXNoCg==</key></pre-shared-key></authentication>
<peer-address><ip>192.0.2.{o}</ip></peer-address></entry>
"""


def set_config(n: int) -> str:
    return "".join(SET_PAIR.format(i=i, o=i % 250 + 1) for i in range(n))


def xml_config(n: int) -> str:
    gateways = "".join(XML_GATEWAY.format(i=i, o=i % 250 + 1) for i in range(n))
    tunnels = "".join(XML_TUNNEL.format(i=i) for i in range(n))
    return (f'<config version="11.0.0"><devices><entry name="localhost.localdomain"><network>\n'
            f"<ike><gateway>\n{gateways}</gateway></ike>\n<tunnel><ipsec>\n{tunnels}</ipsec></tunnel>\n"
            f"</network></entry></devices></config>\n")


def main() -> None:
    for form, build in (("set", set_config), ("xml", xml_config)):
        for n in (500, 1000, 2000, 4000):
            text = build(n)
            start = time.perf_counter()
            [device] = parse([SourceFile(f"bench.{form}", text)])
            took = time.perf_counter() - start
            print(f"{form}: {n:5d} tunnels, {len(text) / 1e6:5.2f} MB: {took:6.2f} s "
                  f"({len(text) / 1e6 / took:.2f} MB/s), {len(device.tunnels)} tunnels read")


if __name__ == "__main__":
    main()
