"""VPN413 bgp-too-many-prefixes: more prefixes are advertised to an AWS neighbor than AWS accepts.

Why it matters
--------------
A virtual private gateway accepts at most 100 prefixes per BGP session from the customer gateway
(Site-to-Site VPN quotas, https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html; transit
gateway sessions have a higher quota that sources give differently). Above the quota AWS does not
drop the extra routes: it resets the BGP session, so both tunnels flap and all routes are lost.
Summarise instead. The quota is ``[bgp] max_prefixes`` in the policy pack (100: the value that holds
for both gateway types).

The count is the prefixes the parser found advertised to the neighbor (its export list or count);
when it has none, the BGP process's ``network`` statements, which every neighbor receives unless
filtered. Redistribution cannot be counted from the config and is not.

How to fix
----------
Advertise aggregates, or filter what goes to AWS:

- Cisco IOS / ASA: ``aggregate-address 10.0.0.0 255.0.0.0 summary-only`` under ``router bgp``, or
  ``ip prefix-list TO-AWS permit 10.0.0.0/8`` and ``neighbor <aws-inside-ip> prefix-list TO-AWS out``.
- FortiOS: ``config router bgp`` / ``config aggregate-address`` (``set summary-only enable``), or a
  ``route-map-out`` with a prefix-list on the AWS neighbors.
- Junos: an export policy with aggregate routes, ``set policy-options policy-statement to-aws term 1 from route-filter 10.0.0.0/8 orlonger``
  ... ``then reject`` for the specifics, applied with ``set protocols bgp group <group> export to-aws``.
- Check Point (Gaia clish): an aggregate route (``set aggregate ...``) and an export route map on the
  AWS peers (``set bgp external remote-as <aws-asn> export-routemap <map> preference 1 on``).
- strongSwan hosts (FRR): ``aggregate-address 10.0.0.0/8 summary-only`` / ``neighbor <ip> prefix-list TO-AWS out``.
- PAN-OS: aggregate (``set network virtual-router default protocol bgp policy aggregation address <name> prefix
  10.0.0.0/8 summary yes``) or narrow the export rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import aws_neighbors, neighbor_name, where

RULE = Rule(
    id="VPN413",
    name="bgp-too-many-prefixes",
    severity=Severity.HIGH,
    profile="aws",
    summary="More prefixes are advertised to an AWS BGP neighbor than the AWS quota",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html",),
    tags=("bgp", "quota"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    limit = policy.bgp.max_prefixes
    networks = device.bgp.networks if device.bgp is not None else ()
    for n in aws_neighbors(device, policy):
        if n.advertised_prefixes:
            count, source = len(n.advertised_prefixes), "advertises"
        elif n.advertised_prefix_count is not None:
            count, source = n.advertised_prefix_count, "advertises"
        elif networks:
            count, source = len(networks), "receives the BGP process's network statements:"
        else:
            continue
        if count <= limit:
            continue
        line, file = where(n)
        yield Violation(
            message=f"{neighbor_name(device, n)} {source} {count} prefixes; AWS accepts at most {limit} per session",
            line=line,
            file=file,
            target=f"bgp-neighbor:{n.neighbor}",
        )
