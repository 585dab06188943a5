"""Juniper Junos (SRX / vSRX / MX) parser: curly-brace configs and ``display set`` output.

Both formats are reduced to one flat list of statements: every leaf (and every block opening)
becomes a record holding its full path of words (``security ike proposal P dh-group group2``),
its exact 1-based line, and whether it is inactive. ``set``, ``delete``, ``deactivate`` and
``activate`` lines edit the same list, so a brace file and its ``| display set`` twin give the
same model (only the lines differ). The extractors below query that list by path prefix.

What is read and how it is judged:

- ``groups { NAME { ... } }`` + ``apply-groups NAME`` (at any hierarchy level): the group's
  statements under that level are inherited; explicitly configured statements win. Wildcard
  group paths (``<ge-*>``) are not expanded.
- ``inactive:`` / ``deactivate``: inactive statements are ignored; a VPN whose ``vpn``, gateway,
  IKE policy or IPsec policy is inactive is kept as a Tunnel with ``enabled=False`` (so the
  export shows it) and inactive proposals are left out of the device-level lists. An inactive
  BGP group or neighbor becomes ``BgpNeighbor.shutdown=True``.
- Suppressions (``# vpnaudit: disable=...`` or ``/* vpnaudit: disable=... */``): inside a block
  the scope is the innermost enclosing block; at top level it is the next top-level block, or
  the run of consecutive ``set`` lines that follows the comment (up to a blank or comment line).
- A ``set`` command that names several leaves of one IKE / IPsec object (``set security ike
  proposal P dh-group group14 encryption-algorithm aes-256-cbc``, as scripts write them) is read as
  one statement per leaf (``_SET_LEAVES``); a line with a word the table does not know stays whole.
- CLI noise of pasted sessions (``user@host> show configuration``, ``{master:0}``, ``[edit]``)
  is skipped; ``[edit a b]`` / ``edit a b`` make later ``set`` lines relative, as the CLI does.
- Text that is neither a brace statement nor a set command (prose around a pasted config) is
  skipped at top level and counted in ``Device.extra["ignored_lines"]``; an unterminated
  statement inside a block, unbalanced braces and unterminated quotes are ``problems``.

Documented Junos defaults used below (Junos CLI Reference unless said otherwise):
- IKE proposal ``lifetime-seconds`` under ``[edit security ike proposal]``: 28800 s, range
  180-86400 ("lifetime-seconds (Security IKE)",
  https://www.juniper.net/documentation/en_US/junos/topics/reference/configuration-statement/security-edit-lifetime-seconds-ike.html,
  the page Batfish's Juniper model cites for its 28800; DISA's Juniper SRX VPN STIG, SV-214670:
  "If idle time is not configured ... The default value is 28800 seconds"). The 3600 s some
  sources give is the IKE default of a different hierarchy, MX ``[edit services ipsec-vpn ike
  proposal]`` ("lifetime-seconds (Services)": "Default: 3600 seconds (IKE); 28,800 seconds
  (IPsec)"), which is kept for ``services`` tunnels; for the SRX ``security`` hierarchy the
  statement's own reference page wins. IPsec proposal under ``[edit security ipsec proposal]``:
  3600 s ("lifetime-seconds (Security IPsec)"; STIG SV-214669: "The default is 3600").
- IKE policy ``mode``: main ("mode (Security IKE Policy)").
- IKE gateway ``version``: v1-only ("version (Security IKE Gateway)": "v1-only ... default").
- ``dead-peer-detection``: off unless configured; ``interval`` 10 s ("interval (Security IKE)",
  "Default: 10 seconds"), ``threshold`` 5 ("threshold (Security IKE)", range 1-5, default 5),
  mode optimized ("dead-peer-detection": "optimized ... This is the default mode").
- NAT-T: enabled unless ``no-nat-traversal`` ("no-nat-traversal": NAT-T is on by default).
- IPsec VPN ``df-bit``: clear ("df-bit (Security IPsec VPN)": "clear - Clear (disable) the DF
  bit from the outer header. This is the default.").
- Anti-replay: on unless ``no-anti-replay`` ("no-anti-replay (Security IPsec VPN)").
- IPsec proposal ``protocol``: esp (the only protocol an SRX route-based VPN negotiates by default;
  "protocol (Security IPsec Proposal)").
- ``security flow tcp-mss ipsec-vpn`` without ``mss``: 1320 ("tcp-mss (Security Flow)").
- Manual SAs (``[edit security ipsec security-association SA manual direction D]``, used by
  OSPFv3 / BGP / Routing Engine authentication, and MX ``services ipsec-vpn rule R term T then
  manual direction D``): ``protocol (ah | esp | bundle)``, ``authentication algorithm
  (hmac-md5-96 | hmac-sha1-96 | ...)``, ``encryption algorithm (des-cbc | 3des-cbc | ...)``, no
  negotiation ("security-association (Junos OS)", "manual (Junos OS)", "direction (Junos OS)",
  https://www.juniper.net/documentation/en_US/junos13.1/topics/reference/configuration-statement/security-association-edit-security.html).
  No tunnel negotiates them: each direction is an IPsec proposal object, judged like an unused
  proposal (AH, weak algorithms); a direction without ``protocol`` is reported as not modelled.
- BGP ``hold-time``: 90 s, keepalives every hold-time / 3 ("hold-time (Protocols BGP)").
- ``proposal-set`` members: "proposal-set (Security IKE)" and "proposal-set (Security IPsec)".
  IKE: basic = pre-g1-des-sha, pre-g1-des-md5; compatible = pre-g2-3des-sha, pre-g2-3des-md5,
  pre-g2-des-sha, pre-g2-des-md5; standard = pre-g2-aes128-sha, pre-g2-3des-sha;
  suiteb-gcm-128 = ECDSA-256, group 19, AES-128-CBC, SHA-256; suiteb-gcm-256 = ECDSA-384,
  group 20, AES-256-CBC, SHA-384; prime-128 = ECDSA-256, group 19, AES-128-GCM, PRF SHA-256;
  prime-256 = ECDSA-384, group 20, AES-256-GCM, PRF SHA-384.
  IPsec: basic = nopfs-esp-des-sha, nopfs-esp-des-md5; compatible = nopfs-esp-3des-sha,
  nopfs-esp-3des-md5, nopfs-esp-des-sha, nopfs-esp-des-md5; standard = g2-esp-3des-sha,
  g2-esp-aes128-sha (PFS group 2); suiteb-gcm-128 / prime-128 = ESP AES-128-GCM, group 19;
  suiteb-gcm-256 / prime-256 = ESP AES-256-GCM, group 20. A set's PFS group applies only when
  the IPsec policy configures no ``perfect-forward-secrecy`` of its own.
  The predefined members' lifetimes are not documented per member: the proposal default applies.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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
from ..secrets import mask_words
from . import _detect
from ._base import ParseError, SourceFile, parse_directive

VENDOR = "junos"
MULTI_FILE = False
# Nesting cap: the deepest Junos hierarchy (groups, logical-systems, routing-instances, ...) stays
# far below; past it, input is hostile or broken and is reported instead of read.
MAX_DEPTH = 256
MAX_PATH_WORDS = 1024

# ---------------------------------------------------------------------------------------------
# Defaults (see the module docstring for the documentation each one comes from)
IKE_LIFETIME_DEFAULT = 28800
IPSEC_LIFETIME_DEFAULT = 3600
SERVICES_IKE_LIFETIME_DEFAULT = 3600
SERVICES_IPSEC_LIFETIME_DEFAULT = 28800
DPD_INTERVAL_DEFAULT = 10
DPD_THRESHOLD_DEFAULT = 5
DPD_MODE_DEFAULT = "optimized"
TCP_MSS_IPSEC_DEFAULT = 1320
BGP_HOLD_DEFAULT = 90

# ---------------------------------------------------------------------------------------------
# Vocabulary
ENCRYPTION = {
    "des-cbc": "DES", "3des-cbc": "3DES",
    "aes-128-cbc": "AES128", "aes-192-cbc": "AES192", "aes-256-cbc": "AES256",
    "aes-128-gcm": "AES128-GCM-16", "aes-192-gcm": "AES192-GCM-16", "aes-256-gcm": "AES256-GCM-16",
    "chacha20-poly1305": "CHACHA20-POLY1305",
}
IKE_INTEGRITY = {"md5": "MD5", "sha1": "SHA1", "sha-256": "SHA2-256", "sha-384": "SHA2-384", "sha-512": "SHA2-512"}
# The PRF an IKE proposal with an AEAD cipher and no authentication-algorithm uses (only the
# documented pairing: "prf-algorithm (Security IKE Proposal)", Junos CLI Reference).
AEAD_IMPLICIT_PRF = {"aes-256-gcm": "SHA2-384"}
IPSEC_INTEGRITY = {
    "hmac-md5-96": "MD5", "hmac-sha1-96": "SHA1", "hmac-sha-256-128": "SHA2-256",
    "hmac-sha-384-192": "SHA2-384", "hmac-sha-512-256": "SHA2-512",
    # hmac-sha-256-96 is a non-standard truncation (RFC 4868 wants 128 bits): kept as unknown.
}
IKE_AUTH = {
    "pre-shared-keys": "psk", "rsa-signatures": "certificate", "dsa-signatures": "certificate",
    "ecdsa-signatures-256": "certificate", "ecdsa-signatures-384": "certificate",
    "ecdsa-signatures-521": "certificate", "certificates": "certificate", "digital-signature": "certificate",
}

# (auth, dh group, encryption, integrity, prf) per predefined IKE proposal; see module docstring.
IKE_PROPOSAL_SETS: dict[str, tuple[tuple[str, str, int, str, str | None, str | None], ...]] = {
    "basic": (("pre-g1-des-sha", "psk", 1, "DES", "SHA1", None), ("pre-g1-des-md5", "psk", 1, "DES", "MD5", None)),
    "compatible": (
        ("pre-g2-3des-sha", "psk", 2, "3DES", "SHA1", None), ("pre-g2-3des-md5", "psk", 2, "3DES", "MD5", None),
        ("pre-g2-des-sha", "psk", 2, "DES", "SHA1", None), ("pre-g2-des-md5", "psk", 2, "DES", "MD5", None),
    ),
    "standard": (("pre-g2-aes128-sha", "psk", 2, "AES128", "SHA1", None), ("pre-g2-3des-sha", "psk", 2, "3DES", "SHA1", None)),
    "suiteb-gcm-128": (("suiteb-gcm-128", "certificate", 19, "AES128", "SHA2-256", None),),
    "suiteb-gcm-256": (("suiteb-gcm-256", "certificate", 20, "AES256", "SHA2-384", None),),
    "prime-128": (("prime-128", "certificate", 19, "AES128-GCM-16", None, "SHA2-256"),),
    "prime-256": (("prime-256", "certificate", 20, "AES256-GCM-16", None, "SHA2-384"),),
}
# (name, encryption, integrity, dh group or None) per predefined IPsec proposal.
IPSEC_PROPOSAL_SETS: dict[str, tuple[tuple[str, str, str | None, int | None], ...]] = {
    "basic": (("nopfs-esp-des-sha", "DES", "SHA1", None), ("nopfs-esp-des-md5", "DES", "MD5", None)),
    "compatible": (
        ("nopfs-esp-3des-sha", "3DES", "SHA1", None), ("nopfs-esp-3des-md5", "3DES", "MD5", None),
        ("nopfs-esp-des-sha", "DES", "SHA1", None), ("nopfs-esp-des-md5", "DES", "MD5", None),
    ),
    "standard": (("g2-esp-3des-sha", "3DES", "SHA1", 2), ("g2-esp-aes128-sha", "AES128", "SHA1", 2)),
    "suiteb-gcm-128": (("suiteb-gcm-128", "AES128-GCM-16", None, 19),),
    "suiteb-gcm-256": (("suiteb-gcm-256", "AES256-GCM-16", None, 20),),
    "prime-128": (("prime-128", "AES128-GCM-16", None, 19),),
    "prime-256": (("prime-256", "AES256-GCM-16", None, 20),),
}

# Statements we read (or knowingly ignore) per crypto object; anything else is "unmodeled".
_KNOWN_IKE_PROPOSAL = {"authentication-method", "authentication-algorithm", "encryption-algorithm", "dh-group",
                       "lifetime-seconds", "description"}
_KNOWN_IKE_POLICY = {"mode", "proposals", "proposal-set", "pre-shared-key", "certificate", "description",
                     "local-certificate", "version", "local-id", "remote-id", "reauth-frequency"}
_KNOWN_IKE_GATEWAY = {"ike-policy", "address", "dynamic", "external-interface", "local-address",
                      "dead-peer-detection", "version", "no-nat-traversal", "nat-keepalive", "general-ikeid",
                      "local-identity", "remote-identity", "description"}
_KNOWN_IPSEC_PROPOSAL = {"protocol", "encryption-algorithm", "authentication-algorithm", "lifetime-seconds",
                         "lifetime-kilobytes", "description"}
_KNOWN_IPSEC_POLICY = {"perfect-forward-secrecy", "proposals", "proposal-set", "description"}
_KNOWN_VPN = {"bind-interface", "ike", "df-bit", "establish-tunnels", "traffic-selector", "vpn-monitor",
              "description", "copy-outer-dscp", "anti-replay-window-size", "ha-link-encryption",
              "manual"}  # manual: one VPN001 for the block and its algorithms judged (_manual_sa)
_KNOWN_VPN_IKE = {"gateway", "ipsec-policy", "no-anti-replay", "proxy-identity", "idle-time", "install-interval"}
_KNOWN_IKE_TOP = {"proposal", "policy", "gateway", "traceoptions", "respond-bad-spi"}
_KNOWN_IPSEC_TOP = {"proposal", "policy", "vpn", "traceoptions", "vpn-monitor-options", "anti-replay-window-size",
                    "security-association"}
_KNOWN_MANUAL_SA = {"protocol", "spi", "auxiliary-spi", "authentication", "encryption"}
_KNOWN_MANUAL_SA_NESTED = {"authentication": {"algorithm", "key"}, "encryption": {"algorithm", "key"}}

# One ``set`` command may name several leaves of one object: Junos reads
# ``set security ike proposal P dh-group group14 encryption-algorithm aes-256-cbc`` as two
# statements (a command names a container, then any of its statements in turn). To split such a
# line, the number of values each leaf takes (a dict: a container whose own leaves follow). Only a
# line whose every word fits the table is split; anything else is kept as one statement.
_SET_LEAVES: dict[tuple[str, ...], dict[str, object]] = {
    ("security", "ike", "proposal"): {
        "authentication-method": 1, "authentication-algorithm": 1, "encryption-algorithm": 1, "dh-group": 1,
        "lifetime-seconds": 1, "description": 1},
    ("security", "ike", "policy"): {
        "mode": 1, "proposals": 1, "proposal-set": 1, "pre-shared-key": 2, "reauth-frequency": 1, "description": 1},
    ("security", "ike", "gateway"): {
        "ike-policy": 1, "address": 1, "external-interface": 1, "local-address": 1, "version": 1,
        "nat-keepalive": 1, "no-nat-traversal": 0, "general-ikeid": 0, "local-identity": 2, "remote-identity": 2,
        "description": 1, "dead-peer-detection": {"optimized": 0, "always-send": 0, "probe-idle-tunnel": 0,
                                                  "interval": 1, "threshold": 1},
        "fragmentation": {"size": 1, "disable": 0}},
    ("security", "ipsec", "proposal"): {
        "protocol": 1, "authentication-algorithm": 1, "encryption-algorithm": 1, "lifetime-seconds": 1,
        "lifetime-kilobytes": 1, "description": 1},
    ("security", "ipsec", "policy"): {
        "proposals": 1, "proposal-set": 1, "perfect-forward-secrecy": {"keys": 1}, "description": 1},
    ("security", "ipsec", "vpn"): {
        "bind-interface": 1, "df-bit": 1, "copy-outer-dscp": 0, "establish-tunnels": 1, "description": 1,
        "ike": {"gateway": 1, "ipsec-policy": 1, "no-anti-replay": 0, "idle-time": 1, "install-interval": 1}},
}


def _split_set(path: tuple[str, ...]) -> list[tuple[str, ...]]:
    """``path`` as the statements it sets: several when it names several leaves of a known object."""
    table = _SET_LEAVES.get(path[:3])
    if table is None or len(path) < 6:
        return [path]
    obj, words = path[:4], path[4:]
    out: list[tuple[str, ...]] = []
    i = 0
    stack: list[tuple[tuple[str, ...], dict[str, object]]] = [((), table)]
    while i < len(words):
        while stack and words[i] not in stack[-1][1]:
            stack.pop()
        if not stack:
            return [path]  # a word the table does not know: keep the line as written
        prefix, level = stack[-1]
        arity = level[words[i]]
        if isinstance(arity, dict):
            stack.append((prefix + (words[i],), arity))
            if i + 1 == len(words) or words[i + 1] not in arity:
                out.append(obj + prefix + (words[i],))  # a bare container (``dead-peer-detection``)
            i += 1
            continue
        end = i + 1 + int(arity)  # type: ignore[call-overload]
        if end > len(words):
            return [path]
        out.append(obj + prefix + words[i:end])
        i = end
    return out if len(out) > 1 else [path]


_SET_VERBS = {"set", "delete", "deactivate", "activate"}
_CLI_VERBS = {"edit", "top", "up", "exit", "insert", "rename", "annotate", "protect", "unprotect", "commit",
              "load", "show", "run", "save", "quit", "rollback", "copy", "replace", "status", "help"}
_PROMPT = re.compile(r"^[\w.\-]+@[\w.\-]+[>#%]\s?(?P<rest>.*)$")
_NODE_TAG = re.compile(r"^\{[\w:.\-]+\}\s*")
_EDIT_BANNER = re.compile(r"^\[edit(?:\s+(?P<path>[^\]]*))?\]\s*$")


# ---------------------------------------------------------------------------------------------
# Statement records
@dataclass(slots=True)
class Rec:
    path: tuple[str, ...]
    line: int
    # Length of the shortest inactive prefix of ``path`` (None: active). An object whose own
    # path (or an ancestor) is inactive still reads its statements, so it can be shown disabled.
    inactive_at: int | None = None
    inherited: bool = False
    block: bool = False

    @property
    def inactive(self) -> bool:
        return self.inactive_at is not None


@dataclass(slots=True)
class _Frame:
    path: tuple[str, ...]
    line: int
    inactive_at: int | None
    directives: list[tuple[int, tuple[str, ...], str | None]] = field(default_factory=list)


@dataclass(slots=True)
class _Run:  # a top-level directive waiting for, or covering, a run of statements
    directives: list[tuple[int, tuple[str, ...], str | None]]
    start: int
    end: int


_PUNCT = frozenset("{};[]")
_PUNCT_OR_WORD = re.compile(r'[{};\[\]]|[^\s{};\[\]"]+')  # exclusive alternatives: linear


class _Reader:
    """Turns the text (both formats, even mixed) into records, problems and suppressions."""

    def __init__(self, text: str, path: str):
        self.path = path
        self.records: list[Rec] = []
        self.problems: list[ParseProblem] = []
        self.suppressions: list[InlineSuppression] = []
        self.ignored: list[int] = []
        self.deactivated: list[tuple[tuple[str, ...], bool]] = []  # (prefix, True=deactivate)
        self.stack: list[_Frame] = []
        self.pending_top: list[tuple[int, tuple[str, ...], str | None]] = []
        self.run: _Run | None = None
        self.edit_path: tuple[str, ...] = ()
        self.too_deep = 0  # open blocks past MAX_DEPTH (skipped)
        self._read(text)

    # -- lexing --------------------------------------------------------------------------------
    def _lex(self, text: str):
        """Yield (line number, tokens, comments) per line. Tokens are (kind, value)."""
        in_comment = False
        comment_buf: list[str] = []
        comment_line = 0
        for number, raw in enumerate(text.splitlines(), start=1):
            comments: list[tuple[int, str]] = []
            if not in_comment and '"' not in raw and "#" not in raw and "/*" not in raw:
                # Most lines: words and punctuation only, split at once (the loop below gives the same).
                yield number, raw, [(t, t) if t in _PUNCT else ("w", t) for t in _PUNCT_OR_WORD.findall(raw)], comments
                continue
            tokens: list[tuple[str, str]] = []
            s, i, n = raw, 0, len(raw)
            while i < n:
                if in_comment:
                    j = s.find("*/", i)
                    if j < 0:
                        comment_buf.append(s[i:])
                        i = n
                        break
                    comment_buf.append(s[i:j])
                    comments.append((comment_line, " ".join(comment_buf)))
                    comment_buf = []
                    in_comment = False
                    i = j + 2
                    continue
                c = s[i]
                if c.isspace():
                    i += 1
                elif s.startswith("/*", i):
                    in_comment, comment_line, comment_buf = True, number, []
                    i += 2
                elif c == "#":
                    comments.append((number, s[i:]))
                    break
                elif c == '"':
                    j, buf, closed = i + 1, [], False
                    while j < n:
                        if s[j] == "\\" and j + 1 < n:
                            buf.append(s[j + 1])
                            j += 2
                            continue
                        if s[j] == '"':
                            closed = True
                            break
                        buf.append(s[j])
                        j += 1
                    if not closed:
                        self.problems.append(ParseProblem(message="unterminated quoted string", line=number))
                    tokens.append(("q", "".join(buf)))
                    i = j + 1
                elif c in "{};[]":
                    tokens.append((c, c))
                    i += 1
                else:
                    j = i
                    while j < n and not s[j].isspace() and s[j] not in '{};[]"':
                        j += 1
                    tokens.append(("w", s[i:j]))
                    i = j
            yield number, raw, tokens, comments
        if in_comment:
            self.problems.append(ParseProblem(message="unterminated /* comment", line=comment_line))

    # -- reading ---------------------------------------------------------------------------------
    def _read(self, text: str) -> None:
        pending: list[str] = []
        pending_line = 0
        pending_inactive = False
        list_depth = 0
        for number, raw, tokens, comments in self._lex(text):
            for cline, ctext in comments:
                self._comment(cline, ctext)
            stripped = raw.strip()
            if not tokens:
                if not stripped or comments:
                    self._close_run()
                continue
            if not self.stack and not pending and not self.too_deep:
                handled = self._top_line(number, stripped, tokens)
                if handled:
                    continue
            for kind, value in tokens:
                if self.too_deep:  # inside blocks past MAX_DEPTH: only count the braces
                    if kind == "{":
                        self.too_deep += 1
                    elif kind == "}":
                        self.too_deep -= 1
                    pending, pending_inactive, list_depth = [], False, 0
                    continue
                if kind in ("w", "q"):
                    if kind == "w" and not pending and value in ("inactive:", "protect:", "replace:"):
                        pending_inactive = pending_inactive or value == "inactive:"
                        continue
                    if not pending:
                        pending_line = number
                    pending.append(value)
                elif kind == "[":
                    list_depth += 1
                elif kind == "]":
                    list_depth = max(0, list_depth - 1)
                elif kind == ";":
                    if pending:
                        self._leaf(tuple(pending), pending_line, pending_inactive)
                    pending, pending_inactive, list_depth = [], False, 0
                elif kind == "{":
                    parent = self.stack[-1] if self.stack else None
                    path = (parent.path if parent else ()) + tuple(pending)
                    if len(self.stack) >= MAX_DEPTH or len(path) > MAX_PATH_WORDS:
                        # Records hold their whole path: deeper input would cost memory
                        # quadratic in its depth. No Junos hierarchy comes near the cap.
                        self.problems.append(ParseProblem(
                            message=f"blocks nested deeper than {MAX_DEPTH} levels (or {MAX_PATH_WORDS} words); "
                                    "the deeper part is not read", line=number))
                        self.too_deep = 1
                        pending, pending_inactive, list_depth = [], False, 0
                        continue
                    inactive_at = _inactive_at(parent.path if parent else (), parent.inactive_at if parent else None,
                                               pending_inactive)
                    line = pending_line if pending else number
                    frame = _Frame(path=path, line=line, inactive_at=inactive_at)
                    if not parent:
                        self._close_run()
                        frame.directives, self.pending_top = self.pending_top, []
                    self.records.append(Rec(path=path, line=line, inactive_at=inactive_at, block=True))
                    self.stack.append(frame)
                    pending, pending_inactive, list_depth = [], False, 0
                elif kind == "}":
                    if pending:  # 'a { b }': tolerate the missing ';'
                        self._leaf(tuple(pending), pending_line, pending_inactive)
                        pending, pending_inactive, list_depth = [], False, 0
                    if not self.stack:
                        self.problems.append(ParseProblem(message="unbalanced '}' (no block is open)", line=number))
                        continue
                    frame = self.stack.pop()
                    for dline, ids, reason in frame.directives:
                        self.suppressions.append(InlineSuppression(
                            rule_ids=ids, reason=reason, line=dline, scope_start=frame.line, scope_end=number))
            if pending and not (list_depth and self.stack):  # only a '[ ... ]' list may span lines
                if self.stack:
                    self.problems.append(ParseProblem(
                        message=f"statement '{_redact(pending)[:60]}' is not terminated by ';' or '{{'",
                        line=pending_line))
                else:
                    self.ignored.append(pending_line)
                pending, pending_inactive, list_depth = [], False, 0
        if pending:
            self.problems.append(ParseProblem(message="statement not terminated at end of file", line=pending_line))
        for frame in reversed(self.stack):
            self.problems.append(ParseProblem(message=f"block '{' '.join(_redact(frame.path).split()[-2:])}' is never closed "
                                                      "(missing '}')", line=frame.line))
            for dline, ids, reason in frame.directives:
                self.suppressions.append(InlineSuppression(
                    rule_ids=ids, reason=reason, line=dline, scope_start=frame.line, scope_end=frame.line))
        self._close_run()
        for dline, ids, reason in self.pending_top:
            self.suppressions.append(InlineSuppression(
                rule_ids=ids, reason=reason, line=dline, scope_start=dline, scope_end=dline))
        self._finish()

    def _top_line(self, number: int, stripped: str, tokens: list[tuple[str, str]]) -> bool:
        """Top-level line: set commands and CLI noise. True when the line is consumed."""
        text = stripped
        m = _NODE_TAG.match(text)
        if m:
            text = text[m.end():]
            if not text:
                return True
        m = _EDIT_BANNER.match(text)
        if m:
            self.edit_path = tuple((m.group("path") or "").split())
            return True
        m = _PROMPT.match(text)
        if m:
            text = m.group("rest").strip()
            if not text:
                return True
            tokens = list(_retokenize(text))
        words = [v for k, v in tokens if k in ("w", "q")]
        if not words or tokens[0][0] != "w":
            return False
        verb = words[0]
        if verb in _SET_VERBS and not any(k in "{}" for k, _ in tokens):
            path = self.edit_path + tuple(words[1:])
            if not words[1:]:
                return True
            self._top_statement(number)
            path = _normalize(path)
            if verb == "set":
                self.records.extend(Rec(path=one, line=number) for one in _split_set(path))
            elif verb == "delete":
                self.records = [r for r in self.records if r.path[: len(path)] != path]
                self.deactivated = [(p, d) for p, d in self.deactivated if p[: len(path)] != path]
            else:
                self.deactivated.append((path, verb == "deactivate"))
            return True
        if verb in _CLI_VERBS and not any(k in "{};" for k, _ in tokens):
            if verb == "edit":
                self.edit_path = self.edit_path + tuple(words[1:])
            elif verb == "top":
                self.edit_path = ()
            elif verb in ("up", "exit"):
                self.edit_path = self.edit_path[:-1]
            return True
        return False

    def _leaf(self, words: tuple[str, ...], line: int, inactive: bool) -> None:
        parent = self.stack[-1] if self.stack else None
        if not parent:
            self._top_statement(line)
        path = _normalize((parent.path if parent else ()) + words)
        inactive_at = _inactive_at(parent.path if parent else (), parent.inactive_at if parent else None, inactive)
        self.records.append(Rec(path=path, line=line, inactive_at=inactive_at))

    def _top_statement(self, line: int) -> None:
        if self.pending_top:
            self._close_run()
            self.run = _Run(self.pending_top, line, line)
            self.pending_top = []
        elif self.run is not None:
            if line == self.run.end + 1:
                self.run.end = line
            else:
                self._close_run()

    def _close_run(self) -> None:
        if self.run is not None:
            for dline, ids, reason in self.run.directives:
                self.suppressions.append(InlineSuppression(
                    rule_ids=ids, reason=reason, line=dline, scope_start=self.run.start, scope_end=self.run.end))
            self.run = None

    def _comment(self, line: int, text: str) -> None:
        directive = parse_directive(text)
        if not directive:
            return
        if self.stack:
            self.stack[-1].directives.append((line, directive[0], directive[1]))
        else:
            self._close_run()
            self.pending_top.append((line, directive[0], directive[1]))

    def _finish(self) -> None:
        # deactivate / activate, in file order
        state: dict[tuple[str, ...], bool] = {}
        for prefix, deact in self.deactivated:
            state[prefix] = deact
        dead = {p for p, d in state.items() if d}
        if dead:
            for r in self.records:
                k = next((k for k in range(1, len(r.path) + 1) if r.path[:k] in dead), None)
                if k is not None and (r.inactive_at is None or k < r.inactive_at):
                    r.inactive_at = k
        # apply-groups
        groups: dict[str, list[Rec]] = {}
        for r in self.records:
            if len(r.path) >= 2 and r.path[0] == "groups":
                groups.setdefault(r.path[1], []).append(r)
        inherited: list[Rec] = []
        for r in self.records:
            if r.path and r.path[0] == "groups":
                continue
            if "apply-groups" not in r.path:
                continue
            k = r.path.index("apply-groups")
            level = r.path[:k]
            for name in r.path[k + 1:]:
                for g in groups.get(name, ()):
                    sub = g.path[2:]
                    if sub[: len(level)] != level or len(sub) <= len(level) or "apply-groups" in sub:
                        continue
                    if any(w.startswith("<") and w.endswith(">") for w in sub):
                        continue
                    at = g.inactive_at - 2 if g.inactive_at is not None and g.inactive_at > 2 else None
                    if r.inactive_at is not None:
                        at = min(at, r.inactive_at) if at is not None else r.inactive_at
                    inherited.append(Rec(path=sub, line=g.line, inactive_at=at, inherited=True, block=g.block))
        if inherited:
            self.records = inherited + self.records


def _inactive_at(parent_path: tuple[str, ...], parent_at: int | None, inactive: bool) -> int | None:
    if parent_at is not None:
        return parent_at
    return len(parent_path) + 1 if inactive else None


def _retokenize(text: str) -> Iterable[tuple[str, str]]:
    """Tokenize one line of a prompt-prefixed command (quotes honoured, brackets dropped)."""
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"?|([{};\[\]])|([^\s{};\[\]"]+)', text):
        if m.group(1) is not None:
            yield ("q", m.group(1))
        elif m.group(2):
            yield (m.group(2), m.group(2))
        else:
            yield ("w", m.group(3))


def _normalize(path: tuple[str, ...]) -> tuple[str, ...]:
    """``interfaces st0.1 ...`` (shorthand) -> ``interfaces st0 unit 1 ...``."""
    if len(path) >= 2 and path[0] == "interfaces" and "." in path[1] and not path[1].startswith("<"):
        ifname, _, unit = path[1].rpartition(".")
        if ifname and unit.isdigit():
            return ("interfaces", ifname, "unit", unit) + path[2:]
    return path


def _redact(words: Iterable[str]) -> str:
    """Statement text safe for a message or the model (``secrets.mask_words``)."""
    return mask_words(words)


# ---------------------------------------------------------------------------------------------
# Query helpers
class _Obj:
    """A named object (proposal, policy, gateway, ...) and its records, relative to its path."""

    def __init__(self, kind: str, name: str, base: tuple[str, ...], recs: list[Rec]):
        self.kind, self.name, self.base, self.recs = kind, name, base, recs
        self._by_first: dict[str, list[tuple[tuple[str, ...], Rec]]] | None = None  # rels by first word

    @property
    def line(self) -> int:
        own = [r.line for r in self.recs if not r.inherited]
        return min(own) if own else min(r.line for r in self.recs)

    @property
    def end(self) -> int:
        return max(r.line for r in self.recs)

    @property
    def inactive(self) -> bool:
        n = len(self.base)
        return all(r.inactive_at is not None and r.inactive_at <= n for r in self.recs)

    def rels(self) -> Iterable[tuple[tuple[str, ...], Rec]]:
        """Statements of the object; those made inactive below the object's own level are skipped."""
        n = len(self.base)
        for r in self.recs:
            if r.inactive_at is None or r.inactive_at <= n:
                yield r.path[n:], r

    def find(self, *key: str) -> list[tuple[tuple[str, ...], Rec]]:
        k = len(key)
        if not k:
            return list(self.rels())
        if self._by_first is None:  # indexed on the first lookup: an object is asked many times
            self._by_first = {}
            for rel, r in self.rels():
                if rel:
                    self._by_first.setdefault(rel[0], []).append((rel, r))
        return [(rel[k:], r) for rel, r in self._by_first.get(key[0], ()) if rel[:k] == key]

    def last(self, *key: str) -> tuple[tuple[str, ...], Rec] | None:
        hits = [(tail, r) for tail, r in self.find(*key) if tail]
        return hits[-1] if hits else None

    def word(self, *key: str) -> tuple[str | None, int | None]:
        hit = self.last(*key)
        return (hit[0][0], hit[1].line) if hit else (None, None)

    def has(self, *key: str) -> Rec | None:
        hits = self.find(*key)
        return hits[-1][1] if hits else None

    def values(self, *key: str, every: bool = False) -> list[tuple[str, int]]:
        """Values of a statement, in order, without repeats. ``every``: a leaf-list
        (``proposals [ a b ]``) whose words are all values; otherwise only the first word counts
        (``address 10.0.0.1/24 { primary; }``)."""
        seen: dict[str, int] = {}
        for tail, r in self.find(*key):
            for w in (tail if every else tail[:1]):
                seen.setdefault(w, r.line)
        return list(seen.items())

    def sub(self, kind: str, *key: str) -> dict[str, _Obj]:
        return _objects(self.recs, self.base + key, kind)


def _objects(recs: Sequence[Rec], prefix: tuple[str, ...], kind: str) -> dict[str, _Obj]:
    n = len(prefix)
    grouped: dict[str, list[Rec]] = {}
    for r in recs:
        if len(r.path) > n and r.path[:n] == prefix:
            grouped.setdefault(r.path[n], []).append(r)
    return {name: _Obj(kind, name, prefix + (name,), rs) for name, rs in grouped.items()}


def _setting_lines(**at: int | None) -> tuple[tuple[str, int], ...]:
    """``Located.lines`` from the statements that set each field (unset fields left out)."""
    return tuple(sorted((name, line) for name, line in at.items() if line is not None))


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    m = re.fullmatch(r"(\d+)\.(\d+)", value)  # asdot AS notation
    return int(m.group(1)) * 65536 + int(m.group(2)) if m else None


def _enc(raw: str) -> str:
    return ENCRYPTION.get(raw, vocab.unknown(raw))


# ---------------------------------------------------------------------------------------------
# detect()
def detect(text: str, path: str) -> int:
    """Confidence 0..100 that ``text`` is ours; the markers live in ``parsers/_detect.py``."""
    return _detect.detect(VENDOR, text, path)


# ---------------------------------------------------------------------------------------------
# parse()
def parse(files: Sequence[SourceFile]) -> list[Device]:
    return [_parse_one(f) for f in files]


def _parse_one(source: SourceFile) -> Device:
    reader = _Reader(source.text, source.path)
    if not reader.records and not source.text.strip():
        raise ParseError("the file is empty")
    return _Builder(source.path, reader).device()


class _Builder:
    def __init__(self, path: str, reader: _Reader):
        self.path = path
        self.reader = reader
        self.recs = [r for r in reader.records if not (r.path and r.path[0] == "groups")]
        self.unmodeled: dict[int, Unmodeled] = {}
        self.dangling: list[DanglingReference] = []
        self.notes: dict[str, str] = {}
        self.setting_lines: dict[tuple[str, ...], int] = {}  # (kind, scope, name, field) -> line
        self.mss_line: int | None = None
        self.manual_proposals: list[IpsecProposal] = []
        self.root = _Obj("root", "", (), self.recs)
        # "The statements under P", by the length of P: built when first asked, then one lookup
        # (a scan of the whole configuration per VPN and per interface was quadratic).
        self.by_prefix: dict[int, dict[tuple[str, ...], list[Rec]]] = {}

    # -- small lookups ---------------------------------------------------------------------------
    def _under(self, prefix: tuple[str, ...]) -> list[Rec]:
        """The statements whose path starts with ``prefix``, in order."""
        n = len(prefix)
        index = self.by_prefix.get(n)
        if index is None:
            index = self.by_prefix[n] = {}
            for r in self.recs:
                if len(r.path) >= n:
                    index.setdefault(r.path[:n], []).append(r)
        return list(index.get(prefix, ()))

    def _objects(self, prefix: tuple[str, ...], kind: str) -> dict[str, _Obj]:
        return _objects(self._under(prefix), prefix, kind)

    def _dangle(self, kind: str, name: str, line: int | None, referrer: str, active: bool = True) -> None:
        if not active:  # Junos does not validate inactive configuration either
            return
        ref = DanglingReference(kind=kind, name=name, line=line, referrer=referrer)
        if ref not in self.dangling:
            self.dangling.append(ref)

    def _unmodeled(self, rec: Rec) -> None:
        if rec.block or rec.inactive or rec.line in self.unmodeled:
            return
        self.unmodeled[rec.line] = Unmodeled(line=rec.line, text=_redact(rec.path))

    def _check_known(self, obj: _Obj, known: set[str], nested: dict[str, set[str]] | None = None) -> None:
        for rel, rec in obj.rels():
            if not rel:
                continue
            if rel[0] not in known:
                self._unmodeled(rec)
            elif nested and rel[0] in nested and len(rel) > 1 and rel[1] not in nested[rel[0]]:
                self._unmodeled(rec)

    def _iface_addresses(self, ifname: str, unit: str) -> list[tuple[str, int]]:
        obj = _Obj("if", ifname, ("interfaces", ifname, "unit", unit, "family", "inet"),
                   self._under(("interfaces", ifname, "unit", unit, "family", "inet")))
        return obj.values("address")

    # -- IKE -----------------------------------------------------------------------------------
    def _ike_proposal(self, obj: _Obj, lifetime_default: int) -> IkeProposal:
        self._check_known(obj, _KNOWN_IKE_PROPOSAL)
        enc, enc_line = obj.word("encryption-algorithm")
        integ, integ_line = obj.word("authentication-algorithm")
        group, group_line = obj.word("dh-group")
        method, method_line = obj.word("authentication-method")
        life, life_line = obj.word("lifetime-seconds")
        defaults: list[str] = []
        encryption = (_enc(enc),) if enc else ()
        mapped_integ = (IKE_INTEGRITY.get(integ, vocab.unknown(integ)),) if integ else ()
        aead = bool(encryption) and vocab.is_aead(encryption[0])
        lifetime = _int(life)
        if lifetime is None:
            lifetime = lifetime_default
            defaults.append("lifetime_seconds")
        dh = vocab.dh_group(group) if group else None
        prf = mapped_integ
        if aead and not prf and enc in AEAD_IMPLICIT_PRF:
            # "prf-algorithm (Security IKE Proposal)": AEAD ciphers implicitly define the PRF;
            # "aes-256-gcm ... is internally associated with a PRF-384".
            prf = (AEAD_IMPLICIT_PRF[enc],)
            defaults.append("prf")
        return IkeProposal(
            name=obj.name, line=obj.line, encryption=encryption,
            # With an AEAD cipher the authentication-algorithm is used as the PRF only.
            integrity=() if aead else mapped_integ, prf=prf,
            dh_groups=(dh,) if dh is not None else (),
            auth=IKE_AUTH.get(method, "unknown") if method else None,  # type: ignore[arg-type]
            lifetime_seconds=lifetime, defaults=tuple(defaults),
            # a finding about a value points at the statement that sets it
            lines=_setting_lines(encryption=enc_line, integrity=None if aead else integ_line, prf=integ_line,
                                 dh_groups=group_line, auth=method_line, lifetime_seconds=life_line))

    def _ike_set(self, set_name: str, line: int, lifetime_default: int) -> list[IkeProposal]:
        out = []
        for name, auth, group, enc, integ, prf in IKE_PROPOSAL_SETS.get(set_name, ()):
            out.append(IkeProposal(
                name=f"{set_name}:{name}", line=line, encryption=(enc,), integrity=(integ,) if integ else (),
                prf=(prf or integ,) if (prf or integ) else (), dh_groups=(group,), auth=auth,  # type: ignore[arg-type]
                lifetime_seconds=lifetime_default, defaults=("lifetime_seconds",)))
        return out

    def _psk(self, obj: _Obj) -> PreSharedKey | None:
        hit = obj.last("pre-shared-key")
        if not hit:
            return None
        tail, rec = hit
        form = tail[0]
        value = tail[1] if len(tail) > 1 else (form if form.startswith("<") else "")
        if form.startswith("<") and form.endswith(">") or value.startswith("<") and value.endswith(">") \
                or (value and set(value) == {"*"}):
            return PreSharedKey(present=True, encoding="masked", line=rec.line, name=obj.name)
        if value.startswith("$9$"):
            return PreSharedKey(present=True, encrypted=True, encoding="junos-9", line=rec.line, name=obj.name)
        if value.startswith("$8$"):
            # "Hardening Shared Secrets in Junos OS": with "system master-password" secrets are stored
            # as $8$ strings, AES256-GCM encrypted under a key derived from the master password.
            return PreSharedKey(present=True, encrypted=True, encoding="other", line=rec.line, name=obj.name)
        if not value:
            return PreSharedKey(present=True, encoding="other", line=rec.line, name=obj.name)
        if form == "hexadecimal":
            try:
                value = bytes.fromhex(value).decode("latin-1")
            except ValueError:
                return PreSharedKey.from_secret(value, encoding="other", line=rec.line, name=obj.name)
        return PreSharedKey.from_secret(value, encoding="plain", line=rec.line, name=obj.name)

    # -- device ----------------------------------------------------------------------------------
    def device(self) -> Device:
        root = self.root
        hostname, _ = root.word("system", "host-name")
        version, _ = root.word("version")

        sec_ike = ("security", "ike")
        sec_ipsec = ("security", "ipsec")
        svc = ("services", "ipsec-vpn")
        for base, known in ((sec_ike, _KNOWN_IKE_TOP), (sec_ipsec, _KNOWN_IPSEC_TOP),
                            (svc + ("ike",), {"proposal", "policy", "traceoptions"}),
                            (svc + ("ipsec",), {"proposal", "policy"})):
            for rel, rec in _Obj("x", "", base, self._under(base)).rels():
                if rel and rel[0] not in known:
                    self._unmodeled(rec)

        # IKE and IPsec objects (SRX [security] and MX [services ipsec-vpn] share the grammar)
        ike_props = {k: (o, self._ike_proposal(o, IKE_LIFETIME_DEFAULT))
                     for k, o in self._objects(sec_ike + ("proposal",), "ike-proposal").items()}
        ike_pols = self._objects(sec_ike + ("policy",), "ike-policy")
        gateways = self._objects(sec_ike + ("gateway",), "ike-gateway")
        ipsec_props = {k: (o, self._ipsec_proposal(o))
                       for k, o in self._objects(sec_ipsec + ("proposal",), "ipsec-proposal").items()}
        ipsec_pols = self._objects(sec_ipsec + ("policy",), "ipsec-policy")
        vpns = self._objects(sec_ipsec + ("vpn",), "ipsec-vpn")
        svc_ike_props = {k: (o, self._ike_proposal(o, SERVICES_IKE_LIFETIME_DEFAULT))
                         for k, o in self._objects(svc + ("ike", "proposal"), "ike-proposal").items()}
        svc_ike_pols = self._objects(svc + ("ike", "policy"), "ike-policy")
        svc_ipsec_props = {k: (o, self._ipsec_proposal(o))
                           for k, o in self._objects(svc + ("ipsec", "proposal"), "ipsec-proposal").items()}
        svc_ipsec_pols = self._objects(svc + ("ipsec", "policy"), "ipsec-policy")

        ike_policies: list[IkeProposal] = [p for o, p in list(ike_props.values()) + list(svc_ike_props.values())
                                           if not o.inactive]
        ipsec_proposals: list[IpsecProposal] = [p for o, p in list(ipsec_props.values())
                                                + list(svc_ipsec_props.values()) if not o.inactive]
        for name, sa in self._objects(sec_ipsec + ("security-association",), "security-association").items():
            self._check_known(sa, {"manual", "mode", "dynamic", "description"}, {"manual": {"direction"}})
            ipsec_proposals.extend(self._manual_directions(sa, ("manual",), f"security-association {name}", sa.word("mode")))
        keys: list[PreSharedKey] = []
        resolved_ike: dict[tuple[str, str], tuple[_Obj, list[IkeProposal], PreSharedKey | None]] = {}
        for scope, pols, props, life in (("security", ike_pols, ike_props, IKE_LIFETIME_DEFAULT),
                                         ("services", svc_ike_pols, svc_ike_props, SERVICES_IKE_LIFETIME_DEFAULT)):
            for name, pol in pols.items():
                self._check_known(pol, _KNOWN_IKE_POLICY)
                proposals: list[IkeProposal] = []
                for pname, pline in pol.values("proposals", every=True):
                    if pname in props:
                        proposals.append(props[pname][1])
                    else:
                        self._dangle("ike-proposal", pname, pline, f"ike policy {name}", not pol.inactive)
                set_name, set_line = pol.word("proposal-set")
                if set_name:
                    expanded = self._ike_set(set_name, set_line or pol.line, life)
                    if not expanded:
                        self._unmodeled(pol.has("proposal-set"))  # type: ignore[arg-type]
                    proposals.extend(expanded)
                    if not pol.inactive:
                        ike_policies.extend(expanded)
                if not proposals and not set_name:
                    self.notes[f"ike-policy:{name}"] = "no proposals or proposal-set configured"
                psk = self._psk(pol)
                if psk is not None and not pol.inactive:
                    keys.append(psk)
                resolved_ike[(scope, name)] = (pol, proposals, psk)

        resolved_ipsec: dict[tuple[str, str], tuple[_Obj, list[IpsecProposal], tuple[int, ...], list[str], int | None, int | None, list[str]]] = {}
        ipsec_policies: list[IpsecConfig] = []
        for scope, pols, props, life in (("security", ipsec_pols, ipsec_props, IPSEC_LIFETIME_DEFAULT),
                                         ("services", svc_ipsec_pols, svc_ipsec_props, SERVICES_IPSEC_LIFETIME_DEFAULT)):
            for name, pol in pols.items():
                self._check_known(pol, _KNOWN_IPSEC_POLICY)
                proposals_ip: list[IpsecProposal] = []
                lifetimes: list[tuple[int | None, int | None]] = []
                for pname, pline in pol.values("proposals", every=True):
                    if pname in props:
                        pobj = props[pname][0]
                        proposals_ip.append(props[pname][1])
                        lifetimes.append((_int(pobj.word("lifetime-seconds")[0]),
                                          _int(pobj.word("lifetime-kilobytes")[0])))
                        if len(lifetimes) == 1 and pobj.word("lifetime-seconds")[1]:  # the lifetime's own line
                            self.setting_lines[("ipsec-policy", scope, name, "lifetime_seconds")] = \
                                pobj.word("lifetime-seconds")[1]  # type: ignore[assignment]
                    else:
                        self._dangle("ipsec-proposal", pname, pline, f"ipsec policy {name}", not pol.inactive)
                defaults: list[str] = []
                set_name, set_line = pol.word("proposal-set")
                set_groups: tuple[int, ...] = ()
                if set_name:
                    members = IPSEC_PROPOSAL_SETS.get(set_name, ())
                    if not members:
                        self._unmodeled(pol.has("proposal-set"))  # type: ignore[arg-type]
                    for mname, enc, integ, group in members:
                        prop = IpsecProposal(name=f"{set_name}:{mname}", line=set_line, protocol="esp",
                                             encryption=(enc,), integrity=(integ,) if integ else (),
                                             dh_groups=(group,) if group else ())
                        proposals_ip.append(prop)
                        lifetimes.append((None, None))
                        if not pol.inactive:
                            ipsec_proposals.append(prop)
                        if group and group not in set_groups:
                            set_groups += (group,)
                pfs_word, pfs_line = pol.word("perfect-forward-secrecy", "keys")
                if pfs_line:
                    self.setting_lines[("ipsec-policy", scope, name, "pfs_groups")] = pfs_line
                if pfs_word:
                    g = vocab.dh_group(pfs_word)
                    pfs = (g,) if g is not None else ()
                else:
                    pfs = set_groups
                if not proposals_ip and not set_name:
                    self.notes[f"ipsec-policy:{name}"] = "no proposals or proposal-set configured"
                lifetime, kbytes = (lifetimes[0] if lifetimes else (None, None))
                if lifetime is None:
                    lifetime = life
                    defaults.append("lifetime_seconds")
                resolved_ipsec[(scope, name)] = (pol, proposals_ip, pfs, defaults, lifetime, kbytes, [])
                if not pol.inactive:
                    ipsec_policies.append(IpsecConfig(
                        name=f"{'services ' if scope == 'services' else ''}ipsec policy {name}", line=pol.line,
                        protocol=proposals_ip[0].protocol if proposals_ip else "esp", proposals=tuple(proposals_ip),
                        pfs_groups=pfs, lifetime_seconds=lifetime, lifetime_kilobytes=kbytes, defaults=tuple(defaults),
                        lines=(("pfs_groups", pfs_line),) if pfs_line else ()))

        for name, gw in gateways.items():
            self._check_known(gw, _KNOWN_IKE_GATEWAY)
            ref, line = gw.word("ike-policy")
            if ref and ("security", ref) not in resolved_ike:
                self._dangle("ike-policy", ref, line, f"ike gateway {name}", not gw.inactive)
        for name, (obj, _) in ipsec_props.items():
            self._check_known(obj, _KNOWN_IPSEC_PROPOSAL)
        for name, (obj, _) in svc_ipsec_props.items():
            self._check_known(obj, _KNOWN_IPSEC_PROPOSAL)

        # Global tunnel settings
        mss_hit = root.has("security", "flow", "tcp-mss", "ipsec-vpn")
        tcp_mss = None
        mss_default = False
        if mss_hit is not None:
            mss_word, self.mss_line = root.word("security", "flow", "tcp-mss", "ipsec-vpn", "mss")
            tcp_mss = _int(mss_word)
            if tcp_mss is None:
                tcp_mss, mss_default = TCP_MSS_IPSEC_DEFAULT, True
        global_window, _ = root.word("security", "ipsec", "anti-replay-window-size")

        bgp, neighbors = self._bgp()
        selectors_by_vpn = self._policy_selectors()

        tunnels: list[Tunnel] = []
        for vpn in vpns.values():  # a manual SA is not a tunnel vpnaudit models, but its algorithms are judged
            manual = self._manual_sa(vpn)
            if manual is not None:
                ipsec_proposals.append(manual)
        for name, vpn in vpns.items():
            tunnels.append(self._tunnel(vpn, gateways, resolved_ike, resolved_ipsec, tcp_mss, mss_default,
                                        global_window, neighbors, selectors_by_vpn.get(name, [])))
        tunnels.extend(self._services_tunnels(resolved_ike, resolved_ipsec))
        ipsec_proposals.extend(self.manual_proposals)

        extra = dict(self.notes)
        if self.reader.ignored:
            lines = self.reader.ignored
            extra["ignored_lines"] = (f"{len(lines)} line(s) that are neither Junos statements nor set commands "
                                      f"were skipped (first at line {lines[0]})")
        if not self.recs and self.reader.problems == []:
            self.reader.problems.append(ParseProblem(message="no Junos configuration statements found", line=None))

        return Device(
            source=self.path, vendor="junos", hostname=hostname, files=(self.path,), version=version,
            tunnels=tuple(tunnels), ike_policies=tuple(ike_policies), ipsec_proposals=tuple(ipsec_proposals),
            ipsec_policies=tuple(ipsec_policies),
            keys=tuple(keys), bgp=bgp,
            unmodeled=tuple(sorted(self.unmodeled.values(), key=lambda u: u.line)),
            dangling=tuple(self.dangling), problems=tuple(self.reader.problems),
            suppressions=tuple(sorted(self.reader.suppressions, key=lambda s: s.line)), extra=extra)

    def _manual_directions(self, owner: _Obj, key: tuple[str, ...], label: str,
                           mode: tuple[str | None, int | None]) -> list[IpsecProposal]:
        """The directions of a manual SA as proposal objects (module docstring: "Manual SAs")."""
        out: list[IpsecProposal] = []
        for tail, rec in owner.find(*key):
            if tail and tail[0] != "direction":
                self._unmodeled(rec)
        for direction, obj in owner.sub("manual-sa", *key, "direction").items():
            if obj.inactive:
                continue
            self._check_known(obj, _KNOWN_MANUAL_SA, _KNOWN_MANUAL_SA_NESTED)
            proto, proto_line = obj.word("protocol")
            if proto not in ("esp", "ah", "bundle"):
                self._unmodeled(obj.has("protocol") or obj.recs[0])
                continue
            enc, enc_line = obj.word("encryption", "algorithm")
            integ, integ_line = obj.word("authentication", "algorithm")
            out.append(IpsecProposal(
                name=f"{label} direction {direction}", line=obj.line,
                protocol={"esp": "esp", "ah": "ah", "bundle": "esp+ah"}[proto],  # type: ignore[arg-type]
                mode=mode[0] if mode[0] in ("tunnel", "transport") else None,  # type: ignore[arg-type]
                encryption=(_enc(enc),) if enc and proto != "ah" else (),
                integrity=(IPSEC_INTEGRITY.get(integ, vocab.unknown(integ)),) if integ else (),
                lines=_setting_lines(protocol=proto_line, encryption=enc_line, integrity=integ_line,
                                     mode=mode[1] if mode[0] in ("tunnel", "transport") else None)))
        return out

    def _manual_sa(self, vpn: _Obj) -> IpsecProposal | None:
        """``[edit security ipsec vpn V manual]``: a manually keyed SA (``protocol (ah | esp)``,
        ``authentication algorithm``, ``encryption algorithm``; Juniper, "manual (Security IPsec)",
        https://www.juniper.net/documentation/en_US/junos/topics/reference/configuration-statement/security-edit-authentication.html).
        AWS has no manual keying, and the tunnel stays unmodelled (VPN001); its protocol and
        algorithms are judged as a proposal (AH, weak hashes), like a proposal no tunnel uses."""
        rec = vpn.has("manual")
        if rec is None or vpn.inactive:
            return None
        proto, proto_line = vpn.word("manual", "protocol")
        enc, enc_line = vpn.word("manual", "encryption", "algorithm")
        integ, integ_line = vpn.word("manual", "authentication", "algorithm")
        if proto is None and enc is None and integ is None:
            return None
        protocol = {"ah": "ah", "esp": "esp"}.get(proto or "esp", "esp")
        return IpsecProposal(
            name=f"manual SA of vpn {vpn.name}", line=proto_line or rec.line, protocol=protocol,  # type: ignore[arg-type]
            encryption=(_enc(enc),) if enc else (),
            integrity=(IPSEC_INTEGRITY.get(integ, vocab.unknown(integ)),) if integ else (),
            defaults=() if proto else ("protocol",),
            lines=_setting_lines(protocol=proto_line, encryption=enc_line, integrity=integ_line))

    def _ipsec_proposal(self, obj: _Obj) -> IpsecProposal:
        proto, proto_line = obj.word("protocol")
        enc, enc_line = obj.word("encryption-algorithm")
        integ, integ_line = obj.word("authentication-algorithm")
        defaults: list[str] = []
        if proto is None:
            protocol = "esp"
            defaults.append("protocol")
        else:
            protocol = {"esp": "esp", "ah": "ah", "bundle": "esp+ah"}.get(proto, "esp")
            if proto not in ("esp", "ah", "bundle"):
                self._unmodeled(obj.has("protocol"))  # type: ignore[arg-type]
        return IpsecProposal(
            name=obj.name, line=obj.line, protocol=protocol,  # type: ignore[arg-type]
            encryption=(_enc(enc),) if enc else (),
            integrity=(IPSEC_INTEGRITY.get(integ, vocab.unknown(integ)),) if integ else (),
            defaults=tuple(defaults),
            lines=_setting_lines(protocol=proto_line, encryption=enc_line, integrity=integ_line))

    # -- tunnels -----------------------------------------------------------------------------------
    def _tunnel(self, vpn: _Obj, gateways, resolved_ike, resolved_ipsec, tcp_mss, mss_default, global_window,
                neighbors: list[BgpNeighbor], policy_selectors: list[TrafficSelector]) -> Tunnel:
        self._check_known(vpn, _KNOWN_VPN, {"ike": _KNOWN_VPN_IKE})
        defaults: list[str] = []
        enabled = not vpn.inactive
        gw_name, gw_line = vpn.word("ike", "gateway")
        pol_name, pol_line = vpn.word("ike", "ipsec-policy")
        manual = vpn.find("manual")
        if manual:  # one manually keyed SA, one VPN001 (its first line); its algorithms: _manual_sa
            self._unmodeled(manual[0][1])

        ike_cfg = None
        local_address = local_interface = peer = None
        if gw_name:
            gw = gateways.get(gw_name)
            if gw is None:
                self._dangle("ike-gateway", gw_name, gw_line, f"ipsec vpn {vpn.name}", not vpn.inactive)
            else:
                enabled = enabled and not gw.inactive
                ike_cfg, local_address, local_interface, peer, ike_on = self._ike_config(gw, resolved_ike)
                enabled = enabled and ike_on

        ipsec_cfg = None
        if pol_name:
            hit = resolved_ipsec.get(("security", pol_name))
            if hit is None:
                self._dangle("ipsec-policy", pol_name, pol_line, f"ipsec vpn {vpn.name}", not vpn.inactive)
            else:
                pol, props, pfs, pdefaults, lifetime, kbytes, _ = hit
                enabled = enabled and not pol.inactive
                ipsec_defaults = list(pdefaults)
                no_replay = vpn.has("ike", "no-anti-replay")
                if no_replay is None:
                    ipsec_defaults.append("replay_protection")
                window = vpn.word("anti-replay-window-size")[0] or global_window
                ipsec_lines = {}
                pfs_line = self.setting_lines.get(("ipsec-policy", "security", pol_name, "pfs_groups"))
                if pfs_line:
                    ipsec_lines["pfs_groups"] = pfs_line
                life_line = self.setting_lines.get(("ipsec-policy", "security", pol_name, "lifetime_seconds"))
                if life_line:
                    ipsec_lines["lifetime_seconds"] = life_line
                if no_replay is not None:
                    ipsec_lines["replay_protection"] = no_replay.line
                ipsec_cfg = IpsecConfig(
                    name=pol_name, line=pol.line, protocol=props[0].protocol if props else "esp", mode="tunnel",
                    proposals=tuple(props), pfs_groups=pfs, lifetime_seconds=lifetime, lifetime_kilobytes=kbytes,
                    replay_protection=no_replay is None, replay_window=_int(window),
                    defaults=tuple(ipsec_defaults), lines=tuple(sorted(ipsec_lines.items())))

        df, df_line = vpn.word("df-bit")
        tunnel_lines: dict[str, int] = {"df_bit": df_line} if df_line else {}
        if df not in ("clear", "set", "copy"):
            df = "clear"
            defaults.append("df_bit")

        selectors: list[TrafficSelector] = []
        for tsname, ts in vpn.sub("traffic-selector", "traffic-selector").items():
            for local, _ in ts.values("local-ip"):
                for remote, _ in ts.values("remote-ip"):
                    selectors.append(TrafficSelector(local=local, remote=remote, line=ts.line))
        pid_local, pl_line = vpn.word("ike", "proxy-identity", "local")
        pid_remote, _ = vpn.word("ike", "proxy-identity", "remote")
        if pid_local or pid_remote:
            service, _ = vpn.word("ike", "proxy-identity", "service")
            selectors.append(TrafficSelector(local=pid_local or "0.0.0.0/0", remote=pid_remote or "0.0.0.0/0",
                                             protocol=service, line=pl_line))

        bind, bind_line = vpn.word("bind-interface")
        inside = None
        mtu = None
        bgp = None
        routing = "route-based"
        if bind:
            ifname, _, unit = bind.rpartition(".")
            if not ifname:
                ifname, unit = bind, "0"
            unit_recs = self._under(("interfaces", ifname, "unit", unit))
            if not unit_recs:
                self._dangle("interface", bind, bind_line, f"ipsec vpn {vpn.name}", not vpn.inactive)
            elif all(r.inactive for r in unit_recs) or any(
                    not r.inactive and r.path == disable
                    for disable in (("interfaces", ifname, "disable"), ("interfaces", ifname, "unit", unit, "disable"))
                    for r in self._under(disable)):
                # ``deactivate interfaces st0 unit N`` / ``disable`` on the unit or on st0: the VPN
                # has no interface to run on ("disable (Interface)": administratively down).
                enabled = False
            addrs = self._iface_addresses(ifname, unit)
            mtu_word, mtu_line = _Obj("u", unit, ("interfaces", ifname, "unit", unit), unit_recs).word(
                "family", "inet", "mtu")
            mtu = _int(mtu_word)
            if mtu_line:
                tunnel_lines["mtu"] = mtu_line
            if addrs:
                inside, bgp = self._inside(addrs, neighbors)
        else:
            routing = "policy-based"
            selectors.extend(policy_selectors)

        if mss_default:
            defaults.append("tcp_mss")
        if self.mss_line:
            tunnel_lines["tcp_mss"] = self.mss_line
        return Tunnel(
            name=vpn.name, line=vpn.line, local_address=local_address, local_interface=local_interface,
            peer_address=peer, routing=routing, inside=inside, ike=ike_cfg, ipsec=ipsec_cfg,  # type: ignore[arg-type]
            df_bit=df, mtu=mtu, tcp_mss=tcp_mss, traffic_selectors=tuple(selectors), bgp=bgp,  # type: ignore[arg-type]
            enabled=enabled, defaults=tuple(defaults), lines=tuple(sorted(tunnel_lines.items())))

    def _ike_config(self, gw: _Obj, resolved_ike):
        defaults: list[str] = []
        enabled = True
        version, version_line = gw.word("version")
        ike_lines: dict[str, int] = {"versions": version_line} if version_line else {}
        if version == "v2-only":
            versions: tuple[int, ...] = (2,)
        elif version == "v1-only":
            versions = (1,)
        else:
            versions = (1,)
            defaults.append("versions")
        addresses = gw.values("address", every=True)
        peer = addresses[0][0] if addresses else None
        ext, _ = gw.word("external-interface")
        local_address, _ = gw.word("local-address")
        if local_address is None and ext:
            ifname, _, unit = ext.rpartition(".")
            if not ifname:
                ifname, unit = ext, "0"
            addrs = self._iface_addresses(ifname, unit)
            if addrs:
                local_address = addrs[0][0].split("/")[0]
        dpd = None
        dpd_rec = gw.has("dead-peer-detection")
        if dpd_rec is not None:
            ddefaults: list[str] = []
            # `set ... dead-peer-detection interval 10 threshold 3` puts several leaves on one
            # statement: read keyword/value pairs anywhere in the tails, the last one winning.
            leaves: dict[str, str] = {}
            for tail, _ in gw.find("dead-peer-detection"):
                for key, value in zip(tail, tail[1:]):
                    if key in ("interval", "threshold"):
                        leaves[key] = value
            interval = _int(leaves.get("interval"))
            if interval is None:
                interval = DPD_INTERVAL_DEFAULT
                ddefaults.append("interval_seconds")
            threshold = _int(leaves.get("threshold"))
            if threshold is None:
                threshold = DPD_THRESHOLD_DEFAULT
                ddefaults.append("retries")
            mode = None
            for tail, _ in gw.find("dead-peer-detection"):
                if tail and tail[0] in ("always-send", "optimized", "probe-idle-tunnel"):
                    mode = {"probe-idle-tunnel": "probe-idle"}.get(tail[0], tail[0])
            if mode is None:
                mode = DPD_MODE_DEFAULT
                ddefaults.append("mode")
            line = min(r.line for _, r in gw.find("dead-peer-detection"))
            dpd = Dpd(enabled=True, interval_seconds=interval, retries=threshold, mode=mode,  # type: ignore[arg-type]
                      line=line, defaults=tuple(ddefaults))
        nat_t = gw.has("no-nat-traversal") is None
        if nat_t:
            defaults.append("nat_traversal")
        local_id = gw.last("local-identity")
        remote_id = gw.last("remote-identity")
        proposals: list[IkeProposal] = []
        psk = None
        mode = None
        auth = None
        pol_name, pol_line = gw.word("ike-policy")
        hit = resolved_ike.get(("security", pol_name)) if pol_name else None
        if hit is not None:
            pol, proposals, psk = hit
            enabled = not pol.inactive
            if 1 in versions:
                mode_word, mode_line = pol.word("mode")
                if mode_word in ("main", "aggressive"):
                    mode = mode_word
                    if mode_line:
                        ike_lines["mode"] = mode_line
                else:
                    mode = "main"
                    defaults.append("mode")
            if proposals and proposals[0].auth:
                auth = proposals[0].auth
            elif psk is not None:
                auth = "psk"
            elif pol.has("certificate") is not None:
                auth = "certificate"
            if psk is not None:
                psk = psk.model_copy(update={"peer": peer, "wildcard_peer": peer in ("0.0.0.0", "0.0.0.0/0")})
        lifetime = proposals[0].lifetime_seconds if proposals else None
        if proposals and "lifetime_seconds" in proposals[0].defaults:
            defaults.append("lifetime_seconds")
        ike = IkeConfig(
            name=gw.name, line=gw.line, versions=versions, mode=mode, auth=auth, proposals=tuple(proposals),  # type: ignore[arg-type]
            lifetime_seconds=lifetime, dpd=dpd, psk=psk,
            local_id=local_id[0][-1] if local_id else None,
            remote_id=remote_id[0][-1] if remote_id else None,
            nat_traversal=nat_t, defaults=tuple(defaults), lines=tuple(sorted(ike_lines.items())))
        return ike, local_address, ext, peer, enabled

    def _inside(self, addrs: list[tuple[str, int]], neighbors: list[BgpNeighbor]):
        local, line = addrs[0]
        bgp = None
        peer = None
        for addr, _ in addrs:
            try:
                iface = ipaddress.ip_interface(addr)
            except ValueError:
                continue
            candidates = [n for n in neighbors if _in_net(n.neighbor, iface) and n.neighbor != str(iface.ip)]
            candidates.sort(key=lambda n: n.shutdown)
            if candidates and bgp is None:
                bgp = candidates[0]
            if addr == local:
                net = iface.network
                if net.prefixlen == net.max_prefixlen - 2:
                    hosts = [h for h in net.hosts() if h != iface.ip]
                    peer = str(hosts[0]) if hosts else None
                elif net.prefixlen == net.max_prefixlen - 1:
                    peer = next((str(h) for h in net if h != iface.ip), None)
                elif candidates:
                    peer = candidates[0].neighbor
        return InsideAddress(local=local, peer=peer, line=line), bgp

    def _services_tunnels(self, resolved_ike, resolved_ipsec) -> list[Tunnel]:
        """MX ``services ipsec-vpn rule R term T then remote-gateway A; dynamic {...}`` (best effort)."""
        out: list[Tunnel] = []
        rules = self._objects(("services", "ipsec-vpn", "rule"), "ipsec-rule")
        for rname, rule in rules.items():
            for tname, term in rule.sub("term", "term").items():
                peer, _ = term.word("then", "remote-gateway")
                if peer is None and term.has("then", "dynamic") is None:
                    self.manual_proposals.extend(self._manual_directions(
                        term, ("then", "manual"), f"services ipsec-vpn rule {rname} term {tname} manual", (None, None)))
                    continue
                enabled = not term.inactive
                ike_cfg = ipsec_cfg = None
                ike_name, ike_line = term.word("then", "dynamic", "ike-policy")
                if ike_name:
                    hit = resolved_ike.get(("services", ike_name))
                    if hit is None:
                        self._dangle("ike-policy", ike_name, ike_line, f"services ipsec-vpn rule {rname} term {tname}")
                    else:
                        pol, proposals, psk = hit
                        ver, _ = pol.word("version")
                        defaults = [] if ver else ["versions"]
                        versions = (2,) if ver == "2" else (1,)
                        mode, _ = pol.word("mode")
                        if mode not in ("main", "aggressive"):
                            mode = "main" if 1 in versions else None
                            if mode:
                                defaults.append("mode")
                        dpd = Dpd(enabled=True, line=term.has("then", "initiate-dead-peer-detection").line) \
                            if term.has("then", "initiate-dead-peer-detection") is not None else None
                        ike_cfg = IkeConfig(
                            name=ike_name, line=pol.line, versions=versions, mode=mode if 1 in versions else None,  # type: ignore[arg-type]
                            auth=proposals[0].auth if proposals and proposals[0].auth else ("psk" if psk else None),
                            proposals=tuple(proposals),
                            lifetime_seconds=proposals[0].lifetime_seconds if proposals else None,
                            dpd=dpd, psk=psk.model_copy(update={"peer": peer}) if psk else None,
                            defaults=tuple(defaults))
                ipsec_name, ipsec_line = term.word("then", "dynamic", "ipsec-policy")
                if ipsec_name:
                    hit = resolved_ipsec.get(("services", ipsec_name))
                    if hit is None:
                        self._dangle("ipsec-policy", ipsec_name, ipsec_line,
                                     f"services ipsec-vpn rule {rname} term {tname}")
                    else:
                        pol, props, pfs, pdefaults, lifetime, kbytes, _ = hit
                        no_replay = term.has("then", "no-anti-replay")
                        ipsec_cfg = IpsecConfig(
                            name=ipsec_name, line=pol.line, protocol=props[0].protocol if props else "esp",
                            proposals=tuple(props), pfs_groups=pfs, lifetime_seconds=lifetime,
                            lifetime_kilobytes=kbytes, replay_protection=no_replay is None,
                            defaults=tuple(pdefaults + (["replay_protection"] if no_replay is None else [])))
                selectors = []
                for src, sline in term.values("from", "source-address", every=True):
                    for dst, _ in term.values("from", "destination-address", every=True):
                        selectors.append(TrafficSelector(local=src, remote=dst, line=sline))
                df = "clear" if term.has("then", "clear-dont-fragment-bit") is not None else None
                out.append(Tunnel(
                    name=f"{rname}/{tname}", line=term.line, peer_address=peer, routing="policy-based",
                    ike=ike_cfg, ipsec=ipsec_cfg, df_bit=df, traffic_selectors=tuple(selectors),  # type: ignore[arg-type]
                    enabled=enabled))
        return out

    # -- policy-based selectors -------------------------------------------------------------------
    def _address_book(self) -> dict[str, list[str]]:
        book: dict[str, list[str]] = {}
        sets: dict[str, list[str]] = {}
        for r in self.recs:
            if r.inactive:
                continue
            p = r.path
            tail: tuple[str, ...] | None = None
            if p[:2] == ("security", "address-book") and len(p) > 3:
                tail = p[3:]
            elif p[:3] == ("security", "zones", "security-zone") and len(p) > 5 and p[4] == "address-book":
                tail = p[5:]
            if not tail or len(tail) < 3:
                continue
            if tail[0] == "address":
                value = tail[3] if tail[2] == "ip-prefix" and len(tail) > 3 else tail[2]
                if "/" in value or _is_ip(value):
                    book.setdefault(tail[1], []).append(value if "/" in value else value + "/32")
            elif tail[0] == "address-set" and len(tail) > 3 and tail[2] in ("address", "address-set"):
                sets.setdefault(tail[1], []).append(tail[3])
        for name, members in sets.items():
            out: list[str] = []
            for m in members:
                out.extend(book.get(m, []))
            book.setdefault(name, out)
        return book

    def _policy_selectors(self) -> dict[str, list[TrafficSelector]]:
        out: dict[str, list[TrafficSelector]] = {}
        book: dict[str, list[str]] | None = None
        policies: list[_Obj] = []
        for zpair, zobj in self._objects(("security", "policies", "from-zone"), "zone").items():
            for to_zone, tobj in zobj.sub("to-zone", "to-zone").items():
                policies.extend(tobj.sub("policy", "policy").values())
        policies.extend(self._objects(("security", "policies", "global", "policy"), "policy").values())
        for pol in policies:
            vpn, _ = pol.word("then", "permit", "tunnel", "ipsec-vpn")
            if not vpn or pol.inactive:
                continue
            if book is None:
                book = self._address_book()
            pairs: list[TrafficSelector] = out.setdefault(vpn, [])
            srcs = self._resolve(pol, "source-address", book)
            dsts = self._resolve(pol, "destination-address", book)
            for s in srcs:
                for d in dsts:
                    if any((t.local, t.remote) in ((s, d), (d, s)) for t in pairs):
                        continue
                    pairs.append(TrafficSelector(local=s, remote=d, line=pol.line, action="permit"))
        return out

    def _resolve(self, pol: _Obj, key: str, book: dict[str, list[str]]) -> list[str]:
        out: list[str] = []
        for name, line in pol.values("match", key, every=True):
            if name in ("any", "any-ipv4"):
                out.append("0.0.0.0/0")
            elif name == "any-ipv6":
                out.append("::/0")
            elif name in book:
                out.extend(book[name])
            else:
                self._dangle("address", name, line, f"security policy {pol.name}")
        return out

    # -- BGP ----------------------------------------------------------------------------------------
    def _bgp(self) -> tuple[BgpProcess | None, list[BgpNeighbor]]:
        contexts: list[tuple[tuple[str, ...], tuple[str, ...]]] = [(("protocols", "bgp"), ("routing-options",))]
        for ri in self._objects(("routing-instances",), "ri"):
            contexts.append((("routing-instances", ri, "protocols", "bgp"), ("routing-instances", ri, "routing-options")))
        neighbors: list[BgpNeighbor] = []
        networks: list[str] = []
        process_line = None
        top_as = None
        router_id = None
        for base, ropts in contexts:
            recs = self._under(base)
            if not recs:
                continue
            bgp = _Obj("bgp", "", base, recs)
            opts = _Obj("ro", "", ropts, self._under(ropts))
            system_as = _int(opts.word("autonomous-system")[0])
            if process_line is None:
                process_line = bgp.line
                top_as = _int(bgp.word("local-as")[0]) or system_as
                router_id = opts.word("router-id")[0]
            levels_bgp = bgp
            for gname, group in bgp.sub("bgp-group", "group").items():
                for nname, nb in group.sub("bgp-neighbor", "neighbor").items():
                    neighbor, prefixes = self._neighbor(nname, nb, group, levels_bgp, system_as)
                    neighbors.append(neighbor)
                    for p in prefixes:
                        if p not in networks:
                            networks.append(p)
        if process_line is None:
            return None, neighbors
        return BgpProcess(line=process_line, local_as=top_as, router_id=router_id, neighbors=tuple(neighbors),
                          networks=tuple(networks)), neighbors

    def _neighbor(self, address: str, nb: _Obj, group: _Obj, bgp: _Obj, system_as: int | None):
        levels = (nb, group, bgp)
        defaults: list[str] = []

        def first(*key: str) -> str | None:
            for lvl in levels:
                w = lvl.word(*key)[0]
                if w is not None:
                    return w
            return None

        local_as = _int(first("local-as"))
        if local_as is None and not any(lvl.word("local-as")[0] for lvl in levels):
            local_as = system_as
        hold = _int(first("hold-time"))
        if hold is None:
            hold = BGP_HOLD_DEFAULT
            defaults.append("hold_seconds")
        defaults.append("keepalive_seconds")  # Junos: keepalive = hold-time / 3, not configurable
        exports: list[tuple[str, int]] = []
        for lvl in levels:
            exports = lvl.values("export", every=True)
            if exports:
                break
        prefixes: list[str] = []
        known = True
        for pname, pline in exports:
            got = self._policy_prefixes(pname, pline, f"bgp neighbor {address}")
            if got is None:
                known = False
                continue
            plist, exact = got
            known = known and exact
            prefixes.extend(p for p in plist if p not in prefixes)
        shutdown = nb.inactive or group.inactive or bgp.inactive or nb.has("shutdown") is not None
        return BgpNeighbor(
            neighbor=address, line=nb.line, remote_as=_int(first("peer-as")), local_as=local_as,
            hold_seconds=hold, keepalive_seconds=hold // 3 if hold else 0,
            advertised_prefixes=tuple(prefixes),
            advertised_prefix_count=len(prefixes) if exports and known else None,
            shutdown=shutdown, defaults=tuple(defaults)), prefixes

    def _policy_prefixes(self, name: str, line: int, referrer: str) -> tuple[list[str], bool] | None:
        objs = self._objects(("policy-options", "policy-statement"), "policy-statement")
        pol = objs.get(name)
        if pol is None:
            self._dangle("policy-statement", name, line, referrer)
            return None
        terms = list(pol.sub("term", "term").values()) or [pol]
        if pol.find("then") and pol.sub("term", "term"):
            terms.append(pol)  # policy-level from/then after the terms
        prefixes: list[str] = []
        exact = True
        for term in terms:
            accepts = any(tail and tail[-1] == "accept" for tail, _ in term.find("then"))
            if not accepts:
                continue
            found = False
            for tail, _ in term.find("from", "route-filter"):
                if tail and tail[0] not in prefixes and len(tail) >= 1:
                    prefixes.append(tail[0])
                if len(tail) >= 2:
                    found = True
                    if tail[1] != "exact":
                        exact = False
            for plist, pl_line in term.values("from", "prefix-list"):
                found = True
                entries = [r.path[3] for r in self._under(("policy-options", "prefix-list", plist))
                           if len(r.path) > 3 and not r.inactive]
                if not entries:
                    self._dangle("prefix-list", plist, pl_line, f"policy-statement {name}")
                prefixes.extend(e for e in entries if e not in prefixes)
            if not found:
                exact = False  # accepts by protocol / community / anything: count unknown
        return prefixes, exact


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _in_net(address: str, iface) -> bool:
    try:
        return ipaddress.ip_address(address) in iface.network
    except ValueError:
        return False
