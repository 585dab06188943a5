"""Juniper Junos (SRX / vSRX / MX) parser: curly-brace configs and ``display set`` output.

Both formats are reduced to one flat list of statements: every leaf (and every block opening)
becomes a record holding its full path of words (``security ike proposal P dh-group group2``),
its exact 1-based line, and whether it is inactive. ``set``, ``delete``, ``deactivate`` and
``activate`` lines edit the same list, so a brace file and its ``| display set`` twin give the
same model (only the lines differ). The extractors (``objects.py``, ``build.py``) query that list by path prefix.

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

Documented Junos defaults (``defaults.py``; Junos CLI Reference unless said otherwise):
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

from collections.abc import Sequence

from ...model import Device
from .. import _detect
from .._base import ParseError, SourceFile
from .build import _Builder
from .lexer import MAX_DEPTH, MAX_PATH_WORDS, _Reader

__all__ = ["MAX_DEPTH", "MAX_PATH_WORDS", "MULTI_FILE", "VENDOR", "detect", "parse"]

VENDOR = "junos"
MULTI_FILE = False


def detect(text: str, path: str) -> int:
    """Confidence 0..100 that ``text`` is ours; the markers live in ``parsers/_detect.py``."""
    return _detect.detect(VENDOR, text, path)


def parse(files: Sequence[SourceFile]) -> list[Device]:
    return [_parse_one(f) for f in files]


def _parse_one(source: SourceFile) -> Device:
    reader = _Reader(source.text, source.path)
    if not reader.records and not source.text.strip():
        raise ParseError("the file is empty")
    return _Builder(source.path, reader).device()
