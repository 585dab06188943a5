"""Input limits, and text made safe for a terminal.

Every file vpnaudit reads has a size cap, checked while reading (never trusting ``st_size``: a
device such as ``/dev/zero`` or a FIFO reports 0), so no input runs the process out of memory:

- a config file or AWS dump: ``MAX_INPUT_BYTES`` (32 MiB; VPN000 for a config, an error for a dump);
- a control file (``--waivers``, ``--baseline``, ``--config``, ``--policy``): ``MAX_CONTROL_BYTES``
  (8 MiB), an error with exit code 2.

``printable`` escapes what must never reach a terminal from an input: control characters (ANSI
escape sequences, carriage returns and line breaks that could forge output lines), Unicode bidi
overrides, and lone surrogates (undecodable bytes of a file name).
"""

from __future__ import annotations

import os
import re

MAX_INPUT_BYTES = 32 * 1024 * 1024
MAX_CONTROL_BYTES = 8 * 1024 * 1024
_CHUNK = 1 << 20


class TooLarge(ValueError):
    """A file above its size cap (a ValueError: the CLI reports it and exits 2)."""


def read_bytes(path: str | os.PathLike[str], limit: int, what: str) -> bytes:
    """The bytes of ``path``, read in chunks; ``TooLarge`` past ``limit`` (OSError as usual)."""
    chunks: list[bytes] = []
    size = 0
    with open(path, "rb") as handle:
        while size <= limit and (chunk := handle.read(_CHUNK)):
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise TooLarge(f"{what} {printable(os.fspath(path))} is larger than the {limit // 2**20} MiB limit; not read")
    return b"".join(chunks)


def read_text(path: str | os.PathLike[str], limit: int = MAX_CONTROL_BYTES, what: str = "file") -> str:
    """UTF-8 text of ``path`` within ``limit`` (``UnicodeDecodeError`` when it is not UTF-8)."""
    return read_bytes(path, limit, what).decode("utf-8")


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
