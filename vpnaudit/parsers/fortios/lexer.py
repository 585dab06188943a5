"""FortiOS CLI text -> a tree of ``config`` tables, ``edit`` entries and settings, with lines.

FortiOS configuration (``show`` / ``show full-configuration`` output, backup files, bootstrap
scripts) is a command language, not an indented one: ``config <path>`` opens a table,
``edit <name>`` opens an entry of it, ``set``/``unset``/``append``/``select``/``unselect`` change a
setting, ``next`` closes the entry and ``end`` closes the table (an ``end`` inside an entry closes
both, as the CLI does). Indentation means nothing. The reader keeps every statement's 1-based line.

What the reader tolerates, because real files hold it:

- A text wrapped around the CLI (a MIME multipart / cloud-init user-data envelope, Markdown page
  text, prose, ``show ...`` commands): lines that are no CLI statement are skipped and counted,
  never parsed; the line numbers of the rest stay those of the file.
- Templates: ``%{ if ... }`` / ``{% ... %}`` directive lines are skipped; ``${var}``,
  ``${ expr }``, ``{{ var }}``, ``{@path}`` and ``$(var)`` tokens are kept whole and flagged as
  placeholders, so the model reads them as unknown values (never an address or a key).
- AWS's sample page format: ``!`` comment lines, `` ! comment`` after a statement, a table not
  closed before the next top-level ``config a b`` (a multi-word ``config`` inside an open table
  closes the open tables first: nested FortiOS tables are single words such as ``config neighbor``).
- ``config vdom`` / ``edit <vdom>`` sections: every statement inside knows its VDOM;
  ``config global`` holds device-wide tables.

Comments are ``#`` lines; ``# vpnaudit: disable=VPN110 -- reason`` is a suppression (see
``_base.parse_directive``). Bounded: lines are read one by one, tokens by a hand-written scanner
(no backtracking regex), nesting depth is capped.
"""

from __future__ import annotations

import re
from ..._struct import dataclass, field

from ...model import InlineSuppression
from .._base import parse_directive

MAX_DEPTH = 32
MAX_LINE = 65_536

VERBS = frozenset({"set", "unset", "append", "select", "unselect", "unselect-all"})
# CLI commands that may appear in pasted sessions and change nothing we read.
_CLI_NOISE = frozenset({"show", "get", "diagnose", "diag", "execute", "exec", "abort", "purge", "delete",
                        "rename", "clone", "move", "sudo", "fnsysctl", "config-version"})
_PLACEHOLDER_OPEN = ("${", "{{", "{@", "$(", "%{", "{%", "<%")
_SPECIAL_CHAR = re.compile("[\"'!$%{<]")  # a quote, a comment or a placeholder may start here: ``scan`` reads it
_WORD = re.compile(r"[^ \t]+")
_PLACEHOLDER_CLOSE = {"${": "}", "{{": "}}", "{@": "}", "$(": ")", "%{": "}", "{%": "%}", "<%": "%>"}
# First words of top-level tables (``config system interface``); a nested table is never one of them.
TOP_CATEGORIES = frozenset({
    "system", "vpn", "router", "firewall", "user", "log", "wireless-controller", "switch-controller", "antivirus",
    "webfilter", "ips", "application", "dlp", "spamfilter", "emailfilter", "voip", "icap", "endpoint-control",
    "report", "wanopt", "web-proxy", "ftp-proxy", "dnsfilter", "alertemail", "certificate", "extender-controller",
    "waf", "authentication", "gui", "ssh-filter", "file-filter", "videofilter", "cifs", "credential-store",
    "nsxt", "sctp-filter", "virtual-patch", "ztna", "casb", "rule", "monitoring", "wireless", "dpdk", "hardware",
})
MAX_QUOTED = 1_000_000  # characters a quoted value may hold
MAX_CONTINUATION = 4096  # lines a quoted value may span (certificates, keys, comments)
_VERSION = re.compile(r"^#config-version=(?P<model>[A-Za-z0-9_]+)-(?P<version>\d+\.\d+(?:\.\d+)?)-FW")


@dataclass(slots=True)
class Token:
    text: str
    quoted: bool = False
    placeholder: bool = False


@dataclass(slots=True)
class Setting:
    verb: str  # set / unset / append / select / unselect
    key: str
    values: list[Token]
    line: int

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.values]

    @property
    def unknown(self) -> bool:
        """A value (or part of it) is a template placeholder."""
        return any(t.placeholder for t in self.values)


@dataclass(slots=True, eq=False)
class Entry:
    """An ``edit NAME`` entry (or the table itself for tables without entries)."""

    name: str
    line: int
    end: int
    placeholder: bool = False
    settings: dict[str, Setting] = field(default_factory=dict)  # last verb wins, like the CLI
    tables: dict[str, Table] = field(default_factory=dict)  # nested ``config x`` tables

    def get(self, key: str) -> Setting | None:
        s = self.settings.get(key)
        return s if s is not None and s.verb != "unset" else None

    def words(self, key: str) -> list[str]:
        s = self.get(key)
        return s.words if s else []

    def word(self, key: str) -> str | None:
        s = self.get(key)
        return s.values[0].text if s and s.values else None

    def line_of(self, key: str) -> int | None:
        s = self.settings.get(key)
        return s.line if s else None

    def table(self, name: str) -> Table | None:
        return self.tables.get(name)


@dataclass(slots=True, eq=False)
class Table:
    """A ``config <path>`` table; repeated tables with the same path merge (the CLI edits in place)."""

    path: tuple[str, ...]
    line: int
    end: int
    vdom: str | None
    entries: dict[str, Entry] = field(default_factory=dict)  # edit name -> entry, in first-seen order
    body: Entry | None = None  # settings and nested tables given directly in the table

    def settings_entry(self) -> Entry:
        if self.body is None:
            self.body = Entry(name="", line=self.line, end=self.end)
        return self.body


@dataclass(slots=True)
class Config:
    tables: dict[tuple[str | None, tuple[str, ...]], Table] = field(default_factory=dict)
    suppressions: list[InlineSuppression] = field(default_factory=list)
    comments: list[tuple[int, str]] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)  # lines that are no CLI statement
    implicit_closes: list[int] = field(default_factory=list)  # tables closed by a later top-level config
    problems: list[tuple[int, str]] = field(default_factory=list)
    vdoms: list[str] = field(default_factory=list)
    version: str | None = None  # "7.2.5" from the #config-version header
    model: str | None = None
    statements: int = 0
    blocks: list[list[int]] = field(default_factory=list)  # [start, end] of every top-level block
    gui_steps: list[int] = field(default_factory=list)  # prose lines that describe phase 1 / 2 as GUI steps

    def table(self, *path: str, vdom: str | None = None) -> Table | None:
        return self.tables.get((vdom, tuple(path)))

    def tables_named(self, *path: str) -> list[Table]:
        return [t for (_, p), t in self.tables.items() if p == tuple(path)]


def tokenize(text: str) -> tuple[list[Token], bool]:
    """Words of one statement: quotes removed (``\\"`` and ``\\\\`` escapes), placeholders whole.
    Returns (tokens, complete); ``complete`` is False when a quote is still open at the end (the
    open value is then the last token)."""
    if _SPECIAL_CHAR.search(text) is None:  # most statements: words between blanks, as ``scan`` reads them
        return [Token(word) for word in _WORD.findall(text)], True
    tokens, quote, buf = scan(text, [], None, [])
    if quote is not None:
        value = "".join(buf)
        tokens.append(Token(value, quoted=True, placeholder=_has_placeholder(value)))
    return tokens, quote is None


def scan(text: str, tokens: list[Token], quote: str | None, buf: list[str]) -> tuple[list[Token], str | None, list[str]]:
    """Resumable scanner: continue ``tokens`` with ``text``; ``quote``/``buf`` carry a quoted value
    still open from the previous line. Every character is looked at once (multi-line values stay
    linear)."""
    i, n = 0, len(text)
    while i < n:
        if quote is None:
            c = text[i]
            if c in " \t":
                i += 1
                continue
            if c == "!" and tokens and (i == 0 or text[i - 1] in " \t"):
                break  # `` ! comment`` after a statement (AWS sample pages)
            if c in "\"'":
                quote, buf = c, []
                i += 1
                continue
            start = i
            placeholder = False
            while i < n and text[i] not in " \t":
                opener = next((o for o in _PLACEHOLDER_OPEN if text.startswith(o, i)), None) \
                    if text[i] in "$%{<" else None
                if opener is not None:
                    placeholder = True
                    close = text.find(_PLACEHOLDER_CLOSE[opener], i + len(opener))
                    i = n if close < 0 else close + len(_PLACEHOLDER_CLOSE[opener])
                    continue
                i += 1
            tokens.append(Token(text[start:i], placeholder=placeholder))
            continue
        c = text[i]
        if c == "\\" and i + 1 < n:
            buf.append(text[i + 1])
            i += 2
            continue
        if c == quote:
            value = "".join(buf)
            tokens.append(Token(value, quoted=True, placeholder=_has_placeholder(value)))
            quote, buf = None, []
            i += 1
            continue
        buf.append(c)
        i += 1
    return tokens, quote, buf


def _has_placeholder(value: str) -> bool:
    return any(o in value for o in _PLACEHOLDER_OPEN)


@dataclass(slots=True, eq=False)
class _Frame:
    kind: str  # "table" | "entry"
    table: Table | None = None
    entry: Entry | None = None
    vdom_frame: bool = False  # ``config vdom`` / ``edit <vdom>``; ``config global``
    span: list[int] | None = None  # [start, end] of one top-level ``config`` block, for suppressions


def read(text: str) -> Config:
    cfg = Config()
    stack: list[_Frame] = []
    vdom: str | None = None
    pending: list[tuple[int, tuple[str, ...], str | None]] = []  # top-level directives
    nested: list[tuple[int, tuple[str, ...], str | None, _Frame]] = []

    def close_to_vdom() -> None:
        while stack and not stack[-1].vdom_frame:
            _close(stack.pop(), number)

    def current_entry() -> Entry | None:
        if not stack:
            return None
        top = stack[-1]
        if top.kind == "entry":
            return top.entry
        if top.table is not None:
            return top.table.settings_entry()
        return None

    number = 0
    all_lines = text.splitlines()
    continuation = 0  # lines still belonging to the last statement's open quote
    for number, raw in enumerate(all_lines, start=1):
        if continuation:
            continuation -= 1
            continue
        if len(raw) > MAX_LINE:
            cfg.problems.append((number, f"line longer than {MAX_LINE} characters skipped"))
            continue
        stripped = raw.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if number <= 8 and cfg.version is None:
                m = _VERSION.match(stripped)
                if m:
                    cfg.version, cfg.model = m.group("version"), m.group("model")
            cfg.comments.append((number, stripped))
            directive = parse_directive(stripped)
            if directive:
                owner = next((f for f in reversed(stack) if f.kind == "entry" and not f.vdom_frame), None)
                if owner is None:
                    owner = next((f for f in reversed(stack) if f.kind == "table" and not f.vdom_frame), None)
                if owner is not None:
                    nested.append((number, directive[0], directive[1], owner))
                else:
                    pending.append((number, directive[0], directive[1]))
            continue
        if stripped.startswith("!"):
            cfg.comments.append((number, stripped))
            continue
        if stripped.startswith(("%{", "{%", "<%")):
            continue  # template directive line
        tokens, complete = tokenize(stripped)
        if not tokens:
            continue
        if not complete:
            # A quoted value that spans lines (certificates, keys, comments): read on, once.
            tokens, quote, buf = scan(stripped, [], None, [])
            size = len(stripped)
            for extra in range(1, MAX_CONTINUATION + 1):
                if number - 1 + extra >= len(all_lines) or size > MAX_QUOTED:
                    break
                following = all_lines[number - 1 + extra]
                size += len(following)
                buf.append("\n")
                tokens, quote, buf = scan(following, tokens, quote, buf)
                if quote is None:
                    complete, continuation = True, extra
                    break
            if not complete:
                tokens, _ = tokenize(stripped)
                cfg.problems.append((number, "unterminated quote; the statement is read up to the end of the line"))
        head = tokens[0].text.lower() if not tokens[0].quoted else ""
        cfg.statements += 1
        if head == "config" and len(tokens) >= 2:
            path = tuple(t.text for t in tokens[1:])
            if path == ("vdom",) or path == ("global",):
                while stack:
                    _close(stack.pop(), number)
                vdom = None
                stack.append(_Frame("table", vdom_frame=True, table=Table(path=path, line=number, end=number,
                                                                          vdom=None)))
                continue
            inside_table = any(not f.vdom_frame for f in stack)
            if len(path) >= 2 and inside_table and path[0] in TOP_CATEGORIES and not tokens[1].quoted:
                close_to_vdom()  # AWS sample pages leave tables open before the next one
                cfg.implicit_closes.append(number)
            if len(stack) >= MAX_DEPTH:
                cfg.problems.append((number, "configuration nested too deep; the rest of this table is skipped"))
                continue
            parent = current_entry() if any(not f.vdom_frame for f in stack) else None
            if parent is not None:
                key = " ".join(path)
                table = parent.tables.get(key)
                if table is None:
                    table = Table(path=path, line=number, end=number, vdom=vdom)
                    parent.tables[key] = table
            else:
                table = cfg.tables.get((vdom, path))
                if table is None:
                    table = Table(path=path, line=number, end=number, vdom=vdom)
                    cfg.tables[(vdom, path)] = table
            span = None
            if parent is None:
                span = [number, number]
                cfg.blocks.append(span)
            stack.append(_Frame("table", table=table, span=span))
            continue
        if head == "edit" and len(tokens) >= 2:
            name_tok = tokens[1]
            if stack and stack[-1].kind == "entry":
                _close(stack.pop(), number - 1)  # ``edit`` without ``next``: the CLI moves on
            top = stack[-1] if stack else None
            if top is None:
                cfg.ignored.append(number)
                continue
            if top.vdom_frame and top.table is not None and top.table.path == ("vdom",):
                vdom = name_tok.text
                if vdom not in cfg.vdoms:
                    cfg.vdoms.append(vdom)
                stack.append(_Frame("entry", vdom_frame=True, entry=Entry(name=vdom, line=number, end=number)))
                continue
            if top.table is None or top.vdom_frame:
                cfg.ignored.append(number)
                continue
            entry = top.table.entries.get(name_tok.text)
            if entry is None:
                entry = Entry(name=name_tok.text, line=number, end=number, placeholder=name_tok.placeholder)
                top.table.entries[name_tok.text] = entry
            stack.append(_Frame("entry", table=top.table, entry=entry))
            continue
        if head == "next":
            if stack and stack[-1].kind == "entry":
                frame = stack.pop()
                _close(frame, number)
                if frame.vdom_frame:
                    vdom = None
            else:
                cfg.ignored.append(number)
            continue
        if head == "end":
            if not stack:
                cfg.ignored.append(number)
                continue
            if stack[-1].kind == "entry":
                frame = stack.pop()
                _close(frame, number)
                if frame.vdom_frame:
                    vdom = None
            if stack and stack[-1].kind == "table":
                _close(stack.pop(), number)
            continue
        if head in VERBS and len(tokens) >= 2:
            target = current_entry()
            if target is None or (stack and stack[-1].vdom_frame and stack[-1].kind == "table"):
                cfg.ignored.append(number)
                continue
            key = tokens[1].text
            setting = Setting(verb=head, key=key, values=tokens[2:], line=number)
            old = target.settings.get(key)
            if head == "append" and old is not None and old.verb != "unset":
                setting = Setting(verb="set", key=key, values=old.values + tokens[2:], line=old.line)
            elif head in ("select", "unselect"):
                setting = Setting(verb="set" if head == "select" else "unset", key=key, values=tokens[2:], line=number)
            target.settings[key] = setting
            continue
        cfg.ignored.append(number)  # prose, CLI commands, wrapper text
        lowered = stripped.lower()
        if "phase 1" in lowered or "phase 2" in lowered or "autokey" in lowered:
            cfg.gui_steps.append(number)
    for frame in reversed(stack):
        _close(frame, number)

    for line, ids, reason, frame in nested:
        obj = frame.entry if frame.entry is not None else frame.table
        assert obj is not None
        cfg.suppressions.append(InlineSuppression(rule_ids=ids, reason=reason, line=line,
                                                  scope_start=obj.line, scope_end=max(obj.end, line)))
    for line, ids, reason in pending:
        following = min((b for b in cfg.blocks if b[0] > line), default=None)
        start, end = (following[0], following[1]) if following else (line, line)
        cfg.suppressions.append(InlineSuppression(rule_ids=ids, reason=reason, line=line,
                                                  scope_start=start, scope_end=end))
    return cfg


def _close(frame: _Frame, line: int) -> None:
    obj = frame.entry if frame.kind == "entry" else frame.table
    if obj is not None and line > obj.end:
        obj.end = line
    if frame.span is not None and line > frame.span[1]:
        frame.span[1] = line
