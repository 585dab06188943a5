"""Check Point: Gaia clish exports plus Management API JSON dumps, one device per directory.

The clish file (``show configuration`` / ``save config`` output, or the clish lines of the AWS
sample page) gives the route-based tunnels (``add vpn tunnel N ...`` -> interface vpntN), their
inside addresses, interface state and MTU, and BGP. The crypto lives in the management server:
a ``show-vpn-communities-star`` / ``-meshed`` response in the same directory supplies phase 1
and phase 2; without one the tunnels carry the management API defaults, marked as defaults.

Defaults (Check Point Management API, as published with the vendor's terraform provider schema
``checkpoint_management_vpn_community_star/meshed`` and the ansible ``cp_mgmt_vpn_community_*``
modules): ike-phase-1 encryption aes-256, data-integrity sha1, diffie-hellman-group group-2,
ike-p1-rekey-time 1440 minutes; ike-phase-2 encryption aes-128, data-integrity sha1,
ike-p2-use-pfs false (pfs group group-2), ike-p2-rekey-time 3600 seconds (SmartConsole "Renegotiate
IPsec Security associations every 3600 seconds"). encryption-method: we assume "ikev1 for ipv4 and
ikev2 for ipv6 only" (R80.x default, and what the AWS guide requires), i.e. IKEv1 for IPv4 tunnels.
tunnel_keepalive_method defaults to tunnel_test (AWS guide, step 6): Check Point's proprietary
keepalive, so no DPD towards AWS unless it is set to ``dpd`` and tunnels are permanent.
Predefined suites (RFC 4308 / RFC 6379): VPN-A 3DES/SHA1/group 2, ESP 3DES/SHA1; VPN-B AES-128/
AES-XCBC/group 14, ESP AES-128/AES-XCBC; Suite-B-GCM-128 AES-128/SHA-256/group 19, ESP AES-GCM-128;
Suite-B-GCM-256 AES-256/SHA-384/group 20, ESP AES-GCM-256.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from .._struct import dataclass, field

from .. import vocab
from ..model import (
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
from . import _detect
from ._base import AddressIndex, SourceFile, parse_directive

VENDOR = "checkpoint"
MULTI_FILE = True

def detect(text: str, path: str) -> int:
    """Confidence 0..100 that ``text`` is ours; the markers live in ``parsers/_detect.py``."""
    return _detect.detect(VENDOR, text, path)


# --------------------------------------------------------------------------------------------
# vocabulary

_ENC = {"aes-128": "AES128", "aes-256": "AES256", "aes-192": "AES192", "3des": "3DES", "des": "DES",
        "cast": "CAST", "aes-gcm-128": "AES128-GCM-16", "aes-gcm-256": "AES256-GCM-16", "none": "NULL"}
_INT = {"sha1": "SHA1", "sha256": "SHA2-256", "sha384": "SHA2-384", "sha512": "SHA2-512", "md5": "MD5",
        "aes-xcbc": "AES-XCBC"}
# suite -> (p1 enc, p1 integ, p1 dh, p2 enc, p2 integ)
_SUITES = {
    "vpn a": ("3DES", "SHA1", 2, "3DES", "SHA1"),
    "vpn b": ("AES128", "AES-XCBC", 14, "AES128", "AES-XCBC"),
    "suite-b-gcm-128": ("AES128", "SHA2-256", 19, "AES128-GCM-16", None),
    "suite-b-gcm-256": ("AES256", "SHA2-384", 20, "AES256-GCM-16", None),
}
_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def _enc(raw: object) -> str:
    r = str(raw).strip().lower()
    return _ENC.get(r, vocab.unknown(str(raw)))


def _int(raw: object) -> str:
    r = str(raw).strip().lower()
    return _INT.get(r, vocab.unknown(str(raw)))


def _group(raw: object) -> int | None:
    return vocab.dh_group(str(raw).replace(" ", "-"))


# --------------------------------------------------------------------------------------------
# collected state


@dataclass
class _Vti:
    number: int
    line: int
    file: str
    kind: str  # numbered / unnumbered
    local: str | None = None
    remote: str | None = None
    peer: str | None = None
    dev: str | None = None
    state: bool | None = None
    state_line: int | None = None
    mtu: int | None = None


@dataclass
class _Community:
    name: str
    kind: str
    file: str
    line: int | None
    data: dict
    entry_lines: dict[str, int] = field(default_factory=dict)  # shared-secret gateway -> its line


@dataclass
class _Result:
    source: str
    hostname: str | None = None
    vtis: dict[int, _Vti] = field(default_factory=dict)
    local_as: int | None = None
    as_line: int | None = None
    as_file: str | None = None
    neighbors: dict[str, dict] = field(default_factory=dict)
    communities: list[_Community] = field(default_factory=list)
    interop: dict[str, str] = field(default_factory=dict)  # device name -> ipv4 address
    keepalive_method: str | None = None
    unmodeled: list[Unmodeled] = field(default_factory=list)
    dangling: list[DanglingReference] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    suppressions: list[InlineSuppression] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    keys: list[PreSharedKey] = field(default_factory=list)

    def loc(self, file: str | None) -> str | None:
        return None if file is None or file == self.source else file


# --------------------------------------------------------------------------------------------
# clish

_ADD_TUNNEL = re.compile(r"^add vpn tunnel (\d+) type (numbered|unnumbered)\b(.*)$")
_KV = re.compile(r"\b(local|remote|peer|dev)\s+(\S+)")
_NOT_CONFIG = re.compile(r"^(vpn |ping |save config|clish|expert|fw |cpstat|show |exit|\.\.\.|!|Pinging|Reply |"
                         r"Packets|Approximate|Minimum|Ping statistics)")


def _read_clish(sf: SourceFile, res: _Result) -> None:
    for number, raw in enumerate(sf.lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            directive = parse_directive(line)
            if directive:
                res.suppressions.append(InlineSuppression(
                    rule_ids=directive[0], reason=directive[1], line=number, scope_start=number + 1,
                    scope_end=number + 1, file=res.loc(sf.path)))
            continue
        words = line.split()
        try:
            _clish_line(words, line, number, sf.path, res)
        except (ValueError, IndexError):
            res.problems.append(ParseProblem(message=f"clish command not understood: '{' '.join(words[:4])}'",
                                             line=number, file=res.loc(sf.path)))


def _clish_line(words: list[str], line: str, number: int, file: str, res: _Result) -> None:
    if words[:2] == ["set", "hostname"] and len(words) > 2:
        res.hostname = words[2]
        return
    m = _ADD_TUNNEL.match(line)
    if m:
        n = int(m.group(1))
        kv = dict(_KV.findall(m.group(3)))
        if n in res.vtis:
            first = res.vtis[n]
            res.problems.append(ParseProblem(
                message=(f"vpn tunnel {n} is added again (first at line {first.line}"
                         f"{'' if first.file == file else ' of ' + os.path.basename(first.file)}); Gaia rejects "
                         f"the second 'add vpn tunnel {n}', so peer {kv.get('peer', '?')} gets no tunnel"),
                line=number, file=res.loc(file)))
            return
        res.vtis[n] = _Vti(number=n, line=number, file=file, kind=m.group(2), local=kv.get("local"),
                           remote=kv.get("remote"), peer=kv.get("peer"), dev=kv.get("dev"))
        return
    if words[:2] in (["set", "vpn"], ["add", "vpn"], ["delete", "vpn"]):
        res.unmodeled.append(Unmodeled(line=number, text=line, file=res.loc(file)))
        return
    if words[:2] == ["set", "interface"] and len(words) >= 4 and re.match(r"^vpnt\d+$", words[2]):
        n = int(words[2][4:])
        vti = res.vtis.get(n)
        if vti is None:
            res.dangling.append(DanglingReference(
                kind="interface", name=words[2], line=number, file=res.loc(file),
                referrer=f"set interface {words[2]} {words[3]} (no 'add vpn tunnel {n}')"))
            return
        if words[3] == "state" and len(words) > 4:
            vti.state = words[4] == "on"
            vti.state_line = number
        elif words[3] == "mtu" and len(words) > 4:
            vti.mtu = int(words[4])
        return
    if words[:2] == ["set", "as"] and len(words) > 2:
        res.local_as = int(words[2])
        res.as_line, res.as_file = number, file
        return
    if words[:3] == ["set", "bgp", "external"] and len(words) >= 5 and words[3] == "remote-as":
        asn = int(words[4])
        if len(words) >= 7 and words[5] == "peer":
            addr = words[6]
            peer = res.neighbors.setdefault(addr, {"remote_as": asn, "line": number, "file": file})
            peer["remote_as"] = asn
            rest = words[7:]
            if rest[:1] == ["off"]:
                peer["shutdown"] = True
            elif rest[:1] == ["holdtime"] and len(rest) > 1:
                peer["hold"] = int(rest[1])
            elif rest[:1] == ["keepalive"] and len(rest) > 1:
                peer["keepalive"] = int(rest[1])
        return
    if words[0] in ("set", "add", "delete"):
        return  # the rest of Gaia's configuration is not VPN-relevant
    if _NOT_CONFIG.match(line):
        return  # expert / operational commands and output shown in documentation
    return


# --------------------------------------------------------------------------------------------
# Management API JSON


def _objects(data: object) -> list[dict]:
    """The object itself, a list, ``{"objects": [...]}`` or a list of such pages -> objects."""
    out: list[dict] = []
    if isinstance(data, list):
        for item in data:
            out.extend(_objects(item))
    elif isinstance(data, dict):
        if isinstance(data.get("objects"), list):
            out.extend(o for o in data["objects"] if isinstance(o, dict))
        elif isinstance(data.get("rulebase"), list):
            out.append(data)
        elif "type" in data or "name" in data:
            out.append(data)
    return out


def _find_key(data: object, key: str) -> object | None:
    if isinstance(data, dict):
        for k, v in data.items():
            if k.replace("_", "-") == key:
                return v
            found = _find_key(v, key)
            if found is not None:
                return found
    elif isinstance(data, list):
        for item in data:
            found = _find_key(item, key)
            if found is not None:
                return found
    return None


class _Offsets:
    """Where community names, ``shared-secrets`` keys and gateway names first stand in one JSON
    file's text, and the line of an offset: each found by one pass over the text for all the
    communities, where searching the text (and counting its lines) from the top per community was
    quadratic. The answers are exactly those of ``str.find`` / ``re.search`` over the whole text:
    a quote-free name is matched by the quote-delimited run that follows the name key, a name with
    quotes by the candidates whose run is the name's part before its first quote."""

    _LOOSE = re.compile(r"\s*:\s*\"")

    def __init__(self, text: str, names: set[str], strings: set[str]) -> None:
        self.text = text
        self._names = names  # the community names looked up
        self._strings = strings  # the gateway names looked up (as formatted into the needle)
        self._newlines: list[int] | None = None
        self._exact: tuple[dict, dict] | None = None
        self._loose: tuple[dict, dict] | None = None
        self._quoted: dict[str, list[int]] | None = None
        self._shared: list[int] | None = None
        self._memo: dict[tuple[str, str], int] = {}

    def line(self, idx: int) -> int:
        """``text.count("\\n", 0, idx) + 1``."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect_left(self._newlines, idx) + 1

    @staticmethod
    def _wanted(strings: set[str]) -> tuple[set[str], set[int]]:
        """The quote-delimited runs to index for ``strings``: each quote-free string, and the part
        before the first quote of the others; and their lengths."""
        runs = {w.split('"', 1)[0] for w in strings}
        return runs, {len(r) for r in runs}

    def _name_index(self, starts: Iterable[tuple[int, int]]) -> tuple[dict, dict]:
        """From (match start, value offset) pairs in text order: the first start per quote-free
        name, and all (start, value offset) pairs per run that begins a name with quotes."""
        text = self.text
        plain = {n for n in self._names if '"' not in n}
        heads = {n.split('"', 1)[0] for n in self._names if '"' in n}
        runs, lengths = self._wanted(self._names)
        first: dict[str, int] = {}
        cands: dict[str, list[tuple[int, int]]] = {}
        for start, value in starts:
            end = text.find('"', value)
            if end < 0:
                break  # no closing quote after this one: no later value is closed either
            if end - value in lengths:
                run = text[value:end]
                if run in runs:
                    if run in plain:
                        first.setdefault(run, start)
                    if run in heads:
                        cands.setdefault(run, []).append((start, value))
        return first, cands

    def _find_name(self, index: tuple[dict, dict], name: str) -> int:
        first, cands = index
        if '"' not in name:
            return first.get(name, -1)
        needle = name + '"'
        return next((start for start, value in cands.get(name.split('"', 1)[0], ())
                     if self.text.startswith(needle, value)), -1)

    def exact_name(self, name: str) -> int:
        """``text.find('"name": "' + name + '"')``."""
        if self._exact is None:
            self._exact = self._name_index((p, p + 9) for p in self._every('"name": "'))
        key = ("exact", name)
        if key not in self._memo:
            self._memo[key] = self._find_name(self._exact, name)
        return self._memo[key]

    def loose_name(self, name: str) -> int:
        """The start of ``re.search(r'"name"\\s*:\\s*"' + re.escape(name) + '"', text)``, or -1."""
        if self._loose is None:
            def starts() -> Iterable[tuple[int, int]]:
                for p in self._every('"name"'):
                    m = self._LOOSE.match(self.text, p + 6)
                    if m:
                        yield p, m.end()
            self._loose = self._name_index(starts())
        key = ("loose", name)
        if key not in self._memo:
            self._memo[key] = self._find_name(self._loose, name)
        return self._memo[key]

    def shared_secrets(self, start: int) -> int:
        """``text.find('"shared-secrets"', start)``."""
        if self._shared is None:
            self._shared = list(self._every('"shared-secrets"'))
        i = bisect_left(self._shared, start)
        return self._shared[i] if i < len(self._shared) else -1

    def quoted(self, string: str, start: int) -> int:
        """``text.find('"' + string + '"', start)``."""
        text = self.text
        if self._quoted is None:
            runs, lengths = self._wanted(self._strings)
            quotes = [m.start() for m in re.finditer('"', text)]
            self._quoted = {}
            for k in range(len(quotes) - 1):
                q, end = quotes[k], quotes[k + 1]
                if end - q - 1 in lengths:
                    run = text[q + 1:end]
                    if run in runs:
                        self._quoted.setdefault(run, []).append(q)
        head, quote, _rest = string.partition('"')
        where = self._quoted.get(head, [])
        i = bisect_left(where, start)
        if not quote:
            return where[i] if i < len(where) else -1
        needle = string + '"'
        return next((q for q in where[i:] if text.startswith(needle, q + 1)), -1)

    def _every(self, needle: str) -> Iterable[int]:
        """Every offset of ``needle``, overlapping ones included, in order."""
        p = self.text.find(needle)
        while p >= 0:
            yield p
            p = self.text.find(needle, p + 1)


def _gateway_name(entry: object) -> object:
    gw = entry.get("external-gateway") if isinstance(entry, dict) else None
    return gw.get("name") if isinstance(gw, dict) else str(gw or "")


def _line_of(offsets: _Offsets, name: str) -> int | None:
    """The line of the first ``"name": "<name>"`` in the text."""
    idx = offsets.exact_name(name)
    return offsets.line(idx) if idx >= 0 else None


def _secret_lines(offsets: _Offsets, name: str, obj: dict) -> dict[str, int]:
    """The line of each ``shared-secrets`` entry of community ``name`` (by its gateway name), so two
    keys of one community are told apart (they are different keys, on different lines)."""
    out: dict[str, int] = {}
    entries = obj.get("shared-secrets")
    if not isinstance(entries, list):
        return out
    found = offsets.loose_name(name) if name else -1
    start = offsets.shared_secrets(found if found >= 0 else 0)
    if start < 0:
        return out
    pos = start
    for entry in entries:
        gw_name = _gateway_name(entry)
        idx = offsets.quoted(f"{gw_name}", pos) if gw_name else -1
        if idx >= 0:
            out[gw_name] = offsets.line(idx)  # type: ignore[index]
            pos = idx + 1
    return out


def _read_json(sf: SourceFile, res: _Result) -> None:
    try:
        data = json.loads(sf.text)
    except json.JSONDecodeError as exc:
        res.problems.append(ParseProblem(message=f"not valid JSON: {exc.msg}", line=exc.lineno,
                                         file=res.loc(sf.path)))
        return
    except (RecursionError, ValueError) as exc:  # nested too deep, or an integer past int()'s 4,300 digits
        why = "nested too deeply" if isinstance(exc, RecursionError) else "a number too long to read"
        res.problems.append(ParseProblem(message=f"not valid JSON: {why}", file=res.loc(sf.path)))
        return
    method = _find_key(data, "tunnel-keepalive-method")
    if isinstance(method, str):
        res.keepalive_method = method.lower()
    objects = _objects(data)
    names: set[str] = set()
    gateways: set[str] = set()
    for obj in objects:  # what the offsets are looked up for
        if str(obj.get("type", "")).startswith("vpn-community"):
            names.add(str(obj.get("name", "")))
            entries = obj.get("shared-secrets")
            if isinstance(entries, list):
                gateways.update(f"{g}" for g in map(_gateway_name, entries) if g)
    offsets = _Offsets(sf.text, names, gateways)
    for obj in objects:
        kind = str(obj.get("type", ""))
        name = str(obj.get("name", ""))
        if kind.startswith("vpn-community"):
            res.communities.append(_Community(name=name, kind=kind, file=sf.path,
                                              line=_line_of(offsets, name) if name else None,
                                              data=obj, entry_lines=_secret_lines(offsets, name, obj)))
        elif kind in ("interoperable-device", "simple-gateway", "simple-cluster", "checkpoint-host"):
            addr = obj.get("ipv4-address")
            if isinstance(addr, str) and addr:
                res.interop[name] = addr


# --------------------------------------------------------------------------------------------
# crypto from a community


@dataclass
class _Crypto:
    versions: tuple[int, ...]
    ike: IkeProposal
    ipsec: IpsecProposal
    pfs: tuple[int, ...]
    ike_life: int
    ipsec_life: int
    ike_defaults: tuple[str, ...]
    ipsec_defaults: tuple[str, ...]
    line: int | None
    file: str | None
    name: str | None
    permanent: bool | None
    granularity: str | None
    aggressive: bool | None = None  # advanced-properties.use-aggressive-mode (R82 management API)


def _community_crypto(c: _Community | None, res: _Result) -> _Crypto:
    d = c.data if c else {}
    file = res.loc(c.file) if c else None
    line = c.line if c else None
    ike_def: list[str] = []
    ips_def: list[str] = []
    method = str(d.get("encryption-method", "")).lower()
    if method == "ikev2 only":
        versions: tuple[int, ...] = (2,)
    elif method.startswith("prefer ikev2"):
        versions = (2, 1)
    elif method.startswith("ikev1 for ipv4"):
        versions = (1,)
    else:
        versions = (1,)
        ike_def.append("versions")
        if method:
            res.unmodeled.append(Unmodeled(line=line or 0, text=f"encryption-method: {method}", file=file))
    suite = str(d.get("encryption-suite", "custom")).lower()
    p1 = d.get("ike-phase-1") if isinstance(d.get("ike-phase-1"), dict) else {}
    p2 = d.get("ike-phase-2") if isinstance(d.get("ike-phase-2"), dict) else {}
    p1_fields: list[str] = []
    p2_fields: list[str] = []
    if suite in _SUITES:
        e1, i1, g1, e2, i2 = _SUITES[suite]
        enc1, int1, dh1 = [e1], [i1], [g1]
        enc2, int2 = [e2], [i2] if i2 else []
    else:
        if suite != "custom":
            res.unmodeled.append(Unmodeled(line=line or 0, text=f"encryption-suite: {suite}", file=file))
        enc1 = [_enc(p1.get("encryption-algorithm", "aes-256"))]
        int1 = [_int(p1.get("data-integrity", "sha1"))]
        g = _group(p1.get("diffie-hellman-group", "group-2"))
        dh1 = [g] if g is not None else []
        enc2 = [_enc(p2.get("encryption-algorithm", "aes-128"))]
        i2raw = p2.get("data-integrity", "sha1")
        int2 = [] if vocab.is_aead(enc2[0]) else [_int(i2raw)]
        p1_fields = [f for f, k in (("encryption", "encryption-algorithm"), ("integrity", "data-integrity"),
                                    ("dh_groups", "diffie-hellman-group")) if k not in p1]
        if "data-integrity" not in p1:
            p1_fields.append("prf")
        p2_fields = [f for f, k in (("encryption", "encryption-algorithm"), ("integrity", "data-integrity"))
                     if k not in p2]
    # lifetimes
    p1_time = p1.get("ike-p1-rekey-time", p1.get("ike-sa-lifetime"))
    p1_unit = str(p1.get("ike-p1-rekey-time-unit", "minutes")).lower()
    if isinstance(p1_time, (int, float)) or (isinstance(p1_time, str) and p1_time.isdigit()):
        ike_life = int(p1_time) * _UNITS.get(p1_unit, 60)
    else:
        ike_life = 1440 * 60
        ike_def.append("lifetime_seconds")
    p2_time = p2.get("ike-p2-rekey-time", p2.get("ipsec-sa-lifetime"))
    p2_unit = str(p2.get("ike-p2-rekey-time-unit", "seconds")).lower()
    if isinstance(p2_time, (int, float)) or (isinstance(p2_time, str) and p2_time.isdigit()):
        ipsec_life = int(p2_time) * _UNITS.get(p2_unit, 1)
    else:
        ipsec_life = 3600
        ips_def.append("lifetime_seconds")
    use_pfs = p2.get("ike-p2-use-pfs", p2.get("perfect-forward-secrecy"))
    if use_pfs is None:
        ips_def.append("pfs_groups")
    pfs: tuple[int, ...] = ()
    if use_pfs is True or str(use_pfs).lower() == "true":
        g2 = _group(p2.get("ike-p2-pfs-dh-grp", p2.get("pfs-dh-group", "group-2")))
        pfs = (g2,) if g2 is not None else ()
    name = c.name if c else None
    ike = IkeProposal(name=name, encryption=tuple(enc1), integrity=tuple(int1), prf=tuple(int1),
                      dh_groups=tuple(dh1), auth="psk", lifetime_seconds=ike_life, versions=versions,
                      line=line, file=file, defaults=tuple(p1_fields + (["lifetime_seconds"]
                                                                        if "lifetime_seconds" in ike_def else [])))
    ipsec = IpsecProposal(name=name, protocol="esp", mode="tunnel", encryption=tuple(enc2), integrity=tuple(int2),
                          dh_groups=pfs, line=line, file=file, defaults=tuple(p2_fields))
    permanent_raw = d.get("permanent-tunnels")
    permanent: bool | None = None
    if isinstance(permanent_raw, dict):
        setting = str(permanent_raw.get("set-permanent-tunnels", "off")).lower()
        permanent = setting not in ("off", "false", "none", "")
    elif isinstance(permanent_raw, bool):
        permanent = permanent_raw
    gran = d.get("tunnel-granularity")
    # R82 management API (set vpn-community-star/-meshed): advanced-properties.use-aggressive-mode,
    # false unless set (SmartConsole community > Advanced > "Use aggressive mode", cleared by default).
    adv = d.get("advanced-properties")
    aggr_raw = adv.get("use-aggressive-mode") if isinstance(adv, dict) else None
    aggressive = None if aggr_raw is None else (aggr_raw is True or str(aggr_raw).lower() == "true")
    return _Crypto(aggressive=aggressive, versions=versions, ike=ike, ipsec=ipsec, pfs=pfs, ike_life=ike_life, ipsec_life=ipsec_life,
                   ike_defaults=tuple(ike_def), ipsec_defaults=tuple(ips_def), line=line, file=file, name=name,
                   permanent=permanent, granularity=str(gran) if gran else None)


def _community_keys(c: _Community, res: _Result) -> dict[str, PreSharedKey]:
    out: dict[str, PreSharedKey] = {}
    secrets = c.data.get("shared-secrets")
    if not isinstance(secrets, list):
        return out
    for entry in secrets:
        if not isinstance(entry, dict):
            continue
        gw = entry.get("external-gateway")
        gw_name = gw.get("name") if isinstance(gw, dict) else str(gw or "")
        secret = entry.get("shared-secret")
        line = c.entry_lines.get(gw_name, c.line)
        if isinstance(secret, str) and secret and set(secret) != {"*"}:
            key = PreSharedKey.from_secret(secret, line=line, file=res.loc(c.file), encoding="plain",
                                           peer=gw_name or None, name=c.name)
        else:
            key = PreSharedKey(present=True, encrypted=True, encoding="masked", line=line, file=res.loc(c.file),
                               peer=gw_name or None, name=c.name)
        del secret
        out[gw_name] = key
        res.keys.append(key)
    return out


# --------------------------------------------------------------------------------------------
# entry point


class _QuotedWords:
    """Whether any of some words stands quoted (``"word"``) in a text: one pass over the text's
    quote-delimited runs, where ``f'"{word}"' in text`` for every word and every text was
    texts x words x text size. Words are kept as a trie of their parts between quotes (a word
    with quotes spans several runs)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.trie: dict = {}
        for word in words:
            node = self.trie
            for part in word.split('"'):
                node = node.setdefault(part, {})
            node[None] = True  # a word ends here

    def in_text(self, text: str) -> bool:
        """``any(f'"{word}"' in text for word in words)``."""
        if not self.trie:
            return False
        runs = text.split('"')  # run k lies between quote k - 1 and quote k
        last = len(runs) - 2  # the last run closed by a quote
        for k in range(1, last + 1):
            node = self.trie.get(runs[k])
            j = k
            while node is not None:
                if None in node:
                    return True
                j += 1
                if j > last:
                    break
                node = node.get(runs[j])
        return False


def _is_json(sf: SourceFile) -> bool:
    return sf.text.lstrip()[:1] in ("{", "[")


def parse(files: Sequence[SourceFile]) -> list[Device]:
    if not files:
        return []
    clish = [f for f in files if not _is_json(f)]
    source_file = next((f for f in clish if _detect.scan(f.text, f.path).seen("cp.clish-strong")), clish[0] if clish else files[0])
    res = _Result(source=source_file.path)
    ordered = [source_file] + [f for f in files if f is not source_file]
    for f in ordered:
        if _is_json(f):
            _read_json(f, res)
        else:
            _read_clish(f, res)

    vpn_communities = [c for c in res.communities]
    chosen = vpn_communities[0] if vpn_communities else None
    if len(vpn_communities) > 1:
        # Prefer a community whose members include one of the tunnel peers.
        peers = _QuotedWords(v.peer for v in res.vtis.values() if v.peer)
        for c in vpn_communities:
            if peers.in_text(json.dumps(c.data)):
                chosen = c
                break
        res.extra["communities"] = ", ".join(c.name for c in vpn_communities)
    crypto = _community_crypto(chosen, res)
    keys_by_peer: dict[str, PreSharedKey] = {}
    for c in vpn_communities:
        keys_by_peer.update(_community_keys(c, res))
    if chosen is None and res.vtis:
        # The crypto of a Check Point tunnel lives in the management server's VPN community, not in
        # the gateway's clish: without a community export it is unknown (never guessed from defaults).
        res.extra["crypto"] = ("no VPN community JSON given (management API show-vpn-community-star/-meshed): "
                               "IKE, IPsec and DPD settings are unknown and not checked")
    if crypto.granularity:
        res.extra["tunnel_granularity"] = crypto.granularity

    ike_policies = [crypto.ike] if chosen is not None else []
    ipsec_proposals = [crypto.ipsec] if chosen is not None else []

    # DPD: Check Point sends DPD only on permanent tunnels with tunnel_keepalive_method dpd.
    method = res.keepalive_method
    dpd_enabled = method == "dpd" and crypto.permanent is not False
    dpd_defaults = tuple(x for x, d in (("enabled", method is None), ("mode", method is None)) if d)
    dpd = Dpd(enabled=dpd_enabled, action=None, mode="periodic" if dpd_enabled else None, line=crypto.line,
              file=crypto.file, defaults=dpd_defaults)
    if method is None and res.vtis:
        res.extra["dpd"] = "tunnel_keepalive_method not in the given files: default tunnel_test (no DPD)"

    neighbors = []
    for addr, info in res.neighbors.items():
        neighbors.append(BgpNeighbor(
            neighbor=addr, remote_as=info.get("remote_as"), local_as=res.local_as,
            keepalive_seconds=info.get("keepalive"), hold_seconds=info.get("hold"),
            shutdown=bool(info.get("shutdown")), line=info["line"], file=res.loc(info["file"])))
    bgp = None
    if neighbors or res.local_as is not None:
        bgp = BgpProcess(local_as=res.local_as, neighbors=tuple(neighbors), line=res.as_line,
                         file=res.loc(res.as_file))

    tunnels: list[Tunnel] = []
    by_address: dict[str, BgpNeighbor] = {}  # the first neighbor at each address, and all of them by value:
    for nb in neighbors:  # looked up for every tunnel, not searched
        by_address.setdefault(nb.neighbor, nb)
    placed = AddressIndex(nb.neighbor for nb in neighbors)
    unresolved: list[str] = []
    for n in sorted(res.vtis):
        v = res.vtis[n]
        inside = None
        if v.local or v.remote:
            inside = InsideAddress(local=v.local, peer=v.remote, line=v.line, file=res.loc(v.file))
        match = by_address.get(v.remote) if v.remote else None
        if match is None and v.local:  # a neighbor in the /30 of the local address, but not that address
            own = v.local.split("/")[0]
            try:
                block = ipaddress.ip_interface(f"{own}/30").network
            except ValueError:
                block = None
            if block is not None:
                match = next((neighbors[p] for p in placed.inside(block) if neighbors[p].neighbor != own), None)
        psk = keys_by_peer.get(v.peer or "")
        mode = ("aggressive" if crypto.aggressive else "main") if 1 in crypto.versions else None
        mode_default = ("mode",) if 1 in crypto.versions and crypto.aggressive is None else ()
        ike = IkeConfig(name=v.peer, versions=crypto.versions, mode=mode,
                        auth="psk", proposals=(crypto.ike,), lifetime_seconds=crypto.ike_life, dpd=dpd, psk=psk,
                        remote_id=None, line=crypto.line if chosen else v.line,
                        file=crypto.file if chosen else res.loc(v.file),
                        defaults=crypto.ike_defaults + mode_default + ("auth",))
        ipsec = IpsecConfig(name=crypto.name, protocol="esp", mode="tunnel", proposals=(crypto.ipsec,),
                            pfs_groups=crypto.pfs, lifetime_seconds=crypto.ipsec_life,
                            line=crypto.line if chosen else v.line,
                            file=crypto.file if chosen else res.loc(v.file), defaults=crypto.ipsec_defaults)
        if chosen is None:
            ike, ipsec = None, None
        selectors: tuple[TrafficSelector, ...] = ()
        if crypto.granularity and crypto.granularity.lower() == "universal":
            selectors = (TrafficSelector(local="0.0.0.0/0", remote="0.0.0.0/0", line=crypto.line, file=crypto.file),)
        peer_addr = res.interop.get(v.peer or "")
        if v.peer and peer_addr is None and res.communities:
            unresolved.append(v.peer)
        tunnels.append(Tunnel(
            name=f"vpnt{n}", local_interface=f"vpnt{n}", peer_address=peer_addr, routing="route-based",
            inside=inside, ike=ike, ipsec=ipsec, mtu=v.mtu, traffic_selectors=selectors, bgp=match,
            enabled=v.state is not False, line=v.line, file=res.loc(v.file),
            # The MSS clamp is the gateway kernel parameter fw_clamp_tcp_mss (GuiDBedit or
            # fwkern.conf), which neither clish nor the management API export shows.
            unknown=("tcp_mss",) if v.mtu is not None else ("tcp_mss", "mtu"),
            defaults=() if v.state is not None else ("enabled",)))

    if unresolved:
        res.extra["unresolved_peers"] = ",".join(unresolved)
    return [Device(
        source=source_file.path, vendor="checkpoint", hostname=res.hostname,
        files=tuple(f.path for f in ordered), tunnels=tuple(tunnels), ike_policies=tuple(ike_policies),
        ipsec_proposals=tuple(ipsec_proposals), keys=tuple(res.keys), bgp=bgp, unmodeled=tuple(res.unmodeled),
        dangling=tuple(res.dangling), problems=tuple(res.problems), suppressions=tuple(res.suppressions),
        extra=dict(res.extra))]
