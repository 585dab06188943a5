"""What every parser shares: the input file, an indentation tree with exact lines, the inline
suppression directive, and small helpers for normalising algorithm names.

A parser module exposes::

    VENDOR: str                      # model.Vendor value
    MULTI_FILE: bool                 # True: files of one directory form one device
    def detect(text: str, path: str) -> int            # confidence 0..100 that this is ours
    def parse(files: Sequence[SourceFile]) -> list[Device]

``parse`` must not raise on odd input: what it cannot read becomes ``Device.problems`` (VPN000),
crypto lines it does not model go to ``Device.unmodeled`` (VPN001), names used but not defined go
to ``Device.dangling`` (VPN002). It raises ``ParseError`` only when nothing at all can be read.
Parsers never know about rules, and never put a secret into a message, a model or an exception.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
from collections.abc import Iterable, Iterator
from .._struct import dataclass

from ..model import InlineSuppression
from ..secrets import line_slices, mask


class ParseError(Exception):
    """The file cannot be parsed at all. The message must never contain a secret."""

    def __init__(self, message: str, line: int | None = None):
        message = mask(message)
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # as the user gave it; findings print it
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


# ``vpnaudit: disable=IDS [-- reason] [*/]``, read in one pass. It was one regex with a lazy group of
# rule ids followed by three optional runs of white space: on a line it did not match, every split of
# each run of blanks was tried (a comment of 420 bytes took 17 s, the time growing with the fourth
# power of its length). The head is a regex that cannot backtrack (each ``\s*`` is followed by a
# literal it cannot match); the ids are one run of their characters; the rest is read in Python.
_DIRECTIVE_HEAD = re.compile(r"vpnaudit:\s*disable\s*=\s*")
_IDS_RUN = re.compile(r"[A-Za-z0-9_,\s]+")
_RULE_ID = re.compile(r"^VPN\d{3}$")


def _directive_parts(comment: str) -> tuple[str, str | None] | None:
    """(ids text, reason or None) of the first ``vpnaudit: disable=`` in ``comment`` that is a
    whole directive: the ids, then optionally ``-- reason``, then optionally ``*/``, then only blanks.

    The same as ``search`` with the regex it replaces (tests/test_directives.py compares the two
    on random comments): ``vpnaudit:\\s*disable\\s*=\\s*(?P<ids>[A-Za-z0-9_,\\s]+?)\\s*(?:--\\s*(?P<reason>.*?))?\\s*(?:\\*/)?\\s*$``.
    Its ids could be one blank taken back from the head (then no rule id: ``parse_directive`` says
    None); a reason ends before blanks, one closing ``*/`` and blanks, and holds no line break."""
    end = len(comment.rstrip())  # after ``end``: only blanks
    closed = end - 2 if comment.endswith("*/", 0, end) else end  # before one closing ``*/``
    reason_end = len(comment[:closed].rstrip())  # a reason that reaches it ends here
    last_break = comment.rfind("\n", 0, reason_end)
    for head in _DIRECTIVE_HEAD.finditer(comment):
        ids = _IDS_RUN.match(comment, head.end())
        if ids is not None:
            text, after = ids.group(), ids.end()
        elif head.group()[-1].isspace():  # the regex's ids: a blank given back by the head
            text, after = "", head.end()
        else:
            continue
        if after >= end or after == closed:  # the ids, then nothing, or one ``*/``
            return text, None
        if comment.startswith("--", after):
            start = after + 2
            while start < end and comment[start].isspace():
                start += 1
            if start >= reason_end:
                return text, ""
            if last_break >= start:  # ``.`` of the regex stops at a line break
                continue
            return text, comment[start:reason_end]
    return None


def parse_directive(comment: str) -> tuple[tuple[str, ...], str | None] | None:
    """``vpnaudit: disable=VPN110,VPN111 -- reason`` -> (ids, reason). IDs are required."""
    parts = _directive_parts(comment)
    if parts is None:
        return None
    ids = tuple(i.strip().upper() for i in re.split(r"[,\s]+", parts[0]) if i.strip())
    if not ids or not all(_RULE_ID.match(i) for i in ids):
        return None
    reason = (parts[1] or "").strip() or None
    return ids, reason


class PathTrie:
    """Configuration paths by their words, one node per prefix: whatever looks up every prefix of a
    path does it in one walk along it (a tuple slice per prefix costs the square of its length)."""

    __slots__ = ("kids",)

    def __init__(self) -> None:
        self.kids: dict[str, PathTrie] = {}

    def add(self, path: Iterable[str]) -> PathTrie:
        """The node of ``path``, made with its missing parents (nodes of this trie's own class)."""
        node = self
        for word in path:
            kid = node.kids.get(word)
            if kid is None:
                kid = node.kids[word] = type(self)()
            node = kid
        return node


class Deletes(PathTrie):
    """``delete PATH`` of the set formats (Junos, PAN-OS): it removes, when read, every statement
    written so far at or under PATH, and none written after it. Each ``delete`` keeps here the length
    of the lists it cut (``mark``); one pass at the end asks, per item, whether a ``delete`` of its
    path or of a prefix came after it (``removes``). Filtering every list at every ``delete`` was
    items x deletes."""

    __slots__ = ("counts",)

    def __init__(self) -> None:
        super().__init__()
        self.counts: tuple[int, ...] | None = None  # the lengths of the lists when the last delete of this path was read

    def __bool__(self) -> bool:
        return bool(self.kids) or self.counts is not None

    def mark(self, path: Iterable[str], *counts: int) -> None:
        self.add(path).counts = counts  # type: ignore[attr-defined]  # counts only grow: the last delete covers the earlier

    def removes(self, path: Iterable[str], position: int, which: int = 0) -> bool:
        """Whether the item at ``position`` of list ``which``, with ``path``, came before a delete of
        ``path`` or of one of its prefixes (the empty one included)."""
        node: Deletes | None = self
        for word in (*path, None):
            if node.counts is not None and node.counts[which] > position:  # type: ignore[union-attr]
                return True
            if word is None:
                return False
            node = node.kids.get(word)  # type: ignore[union-attr,assignment]
            if node is None:
                return False
        return False

    def kept(self, items: list, path=lambda item: item.path, which: int = 0) -> list:
        """``items`` without those a later delete removed."""
        return [item for position, item in enumerate(items) if not self.removes(path(item), position, which)]


_NO_CHILDREN: tuple[()] = ()


@dataclass(slots=True, eq=False)
class Line:
    """One configuration line in an indentation tree (Cisco IOS / ASA / FRR style)."""

    number: int  # 1-based
    indent: int
    text: str  # stripped of surrounding white space
    # A leaf shares one empty tuple; ``add`` gives a line its own list at its first child. Most lines
    # of a config are leaves: an empty list each was 200,000 allocations and 11 MiB for 200k lines.
    children: list[Line] = _NO_CHILDREN  # type: ignore[assignment]
    # No link to the parent: a tree without cycles is freed as soon as its parser drops it, not
    # by the cyclic collector at the end of the run (200,000 lines: tens of MB of dead lines that
    # every later allocation walked past).

    def add(self, child: Line) -> None:
        """Append ``child`` to this line's children."""
        if self.children:
            self.children.append(child)
        else:
            self.children = [child]

    @property
    def words(self) -> list[str]:
        return self.text.split()

    @property
    def end(self) -> int:
        """Last line number of this stanza (itself when it has no children)."""
        node = self
        while node.children:
            node = node.children[-1]
        return node.number

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def child(self, *prefix: str) -> Line | None:
        for c in self.children:
            if c.words[: len(prefix)] == list(prefix):
                return c
        return None

    def children_with(self, *prefix: str) -> list[Line]:
        return [c for c in self.children if c.words[: len(prefix)] == list(prefix)]


@dataclass(slots=True)
class IndentTree:
    roots: list[Line]
    suppressions: list[InlineSuppression]
    comments: list[tuple[int, str]]  # (line, text) of every comment line


_BANNER = re.compile(r"^banner\s+\S+\s+(?P<delim>\^C|\S)")


def _lines(text: str) -> Iterator[str]:
    """``text.splitlines()``, slice by slice (``line_slices``: the same lines; the raw lines of a 6 MB
    config are not all alive at once, 16 MB that only their stripped copies outlive)."""
    for piece in line_slices(text):
        yield from piece.splitlines()


def indent_tree(text: str, comment_prefixes: tuple[str, ...] = ("!",), file: str | None = None) -> IndentTree:
    """Build the indentation tree of a Cisco-like config, keeping exact 1-based lines.

    Blank and comment lines are skipped (comments are kept aside for suppressions). ``banner``
    bodies are skipped up to their delimiter so their prose is never read as commands. A line
    indented deeper than its predecessor is that line's child, however deep; tabs count as one
    column each, which is what IOS emits.
    """
    roots: list[Line] = []
    stack: list[Line] = []
    comments: list[tuple[int, str]] = []
    pending: list[tuple[int, tuple[str, ...], str | None, int]] = []  # top-level directives
    nested: list[tuple[int, tuple[str, ...], str | None, Line]] = []
    banner_delim: str | None = None
    for number, raw in enumerate(_lines(text), start=1):
        if banner_delim is not None:
            if banner_delim in raw:
                banner_delim = None
            continue
        lstripped = raw.lstrip()
        if not lstripped:
            continue
        indent = len(raw) - len(lstripped)
        stripped = lstripped.rstrip()  # the same object when nothing trails: one copy per line, not two
        if stripped.startswith(comment_prefixes):
            comments.append((number, stripped))
            directive = parse_directive(stripped)
            if directive:
                # Indented comment: the stanza it sits in. Top level: the next stanza.
                # The stack holds the chain of stanzas from a top-level one down: its top-level stanza.
                owner = stack[0] if indent and stack and stack[0].indent < indent else None
                if owner is not None:
                    nested.append((number, directive[0], directive[1], owner))
                else:
                    pending.append((number, directive[0], directive[1], indent))
            continue
        m = _BANNER.match(stripped)
        if m and indent == 0:
            delim = m.group("delim")
            rest = stripped[m.end():]
            if delim not in rest:
                banner_delim = delim
        while stack and stack[-1].indent >= indent:
            stack.pop()
        node = Line(number=number, indent=indent, text=stripped)
        if stack:
            stack[-1].add(node)
        else:
            roots.append(node)
        stack.append(node)

    suppressions: list[InlineSuppression] = []
    for number, ids, reason, owner in nested:
        suppressions.append(InlineSuppression(
            rule_ids=ids, reason=reason, line=number, scope_start=owner.number, scope_end=owner.end, file=file))
    for number, ids, reason, _ in pending:
        following = next((r for r in roots if r.number > number), None)
        start, end = (following.number, following.end) if following else (number, number)
        suppressions.append(InlineSuppression(
            rule_ids=ids, reason=reason, line=number, scope_start=start, scope_end=end, file=file))
    return IndentTree(roots=roots, suppressions=suppressions, comments=comments)


def interface_name(words: list[str], i: int) -> str:
    """The interface name at ``words[i]``: IOS and ASA also accept the type and number as two words
    (``tunnel source GigabitEthernet 1``, ``interface Tunnel 1``) and store them joined."""
    name = words[i]
    if i + 1 < len(words) and name[-1:].isalpha() and words[i + 1][:1].isdigit():
        return name + words[i + 1]
    return name


class AddressIndex:
    """Addresses (BGP neighbors) sorted by value once, so that a tunnel finds those inside its subnet
    by bisection instead of testing every address of the file (quadratic in tunnels otherwise)."""

    __slots__ = ("_placed",)

    def __init__(self, addresses: Iterable[str | None]):
        placed = []
        for position, text in enumerate(addresses):
            try:
                ip = ipaddress.ip_address(text)  # type: ignore[arg-type]
            except ValueError:
                continue
            placed.append((ip.version, int(ip), position))
        self._placed = sorted(placed)

    def inside(self, network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> list[int]:
        """The positions (in the order given) of the addresses that ``network`` holds."""
        start = int(network.network_address)
        low = bisect.bisect_left(self._placed, (network.version, start))
        high = bisect.bisect_left(self._placed, (network.version, start + network.num_addresses))
        return sorted(position for _, _, position in self._placed[low:high])
