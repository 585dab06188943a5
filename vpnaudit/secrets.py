"""Masking of secrets in config text, for every vendor syntax vpnaudit reads.

Used wherever config text leaves the program (excerpts in reports, unmodelled lines in messages).
It masks the value after a secret keyword, whatever the vendor: better an over-masked excerpt than
a key in a SARIF file uploaded to a code-scanning service.
"""

from __future__ import annotations

import re

MASK = "<redacted>"

_PATTERNS = [
    # Cisco IOS: crypto isakmp key [0|6|7] KEY address ...; keyring pre-shared-key address A [M] key [0|6] KEY
    re.compile(r"(?i)(\bcrypto\s+isakmp\s+key\s+(?:[0-9]\s+)?)(\S+)"),
    re.compile(r"(?i)((?<![-\w])key\s+(?:[0-9]\s+)?)(?![0-9]\s)(?!(?:address|chain|config-key|ring|string)\b)(\S+)"),
    # IOS ikev2 keyring / ASA tunnel-group: pre-shared-key [local|remote] [0|6|8] KEY
    re.compile(
        r"(?i)(\bpre-shared-key\s+(?:local\s+|remote\s+)?(?:[0-9]\s+)?)"
        r"(?!(?:local|remote|address|ascii-text|hexadecimal|[0-9])(?:\s|$))(\S+)"
    ),
    # Junos: pre-shared-key ascii-text "KEY"; hexadecimal KEY; authentication-key / secret "$9$..."
    re.compile(
        r"(?i)(\b(?:ascii-text|hexadecimal|authentication-key|secret|password|encrypted-password)\s+)"
        r"(?![=:])(\"[^\"]*\"|\S+)"
    ),
    # strongSwan ipsec.secrets: ... : PSK "KEY" / PSK 0sBASE64
    re.compile(r"(?i)(:\s*(?:PSK|EAP|XAUTH|NTLM)\s+)(\"[^\"]*\"|'[^']*'|\S+)"),
    # swanctl: secret = KEY; generic key=value forms
    re.compile(r"(?i)(\b(?:secret|psk|pre_shared_key|presharedkey|shared[-_]secret|password)\s*[=:]\s*)(\"[^\"]*\"|'[^']*'|[^\s,;}]+)"),
    # JSON: "PreSharedKey": "KEY", "shared-secret": "..."
    re.compile(r"(?i)(\"(?:PreSharedKey|pre-shared-key|shared-secret|secret|password)\"\s*:\s*)(\"(?:[^\"\\]|\\.)*\")"),
    # XML: <pre_shared_key>KEY</pre_shared_key>
    re.compile(r"(?i)(<pre_shared_key>)([^<]*)"),
]


def mask_secrets(text: str) -> str:
    """``text`` with every value that follows a secret keyword replaced by ``<redacted>``."""
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text
