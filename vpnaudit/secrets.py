"""Masking of secrets in config text, for every vendor syntax vpnaudit reads.

Used wherever config text leaves the program: excerpts in reports, unmodelled lines in
messages, rule documentation examples. It errs on the side of masking: an over-masked word costs
less than a key in a SARIF file uploaded to a code-scanning service.
"""

from __future__ import annotations

import re

MASK = "********"

# Words after which any vendor writes a secret (IOS key-string, ASA passwd, Junos ascii-text, ...).
SECRET_WORDS = frozenset({
    "key", "pre-shared-key", "password", "passwd", "secret", "key-string", "ascii-text", "hexadecimal",
    "encrypted-password", "authentication-key", "simple-password", "plain-text-password",
})
# Stored forms of secrets (Junos $9$, crypt hashes, ASA $sha512$): hidden wherever they stand.
_STORED_SECRET = ("$9$", "$8$", "$1$", "$5$", "$6$", "$sha")


def redact_words(words: list[str] | tuple[str, ...], marker: str = "<redacted>") -> str:
    """Config words fit for the model and for messages when the statement is not understood:
    stored secrets are hidden, and nothing after a secret keyword is kept (an unknown statement
    gives no way to tell which of the following words is the key)."""
    out: list[str] = []
    for word in words:
        if word.startswith(_STORED_SECRET):
            out.append(marker)
            continue
        out.append(word)
        if word.lower() in SECRET_WORDS:
            out.append(marker)
            break
    return " ".join(out)

# ---------------------------------------------------------------------------------------------
# Secret masking
# ---------------------------------------------------------------------------------------------
# Words after which a config puts a secret. Matched as whole words (a word may not continue with a
# letter, digit, '_' or '-'), so ``keyring``, ``keepalive``, ``key-string`` (listed on its own),
# ``pre-shared-keys`` (Junos authentication-method) do not count.
_SECRET_WORDS = (
    r"pre[-_ ]?shared[-_ ]?(?:key|secret)",  # IOS keyring / ASA / Junos / PAN-OS / VyOS / text
    r"shared[-_]?secret",
    r"key",  # crypto isakmp key X address A / keyring ... key X / PAN-OS ... key X
    r"key-string",
    r"secret",  # swanctl secret = X / IOS enable secret 5 X
    r"psk",  # strongSwan ipsec.secrets : PSK "X"
    r"password",
    r"passwd",
    r"passphrase",
    r"password-encrypt",
    r"password-encryption",
    r"encrypted-password",
    r"plaintext-password",
    r"ascii-text",  # Junos pre-shared-key ascii-text "X"
    r"hexadecimal",  # Junos pre-shared-key hexadecimal "X"
    r"authentication-key",
    r"auth-key",
    r"md5-key",
)
_BARE = re.compile(
    r"(?<![\w-])(?P<word>" + "|".join(_SECRET_WORDS) + r")(?![\w-])(?P<sep>[ \t]*[=:][ \t]*|[ \t]+)",
    re.IGNORECASE,
)
# A value: a quoted string (single or double, backslash escapes), or a run of non-blank characters.
_VALUE = re.compile(r"""(?P<q>["'])(?P<qv>(?:\\.|(?!(?P=q)).)*)(?P=q)|(?P<uv>[^\s;]+)""")
# Tokens that follow a secret word but are not the secret: the real value comes later on the line
# (``pre-shared-key address A key X``) or there is none (``crypto key generate rsa``).
_NOT_A_VALUE = {
    "address", "hostname", "key", "ascii-text", "hexadecimal", "identity",
    "generate", "zeroize", "import", "export", "pubkey-chain", "param", "config-key", "storage",
    "decrypt", "encrypt", "encryption", "chain", "{", "}", "=", ":", "none", "keyring", "ring", "authentication",
    "policy", "is", "for", "of", "the", "and", "or", "not", "in", "file", "prompt", "recovery",
    "-", "--", "used", "to", "that", "with", "must", "should", "will", "can", "value", "a", "an",
    "as", "on", "be", "are", "was", "has", "from", "by",
}
# Tokens that may sit between the word and the value: an encoding type (IOS ``key 6 X``,
# ``password 7 X``), a key id (``authentication-key 1 md5 X``), an algorithm, a format.
_PREFIX = re.compile(
    r"^(?:\d{1,3}|md5|sha1|sha-1|sha256|hmac-md5|hmac-sha1|hmac-sha-1|hmac-sha256|hmac-sha-256|"
    r"encrypted|unencrypted|cleartext|plain|plaintext|ascii-text|hexadecimal|text|aes|local|remote)$",
    re.IGNORECASE,
)
_WORD_ONLY = re.compile(r"^(?:" + "|".join(_SECRET_WORDS) + r")$", re.IGNORECASE)
# strongSwan / Libreswan ipsec.secrets: ``[ids] : PSK|EAP|XAUTH|NTLM|PIN secret`` and
# ``: RSA|ECDSA|P12|PKCS8|PKCS12 file [passphrase]``.
_SECRETS_FILE = re.compile(
    r"(?P<head>(?:^|\s):\s*)(?P<kind>PSK|EAP|XAUTH|NTLM|PIN|RSA|ECDSA|ED25519|BLISS|P12|PKCS8|PKCS12)"
    r"(?P<sep>\s+)(?P<rest>.*)$",
    re.IGNORECASE,
)
# JSON / YAML-ish ``"PreSharedKey": "X"`` and XML ``<pre_shared_key>X</pre_shared_key>``.
_SECRET_NAME = re.compile(
    r"^(?:pre[-_]?shared[-_]?(?:key|secret)s?|psk|secret|shared[-_]?secret|password|passphrase|"
    r"auth[-_]?key|private[-_]?key)$",
    re.IGNORECASE,
)
_JSON_PAIR = re.compile(
    r"""(?P<kq>\\?["'])(?P<name>[A-Za-z_][\w-]*)(?P=kq)(?P<sep>\s*:\s*)(?P<vq>\\?["'])"""
    r"""(?P<value>(?:(?!(?P=vq)).)*)(?P=vq)"""
)
_XML_SECRET_NAME = re.compile(r"^(?:key|" + _SECRET_NAME.pattern[4:], re.IGNORECASE)
_XML_ELEMENT = re.compile(r"<(?P<name>[A-Za-z_][\w-]*)>(?P<value>[^<]*)</(?P=name)>")
_TEMPLATE = re.compile(r"^(?:\*+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|x+)$", re.IGNORECASE)


def _mask_token(token_match: re.Match[str]) -> str:
    if token_match.group("q"):
        return f"{token_match.group('q')}{MASK}{token_match.group('q')}"
    return MASK


def _mask_bare(line: str) -> str:
    out: list[str] = []
    pos = 0
    for word in _BARE.finditer(line):
        if word.start() < pos:
            continue
        cursor = word.end()
        tokens: list[re.Match[str]] = []
        probe = cursor
        # Look at up to four tokens after the word: prefixes, then the value.
        while len(tokens) < 4:
            m = _VALUE.match(line, probe)
            if not m:
                break
            tokens.append(m)
            ws = re.match(r"[ \t]+", line[m.end():])
            if not ws:
                break
            probe = m.end() + ws.end()
        if not tokens:
            continue
        first = tokens[0].group(0)
        if first.lower() in _NOT_A_VALUE or first[:1] in "#!":
            continue
        chosen = tokens[0]
        for i, tok in enumerate(tokens[:-1]):
            nxt = tokens[i + 1].group(0)
            prefix = _PREFIX.match(tok.group(0)) or _WORD_ONLY.match(tok.group(0))
            if tok.group("uv") and prefix and nxt.lower() not in _NOT_A_VALUE and nxt[:1] not in "#!":
                chosen = tokens[i + 1]
                continue
            break
        out.append(line[pos:chosen.start()])
        out.append(_mask_token(chosen))
        pos = chosen.end()
    out.append(line[pos:])
    return "".join(out)


def _mask_structured(line: str) -> str:
    def json_pair(m: re.Match[str]) -> str:
        if not _SECRET_NAME.match(m.group("name")) or not m.group("value"):
            return m.group(0)
        return m.group(0)[: m.start("value") - m.start()] + MASK + m.group("vq")

    def xml_element(m: re.Match[str]) -> str:
        if not _XML_SECRET_NAME.match(m.group("name")) or not m.group("value"):
            return m.group(0)
        return f"<{m.group('name')}>{MASK}</{m.group('name')}>"

    line = _JSON_PAIR.sub(json_pair, line)
    return _XML_ELEMENT.sub(xml_element, line)


def _mask_secrets_file(line: str) -> str:
    m = _SECRETS_FILE.search(line)
    if not m:
        return line
    kind = m.group("kind").upper()
    rest = m.group("rest")
    tokens = list(_VALUE.finditer(rest))
    tokens = [t for t in tokens if t.group(0)]
    if not tokens:
        return line
    if kind in ("RSA", "ECDSA", "ED25519", "BLISS", "P12", "PKCS8", "PKCS12"):
        # The first token is a file name; a passphrase (or %prompt) may follow.
        if len(tokens) < 2 or tokens[1].group(0) == "%prompt":
            return line
        secret = tokens[1]
    else:
        secret = tokens[0]
    masked_rest = rest[: secret.start()] + _mask_token(secret) + rest[secret.end():]
    return line[: m.start("rest")] + masked_rest


# Infrastructure code: ``tunnel1_preshared_key = "X"`` (HCL), ``PreSharedKey: X`` (CloudFormation
# YAML), ``"tunnel1_preshared_key": "X"`` (Terraform JSON / plan): a name ending in a key word.
_IAC_KEY = re.compile(
    r"(?P<name>[A-Za-z0-9_]*(?:preshared_key|pre_shared_key|PreSharedKey|_psk|Psk))(?P<kq>\\?[\"']?)"
    r"(?P<sep>[ \t]*[=:][ \t]*)"
)
# A default whose block names a secret (``variable "psk" { default = "X" }``, a ``NoEcho`` parameter).
_DEFAULT = re.compile(r"^(?P<head>[ \t]*\"?(?:default|Default)\"?[ \t]*[=:][ \t]*)(?P<value>\S.*)$")
_SECRET_BLOCK = re.compile(r"(?i)psk|pre_?shared|secret|password|passphrase|noecho|sensitive[ \t]*=[ \t]*true")


def _mask_iac(line: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _IAC_KEY.finditer(line):
        if m.start() < pos:
            continue
        value = _VALUE.match(line, m.end())
        if not value or value.group(0) in ("{", "[", "!Ref", "null"):
            continue
        out.append(line[pos:value.start()])
        out.append(_mask_token(value))
        pos = value.end()
    out.append(line[pos:])
    return "".join(out)


def mask_lines(lines: list[str], first: int, last: int) -> list[str]:
    """Lines ``first..last`` (1-based) of a file, masked: ``mask_secrets`` on each, and a
    ``default`` / ``Default`` value masked when the block around it (8 lines up) names a secret
    (a Terraform variable ``psk``, a CloudFormation ``NoEcho`` parameter)."""
    shown = []
    for number in range(first, last + 1):
        line = mask_secrets(lines[number - 1])
        m = _DEFAULT.match(line)
        if m and MASK not in line:
            around = "\n".join(lines[max(0, number - 9):min(len(lines), number + 4)])
            if _SECRET_BLOCK.search(around):
                line = m.group("head") + MASK
        shown.append(line)
    return shown


def mask_secrets(line: str) -> str:
    """``line`` with every token that looks like a secret replaced by ``********``.

    Covers IOS ``crypto isakmp key X address A`` and keyring ``pre-shared-key address A key X``,
    ASA ``ikev1 pre-shared-key X``, Junos ``pre-shared-key ascii-text "X"``, PAN-OS, VyOS,
    strongSwan ``: PSK "X"`` and swanctl ``secret = X``, AWS JSON ``"PreSharedKey": "X"`` and the
    XML ``<pre_shared_key>X</pre_shared_key>`` (also inside a JSON string), plus device passwords.
    It errs on the side of masking: an over-masked word costs less than a leaked key.
    """
    line = _mask_structured(line)
    line = _mask_secrets_file(line)
    line = _mask_iac(line)
    return _mask_bare(line)


def mask_text(text: str) -> str:
    """``mask_secrets`` applied to every line of a multi-line text."""
    return "\n".join(mask_secrets(line) for line in text.split("\n"))
