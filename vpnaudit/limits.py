"""Input limits, and text made safe for a terminal.

Every file vpnaudit reads has a size cap, checked while reading (never trusting ``st_size``: a
device such as ``/dev/zero`` or a FIFO reports 0), so no input runs the process out of memory:

- a config file or AWS dump: ``MAX_INPUT_BYTES`` (32 MiB; VPN000 for a config, an error for a dump);
- a control file (``--waivers``, ``--baseline``, ``--config``, ``--policy``): ``MAX_CONTROL_BYTES``
  (8 MiB), an error with exit code 2.

An error about a control file quotes at most ``MAX_QUOTED`` characters of a value (``quoted``) and
lists at most ``MAX_PROBLEMS`` problems (``problem_list``): a value of a few hundred KB, or a list
of 100,000 wrong items, made an error line of the same size or twenty times it.

``printable`` escapes what must never reach a terminal from an input: control characters (ANSI
escape sequences, carriage returns and line breaks that could forge output lines), Unicode bidi
overrides, and lone surrogates (undecodable bytes of a file name).
"""

from __future__ import annotations

import errno
import os
import re

MAX_INPUT_BYTES = 32 * 1024 * 1024
MAX_CONTROL_BYTES = 8 * 1024 * 1024
MAX_QUOTED = 80  # characters of a value an error message quotes
MAX_PROBLEMS = 20  # problems one error message lists
_CHUNK = 1 << 20


class TooLarge(ValueError):
    """A file above its size cap (a ValueError: the CLI reports it and exits 2)."""


def read_bytes(path: str | os.PathLike[str], limit: int, what: str) -> bytes:
    """The bytes of ``path``, read in chunks; ``TooLarge`` past ``limit`` (OSError as usual)."""
    chunks: list[bytes] = []
    size = 0
    if "\x00" in os.fsdecode(path):  # open() says only "embedded null byte", naming no file
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", os.fspath(path))
    with open(path, "rb") as handle:
        while size <= limit and (chunk := handle.read(_CHUNK)):
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise TooLarge(f"{what} {printable(os.fspath(path))} is larger than the {limit // 2**20} MiB limit; not read")
    return b"".join(chunks)


def read_text(path: str | os.PathLike[str], limit: int = MAX_CONTROL_BYTES, what: str = "file") -> str:
    """UTF-8 text of ``path`` within ``limit`` (``UnicodeDecodeError`` when it is not UTF-8), without
    the byte order mark Windows editors write: TOML and JSON readers refuse it ("Invalid statement
    (at line 1, column 1)"), as if the file were broken."""
    text = read_bytes(path, limit, what).decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def parse_toml(text: str) -> dict:
    """``tomllib.loads``, where every way a hostile file fails is a ``TOMLDecodeError`` like any
    invalid TOML: arrays or inline tables nested a few hundred deep overflowed the stack (a
    ``RecursionError`` and a traceback), an integer of more than 4,300 digits raised a bare
    ``ValueError`` from ``int()``, which named no file, and keys with many dotted parts took
    tomllib quadratic time and memory (see ``_key_work``); such a file is refused unread."""
    import tomllib

    if _key_work(text) > 4 * len(text) + (1 << 20):
        raise tomllib.TOMLDecodeError("keys or table names with too many dotted parts (a.b.c...)")
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("arrays or tables nested too deep") from None
    except tomllib.TOMLDecodeError:
        raise
    except ValueError:
        raise tomllib.TOMLDecodeError("a number too long to read") from None


# A basic string (with its escapes) or a literal string on one line: a dot inside one is no key's.
# Unclosed, it runs to the end of the line (no key follows an unclosed quote): a match never fails
# once started, so the scan never rescans a line from each of its quotes.
_ONE_LINE_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"?|\'[^\'\n]*\'?')


def _key_work(text: str) -> int:
    """An upper bound of the steps tomllib (Python 3.11-3.13) takes over the keys of ``text``.

    For a key of k dotted parts under a table header of h parts it builds every prefix of the
    key (k * (k + h) steps, and as much memory until the end of the file); a plain key still
    walks the header (h). So a key ``a.a.a...`` of 40,000 parts (80 KB) took 24 s and 6 GB, and
    a header of 10,000 parts over 10,000 keys (119 KB) 17 s. A key lies on one line, before
    its ``=`` (unless a quote comes first) or inside an inline table ``{...}``: the dots of
    that part of the line bound its parts; a header is a line that starts with "[". Dots in a
    string that closes on its line are no key's; the lines of a multi-line string count: an
    over-estimate, which a real control file is far below (at most 3.4 per character, in
    tomllib's own test files, against 4 allowed plus 2**20)."""
    parts: list[int] = []  # for each line with a dot: the most parts a key on it can have
    deepest = 0  # the most parts a table header can have
    for line in text.split("\n"):  # not splitlines(): a quoted key part may hold U+2028
        if "." not in line:
            continue
        head, equals, _ = line.partition("=")
        if equals and "{" not in line and '"' not in head and "'" not in head:
            dots = head.count(".")
        else:  # the dots of the line outside one-line strings (the addresses of an array's lines)
            dots = _ONE_LINE_STRING.sub("", line).count(".")
        parts.append(dots + 1)
        if line.lstrip(" \t").startswith("["):
            deepest = max(deepest, dots + 1)
    return (text.count("\n") + 1) * (deepest + 1) + sum(k * (k + deepest) for k in parts)


def quoted(value: object, limit: int = MAX_QUOTED) -> str:
    """``repr(value)`` for an error message, cut to ``limit`` characters."""
    return clipped(repr(value), limit)


def clipped(text: str, limit: int = MAX_QUOTED, mark: str = "...") -> str:
    """``text`` cut to ``limit`` characters, the cut marked with ``mark`` (the reports use "\u2026")."""
    return text if len(text) <= limit else text[:limit - len(mark)] + mark


def problem_list(problems: list[str], separator: str = "; ", limit: int = MAX_PROBLEMS) -> str:
    """The first ``limit`` problems joined with ``separator``, and how many more there are."""
    shown = separator.join(problems[:limit])
    return shown if len(problems) <= limit else f"{shown}{separator}and {len(problems) - limit:,} more"


# C0 and C1 controls, DEL, line and paragraph separators, bidi embeddings / overrides / isolates,
# and lone surrogates (``os.fsdecode`` of bytes that are not UTF-8).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNPRINTABLE_IN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str, lines: bool = False) -> str:
    """``text`` on one line with every unprintable character shown as an escape (``\\x1b``).
    ``lines``: a block (HTML, Markdown) may keep its own line breaks and tabs."""
    pattern = _UNPRINTABLE_IN_BLOCK if lines else _UNPRINTABLE
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", text)
