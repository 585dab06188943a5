"""PAN-OS records -> model: crypto profiles, IKE gateways, IPsec tunnels, tunnel interfaces, BGP.

Records are split into device scopes first: the firewall itself (``/config/devices/entry``,
``shared``) and every Panorama template (``.../template/entry[@name=T]/config``) that carries
network configuration become one Device each.
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from ..._struct import dataclass, field

from ... import vocab
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
from ...secrets import MASK, hidden_words, mask_words
from . import defaults as D
from .reader import ANY, LEAF, LIST, READ_UNDER, READ_UNDER_ENTRY, SCHEMA, Entry, Rec

ENCRYPTION = {
    "des": "DES", "3des": "3DES", "null": "NULL",
    "aes-128-cbc": "AES128", "aes-192-cbc": "AES192", "aes-256-cbc": "AES256",
    "aes128": "AES128", "aes192": "AES192", "aes256": "AES256",  # PAN-OS before 7.0 (and AWS's sample)
    "aes-128-ccm": "AES128-CCM-16",
    "aes-128-gcm": "AES128-GCM-16", "aes-256-gcm": "AES256-GCM-16",
}
HASH = {"md5": "MD5", "sha1": "SHA1", "sha256": "SHA2-256", "sha384": "SHA2-384", "sha512": "SHA2-512"}
_NO_INTEGRITY = {"none", "non-auth"}
_LIFETIME_UNIT = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_LIFESIZE_KB = {"kb": 1, "mb": 1024, "gb": 1024 ** 2, "tb": 1024 ** 3}
_ANCHORS = ("network", "deviceconfig", "vsys", "shared", "address")
# Template / script placeholders: Jinja {{ x }} / {% %}, ${x}, <x>, Python {x}, $x, %x%, YOUR_X, ALL_CAPS_X.
_PLACEHOLDER = re.compile(
    r"\{\{|\{%|\$\{|^<[^>]*>$|^\{[A-Za-z_][\w.]{0,63}\}$|^\$[A-Za-z_]\w{0,63}$|^%[A-Za-z_]\w{0,63}%$|"
    r"^YOUR_[A-Z0-9_]+$|^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")
_ENCRYPTED_KEY = "-AQ=="  # PAN-OS master-key encrypted secret


def placeholder(value: str | None) -> bool:
    return bool(value) and bool(_PLACEHOLDER.search(value or ""))


# ---------------------------------------------------------------------------------------------
# A small tree over the records of one scope


@dataclass(slots=True, eq=False)
class Node:
    line: int | None = None
    kids: dict[str, Node] = field(default_factory=dict)
    values: list[tuple[str, int]] = field(default_factory=list)
    opaque: list[tuple[tuple[str, ...], int]] = field(default_factory=list)
    block: int = 0
    file: str | None = None  # set when the device is read from several files

    def get(self, *path: str) -> Node | None:
        node: Node | None = self
        for word in path:
            node = node.kids.get(word) if node else None
        return node

    def value(self, *path: str) -> tuple[str | None, int | None]:
        node = self.get(*path)
        if node is None:
            return None, None
        if node.values:
            value, line = node.values[-1]
            return value, line
        return None, node.line

    def list(self, *path: str) -> list[tuple[str, int]]:
        node = self.get(*path)
        return list(node.values) if node else []

    def names(self, *path: str) -> dict[str, Node]:
        node = self.get(*path)
        return dict(node.kids) if node else {}

    def walk(self, prefix: tuple[str, ...] = ()) -> Iterable[tuple[tuple[str, ...], Node]]:
        stack = [(prefix, self)]
        while stack:
            path, node = stack.pop()
            yield path, node
            for word, kid in reversed(list(node.kids.items())):
                stack.append((path + (word,), kid))


def _insert(root: Node, rec: Rec, rel: tuple[str, ...], file: str | None) -> None:
    node = root
    line = rec.line
    for word in rel:
        kid = node.kids.get(word)
        if kid is None:
            kid = node.kids[word] = Node(line=line, file=file)
        elif kid.line is None or (line < kid.line and kid.file == file):
            kid.line = line
        node = kid
    if rec.value == "" and rec.value is not None:
        node.opaque.append((rel, rec.line))
    elif rec.value is not None:
        node.values.append((rec.value, rec.line))
    node.block = node.block or rec.block


def _anchor(path: tuple[str, ...]) -> int | None:
    for i, word in enumerate(path):
        if word in _ANCHORS and (i == 0 or path[i - 1] == "config" or (i >= 2 and path[i - 2] == "devices")):
            return i
    return None


def split_scopes(records: Sequence[Rec], file: str | None = None) -> dict[tuple[str, ...], Node]:
    scopes: dict[tuple[str, ...], Node] = {}
    for rec in records:
        i = _anchor(rec.path)
        if i is None:
            continue
        rel = rec.path[i:]
        if not _read_by_builder(rel):
            continue
        prefix = rec.path[:i]
        if len(prefix) >= 2 and prefix[-2] == "devices":
            prefix = prefix[:-2]
        scope = scopes.get(prefix)
        if scope is None:
            scope = scopes[prefix] = Node(file=file)
        _insert(scope, rec, rel, file)
    return scopes


def _read_by_builder(rel: tuple[str, ...]) -> bool:
    """Whether the builder reads anything at or under ``rel`` (a path from a scope's anchor): all of
    ``network`` and the address objects, and under a vsys entry, ``shared`` and ``deviceconfig``
    only what ``reader.READ_UNDER_ENTRY`` / ``READ_UNDER`` name (the XML reader skips the rest itself)."""
    top = rel[0]
    kept = READ_UNDER_ENTRY.get(top)
    if kept is not None:
        return len(rel) < 3 or rel[2] in kept
    kept = READ_UNDER.get(top)
    if kept is not None:
        return len(rel) < 2 or rel[1] in kept
    return True


def schema_known(rel: tuple[str, ...]) -> bool:
    node: object = SCHEMA
    need_name = False
    for word in rel:
        if need_name:
            need_name = False
            continue
        if node in (LEAF, LIST, ANY):
            return True  # the value itself, or a subtree known but not modelled
        if not isinstance(node, dict) or word not in node:
            return False
        node = node[word]
        need_name = isinstance(node, Entry)
    return True


# ---------------------------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _is_ip(value: str | None) -> bool:
    if not value:
        return False
    try:
        ipaddress.ip_interface(value)
        return True
    except ValueError:
        return False


class SourceLines:
    """The raw lines of the files of one parse (file None: the device's own source), numbered as
    their readers numbered them (expat counts line feeds only; the set reader uses ``splitlines``).
    A file is split once, when a line of it is first asked for, whichever device asks."""

    def __init__(self, texts: dict[str | None, str]):
        self._texts = texts
        self._lines: dict[str | None, list[str]] = {}

    def line(self, file: str | None, number: int) -> str:
        lines = self._lines.get(file)
        if lines is None:
            text = self._texts.get(file, "")
            lines = self._lines[file] = text.split("\n") if text.lstrip()[:1] == "<" else text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""


class Builder:
    def __init__(self, source: str, root: Node, version: str | None, fragment: str | None,
                 lines: SourceLines | None = None):
        self.source = source
        self.lines = lines or SourceLines({})  # for what ``_unmodeled`` quotes
        self.root = root
        self.version = version
        self.fragment = fragment
        self.unmodeled: dict[tuple[str | None, int], Unmodeled] = {}
        self.dangling: list[DanglingReference] = []
        self._dangling_seen: set[DanglingReference] = set()
        self.notes: dict[str, str] = {}
        self.unknowns: list[str] = []

    # -- helpers ----------------------------------------------------------------------------
    def _dangle(self, kind: str, name: str, line: int | None, referrer: str, file: str | None = None) -> None:
        if self.fragment:  # a fragment names objects that live in the configuration around it
            self.unknowns.append(f"{referrer}: {kind} {name} (not in the fragment)")
            return
        ref = DanglingReference(kind=kind, name=name, line=line, referrer=referrer, file=file)
        if ref not in self._dangling_seen:
            self._dangling_seen.add(ref)
            self.dangling.append(ref)

    def _check_known(self, base: tuple[str, ...], node: Node) -> None:
        for rel, sub in node.walk(base):
            for opaque_path, line in sub.opaque:
                self._unmodeled(opaque_path, line, sub.file)
            if sub.kids or not rel:
                continue
            if not schema_known(rel):
                self._unmodeled(rel + tuple(v for v, _ in sub.values[:1]), sub.line or 0, sub.file)

    def _unmodeled(self, words: Sequence[str], line: int, file: str | None = None) -> None:
        if line and (file, line) not in self.unmodeled:
            # PAN-OS master-key encrypted secrets (-AQ==...) are hidden wherever they stand
            shown = [MASK if w.startswith(_ENCRYPTED_KEY) else w for w in words]
            # The words come from a path and a value: the secret word of the line may not be among
            # them. Whatever masking hides in the line itself is hidden in them too.
            hidden = hidden_words(self.lines.line(file, line))
            self.unmodeled[(file, line)] = Unmodeled(line=line, text=mask_words(shown, hidden), file=file)

    def _lifetime(self, node: Node) -> tuple[int | None, int | None, bool]:
        """(seconds, line, unknown) of a ``lifetime`` container."""
        life = node.get("lifetime")
        if life is None:
            return None, None, False
        for unit, factor in _LIFETIME_UNIT.items():
            value, line = life.value(unit)
            if value is not None:
                number = _int(value)
                if number is None:
                    return None, line, True
                return number * factor, line, False
        return None, life.line, False

    def _enc(self, values: list[tuple[str, int]]) -> tuple[str, ...]:
        return tuple(ENCRYPTION.get(v.lower(), vocab.unknown(v)) for v, _ in values)

    def _hash(self, values: list[tuple[str, int]]) -> tuple[str, ...]:
        return tuple(HASH.get(v.lower(), vocab.unknown(v)) for v, _ in values if v.lower() not in _NO_INTEGRITY)

    def _groups(self, values: list[tuple[str, int]]) -> tuple[int, ...]:
        out: list[int] = []
        for v, _ in values:
            g = vocab.dh_group(v)
            if g is not None and g not in out:
                out.append(g)
        return tuple(out)

    # -- crypto profiles ----------------------------------------------------------------------
    def ike_profile(self, name: str, node: Node) -> IkeProposal:
        self._check_known(("network", "ike", "crypto-profiles", "ike-crypto-profiles", name), node)
        defaults: list[str] = []
        lines: dict[str, int] = {}
        enc_vals, hash_vals, dh_vals = node.list("encryption"), node.list("hash"), node.list("dh-group")
        for fname, vals in (("encryption", enc_vals), ("integrity", hash_vals), ("dh_groups", dh_vals)):
            if vals:
                lines[fname] = vals[0][1]
        encryption = self._enc(enc_vals)
        integrity = self._hash(hash_vals)
        lifetime, life_line, unknown = self._lifetime(node)
        if life_line:
            lines["lifetime_seconds"] = life_line
        if lifetime is None and not unknown:
            lifetime = D.IKE_LIFETIME
            defaults.append("lifetime_seconds")
        if unknown:
            self.notes[f"ike-crypto-profile:{name}"] = "lifetime is a template placeholder (unknown)"
        return IkeProposal(
            name=name, line=node.line, file=node.file, encryption=encryption, integrity=integrity, prf=integrity,
            dh_groups=self._groups(dh_vals), lifetime_seconds=lifetime, defaults=tuple(defaults),
            lines=tuple(sorted(lines.items())))

    def predefined_ike(self, name: str, line: int | None, file: str | None) -> IkeProposal:
        enc, hashes, groups, life = D.PREDEFINED_IKE[name]
        integ = tuple(HASH[h] for h in hashes)
        return IkeProposal(
            name=name, line=line, file=file, encryption=tuple(ENCRYPTION[e] for e in enc), integrity=integ, prf=integ,
            dh_groups=tuple(vocab.dh_group(g) or 0 for g in groups), lifetime_seconds=life)

    def ipsec_profile(self, name: str, node: Node) -> tuple[IpsecProposal, dict]:
        self._check_known(("network", "ike", "crypto-profiles", "ipsec-crypto-profiles", name), node)
        facts: dict = {"defaults": [], "lines": {}}
        if node.get("ah") is not None and node.get("esp") is None:
            protocol = "ah"
            encryption: tuple[str, ...] = ()
            auth = node.list("ah", "authentication")
            integrity = self._hash(auth)
        else:
            protocol = "esp"
            encryption = self._enc(node.list("esp", "encryption"))
            auth = node.list("esp", "authentication")
            integrity = self._hash(auth)
            if node.get("esp") is None:
                facts["defaults"].append("protocol")
        dh, dh_line = node.value("dh-group")
        if dh_line and dh is not None:
            facts["lines"]["pfs_groups"] = dh_line
        if dh is None:
            pfs: tuple[int, ...] = (D.PFS_GROUP,)
            facts["defaults"].append("pfs_groups")
        elif dh == "no-pfs":
            pfs = ()
        elif placeholder(dh):
            pfs = ()
            self.unknowns.append(f"ipsec-crypto-profile {name}: dh-group")
        else:
            g = vocab.dh_group(dh)
            pfs = (g,) if g is not None else ()
            if g is None:
                self._unmodeled(("network", "ike", "crypto-profiles", "ipsec-crypto-profiles", name, "dh-group", dh),
                                dh_line or 0)
        lifetime, life_line, unknown = self._lifetime(node)
        if life_line:
            facts["lines"]["lifetime_seconds"] = life_line
        if lifetime is None and not unknown:
            lifetime = D.IPSEC_LIFETIME
            facts["defaults"].append("lifetime_seconds")
        kbytes = None
        size = node.get("lifesize")
        if size is not None:
            for unit, factor in _LIFESIZE_KB.items():
                v, _ = size.value(unit)
                if _int(v) is not None:
                    kbytes = _int(v) * factor  # type: ignore[operator]
        facts.update(pfs=pfs, lifetime=lifetime, kbytes=kbytes, protocol=protocol)
        proposal = IpsecProposal(name=name, line=node.line, file=node.file, protocol=protocol, encryption=encryption,  # type: ignore[arg-type]
                                 integrity=integrity, dh_groups=pfs)
        return proposal, facts

    def predefined_ipsec(self, name: str, line: int | None, file: str | None) -> tuple[IpsecProposal, dict]:
        enc, auth, group, life = D.PREDEFINED_IPSEC[name]
        g = vocab.dh_group(group)
        pfs = (g,) if g else ()
        proposal = IpsecProposal(
            name=name, line=line, file=file, protocol="esp", encryption=tuple(ENCRYPTION[e] for e in enc),
            integrity=tuple(HASH[a] for a in auth if a not in _NO_INTEGRITY), dh_groups=pfs)
        return proposal, {"defaults": [], "lines": {}, "pfs": pfs,
                          "lifetime": life, "kbytes": None, "protocol": "esp"}

    # -- device -----------------------------------------------------------------------------
    def device(self, hostname: str | None, problems: list[ParseProblem],
               suppressions: list[InlineSuppression], extra_in: dict[str, str]) -> Device:
        root = self.root
        net = root.get("network") or Node()
        ike_nodes = net.names("ike", "crypto-profiles", "ike-crypto-profiles")
        ipsec_nodes = net.names("ike", "crypto-profiles", "ipsec-crypto-profiles")
        ike_profiles = {n: self.ike_profile(n, node) for n, node in ike_nodes.items()}
        ipsec_profiles = {n: self.ipsec_profile(n, node) for n, node in ipsec_nodes.items()}
        used_predefined_ike: dict[str, IkeProposal] = {}
        used_predefined_ipsec: dict[str, IpsecProposal] = {}

        def resolve_ike(name: str, line: int | None, referrer: str, file: str | None) -> IkeProposal | None:
            if name in ike_profiles:
                return ike_profiles[name]
            if placeholder(name):
                self.unknowns.append(f"{referrer}: ike-crypto-profile")
                return None
            if name in D.PREDEFINED_IKE:
                prop = self.predefined_ike(name, line, file)
                used_predefined_ike.setdefault(name, prop)
                return prop
            self._dangle("ike-crypto-profile", name, line, referrer, file)
            return None

        def resolve_ipsec(name: str, line: int | None, referrer: str, file: str | None) -> tuple[IpsecProposal, dict] | None:
            if name in ipsec_profiles:
                return ipsec_profiles[name]
            if placeholder(name):
                self.unknowns.append(f"{referrer}: ipsec-crypto-profile")
                return None
            if name in D.PREDEFINED_IPSEC:
                hit = self.predefined_ipsec(name, line, file)
                used_predefined_ipsec.setdefault(name, hit[0])
                return hit
            self._dangle("ipsec-crypto-profile", name, line, referrer, file)
            return None

        addresses = self._address_objects()
        interfaces = self._interfaces(net)
        gateways: dict[str, tuple[Node, dict]] = {}
        keys: list[PreSharedKey] = []
        for name, gw in net.names("ike", "gateway").items():
            facts = self._gateway(name, gw, resolve_ike, addresses, interfaces)
            gateways[name] = (gw, facts)
            if facts["ike"].psk is not None:
                keys.append(facts["ike"].psk)

        for top in ("ike", "tunnel", "ipsec"):  # anything else under these is an unknown crypto statement
            sub = net.get(top)
            if sub is not None:
                self._check_known(("network", top), sub)

        bgp, neighbors = self._bgp(net)
        tunnels: list[Tunnel] = []
        for name, tn in net.names("tunnel", "ipsec").items():
            tunnels.append(self._tunnel(name, tn, gateways, resolve_ipsec, interfaces, neighbors))

        ike_policies = list(ike_profiles.values()) + [p for n, p in used_predefined_ike.items() if n not in ike_profiles]
        ipsec_proposals = [p for p, _ in ipsec_profiles.values()] + [
            p for n, p in used_predefined_ipsec.items() if n not in ipsec_profiles]
        extra = dict(extra_in)
        extra.update(self.notes)
        if self.unknowns:
            extra["unknown"] = "template placeholders (unknown values): " + "; ".join(dict.fromkeys(self.unknowns))
        if self.fragment:
            extra["fragment"] = f"config-as-code fragment ({self.fragment}) without the surrounding configuration"
        vsys = self._vsys()
        if vsys:
            extra["vsys"] = vsys
        gp = net.names("ike", "crypto-profiles", "global-protect-app-crypto-profiles")
        if gp:
            extra["global-protect"] = (f"{len(gp)} GlobalProtect app crypto profile(s) (client VPN, not site-to-site): "
                                       "not judged")
        if not (ike_policies or ipsec_proposals or tunnels or gateways or gp) and not problems:
            problems = problems + [ParseProblem(
                message="no PAN-OS IKE/IPsec configuration found (no crypto profiles, gateways or tunnels)")]
        return Device(
            source=self.source, vendor="panos", hostname=hostname, files=(self.source,), version=self.version,
            tunnels=tuple(tunnels), ike_policies=tuple(ike_policies), ipsec_proposals=tuple(ipsec_proposals),
            keys=tuple(keys), bgp=bgp,
            unmodeled=tuple(sorted(self.unmodeled.values(), key=lambda u: (u.file or "", u.line))),
            dangling=tuple(self.dangling), problems=tuple(problems),
            suppressions=tuple(sorted(suppressions, key=lambda s: s.line)), extra=extra)

    def _vsys(self) -> str:
        parts = []
        for name, node in self.root.names("vsys").items():
            members = [v for v, _ in node.list("import", "network", "interface")]
            if members:
                parts.append(f"{name}: {', '.join(members)}")
        return "; ".join(parts)

    def _address_objects(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for base in (("shared", "address"), ("address",)):
            for name, node in self.root.names(*base).items():
                value, _ = node.value("ip-netmask")
                if value:
                    out[name] = value
        for _, vs in self.root.names("vsys").items():
            for name, node in vs.names("address").items():
                value, _ = node.value("ip-netmask")
                if value:
                    out[name] = value
        return out

    def _interfaces(self, net: Node) -> dict[str, dict]:
        """interface name -> {ips: [(addr, line)], mtu, mtu_line, mss (adjustment or None), line}."""
        out: dict[str, dict] = {}

        def add(name: str, node: Node, default_mtu: int | None) -> None:
            mtu, mtu_line = node.value("mtu")
            mss_on, mss_line = node.value("adjust-tcp-mss", "enable")
            adj, _ = node.value("adjust-tcp-mss", "ipv4-mss-adjustment")
            out[name] = {
                "ips": [(ip, n.line) for ip, n in node.names("ip").items()], "mtu": _int(mtu),
                "mtu_line": mtu_line if mtu is not None else None, "default_mtu": default_mtu,
                "mss_adjust": (_int(adj) or D.MSS_ADJUSTMENT) if mss_on == "yes" else None,
                "mss_line": mss_line, "line": node.line, "block": node.block,
            }

        for name, node in net.names("interface", "tunnel", "units").items():
            add(name, node, D.TUNNEL_MTU)
        for kind in ("ethernet", "aggregate-ethernet"):
            for name, node in net.names("interface", kind).items():
                l3 = node.get("layer3")
                if l3 is None:
                    continue
                add(name, l3, 1500)
                for unit, unode in l3.names("units").items():
                    add(unit, unode, 1500)
        for sub in ("vlan", "loopback"):
            for unit, unode in net.names("interface", sub, "units").items():
                add(unit, unode, 1500)
        # AWS's sample page sets ``ip`` and ``mtu`` on ``network interface tunnel`` itself, beside
        # ``units tunnel.N`` in the same edit block: read them as that unit's settings.
        tnode = net.get("interface", "tunnel")
        if tnode is not None:
            # Looked up per unit by its edit block, not searched per unit (that was units x ips).
            first_ip: dict[int, tuple[str, int | None]] = {}  # edit block -> its first loose ip
            for ip, n in tnode.names("ip").items():
                first_ip.setdefault(n.block, (ip, n.line))
            starts = sorted(u.block for u in tnode.names("units").values() if u.block)
            # A unit reads the loose mtus after its edit line and before the next unit's: the first
            # one that is a number, else (all read as None) the last one. The spans of different
            # edit lines do not overlap, so each mtu falls into at most one.
            span_mtu: dict[int, tuple[int | None, int]] = {}  # edit block -> (mtu, line)
            for v, line in tnode.list("mtu"):
                i = bisect_left(starts, line)
                if i == 0 or (starts[i] == line if i < len(starts) else line >= 1 << 30):
                    continue
                block = starts[i - 1]
                known = span_mtu.get(block)
                if known is None or known[0] is None:
                    span_mtu[block] = (_int(v), line)
            for name, unode in tnode.names("units").items():
                if not unode.block:
                    continue
                entry = out.setdefault(name, {"ips": [], "mtu": None, "mtu_line": None, "default_mtu": D.TUNNEL_MTU,
                                              "mss_adjust": None, "mss_line": None, "line": unode.line, "block": 0})
                if unode.block in first_ip and not entry["ips"]:
                    entry["ips"].append(first_ip[unode.block])
                    self.notes["tunnel-interface-shape"] = (
                        "ip/mtu set on 'network interface tunnel' are read as settings of the unit named in the "
                        "same edit block (the shape of AWS's sample configuration)")
                if unode.block in span_mtu and entry["mtu"] is None:
                    entry["mtu"], entry["mtu_line"] = span_mtu[unode.block]
        return out

    # -- gateways ---------------------------------------------------------------------------
    def _gateway(self, name: str, gw: Node, resolve_ike, addresses: dict[str, str], interfaces: dict[str, dict]) -> dict:
        self._check_known(("network", "ike", "gateway", name), gw)
        referrer = f"ike gateway {name}"
        defaults: list[str] = []
        lines: dict[str, int] = {}
        version, vline = gw.value("protocol", "version")
        if vline and version:
            lines["versions"] = vline
        if version is None:
            version = D.VERSION
            defaults.append("versions")
        versions = {"ikev1": (1,), "ikev2": (2,), "ikev2-preferred": (2, 1)}.get(version)
        if versions is None:
            self._unmodeled(("network", "ike", "gateway", name, "protocol", "version", version), vline or 0)
            versions = ()
        proposals: list[IkeProposal] = []
        profile_default = False
        by_profile: dict[str, list[int]] = {}
        profile_line: dict[str, int | None] = {}
        for v in versions:
            key = f"ikev{v}"
            pname, pline = gw.value("protocol", key, "ike-crypto-profile")
            if pname is None:
                pname, pline = D.DEFAULT_PROFILE, gw.line
                profile_default = True
            by_profile.setdefault(pname, []).append(v)
            profile_line.setdefault(pname, pline)
        for pname, vs in by_profile.items():
            prop = resolve_ike(pname, profile_line[pname], referrer, gw.file)
            if prop is not None:
                proposals.append(prop.model_copy(update={"versions": tuple(sorted(vs))}))
        if profile_default:
            defaults.append("proposals")
        mode = None
        if 1 in versions:
            exch, eline = gw.value("protocol", "ikev1", "exchange-mode")
            if eline and exch:
                lines["mode"] = eline
            if exch is None:
                exch = D.EXCHANGE_MODE
                defaults.append("mode")
            mode = {"main": "main", "aggressive": "aggressive", "auto": "main"}.get(exch)
            if exch == "auto":
                self.notes[f"ike-gateway:{name}"] = ("exchange-mode auto: initiates main mode, and answers a peer "
                                                     "that starts aggressive mode")
        auth = None
        psk = None
        if gw.get("authentication", "pre-shared-key") is not None:
            auth = "psk"
            psk = self._psk(name, gw)
        elif gw.get("authentication", "certificate") is not None:
            auth = "certificate"
        dpd = self._dpd(gw, versions)
        nat, _ = gw.value("protocol-common", "nat-traversal", "enable")
        if nat is None:
            defaults.append("nat_traversal")
        local_id, _ = gw.value("local-id", "id")
        remote_id, _ = gw.value("peer-id", "id")
        ike = IkeConfig(
            name=name, line=gw.line, file=gw.file, versions=versions, mode=mode, auth=auth, proposals=tuple(proposals),  # type: ignore[arg-type]
            lifetime_seconds=proposals[0].lifetime_seconds if proposals else None, dpd=dpd, psk=psk,
            local_id=None if placeholder(local_id) else local_id, remote_id=None if placeholder(remote_id) else remote_id,
            nat_traversal=(nat == "yes") if nat is not None else D.NAT_TRAVERSAL,
            defaults=tuple(defaults), lines=tuple(sorted(lines.items())))
        # addresses
        unknown: list[str] = []
        peer, _ = gw.value("peer-address", "ip")
        fqdn, _ = gw.value("peer-address", "fqdn")
        if peer is None and fqdn:
            peer = fqdn
        if peer is not None and not _is_ip(peer):
            if peer in addresses:
                peer = addresses[peer].split("/")[0]
            elif placeholder(peer) or peer != fqdn:
                unknown.append("peer_address")
                peer = None
        elif peer is not None:
            peer = peer.split("/")[0]
        if gw.get("peer-address", "dynamic") is not None:
            peer = "0.0.0.0"
            self.notes[f"ike-gateway:{name}:peer"] = "dynamic peer address"
            if ike.psk is not None:  # the key answers any peer that knows it
                ike = ike.model_copy(update={"psk": ike.psk.model_copy(update={"peer": "dynamic", "wildcard_peer": True})})
        iface, _ = gw.value("local-address", "interface")
        local, _ = gw.value("local-address", "ip")
        if local is not None and not _is_ip(local):
            if local in addresses:
                local = addresses[local]
            else:
                unknown.append("local_address")
                local = None
        if local is None and iface and iface in interfaces and interfaces[iface]["ips"]:
            candidate = interfaces[iface]["ips"][0][0]
            local = candidate if _is_ip(candidate) else addresses.get(candidate)
        if local is not None:
            local = local.split("/")[0]
        if placeholder(iface):
            iface = None
        disabled, _ = gw.value("disabled")
        passive, _ = gw.value("protocol-common", "passive-mode")
        if passive == "yes":
            self.notes[f"ike-gateway:{name}:passive"] = "passive-mode yes: responds only, never initiates"
        return {"ike": ike, "peer": peer, "local": local, "iface": iface, "enabled": disabled != "yes",
                "unknown": unknown}

    def _psk(self, name: str, gw: Node) -> PreSharedKey:
        value, line = gw.value("authentication", "pre-shared-key", "key")
        line = line or gw.line
        file = gw.file
        if value is None or value == "":
            return PreSharedKey(present=True, encoding="other", line=line, name=name, file=file)
        if value.startswith(_ENCRYPTED_KEY):
            return PreSharedKey(present=True, encrypted=True, encoding="other", line=line, name=name, file=file)
        if placeholder(value):
            return PreSharedKey(present=True, encoding="masked", placeholder=True, line=line, name=name, file=file)
        if set(value) == {"*"}:
            return PreSharedKey(present=True, encoding="masked", line=line, name=name, file=file)
        return PreSharedKey.from_secret(value, encoding="plain", line=line, name=name, file=file)

    def _dpd(self, gw: Node, versions: tuple[int, ...]) -> Dpd | None:
        if not versions:
            return None
        if versions[0] == 2:  # IKEv2 liveness check
            node = gw.get("protocol", "ikev2", "dpd")
            enable, eline = (node.value("enable") if node else (None, None))
            interval, iline = (node.value("interval") if node else (None, None))
            defaults = []
            if enable is None:
                on = D.liveness_on_by_default(self.version)
                defaults.append("enabled")
            else:
                on = enable == "yes"
            secs = _int(interval)
            if secs is None:
                secs = D.IKEV2_LIVENESS_INTERVAL
                defaults.append("interval_seconds")
            lines = {k: v for k, v in (("enabled", eline), ("interval_seconds", iline)) if v and (
                k != "enabled" or enable is not None) and (k != "interval_seconds" or interval is not None)}
            return Dpd(enabled=on, interval_seconds=secs if on else None, line=(node.line if node else gw.line),
                       defaults=tuple(defaults), lines=tuple(sorted(lines.items())))
        node = gw.get("protocol", "ikev1", "dpd")
        enable, _ = (node.value("enable") if node else (None, None))
        interval, _ = (node.value("interval") if node else (None, None))
        retry, _ = (node.value("retry") if node else (None, None))
        defaults = []
        if enable is None:
            defaults.append("enabled")
        on = enable != "no"
        secs, tries = _int(interval), _int(retry)
        if secs is None:
            secs = D.IKEV1_DPD_INTERVAL
            defaults.append("interval_seconds")
        if tries is None:
            tries = D.IKEV1_DPD_RETRY
            defaults.append("retries")
        return Dpd(enabled=on, interval_seconds=secs if on else None, retries=tries if on else None,
                   line=node.line if node else gw.line, defaults=tuple(defaults))

    # -- tunnels ----------------------------------------------------------------------------
    def _tunnel(self, name: str, tn: Node, gateways, resolve_ipsec, interfaces, neighbors) -> Tunnel:
        self._check_known(("network", "tunnel", "ipsec", name), tn)
        referrer = f"ipsec tunnel {name}"
        defaults: list[str] = []
        lines: dict[str, int] = {}
        unknown: list[str] = []
        enabled = tn.value("disabled")[0] != "yes"
        if tn.get("manual-key") is not None:
            for rel, sub in tn.get("manual-key").walk(("network", "tunnel", "ipsec", name, "manual-key")):  # type: ignore[union-attr]
                if sub.line:
                    self._unmodeled(rel, sub.line)
                    break
        gw_names = list(tn.names("auto-key", "ike-gateway").items())
        ike = None
        peer = local = iface = None
        if gw_names:
            gname, gnode = gw_names[0]
            if len(gw_names) > 1:
                self.notes[f"ipsec-tunnel:{name}"] = "several IKE gateways (failover): " + ", ".join(g for g, _ in gw_names)
            if gname in gateways:
                facts = gateways[gname][1]
                ike, peer, local, iface = facts["ike"], facts["peer"], facts["local"], facts["iface"]
                enabled = enabled and facts["enabled"]
                unknown.extend(facts["unknown"])
            elif placeholder(gname):
                unknown.append("ike")
            else:
                self._dangle("ike-gateway", gname, gnode.line, referrer, tn.file)
                if self.fragment:
                    unknown.append("ike")
        ipsec = None
        if tn.get("auto-key") is not None:
            pname, pline = tn.value("auto-key", "ipsec-crypto-profile")
            ipdefaults: list[str] = []
            if pname is None:
                pname, pline = D.DEFAULT_PROFILE, tn.line
                ipdefaults.append("proposals")
            hit = resolve_ipsec(pname, pline, referrer, tn.file)
            if hit is not None:
                proposal, facts = hit
                ipdefaults.extend(facts["defaults"])
                replay, rline = tn.value("anti-replay")
                iplines = dict(facts["lines"])
                if replay is None:
                    ipdefaults.append("replay_protection")
                elif rline:
                    iplines["replay_protection"] = rline
                window, _ = tn.value("anti-replay-window")
                on = replay != "no"
                win = _int(window) if window is not None else (D.REPLAY_WINDOW if on else None)
                if window is None and on:
                    ipdefaults.append("replay_window")
                ipsec = IpsecConfig(
                    name=pname, line=proposal.line, protocol=facts["protocol"], mode="tunnel",
                    proposals=(proposal,), pfs_groups=facts["pfs"], lifetime_seconds=facts["lifetime"],
                    lifetime_kilobytes=facts["kbytes"], replay_protection=on, replay_window=win,
                    defaults=tuple(dict.fromkeys(ipdefaults)), lines=tuple(sorted(iplines.items())))
        # tunnel interface
        tif, tif_line = tn.value("tunnel-interface")
        inside = None
        mtu = None
        tcp_mss = None
        bgp = None
        if tif and not placeholder(tif):
            info = interfaces.get(tif)
            if info is None:
                self._dangle("interface", tif, tif_line, referrer, tn.file)
                unknown.extend(("inside", "mtu", "tcp_mss"))
            else:
                ips = [ip for ip, _ in info["ips"] if _is_ip(ip) and "/" in ip]
                if ips:
                    inside = InsideAddress(local=ips[0], line=info["ips"][0][1])
                mtu = info["mtu"]
                if mtu is None:
                    mtu = info["default_mtu"]
                    defaults.append("mtu")
                elif info["mtu_line"]:
                    lines["mtu"] = info["mtu_line"]
                if info["mss_adjust"] is not None:
                    tcp_mss = mtu - info["mss_adjust"]
                    if info["mss_line"]:
                        lines["tcp_mss"] = info["mss_line"]
        elif tif:
            unknown.extend(("inside", "mtu", "tcp_mss"))
        if ipsec is None and mtu is not None:
            unknown.append("tcp_mss")  # PAN-OS clamps by the SA's algorithms, which are not known here
        if tcp_mss is None:
            clamp = self._lan_clamp(interfaces, tif)
            if clamp is not None:  # the clamp sits on the LAN interface the traffic enters by
                tcp_mss, lines["tcp_mss"] = clamp
                self.notes["tcp-mss"] = "TCP MSS adjustment on a Layer 3 interface (ingress), lowest value used"
        auto = _auto_mss(mtu, interfaces.get(iface or "", {}).get("mtu") or D.OUTER_MTU, ipsec)
        if auto is not None and (tcp_mss is None or auto < tcp_mss):
            # PAN-OS clamps the MSS of TCP through an IPsec tunnel by itself (see defaults)
            tcp_mss = auto
            defaults.append("tcp_mss")
            lines.pop("tcp_mss", None)
        if inside is not None:
            bgp = _match_bgp(inside.local, tif, self._bgp_index(neighbors))
        # proxy IDs: policy-style selectors
        selectors: list[TrafficSelector] = []
        for pid, pnode in tn.names("auto-key", "proxy-id").items():
            loc, _ = pnode.value("local")
            rem, _ = pnode.value("remote")
            proto = None
            if pnode.get("protocol", "tcp") is not None:
                proto = "tcp"
            elif pnode.get("protocol", "udp") is not None:
                proto = "udp"
            elif pnode.get("protocol", "number") is not None:
                proto = pnode.value("protocol", "number")[0]
            selectors.append(TrafficSelector(local=loc or "0.0.0.0/0", remote=rem or "0.0.0.0/0", protocol=proto,
                                             line=pnode.line))
        gre, _ = tn.value("enable-gre-encapsulation")
        copy_tos, _ = tn.value("copy-tos")
        monitor, _ = tn.value("tunnel-monitor", "enable")
        notes = []
        if copy_tos == "yes":
            notes.append("copy-tos yes")
        if monitor == "yes":
            dest, _ = tn.value("tunnel-monitor", "destination-ip")
            notes.append(f"tunnel-monitor to {dest}" if dest else "tunnel-monitor on")
        if notes:
            self.notes[f"ipsec-tunnel:{name}:options"] = ", ".join(notes)
        return Tunnel(
            name=name, line=tn.line, file=tn.file, local_address=local, local_interface=iface, peer_address=peer,
            routing="policy-based" if selectors else "route-based", encapsulation="gre" if gre == "yes" else "ipsec",
            inside=inside, ike=ike, ipsec=ipsec, mtu=mtu, tcp_mss=tcp_mss, traffic_selectors=tuple(selectors),
            bgp=bgp, enabled=enabled, unknown=tuple(dict.fromkeys(unknown)), defaults=tuple(defaults),
            lines=tuple(sorted(lines.items())))

    def _bgp_index(self, neighbors) -> tuple[dict[str, BgpNeighbor], dict[str, BgpNeighbor]]:
        """BGP peers by local interface and by address, first one wins (computed once)."""
        if not hasattr(self, "_peers"):
            by_iface: dict[str, BgpNeighbor] = {}
            by_addr: dict[str, BgpNeighbor] = {}
            for neighbor, liface, _ in neighbors:
                if liface:
                    by_iface.setdefault(liface, neighbor)
                by_addr.setdefault(neighbor.neighbor, neighbor)
            self._peers = (by_iface, by_addr)
        return self._peers

    def _lan_clamp(self, interfaces: dict[str, dict], tif: str | None) -> tuple[int, int] | None:
        """(MSS, line) of the lowest TCP MSS adjustment on any other interface (computed once)."""
        if not hasattr(self, "_clamps"):
            self._clamps = sorted(((i["mtu"] or i["default_mtu"]) - i["mss_adjust"], i["mss_line"] or 0, n)
                                  for n, i in interfaces.items() if i["mss_adjust"] is not None)
        return next(((mss, line) for mss, line, n in self._clamps if n != tif), None)

    # -- BGP ----------------------------------------------------------------------------------
    def _bgp(self, net: Node) -> tuple[BgpProcess | None, list[tuple[BgpNeighbor, str | None, str | None]]]:
        found: list[tuple[BgpNeighbor, str | None, str | None]] = []
        process = None
        timers = net.names("routing-profile", "bgp", "timer-profile")
        bgps: list[Node] = []
        for _, vr in net.names("virtual-router").items():
            node = vr.get("protocol", "bgp")
            if node is not None:
                bgps.append(node)
        for _, lr in net.names("logical-router").items():
            for _, vrf in lr.names("vrf").items():
                node = vrf.get("bgp")
                if node is not None:
                    bgps.append(node)
        for node in bgps:
            las_raw, _ = node.value("local-as")
            local_as = _int(las_raw)
            router_id, _ = node.value("router-id")
            neighbors = []
            for _, group in node.names("peer-group").items():
                for pname, peer in group.names("peer").items():
                    addr, _ = peer.value("peer-address", "ip")
                    if addr is None:
                        continue
                    ka, _ = peer.value("connection-options", "keep-alive-interval")
                    hold, _ = peer.value("connection-options", "hold-time")
                    tprof, _ = peer.value("connection-options", "timers")
                    if tprof and tprof in timers:
                        ka = ka or timers[tprof].value("keep-alive-interval")[0]
                        hold = hold or timers[tprof].value("hold-time")[0]
                    defaults = []
                    if ka is None:
                        defaults.append("keepalive_seconds")
                    if hold is None:
                        defaults.append("hold_seconds")
                    enable, _ = peer.value("enable")
                    liface, _ = peer.value("local-address", "interface")
                    lip, _ = peer.value("local-address", "ip")
                    neighbor = BgpNeighbor(
                        neighbor=addr.split("/")[0], remote_as=_int(peer.value("peer-as")[0]), local_as=local_as,
                        keepalive_seconds=_int(ka) if ka is not None else D.BGP_KEEPALIVE,
                        hold_seconds=_int(hold) if hold is not None else D.BGP_HOLD,
                        shutdown=enable == "no", line=peer.line, file=peer.file, defaults=tuple(defaults))
                    neighbors.append(neighbor)
                    found.append((neighbor, liface, lip))
            if process is None:
                process = BgpProcess(local_as=local_as, router_id=router_id if _is_ip(router_id) else None,
                                     neighbors=tuple(neighbors), line=node.line)
            else:
                process = process.model_copy(update={"neighbors": process.neighbors + tuple(neighbors)})
        return process, found


_IV = {"AES128": 16, "AES192": 16, "AES256": 16, "3DES": 8, "DES": 8, "NULL": 0}
_BLOCK = {"AES128": 16, "AES192": 16, "AES256": 16, "3DES": 8, "DES": 8, "NULL": 4}
_ICV = {"MD5": 12, "SHA1": 12, "SHA2-256": 16, "SHA2-384": 24, "SHA2-512": 32}


def _auto_mss(tunnel_mtu: int | None, outer_mtu: int, ipsec: IpsecConfig | None) -> int | None:
    """The MSS PAN-OS sets on TCP through an IPsec tunnel: the lower of the tunnel MTU - 40 and
    what fits the outer MTU after the ESP overhead of the SA's algorithms (knowledge-base article
    "TCP MSS adjustment for IPSec traffic"; see defaults)."""
    if tunnel_mtu is None or ipsec is None or not ipsec.proposals or ipsec.protocol != "esp":
        return None
    prop = ipsec.proposals[0]
    if not prop.encryption:
        return None
    enc = prop.encryption[0]
    if vocab.is_aead(enc):
        iv, block, icv = 8, 4, 16
    elif enc in _IV and (prop.integrity and prop.integrity[0] in _ICV):
        iv, block, icv = _IV[enc], _BLOCK[enc], _ICV[prop.integrity[0]]
    else:
        return None
    overhead = 20 + 4 + 4 + iv + (block - 1) + 1 + 1 + icv
    return min(tunnel_mtu - 40, outer_mtu - 40 - overhead)


def _match_bgp(inside: str | None, tif: str | None, index) -> BgpNeighbor | None:
    """The peer bound to the tunnel interface, else the peer whose address lies in the inside /30."""
    by_iface, by_addr = index
    if tif and tif in by_iface:
        return by_iface[tif]
    if not inside:
        return None
    try:
        net = ipaddress.ip_interface(inside).network
    except ValueError:
        return None
    if net.num_addresses > 1024:  # an inside subnet is a /30 (or /126): never scan a wide one
        return None
    for host in net:
        if str(host) in by_addr:
            return by_addr[str(host)]
    return None
