"""VPN608 bgp-asn-mismatch: device remote-as differs from the AWS ASN, or the device AS from the customer gateway ASN.

Why it matters
--------------
AWS opens BGP from the Amazon-side ASN (virtual private gateway or transit gateway,
64512 by default, 7224 on old gateways) and expects the customer gateway's ASN declared in the
customer gateway resource. Either mismatch makes the BGP OPEN fail: IPsec is up, BGP is not, and no
route is exchanged.

How to fix
----------
- Cisco IOS / ASA: ``router bgp <customer gateway ASN>`` / ``neighbor 169.254.x.1 remote-as <Amazon ASN>``.
- FortiOS: ``config router bgp`` / ``set as <customer gateway ASN>`` / ``config neighbor`` /
  ``edit "169.254.x.1"`` / ``set remote-as <Amazon ASN>``.
- Junos: ``set routing-options autonomous-system <ASN>``, ``set protocols bgp group aws peer-as <Amazon ASN>``.
- Check Point: ``set as <ASN>``, ``set bgp external remote-as <Amazon ASN> on``.
- strongSwan / FRR: ``router bgp <ASN>`` / ``neighbor ... remote-as <Amazon ASN>``.
- PAN-OS: ``set network virtual-router default protocol bgp peer-group AWS peer P peer-as <Amazon side ASN>``
  and ``... protocol bgp local-as <customer gateway ASN>``.
If the customer gateway resource holds the wrong ASN, create a new customer gateway with the right
one and modify the VPN connection to use it (``aws ec2 modify-vpn-connection --customer-gateway-id``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..policy import Policy
from ._pair import label

RULE = Rule(
    id="VPN608",
    name="bgp-asn-mismatch",
    severity=Severity.CRITICAL,
    profile="aws",
    summary="BGP ASNs differ: device remote-as vs the Amazon-side ASN, or device AS vs the customer gateway ASN",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-options.html",),
    tags=("pairing", "bgp"),
    scope="pair",
)


def check(pair, policy: Policy) -> Iterator[Violation]:
    connection = pair.aws.connection
    if connection is None or connection.static_routes_only:
        return
    for tp in pair.matched():
        bgp = tp.device.bgp
        if bgp is None:
            continue
        problems = []
        if connection.amazon_side_asn and bgp.remote_as and bgp.remote_as != connection.amazon_side_asn:
            problems.append(f"remote-as {bgp.remote_as} but the Amazon-side ASN is {connection.amazon_side_asn}")
        local_as = bgp.local_as or (pair.device.bgp.local_as if pair.device.bgp else None)
        if connection.customer_gateway_asn and local_as and local_as != connection.customer_gateway_asn:
            problems.append(
                f"local AS {local_as} but customer gateway {connection.customer_gateway or ''} declares ASN "
                f"{connection.customer_gateway_asn}"
            )
        if problems:
            yield Violation(
                message=f"{label(pair, tp.device, tp.aws)}: BGP neighbor {bgp.neighbor}: " + "; ".join(problems),
                line=bgp.line or tp.device.line,
                file=bgp.file or tp.device.file,
                target=f"bgp-asn:{pair.connection_id}:{tp.aws.name}",
                tunnel=tp.device.name,
            )
