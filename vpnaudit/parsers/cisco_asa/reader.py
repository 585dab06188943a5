"""``_Parser``: reads one ASA configuration and builds its Device (see the package docstring)."""

from __future__ import annotations

import ipaddress
import re

from ...model import (
    BgpNeighbor,
    BgpProcess,
    DanglingReference,
    Device,
    Dpd,
    IkeConfig,
    IkeProposal,
    InlineSuppression,
    InsideAddress,
    IpsecConfig,
    IpsecProposal,
    ParseProblem,
    PreSharedKey,
    TrafficSelector,
    Tunnel,
    Unmodeled,
)
from ...secrets import mask
from ...vocab import ENCRYPTION, INTEGRITY
from .._base import Line, SourceFile, indent_tree, interface_name
from .defaults import BGP_DEFAULT_TIMERS, DF_BIT_DEFAULT, DPD_DEFAULT_RETRY_INTERVAL, DPD_DEFAULT_THRESHOLD, FRAGMENTATION_DEFAULT, IKEV1_DEFAULT_AUTH, IKEV1_DEFAULT_ENCRYPTION, IKEV1_DEFAULT_GROUP, IKEV1_DEFAULT_HASH, IKE_DEFAULT_LIFETIME, IPSEC_DEFAULT_LIFETIME_KB, IPSEC_DEFAULT_LIFETIME_S, IPSEC_DEFAULT_REPLAY_WINDOW, PFS_DEFAULT_GROUP_913, PFS_DEFAULT_GROUP_OLD, SYSTEM_DYNAMIC_MAP, TCP_MSS_DEFAULT
from .lexer import _ASA_BANNER, _AUTH, _CAPS_PLACEHOLDER, _DF, _ESP_ENC, _ESP_INT, _GMAC, _IKE_ENC, _IKE_HASH, _TS_ENC, _TS_INT, _canon, _int, _is_ipv4, _network
from .objects import _Acl, _Iface, _MapEntry, _Profile, _TunnelGroup


class _Parser:
    def __init__(self, src: SourceFile):
        self.src = src
        # ASA banners are one line each ("banner motd TEXT", repeated), never delimited as on IOS:
        # blank them (keeping line numbers) so indent_tree does not hunt for a delimiter.
        text = "\n".join("" if _ASA_BANNER.match(raw) else raw for raw in src.text.splitlines())
        self.tree = indent_tree(text, comment_prefixes=("!", ":"))
        self.unmodeled: list[Unmodeled] = []
        self.dangling: list[DanglingReference] = []
        self.dangling_seen: set[DanglingReference] = set()  # the same, to look up
        self.dangling_names: set[tuple[str, str]] = set()  # their (kind, name)
        self.nameif_hws: dict[str, list[str]] = {}  # nameif -> the interfaces ever given it (an index)
        self.iface_refs: list[tuple[str, int, str]] = []
        self.problems: list[ParseProblem] = []
        self.placeholders: dict[str, int] = {}
        self.declared_placeholders: set[str] = set()
        self.hostname: str | None = None
        self.version: str | None = None
        self.names: dict[str, str] = {}
        self.objects: dict[str, tuple[str, ...]] = {}
        self.groups: dict[str, list[tuple[str, str]]] = {}  # network object-groups: (kind, value)
        self.acl_dangling: dict[str, list[DanglingReference]] = {}  # ACL name -> its missing objects
        self.service_groups: set[str] = set()
        self.ifaces: dict[str, _Iface] = {}  # by hardware name
        self.mtu: dict[str, int] = {}
        self.acls: dict[str, _Acl] = {}
        self.ike_v1: dict[int, IkeProposal] = {}  # by priority: a priority defined again replaces it
        self.ike_v2: dict[int, IkeProposal] = {}
        self._offers: dict[tuple[bool, bool], tuple[tuple[IkeProposal, ...], set[str | None]]] = {}
        self._named_groups: tuple[tuple[int, int], dict[str, _TunnelGroup]] | None = None  # see tunnel_group_for
        self.enabled: dict[int, list[tuple[str, int]]] = {1: [], 2: []}
        self.transform_sets: dict[str, IpsecProposal] = {}
        self.proposals_v2: dict[str, IpsecProposal] = {}
        self.profiles: dict[str, _Profile] = {}
        self.maps: dict[tuple[str, str, int], _MapEntry] = {}
        self.map_ifaces: dict[str, list[tuple[str, int]]] = {}
        self.tunnel_groups: dict[str, _TunnelGroup] = {}
        self.df: dict[str, tuple[str, int]] = {}
        self.frag: dict[str, tuple[str, int]] = {}
        self.sa_life_s: tuple[int, int] | None = None
        self.sa_life_kb: tuple[int, int] | None = None
        self.replay: tuple[bool, int | None, int] | None = None
        self.tcp_mss: tuple[int, int] | None = None
        self.nat_t: bool | None = None
        self.bgp_as: int | None = None
        self.bgp_line: int | None = None
        self.bgp_router_id: str | None = None
        self.bgp_networks: list[str] = []
        self._bgp_networks_seen: set[str] = set()  # a list lookup per network was quadratic
        self._expansions: dict[str, tuple[list[str], list[tuple[str, str]]]] = {}  # see expanded()
        self.bgp_timers: tuple[int | None, int | None] | None = None
        self.bgp_neighbors: dict[str, dict[str, object]] = {}
        self.consumed: set[int] = set()

    # ---- small helpers -------------------------------------------------------------------
    def unmodel(self, line: Line) -> None:
        self.unmodeled.append(Unmodeled(line=line.number, text=mask(line.text)))

    def dangle(self, kind: str, name: str, line: int | None, referrer: str | None) -> None:
        ref = DanglingReference(kind=kind, name=name, line=line, referrer=referrer)
        if referrer and referrer.startswith("access-list "):
            # An ACL's missing objects matter only when a crypto map uses the ACL (see selectors()).
            self.acl_dangling.setdefault(referrer.split(" ", 1)[1], []).append(ref)
            return
        self.add_dangling(ref)

    def add_dangling(self, ref: DanglingReference) -> None:
        """Once each, found in sets (searching the list made a config of 8,000 tunnels quadratic)."""
        if ref not in self.dangling_seen:
            self.dangling_seen.add(ref)
            self.dangling_names.add((ref.kind, ref.name))
            self.dangling.append(ref)

    def dangled(self, kind: str, name: str) -> bool:
        return (kind, name) in self.dangling_names

    def problem(self, message: str, line: int | None) -> None:
        self.problems.append(ParseProblem(message=message, line=line))

    def ref(self, token: str, line: int) -> str:
        """A user-supplied reference with template quoting removed; placeholders are noted."""
        tok = token
        if len(tok) >= 2 and tok[0] == tok[-1] and tok[0] in "'\"":
            tok = tok[1:-1]
            self.placeholders.setdefault(tok, line)
        elif len(tok) >= 2 and tok[0] == "<" and tok[-1] == ">":
            tok = tok[1:-1]
            self.placeholders.setdefault(tok, line)
        elif _CAPS_PLACEHOLDER.match(tok) or tok in self.declared_placeholders:
            if tok not in self.names and tok not in self.objects:
                self.placeholders.setdefault(tok, line)
        return tok

    def is_placeholder(self, tok: str) -> bool:
        return tok in self.placeholders

    def iface_by_nameif(self, nameif: str) -> _Iface | None:
        """The first interface (in the order of the file) that has this nameif."""
        found = [self.ifaces[hw] for hw in self.nameif_hws.get(nameif, ()) if self.ifaces[hw].nameif == nameif]
        return min(found, key=lambda iface: iface.line) if found else None

    def check_iface(self, nameif: str, line: int, referrer: str) -> None:
        """Checked once the whole file is read: a snippet may name ``outside`` before its interface."""
        self.iface_refs.append((nameif, line, referrer))

    def check_ifaces(self) -> None:
        for nameif, line, referrer in self.iface_refs:
            if self.iface_by_nameif(nameif) is None and not self.is_placeholder(nameif):
                self.dangle("interface", nameif, line, referrer)

    def host(self, token: str, line: int, referrer: str) -> str:
        """A peer / host token -> IP address when it can be resolved, else the token itself."""
        tok = self.ref(token, line)
        if _is_ipv4(tok) or ":" in tok:
            return tok
        if tok in self.names:
            return self.names[tok]
        if tok in self.objects and len(self.objects[tok]) == 1:
            return self.objects[tok][0].removesuffix("/32")
        if not self.is_placeholder(tok):
            self.dangle("name", tok, line, referrer)
        return tok

    def body(self, idx: int, roots: list[Line], allowed: set[str]) -> list[Line]:
        """Children of a mode command; for pasted configs without indentation, the following
        top-level lines that belong to the mode (up to ``exit``)."""
        node = roots[idx]
        if node.children:
            return node.children
        out: list[Line] = []
        for nxt in roots[idx + 1:]:
            first = nxt.words[0].lower()
            if first == "exit":
                self.consumed.add(nxt.number)
                break
            if first not in allowed:
                break
            out.append(nxt)
            self.consumed.add(nxt.number)
        return out

    # ---- pass 1: collect -----------------------------------------------------------------
    def collect(self) -> None:
        self.find_declared_placeholders()
        roots = self.tree.roots
        # Names and objects first: everything else resolves through them.
        for node in roots:
            self.guard(self.collect_names, node)
        for idx, node in enumerate(roots):
            if node.number in self.consumed:
                continue
            self.guard(self.statement, node, idx, roots)

    def guard(self, fn, *args) -> None:  # type: ignore[no-untyped-def]
        node = args[0]
        try:
            fn(*args)
        except Exception as exc:  # a parser must report, never raise
            self.problem(f"could not read this statement ({type(exc).__name__})", node.number)

    def find_declared_placeholders(self) -> None:
        """AWS sample pages list their placeholders in a comment block:
        ``! You may need to populate these values ...`` then ``! name [and name] - description``."""
        comments = self.tree.comments
        for i, (_, text) in enumerate(comments):
            if "populate these values" not in text.lower():
                continue
            for _, item in comments[i + 1:]:
                m = re.match(r"^!\s*([A-Za-z0-9_]+(?:\s+and\s+[A-Za-z0-9_]+)*)\s+-\s", item)
                if not m:
                    break
                self.declared_placeholders.update(w for w in m.group(1).split() if w != "and")

    def collect_names(self, node: Line) -> None:
        w = node.words
        if w[0] == "name" and len(w) >= 3 and _is_ipv4(w[1]):
            self.names[w[2]] = w[1]
        elif w[:2] == ["object", "network"] and len(w) >= 3:
            values: list[str] = list(self.objects.get(w[2], ()))
            for child in node.children:
                c = child.words
                if c[0] == "host" and len(c) >= 2:
                    values.append(f"{c[1]}/32" if _is_ipv4(c[1]) else c[1])
                elif c[0] == "subnet" and len(c) >= 3:
                    values.append(_network(c[1], c[2]) or f"{c[1]}/{c[2]}")
                elif c[0] == "subnet" and len(c) == 2:
                    values.append(c[1])
                elif c[0] == "range" and len(c) >= 3:
                    values.append(f"{c[1]}-{c[2]}")
                elif c[0] == "fqdn" and len(c) >= 2:
                    values.append(c[-1])
            self.objects[w[2]] = tuple(values)
        elif w[:2] == ["object-group", "network"] and len(w) >= 3:
            members = self.groups.setdefault(w[2], [])
            for child in node.children:
                c = child.words
                if c[0] == "network-object" and len(c) >= 3 and c[1] == "host":
                    members.append(("cidr", f"{c[2]}/32" if _is_ipv4(c[2]) else self.names.get(c[2], c[2])))
                elif c[0] == "network-object" and len(c) >= 3 and c[1] == "object":
                    members.append(("object", c[2]))
                elif c[0] == "network-object" and len(c) >= 3:
                    addr = self.names.get(c[1], c[1])
                    members.append(("cidr", _network(addr, c[2]) or f"{addr}/{c[2]}"))
                elif c[0] == "network-object" and len(c) == 2:
                    members.append(("cidr", c[1]))
                elif c[0] == "group-object" and len(c) >= 2:
                    members.append(("group", c[1]))
        elif w[0] in ("object-group", "object") and len(w) >= 3 and w[1] in ("service", "protocol", "icmp-type"):
            self.service_groups.add(w[2])

    def statement(self, node: Line, idx: int, roots: list[Line]) -> None:
        w = node.words
        head = w[0]
        if head in ("ASA", "PIX") and len(w) >= 3 and w[1] == "Version":
            self.version = w[2]
        elif head == "hostname" and len(w) >= 2:
            self.hostname = w[1]
        elif head == "interface" and len(w) >= 2:
            self.interface(node)
        elif head == "mtu" and len(w) >= 3 and w[2].isdigit():
            self.mtu[w[1]] = int(w[2])
        elif head == "access-list" and len(w) >= 3:
            self.access_list(node)
        elif head == "sysopt" and w[1:3] == ["connection", "tcpmss"] and len(w) >= 4:
            value = _int(w[3])
            if value is not None:
                self.tcp_mss = (value, node.number)
        elif head == "tunnel-group" and len(w) >= 3:
            self.tunnel_group(node, idx, roots)
        elif head == "router" and w[1:2] == ["bgp"]:
            self.router_bgp(node)
        elif head == "crypto" and len(w) >= 2:
            self.crypto(node, idx, roots)

    # ---- interfaces ----------------------------------------------------------------------
    def interface(self, node: Line) -> None:
        hw = interface_name(node.words, 1)  # 'interface tunnel 10' is Tunnel10's stanza too
        iface = self.ifaces.get(hw) or _Iface(hw=hw, line=node.number)
        self.ifaces[hw] = iface
        for child in node.children:
            c = child.words
            if c[0] == "nameif" and len(c) >= 2:
                iface.nameif = self.ref(c[1], child.number)
                self.nameif_hws.setdefault(iface.nameif, []).append(hw)
            elif c[:2] == ["ip", "address"] and len(c) >= 4 and _is_ipv4(c[2]):
                iface.address, iface.mask, iface.address_line = c[2], c[3], child.number
            elif c[0] == "shutdown":
                iface.shutdown = True
            elif c[0] == "tunnel" and hw.lower().startswith("tunnel"):
                self.tunnel_line(iface, child)

    def tunnel_line(self, iface: _Iface, child: Line) -> None:
        c = child.words
        if c[1:3] == ["source", "interface"] and len(c) >= 4:
            iface.src_if, iface.src_line = self.ref(c[3], child.number), child.number
        elif c[1:2] == ["destination"] and len(c) >= 3:
            iface.destination = self.host(c[2], child.number, f"interface {iface.hw}")
        elif c[1:2] == ["mode"] and len(c) >= 3:
            iface.mode = " ".join(c[2:])
        elif c[1:4] == ["protection", "ipsec", "profile"] and len(c) >= 5:
            iface.profile, iface.profile_line = c[4], child.number
        else:
            self.unmodel(child)

    # ---- access lists --------------------------------------------------------------------
    def access_list(self, node: Line) -> None:
        w = node.words
        name = w[1]
        rest = w[2:]
        if rest[:1] == ["line"] and len(rest) >= 2:
            rest = rest[2:]
        if not rest or rest[0] == "remark":
            self.acls.setdefault(name, _Acl(name=name, line=node.number))
            return
        acl = self.acls.setdefault(name, _Acl(name=name, line=node.number))
        kind = rest[0]
        if kind == "standard":
            acl.standard = True
            return
        if kind != "extended" or len(rest) < 3 or "inactive" in rest:
            return
        action = rest[1]
        toks = rest[2:]
        # protocol
        if toks[0] in ("object-group", "object") and len(toks) >= 2:
            protocol = f"{toks[0]} {toks[1]}"
            toks = toks[2:]
        else:
            protocol = toks[0]
            toks = toks[1:]
        label = f"access-list {name}"
        srcs, toks = self.acl_address(toks, node.number, label)
        toks = self.skip_ports(toks)
        dsts, toks = self.acl_address(toks, node.number, label)
        if srcs is None or dsts is None:
            self.problem(f"access-list {name}: cannot read the addresses of this entry", node.number)
            return
        acl.entries.append((node.number, action, protocol, srcs, dsts))

    def skip_ports(self, toks: list[str]) -> list[str]:
        if not toks:
            return toks
        if toks[0] in ("eq", "lt", "gt", "neq") and len(toks) >= 2:
            return toks[2:]
        if toks[0] == "range" and len(toks) >= 3:
            return toks[3:]
        if toks[0] == "object-group" and len(toks) >= 2 and toks[1] in self.service_groups:
            return toks[2:]
        return toks

    def acl_address(self, toks: list[str], line: int, label: str) -> tuple[list[str] | None, list[str]]:
        if not toks:
            return None, toks
        t = toks[0]
        if t in ("any", "any4"):
            return ["0.0.0.0/0"], toks[1:]
        if t == "any6":
            return ["::/0"], toks[1:]
        if t == "host" and len(toks) >= 2:
            addr = self.host(toks[1], line, label)
            return [f"{addr}/32" if _is_ipv4(addr) else addr], toks[2:]
        if t == "interface" and len(toks) >= 2:
            nameif = self.ref(toks[1], line)
            iface = self.iface_by_nameif(nameif)
            if iface and iface.address:
                return [f"{iface.address}/32"], toks[2:]
            self.check_iface(nameif, line, label)
            return [f"interface {nameif}"], toks[2:]
        if t == "object" and len(toks) >= 2:
            if toks[1] in self.objects:
                return list(self.objects[toks[1]]) or [toks[1]], toks[2:]
            self.dangle("object", toks[1], line, label)
            return [toks[1]], toks[2:]
        if t == "object-group" and len(toks) >= 2:
            if toks[1] in self.groups:
                return self.expanded(toks[1], line, label), toks[2:]
            self.dangle("object-group", toks[1], line, label)
            return [toks[1]], toks[2:]
        if "/" in t and ":" in t:  # IPv6 prefix
            return [t], toks[1:]
        if len(toks) >= 2:
            addr = self.host(t, line, label)
            mask = self.ref(toks[1], line)
            net = _network(addr, mask) if _is_ipv4(addr) else None
            return [net or f"{addr}/{mask}"], toks[2:]
        return None, toks

    def expanded(self, name: str, line: int, label: str) -> list[str]:
        """``expand_group`` once per group (groups and objects are all collected before the first
        access-list is read): every entry naming a group of N networks expanded it again and kept
        its own copy (8,000 entries on a group of 8,000: 4.6 s, 554 MB). The entries share the list;
        its missing members are reported again for each entry, with that entry's line."""
        cached = self._expansions.get(name)
        if cached is None:
            missing: list[tuple[str, str]] = []
            networks = self.expand_group(name, line, label, set(), missing)
            cached = self._expansions[name] = (networks, missing)
            return networks
        for kind, value in cached[1]:
            self.dangle(kind, value, line, label)
        return cached[0]

    def expand_group(self, name: str, line: int, label: str, seen: set[str],
                     missing: list[tuple[str, str]] | None = None) -> list[str]:
        """The networks of object-group ``name``, nested groups expanded in place (each group once),
        depth first with a stack of its own: no recursion, however deep a config nests its groups."""
        if name in seen:
            return []
        seen.add(name)
        out: list[str] = []
        stack = [iter(self.groups.get(name, []))]
        while stack:
            member = next(stack[-1], None)
            if member is None:
                stack.pop()
                continue
            kind, value = member
            if kind == "cidr":
                out.append(value)
            elif kind == "object":
                if value in self.objects:
                    out.extend(self.objects[value])
                else:
                    self.dangle("object", value, line, label)
                    if missing is not None:
                        missing.append(("object", value))
            elif kind == "group":
                if value not in self.groups:
                    self.dangle("object-group", value, line, label)
                    if missing is not None:
                        missing.append(("object-group", value))
                elif value not in seen:
                    seen.add(value)
                    stack.append(iter(self.groups[value]))
        return out

    # ---- tunnel groups -------------------------------------------------------------------
    _TG_ATTRS = {"pre-shared-key", "ikev1", "ikev2", "isakmp", "peer-id-validate", "chain", "trust-point"}

    def tunnel_group(self, node: Line, idx: int, roots: list[Line]) -> None:
        w = node.words
        name = self.ref(w[1], node.number)
        tg = self.tunnel_groups.get(name)
        if tg is None:
            tg = self.tunnel_groups[name] = _TunnelGroup(name=name, line=node.number)
        tg.last_line = max(tg.last_line, node.end)
        if w[2] == "type" and len(w) >= 4:
            tg.type = w[3]
            tg.line = node.number
        elif w[2] == "ipsec-attributes":
            tg.attr_line = tg.attr_line or node.number
            for child in self.body(idx, roots, self._TG_ATTRS):
                tg.last_line = max(tg.last_line, child.number)
                self.tunnel_group_attr(tg, child)

    def tunnel_group_attr(self, tg: _TunnelGroup, child: Line) -> None:
        c = child.words
        remote_access = tg.type in ("remote-access", "ipsec-ra", "webvpn")
        if c[0] == "pre-shared-key":
            tg.keys.append(("ikev1", self.make_key(tg, c[1:], child.number)))
        elif c[:2] == ["ikev1", "pre-shared-key"]:
            tg.keys.append(("ikev1", self.make_key(tg, c[2:], child.number)))
        elif c[:1] == ["ikev2"] and len(c) >= 3 and c[1] in ("local-authentication", "remote-authentication"):
            role = "ikev2-local" if c[1] == "local-authentication" else "ikev2-remote"
            if c[2] == "pre-shared-key":
                tg.keys.append((role, self.make_key(tg, c[3:], child.number)))
            elif c[2] == "certificate":
                tg.certificate = True
            elif not remote_access:
                self.unmodel(child)
        elif c[:2] == ["ikev1", "trust-point"] or c[0] == "trust-point":
            tg.certificate = True
        elif c[:2] == ["isakmp", "keepalive"]:
            tg.dpd = self.keepalive(c[2:], child.number)
        elif c[0] in ("peer-id-validate", "chain"):
            pass  # identity checks of certificates: no bearing on the modelled tunnel
        elif not remote_access:
            self.unmodel(child)

    def make_key(self, tg: _TunnelGroup, rest: list[str], line: int) -> PreSharedKey:
        peer: str | None = None
        wildcard = False
        if tg.name == "DefaultL2LGroup":
            peer, wildcard = "0.0.0.0/0", True
        elif tg.type not in ("remote-access", "ipsec-ra", "webvpn"):
            peer = self.names.get(tg.name, tg.name)
        common: dict[str, object] = {"line": line, "peer": peer, "wildcard_peer": wildcard, "name": tg.name}
        encoding_hint = None
        if len(rest) >= 2 and rest[0] in ("0", "8"):
            encoding_hint, rest = rest[0], rest[1:]
        if not rest or set(rest[0]) == {"*"}:
            return PreSharedKey(present=True, encrypted=False, encoding="masked", **common)  # type: ignore[arg-type]
        secret = rest[0]
        if secret.startswith("<") and not secret.endswith(">"):
            # A template placeholder with spaces ("<key value>") is one value, not the key "<key".
            end = next((i for i, tok in enumerate(rest) if tok.endswith(">")), None)
            if end is not None:
                secret = " ".join(rest[:end + 1])
        if secret.startswith("$sha512$"):
            return PreSharedKey(present=True, encrypted=True, encoding="hashed", **common)  # type: ignore[arg-type]
        if encoding_hint == "8":
            return PreSharedKey(present=True, encrypted=True, encoding="other", **common)  # type: ignore[arg-type]
        return PreSharedKey.from_secret(secret, encoding="plain", **common)

    def keepalive(self, rest: list[str], line: int) -> Dpd:
        if rest[:1] == ["disable"]:
            return Dpd(enabled=False, line=line)
        if rest[:2] == ["threshold", "infinite"]:
            # One-way: the ASA answers R-U-THERE but never sends it, so it never detects a dead peer.
            return Dpd(enabled=False, line=line)
        threshold = _int(rest[1]) if rest[:1] == ["threshold"] and len(rest) >= 2 else None
        retry = _int(rest[3]) if rest[2:3] == ["retry"] and len(rest) >= 4 else None
        defaults = []
        if threshold is None:
            threshold = DPD_DEFAULT_THRESHOLD
            defaults.append("interval_seconds")
        if retry is None:
            retry = DPD_DEFAULT_RETRY_INTERVAL
            defaults.append("retry_interval_seconds")
        return Dpd(enabled=True, interval_seconds=threshold, retry_interval_seconds=retry, mode="periodic",
                   line=line, defaults=tuple(defaults))

    # ---- BGP -----------------------------------------------------------------------------
    def router_bgp(self, node: Line) -> None:
        w = node.words
        asn = _int(w[2]) if len(w) >= 3 else None
        if self.bgp_as is None:
            self.bgp_as, self.bgp_line = asn, node.number
        for child in node.walk():
            if child is node:
                continue
            c = child.words
            if c[:2] == ["bgp", "router-id"] and len(c) >= 3:
                self.bgp_router_id = c[2]
            elif c[:2] == ["timers", "bgp"] and len(c) >= 4:
                self.bgp_timers = (_int(c[2]), _int(c[3]))
            elif c[0] == "network" and len(c) >= 2:
                if len(c) >= 4 and c[2] == "mask":
                    net = _network(c[1], c[3])
                elif c[1] == "0.0.0.0":
                    net = "0.0.0.0/0"
                else:
                    net = self.classful(c[1])
                if net and net not in self._bgp_networks_seen:
                    self._bgp_networks_seen.add(net)
                    self.bgp_networks.append(net)
            elif c[0] == "neighbor" and len(c) >= 3:
                self.bgp_neighbor(c, child.number)

    @staticmethod
    def classful(addr: str) -> str | None:
        if not _is_ipv4(addr):
            return None
        first = int(addr.split(".")[0])
        prefix = 8 if first < 128 else 16 if first < 192 else 24
        return _network(addr, str(prefix))

    def bgp_neighbor(self, c: list[str], line: int) -> None:
        nb = self.bgp_neighbors.setdefault(c[1], {"line": line})
        key = c[2]
        if key == "remote-as" and len(c) >= 4:
            nb["remote_as"] = _int(c[3])
        elif key == "local-as" and len(c) >= 4:
            nb["local_as"] = _int(c[3])
        elif key == "timers" and len(c) >= 5:
            nb["keepalive"], nb["hold"] = _int(c[3]), _int(c[4])
        elif key == "weight" and len(c) >= 4:
            nb["weight"] = _int(c[3])
        elif key == "shutdown":
            nb["shutdown"] = True
        elif key == "default-originate":
            nb["default_originate"] = True

    # ---- crypto --------------------------------------------------------------------------
    def crypto(self, node: Line, idx: int, roots: list[Line]) -> None:
        w = node.words
        sub = w[1]
        if sub in ("ca", "key", "checksum"):
            return  # PKI and key-pair management: not part of the tunnel model
        if sub in ("ikev1", "isakmp") and w[2:3] == ["policy"] and len(w) >= 4:
            self.ikev1_policy(node, idx, roots)
        elif sub == "ikev2" and w[2:3] == ["policy"] and len(w) >= 4:
            self.ikev2_policy(node, idx, roots)
        elif sub in ("ikev1", "isakmp", "ikev2") and w[2:3] == ["enable"] and len(w) >= 4:
            version = 2 if sub == "ikev2" else 1
            nameif = self.ref(w[3], node.number)
            self.enabled[version].append((nameif, node.number))
            self.check_iface(nameif, node.number, " ".join(w[:3]))
        elif sub in ("ikev1", "isakmp") and w[2:3] == ["nat-traversal"]:
            self.nat_t = True
        elif sub in ("ikev1", "isakmp") and w[2:3] in (["identity"], ["am-disable"]):
            pass  # identity method / inbound aggressive-mode refusal: global, tunnel mode is per map
        elif sub == "ipsec":
            self.crypto_ipsec(node, idx, roots)
        elif sub == "map" and len(w) >= 3:
            self.crypto_map(node, "crypto map")
        elif sub == "dynamic-map" and len(w) >= 3:
            self.crypto_map(node, "crypto dynamic-map")
        else:
            self.unmodel(node)

    _V1_ATTRS = {"authentication", "encryption", "hash", "group", "lifetime"}
    _V2_ATTRS = {"encryption", "integrity", "group", "prf", "lifetime"}

    def ikev1_policy(self, node: Line, idx: int, roots: list[Line]) -> None:
        w = node.words
        prio = _int(w[3])
        if prio is None:
            self.unmodel(node)
            return
        lines = [(node.number, w[4:])] if len(w) > 4 else []  # PIX 7 one-line form
        lines += [(c.number, c.words) for c in self.body(idx, roots, self._V1_ATTRS)]
        auth = enc = integ = None
        group: int | None = None
        lifetime: int | None = None
        at: dict[str, int] = {}  # a finding about a value points at the value's own line
        for number, c in lines:
            if not c:
                continue
            if c[0] == "authentication" and len(c) >= 2:
                auth = _AUTH.get(c[1], "unknown")
                at["auth"] = number
            elif c[0] == "encryption" and len(c) >= 2:
                enc = _canon(_IKE_ENC, c[1], ENCRYPTION)
                at["encryption"] = number
            elif c[0] == "hash" and len(c) >= 2:
                integ = _canon(_IKE_HASH, c[1], INTEGRITY)
                at["integrity"] = number
            elif c[0] == "group" and len(c) >= 2 and c[1].isdigit():
                group = int(c[1])
                at["dh_groups"] = number
            elif c[0] == "lifetime" and len(c) >= 2:
                lifetime = _int(c[1])
                at["lifetime_seconds"] = number
                if lifetime is None and c[1] != "none":
                    self.unmodeled.append(Unmodeled(line=number, text=mask(" ".join(c))))
            else:
                self.unmodeled.append(Unmodeled(line=number, text=mask(" ".join(c))))
        defaults = []
        if auth is None:
            auth = IKEV1_DEFAULT_AUTH
            defaults.append("auth")
        if enc is None:
            enc = IKEV1_DEFAULT_ENCRYPTION
            defaults.append("encryption")
        if integ is None:
            integ = IKEV1_DEFAULT_HASH
            defaults.append("integrity")
        if group is None:
            group = IKEV1_DEFAULT_GROUP
            defaults.append("dh_groups")
        if lifetime is None and not any(c[:2] == ["lifetime", "none"] for _, c in lines):
            lifetime = IKE_DEFAULT_LIFETIME
            defaults.append("lifetime_seconds")
        self._offers.clear()
        self.ike_v1.pop(prio, None)  # the last definition, in the place of the last (as a list did)
        self.ike_v1[prio] = IkeProposal(
            name=str(prio), encryption=(enc,), integrity=(integ,), dh_groups=(group,), auth=auth,
            lifetime_seconds=lifetime, versions=(1,), line=node.number, defaults=tuple(defaults),
            lines=tuple(sorted(at.items())))

    def ikev2_policy(self, node: Line, idx: int, roots: list[Line]) -> None:
        prio = _int(node.words[3])
        if prio is None:
            self.unmodel(node)
            return
        enc: list[str] = []
        integ: list[str] = []
        prf: list[str] = []
        groups: list[int] = []
        lifetime: int | None = None
        lifetime_none = False
        at: dict[str, int] = {}
        for child in self.body(idx, roots, self._V2_ATTRS):
            c = child.words
            field_name = {"encryption": "encryption", "integrity": "integrity", "prf": "prf",
                          "group": "dh_groups", "lifetime": "lifetime_seconds"}.get(c[0])
            if field_name:
                at.setdefault(field_name, child.number)
            if c[0] == "encryption":
                enc += [_canon(_IKE_ENC, t, ENCRYPTION) for t in c[1:]]
            elif c[0] == "integrity":
                integ += [_canon(_IKE_HASH, t, INTEGRITY) for t in c[1:] if t != "null"]
            elif c[0] == "prf":
                prf += [_canon(_IKE_HASH, t, INTEGRITY) for t in c[1:]]
            elif c[0] == "group":
                for t in c[1:]:
                    if t.isdigit():
                        groups.append(int(t))
                    else:
                        self.unmodel(child)
            elif c[:2] == ["lifetime", "seconds"] and len(c) >= 3:
                lifetime = _int(c[2])
                lifetime_none = c[2] == "none"
            else:
                self.unmodel(child)
        defaults = []
        if not prf and integ:
            prf = list(integ)  # ASA: without "prf" the PRF is the integrity algorithm
            defaults.append("prf")
            if "integrity" in at:
                at["prf"] = at["integrity"]
        if lifetime is None and not lifetime_none:
            lifetime = IKE_DEFAULT_LIFETIME
            defaults.append("lifetime_seconds")
        self._offers.clear()
        self.ike_v2.pop(prio, None)
        self.ike_v2[prio] = IkeProposal(
            name=str(prio), encryption=tuple(dict.fromkeys(enc)), integrity=tuple(dict.fromkeys(integ)),
            prf=tuple(dict.fromkeys(prf)), dh_groups=tuple(dict.fromkeys(groups)), auth=None,
            lifetime_seconds=lifetime, versions=(2,), line=node.number, defaults=tuple(defaults),
            lines=tuple(sorted(at.items())))

    def crypto_ipsec(self, node: Line, idx: int, roots: list[Line]) -> None:
        w = node.words
        rest = w[2:]
        if rest[:2] == ["ikev1", "transform-set"] and len(rest) >= 3:
            self.transform_set(node, rest[2], rest[3:])
        elif rest[:1] == ["transform-set"] and len(rest) >= 2:
            self.transform_set(node, rest[1], rest[2:])
        elif rest[:2] == ["ikev2", "ipsec-proposal"] and len(rest) >= 3:
            self.ipsec_proposal(node, rest[2], idx, roots)
        elif rest[:1] == ["profile"] and len(rest) >= 2:
            self.ipsec_profile(node, rest[1], idx, roots)
        elif rest[:1] == ["df-bit"] and len(rest) >= 3 and rest[1] in _DF:
            nameif = self.ref(rest[2], node.number)
            self.df[nameif] = (_DF[rest[1]], node.number)
            self.check_iface(nameif, node.number, "crypto ipsec df-bit")
        elif rest[:1] == ["fragmentation"] and len(rest) >= 3 and rest[1] in ("before-encryption", "after-encryption"):
            nameif = self.ref(rest[2], node.number)
            self.frag[nameif] = (rest[1], node.number)
            self.check_iface(nameif, node.number, "crypto ipsec fragmentation")
        elif rest[:2] == ["security-association", "lifetime"] and len(rest) >= 4:
            value = _int(rest[3])
            if rest[2] == "seconds" and value is not None:
                self.sa_life_s = (value, node.number)
            elif rest[2] == "kilobytes" and (value is not None or rest[3] == "unlimited"):
                self.sa_life_kb = (value or 0, node.number)
            else:
                self.unmodel(node)
        elif rest[:2] == ["security-association", "replay"] and len(rest) >= 3:
            replay = self.replay_words(rest[2:])
            if replay is None:
                self.unmodel(node)
            else:
                self.replay = (replay[0], replay[1], node.number)
        else:
            self.unmodel(node)

    @staticmethod
    def replay_words(rest: list[str]) -> tuple[bool, int | None] | None:
        if rest[:1] == ["disable"]:
            return (False, None)
        if rest[:1] == ["window-size"] and len(rest) >= 2 and rest[1].isdigit():
            return (True, int(rest[1]))
        return None

    def transform_set(self, node: Line, name: str, transforms: list[str]) -> None:
        existing = self.transform_sets.get(name)
        if transforms[:1] == ["mode"] and len(transforms) >= 2:
            mode = transforms[1]
            if mode not in ("tunnel", "transport"):
                self.unmodel(node)
                return
            if existing is None:  # mode line before the transforms (fragment): keep the mode
                self.transform_sets[name] = IpsecProposal(name=name, mode=mode, line=node.number)  # type: ignore[arg-type]
            else:
                self.transform_sets[name] = existing.model_copy(update={"mode": mode, "defaults": ()})
            return
        enc: list[str] = []
        integ: list[str] = []
        for t in transforms:
            tl = t.lower()
            if tl in _TS_ENC:
                enc.append(_TS_ENC[tl])
            elif tl in _TS_INT:
                integ.append(_TS_INT[tl])
            elif tl == "esp-none":
                pass
            else:
                (integ if tl.endswith("-hmac") else enc).append(f"UNKNOWN:{t}")
        mode = existing.mode if existing is not None and existing.mode else "tunnel"
        defaults = () if existing is not None and existing.mode else ("mode",)
        self.transform_sets[name] = IpsecProposal(
            name=name, protocol="esp", mode=mode, encryption=tuple(enc), integrity=tuple(integ),  # type: ignore[arg-type]
            line=node.number, defaults=defaults)

    def ipsec_proposal(self, node: Line, name: str, idx: int, roots: list[Line]) -> None:
        enc: list[str] = []
        integ: list[str] = []
        protocols: set[str] = set()
        at: dict[str, int] = {}
        for child in self.body(idx, roots, {"protocol"}):
            c = child.words
            if c[0] == "protocol" and len(c) >= 3 and c[1] == "esp" and c[2] in ("encryption", "integrity"):
                protocols.add("esp")
                at.setdefault(c[2], child.number)
                if c[2] == "encryption":
                    for t in c[3:]:
                        if t.lower() in _GMAC:
                            # ESP AES-GMAC authenticates and does not encrypt (RFC 4543; ASA command
                            # reference, "protocol esp encryption": aes-gmac "null encryption"):
                            # a NULL cipher with GMAC integrity.
                            enc.append("NULL")
                            integ.append("AES-GMAC")
                        else:
                            enc.append(_canon(_ESP_ENC, t, ENCRYPTION))
                else:
                    integ += [_canon(_ESP_INT, t, INTEGRITY) for t in c[3:] if t != "null"]
            elif c[0] == "protocol" and len(c) >= 2 and c[1] == "ah":
                protocols.add("ah")
                at.setdefault("protocol", child.number)
                integ += [_canon(_ESP_INT, t, INTEGRITY) for t in c[3:]]
            else:
                self.unmodel(child)
        protocol = "esp+ah" if protocols == {"esp", "ah"} else "ah" if protocols == {"ah"} else "esp"
        self.proposals_v2[name] = IpsecProposal(
            name=name, protocol=protocol, encryption=tuple(dict.fromkeys(enc)),  # type: ignore[arg-type]
            integrity=tuple(dict.fromkeys(integ)), line=node.number, lines=tuple(sorted(at.items())))

    def pfs_words(self, rest: list[str], line: int) -> tuple[int | None, int] | None:
        if not rest:
            return (None, line)
        group = rest[0].removeprefix("group")
        return (int(group), line) if group.isdigit() else None

    def lifetime_words(self, rest: list[str]) -> tuple[str, int] | None:
        if len(rest) >= 2 and rest[0] in ("seconds", "kilobytes"):
            if rest[1].isdigit():
                return rest[0], int(rest[1])
            if rest[1] == "unlimited" and rest[0] == "kilobytes":
                return rest[0], 0
        return None

    def ipsec_profile(self, node: Line, name: str, idx: int, roots: list[Line]) -> None:
        prof = self.profiles.setdefault(name, _Profile(name=name, line=node.number))
        for child in self.body(idx, roots, {"set", "responder-only"}):
            c = child.words
            if c[:3] == ["set", "ikev1", "transform-set"]:
                prof.ts_v1 += [(t, child.number) for t in c[3:]]
            elif c[:2] == ["set", "transform-set"]:
                prof.ts_v1 += [(t, child.number) for t in c[2:]]
            elif c[:3] == ["set", "ikev2", "ipsec-proposal"]:
                prof.props_v2 += [(t, child.number) for t in c[3:]]
            elif c[:2] == ["set", "pfs"] and (pfs := self.pfs_words(c[2:], child.number)) is not None:
                prof.pfs = pfs
            elif c[:3] == ["set", "security-association", "lifetime"] and (lt := self.lifetime_words(c[3:])):
                if lt[0] == "seconds":
                    prof.life_s = lt[1]
                    prof.life_line = child.number
                else:
                    prof.life_kb = lt[1]
            elif c[:3] == ["set", "security-association", "replay"] and (rp := self.replay_words(c[3:])):
                prof.replay = rp
            elif c[0] == "responder-only":
                pass
            else:
                self.unmodel(child)

    def crypto_map(self, node: Line, kind: str) -> None:
        w = node.words
        name = w[2]
        if kind == "crypto map" and w[3:4] == ["interface"] and len(w) >= 5:
            nameif = self.ref(w[4], node.number)
            self.map_ifaces.setdefault(name, []).append((nameif, node.number))
            self.check_iface(nameif, node.number, f"crypto map {name}")
            return
        seq = _int(w[3]) if len(w) >= 4 else None
        if seq is None:
            self.unmodel(node)
            return
        entry = self.maps.get((kind, name, seq))
        if entry is None:
            entry = self.maps[(kind, name, seq)] = _MapEntry(kind=kind, name=name, seq=seq, line=node.number)
        rest = w[4:]
        n = node.number
        entry.last_line = max(entry.last_line, n)
        if rest[:2] == ["match", "address"] and len(rest) >= 3:
            entry.acl = (rest[2], n)
        elif rest[:1] == ["ipsec-isakmp"] and rest[1:2] == ["dynamic"] and len(rest) >= 3:
            entry.dynamic = (rest[2], n)
        elif rest == ["ipsec-isakmp"]:
            pass
        elif rest[:2] == ["set", "peer"]:
            entry.peers += [(t, n) for t in rest[2:]]
        elif rest[:3] == ["set", "ikev1", "transform-set"]:
            entry.ts_v1 += [(t, n) for t in rest[3:]]
        elif rest[:2] == ["set", "transform-set"]:
            entry.ts_v1 += [(t, n) for t in rest[2:]]
        elif rest[:3] == ["set", "ikev2", "ipsec-proposal"]:
            entry.props_v2 += [(t, n) for t in rest[3:]]
        elif rest[:2] == ["set", "pfs"] and (pfs := self.pfs_words(rest[2:], n)) is not None:
            entry.pfs = pfs
        elif rest[:3] == ["set", "security-association", "lifetime"] and (lt := self.lifetime_words(rest[3:])):
            if lt[0] == "seconds":
                entry.life_s = lt[1]
            else:
                entry.life_kb = lt[1]
            entry.life_line = entry.life_line or n
        elif rest[:3] == ["set", "security-association", "replay"] and (rp := self.replay_words(rest[3:])):
            entry.replay = rp
        elif rest[:2] == ["set", "phase1-mode"] or rest[:3] == ["set", "ikev1", "phase1-mode"]:
            mode = rest[2] if rest[1] == "phase1-mode" else rest[3] if len(rest) >= 4 else "main"
            entry.aggressive = mode == "aggressive"
            entry.mode_line = n
        elif rest[:2] == ["set", "nat-t-disable"]:
            entry.nat_t_disable = True
        elif rest[:2] == ["set", "trustpoint"]:
            entry.trustpoint = True
        elif rest[:2] in (["set", "reverse-route"], ["set", "connection-type"], ["set", "inheritance"]):
            pass  # routing / initiation behaviour, no bearing on the negotiated crypto
        else:
            self.unmodel(node)

    # ---- pass 2: join --------------------------------------------------------------------
    def pfs_default(self) -> int:
        m = re.match(r"^(\d+)\.(\d+)", self.version or "")
        if m and (int(m.group(1)), int(m.group(2))) >= (9, 13):
            return PFS_DEFAULT_GROUP_913
        return PFS_DEFAULT_GROUP_OLD

    def resolve_proposals(self, ts_v1: list[tuple[str, int]], props_v2: list[tuple[str, int]],
                          referrer: str) -> tuple[list[IpsecProposal], tuple[int, ...]]:
        out: list[IpsecProposal] = []
        versions: list[int] = []
        for name, line in ts_v1:
            if 1 not in versions:
                versions.append(1)
            if name in self.transform_sets:
                out.append(self.transform_sets[name])
            else:
                self.dangle("transform-set", name, line, referrer)
        for name, line in props_v2:
            if 2 not in versions:
                versions.append(2)
            if name in self.proposals_v2:
                out.append(self.proposals_v2[name])
            else:
                self.dangle("ipsec-proposal", name, line, referrer)
        return out, tuple(versions)

    def ipsec_config(self, name: str, line: int, proposals: list[IpsecProposal],
                     pfs: tuple[int | None, int] | None, life_s: int | None, life_kb: int | None,
                     replay: tuple[bool, int | None] | None, life_line: int | None = None) -> IpsecConfig:
        defaults: list[str] = []
        lines: dict[str, int] = {}
        pfs_groups: tuple[int, ...] = ()
        if pfs is not None:
            lines["pfs_groups"] = pfs[1]
            if pfs[0] is None:
                pfs_groups = (self.pfs_default(),)
                defaults.append("pfs_groups")
            else:
                pfs_groups = (pfs[0],)
        if life_s is not None and life_line is not None:
            lines["lifetime_seconds"] = life_line
        if life_s is None:
            if self.sa_life_s is not None:
                life_s = self.sa_life_s[0]
                lines["lifetime_seconds"] = self.sa_life_s[1]
            else:
                life_s = IPSEC_DEFAULT_LIFETIME_S
                defaults.append("lifetime_seconds")
        if life_kb is None:
            if self.sa_life_kb is not None:
                life_kb = self.sa_life_kb[0]
            else:
                life_kb = IPSEC_DEFAULT_LIFETIME_KB
                defaults.append("lifetime_kilobytes")
        if replay is None and self.replay is not None:
            replay = (self.replay[0], self.replay[1])
        if replay is None:
            replay = (True, IPSEC_DEFAULT_REPLAY_WINDOW)
            defaults += ["replay_protection", "replay_window"]
        protocols = {p.protocol for p in proposals}
        protocol = protocols.pop() if len(protocols) == 1 else "esp"
        mode = "transport" if any(p.mode == "transport" for p in proposals) else "tunnel"
        return IpsecConfig(
            name=name, protocol=protocol, mode=mode, proposals=tuple(proposals),  # type: ignore[arg-type]
            pfs_groups=pfs_groups, lifetime_seconds=life_s or None, lifetime_kilobytes=life_kb or None,
            replay_protection=replay[0], replay_window=replay[1], line=line, defaults=tuple(defaults),
            lines=tuple(sorted(lines.items())))

    def tunnel_group_for(self, peer_token: str | None, peer: str | None) -> _TunnelGroup | None:
        for candidate in (peer_token, peer):
            if candidate and candidate in self.tunnel_groups:
                return self.tunnel_groups[candidate]
        if peer:
            sizes = (len(self.tunnel_groups), len(self.names))
            if self._named_groups is None or self._named_groups[0] != sizes:
                named: dict[str, _TunnelGroup] = {}  # address -> the first group named by a 'name' of it
                for name, tg in self.tunnel_groups.items():
                    address = self.names.get(name)
                    if address is not None:
                        named.setdefault(address, tg)
                self._named_groups = (sizes, named)
            found = self._named_groups[1].get(peer)
            if found is not None:
                return found
        return self.tunnel_groups.get("DefaultL2LGroup")

    def offers(self, v1: bool, v2: bool) -> tuple[tuple[IkeProposal, ...], set[str | None]]:
        """The device-wide IKE policies a tunnel of these versions offers, in priority order, and the
        authentications of the IKEv1 ones: one tuple for every such tunnel, sorted once (per tunnel,
        1,000 policies and 1,000 tunnels sorted a million)."""
        key = (v1, v2)
        if key not in self._offers:
            proposals = (self.sorted_policies(self.ike_v1) if v1 else ()) + (self.sorted_policies(self.ike_v2) if v2 else ())
            self._offers[key] = (proposals, {p.auth for p in proposals if 1 in p.versions})
        return self._offers[key]

    @staticmethod
    def sorted_policies(policies: dict[int, IkeProposal]) -> tuple[IkeProposal, ...]:
        return tuple(p for _, p in sorted(policies.items(), key=lambda x: x[0]))

    def ike_config(self, versions: tuple[int, ...], tg: _TunnelGroup | None, aggressive: bool,
                   trustpoint: bool, nat_t_disable: bool, mode_line: int | None = None,
                   remote_access: bool = False) -> IkeConfig:
        proposals, v1_auths = self.offers(1 in versions, 2 in versions)
        defaults: list[str] = []
        mode = None
        if 1 in versions:
            mode = "aggressive" if aggressive else "main"
            if not aggressive:
                defaults.append("mode")
        psk = None
        auth = None
        dpd = None
        if tg is not None:
            by_role = dict(reversed(tg.keys))  # first key of each role wins
            order = ("ikev2-local", "ikev2-remote", "ikev1") if versions[:1] == (2,) else (
                "ikev1", "ikev2-local", "ikev2-remote")
            for role in order:
                if role in by_role:
                    psk = by_role[role]
                    break
            if psk is not None:
                auth = "psk"
            elif tg.certificate or trustpoint:
                auth = "certificate"
            dpd = tg.dpd
            if dpd is None and tg.type not in ("remote-access", "ipsec-ra"):
                dpd = Dpd(enabled=True, interval_seconds=DPD_DEFAULT_THRESHOLD,
                          retry_interval_seconds=DPD_DEFAULT_RETRY_INTERVAL, mode="periodic",
                          line=tg.attr_line or tg.line, defaults=("interval_seconds", "retry_interval_seconds"))
        elif not remote_access:
            # No tunnel-group in the file: the built-in DefaultL2LGroup, whose L2L keepalive is on.
            dpd = Dpd(enabled=True, interval_seconds=DPD_DEFAULT_THRESHOLD,
                      retry_interval_seconds=DPD_DEFAULT_RETRY_INTERVAL, mode="periodic",
                      defaults=("enabled", "interval_seconds", "retry_interval_seconds"))
        if auth is None and trustpoint:
            auth = "certificate"
        if auth is None and 1 in versions and len(v1_auths) == 1:
            auth = next(iter(v1_auths))
        nat_t = False if nat_t_disable else self.nat_t
        return IkeConfig(
            name=tg.name if tg else None, versions=versions, mode=mode, auth=auth, proposals=proposals,
            dpd=dpd, psk=psk, nat_traversal=nat_t, line=(tg.attr_line or tg.line) if tg else None,
            defaults=tuple(defaults), lines=(("mode", mode_line),) if mode_line and mode else ())

    def interface_settings(self, nameif: str | None) -> tuple[dict[str, object], list[str]]:
        fields: dict[str, object] = {}
        defaults: list[str] = []
        lines: dict[str, int] = {}
        if nameif is not None and nameif in self.df:
            fields["df_bit"] = self.df[nameif][0]
            lines["df_bit"] = self.df[nameif][1]
        else:
            fields["df_bit"] = DF_BIT_DEFAULT
            defaults.append("df_bit")
        if nameif is not None and nameif in self.frag:
            fields["fragmentation"] = self.frag[nameif][0]
            lines["fragmentation"] = self.frag[nameif][1]
        else:
            fields["fragmentation"] = FRAGMENTATION_DEFAULT
            defaults.append("fragmentation")
        if self.tcp_mss is not None:
            fields["tcp_mss"] = self.tcp_mss[0] or None
            lines["tcp_mss"] = self.tcp_mss[1]
        else:
            fields["tcp_mss"] = TCP_MSS_DEFAULT
            defaults.append("tcp_mss")
        fields["lines"] = tuple(sorted(lines.items()))
        return fields, defaults

    def neighbors(self) -> dict[str, BgpNeighbor]:
        out: dict[str, BgpNeighbor] = {}
        for addr, nb in self.bgp_neighbors.items():
            advertised = list(self.bgp_networks)
            if nb.get("default_originate") and "0.0.0.0/0" not in advertised:
                advertised.append("0.0.0.0/0")
            keepalive, hold = nb.get("keepalive"), nb.get("hold")
            defaults: tuple[str, ...] = ()
            if keepalive is None and hold is None:
                keepalive, hold = self.bgp_timers or (None, None)
            if keepalive is None and hold is None:
                keepalive, hold = BGP_DEFAULT_TIMERS
                defaults = ("keepalive_seconds", "hold_seconds")
            out[addr] = BgpNeighbor(
                neighbor=addr, remote_as=nb.get("remote_as"), local_as=nb.get("local_as") or self.bgp_as,  # type: ignore[arg-type]
                keepalive_seconds=keepalive, hold_seconds=hold, defaults=defaults,  # type: ignore[arg-type]
                weight=nb.get("weight"), shutdown=bool(nb.get("shutdown", False)),  # type: ignore[arg-type]
                advertised_prefixes=tuple(advertised), line=nb["line"])  # type: ignore[arg-type]
        return out

    def vti_tunnels(self, neighbors: dict[str, BgpNeighbor]) -> list[Tunnel]:
        tunnels: list[Tunnel] = []
        for iface in self.ifaces.values():
            if not iface.hw.lower().startswith("tunnel"):
                continue
            referrer = f"interface {iface.hw}"
            ipsec = None
            versions: tuple[int, ...] = ()
            if iface.profile is not None:
                prof = self.profiles.get(iface.profile)
                if prof is None:
                    self.dangle("ipsec-profile", iface.profile, iface.profile_line, referrer)
                else:
                    proposals, versions = self.resolve_proposals(prof.ts_v1, prof.props_v2, f"crypto ipsec profile {prof.name}")
                    ipsec = self.ipsec_config(prof.name, prof.line, proposals, prof.pfs, prof.life_s, prof.life_kb,
                                              prof.replay, prof.life_line)
            local_address = None
            if iface.src_if is not None:
                src = self.iface_by_nameif(iface.src_if)
                if src is not None:
                    local_address = src.address
                elif not self.is_placeholder(iface.src_if):
                    self.dangle("interface", iface.src_if, iface.src_line, referrer)
            tg = self.tunnel_group_for(iface.destination, iface.destination)
            ike = self.ike_config(versions, tg, False, False, False) if versions else None
            inside = None
            bgp = None
            if iface.address and iface.mask:
                try:
                    net = ipaddress.IPv4Interface(f"{iface.address}/{iface.mask}")
                except ValueError:
                    net = None
                if net is not None:
                    bgp = next((nb for a, nb in neighbors.items()
                                if _is_ipv4(a) and ipaddress.IPv4Address(a) in net.network
                                and a != iface.address), None)
                    peer = bgp.neighbor if bgp else None
                    if peer is None and net.network.prefixlen in (30, 31):
                        hosts = [str(h) for h in (net.network.hosts() if net.network.prefixlen == 30 else net.network)]
                        others = [h for h in hosts if h != iface.address]
                        peer = others[0] if len(others) == 1 else None
                    inside = InsideAddress(local=f"{iface.address}/{net.network.prefixlen}", peer=peer,
                                           line=iface.address_line)
            fields, defaults = self.interface_settings(iface.src_if)
            encapsulation = "ipsec" if iface.mode is None or iface.mode.startswith("ipsec") else "other"
            tunnels.append(Tunnel(
                name=iface.hw, line=iface.line, local_address=local_address, local_interface=iface.src_if,
                peer_address=iface.destination, routing="route-based", encapsulation=encapsulation,
                inside=inside, ike=ike, ipsec=ipsec, mtu=self.mtu.get(iface.nameif or ""), bgp=bgp,
                enabled=not iface.shutdown, defaults=tuple(defaults), **fields))  # type: ignore[arg-type]
        return tunnels

    def selectors(self, entry: _MapEntry) -> tuple[TrafficSelector, ...]:
        if entry.acl is None:
            return ()
        name, line = entry.acl
        acl = self.acls.get(name)
        if acl is None:
            self.dangle("acl", name, line, entry.label)
            return ()
        for ref in self.acl_dangling.pop(name, []):
            self.add_dangling(ref)
        if acl.standard and not acl.entries:
            self.problem(f"{entry.label} matches standard access-list {name}; crypto maps need an extended ACL",
                         line)
            return ()
        out: list[TrafficSelector] = []
        for number, action, protocol, srcs, dsts in acl.entries:
            for s in srcs:
                for d in dsts:
                    if len(out) >= 1024:
                        self.problem(f"access-list {name} expands to more than 1024 selectors; the rest is not listed",
                                     number)
                        return tuple(out)
                    out.append(TrafficSelector(local=s, remote=d, protocol=protocol, action=action, line=number))
        return tuple(out)

    def map_tunnels(self, neighbors: dict[str, BgpNeighbor]) -> list[Tunnel]:
        tunnels: list[Tunnel] = []
        dynamic_users: dict[str, list[tuple[_MapEntry, str | None]]] = {}
        static = sorted((e for e in self.maps.values() if e.kind == "crypto map"), key=lambda e: (e.name, e.seq))
        for entry in static:
            bound = self.map_ifaces.get(entry.name, [])
            nameif = bound[0][0] if bound else None
            if entry.dynamic is not None:
                dyn_name, dyn_line = entry.dynamic
                if not any(k == "crypto dynamic-map" and n == dyn_name for k, n, _ in self.maps):
                    if dyn_name != SYSTEM_DYNAMIC_MAP:
                        self.dangle("dynamic-map", dyn_name, dyn_line, entry.label)
                dynamic_users.setdefault(dyn_name, []).append((entry, nameif))
                continue
            tunnels += self.entry_tunnels(entry, nameif, bool(bound), f"{entry.name} {entry.seq}", neighbors)
        for entry in sorted((e for e in self.maps.values() if e.kind == "crypto dynamic-map"),
                            key=lambda e: (e.name, e.seq)):
            for parent, nameif in dynamic_users.get(entry.name, []):
                label = f"{parent.name} {parent.seq} dynamic {entry.name} {entry.seq}"
                bound = bool(self.map_ifaces.get(parent.name))
                tunnels += self.entry_tunnels(entry, nameif, bound, label, neighbors)
        return tunnels

    def entry_tunnels(self, entry: _MapEntry, nameif: str | None, bound: bool, label: str,
                      neighbors: dict[str, BgpNeighbor]) -> list[Tunnel]:
        proposals, versions = self.resolve_proposals(entry.ts_v1, entry.props_v2, entry.label)
        ipsec = self.ipsec_config(f"{entry.name} {entry.seq}", entry.line, proposals, entry.pfs, entry.life_s,
                                  entry.life_kb, entry.replay, entry.life_line)
        selectors = self.selectors(entry)
        local_address = None
        if nameif is not None:
            iface = self.iface_by_nameif(nameif)
            local_address = iface.address if iface else None
        fields, defaults = self.interface_settings(nameif)
        peers: list[tuple[str | None, str | None]] = [
            (self.ref(tok, line), self.host(tok, line, entry.label)) for tok, line in entry.peers]
        if not peers:
            peers = [(None, None)]
        out: list[Tunnel] = []
        # "Each crypto map identifies the other peer": a static entry without a peer, an ACL or a
        # transform set / proposal is incomplete and never used.
        complete = entry.kind != "crypto map" or bool(
            entry.peers and entry.acl and (entry.ts_v1 or entry.props_v2))
        for token, peer in peers:
            tg = self.tunnel_group_for(token, peer)
            if peer is not None and tg is None and entry.kind == "crypto map" and not (
                    token and self.dangled("name", token)):
                self.dangle("tunnel-group", token or peer, entry.peers[0][1], entry.label)
            ike = self.ike_config(versions or (1,), tg, entry.aggressive, entry.trustpoint, entry.nat_t_disable,
                                  entry.mode_line, remote_access=entry.kind != "crypto map") \
                if versions else None
            bgp = self.bgp_over_selectors(selectors, neighbors)
            name = f"{label} {token}" if token else label
            out.append(Tunnel(
                name=name, line=entry.line, local_address=local_address, local_interface=nameif,
                peer_address=peer, routing="policy-based", ike=ike, ipsec=ipsec, traffic_selectors=selectors,
                bgp=bgp, enabled=complete, defaults=tuple(defaults), **fields))  # type: ignore[arg-type]
        return out

    @staticmethod
    def bgp_over_selectors(selectors: tuple[TrafficSelector, ...],
                           neighbors: dict[str, BgpNeighbor]) -> BgpNeighbor | None:
        """A BGP neighbor reached through a crypto map's protected traffic (BGP over a policy-based VPN)."""
        for addr, nb in neighbors.items():
            if not _is_ipv4(addr):
                continue
            ip = ipaddress.IPv4Address(addr)
            for sel in selectors:
                if sel.action != "permit":
                    continue
                try:
                    remote = ipaddress.IPv4Network(sel.remote, strict=False)
                except ValueError:
                    continue
                if remote.prefixlen > 0 and ip in remote:
                    return nb
        return None

    def keys(self) -> tuple[PreSharedKey, ...]:
        keys = [k for tg in self.tunnel_groups.values() for _, k in tg.keys]
        return tuple(sorted(keys, key=lambda k: k.line or 0))

    def ipsec_proposals(self) -> tuple[IpsecProposal, ...]:
        props = list(self.transform_sets.values()) + list(self.proposals_v2.values())
        return tuple(sorted(props, key=lambda p: p.line or 0))

    def ipsec_policies(self) -> tuple[IpsecConfig, ...]:
        """Every ``crypto ipsec profile`` and crypto map / dynamic-map entry as a phase-2 policy object,
        whether a tunnel uses it or not (the rules judge the unused ones once, where they are set)."""
        out = []
        for prof in sorted(self.profiles.values(), key=lambda p: p.line):
            proposals, _ = self.resolve_proposals(prof.ts_v1, prof.props_v2, f"crypto ipsec profile {prof.name}")
            out.append(self.ipsec_config(f"crypto ipsec profile {prof.name}", prof.line, proposals, prof.pfs,
                                         prof.life_s, prof.life_kb, prof.replay, prof.life_line))
        for entry in sorted(self.maps.values(), key=lambda e: e.line):
            if entry.dynamic is not None:
                continue  # 'ipsec-isakmp dynamic D': the dynamic map's own entries are the objects
            proposals, _ = self.resolve_proposals(entry.ts_v1, entry.props_v2, entry.label)
            out.append(self.ipsec_config(entry.label, entry.line, proposals, entry.pfs, entry.life_s, entry.life_kb,
                                         entry.replay, entry.life_line))
        return tuple(out)

    def device(self) -> Device:
        self.check_ifaces()
        neighbors = self.neighbors()
        tunnels: list[Tunnel] = []
        for builder in (self.vti_tunnels, self.map_tunnels):
            try:
                tunnels += builder(neighbors)
            except Exception as exc:  # a parser must report, never raise
                self.problem(f"could not join the tunnels ({type(exc).__name__})", None)
        bgp = None
        if self.bgp_as is not None or neighbors:
            bgp = BgpProcess(local_as=self.bgp_as, router_id=self.bgp_router_id, neighbors=tuple(neighbors.values()),
                             networks=tuple(self.bgp_networks), line=self.bgp_line)
        extra: dict[str, str] = {}
        if self.placeholders:
            extra["placeholders"] = ", ".join(sorted(self.placeholders))
        for version in (1, 2):
            if self.enabled[version]:
                extra[f"ikev{version}_enabled_on"] = ", ".join(dict.fromkeys(n for n, _ in self.enabled[version]))
        ike_policies = self.sorted_policies(self.ike_v1) + self.sorted_policies(self.ike_v2)
        return Device(
            source=self.src.path, vendor="cisco-asa", hostname=self.hostname, files=(self.src.path,),
            version=self.version, tunnels=tuple(tunnels), ike_policies=ike_policies,
            ipsec_proposals=self.ipsec_proposals(), ipsec_policies=self.ipsec_policies(), keys=self.keys(), bgp=bgp,
            unmodeled=tuple(sorted(self.unmodeled, key=lambda u: u.line)),
            dangling=tuple(sorted(self.dangling, key=lambda d: (d.line or 0, d.kind, d.name))),
            problems=tuple(self.problems), suppressions=self.suppressions(), extra=extra)

    def suppressions(self) -> tuple[InlineSuppression, ...]:
        """ASA spreads one object over several top-level lines (``crypto map M 10 ...``,
        ``tunnel-group X type`` + ``tunnel-group X ipsec-attributes``): a directive in front of
        the first line covers the whole object."""
        spans: dict[int, int] = {}
        for entry in self.maps.values():
            spans[entry.line] = max(spans.get(entry.line, 0), entry.last_line)
        for tg in self.tunnel_groups.values():
            first = min(x for x in (tg.line, tg.attr_line) if x is not None)
            spans[first] = max(spans.get(first, 0), tg.last_line)
        out = []
        for sup in self.tree.suppressions:
            end = spans.get(sup.scope_start)
            if end is not None and end > sup.scope_end:
                sup = sup.model_copy(update={"scope_end": end})
            out.append(sup)
        return tuple(out)

