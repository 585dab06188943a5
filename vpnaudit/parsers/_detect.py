"""Vendor detection in one pass over the lines of a file, without importing any parser.

``scan(text, path)`` looks at every line once: one combined regular expression finds the lines
whose first word (after indentation) starts a marker, and only those lines are matched against
that word's markers. ``score(vendor, scan)`` then turns the markers seen into a confidence 0..100
with the vendor's own small function. Detection is linear in the size of the file: every marker is
matched against ONE line (never across a line break), so ``\\s`` cannot run over blank lines.

How a vendor adds its detection (the parser module itself is then imported only when chosen):

1. Add line markers to ``MARKERS``: ``"<vendor>.<what>": (pattern, ...)``. A pattern is matched
   with ``re.match`` against one whole line, indentation included: start it with ``[ \\t]*`` (any
   indentation), ``[ \\t]+`` (indented only) or nothing (column 0), followed by a literal first
   word (``crypto ipsec``, ``config vpn``, ``set security``); the literal prefix is what selects
   the line, so write alternatives as separate patterns (``("ASA Version", "PIX Version")``) rather
   than ``(ASA|PIX) Version``. Use ``[ \\t]`` and ``\\S``, never ``\\s``. ``scan`` notes each
   marker name seen; it counts the matching lines only of the names in ``COUNTED`` (add yours
   there when your scorer uses the number).
2. Write ``def _score_<vendor>(s: Scan) -> int`` (``_weighted`` sums the weights of the marker
   names seen) and register it in ``SCORERS``. Whole-document formats (JSON, XML, HCL) use
   ``s.head`` (the first non-blank character), ``s.name`` (the file name) and plain substring
   tests on ``s.text`` (linear), not regexes over the whole text.
3. The parser module keeps ``def detect(text, path): return _detect.detect(VENDOR, text, path)``
   (tests and fuzzers call it). ``tests/test_detect.py`` checks that every pattern has a literal
   first word, and the import-list test that detection imports no parser.

A vendor registered in ``PARSER_MODULES`` without a scorer here still works (its module is imported
and its ``detect()`` called), at the price of that import on every run.

Ties go to the vendor listed first in ``PARSER_MODULES``. ``MIN_CONFIDENCE`` is the threshold below
which a file is "unknown format".
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from .._struct import dataclass

MIN_CONFIDENCE = 20

MARKERS: dict[str, tuple[str, ...]] = {
    # --- Cisco IOS / IOS-XE ----------------------------------------------------------------------
    "ios.isakmp-policy": (r"crypto isakmp policy \d+",),
    "ios.ikev2-object": (r"crypto ikev2 proposal \S+", r"crypto ikev2 profile \S+", r"crypto ikev2 keyring \S+"),
    "ios.ipsec-profile": (r"crypto ipsec profile \S+",),
    "ios.keyring": (r"crypto keyring \S+",),
    "ios.isakmp-key": (r"crypto isakmp key \S+",),  # IOS only: ASA keeps keys in tunnel-groups
    "ios.isakmp-profile": (r"crypto isakmp profile \S+",),
    "ios.tunnel-mode-ipsec": (r"[ \t]+tunnel mode ipsec ipv[46]",),
    "ios.tunnel-protection": (r"[ \t]+tunnel protection ipsec profile",),
    "ios.crypto-map-isakmp": (r"crypto map \S+ \d+ ipsec-isakmp",),
    "ios.transform-set": (r"crypto ipsec transform-set \S+ [ae][hs]p-",),
    # Transforms no ASA accepts (ASA has no AH, no GCM or SHA-2 in transform-sets, writes esp-aes-256):
    "ios.transform-set-ios-only": (
        r"crypto ipsec transform-set \S+ (?:[^ \t]+[ \t]+)*?(?:ah-\S+-hmac|esp-aes \d+|esp-gcm|esp-gmac|"
        r"esp-sha(?:256|384|512)-hmac|comp-lzs)\b",
    ),
    "ios.interface": tuple(
        rf"interface {kind}\S*[ \t]*$"
        for kind in ("GigabitEthernet", "TenGigabitEthernet", "FastEthernet", "Ethernet", "Loopback", "Tunnel")
    ),
    "ios.version": (r"version 1[0-7]\.\d+",),
    "ios.ip-route": (r"ip route \d",),
    "ios.router-bgp": (r"router bgp \d+",),
    "ios.hostname": (r"hostname \S+",),
    "ios.ip-address": (r"[ \t]+ip address \d+\.\d+\.\d+\.\d+ \d+\.\d+\.\d+\.\d+",),
    "ios.asa-strong": (
        r"ASA Version", r"PIX Version", r"FWSM Version", r"[ \t]+nameif[ \t]", r"[ \t]+security-level[ \t]",
        r"tunnel-group[ \t]",
    ),
    "ios.asa-weak": (
        r"crypto ikev1 ", r"crypto ipsec ikev1 ", r"crypto ipsec ikev2 ", r"crypto map \S+ \d+ set ",
        r"crypto map \S+ \d+ match ", r"crypto dynamic-map \S+ \d+ set ", r"same-security-traffic",
        r"object network ", r"access-group \S+ in interface", r"access-group \S+ out interface",
    ),
    # --- Cisco ASA -------------------------------------------------------------------------------
    "asa.version": (r"ASA Version \d", r"PIX Version \d"),
    "asa.nameif": (r"[ \t]+nameif \S",),
    "asa.security-level": (r"[ \t]+security-level \d",),
    "asa.tunnel-group": (r"tunnel-group \S+ (?:type|ipsec-attributes|general-attributes)\b",),
    "asa.ikev1": (r"crypto ikev1 (?:policy|enable)\b",),
    "asa.ikev2-policy": (r"crypto ikev2 policy \d+[ \t]*$",),
    "asa.ikev1-transform-set": (r"crypto ipsec ikev1 transform-set\b",),
    "asa.ikev2-ipsec-proposal": (r"crypto ipsec ikev2 ipsec-proposal\b",),
    "asa.crypto-map-set": (r"crypto map \S+ \d+ set (?:ikev1 transform-set|ikev2 ipsec-proposal)\b",),
    "asa.isakmp-enable": (r"crypto isakmp enable \S",),
    "asa.df-bit": (r"crypto ipsec df-bit (?:clear|copy|set)-df\b",),
    "asa.fragmentation": (r"crypto ipsec fragmentation (?:before|after)-encryption \S",),
    "asa.sysopt": (r"sysopt connection\b",),
    "asa.access-list": (r"access-list \S+ (?:extended|standard|remark)\b",),
    "asa.object-network": (r"object network \S", r"object-group network \S"),
    "asa.name": (r"name \d+\.\d+\.\d+\.\d+ \S",),
    "asa.saved": (r": (?:Saved|Written by|end)\b",),
    # statements no ASA accepts (they lower the ASA score)
    "asa.not-keyring": (r"crypto keyring\b",),
    "asa.not-isakmp-profile": (r"crypto isakmp (?:profile|key)\b",),
    "asa.not-ikev2-object": (r"crypto ikev2 (?:profile|keyring|proposal)\b",),
    "asa.not-encr": (r"[ \t]+encr \S",),
    "asa.not-adjust-mss": (r"[ \t]*ip tcp adjust-mss\b",),
    "asa.not-building": (r"Building configuration",),
    "asa.not-version": (r"version \d+\.\d+[ \t]*$",),
    "asa.not-esp-aes": (r"crypto ipsec transform-set \S+ esp-aes \d+\b",),
    # --- FortiOS ---------------------------------------------------------------------------------
    "fortios.config-version": (r"#config-version=[A-Za-z0-9_]+-\d",),
    "fortios.vpn-ipsec": tuple(
        rf"[ \t]*config vpn ipsec {table}[ \t]*$"
        for table in ("phase1-interface", "phase2-interface", "phase1", "phase2")
    ),
    "fortios.config-table": tuple(
        rf"[ \t]*config {table}[ \t]*$"
        for table in ("system interface", "system global", "system admin", "system settings", "system zone",
                      "firewall policy", "firewall address", "router bgp", "router static", "vdom", "global")
    ),
    "fortios.edit-quoted": (r'[ \t]*edit "[^"]{1,80}"[ \t]*$',),
    "fortios.next": (r"[ \t]*next[ \t]*$",),
    "fortios.end": (r"[ \t]*end[ \t]*$",),
    # --- Junos -----------------------------------------------------------------------------------
    "junos.set-security": tuple(
        rf"[ \t]*set security {what}\b"
        for what in ("ike", "ipsec", "zones", "policies", "flow", "nat", "screen", "address-book")
    ),
    "junos.set-interfaces": (
        r"[ \t]*set interfaces (?:ge|xe|et|fe|st0|lo0|fxp|ae|irb|reth|em|me|vlan|gr|lt|ams|ms|sp)[-\d.]",
    ),
    "junos.set-routing": tuple(
        rf"[ \t]*set {what}\b"
        for what in ("protocols bgp group", "routing-options", "policy-options", "routing-instances")
    ),
    "junos.set-system": (r"[ \t]*set system host-name\b", r"[ \t]*set version\b"),
    "junos.security-block": (r"security \{[ \t]*$",),
    "junos.last-commit": (r"## Last (?:commit|changed):",),
    "junos.version": (r"version \S+;",),
    "junos.ike-ipsec-block": (r"[ \t]+ike \{[ \t]*$", r"[ \t]+ipsec \{[ \t]*$"),
    "junos.unit": (r"[ \t]+unit \d+ \{[ \t]*$",),
    "junos.family": (r"[ \t]+family inet6? (?:\{|;)",),
    "junos.top-block": tuple(
        rf"{what} \{{[ \t]*$" for what in ("routing-options", "policy-options", "routing-instances", "chassis")
    ),
    "junos.interfaces-system": (r"interfaces \{[ \t]*$", r"system \{[ \t]*$"),
    "junos.host-name": (r"[ \t]+host-name \S+;",),
    "junos.not-vyos-vpn": (r"[ \t]*set vpn ipsec", r"[ \t]*vpn \{"),
    "junos.not-vyos-group": (r"[ \t]*esp-group \S+", r"[ \t]*ike-group \S+"),
    "junos.not-vyos-ethernet": (
        r"[ \t]*set interfaces ethernet eth\d", r"[ \t]*set ethernet eth\d", r"[ \t]*interfaces ethernet eth\d",
        r"[ \t]*ethernet eth\d",
    ),
    "junos.not-panos": (r"[ \t]*set network ", r"[ \t]*set deviceconfig ", r"[ \t]*set vsys "),
    "junos.not-swanctl": (r"[ \t]*connections \{", r"[ \t]*secrets \{"),
    # --- strongSwan / Libreswan ------------------------------------------------------------------
    "swan.conn": (r"conn[ \t]+\S",),
    "swan.setup": (r"config[ \t]+setup\b",),
    "swan.left-right": tuple(
        rf"[ \t]+{side}{what}[ \t]*="
        for side in ("left", "right")
        for what in ("", "subnet", "id", "auth", "updown", "sourceip")
    ),
    "swan.connections": (r"[ \t]*connections[ \t]*\{",),
    "swan.secrets": (r"[ \t]*secrets[ \t]*\{",),
    "swan.swanctl-key": tuple(
        rf"[ \t]*{key}[ \t]*[={{]"
        for key in ("local_addrs", "remote_addrs", "esp_proposals", "local_ts", "remote_ts", "proposals")
    ) + (r"[ \t]*children[ \t]*\{",),
    "swan.secret-section": tuple(
        rf"[ \t]*{kind}[\w-]*[ \t]*\{{" for kind in ("ike", "eap", "xauth", "private", "rsa", "ecdsa")
    ),
    "swan.router-bgp": (r"[ \t]*router[ \t]+bgp\b",),
    "swan.frr": (r"frr (?:version|defaults)\b",),
    # --- Check Point Gaia clish ------------------------------------------------------------------
    "cp.clish-strong": (
        r"[ \t]*add vpn tunnel \d+ type", r"[ \t]*set interface vpnt\d+", r"[ \t]*# Language version:",
        r"[ \t]*set bgp external remote-as",
    ),
    "cp.clish-weak": tuple(
        rf"[ \t]*{what}"
        for what in (
            "set hostname", "set installer policy", "set static-route", r"set as \d+", "set clienv",
            "set password-controls", r"set interface \S+ state", r"set interface \S+ ipv4-address",
            r"set interface \S+ mtu", r"set interface \S+ link-speed", "add allowed-client", "add command",
        )
    ),
    # --- PAN-OS set / edit CLI ---------------------------------------------------------------------
    "panos.crypto": tuple(rf"[ \t]*{verb} network ike " for verb in ("set", "edit")),
    "panos.network": tuple(
        rf"[ \t]*{verb} network {what}\b"
        for verb in ("set", "edit")
        for what in ("tunnel ipsec", "interface tunnel", "virtual-router", "logical-router", "profiles")
    ),
    "panos.device": (
        r"[ \t]*set deviceconfig system\b", r"[ \t]*set vsys vsys\S", r"[ \t]*set template \S+ config ",
        r"[ \t]*set shared ",
    ),
}

# A line of ipsec.secrets: selectors, a colon, the secret type (ipsec.secrets(5)), no "#" before it.
# It has no first word: found by its colon and type, then its line is checked (linear, no backtracking).
_SECRET_TYPE = re.compile(r":[ \t]*(?:PSK|RSA|ECDSA|EAP|XAUTH|P12|PIN|NTLM|BLISS|PKCS8|PPK)\b")
_XML_ROOT = re.compile(r"<vpn_connection[ \t\n>]")
_INDENT = re.compile(r"^(?:\[ \\t\][*+])?")
_LITERAL = re.compile(r"(?:[^\\.^$*+?{}\[\]|()]|\\[{}\[\]().*+?|^$#: -])+")


def _literal_prefix(pattern: str) -> str:
    """The literal text every line matching ``pattern`` starts with, after its indentation."""
    body = pattern[_INDENT.match(pattern).end():]  # type: ignore[union-attr]
    match = _LITERAL.match(body)
    literal = match.group(0) if match else ""
    if match and body[match.end():match.end() + 1] in ("*", "?", "{"):  # "ab?": b is optional
        literal = literal[:-2] if literal.endswith("\\" + literal[-1:]) else literal[:-1]
    return re.sub(r"\\(.)", r"\1", literal)


# Markers whose number of lines matters to a scorer; the others count once (their first line).
COUNTED = frozenset({"ios.asa-weak", "cp.clish-weak", "panos.crypto", "panos.network", "panos.device"})


def _build() -> tuple[re.Pattern[str], dict[str, tuple[tuple[str, re.Pattern[str]], ...]]]:
    by_prefix: dict[str, dict[str, list[str]]] = {}
    for name, patterns in MARKERS.items():
        for pattern in patterns:
            prefix = _literal_prefix(pattern)
            if not prefix.strip() or prefix[0] in " \t":
                raise ValueError(f"detection marker {name!r}: {pattern!r} does not start with a literal word")
            by_prefix.setdefault(prefix, {}).setdefault(name, []).append(pattern)
    # A line selects the longest prefix it starts with; it is tried against the markers of that
    # prefix and of every shorter prefix it also starts with (one regex per marker name).
    table = {}
    for prefix in by_prefix:
        names: dict[str, list[str]] = {}
        for other, markers in by_prefix.items():
            if prefix.startswith(other):
                for name, patterns in markers.items():
                    names.setdefault(name, []).extend(patterns)
        table[prefix] = tuple((name, _Lazy("|".join(f"(?:{p})" for p in patterns))) for name, patterns in names.items())
    # Line starts are found as "\n" (a literal the engine searches for quickly, where "^" under
    # re.M is tried at every character) and the indentation is taken possessively (no prefix starts
    # with a blank, so giving it back could never help): 6x faster over PAN-OS XML, same matches.
    return re.compile(rf"\n[ \t]*+({_trie(by_prefix)})"), table


class _Lazy:
    """A pattern compiled on its first use: a run over IOS files never compiles the Junos markers."""

    __slots__ = ("pattern", "compiled")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self.compiled: re.Pattern[str] | None = None

    def match(self, line: str) -> re.Match[str] | None:
        if self.compiled is None:
            self.compiled = re.compile(self.pattern)
        return self.compiled.match(line)


def _trie(words: object) -> str:
    """One regex matching the longest of ``words`` a text starts with: a trie, so a line is
    rejected after looking at a character or two instead of trying every word in turn."""
    root: dict = {}
    for word in words:  # type: ignore[attr-defined]
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


_SELECT, _TABLE = _build()
_LEAD = re.compile(r"[ \t]*+")


@dataclass(frozen=True, slots=True)
class Scan:
    """What one pass over a file saw: marker name -> number of lines matching it."""

    text: str
    path: str
    name: str  # the file name, lower case
    head: str  # the first non-blank character ("" for a blank file)
    hits: dict[str, int]

    def seen(self, *names: str) -> bool:
        return any(self.hits.get(n) for n in names)


def scan(text: str, path: str) -> Scan:
    hits: dict[str, int] = {}
    settled: set[str] = set()  # prefixes whose markers are all seen (and none counted): skip their lines
    find_end = text.find
    # The first line has no "\n" before it: matched on its own with one put in front (the pattern
    # never looks past the indentation and the longest marker prefix, far shorter than 256 characters).
    head = _SELECT.match("\n" + text[:_LEAD.match(text).end() + 256])  # type: ignore[union-attr]
    for match in itertools.chain((head,) if head else (), _SELECT.finditer(text)):
        key = match.group(1)
        if key in settled:
            continue
        start = 0 if match is head else match.start() + 1  # the line, after its "\n"
        end = find_end("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        found = False
        for name, pattern in _TABLE[key]:
            if name in hits and name not in COUNTED:
                continue
            if pattern.match(line):
                hits[name] = hits.get(name, 0) + 1
                found = True
        if found and all(name in hits and name not in COUNTED for name, _ in _TABLE[key]):
            settled.add(key)
    stripped = re.search(r"\S", text)
    return Scan(text, path, os.path.basename(path).lower(), stripped.group(0) if stripped else "", hits)


def _weighted(s: Scan, weights: tuple[tuple[str, int], ...]) -> int:
    return sum(weight for name, weight in weights if s.hits.get(name))


# --- Cisco IOS --------------------------------------------------------------------------------------
_IOS = (
    ("ios.isakmp-policy", 25), ("ios.ikev2-object", 25), ("ios.ipsec-profile", 20), ("ios.keyring", 20),
    ("ios.isakmp-key", 20), ("ios.isakmp-profile", 20), ("ios.tunnel-mode-ipsec", 30),
    ("ios.tunnel-protection", 30), ("ios.crypto-map-isakmp", 20),
    # the nine above are crypto statements; the rest is any Cisco-like config
    ("ios.transform-set", 10), ("ios.transform-set-ios-only", 15), ("ios.interface", 10),
    ("ios.version", 20), ("ios.ip-route", 10), ("ios.router-bgp", 5), ("ios.hostname", 5), ("ios.ip-address", 5),
)


def _score_ios(s: Scan) -> int:
    """IOS / IOS-XE. ASA configs score low."""
    score = _weighted(s, _IOS)
    if s.seen("ios.asa-strong"):
        return min(15, score // 4)
    weak = s.hits.get("ios.asa-weak", 0)
    if weak:
        score -= 10 + 3 * min(weak, 10)
        if not _weighted(s, _IOS[:9]):
            return max(0, min(score, 15))
    return max(0, min(score, 95))


# --- Cisco ASA --------------------------------------------------------------------------------------
_ASA = (
    ("asa.version", 90), ("asa.nameif", 35), ("asa.security-level", 30), ("asa.tunnel-group", 45),
    ("asa.ikev1", 45), ("asa.ikev2-policy", 25), ("asa.ikev1-transform-set", 55), ("asa.ikev2-ipsec-proposal", 55),
    ("asa.crypto-map-set", 45), ("asa.isakmp-enable", 30), ("asa.df-bit", 35), ("asa.fragmentation", 30),
    ("asa.sysopt", 40), ("asa.access-list", 15), ("asa.object-network", 10), ("asa.name", 10), ("asa.saved", 20),
)
_ASA_NOT = (
    ("asa.not-keyring", 30), ("asa.not-isakmp-profile", 30), ("asa.not-ikev2-object", 30), ("asa.not-encr", 20),
    ("asa.not-adjust-mss", 20), ("asa.not-building", 30), ("asa.not-version", 30), ("asa.not-esp-aes", 20),
)


def _score_asa(s: Scan) -> int:
    """ASA (or a fragment of one)."""
    score = _weighted(s, _ASA)
    if score == 0:
        return 0
    ios_hits = [weight for name, weight in _ASA_NOT if s.hits.get(name)]
    score -= sum(ios_hits)
    if len(ios_hits) >= 2:
        # Several statements no ASA accepts (keyrings, "encr", "esp-aes 256"): an IOS config,
        # perhaps with a few ASA-style lines pasted in. Leave it to the IOS parser.
        score = min(score, 30)
    if s.name.endswith((".asa", ".asa.txt")):
        score += 20
    return max(0, min(100, score))


# --- FortiOS ----------------------------------------------------------------------------------------
_FORTIOS = (
    ("fortios.config-version", 70), ("fortios.vpn-ipsec", 60), ("fortios.config-table", 30),
    ("fortios.edit-quoted", 10), ("fortios.next", 10),
)


def _score_fortios(s: Scan) -> int:
    """FortiOS CLI (``show`` output, backups, bootstrap scripts): ``config`` tables closed by ``end``."""
    if not s.seen("fortios.config-version", "fortios.vpn-ipsec", "fortios.config-table"):
        return 0
    score = _weighted(s, _FORTIOS)
    if not s.seen("fortios.end"):
        score -= 20  # every FortiOS table ends with ``end``
    return max(0, min(100, score))


# --- Junos ------------------------------------------------------------------------------------------
_JUNOS = (
    ("junos.set-security", 60), ("junos.set-interfaces", 30), ("junos.set-routing", 20), ("junos.set-system", 5),
    ("junos.security-block", 50), ("junos.last-commit", 40), ("junos.version", 30), ("junos.ike-ipsec-block", 10),
    ("junos.unit", 20), ("junos.family", 10), ("junos.top-block", 20), ("junos.interfaces-system", 10),
    ("junos.host-name", 10),
)
_JUNOS_NOT = (
    ("junos.not-vyos-vpn", 50), ("junos.not-vyos-group", 40), ("junos.not-vyos-ethernet", 30),
    ("junos.not-panos", 60), ("junos.not-swanctl", 40),
)


def _score_junos(s: Scan) -> int:
    score = _weighted(s, _JUNOS) - _weighted(s, _JUNOS_NOT)
    if "vyatta-config-version" in s.text or "vyos-config-version" in s.text:
        score -= 80
    return max(0, min(100, score))


# --- strongSwan / Libreswan -------------------------------------------------------------------------
_BGP_NAMES = ("bgpd.conf", "frr.conf", "quagga.conf")


def _score_strongswan(s: Scan) -> int:
    """A strongSwan / Libreswan gateway's files (and an FRR/Quagga file beside them)."""
    if s.seen("swan.connections"):
        score = 70 + (15 if s.seen("swan.swanctl-key") else 0)
        return min(95, score + (10 if s.name.startswith("swanctl") else 0))
    if s.seen("swan.secrets") and s.seen("swan.secret-section"):
        return 70 if s.name.startswith("swanctl") or s.name.endswith(".conf") else 55
    if s.seen("swan.conn"):
        score = 50 + (25 if s.seen("swan.left-right") else 0) + (10 if s.seen("swan.setup") else 0)
        return min(95, score + (10 if s.name == "ipsec.conf" or s.name.endswith(".conf") else 0))
    if s.seen("swan.setup"):
        return 80 if s.name == "ipsec.conf" else 55
    if secret_lines(s):
        return 85 if s.name.endswith(".secrets") else 45
    if s.name in _BGP_NAMES and s.seen("swan.router-bgp"):
        # FRR/Quagga beside the IPsec files: moderate, and only when the file name says so.
        return 45 if s.seen("swan.frr") else 35
    return 0


def secret_lines(s: Scan) -> bool:
    """Whether the file holds ipsec.secrets lines (``selectors : PSK "..."``)."""
    text, position = s.text, 0
    while (match := _SECRET_TYPE.search(text, position)) is not None:
        colon = match.start()
        if "#" not in text[text.rfind("\n", 0, colon) + 1:colon]:
            return True
        position = text.find("\n", colon) + 1  # a comment: the rest of its line is comment too
        if position == 0:
            return False
    return False


def strongswan_kind(text: str, path: str) -> str:
    """Which strongSwan file this is: swanctl, ipsec.conf, secrets, bgp or unknown."""
    s = scan(text, path)
    if s.seen("swan.connections") or (s.name.startswith("swanctl") and s.seen("swan.secrets")):
        return "swanctl"
    if s.seen("swan.conn", "swan.setup"):
        return "ipsec.conf"
    if s.name.endswith(".secrets") or secret_lines(s):
        return "secrets"
    if s.seen("swan.secrets"):
        return "swanctl"
    if s.name in _BGP_NAMES and s.seen("swan.router-bgp"):
        return "bgp"
    if s.name.startswith("swanctl"):
        return "swanctl"
    if s.name == "ipsec.conf":
        return "ipsec.conf"
    return "unknown"


# --- Check Point --------------------------------------------------------------------------------------
_CP_JSON_KEYS = ("\"vpn-community-", "\"ike-phase-1\"", "\"simple-gateway\"", "\"access-rule\"",
                 "\"encryption-suite\"", "\"interoperable-device\"", "\"domain-type\"")


def _score_checkpoint(s: Scan) -> int:
    """Gaia clish (``show configuration``) or the management API's JSON."""
    if s.head in ("{", "["):
        if "\"VpnConnections\"" in s.text or "\"CustomerGatewayConfiguration\"" in s.text:
            return 0
        hits = sum(1 for k in _CP_JSON_KEYS if k in s.text)
        return 0 if hits == 0 else min(90, 50 + 15 * hits)
    if s.seen("cp.clish-strong"):
        return 90
    weak = s.hits.get("cp.clish-weak", 0)
    return 70 if weak >= 3 else 40 if weak else 0


# --- AWS ----------------------------------------------------------------------------------------------
def _score_aws(s: Scan) -> int:
    """describe-vpn-connections JSON (CLI or saved dump) and the customer gateway XML."""
    text = s.text
    if s.head in ("{", "["):
        if '"VpnConnections"' in text:
            return 95
        if '"VpnConnectionId"' in text and ('"VgwTelemetry"' in text or '"CustomerGatewayId"' in text):
            return 90
        if '"CustomerGateways"' in text or '"VpnGateways"' in text:
            return 40  # supplementary data for a connection dump given together
        return 0
    if _XML_ROOT.search(text[:4096]):
        return 90 if "<ipsec_tunnel" in text else 60
    return 0


# --- Terraform / CloudFormation (vendor "aws" devices declared in code) -----------------------------
_TF_SUFFIXES = (".tf", ".tfvars", ".tf.json", ".tfvars.json")


def _score_terraform(s: Scan) -> int:
    """HCL / JSON-syntax files of a Terraform module (by name), or ``terraform show -json`` output."""
    if s.name.endswith(_TF_SUFFIXES):
        return 90 if "aws_vpn_connection" in s.text or "vpn" in s.text.lower() else 60
    if s.head == "{" and '"terraform_version"' in s.text[:4096] and '"format_version"' in s.text[:4096]:
        return 90 if '"aws_vpn_connection"' in s.text else 40
    return 0


def _score_cloudformation(s: Scan) -> int:
    """A template (YAML or JSON, CDK's ``*.template.json``) holding VPN resources; other YAML is not ours."""
    if s.name.endswith(_TF_SUFFIXES):
        return 0
    vpn = "AWS::EC2::VPNConnection" in s.text or "AWS::EC2::CustomerGateway" in s.text
    if not vpn:
        return 0
    if s.head in ("{", "") or s.name.endswith((".json", ".yaml", ".yml", ".template")):
        return 92 if "Resources" in s.text else 30
    return 60 if "Resources" in s.text else 0


# --- PAN-OS ---------------------------------------------------------------------------------------
_PANOS_XML = ("<ike-crypto-profiles>", "<ipsec-crypto-profiles>", "<protocol-common>", "<auto-key>",
              "<tunnel-interface>", "<deviceconfig>", "<ike-crypto-profile>", "<ipsec-crypto-profile>",
              "<ike-gateway>")
_PANOS_FRAGMENT = ("<hash>", "<dh-group>", "<esp>", "<peer-address>", "<local-address>", "<lifetime>")


def _score_panos(s: Scan) -> int:
    """Running-config XML (firewall or Panorama), skillet fragments (bare ``<entry>``), set/edit CLI."""
    score = 0
    if s.head == "<":
        text = s.text[:300_000]
        strong = sum(1 for marker in _PANOS_XML if marker in text)
        if strong:
            score = 40 + 10 * min(strong, 5) + (10 if "<config " in text and "version=" in text else 0)
        elif '<entry name="' in text and sum(1 for m in _PANOS_FRAGMENT if m in text) >= 2:
            score = 55
        elif "<config " in text and "<devices>" in text and "localhost.localdomain" in text:
            score = 60
    lines = s.hits.get("panos.crypto", 0) + s.hits.get("panos.network", 0) + s.hits.get("panos.device", 0)
    if lines:
        score = max(score, min(95, 50 + 5 * lines + (20 if s.seen("panos.crypto") else 0)))
    return min(100, score)


SCORERS: dict[str, Callable[[Scan], int]] = {
    "aws": _score_aws,
    "terraform": _score_terraform,
    "cloudformation": _score_cloudformation,
    "panos": _score_panos,
    "fortios": _score_fortios,
    "checkpoint": _score_checkpoint,
    "junos": _score_junos,
    "strongswan": _score_strongswan,
    "cisco-asa": _score_asa,
    "cisco-ios": _score_ios,
}


def detect(vendor: str, text: str, path: str) -> int:
    """One vendor's confidence (0..100) for ``text``: what its parser's ``detect()`` returns."""
    return SCORERS[vendor](scan(text, path))
