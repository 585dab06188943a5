"""strongSwan (stroke ``ipsec.conf`` and ``swanctl.conf``) and Libreswan ``ipsec.conf``.

A Linux gateway spreads one device over several files: ``ipsec.conf`` or ``swanctl.conf`` (the
main file), ``ipsec.secrets`` (PSKs), conf.d fragments, and an FRR/Quagga ``bgpd.conf`` or
``frr.conf`` when BGP runs over the tunnels. ``parse`` receives every file of one directory and
returns one Device whose ``source`` is the main file.

Which side is local (ipsec.conf): the daemons decide at run time by looking for left's or right's
address on a local interface, and fall back to ``left`` (ipsec.conf(5), CONN SECTIONS). We cannot
see interfaces, so ``left`` is local unless the config says otherwise: right is taken as local when
``right=%defaultroute``, or ``left`` is ``%any``/``%any6`` while right is not, or only the right
side carries local-only settings (``rightupdown``, ``rightfirewall``, ``rightsourceip``, ``rightvti``,
``rightcert``) and the left side carries none.

Defaults (marked in ``defaults``):
- strongSwan 6.0 ``default`` proposals (libstrongswan/crypto/proposal/proposal.c,
  proposal_create_default / proposal_create_default_aead; swanctl.conf(5) "proposals = default",
  "esp_proposals = default"). ESP: AES-CBC 128/192/256 with HMAC-SHA2-256/384/512, HMAC-SHA1,
  AES-XCBC, plus an AEAD proposal AES-GCM-16 128/192/256; no DH group, i.e. no PFS. IKE: every
  algorithm the loaded plugins provide that proposal.c deems safe; modelled for a standard build
  (aes, sha1, sha2, xcbc, cmac, gmp, curve25519, openssl plugins): AES-CBC 128/192/256, integrity
  and PRF SHA2-256/384/512, AES-XCBC, AES-CMAC, SHA1; key exchange ECP 256/384/521, Brainpool
  256/384/512, Curve25519, Curve448, MODP 3072/4096/6144/8192, MODP 2048; plus an AEAD proposal
  AES-GCM-16 128/192/256 and ChaCha20-Poly1305 (GCM-12/-8 added in a second round).
  ipsec.conf (stroke) appends these defaults after a configured ``ike=``/``esp=`` unless it ends in
  ``!`` (stroke_config.c add_proposals); swanctl never appends them.
- ipsec.conf(5): ikelifetime 3h, lifetime/keylife 1h, dpdaction none, dpddelay 30s, dpdtimeout 150s,
  keyexchange ike (initiates IKEv2, accepts IKEv1 too), authby pubkey, type tunnel, auto ignore.
- swanctl.conf(5): version 0 (both), rekey_time 4h (IKE) / 1h (CHILD), dpd_delay 0 (off),
  dpd_action clear, mode tunnel, copy_df yes (the DF bit is copied to the outer header),
  start_action none, local/remote auth pubkey, replay_window 32,
  local_ts/remote_ts dynamic.
- IKEv2 DPD timeout: strongswan.conf(5) retransmit_timeout 4.0, retransmit_tries 5,
  retransmit_base 1.8 -> the peer is declared dead about 165 s after the first unanswered message.
- Libreswan: which implementation reads the file, and its defaults per major version (3.x, 4.x,
  5.x; ``libreswan-version`` in .vpnaudit.toml, default 5), live in ``libreswan.py`` with their
  sources (ipsec.conf(5) of each series).
- DF bit (ipsec.conf, both daemons): Linux XFRM copies the inner DF bit to the outer header of a
  tunnel-mode SA unless the SA carries XFRM_STATE_NOPMTUDISC (net/ipv4/xfrm4_mode_tunnel.c;
  commit "[IPSEC]: Add XFRM_STATE_NOPMTUDISC flag": "it will ensure that the DF flag is always
  cleared"); Libreswan sets that flag with ``nopmtudisc=yes``, strongSwan's stroke ipsec.conf has no
  option for it (swanctl's ``copy_df`` is above). So an ipsec.conf tunnel copies DF by default.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import fnmatch
import ipaddress
import os
import re
import shlex
from collections.abc import Callable, Sequence
from ..._struct import dataclass, field

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
from .. import _detect
from ...limits import clipped
from ...secrets import mask
from .._base import SourceFile, indent_tree, parse_directive
from . import libreswan as ls
from .proposals import (  # noqa: F401  (re-exported: tests and callers use strongswan._parse_algs)
    _AES_RE,
    _ALG_FIELDS,
    _Algs,
    _DH_PREFIXES,
    _ENC_SET,
    _ENC_SIMPLE,
    _ICV_BITS,
    _INTEG,
    _INT_SET,
    _LIBRE_AEAD_RE,
    _SS_AH_DEFAULT,
    _SS_ESP_DEFAULT,
    _SS_IKE_DEFAULT,
    _dh,
    _enc_name,
    _ls_defaults,
    _ls_fill,
    _parse_algs,
    _split_proposals,
)

VENDOR = "strongswan"
MULTI_FILE = True

# --------------------------------------------------------------------------------------------
# detection

# The TCP MSS clamp (iptables/nftables TCPMSS, often in the updown script) and the tunnel MTU
# (`ip link`) of a Linux gateway are not in strongSwan's files: they cannot be judged from them.
_LINUX_SETTINGS = ("tcp_mss", "mtu")


def _kind(text: str, path: str) -> str:
    return _detect.strongswan_kind(text, path)


def group(files: Sequence[SourceFile]) -> list[list[SourceFile]]:
    """Split the strongSwan files of one directory into devices.

    One main config (ipsec.conf / swanctl.conf) per device: a directory holding several main
    configs (a repository of gateways, a test suite, an ``ipsec.d``) gives one device per main
    config. A companion file (ipsec.secrets, FRR/Quagga BGP) named for one of them goes to that one
    (``gw-a.conf`` / ``gw-a.swanctl.conf`` and ``gw-a.secrets``; ``ipsec.secrets`` beside ``ipsec.conf``
    and ``swanctl.conf`` is the ipsec starter's, ``_owner``); any other companion (a shared
    ``ipsec.secrets``, ``bgpd.conf``) goes to each device, which may use it. Before, every
    companion went to every main config: 1,000 gateways of one directory, each with its secrets
    file, took 66 s (each device read 1,000 secrets files) and each was judged with every key.
    """
    mains = [f for f in files if _kind(f.text, f.path) in ("swanctl", "ipsec.conf")]
    if len(mains) <= 1:
        return [list(files)]
    owner = _owner(mains)
    own: dict[int, list[SourceFile]] = {id(main): [] for main in mains}
    shared: list[SourceFile] = []
    main_ids = set(own)
    for f in files:
        if id(f) in main_ids:
            continue
        found = owner(f.path)
        (own[id(found)] if found is not None else shared).append(f)
    if not shared:
        return [[main, *own[id(main)]] for main in mains]
    position = {id(f): n for n, f in enumerate(files)}  # each device's companions in the directory's order
    return [[main, *sorted((*own[id(main)], *shared), key=lambda f: position[id(f)])] for main in mains]


def _owner(mains: Sequence[SourceFile]) -> Callable[[str], SourceFile | None]:
    """Which main config a companion file is named for: the one whose name without its extension
    is the companion's (``gw.ipsec.conf`` / ``gw.ipsec.secrets``), else the one whose name up to
    the first dot is the companion's (``gw-a.swanctl.conf`` / ``gw-a.secrets``); None when no
    single main config has that name."""
    def keys(path: str) -> tuple[str, str]:
        name = os.path.basename(path).lower()
        return name.rsplit(".", 1)[0], name.split(".", 1)[0]

    stems: dict[str, list[SourceFile]] = {}
    firsts: dict[str, list[SourceFile]] = {}
    for main in mains:
        stem, first = keys(main.path)
        stems.setdefault(stem, []).append(main)
        firsts.setdefault(first, []).append(main)

    def find(path: str) -> SourceFile | None:
        stem, first = keys(path)
        for table, key in ((stems, stem), (firsts, first)):
            named = table.get(key, ())
            if len(named) == 1:
                return named[0]
        return None

    return find


def detect(text: str, path: str) -> int:
    """Confidence 0..100 that ``text`` is ours; the markers live in ``parsers/_detect.py``."""
    return _detect.detect(VENDOR, text, path)


# --------------------------------------------------------------------------------------------
# small value helpers

_TIME_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd]?)$")


def _seconds(value: str | None) -> int | None:
    if value is None:
        return None
    m = _TIME_RE.match(value.strip().lower())
    if not m:
        return None
    return int(float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)])


def _yes(value: str | None) -> bool | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v in ("yes", "true", "1", "on", "insist", "force"):
        return True
    if v in ("no", "false", "0", "off", "never"):
        return False
    return None


def _unquote(value: str) -> str:
    v = value.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    return v


def _strip_comment(raw: str) -> str:
    """Drop a '#' comment that is not inside quotes."""
    quote = None
    for i, c in enumerate(raw):
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#":
            return raw[:i]
    return raw


@dataclass
class _Param:
    value: str
    line: int
    file: str
    raw: str = ""  # the value as written (quotes kept), for secrets


# --------------------------------------------------------------------------------------------
# ipsec.conf


@dataclass
class _Section:
    kind: str  # config / conn / ca
    name: str
    line: int
    end: int
    file: str
    params: dict[str, _Param] = field(default_factory=dict)


@dataclass
class _Result:
    """What every reader adds to; turned into a Device at the end."""

    source: str
    tunnels: list[Tunnel] = field(default_factory=list)
    ike_policies: list[IkeProposal] = field(default_factory=list)
    ipsec_proposals: list[IpsecProposal] = field(default_factory=list)
    keys: list[tuple[PreSharedKey, tuple[str, ...]]] = field(default_factory=list)
    unmodeled: list[Unmodeled] = field(default_factory=list)
    dangling: list[DanglingReference] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    suppressions: list[InlineSuppression] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    bgp: BgpProcess | None = None
    hostname: str | None = None
    setup: dict[str, _Param] = field(default_factory=dict)  # ipsec.conf "config setup"
    # per tunnel name: (local id, remote id, auth, psk wanted)
    auth_ids: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    # extra["psk_encodings"], one label per key, joined once at the end (joined per key, the list
    # was copied for each: quadratic)
    psk_encodings: list[str] = field(default_factory=list)

    def loc(self, file: str | None) -> str | None:
        return None if file is None or file == self.source else file

    def problem(self, message: str, line: int | None, file: str) -> None:
        self.problems.append(ParseProblem(message=message, line=line, file=self.loc(file)))


# Keys that configure crypto / the tunnel: an unknown key matching this goes to unmodeled.
_CRYPTO_HINT = re.compile(r"(ike|esp|ah$|pfs|dh|life|key|auth|proposal|encr|psk|secret|cipher|integ|mode)")


def _read_ipsec_conf(sf: SourceFile, res: _Result, sections: list[_Section], includes: list[tuple[str, int, str]],
                     libreswan_hits: list[tuple[str, str]]) -> None:
    current: _Section | None = None
    lines = sf.lines
    pending_directives: list[tuple[int, tuple[str, ...], str | None]] = []
    # The keys starting with "also" in each section (counted per also= line over the section's keys:
    # quadratic in the also= lines of one conn).
    also_keys: dict[int, int] = {}
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if stripped.startswith("#"):
            libreswan_hits.append(("#", stripped))
            directive = parse_directive(stripped)
            if directive:
                if raw[:1].isspace() and current is not None:
                    res.suppressions.append(InlineSuppression(
                        rule_ids=directive[0], reason=directive[1], line=number, scope_start=current.line,
                        scope_end=current.end, file=res.loc(sf.path)))
                else:
                    pending_directives.append((number, directive[0], directive[1]))
            continue
        text = _strip_comment(raw).rstrip()
        if not text.strip():
            continue
        if not raw[:1].isspace():
            words = text.split()
            head = words[0]
            if head in ("conn", "config", "ca") and len(words) >= 2:
                current = _Section(kind=head, name=words[1], line=number, end=number, file=sf.path)
                sections.append(current)
                for d_line, ids, reason in pending_directives:
                    res.suppressions.append(InlineSuppression(
                        rule_ids=ids, reason=reason, line=d_line, scope_start=number, scope_end=number,
                        file=res.loc(sf.path)))
                pending_directives = []
                continue
            if head == "include" and len(words) >= 2:
                includes.append((words[1], number, sf.path))
                current = None
                continue
            if head == "version":
                libreswan_hits.append(("version", " ".join(words[1:])))
                current = None
                continue
            res.problem(f"line not understood outside a section: '{head}'", number, sf.path)
            current = None
            continue
        if current is None:
            res.problem("indented line outside any section", number, sf.path)
            continue
        m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*=\s*(.*)$", text)
        if not m:
            res.problem(f"expected 'key=value' in {current.kind} {current.name}", number, sf.path)
            continue
        key, value = m.group(1).lower(), _unquote(m.group(2))
        current.end = number
        libreswan_hits.append((key, value))
        if key in current.params and key != "also":
            res.problem(f"'{key}' set twice in {current.kind} {current.name}; the later value is used",
                        number, sf.path)
        if key == "also":
            key = f"also#{also_keys.get(id(current), 0)}"
        if key.startswith("also") and key not in current.params:
            also_keys[id(current)] = also_keys.get(id(current), 0) + 1
        current.params[key] = _Param(value, number, sf.path)
    # Fix suppression scopes of top-level directives now that stanza ends are known (the sections of
    # this file by line, built once: searched for each directive, they were quadratic).
    by_line: dict[int, _Section] = {}
    for x in sections:
        if x.file == sf.path:
            by_line.setdefault(x.line, x)
    fixed: list[InlineSuppression] = []
    for s in res.suppressions:
        sec = by_line.get(s.scope_start) if s.file == res.loc(sf.path) else None
        fixed.append(s.model_copy(update={"scope_end": sec.end}) if sec and s.scope_end < sec.end else s)
    res.suppressions[:] = fixed


def _resolve_conn(conn: _Section, by_name: dict[str, _Section], default: dict[str, _Param],
                  res: _Result) -> dict[str, _Param]:
    """The conn's own params, then its also= sections (in order, recursively), then %default."""
    merged: dict[str, _Param] = {}
    seen: set[str] = set()

    def add(section: _Section, depth: int) -> None:
        if section.name in seen or depth > 20:
            return
        seen.add(section.name)
        for key, param in section.params.items():
            if key.startswith("also#") or key.startswith("\0"):
                continue
            merged.setdefault(key, param)
        for key, param in section.params.items():
            if key.startswith("also#"):
                target = by_name.get(param.value)
                if target is None:
                    res.dangling.append(DanglingReference(
                        kind="conn", name=param.value, line=param.line, file=res.loc(param.file),
                        referrer=f"conn {section.name} also="))
                else:
                    add(target, depth + 1)

    add(conn, 0)
    for key, param in default.items():
        merged.setdefault(key, param)
    return merged


def _local_is_right(p: dict[str, _Param]) -> bool:
    def val(k: str) -> str:
        return p[k].value.strip().lower() if k in p else ""

    if val("right") in ("%defaultroute", "%defaultroute6"):
        return True
    if val("left") in ("%any", "%any6") and val("right") not in ("", "%any", "%any6"):
        return True
    local_only = ("updown", "firewall", "sourceip", "vti", "cert", "hostaccess")
    right_marks = any(f"right{k}" in p for k in local_only)
    left_marks = any(f"left{k}" in p for k in local_only)
    return right_marks and not left_marks


def _ipsec_conf_tunnels(res: _Result, sections: list[_Section], libreswan: bool) -> None:
    conns = [s for s in sections if s.kind == "conn"]
    by_name: dict[str, _Section] = {}
    default: dict[str, _Param] = {}
    for s in conns:
        if s.name == "%default":
            for k, v in s.params.items():
                default.setdefault(k, v)
            continue
        if s.name in by_name:
            res.problem(f"conn {s.name} is defined twice; the later definition is used", s.line, s.file)
        by_name[s.name] = s
    # A conn only used through also= by others and without left/right of its own is a fragment.
    referenced = {p.value for s in conns for k, p in s.params.items() if k.startswith("also#")}
    for s in sections:
        if s.kind == "config" and s.name == "setup":
            res.setup.update(s.params)
    for conn in by_name.values():
        params = _resolve_conn(conn, by_name, default, res)
        if conn.name in referenced and ("right" not in params or "auto" not in conn.params):
            # A base pulled in with also= by other conns, without an auto= of its own: a fragment
            # of those connections (judged through them), not a connection of its own.
            continue
        _ipsec_conf_conn(res, conn, params, libreswan)


def _side(params: dict[str, _Param], swapped: bool) -> tuple[str, str]:
    return ("right", "left") if swapped else ("left", "right")


_IPSEC_CONF_KNOWN = {
    "left", "right", "leftsubnet", "rightsubnet", "leftid", "rightid", "leftauth", "rightauth", "authby",
    "keyexchange", "ikev2", "ike", "esp", "ah", "phase2", "phase2alg", "type", "auto", "aggressive", "aggrmode",
    "dpdaction", "dpddelay", "dpdtimeout", "ikelifetime", "lifetime", "keylife", "salifetime", "margintime",
    "rekeymargin", "mark", "mark_in", "mark_out", "leftupdown", "rightupdown", "vti-interface", "vti-routing",
    "vti-shared", "leftvti", "rightvti", "ipsec-interface", "fragmentation", "replay_window", "replay-window",
    "pfs", "rekey", "reauth", "keyingtries", "ikelifetime", "rekeyfuzz", "leftcert", "rightcert",
    "leftsendcert", "rightsendcert", "leftfirewall", "rightfirewall", "leftsourceip", "rightsourceip",
    "leftprotoport", "rightprotoport", "leftnexthop", "rightnexthop", "mobike", "forceencaps", "closeaction",
    "compress", "installpolicy", "leftikeport", "rightikeport", "leftca", "rightca", "retransmit-timeout",
    "encapsulation", "ikedscp", "inactivity", "reqid", "modeconfig", "leftrsasigkey", "rightrsasigkey",
    "leftrsasigkey2", "rightrsasigkey2", "leftauth2", "rightauth2", "lifebytes", "lifepackets", "marginbytes",
    "marginpackets", "eap_identity", "aaa_identity", "xauth_identity", "leftgroups", "rightgroups",
    "lefthostaccess", "righthostaccess", "leftdns", "rightdns", "nat-ikev1-method", "sha2-truncbug", "narrowing",
    "ipsec-lifetime", "nopmtudisc", "leftsigkey", "rightsigkey", "leftckaid", "rightckaid", "overlapip",
}


def _auth_kind(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v in ("secret", "psk"):
        return "psk"
    if v.startswith(("pubkey", "rsa", "ecdsa", "rsasig", "ecdsasig", "cert")):
        return "certificate"
    if v.startswith("xauth"):
        return "xauth"
    if v.startswith("eap"):
        return "eap"
    if v in ("never", "null"):
        return "none"
    return "unknown"


def _proposals_from(value: str | None, protocol: str, libreswan: bool, line: int | None, file: str | None,
                    res: _Result, versions: tuple[int, ...], name: str, stroke_append: bool,
                    ) -> tuple[list[_Algs], list[str]]:
    """Configured proposals (plus defaults when stroke appends them) -> (algs, defaults-note)."""
    name = _named_after(name)
    if protocol == "ike":
        defaults = _ls_defaults("ike") if libreswan else _SS_IKE_DEFAULT
    elif protocol == "ah":
        defaults = _SS_AH_DEFAULT
    else:
        defaults = _ls_defaults("esp") if libreswan else _SS_ESP_DEFAULT
    if value is None or not value.strip():
        return [a for a in defaults], ["default"] * len(defaults)
    items, strict = _split_proposals(value)
    algs: list[_Algs] = []
    marks: list[str] = []
    for item in items:
        if item.lower() == "default":
            algs.extend(defaults)
            marks.extend(["default"] * len(defaults))
            continue
        a = _parse_algs(item, protocol, libreswan)
        if libreswan:
            _ls_fill(a, protocol)
        if a.unknown:
            res.unmodeled.append(Unmodeled(
                line=line or 0, text=f"{name}: unknown algorithm keyword(s) {', '.join(a.unknown)} in '{item}'",
                file=res.loc(file)))
        algs.append(a)
        marks.append("")
    if stroke_append and not strict and not libreswan:
        algs.extend(defaults)
        marks.extend(["appended"] * len(defaults))
    return algs, marks


# Characters of a connection's name that its proposals (and their problems) are named after.
MAX_NAMED_AFTER = 256


def _named_after(name: str) -> str:
    """``name`` as a connection's proposals are named after it: one longer than ``MAX_NAMED_AFTER``
    characters masked, then cut. Each proposal held the whole name: 2,000 proposals of a
    40,000-character connection name were 80 MB of names, each masked and searched on its own
    (5.3 s for a 129 KB file, four times the half). The connection keeps its whole name."""
    return name if len(name) <= MAX_NAMED_AFTER else clipped(mask(name), MAX_NAMED_AFTER)


def _ike_proposals(algs: list[_Algs], marks: list[str], line: int | None, file: str | None,
                   versions: tuple[int, ...], name: str, res: _Result) -> list[IkeProposal]:
    name = _named_after(name)
    out: list[IkeProposal] = []
    for i, (a, mark) in enumerate(zip(algs, marks, strict=True), start=1):
        out.append(IkeProposal(
            name=f"{name}#{i}" + (" (default)" if mark else ""),
            encryption=tuple(a.encryption), integrity=tuple(a.integrity), prf=tuple(a.prf),
            dh_groups=tuple(a.dh), versions=versions, line=line, file=res.loc(file),
            defaults=_ALG_FIELDS if mark else tuple(a.filled)))
    return out


def _esp_proposals(algs: list[_Algs], marks: list[str], protocol: str, mode: str, line: int | None,
                   file: str | None, name: str, res: _Result) -> list[IpsecProposal]:
    name = _named_after(name)
    out: list[IpsecProposal] = []
    for i, (a, mark) in enumerate(zip(algs, marks, strict=True), start=1):
        out.append(IpsecProposal(
            name=f"{name}#{i}" + (" (default)" if mark else ""), protocol=protocol, mode=mode,  # type: ignore[arg-type]
            encryption=tuple(a.encryption), integrity=tuple(a.integrity), dh_groups=tuple(a.dh),
            line=line, file=res.loc(file),
            defaults=("encryption", "integrity", "dh_groups") if mark else tuple(f for f in a.filled if f != "prf")))
    return out


def _pfs_groups(props: Sequence[IpsecProposal]) -> list[int]:
    groups: list[int] = []
    for p in props:
        for g in p.dh_groups:
            if g not in groups:
                groups.append(g)
    return groups


_UPDOWN_FLAGS = {"-ll": "local", "-lr": "peer", "-ln": "name", "--local": "local", "--remote": "peer"}


def _inside_from_updown(value: str, line: int, file: str, res: _Result) -> tuple[InsideAddress | None, str | None]:
    """Inside /30 from an updown script's arguments: AWS-style ``-ll A/30 -lr B/30 -ln NAME`` or the
    first two IPv4 CIDR arguments."""
    try:
        args = shlex.split(value)
    except ValueError:
        args = value.split()
    found: dict[str, str] = {}
    for i, arg in enumerate(args[1:], start=1):
        key = _UPDOWN_FLAGS.get(arg)
        if key and i + 1 < len(args):
            found.setdefault(key, args[i + 1])
    if "local" not in found:
        cidrs = [a for a in args[1:] if re.match(r"^\d+\.\d+\.\d+\.\d+/\d+$", a)]
        if len(cidrs) >= 2:
            found["local"], found["peer"] = cidrs[0], cidrs[1]
    if "local" not in found:
        return None, found.get("name")
    peer = found.get("peer")
    if peer and "/" in peer:
        peer = peer.split("/", 1)[0]
    return InsideAddress(local=found["local"], peer=peer, line=line, file=res.loc(file)), found.get("name")


def _is_gre_proto(value: str | None) -> bool:
    proto = (value or "").split("/", 1)[0].strip().lower()
    return proto in ("gre", "47")


_RSA_KEY_NONE = ("", "%cert", "%none", "%dns", "%dnsondemand")


def _raw_rsa(p: dict[str, _Param], lo: str, re_: str, libreswan: bool) -> bool:
    """Authentication by raw RSA public keys, not certificates: ``leftrsasigkey=``/``rightrsasigkey=``
    holding a key (0s... / 0x...), strongSwan ``leftsigkey=``, or Libreswan ``authby=rsasigkey`` (the
    key comes from NSS by CKAID, ipsec.conf(5) leftrsasigkey / leftckaid) with no certificate."""
    if any(f"{side}cert" in p for side in (lo, re_)):
        return False
    for side in (lo, re_):
        for key in (f"{side}rsasigkey", f"{side}rsasigkey2", f"{side}sigkey", f"{side}ckaid"):
            if key in p and p[key].value.strip().lower() not in _RSA_KEY_NONE:
                return True
    return libreswan and (p["authby"].value.strip().lower() if "authby" in p else "") == "rsasigkey"


def _ipsec_conf_conn(res: _Result, conn: _Section, p: dict[str, _Param], libreswan: bool) -> None:
    name = conn.name
    swapped = _local_is_right(p)
    lo, re_ = _side(p, swapped)

    def g(key: str) -> _Param | None:
        return p.get(key)

    def v(key: str) -> str | None:
        return p[key].value if key in p else None

    def where(key: str) -> tuple[int | None, str | None]:
        return (p[key].line, p[key].file) if key in p else (conn.line, conn.file)

    def setting_lines(**keys: str) -> tuple[tuple[str, int], ...]:
        """field -> line of the ipsec.conf key that sets it, when written in this conn's file."""
        return tuple(sorted((f, p[k].line) for f, k in keys.items() if k in p and p[k].file == conn.file))

    for key, param in p.items():
        if key.startswith("\0") or key in _IPSEC_CONF_KNOWN:
            continue
        if _CRYPTO_HINT.search(key):
            res.unmodeled.append(Unmodeled(line=param.line, text=f"{key}={param.value}", file=res.loc(param.file)))

    # IKE version
    versions: tuple[int, ...]
    ver_default = False
    kx = (v("keyexchange") or "").lower()
    if kx in ("ikev1",):
        versions = (1,)
    elif kx == "ikev2":
        versions = (2,)
    elif libreswan and v("ikev2") is not None:
        ik = v("ikev2").lower()  # type: ignore[union-attr]
        versions = (2,) if ik in ("insist", "yes") else (1,) if ik in ("never", "no") else (2, 1)
    elif kx == "ike" and not libreswan:
        versions = (2, 1)
    else:
        versions, ver_default = (ls.defaults_for().ike_versions if libreswan else (2, 1)), True
    refused = None
    if libreswan and versions == (1,) and ls.defaults_for().ikev1_needs_policy:
        policy = res.setup.get("ikev1-policy")
        if policy is None or policy.value.strip().lower() != "accept":
            refused = (f"conn {name} is IKEv1; {ls.defaults_for().label} refuses to load IKEv1 connections unless "
                       "'config setup' sets ikev1-policy=accept (the default is drop), so this tunnel never comes up")
            line_of = g("keyexchange") or g("ikev2")
            res.problem(refused, line_of.line if line_of else conn.line, line_of.file if line_of else conn.file)

    auth = _auth_kind(v(f"{lo}auth")) or _auth_kind(v("authby"))
    auth_default = auth is None
    if auth is None:
        auth = "certificate"  # ipsec.conf(5): authby defaults to pubkey (Libreswan: rsasig)
    if auth == "certificate" and _raw_rsa(p, lo, re_, libreswan):
        auth, auth_default = "rsa-raw", False
    aggressive = _yes(v("aggressive") or v("aggrmode"))
    mode = ("aggressive" if aggressive else "main") if 1 in versions else None

    ike_line, ike_file = where("ike")
    ike_algs, ike_marks = _proposals_from(v("ike"), "ike", libreswan, ike_line, ike_file, res, versions, name, True)
    ike_props = _ike_proposals(ike_algs, ike_marks, ike_line, ike_file, versions, f"{name} ike", res)

    protocol = "esp"
    if (v("phase2") or "").lower() == "ah" or v("ah") is not None or (v("auth") or "").lower() == "ah":
        protocol = "ah"
    esp_key = "ah" if protocol == "ah" and v("ah") is not None else ("esp" if v("esp") is not None else "phase2alg")
    esp_line, esp_file = where(esp_key)
    esp_algs, esp_marks = _proposals_from(v(esp_key), protocol, libreswan, esp_line, esp_file, res, versions,
                                          name, True)
    ctype = (v("type") or "tunnel").lower()
    ipsec_mode = "transport" if ctype == "transport" else "tunnel"
    if ctype not in ("tunnel", "transport"):
        res.unmodeled.append(Unmodeled(line=g("type").line, text=f"type={v('type')}", file=res.loc(g("type").file)))  # type: ignore[union-attr]
    esp_props = _esp_proposals(esp_algs, esp_marks, protocol, ipsec_mode, esp_line, esp_file, f"{name} {protocol}",
                               res)

    pfs = _pfs_groups(esp_props)
    pfs_defaults: list[str] = []
    if libreswan:
        # Libreswan pfs=yes (default): CHILD SAs use the IKE SA's DH groups.
        pfs_on = _yes(v("pfs"))
        if not pfs:
            if pfs_on is False:
                pfs = []
            else:
                pfs = [d for a in ike_algs for d in a.dh if d not in pfs][:]
                pfs = list(dict.fromkeys(pfs))
                if pfs_on is None:
                    pfs_defaults.append("pfs_groups")
    elif all(esp_marks):
        pfs_defaults.append("pfs_groups")

    # lifetimes
    ike_life = _seconds(v("ikelifetime"))
    ike_life_default = ike_life is None
    if ike_life is None:
        ike_life = ls.defaults_for().ike_lifetime if libreswan else 10800
    life_keys = ls.defaults_for().ipsec_lifetime_keys if libreswan else ("lifetime", "keylife")
    life_key = next((k for k in life_keys if k in p), life_keys[0])
    if libreswan and "ipsec-lifetime" in p and "ipsec-lifetime" not in life_keys:
        res.unmodeled.append(Unmodeled(
            line=p["ipsec-lifetime"].line, file=res.loc(p["ipsec-lifetime"].file),
            text=f"ipsec-lifetime={p['ipsec-lifetime'].value} ({ls.defaults_for().label} does not know this keyword, "
                 "added in Libreswan 4.8; use salifetime=)"))
    ipsec_life = _seconds(v(life_key))
    ipsec_life_default = ipsec_life is None
    if ipsec_life is None:
        ipsec_life = ls.defaults_for().ipsec_lifetime if libreswan else 3600

    # DPD
    dpd_action = (v("dpdaction") or "").lower() or None
    dpd_delay = _seconds(v("dpddelay"))
    dpd_timeout = _seconds(v("dpdtimeout"))
    dpd_line, dpd_file = where("dpdaction" if "dpdaction" in p else "dpddelay")
    dpd_defaults: list[str] = []
    if libreswan:
        enabled = dpd_delay is not None and dpd_delay > 0 and dpd_action != "none"
        if dpd_action is None and enabled:
            dpd_action, dpd_defaults = "hold", ["action"]
    else:
        enabled = dpd_action in ("clear", "hold", "restart", "trap")
        if dpd_action is None:
            dpd_action = "none"
            dpd_defaults.append("action")
        if dpd_delay is None:
            dpd_delay = 30
            dpd_defaults.append("interval_seconds")
        if dpd_timeout is None:
            if versions == (2,):
                dpd_timeout = 165  # IKEv2: retransmission sequence (strongswan.conf defaults)
            else:
                dpd_timeout = 150
            dpd_defaults.append("timeout_seconds")
    if "dpdaction" not in p and "dpddelay" not in p:
        dpd_defaults.append("enabled")
    dpd = Dpd(enabled=enabled, interval_seconds=dpd_delay, timeout_seconds=dpd_timeout, action=dpd_action,
              mode="periodic" if enabled else None, line=dpd_line, file=res.loc(dpd_file),
              defaults=tuple(dict.fromkeys(dpd_defaults)))

    local_id = v(f"{lo}id")
    remote_id = v(f"{re_}id")
    ike_defaults = [f for f, is_def in (("versions", ver_default), ("auth", auth_default),
                                        ("lifetime_seconds", ike_life_default),
                                        ("mode", mode is not None and aggressive is None)) if is_def]
    ike = IkeConfig(
        name=name, versions=versions, mode=mode, auth=auth, proposals=tuple(ike_props),  # type: ignore[arg-type]
        lifetime_seconds=ike_life, dpd=dpd, local_id=local_id, remote_id=remote_id, line=conn.line,
        file=res.loc(conn.file), defaults=tuple(ike_defaults),
        lines=setting_lines(versions="ikev2" if "ikev2" in p else "keyexchange",
                            mode="aggrmode" if "aggrmode" in p else "aggressive", lifetime_seconds="ikelifetime"))

    replay_key = "replay_window" if "replay_window" in p else "replay-window"
    replay = None
    if replay_key in p:
        try:
            replay = int(p[replay_key].value)
        except ValueError:
            res.problem(f"{replay_key} is not a number in conn {name}", p[replay_key].line, p[replay_key].file)
    ipsec_defaults = list(pfs_defaults)
    if ipsec_life_default:
        ipsec_defaults.append("lifetime_seconds")
    if replay is None:
        replay = 32 if not libreswan else None  # strongSwan kernel default window 32
        ipsec_defaults.append("replay_window")
    if all(esp_marks):
        ipsec_defaults.append("proposals")
    if "type" not in p:
        ipsec_defaults.append("mode")
    ipsec = IpsecConfig(
        name=name, protocol=protocol, mode=ipsec_mode, proposals=tuple(esp_props), pfs_groups=tuple(pfs),  # type: ignore[arg-type]
        lifetime_seconds=ipsec_life, replay_window=replay,
        replay_protection=None if replay is None else replay != 0,
        line=conn.line, file=res.loc(conn.file), defaults=tuple(ipsec_defaults),
        lines=setting_lines(lifetime_seconds=life_key, mode="type", replay_protection=replay_key,
                            pfs_groups="pfs" if "pfs" in p else esp_key))

    # Addresses, selectors and route-based binding
    local_addr, peer_addr = v(lo), v(re_)
    sel_local = [s.strip() for s in (v(f"{lo}subnet") or "").split(",") if s.strip()]
    sel_remote = [s.strip() for s in (v(f"{re_}subnet") or "").split(",") if s.strip()]
    selectors: list[TrafficSelector] = []
    if sel_local or sel_remote:
        sl_line, sl_file = where(f"{lo}subnet" if f"{lo}subnet" in p else f"{re_}subnet")
        for a in sel_local or [local_addr or "%dynamic"]:
            for b in sel_remote or [peer_addr or "%dynamic"]:
                selectors.append(TrafficSelector(
                    local=a, remote=b, line=sl_line, file=res.loc(sl_file),
                    defaults=tuple(x for x, present in (("local", sel_local), ("remote", sel_remote)) if not present)))

    inside: InsideAddress | None = None
    interface: str | None = None
    updown = g(f"{lo}updown") or g(f"{re_}updown")
    if updown is not None:
        inside, interface = _inside_from_updown(updown.value, updown.line, updown.file, res)
    vti = g(f"{lo}vti")
    if inside is None and vti is not None:
        inside = InsideAddress(local=vti.value, peer=None, line=vti.line, file=res.loc(vti.file))
    if interface is None:
        interface = v("vti-interface") or (f"ipsec{v('ipsec-interface')}" if v("ipsec-interface") else None)
    route_based = any(k in p for k in ("mark", "mark_in", "mark_out", "vti-interface", "ipsec-interface",
                                       "leftvti", "rightvti")) or inside is not None
    # auto=: both ipsec.conf(5) say "ignore" (the default) does nothing at startup. strongSwan's
    # starter loads only conns with auto=add|route|start; a Libreswan conn without auto= is still
    # added by hand ("ipsec add"), so only an explicit auto=ignore makes it inactive there.
    auto = (v("auto") or ("" if libreswan else "ignore")).lower()
    t_defaults = [] if "auto" in p else ["enabled"]
    if refused:
        auto = "ignore"
    # DF bit: Linux XFRM copies the inner DF bit to the outer header of a tunnel-mode SA unless the
    # state has XFRM_STATE_NOPMTUDISC (net/ipv4/xfrm4_mode_tunnel.c; "[IPSEC]: Add
    # XFRM_STATE_NOPMTUDISC flag", Herbert Xu 2005: "it will ensure that the DF flag is always
    # cleared"). Libreswan sets it with nopmtudisc=yes (ipsec.conf(5) conn/nopmtudisc.xml);
    # strongSwan's ipsec.conf has no such option (swanctl has copy_df).
    df_bit: str | None = None
    t_lines: tuple[tuple[str, int], ...] = ()
    if ipsec_mode == "tunnel":
        if libreswan and "nopmtudisc" in p:
            df_bit = "clear" if _yes(v("nopmtudisc")) else "copy"
            t_lines = setting_lines(df_bit="nopmtudisc")
        else:
            df_bit = "copy"
            t_defaults.append("df_bit")
    # GRE: leftprotoport=gre / 47 narrows the SA to GRE (ipsec.conf(5) leftprotoport).
    encapsulation = "gre" if any(_is_gre_proto(v(f"{s}protoport")) for s in ("left", "right")) else "ipsec"
    tunnel = Tunnel(
        name=name, local_address=local_addr, local_interface=interface, peer_address=peer_addr,
        routing="route-based" if route_based else "policy-based", inside=inside, ike=ike, ipsec=ipsec,
        traffic_selectors=tuple(selectors), enabled=auto != "ignore", line=conn.line, file=res.loc(conn.file),
        df_bit=df_bit, encapsulation=encapsulation, lines=t_lines,  # type: ignore[arg-type]
        defaults=tuple(t_defaults), unknown=_LINUX_SETTINGS)
    res.tunnels.append(tunnel)
    res.ike_policies.extend(ike_props)
    res.ipsec_proposals.extend(esp_props)
    res.auth_ids[name] = (local_id or local_addr, remote_id or peer_addr)


# --------------------------------------------------------------------------------------------
# ipsec.secrets

_SECRET_TYPE = re.compile(r"[A-Za-z0-9]+")


def _split_secret(line: str) -> tuple[str, str, str] | None:
    r"""``selectors : TYPE rest`` -> (selectors, TYPE, rest), or None when the line is not one.

    The selectors run up to the first colon and hold no quote; TYPE is the letters and digits after
    the colon, not followed by a word character. What the regex
    ``^(?P<sel>[^:"']*?)\s*:\s*(?P<type>[A-Za-z0-9]+)\b\s*(?P<rest>.*)$`` matched, without its lazy
    selectors followed by blanks (quadratic on a long run of blanks: 200,000 took minutes)."""
    head, colon, tail = line.partition(":")
    if not colon or '"' in head or "'" in head:
        return None
    tail = tail.lstrip()
    m = _SECRET_TYPE.match(tail)
    if not m:
        return None
    after = tail[m.end():m.end() + 1]
    if after and (after.isalnum() or after == "_"):
        return None  # no word boundary after the type
    rest = tail[m.end():].lstrip()
    if rest.endswith("\n"):  # '$' matches before a final newline ...
        rest = rest[:-1]
    if "\n" in rest:  # ... and '.' no other (neither is in a line of splitlines: kept for the record)
        return None
    return head.rstrip(), m.group(), rest


def _decode_secret(raw: str) -> str | bytes | None:
    """Quoted or unquoted -> the secret as text; 0x hex or 0s base64 -> the secret's bytes
    (ipsec.secrets(5): "0x" / "0s" prefixes give the key in hex / base64), measured by
    PreSharedKey.from_bytes as AWS would see them."""
    v = raw.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    if v.lower().startswith("0x"):
        try:
            return bytes.fromhex(v[2:])
        except ValueError:
            return None
    if v.lower().startswith("0s"):
        try:
            return base64.b64decode(v[2:], validate=True)
        except (binascii.Error, ValueError):
            return None
    return v or None


def _encoding_of(raw: str) -> str:
    v = raw.strip().lower()
    return "hex" if v.startswith("0x") else "base64" if v.startswith("0s") else "text"


def _read_secrets(sf: SourceFile, res: _Result) -> None:
    for number, raw in enumerate(sf.lines, start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("include ") or stripped == "include":
            continue  # resolved by the caller giving us every file of the directory
        parts = _split_secret(stripped)
        if parts is None:
            res.problem("ipsec.secrets line not understood (expected 'selectors : TYPE secret')", number, sf.path)
            continue
        sel, kind, rest = parts
        if kind.upper() != "PSK":
            continue
        selectors = tuple(s for s in sel.split() if s)
        rest = rest.strip()
        secret = None
        if rest[:1] in ("\"", "'"):
            end = rest.find(rest[0], 1)
            secret = rest[1:end] if end > 0 else None
        elif rest:
            secret = _decode_secret(rest.split()[0])
        if secret is None:
            res.problem("PSK entry without a readable secret", number, sf.path)
            continue
        _add_key(res, secret, selectors, number, sf.path, name=None, note=_encoding_of(rest.split()[0] if rest else ""))


def _add_key(res: _Result, secret: str | bytes, selectors: tuple[str, ...], line: int, file: str, name: str | None,
             note: str) -> None:
    wild = not selectors or any(s.lower() in ("%any", "%any6", "0.0.0.0", "0.0.0.0/0", "::/0") for s in selectors)
    make = PreSharedKey.from_bytes if isinstance(secret, bytes) else PreSharedKey.from_secret
    key = make(
        secret, line=line, file=res.loc(file), encoding="plain", peer=" ".join(selectors) or "%any",  # type: ignore[arg-type]
        wildcard_peer=wild, name=name)
    del secret
    res.keys.append((key, selectors))
    if note in ("hex", "base64"):
        res.extra.setdefault("psk_encodings", "")  # its place among the extras; joined in parse
        res.psk_encodings.append(f"{os.path.basename(file)}:{line}={note}")


# --------------------------------------------------------------------------------------------
# swanctl.conf (strongswan.conf syntax)


@dataclass
class _Block:
    name: str
    line: int
    file: str
    end: int = 0
    base: str | None = None  # "name : base { }" reference
    params: dict[str, _Param] = field(default_factory=dict)
    blocks: list[_Block] = field(default_factory=list)

    def block(self, name: str) -> _Block | None:
        return next((b for b in self.blocks if b.name == name), None)


# The pieces of a swanctl.conf line, each matched at a position of the line (``pattern.match(text,
# pos)``) so that reading on never copies the rest of the line: ``text = rest.strip()`` per section
# opened, per '}' and per one-line value was quadratic on a long line (``a{`` 400,000 times, 804 KB:
# 49 s). The section and key patterns end at the brace / before the value; "the rest of the line
# holds no newline" (the ``(.*)$`` they ended in) is checked against the last newline of the text.
_SECTION = re.compile(
    r"([A-Za-z0-9_.\-%]+)[ \t]*(?::[ \t]*([A-Za-z0-9_.\-,]+(?:[ \t]+[A-Za-z0-9_.\-,]+)*))?[ \t]*\{")
_KEY = re.compile(r"([A-Za-z0-9_.\-]+)\s*=\s*")
_INCLUDE = re.compile(r"include\s+(\S+)")
_BLANKS = re.compile(r"\s*")


def _tokenize_swanctl(sf: SourceFile, res: _Result) -> _Block:
    root = _Block(name="", line=0, file=sf.path)
    stack = [root]
    lines = sf.lines
    includes: list[str] = []
    i = 0
    while i < len(lines):
        number = i + 1
        raw = lines[i]
        i += 1
        stripped = raw.strip()
        if stripped.startswith("#"):
            directive = parse_directive(stripped)
            if directive:
                res.suppressions.append(InlineSuppression(
                    rule_ids=directive[0], reason=directive[1], line=number, scope_start=number, scope_end=number,
                    file=res.loc(sf.path)))
            continue
        # What is left to read is text[pos:]: text has no blanks at either end and pos is at a
        # non-blank character (or the end). A quoted value over several lines replaces text by what
        # follows its closing quote (the lines joined by newlines, as the value is).
        text = _strip_comment(raw).strip()
        pos, last_newline = 0, -1
        quotes, quotes_at, quotes_before = text.count('"'), 0, 0  # '"' in text; in text[:quotes_at]
        stray, stray_at = 0, -1  # '}' at the top level on this line; where its problem is
        while pos < len(text):
            if text[pos] == "}":
                if len(stack) > 1:
                    stack[-1].end = number
                    stack.pop()
                else:
                    if not stray:
                        stray_at = len(res.problems)
                        res.problem("'}' without an open section", number, sf.path)
                    stray += 1
                pos = _BLANKS.match(text, pos + 1).end()
                continue
            # One way to split ``name : base1, base2 {``: the blanks between words and before
            # the brace are separate tokens (a lazy group ending in blanks before ``\s*`` took
            # quadratic time on a long run of blanks).
            m = _SECTION.match(text, pos)
            if m and m.end() > last_newline:
                block = _Block(name=m.group(1), line=number, file=sf.path, base=(m.group(2) or "").strip() or None)
                stack[-1].blocks.append(block)
                stack.append(block)
                pos = _BLANKS.match(text, m.end()).end()
                continue
            m = _KEY.match(text, pos)
            if m and m.end() > last_newline:
                key, start = m.group(1), m.end()
                quote = text[start:start + 1]
                quotes_before += text.count('"', quotes_at, start)
                quotes_at = start
                if quote == '"' and (quotes - quotes_before) % 2 == 1 and i < len(lines):
                    # A quoted value may span lines: the next lines up to the one that closes it,
                    # the parity of the quotes counted per line, joined once.
                    parts = [text[start:]]
                    odd = True
                    while i < len(lines) and odd:
                        parts.append(lines[i])
                        odd ^= lines[i].count('"') % 2 == 1
                        i += 1
                    value, tail = "\n".join(parts), ""
                    end = value.find('"', 1)
                    if end > 0 and value[end + 1:].strip().startswith("}") and len(stack) > 1:
                        value, tail = value[:end + 1], value[end + 1:].strip()
                    stack[-1].params[key] = _Param(_unquote(value), number, sf.path, raw=value)
                    text, pos, last_newline = tail, 0, tail.rfind("\n")
                    quotes, quotes_at, quotes_before = tail.count('"'), 0, 0
                    continue
                # One-line sections ("local { auth = psk }", "ike-1 { secret = \"x\" }"): the value ends
                # where the closing brace of its section begins (after the quotes of a quoted value).
                value_end = len(text)
                pos = len(text)
                if quote in ('"', "'"):
                    end = text.find(quote, start + 1)
                    if end > 0 and len(stack) > 1:
                        after = _BLANKS.match(text, end + 1).end()
                        if text.startswith("}", after):
                            value_end, pos = end + 1, after
                elif len(stack) > 1:
                    cut = text.find("}", start)
                    if cut >= 0:
                        value_end = pos = cut
                value = text[start:value_end]
                if pos < len(text) and quote not in ('"', "'"):
                    value = value.rstrip()
                stack[-1].params[key] = _Param(_unquote(value), number, sf.path, raw=value)
                continue
            m = _INCLUDE.match(text, pos)
            if m:
                if not includes:
                    res.extra.setdefault("includes", "")
                includes.append(m.group(1))
                break
            res.problem("swanctl.conf line not understood", number, sf.path)
            break
        if stray > 1:  # one problem for a line of stray braces, not one each (1.6 MB of '}': 716 MB)
            res.problems[stray_at] = ParseProblem(message=f"'}}' without an open section ({stray} on this line)",
                                                  line=number, file=res.loc(sf.path))
    if includes:  # joined once: joined per include line, the list was copied for each
        res.extra["includes"] = ",".join(x for x in (res.extra["includes"], *includes) if x)
    if len(stack) > 1:
        res.problem(f"section '{stack[-1].name}' is not closed (missing '}}')", stack[-1].line, sf.path)
        for b in stack[1:]:
            b.end = len(lines)
    # Scope inline directives to the connection they sit in.
    conns = [b for top in root.blocks if top.name == "connections" for b in top.blocks]
    owner_of = _conn_at(conns)
    fixed = []
    for s in res.suppressions:
        if s.file != res.loc(sf.path):
            fixed.append(s)
            continue
        owner = owner_of(s.line)
        fixed.append(s.model_copy(update={"scope_start": owner.line, "scope_end": owner.end}) if owner else s)
    res.suppressions[:] = fixed
    return root


def _conn_at(conns: list[_Block]) -> Callable[[int], _Block | None]:
    """The connection a directive on a line belongs to: the first that holds the line, else the first
    after it. The connections come in the file's order, each ending before the next begins, so that
    is the first one ending on or after the line (found by bisection; scanning them for each
    directive was quadratic). Out of that order (not expected), the connections are scanned."""
    ends = [c.end for c in conns]
    ordered = all(c.line <= c.end for c in conns) and all(
        a.end <= b.line for a, b in zip(conns, conns[1:]))

    def scan(line: int) -> _Block | None:
        owner = next((c for c in conns if c.line <= line <= c.end), None)
        return owner if owner is not None else next((c for c in conns if c.line > line), None)

    def bisected(line: int) -> _Block | None:
        k = bisect.bisect_left(ends, line)
        return conns[k] if k < len(conns) else None

    return bisected if ordered else scan


class _Bases:
    """strongswan.conf section references among sibling sections: ``name : base { }`` inherits
    base's settings. The siblings by name are indexed once and each merge is kept (per block and
    depth): looking each base up among the siblings was quadratic in the connections, and merging a
    base anew for each reference exponential in the chain (``a : b, b`` / ``b : c, c`` ...)."""

    def __init__(self, siblings: list[_Block]):
        self.by_name: dict[str, _Block] = {}
        for sibling in siblings:
            self.by_name.setdefault(sibling.name, sibling)  # the first of that name, as before
        self.merged: dict[tuple[int, int], _Block] = {}

    def merge(self, block: _Block, depth: int = 0) -> _Block:
        if not block.base or depth > 10:
            return block
        done = self.merged.get((id(block), depth))
        if done is not None:
            return done
        merged = _Block(name=block.name, line=block.line, file=block.file, end=block.end)
        merged.params.update(block.params)
        merged.blocks = list(block.blocks)
        names = {b.name for b in merged.blocks}
        seen: set[str] = set()
        for base_name in [b.strip() for b in block.base.split(",") if b.strip()]:
            base = self.by_name.get(base_name)
            if base is None or base_name in seen:
                continue  # a base named again adds nothing: its settings and sections are there
            seen.add(base_name)
            base = self.merge(base, depth + 1)
            for k, p in base.params.items():
                merged.params.setdefault(k, p)
            added = [b for b in base.blocks if b.name not in names]
            merged.blocks.extend(added)
            names.update(b.name for b in added)
        self.merged[(id(block), depth)] = merged
        return merged


def _merge_base(block: _Block, siblings: list[_Block], depth: int = 0) -> _Block:
    """strongswan.conf section references: ``name : base { }`` inherits base's settings."""
    return _Bases(siblings).merge(block, depth)


_SWAN_CONN_KNOWN = {
    "version", "proposals", "local_addrs", "remote_addrs", "local_port", "remote_port", "dpd_delay",
    "dpd_timeout", "rekey_time", "over_time", "reauth_time", "rand_time", "aggressive", "mobike", "encap",
    "fragmentation", "pull", "dscp", "send_certreq", "send_cert", "keyingtries", "unique", "pools", "vips",
    "if_id_in", "if_id_out", "childless", "ppk_id", "ppk_required", "mediation", "mediated_by", "mediation_peer",
    "ocsp", "close_action",
}
_SWAN_CHILD_KNOWN = {
    "esp_proposals", "ah_proposals", "mode", "start_action", "dpd_action", "close_action", "rekey_time",
    "life_time", "rand_time", "rekey_bytes", "life_bytes", "rand_bytes", "rekey_packets", "life_packets",
    "rand_packets", "if_id_in", "if_id_out", "mark_in", "mark_out", "mark_in_sa", "mark_out_sa", "set_mark_in",
    "set_mark_out", "local_ts", "remote_ts", "replay_window", "updown", "hostaccess", "policies",
    "policies_fwd_out", "ipcomp", "inactivity", "reqid", "priority", "interface", "tfc_padding", "sha256_96",
    "copy_df", "copy_ecn", "copy_dscp", "label", "label_mode", "hw_offload", "per_cpu_sas", "dscp",
}


def _swanctl_conn(res: _Result, conn: _Block, siblings: list[_Block] | _Bases) -> None:
    conn = (siblings if isinstance(siblings, _Bases) else _Bases(siblings)).merge(conn)
    p = conn.params
    name = conn.name

    def v(key: str) -> str | None:
        return p[key].value if key in p else None

    def setting_lines(params: dict[str, _Param], file: str, **keys: str) -> tuple[tuple[str, int], ...]:
        """field -> line of the swanctl.conf key that sets it, when written in the same file."""
        return tuple(sorted((f, params[k].line) for f, k in keys.items()
                            if k in params and params[k].file == file))

    for key, param in p.items():
        if key not in _SWAN_CONN_KNOWN and _CRYPTO_HINT.search(key):
            res.unmodeled.append(Unmodeled(line=param.line, text=f"{key} = {param.value}", file=res.loc(param.file)))

    version = (v("version") or "0").strip()
    versions = (1,) if version == "1" else (2,) if version == "2" else (2, 1)
    local = next((b for b in conn.blocks if b.name.startswith("local")), None)
    remote = next((b for b in conn.blocks if b.name.startswith("remote")), None)
    l_auth = local.params.get("auth").value if local and "auth" in local.params else None
    auth = _auth_kind(l_auth) or "certificate"  # swanctl.conf(5): auth = pubkey
    r_auth = _auth_kind(remote.params["auth"].value) if remote and "auth" in remote.params else None
    if r_auth in ("eap", "xauth", "none") and auth in ("psk", "certificate"):
        # The peer is required to authenticate by EAP / XAuth / not at all (swanctl.conf(5) remote.auth):
        # that, not the local round, decides whether a PSK- or certificate-only peer can connect.
        auth, l_auth = r_auth, remote.params["auth"].value  # type: ignore[union-attr]
    local_id = local.params["id"].value if local and "id" in local.params else None
    remote_id = remote.params["id"].value if remote and "id" in remote.params else None
    aggressive = _yes(v("aggressive"))
    mode = ("aggressive" if aggressive else "main") if 1 in versions else None

    pl = p.get("proposals")
    ike_algs, ike_marks = _proposals_from(v("proposals"), "ike", False, pl.line if pl else conn.line,
                                          pl.file if pl else conn.file, res, versions, name, False)
    ike_props = _ike_proposals(ike_algs, ike_marks, pl.line if pl else conn.line, pl.file if pl else conn.file,
                               versions, f"{name} proposals", res)

    rekey = _seconds(v("rekey_time"))
    reauth = _seconds(v("reauth_time"))
    if rekey is None and reauth:
        rekey_eff, life_default = reauth, False  # swanctl.conf(5): reauth_time set -> rekey_time defaults to 0
    elif rekey is None:
        rekey_eff, life_default = 14400, True
    else:
        rekey_eff, life_default = (rekey or reauth or 0), False

    dpd_delay = _seconds(v("dpd_delay"))
    dpd_timeout = _seconds(v("dpd_timeout"))
    dpd_defaults: list[str] = []
    if dpd_delay is None:
        dpd_delay, dpd_defaults = 0, ["interval_seconds", "enabled"]
    if not dpd_timeout:
        dpd_timeout = 165 if versions == (2,) and dpd_delay else None
        if dpd_timeout:
            dpd_defaults.append("timeout_seconds")

    children_block = conn.block("children")
    child_bases = _Bases(children_block.blocks) if children_block else None
    children = [child_bases.merge(c) for c in children_block.blocks] if children_block and child_bases else []
    first = children[0] if children else None
    cp = first.params if first else {}

    def cv(key: str) -> str | None:
        return cp[key].value if key in cp else None

    dpd_action = cv("dpd_action")
    if dpd_action is None:
        dpd_action = "clear"
        dpd_defaults.append("action")
    dl = p.get("dpd_delay")
    dpd = Dpd(enabled=bool(dpd_delay), interval_seconds=dpd_delay or None, timeout_seconds=dpd_timeout,
              action=dpd_action, mode="periodic" if dpd_delay else None, line=dl.line if dl else conn.line,
              file=res.loc(dl.file if dl else conn.file), defaults=tuple(dict.fromkeys(dpd_defaults)))
    ike_defaults = [f for f, d in (("versions", "version" not in p), ("auth", l_auth is None),
                                   ("lifetime_seconds", life_default),
                                   ("mode", mode is not None and aggressive is None)) if d]
    ike = IkeConfig(
        name=name, versions=versions, mode=mode, auth=auth, proposals=tuple(ike_props),  # type: ignore[arg-type]
        lifetime_seconds=rekey_eff, dpd=dpd, local_id=local_id, remote_id=remote_id, line=conn.line,
        file=res.loc(conn.file), defaults=tuple(ike_defaults),
        lines=setting_lines(p, conn.file, versions="version", mode="aggressive", lifetime_seconds="rekey_time"))

    all_esp: list[IpsecProposal] = []
    selectors: list[TrafficSelector] = []
    ipsec: IpsecConfig | None = None
    inside: InsideAddress | None = None
    interface: str | None = None
    route_based = "if_id_in" in p or "if_id_out" in p
    df_bit: str | None = None
    df_default = False
    encapsulation = "ipsec"
    tunnel_lines: tuple[tuple[str, int], ...] = ()
    for child in children:
        c = child.params
        if df_bit is None:
            # swanctl.conf(5) children.<child>.copy_df [yes]: copy the DF bit to the outer IPv4
            # header in tunnel mode (transport mode has no outer header of its own).
            if "copy_df" in c:
                df_bit = "copy" if c["copy_df"].value.lower() in ("yes", "true", "1") else "clear"
                tunnel_lines = setting_lines(c, conn.file, df_bit="copy_df")
            elif (c["mode"].value if "mode" in c else "tunnel").lower() == "tunnel":
                df_bit, df_default = "copy", True
        for key, param in c.items():
            if key not in _SWAN_CHILD_KNOWN and _CRYPTO_HINT.search(key):
                res.unmodeled.append(Unmodeled(line=param.line, text=f"{key} = {param.value}",
                                               file=res.loc(param.file)))
        protocol = "ah" if "ah_proposals" in c and "esp_proposals" not in c else "esp"
        key = "ah_proposals" if protocol == "ah" else "esp_proposals"
        pp = c.get(key)
        cmode = (c["mode"].value if "mode" in c else "tunnel").lower()
        imode = "transport" if cmode in ("transport", "transport_proxy", "beet") else "tunnel"
        if cmode not in ("tunnel", "transport") and "mode" in c:
            res.unmodeled.append(Unmodeled(line=c["mode"].line, text=f"mode = {cmode}", file=res.loc(c["mode"].file)))
        algs, marks = _proposals_from(pp.value if pp else None, protocol, False, pp.line if pp else child.line,
                                      pp.file if pp else child.file, res, versions, f"{name}.{child.name}", False)
        props = _esp_proposals(algs, marks, protocol, imode, pp.line if pp else child.line,
                               pp.file if pp else child.file, f"{name}.{child.name} {key}", res)
        all_esp.extend(props)
        lts = [s.strip() for s in (c["local_ts"].value if "local_ts" in c else "dynamic").split(",") if s.strip()]
        rts = [s.strip() for s in (c["remote_ts"].value if "remote_ts" in c else "dynamic").split(",") if s.strip()]
        ts_param = c.get("local_ts") or c.get("remote_ts")
        for a in lts:
            for b in rts:
                selectors.append(TrafficSelector(
                    local=a, remote=b, line=ts_param.line if ts_param else child.line,
                    file=res.loc(ts_param.file if ts_param else child.file),
                    defaults=tuple(x for x, k in (("local", "local_ts"), ("remote", "remote_ts")) if k not in c)))
        if any(re.search(r"\[(gre|47)\b", t.lower()) for t in lts + rts):
            encapsulation = "gre"  # swanctl.conf(5) local_ts "dynamic[gre]": the SA carries GRE
        if any(k in c for k in ("if_id_in", "if_id_out", "mark_in", "mark_out", "set_mark_in", "set_mark_out")):
            route_based = True
        if "updown" in c and inside is None:
            inside, interface = _inside_from_updown(c["updown"].value, c["updown"].line, c["updown"].file, res)
            route_based = route_based or inside is not None
        if ipsec is None:
            rt = _seconds(c["rekey_time"].value) if "rekey_time" in c else None
            rw_raw = c["replay_window"].value if "replay_window" in c else None
            try:
                rw = int(rw_raw) if rw_raw is not None else 32
            except ValueError:
                rw = 32
                res.problem(f"replay_window is not a number in {name}.{child.name}", c["replay_window"].line,
                            c["replay_window"].file)
            defaults = [f for f, d in (("lifetime_seconds", rt is None), ("replay_window", rw_raw is None),
                                       ("mode", "mode" not in c), ("proposals", pp is None),
                                       ("pfs_groups", pp is None)) if d]
            ipsec = IpsecConfig(
                name=f"{name}.{child.name}", protocol=protocol, mode=imode, proposals=tuple(props),  # type: ignore[arg-type]
                pfs_groups=tuple(_pfs_groups(props)), lifetime_seconds=rt if rt is not None else 3600,
                replay_window=rw, replay_protection=rw != 0, line=child.line, file=res.loc(child.file),
                defaults=tuple(defaults),
                lines=setting_lines(c, child.file, lifetime_seconds="rekey_time", mode="mode",
                                    replay_protection="replay_window", pfs_groups=key))
    if not children:
        res.problem(f"connection {name} has no children: no IPsec SA is configured", conn.line, conn.file)
    local_addrs = v("local_addrs")
    remote_addrs = v("remote_addrs")
    tunnel = Tunnel(
        name=name, local_address=local_addrs or "%any", peer_address=remote_addrs or "%any",
        local_interface=interface, routing="route-based" if route_based else "policy-based", inside=inside,
        ike=ike, ipsec=ipsec, traffic_selectors=tuple(selectors), enabled=True, line=conn.line,
        file=res.loc(conn.file), df_bit=df_bit, unknown=_LINUX_SETTINGS, lines=tunnel_lines,  # type: ignore[arg-type]
        encapsulation=encapsulation,  # type: ignore[arg-type]
        defaults=tuple(f for f, k in (("local_address", "local_addrs"), ("peer_address", "remote_addrs"))
                       if k not in p) + (("df_bit",) if df_default else ()))
    res.tunnels.append(tunnel)
    res.ike_policies.extend(ike_props)
    res.ipsec_proposals.extend(all_esp)
    res.auth_ids[name] = (local_id or local_addrs, remote_id or remote_addrs)


def _swanctl_secrets(res: _Result, block: _Block) -> None:
    for sec in block.blocks:
        if not sec.name.lower().startswith("ike"):
            continue
        sp = sec.params.get("secret")
        if sp is None:
            res.problem(f"secret section {sec.name} has no secret", sec.line, sec.file)
            continue
        secret = _decode_secret(sp.raw or sp.value)
        if secret is None:
            res.problem(f"secret of {sec.name} cannot be decoded", sp.line, sp.file)
            continue
        ids = tuple(p.value for k, p in sec.params.items() if k.lower().startswith("id"))
        _add_key(res, secret, ids, sp.line, sp.file, name=sec.name, note=_encoding_of(sp.raw or sp.value))


def _read_swanctl(sf: SourceFile, res: _Result) -> None:
    root = _tokenize_swanctl(sf, res)
    named = {t.name for t in res.tunnels}  # looked up per connection: searching the list was quadratic
    # A redefinition drops the tunnels of that name made so far: the tunnels are filtered once at the
    # end, keeping those made after the last redefinition of their name (filtering the list at each
    # redefinition was quadratic).
    replaced: dict[str, int] = {}  # name -> how many tunnels there were at its last redefinition
    for top in root.blocks:
        if top.name == "connections":
            bases = _Bases(top.blocks)
            for conn in top.blocks:
                if conn.name in named:
                    res.problem(f"connection {conn.name} is defined more than once; the later one replaces it",
                                conn.line, conn.file)
                    replaced[conn.name] = len(res.tunnels)
                    named.discard(conn.name)
                before = len(res.tunnels)
                _swanctl_conn(res, conn, bases)
                named.update(t.name for t in res.tunnels[before:])
        elif top.name == "secrets":
            _swanctl_secrets(res, top)
        elif top.name not in ("pools", "authorities"):
            res.problem(f"unknown swanctl.conf section '{top.name}'", top.line, top.file)
    if replaced:
        res.tunnels = [t for k, t in enumerate(res.tunnels) if k >= replaced.get(t.name, 0)]
    for key, param in root.params.items():
        res.problem(f"setting '{key}' outside any section", param.line, param.file)


# --------------------------------------------------------------------------------------------
# FRR / Quagga BGP


def _read_bgp(sf: SourceFile, res: _Result) -> None:
    tree = indent_tree(sf.text, comment_prefixes=("!", "#"), file=res.loc(sf.path))
    for node in tree.roots:
        if node.words[:1] == ["hostname"] and len(node.words) > 1 and res.hostname is None:
            res.hostname = node.words[1]
    try:
        from .. import cisco_ios  # the IOS parser owns the shared 'router bgp' reader
        parse_bgp = cisco_ios.parse_bgp
    except (ImportError, AttributeError):
        res.extra["bgp"] = f"{os.path.basename(sf.path)}: router bgp not modelled (no BGP reader available)"
        return
    bgp = parse_bgp(tree.roots, res.loc(sf.path))
    if bgp is None:
        return
    if res.bgp is None:
        res.bgp = bgp
    else:
        res.bgp = res.bgp.model_copy(update={"neighbors": res.bgp.neighbors + bgp.neighbors})


def _attach_bgp(res: _Result) -> None:
    """Each tunnel's BGP neighbour: the first whose address is the tunnel's inside peer or lies in its
    inside subnet (not the local address itself), as ``_inside_contains`` decides, found through
    ``_NeighborIndex`` (every tunnel tried against every neighbour was quadratic: 500 tunnels and
    neighbours, 2 s)."""
    if res.bgp is None:
        return
    neighbors = res.bgp.neighbors
    index = _NeighborIndex([n.neighbor for n in neighbors])
    out: list[Tunnel] = []
    for t in res.tunnels:
        match: BgpNeighbor | None = None
        if t.inside is not None:
            position = index.first(t.inside)
            match = neighbors[position] if position is not None else None
        out.append(t.model_copy(update={"bgp": match}) if match else t)
    res.tunnels = out


_IP = ipaddress.IPv4Address | ipaddress.IPv6Address


def _ip_key(ip: _IP) -> tuple[int, int, str]:
    """Orders addresses so that equal ones (scope included) are adjacent and a subnet's are a run."""
    scope = getattr(ip, "scope_id", None)
    return ip.version, int(ip), "" if scope is None else "%" + scope


class _NeighborIndex:
    """The neighbours' addresses, parsed once and sorted, with a sparse table of the smallest
    neighbour position over every power-of-two run of them: the first neighbour at one address or in
    one subnet (but for one address) is a bisection and a few lookups."""

    def __init__(self, addresses: Sequence[str]):
        parsed: list[tuple[tuple[int, int, str], int]] = []
        for position, address in enumerate(addresses):
            try:
                parsed.append((_ip_key(ipaddress.ip_address(address)), position))
            except ValueError:
                continue
        parsed.sort()
        self.keys = [k for k, _ in parsed]
        self.table = [[p for _, p in parsed]]  # table[j][i]: min position over parsed[i : i + 2**j]
        width = 1
        while 2 * width <= len(parsed):
            row = self.table[-1]
            self.table.append([min(row[i], row[i + width]) for i in range(len(row) - width)])
            width *= 2

    def _min(self, lo: int, hi: int) -> int | None:
        """The smallest neighbour position among parsed[lo:hi]."""
        if lo >= hi:
            return None
        j = (hi - lo).bit_length() - 1
        row = self.table[j]
        return min(row[lo], row[hi - (1 << j)])

    def _run(self, low: tuple[int, int, str], high: tuple[int, int, str]) -> tuple[int, int]:
        """The slice of sorted addresses with low <= key and key[:2] <= high[:2] (any scope)."""
        return (bisect.bisect_left(self.keys, low),
                bisect.bisect_left(self.keys, (high[0], high[1] + 1, "")))

    def first(self, inside: InsideAddress) -> int | None:
        found: list[int] = []
        if inside.peer:
            try:
                peer = _ip_key(ipaddress.ip_address(inside.peer.split("/")[0]))
            except ValueError:
                peer = None
            if peer is not None:
                lo = bisect.bisect_left(self.keys, peer)
                hi = bisect.bisect_right(self.keys, peer)
                best = self._min(lo, hi)
                if best is not None:
                    found.append(best)
        if inside.local and "/" in inside.local:
            try:
                interface = ipaddress.ip_interface(inside.local)
            except ValueError:
                interface = None
            if interface is not None:
                net = interface.network
                lo, hi = self._run((net.version, int(net.network_address), ""),
                                   (net.version, int(net.broadcast_address), ""))
                own = _ip_key(interface.ip)  # the local address itself is not a neighbour
                own_lo = bisect.bisect_left(self.keys, own, lo, hi)
                own_hi = bisect.bisect_right(self.keys, own, lo, hi)
                for best in (self._min(lo, own_lo), self._min(own_hi, hi)):
                    if best is not None:
                        found.append(best)
        return min(found) if found else None


def _inside_contains(inside: InsideAddress, address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if inside.peer:
        try:
            if ipaddress.ip_address(inside.peer.split("/")[0]) == ip:
                return True
        except ValueError:
            pass
    if inside.local and "/" in inside.local:
        try:
            net = ipaddress.ip_interface(inside.local).network
            return ip in net and ip != ipaddress.ip_interface(inside.local).ip
        except ValueError:
            return False
    return False


# --------------------------------------------------------------------------------------------
# keys -> tunnels


_ANY_ID = frozenset({"%any", "%any6"})


def _key_score(sel: frozenset[str], wanted_remote: set[str], wanted_local: set[str], remote_any: bool) -> int:
    """How well a secret's selectors fit a conn (0: not at all); the best fit, earliest first, wins."""
    if not sel or sel & _ANY_ID:
        return 1 + (2 if sel & wanted_remote else 0)
    score = (4 if sel & wanted_remote else 0) + (2 if sel & wanted_local else 0)
    if score == 0 and remote_any:
        score = 1  # a road-warrior conn: any peer identity with a key may connect
    return score


class _KeyIndex:
    """The secrets by selector: a conn's key is found among the secrets naming one of its identities
    (plus the first wildcard secret and, for a road-warrior conn, the first specific one), not by
    scoring every secret for every conn (2,000 conns and secrets took 11 s)."""

    def __init__(self, keys: list[tuple[PreSharedKey, tuple[str, ...]]]):
        self.sels = [frozenset(_norm_id(s) for s in selectors) for _, selectors in keys]
        self.by_id: dict[str, list[int]] = {}
        for i, sel in enumerate(self.sels):
            for ident in sel:
                self.by_id.setdefault(ident, []).append(i)
        self.wild = [not sel or bool(sel & _ANY_ID) for sel in self.sels]
        self.first_wild = next((i for i, wild in enumerate(self.wild) if wild), None)
        self.first_specific = next((i for i, wild in enumerate(self.wild) if not wild), None)

    def best(self, wanted_remote: set[str], wanted_local: set[str], remote_any: bool) -> int | None:
        """The position of the best-fitting secret (the earliest among equals), or None.

        A secret naming one of the conn's remote identities scores 3 or more, any other 2 at most:
        when there is one, only those are scored. Otherwise a specific secret naming a local identity
        scores 2, and only the earliest such one can win (every secret of a host often names its own
        address: scoring them all for each conn was quadratic); among those scoring 1 the earliest is
        the first wildcard or (road warrior) the first specific secret."""
        candidates = {i for ident in wanted_remote for i in self.by_id.get(ident, ())}
        if not candidates:
            for ident in wanted_local:
                first = next((i for i in self.by_id.get(ident, ()) if not self.wild[i]), None)
                if first is not None:
                    candidates.add(first)
            for extra in (self.first_wild, self.first_specific if remote_any else None):
                if extra is not None:
                    candidates.add(extra)
        best: tuple[int, int] | None = None  # (score, -position)
        for i in candidates:
            score = _key_score(self.sels[i], wanted_remote, wanted_local, remote_any)
            if score and (best is None or (score, -i) > best):
                best = (score, -i)
        return None if best is None else -best[1]


def _attach_keys(res: _Result) -> None:
    out: list[Tunnel] = []
    index = _KeyIndex(res.keys)
    for t in res.tunnels:
        if t.ike is None or t.ike.auth != "psk":
            out.append(t)
            continue
        local_id, remote_id = res.auth_ids.get(t.name, (None, None))
        wanted_local = {_norm_id(x) for x in (local_id, t.local_address) if x}
        wanted_remote = {_norm_id(x) for x in (remote_id, t.peer_address) if x}
        remote_any = not (wanted_remote - {"%any", "%any6", "0.0.0.0/0", "::/0"})
        position = index.best(wanted_remote, wanted_local, remote_any)
        if position is None and not res.keys:
            # No secrets were given (ipsec.secrets lives in another file): nothing to judge.
            res.extra["psk"] = "no ipsec.secrets / swanctl secrets given: pre-shared keys not checked"
            out.append(t)
            continue
        if position is None:
            res.dangling.append(DanglingReference(
                kind="psk", name=remote_id or t.peer_address or t.name, line=t.ike.line, file=t.ike.file,
                referrer=f"conn {t.name} (authby=psk)"))
            out.append(t)
            continue
        key = res.keys[position][0]
        out.append(t.model_copy(update={"ike": t.ike.model_copy(update={"psk": key})}))
    res.tunnels = out


def _norm_id(value: str) -> str:
    v = value.strip().strip("\"'")
    if v.startswith("@"):
        v = v.lstrip("@")
    return v.lower()


# --------------------------------------------------------------------------------------------
# entry point


def _is_libreswan(hits: list[tuple[str, str]]) -> bool:
    """Libreswan when its own keywords / comments outnumber strongSwan's (libreswan.score)."""
    comments = " ".join(v for k, v in hits if k == "#")
    keys = [(k, v) for k, v in hits if k != "#"]
    lib, ss = ls.score(keys, comments)
    lib += sum(1 for k, _ in keys if k == "version")  # "version 2.0": Openswan/Libreswan file header
    return lib > ss


def _resolve_includes(includes: list[tuple[str, int, str]], files: Sequence[SourceFile], res: _Result) -> None:
    names = [f.path for f in files]
    missing = []
    for pattern, line, file in includes:
        base = os.path.basename(pattern)
        if not any(fnmatch.fnmatch(os.path.basename(n), base) for n in names if n != file):
            missing.append(f"{pattern} ({os.path.basename(file)}:{line})")
    if missing:
        res.extra["unresolved_includes"] = "; ".join(missing)


def parse(files: Sequence[SourceFile]) -> list[Device]:
    if not files:
        return []
    kinds = [(f, _kind(f.text, f.path)) for f in files]
    mains = [f for f, k in kinds if k in ("ipsec.conf", "swanctl")]
    preferred = sorted(mains, key=lambda f: (os.path.basename(f.path).lower() not in ("ipsec.conf", "swanctl.conf"),
                                             files.index(f)))
    source = (preferred[0] if preferred else files[0]).path
    res = _Result(source=source)
    sections: list[_Section] = []
    includes: list[tuple[str, int, str]] = []
    libreswan_hits: list[tuple[str, str]] = []
    for f, k in kinds:
        if k == "ipsec.conf":
            _read_ipsec_conf(f, res, sections, includes, libreswan_hits)
    libreswan = _is_libreswan(libreswan_hits)
    if sections:
        _ipsec_conf_tunnels(res, sections, libreswan)
    for f, k in kinds:
        if k == "swanctl":
            _read_swanctl(f, res)
        elif k == "secrets":
            _read_secrets(f, res)
        elif k == "bgp":
            _read_bgp(f, res)
        elif k == "unknown":
            res.problem("file not recognised as ipsec.conf, swanctl.conf, ipsec.secrets or bgpd.conf", None, f.path)
    _resolve_includes(includes, files, res)
    _attach_keys(res)
    _attach_bgp(res)
    if res.psk_encodings:
        res.extra["psk_encodings"] = ",".join(x for x in (res.extra["psk_encodings"], *res.psk_encodings) if x)
    if libreswan:
        res.extra["implementation"] = "libreswan"
        res.extra["libreswan_version"] = str(ls.defaults_for().major)  # the defaults assumed (libreswan.py)
    if not res.tunnels and not res.keys and not res.problems and res.bgp is None:
        res.extra.setdefault("note", "no connections configured")
    ordered = [source] + [f.path for f in files if f.path != source]
    return [Device(
        source=source, vendor="strongswan", hostname=res.hostname, files=tuple(ordered),
        tunnels=tuple(res.tunnels), ike_policies=tuple(res.ike_policies), ipsec_proposals=tuple(res.ipsec_proposals),
        keys=tuple(k for k, _ in res.keys), bgp=res.bgp, unmodeled=tuple(res.unmodeled),
        dangling=tuple(res.dangling), problems=tuple(res.problems), suppressions=tuple(res.suppressions),
        extra=dict(res.extra))]
