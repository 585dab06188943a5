"""``router bgp``, route maps and prefix lists (vendor-neutral: IOS, FRR, Quagga; the strongSwan parser
reads FRR ``bgpd.conf`` / ``frr.conf`` with it)."""

from __future__ import annotations

import ipaddress
from ..._struct import dataclass, field

from ...model import (
    BgpNeighbor,
    BgpProcess,
)
from .._base import Line
from .lexer import _int, _ip, _mask_len, _words

# ---------------------------------------------------------------------------------------------
# BGP (vendor-neutral: IOS, FRR, Quagga)


@dataclass(slots=True)
class PrefixListEntry:
    action: str  # permit / deny
    prefix: str
    line: int
    ge: int | None = None
    le: int | None = None


@dataclass(slots=True)
class RouteMapEntry:
    name: str
    action: str
    seq: int
    line: int
    prefix_lists: list[str] = field(default_factory=list)
    other_matches: list[str] = field(default_factory=list)
    weight: int | None = None
    local_preference: int | None = None


def parse_prefix_lists(roots: list[Line]) -> dict[str, list[PrefixListEntry]]:
    """``ip prefix-list NAME [seq N] permit|deny PREFIX [ge N] [le N]`` by list name, in order."""
    lists: dict[str, list[PrefixListEntry]] = {}
    for root in roots:
        w = _words(root)
        if w[:2] != ["ip", "prefix-list"] or len(w) < 5:
            continue
        name, rest = w[2], w[3:]
        if rest[0] == "seq":
            rest = rest[2:]
        if len(rest) < 2 or rest[0] not in ("permit", "deny"):
            continue
        entry = PrefixListEntry(action=rest[0], prefix=rest[1], line=root.number)
        for i, tok in enumerate(rest[2:-1], start=2):
            if tok in ("ge", "le"):
                setattr(entry, tok, _int(rest[i + 1]))
        lists.setdefault(name, []).append(entry)
    return lists


def parse_route_maps(roots: list[Line]) -> dict[str, list[RouteMapEntry]]:
    """``route-map NAME permit|deny SEQ`` entries (match prefix-list, set weight/local-preference)."""
    maps: dict[str, list[RouteMapEntry]] = {}
    for root in roots:
        w = _words(root)
        if not w or w[0] != "route-map" or len(w) < 2:
            continue
        action = w[2] if len(w) > 2 and w[2] in ("permit", "deny") else "permit"
        seq = _int(w[3] if len(w) > 3 else None) or 10
        entry = RouteMapEntry(name=w[1], action=action, seq=seq, line=root.number)
        for child in root.children:
            cw = _words(child)
            if cw[:4] == ["match", "ip", "address", "prefix-list"]:
                entry.prefix_lists.extend(cw[4:])
            elif cw[:1] == ["match"]:
                entry.other_matches.append(" ".join(cw))
            elif cw[:2] == ["set", "weight"]:
                entry.weight = _int(cw[2] if len(cw) > 2 else None)
            elif cw[:2] == ["set", "local-preference"]:
                entry.local_preference = _int(cw[2] if len(cw) > 2 else None)
        maps.setdefault(w[1], []).append(entry)
    for entries in maps.values():
        entries.sort(key=lambda e: e.seq)
    return maps


def _classful(address: str) -> int:
    first = int(address.split(".")[0]) if address.split(".")[0].isdigit() else 0
    if address == "0.0.0.0":
        return 0
    return 8 if first < 128 else 16 if first < 192 else 24


def _bgp_network(words: list[str]) -> str | None:
    """``network A [mask M]`` (IOS, classful without mask) or ``network A/L`` (FRR)."""
    if len(words) < 2:
        return None
    token = words[1]
    if "/" in token:
        try:
            return str(ipaddress.ip_network(token, strict=False))
        except ValueError:
            return None
    if _ip(token) is None or ":" in token:
        return None
    if len(words) >= 4 and words[2] == "mask":
        prefix = _mask_len(words[3])
    else:
        prefix = _classful(token)
    return str(ipaddress.IPv4Network(f"{token}/{prefix if prefix is not None else 32}", strict=False))


@dataclass(slots=True)
class _NeighborCfg:
    line: int
    remote_as: int | None = None
    remote_as_set: bool = False
    local_as: int | None = None
    peer_group: str | None = None
    timers: tuple[int, int] | None = None
    weight: int | None = None
    route_map_in: str | None = None
    route_map_out: str | None = None
    prefix_list_out: str | None = None
    default_originate: bool = False
    shutdown: bool = False
    is_group: bool = False


def _neighbor_statement(cfg: dict[str, _NeighborCfg], w: list[str], line: int) -> None:
    name = w[1]
    n = cfg.setdefault(name, _NeighborCfg(line=line))
    rest = w[2:]
    if not rest:
        return
    key = rest[0]
    if key == "remote-as" and len(rest) > 1:
        n.remote_as = _int(rest[1])
        n.remote_as_set = True
    elif key == "peer-group":
        if len(rest) > 1:
            n.peer_group = rest[1]
        else:
            n.is_group = True
    elif key == "local-as" and len(rest) > 1:
        n.local_as = _int(rest[1])
    elif key == "timers" and len(rest) > 2:
        k, h = _int(rest[1]), _int(rest[2])
        if k is not None and h is not None:
            n.timers = (k, h)
    elif key == "weight" and len(rest) > 1:
        n.weight = _int(rest[1])
    elif key == "route-map" and len(rest) > 2:
        if rest[2] == "in":
            n.route_map_in = rest[1]
        elif rest[2] == "out":
            n.route_map_out = rest[1]
    elif key == "prefix-list" and len(rest) > 2 and rest[2] == "out":
        n.prefix_list_out = rest[1]
    elif key == "default-originate":
        n.default_originate = True
    elif key == "shutdown":
        n.shutdown = True


def parse_bgp(
    roots: list[Line], file: str | None = None, default_timers: tuple[int, int] = (60, 180)
) -> BgpProcess | None:
    """The BGP process of an IOS / FRR / Quagga tree, or None when there is no ``router bgp``.

    Several ``router bgp`` stanzas (AWS sample configs repeat it per tunnel) are merged. Neighbors
    are read at process level and inside ``address-family ipv4 [unicast|vrf X]``; peer-group
    settings are inherited. ``weight`` / ``local_preference`` come from ``neighbor X weight`` or
    the first ``set`` of the inbound route-map. Advertised prefixes are the ``network`` statements
    (plus 0.0.0.0/0 with ``default-originate``), or the permitted entries of the prefix-lists an
    outbound route-map / prefix-list matches. Timers not configured carry ``default_timers``.
    """
    # A prefix test before the words: splitting every top-level line was 2 % of a 200k-line lint.
    stanzas = [r for r in roots if r.text.startswith("router") and _words(r)[:2] == ["router", "bgp"]]
    if not stanzas:
        return None
    local_as = _int(_words(stanzas[0])[2] if len(_words(stanzas[0])) > 2 else None)
    router_id: str | None = None
    networks: list[str] = []
    redistributes = False
    process_timers: tuple[int, int] | None = None
    cfg: dict[str, _NeighborCfg] = {}

    listed: set[str] = set()  # ``networks`` as a set: a router with thousands of ``network`` lines

    def read(nodes: list[Line]) -> None:
        """The statements of ``nodes`` in file order, those of an address-family where it stands (a
        stack of its own: no recursion, however deep a crafted config nests them)."""
        nonlocal router_id, redistributes, process_timers
        stack = [iter(nodes)]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                continue
            w = _words(node)
            if not w:
                continue
            if w[0] == "address-family":
                stack.append(iter(node.children))
            elif w[:2] == ["bgp", "router-id"] and len(w) > 2:
                router_id = w[2]
            elif w[0] == "neighbor" and len(w) > 1:
                _neighbor_statement(cfg, w, node.number)
            elif w[0] == "network":
                prefix = _bgp_network(w)
                if prefix and prefix not in listed:
                    listed.add(prefix)
                    networks.append(prefix)
            elif w[0] == "redistribute":
                redistributes = True
            elif w[:2] == ["timers", "bgp"] and len(w) > 3:
                k, h = _int(w[2]), _int(w[3])
                if k is not None and h is not None:
                    process_timers = (k, h)

    for stanza in stanzas:
        read(stanza.children)

    prefix_lists = parse_prefix_lists(roots)
    route_maps = parse_route_maps(roots)
    neighbors: list[BgpNeighbor] = []
    for name, n in cfg.items():
        if n.is_group or _ip(name) is None:
            continue
        group = cfg.get(n.peer_group) if n.peer_group else None

        def pick(attr: str, _n: _NeighborCfg = n, _g: _NeighborCfg | None = group) -> object:
            value = getattr(_n, attr)
            if value in (None, False) and _g is not None:
                return getattr(_g, attr)
            return value

        defaults: list[str] = []
        timers = pick("timers") or process_timers
        if timers is None:
            timers = default_timers
            defaults += ["keepalive_seconds", "hold_seconds"]
        weight = pick("weight")
        local_pref: int | None = None
        rm_in = pick("route_map_in")
        if isinstance(rm_in, str):
            for entry in route_maps.get(rm_in, []):
                if entry.action != "permit":
                    continue
                if weight is None and entry.weight is not None:
                    weight = entry.weight
                if local_pref is None and entry.local_preference is not None:
                    local_pref = entry.local_preference
        advertised, count = _advertised(
            networks, redistributes, pick("default_originate") is True, pick("route_map_out"),
            pick("prefix_list_out"), route_maps, prefix_lists,
        )
        remote_as = n.remote_as if n.remote_as_set else (group.remote_as if group else None)
        neighbors.append(BgpNeighbor(
            neighbor=name,
            remote_as=remote_as,
            local_as=pick("local_as") or local_as,  # type: ignore[arg-type]
            keepalive_seconds=timers[0],  # type: ignore[index]
            hold_seconds=timers[1],  # type: ignore[index]
            weight=weight,  # type: ignore[arg-type]
            local_preference=local_pref,
            advertised_prefixes=tuple(advertised),
            advertised_prefix_count=count,
            shutdown=bool(pick("shutdown")),
            line=n.line,
            file=file,
            defaults=tuple(defaults),
        ))
    return BgpProcess(
        local_as=local_as, router_id=router_id, neighbors=tuple(neighbors), networks=tuple(networks),
        line=stanzas[0].number, file=file,
    )


def _prefix_list_matches(entry: PrefixListEntry, prefix: str) -> bool:
    """``ip prefix-list ... permit|deny P [ge G] [le L]``: the prefix lies in P and its length is P's
    (no ge / le), or within ge..le (ge alone: up to the address length; le alone: from P's length)."""
    try:
        net = ipaddress.ip_network(prefix, strict=False)
        base = ipaddress.ip_network(entry.prefix, strict=False)
    except ValueError:
        return False
    if net.version != base.version or not net.subnet_of(base):  # type: ignore[arg-type]
        return False
    if entry.ge is None and entry.le is None:
        return net.prefixlen == base.prefixlen
    low = entry.ge if entry.ge is not None else base.prefixlen
    high = entry.le if entry.le is not None else net.max_prefixlen
    return low <= net.prefixlen <= high


def _advertised(
    networks: list[str], redistributes: bool, default_originate: bool, route_map_out: object,
    prefix_list_out: object, route_maps: dict[str, list[RouteMapEntry]],
    prefix_lists: dict[str, list[PrefixListEntry]],
) -> tuple[list[str], int | None]:
    filter_lists: list[str] = []
    filtered = False
    if isinstance(route_map_out, str):
        filtered = True
        for entry in route_maps.get(route_map_out, []):  # an undefined route-map denies everything
            if entry.action == "permit":
                if entry.prefix_lists:
                    filter_lists.extend(entry.prefix_lists)
                elif not entry.other_matches:
                    filtered = False  # a catch-all permit lets everything through
    if isinstance(prefix_list_out, str):
        filtered = True
        filter_lists.append(prefix_list_out)
    if filtered:
        # An exact permit entry is taken as a prefix the router originates (an aggregate, a static,
        # a network statement). A range entry (ge / le) passes whichever network statements
        # (and default route) fall in its range, the first matching entry of the list deciding.
        candidates = list(networks) + (["0.0.0.0/0"] if default_originate else [])
        out: list[str] = []
        for name in filter_lists:
            entries = prefix_lists.get(name, [])
            out.extend(e.prefix for e in entries if e.action == "permit" and e.ge is None and e.le is None)
            for net in candidates:
                first = next((e for e in entries if _prefix_list_matches(e, net)), None)
                if first is not None and first.action == "permit" and (first.ge is not None or first.le is not None):
                    out.append(net)
        out = list(dict.fromkeys(out))
        return out, len(out)
    out = list(networks)
    if default_originate and "0.0.0.0/0" not in out:
        out.append("0.0.0.0/0")
    return out, None if redistributes else len(out)


# ---------------------------------------------------------------------------------------------
# IOS crypto objects (internal, joined into Tunnels at the end)
