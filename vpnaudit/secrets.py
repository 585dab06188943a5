"""The one masking function for config text, and the in-memory key comparison.

API for every parser (and nothing else needs one):

- ``mask(text) -> str``: ``text`` (one line, a fragment, a message or a whole file) with every
  secret replaced by ``********``. Call it wherever a parser keeps or quotes config text: an
  unmodelled line, a problem message, a name, a suppression reason, a dangling reference. The
  model applies it again to those fields when they are built (``model.Masked``), so text that
  reaches the model is masked even if a parser forgets; ``api`` masks every source file once at
  load time for report excerpts. ``mask`` is idempotent: masking masked text changes nothing.
  Masking a slice of a statement can lose its secret word: mask the statement, then slice.
- ``mask_words(words, hidden) -> str``: the same for words a parser has already split and unquoted
  (a multi-word key is quoted again first, so it is masked as one value). A parser that quotes
  some words of a line, not all in their order, passes ``hidden_words(line)`` as ``hidden``: the
  secret keyword may be among the words it leaves out, and the key among those it keeps.
- ``mask_source(text)`` / ``spanning_secrets(words)``: used by ``api`` only (a whole file masked
  once, and the words of values that span lines masked in whatever the parser captures).
- ``key_digest(secret) -> bytes``: an HMAC-SHA-256 of a key under a random key drawn once per run
  (``secrets.token_bytes``). Only ``PreSharedKey`` holds it, in memory, to compare two sides
  (VPN606) or find reuse (VPN305); it is never written, logged or printed. With ``--jobs`` it
  crosses one pipe only, from a worker process to its parent, inside the pickled model.

How ``mask`` decides (a linear scan, one regex of mutually exclusive alternatives for tokens):

1. A *secret word* switches masking on: any word holding ``psk``, ``secret``, ``key``, ``pass``
   (password, passwd, passphrase), ``pwd``, ``share`` (pre-shared, shared-secret), ``auth``,
   ``cred``, Junos ``ascii-text`` / ``hexadecimal``, or a one-letter typo of one of them
   (``keyy``, ``kye``, ``pre-share-key``, ``secert``, ``pasword``). Unknown option names count too
   (``rightpsk=``, ``ike_psk``, ``authkey``), as does ipsec.secrets ``: PSK|EAP|XAUTH|RSA ...``.
2. From there to the end of the line every word is masked except those that can never be a key:
   the secret words themselves as the vendors spell them (``key``, ``ascii-text``), one-digit
   encoding types (IOS ``key 6``), ``address`` / ``hostname`` / ``local`` / ``remote``, IPv4
   addresses, and punctuation. A quoted value is masked as a whole, backslash escapes included;
   a double-quoted value left open continues on the next lines until it is closed. A line that
   ends right after the secret word, its ``=`` / ``:`` / ``>`` or a ``\\`` continuation passes
   the masking on to the next line (XML, JSON without a colon, continuation lines).
3. Option names that hold a secret word but never a secret value (``keyexchange``, ``rekey``,
   ``authby``, ``authentication-algorithm``, ``keyring``) do not switch masking on, and their
   vocabulary values (``authby=secret``, ``authentication pre-share``) stay readable.
4. Stored secrets (Junos ``$9$``, crypt ``$1$``/``$5$``/``$6$``, ASA ``$sha512$``) are masked
   wherever they stand.

It errs on the side of masking: an over-masked word costs less than a key in a SARIF file
uploaded to a code-scanning service.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import hmac
import itertools
import re
import secrets as _random  # the standard library module (absolute import), not this one
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

MASK = "********"

# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------
# Substrings that make a word a secret word. Plain literals: the search is linear.
# psk secret secert sercet scret secrt key kye passw pasw paswd passwd passphrase pwd pass(?!ive|-?thr)
# share shraed auth cred ascii-?text hexadecimal, written as a trie (one branch per first letter: the
# whole-text scan of _candidate_starts tries far fewer branches per character). Only whether a text
# holds a match is ever asked, which the trie answers exactly as the list would ("passw", "passwd",
# "passphrase" are instances of "pass(?!ive|-?thr)", "paswd" of "pasw").
_STEMS = re.compile(
    r"p(?:sk|wd|asw|ass(?!ive|-?thr))|s(?:ec(?:ret|ert|rt)|ercet|cret|hare|hraed)|k(?:ey|ye)|a(?:uth|scii-?text)"
    r"|cred|hexadecimal"
)
# One-letter typos of the secret words, for the parts of a word (split at ``-``, ``_``, ``.``)
# that a substring test cannot catch (``ky``, ``pks``, ``seecret``, ``pasword``). Short words get
# deletions, doubled letters and swaps; longer ones also substitutions and insertions.
_TYPO_BASES = ("key", "psk", "auth", "secret", "password", "passwd", "passphrase", "shared", "preshared", "ascii",
               "hexadecimal", "psksecret")
_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _typos(word: str) -> set[str]:
    out = {word[:i] + word[i + 1:] for i in range(len(word))}  # deletion
    out |= {word[:i] + word[i] + word[i:] for i in range(len(word))}  # doubled letter
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}  # swap
    if len(word) >= 5:
        out |= {word[:i] + c + word[i + 1:] for i in range(len(word)) for c in _LETTERS}  # substitution
        out |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in _LETTERS}  # insertion
    return {t for t in out if len(t) >= 2}


_TYPOS = frozenset(t for base in _TYPO_BASES for t in _typos(base)) | {"ekey", "kei", "osk"}

# Option names whose value is never a secret although the name holds a secret word.
_PLAIN_OPTIONS = frozenset({
    "auth", "authby", "leftauth", "rightauth", "leftauth2", "rightauth2", "authentication",
    "authmethod", "auth-method", "authentication-method", "authentication-algorithm", "keyring",
    "keychain", "key-chain", "keyexchange", "keyingtries", "keylife", "ikelifetime", "bypass",
    "authorization", "authentication-server-group", "authentication-order", "auth-algorithm", "general-keys",
    "usage-keys", "keys",
})
# ... and parts of a word that make it such an option (a part must start so: ``presharekey`` holds
# "rekey" but is no rekey option).
_PLAIN_PART_STARTS = ("bypass", "rekey", "keyexchange", "keying", "keylife", "keyring", "keychain")
_PLAIN_OPTION_PARTS = ("key-exchange", "key-life", "key-chain", "authentication-algorithm", "authentication-method")
# Words that never are the secret: the vendors' keywords around a key, and plain values of the
# options above. Kept readable inside a masked stretch.
_KEYWORDS = frozenset({
    "key", "keys", "psk", "secret", "secrets", "password", "passwd", "passphrase", "pre-shared-key",
    "pre-shared-keys", "pre_shared_key", "presharedkey", "preshared-key", "pre-shared-secret",
    "shared-secret", "shared-key", "sharedkey", "key-string", "ascii-text", "hexadecimal", "psksecret",
    "address", "hostname", "host", "local", "remote", "peer", "identity", "enc", "encrypted",
    "unencrypted", "cdata", "plain", "cleartext", "plaintext", "text", "md5", "sha1", "#", "##", "!",
    "secret-data", "|", "|-", "|+", "-", "+",  # YAML block scalar indicators (``psk: |``)
})
_PLAIN_VALUES = frozenset({
    "psk", "secret", "pre-share", "pre-shared-keys", "pre-shared-key", "pubkey", "rsa-sig", "rsa-encr",
    "rsasig", "certificate", "certificates", "rsa-signatures", "ecdsa-signatures", "eap", "xauth",
    "none", "any", "%any", "%prompt", "yes", "no", "true", "false", "null", "generate", "zeroize",
    "no-xauth", "no-config-mode", "local", "remote", "never", "always", "never-prompt",
})
# IOS / ASA verbs after ``key`` / ``password`` that make it a command, not a secret
# (``crypto key generate rsa``, ``key chain NAME``, ``password encryption aes``).
_VERBS = frozenset({"generate", "zeroize", "import", "export", "pubkey-chain", "decrypt", "encrypt", "encryption",
                    "move", "storage", "config-key", "chain"})
_SECRETS_FILE_KINDS = frozenset({"psk", "eap", "xauth", "ntlm", "pin", "rsa", "ecdsa", "ed25519", "ed448",
                                 "bliss", "p12", "pkcs8", "pkcs12"})
_STORED = ("$9$", "$8$", "$1$", "$5$", "$6$", "$sha", "$y$", "$2", "-aq==")  # Junos, crypt, ASA, PAN-OS
_KIND_LIKE = re.compile(r"[A-Z][A-Z0-9]{1,7}")
_SECRETS_LINE = re.compile(r"(?:^|[ \t]):[ \t]+[A-Z][A-Z0-9]{1,7}(?![A-Za-z0-9])")  # ipsec.secrets ``ids : KIND``
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?")
_WORD = re.compile(r"[a-z0-9]+")  # the parts of a lower-case word


def _plain_option(word: str) -> bool:
    # The cheap tests first; the pattern runs only on a word that holds "re-key".
    return (word in _PLAIN_OPTIONS or any(part in word for part in _PLAIN_OPTION_PARTS)
            or ("re-key" in word and _RE_KEY.match(word) is not None)
            or any(part.startswith(_PLAIN_PART_STARTS) for part in _WORD.findall(word)))


_RE_KEY = re.compile(r"(?:.*[-_.])?re-key")


def _secret_word(word: str) -> bool:
    """``word`` (lower case) names a secret: its value must be masked."""
    if _STEMS.search(word):
        return True
    return not _TYPOS.isdisjoint(_parts(word))


def _parts(word: str) -> list[str]:
    """The parts of a lower-case word, and an ipsec.conf ``left`` / ``right`` option without its side."""
    parts = _WORD.findall(word)
    for part in parts[:1]:
        if part.startswith(("left", "right")):
            parts.append(part.removeprefix("left").removeprefix("right"))
    return parts


def _secrets_kind(word: str) -> bool:
    """After a lone ``:``: an ipsec.secrets kind (``PSK``, ``EAP``, ``RSA``...), or any short
    capitalised word in its place (a typo such as ``EPA``): the rest of the line is its secret."""
    return word.lower() in _SECRETS_FILE_KINDS or _KIND_LIKE.fullmatch(word) is not None


def _kept(word: str) -> bool:
    """Inside a masked stretch: a word that can never be the key itself."""
    low = word.lower().lstrip("/")
    return (
        low in _KEYWORDS or low in _PLAIN_VALUES or (len(low) == 1 and low.isdigit())
        or set(low) == {"*"} or _IPV4.fullmatch(low) is not None
    )


# ---------------------------------------------------------------------------------------------
# The scanner
# ---------------------------------------------------------------------------------------------
# One token per match; each alternative starts with a character class the others exclude.
_TOKEN = re.compile(r"""[ \t\r\f\v]+|[=:,;{}\[\]()<>]|["']|[^ \t\r\f\v=:,;{}\[\]()<>"']+""")
_QUOTE_END = {'"': re.compile(r'["\\]'), "'": re.compile(r"['\\]")}
# Cheap test for lines that cannot hold a secret word (most lines of a config).
# Cheap test for lines that cannot hold a secret (most lines of a config): no stem, no stored
# secret, no word that is a typo or an ipsec.secrets kind.
_WORDS_TO_SCAN = _TYPOS | _SECRETS_FILE_KINDS


def _maybe_secret(line: str) -> bool:
    low = line.lower()
    return (bool(_STEMS.search(low)) or "$" in line or "-aq==" in low or not _WORDS_TO_SCAN.isdisjoint(_WORD.findall(low))
            or ("left" in low or "right" in low) and any(_secret_word(w) for w in low.split() if "left" in w or "right" in w)
            or (":" in line and _SECRETS_LINE.search(line) is not None))


# A superset of the lines ``_maybe_secret`` holds for, found over a whole (ASCII) text at once: the
# lines ``_STEMS`` matches in (it matches within a line), those holding a stored-secret mark, a
# ``left``/``right`` option, a typo or ipsec.secrets kind word the text holds as a whole word, or an
# ipsec.secrets kind after a colon. One search per candidate line, not per line of the text.
_MARKS = ("$", "-aq==", "left", "right")
_SECRETS_KIND_AFTER_COLON = re.compile(r":[ \t]+[A-Z]")
_NOT_WORD = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256)).lower()


@functools.cache
def _scanned_words() -> frozenset[bytes]:
    """``_WORDS_TO_SCAN`` as bytes."""
    return frozenset(w.encode() for w in _WORDS_TO_SCAN)


_SLICE = 1 << 16  # characters


def line_slices(text: str) -> Iterator[str]:
    """``text`` in consecutive slices of about 64 KiB, each cut just after a line feed, so that no
    line (and no word) straddles two. A pass over a whole big text made slice by slice keeps its
    temporary objects few and in the cache: split at once, a 6 MB config was a million word objects
    (50 MB, every page of it new to the process) or 200,000 line strings alive together."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start + _SLICE) + 1 or size
        yield text[start:end]
        start = end


def _words_held(text: str) -> set[bytes]:
    """The words of ``_scanned_words`` that the ASCII ``text`` holds as whole words (a slice at a
    time: the words of a slice are kept only if they are among those)."""
    scanned = _scanned_words()
    held: set[bytes] = set()
    for piece in line_slices(text):
        held.update(scanned.intersection(piece.encode().translate(_NOT_WORD).split()))
    return held


def _candidate_starts(text: str) -> set[int] | None:
    """Offsets of the starts of the lines that may hold a secret (a superset of those for which
    ``_maybe_secret`` holds), or None when every line must be looked at (a text that is not ASCII)."""
    if not text.isascii():
        return None
    low = text.lower()  # the same offsets: ASCII
    starts: set[int] = set()
    search = _STEMS.search
    m = search(low)
    while m is not None:
        at = m.start()
        starts.add(low.rfind("\n", 0, at) + 1)
        end = low.find("\n", at)
        if end < 0:
            break
        m = search(low, end)
    words = _words_held(text)
    for part in itertools.chain(_MARKS, (w.decode() for w in words)):
        at = low.find(part)
        while at >= 0:
            starts.add(low.rfind("\n", 0, at) + 1)
            end = low.find("\n", at)
            if end < 0:
                break
            at = low.find(part, end)
    for match in _SECRETS_KIND_AFTER_COLON.finditer(text):
        starts.add(text.rfind("\n", 0, match.start()) + 1)
    return starts


# A line that has masked nothing since its secret word and ends with one of these (or with a
# vendor's secret keyword) hands masking on to the next line: the value is there.
_OPENERS = frozenset({"=", ":", ">", "[", "(", '"', "'", "|", "|-", "|+", "-", "+"})
_HEREDOC = re.compile(r"<<-?[ \t]*[\"']?[A-Za-z_][A-Za-z0-9_]*[\"']?[ \t]*$")  # HCL / shell ``<<EOF``
_COMMENTS = ("#", "!", "//", "/*", "--")  # prose: a comment ending in "key" hands nothing on


class _Scanner:
    """State carried from one line to the next: masking on, a masked double quote left open."""

    __slots__ = ("on", "open_quote", "spanning")

    def __init__(self, spanning: set[str] | None = None) -> None:
        self.on = False  # the next line starts inside a masked stretch
        self.open_quote = False  # ... inside a masked double-quoted value
        # When a set: collects the words of values masked across a line break (see mask_source).
        self.spanning = spanning

    def _spans(self, raw: str) -> None:
        if self.spanning is not None:
            self.spanning.update(w for w in _RUN.findall(raw) if len(w) >= _MIN_RUN)

    def line(self, line: str, maybe: bool | None = None) -> str:
        """``line`` masked; ``maybe=False``: ``_maybe_secret(line)`` is already known not to hold."""
        out: list[str] = []
        pos, n = 0, len(line)
        on = self.on
        carried = self.on or self.open_quote
        if self.open_quote:  # the rest of a masked value that began on an earlier line
            end = _quote_end(line, 0, '"')
            out.append(MASK)
            self._spans(line[:end])
            if end is None:
                return "".join(out)
            out.append('"')
            pos, self.open_quote, on = end, False, True
        elif not on and (maybe is False or not _maybe_secret(line)):
            return line
        self.on = False
        masked_since = False  # a value was masked since masking was switched on
        last = ""  # last significant token
        plain_value = False  # the previous word was an option whose value is never a secret
        carry = True  # masking may go on to the next line (not when a plain option's value switched it on)
        ipsec_secrets = False  # a lone ':' (ipsec.secrets ``ids : PSK "key"``)
        quote: str | None = None  # a quote opened outside masking (its closer is punctuation)
        switch: str | None = None  # the secret word that switched masking on
        last_switch = False  # the previous word was that secret word
        while pos < n:
            m = _TOKEN.match(line, pos)
            assert m is not None  # the alternatives cover every character
            token = m.group()
            pos = m.end()
            first = token[0]
            if first in " \t\r\f\v":
                out.append(token)
                continue
            if first in "\"'":
                if quote == first:  # the end of a quoted string opened outside masking
                    quote = None
                    out.append(token)
                    if on and masked_since:  # the secret was inside this quoted fragment
                        on = False
                elif on:  # a quoted value: masked as a whole
                    end = _quote_end(line, pos, first)
                    out.append(first + MASK)
                    masked_since = True
                    if carried or end is None:
                        self._spans(line[pos:end])
                    if end is None:
                        self.open_quote = self.on = first == '"'
                        return "".join(out)
                    out.append(first)
                    pos = end
                elif quote is None:
                    quote = first
                    out.append(token)
                else:
                    out.append(token)
                last = token
                continue
            if len(token) == 1 and token in "=:,;{}[]()<>":
                if token == ":" and not on and (m.start() == 0 or line[m.start() - 1] in " \t"):
                    ipsec_secrets = True
                out.append(token)
                last = token
                continue
            low = token.lower()
            if on and last_switch and low in _VERBS:  # a command word, not a secret value
                on = False
                out.append(token)
            elif on:
                if _kept(token):
                    out.append(token)
                elif token == "\\" and pos >= n:
                    out.append(token)
                else:
                    out.append(MASK)
                    masked_since = True
                    if carried:
                        self._spans(token)
                if _secret_word(low) and low in _KEYWORDS:
                    masked_since = False  # ``key`` again: the value follows it
            elif low.startswith(_STORED):
                out.append(MASK)
            elif _plain_option(low) and not plain_value:
                out.append(token)
                plain_value = True
                last = token
                continue
            elif (_secret_word(low) and first != "/") or (ipsec_secrets and _secrets_kind(token)):
                # A secret word as the value of a plain option (``authby=secret``) still masks
                # what follows on its line, but the line after is not its value.
                out.append(token)
                on, masked_since, switch, carry = True, False, token, not plain_value
            else:
                out.append(token)
            last_switch = on and token is switch
            plain_value = False
            ipsec_secrets = False
            last = token
        if on and (last == "\\" or _HEREDOC.search(line) or carry and not masked_since
                   and not line.lstrip().startswith(_COMMENTS) and (last in _OPENERS or last.lower() in _KEYWORDS)):
            self.on = True  # the value is on the next line
        return "".join(out)


def _quote_end(line: str, pos: int, quote: str) -> int | None:
    """Index after the closing ``quote`` at or after ``pos`` (backslash escapes skipped), or None."""
    finder = _QUOTE_END[quote]
    while True:
        m = finder.search(line, pos)
        if m is None:
            return None
        if m.group() == quote:
            return m.end()
        pos = m.end() + 1  # skip the escaped character


def mask(text: str) -> str:
    """``text`` with every secret replaced by ``********`` (see the module docstring).

    ``text`` may be one line, a fragment, or several lines; state (an open quoted value, a value
    on the next line) runs from one line to the next. Inside ``spanning_secrets`` (set by ``api``
    while a parser reads a file), words of that file's values that span lines are masked too.
    """
    done = _MASKED.get()
    if done is not None:
        masked = done.get(text)
        if masked is not None:
            return masked
    if "\n" not in text:
        masked = _Scanner().line(text)
    else:
        masked = _mask_lines(text, _Scanner())
    spanning = _SPANNING.get()
    if spanning and _RUN.search(masked):
        masked = _RUN.sub(lambda m: MASK if _holds_spanning(m.group(), spanning) else m.group(), masked)
    if done is not None and len(done) < _MASKED_KEPT:
        done[text] = masked
    return masked


def mask_source(text: str) -> tuple[str, frozenset[str]]:
    """A whole file masked, and the words of its secret values that span lines (a quoted key
    over two lines, a key on a continuation line): a parser that reads such a value line by line
    may quote half of it where no secret word is near, so ``spanning_secrets`` masks those words
    in whatever the parser captures."""
    spanning: set[str] = set()
    masked = _mask_lines(text, _Scanner(spanning))
    return masked, frozenset(spanning)


class MaskedSources(Mapping[str, str]):
    """path -> the whole file masked by ``mask_source``, computed the first time a report quotes it.

    The raw texts stay private to this object (no ``repr``, no iteration over them): whatever is
    read out is masked. A run whose output quotes no excerpt (text, JSON, SARIF) never pays for
    masking whole files, and a run on every core masks in the workers, where the parsers need it."""

    __slots__ = ("_raw", "_masked")

    def __init__(self) -> None:
        self._raw: dict[str, str] = {}
        self._masked: dict[str, str] = {}

    def add(self, path: str, text: str) -> None:
        self._raw[path] = text
        self._masked.pop(path, None)

    def __getitem__(self, path: str) -> str:
        if path not in self._masked:
            self._masked[path] = mask_source(self._raw[path])[0]
        return self._masked[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, path: object) -> bool:
        return path in self._raw

    def __repr__(self) -> str:
        return f"MaskedSources({len(self._raw)} files)"

    def mentioning(self, word: str) -> list[str]:
        """The paths whose text holds ``word`` (a cheap test before a file is masked and read)."""
        return [path for path, text in self._raw.items() if word in text]


_SEPARATORS = str.maketrans(dict.fromkeys(" \t\r\f\v=:,;{}[]()<>", " "))
_OPENER_CHARS = "".join(c for c in _OPENERS if len(c) == 1 and c in "=:,;{}[]()<>")


def _may_carry(line: str) -> bool:
    """Read from a state of no masking, ``line`` may collect words of a value that spans lines or
    hand masking on to the next line: it holds a quote (a value left open), a ``\\`` or ``<<``
    (continuation, heredoc), or its last token is an opener or a keyword (``_Scanner.line``)."""
    if '"' in line or "'" in line or "\\" in line or "<<" in line:
        return True
    tail = line.rstrip(" \t\r\f\v")
    if not tail:
        return False
    if tail[-1] in "=:,;{}[]()<>":
        return tail[-1] in _OPENER_CHARS
    last = tail.translate(_SEPARATORS).rpartition(" ")[2]
    return last in _OPENERS or last.lower() in _KEYWORDS


def spanning_words(texts: Iterable[str]) -> frozenset[str]:
    """The words of secret values that span lines in these texts (see ``mask_source``)."""
    spanning: set[str] = set()
    for text in texts:  # only the scanner collects spanning words: the masked text is not needed
        scanner = _Scanner(spanning)
        candidates = _candidate_starts(text)
        if candidates is None:
            for line in text.split("\n"):
                scanner.line(line)
            continue
        resume = 0  # lines before this offset were read
        for start in sorted(candidates):
            if start < resume:
                continue
            end = text.find("\n", start)
            line = text[start:] if end < 0 else text[start:end]
            if not _may_carry(line):  # masks nothing that spans lines, and leaves no state behind
                continue
            while True:  # the candidate line, then the lines a masked stretch runs on to
                scanner.line(line)
                if end < 0:
                    resume = len(text) + 1
                    break
                start = resume = end + 1
                if not (scanner.on or scanner.open_quote):
                    break
                end = text.find("\n", start)
                line = text[start:] if end < 0 else text[start:end]
    return frozenset(spanning)


def mask_words(words: Iterable[str], hidden: frozenset[str] = frozenset()) -> str:
    """Words a parser has already split (and unquoted) as one masked text: words holding blanks
    or quotes are quoted again first, so a multi-word key is masked as a whole. ``hidden``: words
    that ``mask`` hid in the line these words come from (``hidden_words``), masked here too."""
    text = mask(" ".join(_requote(w) for w in words))
    if hidden:
        text = _RUN.sub(lambda m: MASK if m.group() in hidden else m.group(), text)
    return text


def hidden_words(line: str) -> frozenset[str]:
    """The words of ``line`` that ``mask`` hides: those of its secret values. A PAN-OS line
    ``set comment "pre-shared-key ascii-text "KEY"; ..."`` is read as a path and values, and the
    parser quoted the path and the first value, ``KEY``, without the keyword that made it secret."""
    masked = mask(line)
    if masked == line:
        return frozenset()
    shown = set(_RUN.findall(masked))
    return frozenset(w for w in _RUN.findall(line) if w not in shown)


def _requote(word: str) -> str:
    if word and not any(c.isspace() or c in "\"'\\{};[]#" for c in word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Infrastructure code: a ``default`` / ``Default`` value is a key when the block around it names
# one (``variable "psk" { default = "X" }``, a CloudFormation ``NoEcho`` parameter).
_DEFAULT = re.compile(r"^(?P<head>[ \t]*\"?(?:default|Default)\"?[ \t]*[=:][ \t]*)(?P<value>\S.*)$")
_SECRET_BLOCK = re.compile(r"(?i)psk|pre_?shared|secret|password|passphrase|noecho|sensitive[ \t]*=[ \t]*true")
# The same over a lower-cased ASCII text (same offsets): a case-insensitive search runs several
# times slower, and a PAN-OS XML file holds "default" on thousands of lines.
_SECRET_BLOCK_LOWER = re.compile(_SECRET_BLOCK.pattern.removeprefix("(?i)"))
_BLOCK_BEFORE, _BLOCK_AFTER = 8, 4  # lines of the block looked at around a default


def _block_marks(text: str) -> list[int]:
    """Indexes of the lines that name a secret (``_SECRET_BLOCK``), found in one pass over the text."""
    haystack, pattern = (text.lower(), _SECRET_BLOCK_LOWER) if text.isascii() else (text, _SECRET_BLOCK)
    marks: list[int] = []
    index = offset = 0  # the line at ``offset``
    for match in pattern.finditer(haystack):
        index += text.count("\n", offset, match.start())
        offset = match.start()
        if not marks or marks[-1] != index:
            marks.append(index)
    return marks


def _mask_lines(text: str, scanner: _Scanner) -> str:
    lines = text.split("\n")
    candidates = _candidate_starts(text)
    if candidates is None:
        out = [scanner.line(line) for line in lines]
    else:
        out = []
        start = 0
        for line in lines:
            out.append(scanner.line(line, None if start in candidates else False))
            start += len(line) + 1
    if any("efault" in line for line in lines):
        marks = _block_marks(text)
        for i, line in enumerate(out):
            m = _DEFAULT.match(line) if "efault" in line and MASK not in line else None
            if m and marks:
                near = bisect.bisect_left(marks, i - _BLOCK_BEFORE)
                if near < len(marks) and marks[near] <= i + _BLOCK_AFTER:
                    out[i] = m.group("head") + MASK
    return "\n".join(out)


# Older names of the one function, kept while parallel work moves to ``mask`` / ``mask_words``.
mask_secrets = mask_text = mask


def redact_words(words: Iterable[str], marker: str | None = None) -> str:
    return mask_words(words)


def mask_lines(lines: list[str], first: int, last: int) -> list[str]:
    return mask("\n".join(lines)).split("\n")[first - 1:last]


@contextmanager
def spanning_secrets(words: frozenset[str]) -> Iterator[None]:
    """While a parser runs: ``mask`` also masks these words (from ``mask_source``), and remembers
    what it masked (a parser masks the same names and lines again and again) until the parser is
    done: nothing is kept once the context ends."""
    merged = words | _SPANNING.get()
    token = _SPANNING.set(merged)
    key_like = _KEY_LIKE.set(_key_like_words(merged))
    kept = _MASKED.set({})
    try:
        yield
    finally:
        _MASKED.reset(kept)
        _KEY_LIKE.reset(key_like)
        _SPANNING.reset(token)


_SPANNING: ContextVar[frozenset[str]] = ContextVar("vpnaudit_spanning_secrets", default=frozenset())
_KEY_LIKE: ContextVar[tuple[str, ...]] = ContextVar("vpnaudit_key_like_spanning", default=())
_MASKED: ContextVar[dict[str, str] | None] = ContextVar("vpnaudit_masked", default=None)  # text -> masked
_MASKED_KEPT = 65_536
_RUN = re.compile(r"[A-Za-z0-9+/=_.$-]+")  # a word of a value (key characters, without quotes and blanks)
_MIN_RUN = 4


def _holds_spanning(word: str, spanning: frozenset[str]) -> bool:
    """``word`` is a spanning secret's word, or holds a long one that looks like key material
    (mixed letter classes or digits: two halves of a key joined), not a plain identifier."""
    if word in spanning:
        return True
    return len(word) > 8 and any(s in word for s in _KEY_LIKE.get())


def _key_like_words(spanning: frozenset[str]) -> tuple[str, ...]:
    """At most 256 words of ``spanning`` that look like key material, the same ones in every process
    (sorted: a set's order depends on the process's hash seed); computed once per ``spanning_secrets``
    context, not per word, and kept only while it lasts (they are halves of keys)."""
    return tuple(sorted(s for s in spanning if _key_like(s))[:256])


def _key_like(word: str) -> bool:
    return len(word) >= 8 and sum((any(c.islower() for c in word), any(c.isupper() for c in word),
                                   any(c.isdigit() for c in word))) >= 2


# ---------------------------------------------------------------------------------------------
# Comparing keys without keeping them
# ---------------------------------------------------------------------------------------------
_RUN_KEY = _random.token_bytes(32)  # per run; never written anywhere


def key_digest(secret: str) -> bytes:
    """Keyed digest of ``secret`` for in-memory comparison only (random key per run)."""
    return hmac.new(_RUN_KEY, secret.encode("utf-8", "surrogateescape"), hashlib.sha256).digest()


def run_key_initializer() -> tuple[Callable[[bytes], None], tuple[bytes]]:
    """(initializer, arguments) for the ``--jobs`` workers a run starts without ``fork``: a spawned
    process draws its own key, and the digests of keys parsed in different processes would never
    match (VPN606 would call every key pair different). The key goes to the worker through the
    pool's pipe, as the digests come back; a forked worker inherits it."""
    return _adopt_run_key, (_RUN_KEY,)


def _adopt_run_key(key: bytes) -> None:
    global _RUN_KEY
    _RUN_KEY = key
