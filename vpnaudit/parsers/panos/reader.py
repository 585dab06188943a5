"""PAN-OS configuration text -> flat records (path of words, value, 1-based line).

Both PAN-OS forms reduce to the same records, the way the CLI maps one onto the other:

- XML (``show config running``, running-config.xml, API ``<response><result>``, Panorama
  templates, config-as-code fragments): every element is a path word, ``<entry name="X">`` is the
  word ``X``, a ``<member>`` is one value of its parent, an element with text is a leaf.
- ``set`` / ``edit`` CLI: ``set network ike gateway GW protocol ikev1 dpd interval 10 retry 3`` is
  split into leaves with a small schema of the subtrees vpnaudit reads (several leaves on one line,
  ``[ a b ]`` lists, quoted words); ``edit`` makes later lines relative, ``top`` / ``up`` /
  ``exit`` move back, ``delete`` removes.

The XML reader is expat with no DOCTYPE (rejected), no entity declarations (rejected), no external
entities, and an explicit element stack capped at ``MAX_DEPTH`` (no recursion on input depth).
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Callable
from ..._struct import dataclass, field

from ...model import InlineSuppression, ParseProblem
from .._base import Deletes, parse_directive

MAX_DEPTH = 128
ROOT = "vpnaudit-root"


@dataclass(frozen=True, slots=True)
class Rec:
    path: tuple[str, ...]
    value: str | None  # None: a container / entry (block) record
    line: int
    block: int = 0  # set form: line of the ``edit`` the record was written under (0: none)


@dataclass(slots=True)
class Read:
    records: list[Rec] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    suppressions: list[InlineSuppression] = field(default_factory=list)
    version: str | None = None
    form: str = "xml"  # xml | set
    fragment: str | None = None  # the kind of a config-as-code fragment, when the file is one
    ignored: list[int] = field(default_factory=list)  # set form: lines that are not commands


# ---------------------------------------------------------------------------------------------
# XML


@dataclass(slots=True, eq=False)
class Elem:
    tag: str
    name: str | None
    line: int
    children: list[Elem] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    end: int = 0
    unread: bool = False  # a subtree the builder never reads: its content was not kept (``_unread``)


class _TooDeep(Exception):
    pass


class _Forbidden(Exception):
    pass


_DTD = re.compile(r"<!(DOCTYPE|ENTITY)")
_XML_DECL = re.compile(r"^[ \t\r\n]*<\?xml[^>]{0,400}\?>")


def parse_xml(text: str, file: str | None = None) -> tuple[Elem, list[ParseProblem], list[tuple[int, str, Elem]]]:
    """The element tree under a synthetic root (fragments may have several roots), problems, and
    the comments as (line, text, enclosing element)."""
    root = Elem(ROOT, None, 1)
    stack: list[Elem] = [root]
    problems: list[ParseProblem] = []
    comments: list[tuple[int, str, Elem]] = []
    if _DTD.search(text):  # checked before expat sees anything: no DTD is ever processed
        line = text.count("\n", 0, _DTD.search(text).start()) + 1  # type: ignore[union-attr]
        problems.append(ParseProblem(
            message="XML with a DOCTYPE or entity declaration is not read (no DTD processing)", line=line, file=file))
        root.end = 1
        return root, problems, comments
    m = _XML_DECL.match(text)
    if m:  # keep the line count: the declaration may not stand inside the wrapper
        text = re.sub(r"[^\n]", " ", m.group(0)) + text[m.end():]
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True  # one call per run of text, not one per line and per entity

    skipped = [0]  # depth inside an unread subtree (its root is on the stack)
    modes: dict[str, Callable[..., None]] = {}  # the handlers switch each other through this table

    def start(tag: str, attrs: dict[str, str]) -> None:
        if len(stack) > MAX_DEPTH:
            raise _TooDeep()
        unread = _unread(stack, tag)
        node = Elem(tag, attrs.get("name"), parser.CurrentLineNumber, unread=unread)
        stack[-1].children.append(node)
        stack.append(node)
        if unread:  # until its end: count elements, keep nothing (a rulebase is most of a firewall)
            parser.StartElementHandler, parser.EndElementHandler = modes["skip_start"], modes["skip_end"]
            parser.CharacterDataHandler = None

    def end(tag: str) -> None:
        node = stack.pop()
        node.end = parser.CurrentLineNumber

    def chars(data: str) -> None:
        if len(stack) > 1:
            stack[-1].text.append(data)

    def skip_start(tag: str, attrs: dict[str, str]) -> None:
        skipped[0] += 1
        if len(stack) + skipped[0] > MAX_DEPTH + 1:
            raise _TooDeep()

    def skip_end(tag: str) -> None:
        if skipped[0]:
            skipped[0] -= 1
            return
        end(tag)
        parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = (
            modes["start"], modes["end"], modes["chars"])

    def comment(data: str) -> None:
        comments.append((parser.CurrentLineNumber, data, stack[-1]))

    def forbidden(*_args: object) -> None:
        raise _Forbidden()

    modes.update(start=start, end=end, chars=chars, skip_start=skip_start, skip_end=skip_end)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.CommentHandler = comment
    parser.StartDoctypeDeclHandler = forbidden
    parser.EntityDeclHandler = forbidden
    parser.ExternalEntityRefHandler = forbidden  # type: ignore[assignment]
    try:
        parser.Parse(f"<{ROOT}>", False)
        parser.Parse(text, False)
        parser.Parse(f"</{ROOT}>", True)
    except _TooDeep:
        problems.append(ParseProblem(
            message=f"XML nested deeper than {MAX_DEPTH} elements; the rest of the file is not read",
            line=parser.CurrentLineNumber, file=file))
    except _Forbidden:
        problems.append(ParseProblem(
            message="XML with a DOCTYPE or entity declaration is not read (no DTD processing)",
            line=parser.CurrentLineNumber, file=file))
    except xml.parsers.expat.ExpatError as exc:
        line = exc.lineno  # the closing wrapper is on the last line + 1 when the file is cut short
        problems.append(ParseProblem(
            message=f"XML not well-formed ({xml.parsers.expat.ErrorString(exc.code)}); read up to line {line}",
            line=line, file=file))
    for node in stack[1:]:  # elements left open by an error end where reading stopped
        node.end = node.end or parser.CurrentLineNumber
    root.end = parser.CurrentLineNumber
    # The parser holds its handlers, they hold the parser and (through the table) each other, and
    # through the stack the tree: without those links everything is freed by reference counting
    # as soon as the caller is done with it, not by the cyclic collector.
    for handler in _HANDLERS:
        setattr(parser, handler, None)
    modes.clear()
    return root, problems, comments


_HANDLERS = ("StartElementHandler", "EndElementHandler", "CharacterDataHandler", "CommentHandler",
             "StartDoctypeDeclHandler", "EntityDeclHandler", "ExternalEntityRefHandler")


# What the builder reads under the scopes' anchors: a vsys's imported interfaces and address objects,
# the shared address objects, the system settings (the hostname). The rest of these elements
# (rulebase, security profiles, logging, reports: most of a full firewall configuration) is not
# kept: the XML reader skips it (``_unread``), the builder drops it from set-form records
# (``build.split_scopes``).
READ_UNDER_ENTRY = {"vsys": frozenset({"import", "address"})}
READ_UNDER = {"shared": frozenset({"address"}), "deviceconfig": frozenset({"system"})}
_ABOVE_ANCHOR = frozenset({ROOT, "config", "result"})


def _unread(stack: list[Elem], tag: str) -> bool:
    """Whether an element ``tag`` opened under ``stack`` is in a subtree the builder never reads: a
    child of ``vsys/entry``, ``shared`` or ``deviceconfig`` other than those above, where that
    container stands where ``build._anchor`` finds a scope (first, under ``config``, or under
    ``devices/entry``)."""
    parent = stack[-1]
    if parent.tag == "entry" and len(stack) >= 3:
        at = len(stack) - 2
        kept = READ_UNDER_ENTRY.get(stack[at].tag)
    else:
        at = len(stack) - 1
        kept = READ_UNDER.get(parent.tag)
    if kept is None or tag in kept or at < 1:
        return False
    return stack[at - 1].tag in _ABOVE_ANCHOR or (at >= 2 and stack[at - 2].tag == "devices")


# Container elements a fragment may start with, and where they live in a full config.
_CONTAINER_PREFIX: dict[str, tuple[str, ...]] = {
    "network": (),
    "deviceconfig": (),
    "vsys": (),
    "ike": ("network",),
    "crypto-profiles": ("network", "ike"),
    "ike-crypto-profiles": ("network", "ike", "crypto-profiles"),
    "ipsec-crypto-profiles": ("network", "ike", "crypto-profiles"),
    "gateway": ("network", "ike"),
    "ipsec": ("network", "tunnel"),
    "tunnel": ("network",),  # <tunnel><ipsec>; an <interface><tunnel> fragment starts at <interface>
    "units": ("network", "interface", "tunnel"),
    "virtual-router": ("network",),
    "logical-router": ("network",),
}
# Child elements that tell what a bare <entry> is.
_IKE_PROFILE = {"hash", "encryption", "dh-group", "lifetime", "authentication-multiple"}
_GATEWAY = {"protocol", "protocol-common", "peer-address", "local-address", "authentication", "peer-id", "local-id"}
_TUNNEL = {"auto-key", "tunnel-interface", "anti-replay", "manual-key", "tunnel-monitor", "copy-tos"}
_UNIT = {"ip", "mtu", "interface-management-profile", "adjust-tcp-mss"}


def fragment_kind(entry: Elem) -> tuple[str, tuple[str, ...]] | None:
    """(kind, path prefix) of a bare ``<entry>`` by the shape of its children."""
    tags = {c.tag for c in entry.children}
    if tags & {"esp", "ah"}:
        return "ipsec-crypto-profile", ("network", "ike", "crypto-profiles", "ipsec-crypto-profiles")
    if tags & _TUNNEL:
        return "ipsec-tunnel", ("network", "tunnel", "ipsec")
    if len(tags & _GATEWAY) >= 2 or "protocol-common" in tags:
        return "ike-gateway", ("network", "ike", "gateway")
    if tags & _IKE_PROFILE and not tags - _IKE_PROFILE - {"authentication"}:
        return "ike-crypto-profile", ("network", "ike", "crypto-profiles", "ike-crypto-profiles")
    if (entry.name or "").startswith("tunnel.") and tags & _UNIT:
        return "tunnel-interface", ("network", "interface", "tunnel", "units")
    return None


def xml_records(text: str, file: str | None = None) -> Read:
    root, problems, comments = parse_xml(text, file)
    out = Read(problems=problems, form="xml")
    tops: list[Elem] = []
    wrapper = root.children[0] if root.children and root.children[0].tag == ROOT else root
    for child in wrapper.children:  # API output: <response><result>...</result></response>
        if child.tag == "response":
            for result in (c for c in child.children if c.tag == "result"):
                tops.extend(result.children)
        else:
            tops.append(child)
    kinds: set[str] = set()
    work: list[tuple[Elem, tuple[str, ...]]] = []
    for top in tops:
        if top.tag == "config":
            out.version = top.name or None
            work.append((top, ("config",)))
            continue
        if top.tag in _CONTAINER_PREFIX:
            work.append((top, _CONTAINER_PREFIX[top.tag] + (top.tag,)))
            kinds.add(top.tag)
            continue
        if top.tag == "entry":
            kind = fragment_kind(top)
            if kind is None:
                problems.append(ParseProblem(
                    message=f"<entry> at line {top.line} is not recognised as a PAN-OS crypto profile, IKE gateway, "
                            "IPsec tunnel or tunnel interface; not read", line=top.line, file=file))
                continue
            kinds.add(kind[0])
            work.append((top, kind[1] + (top.name or "entry",)))
            continue
        problems.append(ParseProblem(
            message=f"<{top.tag}> at line {top.line} is not a PAN-OS configuration element; not read",
            line=top.line, file=file))
    if kinds and not any(t.tag == "config" for t in tops):
        out.fragment = ", ".join(sorted(kinds))
    # The version attribute of <config>
    _config_version(text, out)
    # Iterative walk: (element, its path).
    stack = list(reversed(work))
    while stack:
        node, path = stack.pop()
        out.records.append(Rec(path, None, node.line))
        containers: list[tuple[Elem, tuple[str, ...]]] = []
        for child in node.children:
            if child.unread:
                continue
            if child.tag == "member":
                out.records.append(Rec(path, "".join(child.text).strip(), child.line))
                continue
            word = child.name if child.tag == "entry" and child.name is not None else child.tag
            if not child.children:
                value = "".join(child.text).strip()
                out.records.append(Rec(path + (word,), None if child.tag == "entry" or not value else value, child.line))
                continue
            containers.append((child, path + (word,)))
        stack.extend(reversed(containers))
    out.records.sort(key=lambda r: r.line)
    # Suppressions: <!-- vpnaudit: disable=VPN110 --> applies to the element it sits in (or,
    # outside every element, to the element that follows it). XML forbids "--" inside a comment,
    # so a reason is written after " - " (or kept in the waiver file).
    for line, data, owner in comments:
        directive = parse_directive(data) or parse_directive(data.replace(" - ", " -- ", 1))
        if not directive:
            continue
        if owner is root or owner is wrapper:
            following = next((c for c in wrapper.children if c.line >= line), None)
            start, stop = (following.line, following.end) if following else (line, line)
        else:
            start, stop = owner.line, owner.end
        out.suppressions.append(InlineSuppression(
            rule_ids=directive[0], reason=directive[1], line=line, scope_start=start, scope_end=stop, file=file))
    return out


_VERSION_ATTR = re.compile(r"<config(?:[ \t\r\n][^>]{0,400}?)?[ \t\r\n]version=\"(?P<v>[0-9][0-9.]{0,20})\"")


def _config_version(text: str, out: Read) -> None:
    m = _VERSION_ATTR.search(text[:20000])
    out.version = m.group("v") if m else None


# ---------------------------------------------------------------------------------------------
# set / edit CLI

LEAF = "leaf"
LIST = "list"
ANY = "any"  # known, not modelled, and not IPsec site-to-site (GlobalProtect, GRE): not VPN001


class Entry(dict):  # a named-entry level: the next word is a name, then the given children
    pass


_LIFETIME = {"seconds": LEAF, "minutes": LEAF, "hours": LEAF, "days": LEAF}
_ADJUST_MSS = {"enable": LEAF, "ipv4-mss-adjustment": LEAF, "ipv6-mss-adjustment": LEAF}
_L3 = {
    "ip": Entry(), "mtu": LEAF, "interface-management-profile": LEAF, "adjust-tcp-mss": _ADJUST_MSS,
    "units": Entry({"ip": Entry(), "mtu": LEAF, "tag": LEAF, "interface-management-profile": LEAF,
                    "adjust-tcp-mss": _ADJUST_MSS}),
}
_BGP_PEER = Entry({
    "enable": LEAF, "peer-as": LEAF, "peer-address": {"ip": LEAF, "fqdn": LEAF},
    "local-address": {"ip": LEAF, "interface": LEAF},
    "connection-options": {"keep-alive-interval": LEAF, "hold-time": LEAF, "timers": LEAF,
                           "authentication": LEAF, "multihop": LEAF, "idle-hold-time": LEAF,
                           "open-delay-time": LEAF, "min-route-adv-interval": LEAF},
})
_BGP = {"enable": LEAF, "router-id": LEAF, "local-as": LEAF, "peer-group": Entry({"peer": _BGP_PEER, "enable": LEAF})}
SCHEMA: dict = {
    "network": {
        "ike": {
            "crypto-profiles": {
                "ike-crypto-profiles": Entry({
                    "encryption": LIST, "hash": LIST, "dh-group": LIST, "lifetime": _LIFETIME,
                    "authentication-multiple": LEAF}),
                "ipsec-crypto-profiles": Entry({
                    "esp": {"encryption": LIST, "authentication": LIST}, "ah": {"authentication": LIST},
                    "dh-group": LEAF, "lifetime": _LIFETIME,
                    "lifesize": {"kb": LEAF, "mb": LEAF, "gb": LEAF, "tb": LEAF}}),
                "global-protect-app-crypto-profiles": Entry({"encryption": LIST, "authentication": LIST}),
            },
            "gateway": Entry({
                "authentication": {"pre-shared-key": {"key": LEAF}},
                "protocol": {
                    "version": LEAF,
                    "ikev1": {"exchange-mode": LEAF, "ike-crypto-profile": LEAF,
                              "dpd": {"enable": LEAF, "interval": LEAF, "retry": LEAF}},
                    "ikev2": {"ike-crypto-profile": LEAF, "require-cookie": LEAF,
                              "dpd": {"enable": LEAF, "interval": LEAF}},
                },
                "protocol-common": {
                    "nat-traversal": {"enable": LEAF, "keep-alive-interval": LEAF, "udp-checksum-enable": LEAF},
                    "fragmentation": {"enable": LEAF}, "passive-mode": LEAF,
                },
                "local-address": {"interface": LEAF, "ip": LEAF, "floating-ip": LEAF},
                "peer-address": {"ip": LEAF, "fqdn": LEAF, "dynamic": {}},
                "local-id": {"id": LEAF, "type": LEAF}, "peer-id": {"id": LEAF, "type": LEAF, "matching": LEAF},
                "disabled": LEAF, "comment": LEAF, "ipv6": LEAF,
            }),
        },
        "tunnel": {
            "ipsec": Entry({
                "auto-key": {
                    "ike-gateway": Entry(), "ipsec-crypto-profile": LEAF,
                    "proxy-id": Entry({"local": LEAF, "remote": LEAF,
                                       "protocol": {"any": {}, "number": LEAF,
                                                    "tcp": {"local-port": LEAF, "remote-port": LEAF},
                                                    "udp": {"local-port": LEAF, "remote-port": LEAF}}}),
                },
                "tunnel-interface": LEAF, "anti-replay": LEAF, "anti-replay-window": LEAF, "copy-tos": LEAF,
                "copy-flow-label": LEAF, "enable-gre-encapsulation": LEAF, "disabled": LEAF, "comment": LEAF,
                "ipv6": LEAF,
                "tunnel-monitor": {"enable": LEAF, "destination-ip": LEAF, "tunnel-monitor-profile": LEAF},
            }),
            "global-protect-gateway": ANY, "global-protect-site-to-site": ANY, "gre": ANY,
        },
        "interface": {
            "tunnel": {"units": Entry({"ip": Entry(), "mtu": LEAF, "interface-management-profile": LEAF,
                                       "comment": LEAF, "adjust-tcp-mss": _ADJUST_MSS}),
                       # AWS's sample page writes these at the tunnel level (see the builder)
                       "ip": Entry(), "mtu": LEAF},
            "ethernet": Entry({"layer3": _L3}),
            "aggregate-ethernet": Entry({"layer3": _L3}),
            "vlan": {"units": Entry({"ip": Entry(), "mtu": LEAF, "adjust-tcp-mss": _ADJUST_MSS,
                                     "interface-management-profile": LEAF})},
            "loopback": {"units": Entry({"ip": Entry(), "mtu": LEAF})},
        },
        "virtual-router": Entry({"interface": LIST, "protocol": {"bgp": _BGP}}),
        "logical-router": Entry({"vrf": Entry({"interface": LIST, "bgp": _BGP})}),
        "routing-profile": {"bgp": {"timer-profile": Entry({"keep-alive-interval": LEAF, "hold-time": LEAF})}},
    },
    "deviceconfig": {"system": {"hostname": LEAF}},
    "vsys": Entry({"import": {"network": {"interface": LIST}},
                   "address": Entry({"ip-netmask": LEAF, "fqdn": LEAF, "ip-range": LEAF})}),
    "shared": {"address": Entry({"ip-netmask": LEAF, "fqdn": LEAF, "ip-range": LEAF})},
    "address": Entry({"ip-netmask": LEAF, "fqdn": LEAF, "ip-range": LEAF}),
}

_TOKEN = re.compile(r'"(?P<dq>[^"]*)"|\'(?P<sq>[^\']*)\'|(?P<w>[^ \t"\']+)')
_PROMPT = re.compile(r"^[A-Za-z0-9_.-]{1,64}@[A-Za-z0-9_.()-]{1,64}[#>][ \t]*")
_NOISE = {"configure", "commit", "quit", "exit", "end", "save", "[edit]"}


def _tokens(line: str) -> list[str | list[str]]:
    out: list[str | list[str]] = []
    bracket: list[str] | None = None
    for m in _TOKEN.finditer(line):
        word = m.group("dq") if m.group("dq") is not None else m.group("sq") if m.group("sq") is not None else m.group("w")
        if bracket is None and word == "[" and m.group("w"):
            bracket = []
            continue
        if bracket is not None:
            if word == "]" and m.group("w"):
                out.append(bracket)
                bracket = None
            else:
                bracket.append(word)
            continue
        out.append(word)
    if bracket is not None:
        out.append(bracket)
    return out


class _NeedName:
    """A named-entry list in the walk: the next word is an entry name."""

    __slots__ = ("entry",)

    def __init__(self, entry: Entry):
        self.entry = entry


def _word(w: str | list[str]) -> str:
    return w if isinstance(w, str) else " ".join(w)


def _walk(base: tuple[str, ...], words: list[str | list[str]]) -> list[tuple[tuple[str, ...], list[str] | None]]:
    """Split one set line (relative to ``base``) into leaves: (path, values), values None for a
    container / entry, [] for an opaque statement the schema does not know."""
    out: list[tuple[tuple[str, ...], list[str] | None]] = []
    chain: list[tuple[object, tuple[str, ...]]] = [(SCHEMA, ())]
    for word in base:
        node, path = chain[-1]
        if isinstance(node, _NeedName):
            chain[-1] = (dict(node.entry), path + (word,))
            continue
        child = node.get(word) if isinstance(node, dict) else None
        if child is None or child in (LEAF, LIST):
            return [(base + tuple(_word(w) for w in words), [])]
        chain.append((_NeedName(child) if isinstance(child, Entry) else child, path + (word,)))
    i = 0
    while i < len(words):
        word = words[i]
        node, path = chain[-1]
        if isinstance(node, _NeedName):
            chain[-1] = (dict(node.entry), path + (_word(word),))
            out.append((path + (_word(word),), None))
            i += 1
            continue
        found = None
        if isinstance(word, str):
            for depth in range(len(chain) - 1, -1, -1):  # sibling leaves on one line: look outwards
                cnode, cpath = chain[depth]
                if isinstance(cnode, dict) and word in cnode:
                    found = (depth, cnode[word], cpath + (word,))
                    break
        if found is None:
            out.append((path + tuple(_word(w) for w in words[i:]), []))
            return out
        depth, child, cpath = found
        del chain[depth + 1:]
        if child == ANY:
            out.append((cpath + tuple(_word(w) for w in words[i + 1:]), None))
            return out
        if child in (LEAF, LIST):
            if i + 1 >= len(words):
                out.append((cpath, None))
                return out
            value = words[i + 1]
            out.append((cpath, value if isinstance(value, list) else [value]))
            i += 2
            continue
        chain.append((_NeedName(child) if isinstance(child, Entry) else child, cpath))
        out.append((cpath, None))
        i += 1
    return out


def _deepest(leaves: list[tuple[tuple[str, ...], list[str] | None]]) -> list[tuple[tuple[str, ...], list[str] | None]]:
    """The leaves of one set line without the containers a later leaf of the same line goes into
    (at or under): those need no record of their own (lines come from leaves). One backward pass
    over a trie of the later leaves' paths, where comparing every leaf with every later one was
    quadratic in the leaves of a line."""
    seen: dict = {}  # word -> its trie node (a dict again)
    any_later = False
    kept: list[tuple[tuple[str, ...], list[str] | None]] = []
    for leaf in reversed(leaves):
        path, values = leaf
        if values is not None:
            keep = True
        else:
            node: dict | None = seen
            for word in path:
                node = node.get(word)  # type: ignore[union-attr]
                if node is None:
                    break
            keep = node is None or (not path and not any_later)
        if keep:
            kept.append(leaf)
        node = seen
        for word in path:
            kid = node.get(word)
            if kid is None:
                kid = node[word] = {}
            node = kid
        any_later = True
    kept.reverse()
    return kept


def set_records(text: str, file: str | None = None) -> Read:
    out = Read(form="set")
    context: list[tuple[str, ...]] = []  # edit levels, each the absolute path it reached
    block = 0
    pending: list[tuple[int, tuple[str, ...], str | None]] = []
    deletes = Deletes()  # applied once at the end: a delete removes the records written before it
    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        stripped = _PROMPT.sub("", raw.strip())
        if not stripped:
            continue
        if stripped[0] in "#!":
            directive = parse_directive(stripped)
            if directive:
                pending.append((number, directive[0], directive[1]))
            continue
        words = _tokens(stripped)
        head = words[0] if words and isinstance(words[0], str) else ""
        if head in ("top",):
            context, block = [], 0
            continue
        if head in ("up", "exit") and context:
            context.pop()
            if not context:
                block = 0
            continue
        if head in _NOISE or (head.startswith("[edit") and stripped.endswith("]")):
            continue
        if head not in ("set", "edit", "delete"):
            out.ignored.append(number)
            continue
        base = context[-1] if context else ()
        rest = words[1:]
        if head == "delete":
            for path, _values in _walk(base, rest)[-1:]:
                deletes.mark(path, len(out.records))
            continue
        if head == "edit":
            # the level reached, as an absolute path (``edit network ...`` inside another edit
            # without ``top``, as AWS's sample writes it, resolves from the root like the CLI's
            # outward lookup)
            leaves = _walk(base, rest)
            context.append(leaves[-1][0] if leaves else base)
            block = number
            continue
        leaves = _deepest(_walk(base, rest))
        for path, values in leaves:
            if values is None:
                out.records.append(Rec(path, None, number, block))
            elif values == []:
                out.records.append(Rec(path, "", number, block))
            else:
                for value in values:
                    out.records.append(Rec(path, value, number, block))
    if deletes:
        out.records = deletes.kept(out.records)
    # Suppressions: a comment applies to the run of commands that follows it (up to a blank or
    # comment line), or to the edit block it sits in.
    for number, ids, reason in pending:
        start = number + 1
        end = start
        while end <= len(lines) and lines[end - 1].strip() and lines[end - 1].strip()[0] not in "#!":
            end += 1
        out.suppressions.append(InlineSuppression(
            rule_ids=ids, reason=reason, line=number, scope_start=min(start, len(lines)),
            scope_end=max(min(end - 1, len(lines)), min(start, len(lines))), file=file))
    return out
