"""Junos text -> records: curly-brace configs and ``display set`` output read into (path, value, line) records, without recursion and with caps on depth."""

from __future__ import annotations

import re
from collections.abc import Iterable
from ..._struct import dataclass, field

from ...model import InlineSuppression, ParseProblem
from ...secrets import mask_words
from .._base import Deletes, PathTrie, parse_directive


# Nesting cap: the deepest Junos hierarchy (groups, logical-systems, routing-instances, ...) stays
# far below; past it, input is hostile or broken and is reported instead of read.
MAX_DEPTH = 256
MAX_PATH_WORDS = 1024
# Every record holds its whole path, so short statements deep down cost memory out of all proportion
# to their bytes ("x;" 256 blocks deep: 2 KiB of path for 3 bytes). The words of all paths are
# capped in proportion to the text: a real config (indented, or ``display set`` with one path per
# line) holds well under one path word per byte, so four per byte is never reached by one.
PATH_WORDS_PER_BYTE = 4
PATH_WORDS_FLOOR = 1 << 16


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


class _Trie(PathTrie):
    """``deactivate`` and ``apply-groups`` by path (``PathTrie``)."""

    __slots__ = ("dead", "uses")

    def __init__(self) -> None:
        super().__init__()
        self.dead = False  # ``deactivate``d here (and not activated again)
        self.uses: list[int] = []  # ``apply-groups``: the applications at this level

    def first_dead(self, path: tuple[str, ...]) -> int | None:
        """The length of the shortest prefix of ``path`` that is deactivated."""
        node: _Trie | None = self
        for depth, word in enumerate(path, start=1):
            node = node.kids.get(word)  # type: ignore[union-attr,assignment]
            if node is None:
                return None
            if node.dead:
                return depth
        return None


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
        self.edit_excess = 0  # ``edit`` levels past MAX_PATH_WORDS (their statements are not read)
        self.deletes = Deletes()  # ``delete`` commands (of the records, of the (de)activations), applied in ``_finish``
        self.too_deep = 0  # open blocks past MAX_DEPTH (skipped)
        self.words_left = PATH_WORDS_PER_BYTE * len(text) + PATH_WORDS_FLOOR  # see PATH_WORDS_PER_BYTE
        self.stopped = False  # the path words ran out: the rest of the text is not read
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
            if self.words_left < 0:
                self.problems.append(ParseProblem(
                    message=f"the statements' paths hold over {PATH_WORDS_PER_BYTE} words per byte of the file "
                            "(short statements nested very deep); the rest of the file is not read", line=number))
                self.stopped = True
                break
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
                    self.words_left -= len(path)
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
        if self.stopped:
            pending, self.stack = [], []
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
            if not words[1:] or self.edit_excess:  # nothing named, or under an ``edit`` not read
                return True
            path = self.edit_path + tuple(words[1:])
            self._top_statement(number)
            path = _normalize(path)
            if verb == "set":
                for one in _split_set(path):
                    self.records.append(Rec(path=one, line=number))
                    self.words_left -= len(one)
            elif verb == "delete":  # what was set (or (de)activated) so far under ``path``: see ``_finish``
                self.deletes.mark(path, len(self.records), len(self.deactivated))
            else:
                self.deactivated.append((path, verb == "deactivate"))
            return True
        if verb in _CLI_VERBS and not any(k in "{};" for k, _ in tokens):
            if verb == "edit":
                if self.edit_excess or len(self.edit_path) + len(words) - 1 > MAX_PATH_WORDS:
                    if not self.edit_excess:
                        self.problems.append(ParseProblem(
                            message=f"'edit' goes deeper than {MAX_PATH_WORDS} words; the statements under it "
                                    "are not read", line=number))
                    self.edit_excess += 1
                else:
                    self.edit_path = self.edit_path + tuple(words[1:])
            elif verb == "top":
                self.edit_path, self.edit_excess = (), 0
            elif verb in ("up", "exit"):
                if self.edit_excess:
                    self.edit_excess -= 1
                else:
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
        self.words_left -= len(path)

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
        """``delete``, ``deactivate`` / ``activate`` and ``apply-groups``, each in one pass over the
        records (a lookup per record along a ``_Trie``, never a scan of the records per command)."""
        if self.deletes:  # ``delete P``: what was set under P before it, not what came after
            self.records = self.deletes.kept(self.records)
            self.deactivated = self.deletes.kept(self.deactivated, path=lambda item: item[0], which=1)
        # deactivate / activate, in file order: the last one for a path wins
        state: dict[tuple[str, ...], bool] = {}
        for prefix, deact in self.deactivated:
            state[prefix] = deact
        dead = _Trie()
        for prefix, deact in state.items():
            if deact:
                dead.add(prefix).dead = True
        if dead.kids:
            for r in self.records:
                k = dead.first_dead(r.path)
                if k is not None and (r.inactive_at is None or k < r.inactive_at):
                    r.inactive_at = k
        self._apply_groups()

    def _apply_groups(self) -> None:
        """``apply-groups NAME ...`` at a level inherits the statements of each group under that level.

        Priority (Juniper, "Applying a Junos Configuration Group"; statement ``apply-groups``): "the
        configuration data in the first group takes priority over the data in subsequent groups", and
        groups applied at a nested level take priority over those applied further out; the level's own
        statements override all of them. The builder lets the last statement win, and the inherited
        records go before the file's own: so they are ordered outer levels first and, within a level,
        its groups last-listed first. Several ``apply-groups`` statements at one level add to one list
        (as ``set`` does on the device); a statement inherited twice (one group at a level and at one
        of its parents) is kept once, where it has the higher priority. Each group statement finds
        the levels that apply its group in one walk along its path (``_Trie``)."""
        groups: dict[str, list[Rec]] = {}
        for r in self.records:
            if len(r.path) >= 2 and r.path[0] == "groups":
                groups.setdefault(r.path[1], []).append(r)
        if not groups:
            return
        uses: dict[tuple[tuple[str, ...], str, int | None], int] = {}  # (level, group, inactive_at), in file order
        first_at_level: dict[tuple[str, ...], int] = {}
        for r in self.records:
            if r.path and r.path[0] == "groups" or "apply-groups" not in r.path:
                continue
            k = r.path.index("apply-groups")
            level = r.path[:k]
            for name in r.path[k + 1:]:
                if name in groups and (level, name, r.inactive_at) not in uses:
                    uses[(level, name, r.inactive_at)] = len(uses)
                    first_at_level.setdefault(level, len(first_at_level))
        levels: dict[str, _Trie] = {}  # per group: the levels that apply it
        for use, index in uses.items():
            levels.setdefault(use[1], _Trie()).add(use[0]).uses.append(index)
        inherited_by: list[list[tuple[Rec, tuple[str, ...]]]] = [[] for _ in uses]
        for name, trie in levels.items():
            for g in groups[name]:
                sub = g.path[2:]
                if "apply-groups" in sub or any(w.startswith("<") and w.endswith(">") for w in sub):
                    continue
                node: _Trie | None = trie
                for depth in range(len(sub)):  # the levels above the statement: its proper prefixes
                    if depth:
                        node = node.kids.get(sub[depth - 1])  # type: ignore[union-attr]
                        if node is None:
                            break
                    for use in node.uses:  # type: ignore[union-attr]
                        inherited_by[use].append((g, sub))
        order = sorted(uses, key=lambda u: (len(u[0]), first_at_level[u[0]], -uses[u]))  # lowest priority first
        inherited: list[Rec] = []
        seen: set[tuple[int, int | None]] = set()
        for use in reversed(order):  # highest priority first: a statement inherited twice keeps that place
            applied_at = use[2]
            for g, sub in reversed(inherited_by[uses[use]]):
                at = g.inactive_at - 2 if g.inactive_at is not None and g.inactive_at > 2 else None
                if applied_at is not None:
                    at = min(at, applied_at) if at is not None else applied_at
                if (id(g), at) in seen:
                    continue
                seen.add((id(g), at))
                self.words_left -= len(sub)
                if self.words_left < 0:
                    self.problems.append(ParseProblem(
                        message="'apply-groups' would copy more group statements than the file could hold; "
                                "the rest are not inherited", line=g.line))
                    break
                inherited.append(Rec(path=sub, line=g.line, inactive_at=at, inherited=True, block=g.block))
            if self.words_left < 0:
                break
        if inherited:
            inherited.reverse()
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
