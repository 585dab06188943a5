"""Cisco IOS / IOS-XE: IKEv1 (isakmp), IKEv2, transform-sets, IPsec profiles, VTIs, crypto maps, BGP.

The file is read as an indentation tree (``indent_tree``); every object keeps its 1-based line.
Objects are collected first (policies, keyrings, profiles, transform-sets, interfaces, ACLs) and
joined into ``Tunnel`` objects afterwards:

- route-based: ``interface TunnelN`` + ``tunnel protection ipsec profile P`` -> ipsec profile ->
  transform-sets / PFS / lifetime -> ikev2-profile or isakmp-profile (or the isakmp profile whose
  ``match identity address`` covers the tunnel destination) -> keyring -> PSK of the peer.
- policy-based: one tunnel per peer of each ``crypto map NAME SEQ ipsec-isakmp`` entry (and one per
  entry of a referenced dynamic map), selectors from the ACL of ``match address``.

Modules: ``lexer`` (words, numbers, addresses), ``defaults`` (vocabulary and the defaults below),
``objects`` (collected objects and small builders), ``reader`` (``_Reader``: collect, then join),
``bgp`` (``router bgp`` with route maps and prefix lists), ``paste`` (unindented command scripts:
column-1 sub-mode commands go to the sub-mode above them, as the IOS CLI reads a pasted script).

``parse_bgp`` and its route-map / prefix-list helpers depend on nothing crypto-specific: the
strongSwan parser calls them on FRR / Quagga ``bgpd.conf`` / ``frr.conf`` trees.

Documented defaults used below (Cisco IOS Security Command Reference unless noted):
- IKEv1 policy: ``show crypto isakmp policy`` "Default protection suite" = DES (56-bit), SHA-1,
  RSA signature, DH group 1 (768-bit), lifetime 86400 s (commands encryption / hash /
  authentication / group / lifetime (IKE policy)). ``encryption aes`` without a size = AES-128.
- IKEv2 default proposal (smart defaults, used when no ``crypto ikev2 policy`` applies):
  IOS 15.x / early IOS-XE print ``Encryption AES-CBC-256 AES-CBC-192 AES-CBC-128, Integrity SHA512
  SHA384 SHA256 SHA96 MD596, PRF SHA512 SHA384 SHA256 SHA1 MD5, DH Group 5 2``; IOS-XE 16.x/17.x
  print ``Encryption AES-CBC-256, Integrity SHA512 SHA384, PRF SHA512 SHA384, DH 19 14 21 5``.
  We assume the IOS-XE 16/17 set when ``version`` is 16 or later, and the legacy set otherwise
  (including when the version is unknown: the weaker set, so weak defaults are not hidden).
  IKEv2 profile lifetime default 86400 s; IKEv2 DPD off unless configured.
- IPsec: SA lifetime 3600 s / 4608000 KB (``crypto ipsec security-association lifetime``); PFS
  off unless ``set pfs`` (``set pfs`` without a group = group1); anti-replay on, window 64;
  transform-set mode tunnel; ``esp-aes`` / ``esp-gcm`` without a size = 128-bit; the smart-default
  transform-set ``default`` = ``esp-aes esp-sha-hmac`` (used by a profile without transform-set).
- ``crypto ipsec df-bit`` default ``copy``; ``crypto ipsec fragmentation`` default
  ``before-encryption`` (Pre-Fragmentation for IPsec VPNs, IOS 12.2(13)T feature guide:
  pre-fragmentation is enabled globally by default).
- DPD (``crypto isakmp keepalive S [R]``, ``dpd S R``): R is the retry *interval* (default 2 s);
  IOS sends 5 retransmissions before declaring the peer dead, so the detection time is S + 5*R.
- NAT-T (``crypto ipsec nat-transparency udp-encapsulation``) is on by default.
- BGP timers default 60 / 180 s (``timers bgp``).

Inactive configuration: a tunnel interface with ``shutdown`` is ``Tunnel.enabled=False`` and a
``neighbor X shutdown`` BGP session is ``shutdown``; the rules leave both unjudged. A crypto map
applied to no interface yet is judged as it will run once applied (snippets and staged changes
rarely show the ``crypto map M`` interface line).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import BgpProcess, Device, ParseProblem
from .. import _detect
from .._base import ParseError, SourceFile, indent_tree
from .bgp import PrefixListEntry, RouteMapEntry, parse_bgp, parse_prefix_lists, parse_route_maps
from .lexer import _pruned
from .paste import attach_pasted
from .reader import _Reader

VENDOR = "cisco-ios"
MULTI_FILE = False

__all__ = [
    "MULTI_FILE",
    "VENDOR",
    "PrefixListEntry",
    "RouteMapEntry",
    "detect",
    "parse",
    "parse_bgp",
    "parse_prefix_lists",
    "parse_route_maps",
]

# ---------------------------------------------------------------------------------------------
# detection

def detect(text: str, path: str) -> int:
    """Confidence 0..100 that ``text`` is ours; the markers live in ``parsers/_detect.py``."""
    return _detect.detect(VENDOR, text, path)


def parse(files: Sequence[SourceFile]) -> list[Device]:
    return [_parse_one(f) for f in files]


def _parse_one(source: SourceFile) -> Device:
    tree = indent_tree(source.text)
    roots = _pruned(attach_pasted(tree.roots))
    if not roots:
        raise ParseError("no configuration lines found")
    reader = _Reader(source.path, roots)
    reader.collect()
    bgp: BgpProcess | None = None
    try:
        bgp = parse_bgp(roots)
    except Exception as exc:
        reader.problems.append(ParseProblem(message=f"internal error while reading BGP ({type(exc).__name__})"))
    tunnels = reader.tunnels(bgp)
    try:
        reader.check_references()
    except Exception as exc:
        reader.problems.append(ParseProblem(message=f"internal error while checking references ({type(exc).__name__})"))
    policies = tuple(reader.ipsec(p, p.referrer, name=p.referrer) for p in reader.all_phase2())
    extra: dict[str, str] = {}
    if not reader.isakmp_enabled:
        extra["isakmp"] = "disabled (no crypto isakmp enable)"
    seen: set[tuple[str, str, int | None]] = set()
    dangling = []
    for d in reader.dangling:
        key = (d.kind, d.name, d.line)
        if key not in seen:
            seen.add(key)
            dangling.append(d)
    ike_policies = [p for _, p in sorted(reader.isakmp_policies, key=lambda item: item[0])]
    ike_policies += list(reader.v2_proposals.values())
    return Device(
        source=source.path,
        vendor=VENDOR,
        hostname=reader.hostname,
        files=(source.path,),
        version=reader.version,
        tunnels=tuple(tunnels),
        ike_policies=tuple(ike_policies),
        ipsec_proposals=tuple(reader.transform_sets.values()),
        ipsec_policies=policies,
        keys=tuple(reader.all_keys()),
        bgp=bgp,
        global_df_bit=reader.df_bit[0] if reader.df_bit else None,  # type: ignore[arg-type]
        global_fragmentation=reader.fragmentation[0] if reader.fragmentation else None,  # type: ignore[arg-type]
        unmodeled=tuple(sorted(reader.unmodeled, key=lambda u: u.line)),
        dangling=tuple(sorted(dangling, key=lambda d: d.line or 0)),
        problems=tuple(reader.problems),
        suppressions=tuple(tree.suppressions),
        extra=extra,
    )
