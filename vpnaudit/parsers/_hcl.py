"""A small reader for Terraform's HCL native syntax: blocks and attributes with their lines, and an
evaluator for the simple expressions a VPN connection is written with.

Why our own (measured, see docs/iac.md): python-hcl2 8.1.4 (MIT, lark) gives no line numbers in its
serialised output, takes 0.24 s warm / 2.5 s cold for the 54 KB Terraform corpus, and its error
messages quote the offending input text (a key on a broken line would reach the report); tfparse
0.6.22 (Apache-2.0) ships a 58 MB Go library, reports block lines only, returns ``null`` for an
unresolved variable (indistinguishable from "unset") and returns ``{}`` for broken HCL without an
error. This reader is one linear pass over the characters, no regular expression that can
backtrack, no recursion on input depth beyond a fixed cap.

Grammar followed: HashiCorp "HCL Native Syntax Specification" (hcl/hclsyntax/spec.md): a body is
attributes (``name = expression``, ended by a newline) and blocks (``type "label"... { body }``,
or one-line ``type { name = expr }``); comments ``#``, ``//`` and ``/* */``; strings with
``${...}`` interpolation and ``%{...}`` directives; heredocs ``<<EOF`` / ``<<-EOF``.

Values the evaluator cannot know are ``Unknown`` (with the reason), never ``None``: ``None`` is
HCL's ``null``, which Terraform treats as "argument not set".
"""

from __future__ import annotations

import re
from .._struct import dataclass, field
from typing import Any

MAX_DEPTH = 64  # nesting of blocks, brackets and interpolations
MAX_TEXT = 64 * 1024  # characters in a string the evaluator builds (all strings of a built value together)
MAX_ITEMS = 1024  # elements in a list or object the evaluator builds (nested ones counted at each use)
MAX_INT_BITS = 1024  # a product whose magnitude would need more bits is not computed
_TOO_LARGE = "value larger than the reader evaluates (64 KiB of text, 1,024 items)"


class HclError(Exception):
    """Broken HCL. The message names the problem and its line, never the text."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that cannot be known before ``terraform apply`` (or from these files)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to another object (``aws_customer_gateway.main.id``), kept by name."""

    path: str


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str  # ident number string heredoc punct nl eof
    text: str
    line: int


@dataclass(slots=True)
class Attr:
    name: str
    line: int
    tokens: list[Tok] | None = None  # HCL: the expression's tokens
    value: Any = None  # JSON syntax: the decoded value (strings may hold templates)
    json: bool = False


@dataclass(slots=True)
class Block:
    type: str
    labels: tuple[str, ...]
    line: int
    file: str
    attrs: dict[str, Attr] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    end_line: int = 0

    def children(self, type_: str) -> list[Block]:
        return [b for b in self.blocks if b.type == type_]


_PUNCT2 = {"==", "!=", "<=", ">=", "&&", "||", "=>", "..."}
_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_IDENT_CHARS = _IDENT_START | frozenset("0123456789-")
_DIGITS = frozenset("0123456789")


# One match per token (exclusive alternatives, no backtracking); strings, heredocs, numbers and block
# comments are then read by hand from where the match stops.
_TOKEN = re.compile(
    r"(?P<nl>\n)|(?P<blank>[ \t\r]+)|(?P<comment>(?:#|//)[^\n]*)|(?P<block>/\*)|(?P<ident>[A-Za-z_][A-Za-z0-9_\-]*)"
    r"|(?P<number>[0-9])|(?P<string>\")|(?P<heredoc><<(?=[A-Za-z_\-]))|(?P<punct2>\.\.\.|==|!=|<=|>=|&&|\|\||=>)"
    r"|(?P<punct>.)",
    re.S,
)


def tokenize(text: str) -> list[Tok]:
    """HCL text -> tokens (comments dropped, newlines kept: they end attributes)."""
    out: list[Tok] = []
    i, n, line = 0, len(text), 1
    match = _TOKEN.match
    while i < n:
        m = match(text, i)
        kind = m.lastgroup  # type: ignore[union-attr]
        if kind == "blank" or kind == "comment":
            i = m.end()  # type: ignore[union-attr]
        elif kind == "ident":
            j = m.end()  # type: ignore[union-attr]
            out.append(Tok("ident", text[i:j], line))
            i = j
        elif kind == "nl":
            out.append(Tok("nl", "\n", line))
            line += 1
            i += 1
        elif kind == "string":
            j, lines = _string_end(text, i + 1, line)
            out.append(Tok("string", text[i + 1:j], line))
            line += lines
            i = j + 1
        elif kind == "punct" or kind == "punct2":
            j = m.end()  # type: ignore[union-attr]
            out.append(Tok("punct", text[i:j], line))
            i = j
        elif kind == "number":
            j = i + 1
            while j < n and (text[j] in _DIGITS or text[j] in ".eE" or (text[j] in "+-" and text[j - 1] in "eE")):
                if text[j] == "." and (j + 1 >= n or text[j + 1] not in _DIGITS):
                    break
                j += 1
            out.append(Tok("number", text[i:j], line))
            i = j
        elif kind == "block":
            j = text.find("*/", i + 2)
            if j < 0:
                raise HclError("unterminated /* comment", line)
            line += text.count("\n", i, j)
            i = j + 2
        else:  # heredoc
            j, body, lines = _heredoc(text, i, line)
            out.append(Tok("heredoc", body, line))
            line += lines
            i = j
    out.append(Tok("eof", "", line))
    return out


def _string_end(text: str, i: int, line: int) -> tuple[int, int]:
    """Index of the closing quote of a string starting at ``i`` (interpolations may nest strings)."""
    n = len(text)
    stack: list[str] = ['"']  # '"' inside a string, '{' inside ${ } / %{ }
    start_line = line
    while i < n:
        c = text[i]
        top = stack[-1]
        if top == '"':
            if c == "\\":
                i += 2
                continue
            if c == "\n":
                raise HclError("unterminated string (a quoted string cannot span lines)", start_line)
            if c == '"':
                stack.pop()
                if not stack:
                    return i, line - start_line
            elif c in "$%" and text.startswith("{", i + 1) and not text.startswith(c * 2, i - 1):
                stack.append("{")
                i += 2
                continue
        else:
            if c == "\n":
                line += 1
            elif c == '"':
                stack.append('"')
            elif c == "{":
                stack.append("{")
            elif c == "}":
                stack.pop()
        if len(stack) > MAX_DEPTH:
            raise HclError("string interpolation nested too deeply", start_line)
        i += 1
    raise HclError("unterminated string", start_line)


def _heredoc(text: str, i: int, line: int) -> tuple[int, str, int]:
    j = i + 2
    indent = text.startswith("-", j)
    j += 1 if indent else 0
    k = j
    while k < len(text) and text[k] in _IDENT_CHARS:
        k += 1
    marker = text[j:k]
    nl = text.find("\n", k)
    if not marker or nl < 0:
        raise HclError("heredoc without a body", line)
    pos = nl + 1
    body: list[str] = []
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        row = text[pos:end]
        if row.strip() == marker:
            return end, "\n".join(body) + ("\n" if body else ""), len(body) + 1
        body.append(row.lstrip() if indent else row)
        if end >= len(text):
            break
        pos = end + 1
    raise HclError(f"heredoc {marker} is not closed", line)


# ---------------------------------------------------------------------------------------------
# Structure


def parse_body(text: str, file: str) -> Block:
    """The whole file as the body of a root block (type ``""``)."""
    tokens = tokenize(text)
    root = Block(type="", labels=(), line=1, file=file)
    stack = [root]
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind == "nl":
            i += 1
            continue
        if tok.kind == "eof":
            if len(stack) > 1:
                raise HclError(f"block '{stack[-1].type}' is not closed", stack[-1].line)
            break
        if tok.kind == "punct" and tok.text == "}":
            if len(stack) == 1:
                raise HclError("unexpected '}'", tok.line)
            stack.pop().end_line = tok.line
            i += 1
            continue
        if tok.kind != "ident":
            raise HclError(f"expected an argument or block name, found {_describe(tok)}", tok.line)
        nxt = tokens[i + 1]
        if nxt.kind == "punct" and nxt.text in ("=", ":"):
            j = _expression_end(tokens, i + 2)
            stack[-1].attrs[tok.text] = Attr(name=tok.text, line=tok.line, tokens=tokens[i + 2:j])
            i = j
            continue
        labels: list[str] = []
        j = i + 1
        while tokens[j].kind in ("string", "ident"):
            labels.append(tokens[j].text)
            j += 1
        if not (tokens[j].kind == "punct" and tokens[j].text == "{"):
            raise HclError(f"expected '=' or '{{' after '{tok.text}', found {_describe(tokens[j])}", tokens[j].line)
        block = Block(type=tok.text, labels=tuple(labels), line=tok.line, file=file)
        stack[-1].blocks.append(block)
        stack.append(block)
        if len(stack) > MAX_DEPTH:
            raise HclError("blocks nested too deeply", tok.line)
        i = j + 1
    return root


def _describe(tok: Tok) -> str:
    if tok.kind == "punct":
        return f"'{tok.text}'"
    return {"eof": "the end of the file", "nl": "a line end", "string": "a string", "heredoc": "a heredoc",
            "number": "a number"}.get(tok.kind, "a name")


def _expression_end(tokens: list[Tok], i: int) -> int:
    """Index after the expression starting at ``i``: a newline or '}' at bracket depth 0."""
    depth = 0
    start = tokens[i].line if i < len(tokens) else 0
    while True:
        tok = tokens[i]
        if tok.kind == "eof":
            if depth:
                raise HclError("expression is not closed (missing ']', ')' or '}')", start)
            return i
        if tok.kind == "punct":
            if tok.text in "([{":
                depth += 1
            elif tok.text in ")]}":
                if depth == 0:
                    return i  # the '}' of a one-line block
                depth -= 1
            elif tok.text == "," and depth == 0:
                return i + 1
        elif tok.kind == "nl" and depth == 0:
            if i == 0 or not _continues(tokens, i):
                return i
        i += 1


def _continues(tokens: list[Tok], i: int) -> bool:
    """A newline right after '=' or an operator does not end the attribute."""
    prev = tokens[i - 1]
    return prev.kind == "punct" and prev.text in ("=", "?", ":", "&&", "||", "+", "-", "*", "/", "==", "!=")


# ---------------------------------------------------------------------------------------------
# Expressions


class Scope:
    """What ``var.*`` and ``local.*`` resolve to inside one module folder."""

    def __init__(self, variables: dict[str, Any] | None = None, locals_: dict[str, Attr] | None = None):
        self.variables = variables or {}
        self.locals = locals_ or {}
        self._local_values: dict[str, Any] = {}
        self._resolving: set[str] = set()
        self._sizes: dict[int, tuple[Any, int, int]] = {}  # id -> (value kept alive, items, characters)

    def size(self, value: Any) -> tuple[int, int]:
        """(items, characters) of a value, nested parts counted at each use; stops past the limits.

        Iterative, and collections measured before are looked up, so building a collection costs
        its own length, not the size of what it holds."""
        items = chars = 0
        stack = [value]
        sizes = self._sizes
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                chars += len(item)
            elif isinstance(item, (list, dict)):
                known = sizes.get(id(item))
                if known is not None and known[0] is item:
                    items += known[1]
                    chars += known[2]
                else:
                    items += len(item)
                    stack.extend(item.values() if isinstance(item, dict) else item)
                    if isinstance(item, dict):
                        chars += sum(len(k) for k in item if isinstance(k, str))
            if items > MAX_ITEMS or chars > MAX_TEXT:
                break
        return items, chars

    def bounded(self, value: Any) -> Any:
        """A list or object the evaluator built, or ``Unknown`` when it is over the value budget."""
        if not isinstance(value, (list, dict)):
            return value
        items, chars = self.size(value)
        if items > MAX_ITEMS or chars > MAX_TEXT:
            return Unknown(_TOO_LARGE)
        self._sizes[id(value)] = (value, items, chars)
        return value

    def local(self, name: str) -> Any:
        if name in self._local_values:
            return self._local_values[name]
        attr = self.locals.get(name)
        if attr is None:
            return Unknown(f"local.{name} is not defined in these files")
        if name in self._resolving or len(self._resolving) > MAX_DEPTH:
            return Unknown(f"local.{name} refers to itself")
        self._resolving.add(name)
        try:
            value = self.evaluate(attr)
        finally:
            self._resolving.discard(name)
        self._local_values[name] = value
        return value

    def variable(self, name: str) -> Any:
        if name in self.variables:
            return self.variables[name]
        return Unknown(f"var.{name} has no default in these files")

    def evaluate(self, attr: Attr) -> Any:
        if attr.json:
            return self.json_value(attr.value, 0)
        try:
            return _Expr(attr.tokens or [], self).run()
        except _Give as up:
            return Unknown(up.reason)

    def json_value(self, value: Any, depth: int) -> Any:
        """Terraform JSON syntax: strings are templates, the rest is literal."""
        if depth > MAX_DEPTH:
            return Unknown("value nested too deeply")
        if isinstance(value, str):
            return self.template(value, 0)
        if isinstance(value, list):
            return [self.json_value(v, depth + 1) for v in value]
        if isinstance(value, dict):
            return {k: self.json_value(v, depth + 1) for k, v in value.items()}
        return value

    def template(self, raw: str, depth: int) -> Any:
        """A quoted string's content: literal text, or ``${expr}`` parts that must all resolve."""
        if "${" not in raw and "%{" not in raw:
            return _unescape(raw)
        if depth > 8:
            return Unknown("string template nested too deeply")
        parts: list[Any] = []
        i, n = 0, len(raw)
        literal: list[str] = []
        while i < n:
            if raw.startswith("$${", i) or raw.startswith("%%{", i):
                literal.append(raw[i + 1:i + 3])
                i += 3
                continue
            if raw.startswith("%{", i):
                return Unknown("string template with a directive")
            if raw.startswith("${", i):
                end = _interp_end(raw, i + 2)
                if end < 0:
                    return Unknown("string template not closed")
                if literal:
                    parts.append(_unescape("".join(literal)))
                    literal = []
                inner = raw[i + 2:end].strip().strip("~").strip()
                try:
                    value = _Expr([t for t in tokenize(inner) if t.kind != "nl"], self, depth + 1).run()
                except (_Give, HclError) as exc:
                    value = Unknown(getattr(exc, "reason", "expression not understood"))
                parts.append(value)
                i = end + 1
                continue
            literal.append(raw[i])
            i += 1
        if literal:
            parts.append(_unescape("".join(literal)))
        if len(parts) == 1:
            return parts[0]
        for part in parts:
            if isinstance(part, (Unknown, Ref)):
                return part if isinstance(part, Unknown) else Unknown(f"string built from {part.path}")
        texts: list[str] = []
        total = 0
        for part in parts:  # measured before anything is joined
            if isinstance(part, (list, dict)):
                return Unknown("string template of a list or object")
            text = _text(part)
            total += len(text)
            if total > MAX_TEXT:
                return Unknown(_TOO_LARGE)
            texts.append(text)
        return "".join(texts)


def _interp_end(raw: str, i: int) -> int:
    depth, quote = 0, False
    while i < len(raw):
        c = raw[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == '"':
                quote = False
        elif c == '"':
            quote = True
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    out: list[str] = []
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            if nxt in "uU":
                width = 4 if nxt == "u" else 8
                digits = raw[i + 2:i + 2 + width]
                try:
                    out.append(chr(int(digits, 16)))
                    i += 2 + width
                    continue
                except ValueError:
                    pass
        out.append(c)
        i += 1
    return "".join(out)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Give(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# Functions evaluated when their arguments are known (Terraform built-ins that keep values simple).
_FUNCTIONS = {
    "lower": lambda a: a[0].lower() if len(a) == 1 and isinstance(a[0], str) else _no(),
    "upper": lambda a: a[0].upper() if len(a) == 1 and isinstance(a[0], str) else _no(),
    "tolist": lambda a: list(a[0]) if len(a) == 1 and isinstance(a[0], list) else _no(),
    "toset": lambda a: list(dict.fromkeys(a[0])) if len(a) == 1 and isinstance(a[0], list) else _no(),
    "tostring": lambda a: _text(a[0]) if len(a) == 1 and isinstance(a[0], (str, int, float, bool)) else _no(),
    "tonumber": lambda a: int(a[0]) if len(a) == 1 and str(a[0]).isdigit() else _no(),
    "tobool": lambda a: a[0] if len(a) == 1 and isinstance(a[0], bool) else _no(),
    "concat": lambda a: [x for part in a for x in part] if all(isinstance(p, list) for p in a) else _no(),
    "element": lambda a: a[0][a[1] % len(a[0])] if len(a) == 2 and isinstance(a[0], list) and a[0]
    and isinstance(a[1], int) else _no(),
    "coalesce": lambda a: next((x for x in a if x is not None and x != ""), None),
}


def _no() -> Any:
    raise _Give("function not evaluated")


class _Expr:
    """Recursive descent over one expression's tokens; depth is capped, never input-driven beyond."""

    def __init__(self, tokens: list[Tok], scope: Scope, depth: int = 0):
        self.tokens = [t for t in tokens if t.kind != "nl"] + [Tok("eof", "", 0)]
        self.i = 0
        self.scope = scope
        self.depth = depth

    def peek(self, offset: int = 0) -> Tok:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def take(self) -> Tok:
        tok = self.peek()
        self.i += 1
        return tok

    def accept(self, text: str) -> bool:
        tok = self.peek()
        if tok.kind == "punct" and tok.text == text:
            self.i += 1
            return True
        return False

    def run(self) -> Any:
        if self.peek().kind == "eof":
            raise _Give("empty expression")
        value = self.conditional()
        if self.peek().kind != "eof" and not (self.peek().kind == "punct" and self.peek().text == ","):
            raise _Give("expression not understood")
        return value

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Give("expression nested too deeply")

    def conditional(self) -> Any:
        self.enter()
        cond = self.binary()
        if self.accept("?"):
            yes = self.conditional()
            if not self.accept(":"):
                raise _Give("conditional without ':'")
            no = self.conditional()
            self.depth -= 1
            if isinstance(cond, bool):
                return yes if cond else no
            if yes == no and not isinstance(yes, Unknown):
                return yes
            return Unknown("conditional on a value not known before apply")
        self.depth -= 1
        return cond

    def binary(self) -> Any:
        left = self.unary()
        while self.peek().kind == "punct" and self.peek().text in ("==", "!=", "&&", "||", "+", "-", "*", "/",
                                                                   "%", "<", ">", "<=", ">="):
            op = self.take().text
            right = self.unary()
            left = _apply(op, left, right)
        return left

    def unary(self) -> Any:
        if self.accept("!"):
            value = self.unary()
            return (not value) if isinstance(value, bool) else Unknown("negation of an unknown value")
        if self.accept("-"):
            value = self.unary()
            return -value if isinstance(value, (int, float)) and not isinstance(value, bool) else Unknown(
                "negation of an unknown value")
        return self.postfix(self.primary())

    def postfix(self, value: Any) -> Any:
        while True:
            if self.accept("."):
                tok = self.take()
                if tok.kind == "punct" and tok.text == "*":
                    value = Unknown("splat expression")
                    continue
                key: Any = int(tok.text) if tok.kind == "number" and tok.text.isdigit() else tok.text
                value = _index(value, key)
            elif self.accept("["):
                if self.accept("*"):
                    self.accept("]")
                    value = Unknown("splat expression")
                    continue
                key = self.conditional()
                if not self.accept("]"):
                    raise _Give("index not closed")
                value = _index(value, key)
            else:
                return value

    def primary(self) -> Any:
        tok = self.take()
        if tok.kind == "number":
            try:
                return int(tok.text)
            except ValueError:
                try:
                    return float(tok.text)
                except ValueError:
                    raise _Give("not a number") from None
        if tok.kind == "string":
            return self.scope.template(tok.text, self.depth)
        if tok.kind == "heredoc":
            return self.scope.template(tok.text, self.depth)
        if tok.kind == "punct":
            if tok.text == "(":
                value = self.conditional()
                if not self.accept(")"):
                    raise _Give("parenthesis not closed")
                return value
            if tok.text == "[":
                return self.collection("]")
            if tok.text == "{":
                return self.collection("}")
            raise _Give("expression not understood")
        if tok.kind != "ident":
            raise _Give("expression not understood")
        name = tok.text
        if name in ("true", "false"):
            return name == "true"
        if name == "null":
            return None
        if self.peek().kind == "punct" and self.peek().text == "(":
            return self.call(name)
        if name in ("var", "local") and self.peek().text == "." and self.peek(1).kind == "ident":
            self.take()
            attr = self.take().text
            return self.scope.variable(attr) if name == "var" else self.scope.local(attr)
        if name in ("each", "count", "path", "terraform", "self"):
            return Unknown(f"{name}.* depends on the resource instance")
        # resource / data / module references: kept by name (customer_gateway_id = aws_customer_gateway.x.id)
        parts = [name]
        while self.peek().kind == "punct" and self.peek().text == "." and self.peek(1).kind == "ident":
            self.take()
            parts.append(self.take().text)
        if self.peek().kind == "punct" and self.peek().text == "[":  # aws_customer_gateway.x[0].id
            return Unknown(f"{'.'.join(parts)}[...] is not resolved before apply")
        return Ref(".".join(parts))

    def call(self, name: str) -> Any:
        self.take()  # (
        args: list[Any] = []
        while not self.accept(")"):
            if self.peek().kind == "eof":
                raise _Give("call not closed")
            args.append(self.conditional())
            self.accept("...")
            self.accept(",")
        if any(isinstance(a, (Unknown, Ref)) for a in args):
            return Unknown(f"{name}() of a value not known before apply")
        func = _FUNCTIONS.get(name)
        if func is None:
            return Unknown(f"{name}() is not evaluated")
        if name == "concat" and all(isinstance(a, list) for a in args) and sum(len(a) for a in args) > MAX_ITEMS:
            return Unknown(_TOO_LARGE)  # counted before the list is built
        try:
            return self.scope.bounded(func(args))
        except _Give:
            return Unknown(f"{name}() is not evaluated")
        except (TypeError, ValueError, IndexError, ZeroDivisionError, OverflowError):
            return Unknown(f"{name}() is not evaluated")

    def collection(self, close: str) -> Any:
        self.enter()
        if self.peek().kind == "ident" and self.peek().text == "for":
            raise _Give("for expression")
        items: list[Any] = []
        mapping: dict[str, Any] = {}
        while not self.accept(close):
            if self.peek().kind == "eof":
                raise _Give("collection not closed")
            if close == "}":
                key_tok = self.peek()
                if key_tok.kind in ("ident", "string") and self.peek(1).kind == "punct" and self.peek(1).text in "=:":
                    self.i += 2
                    key = key_tok.text if key_tok.kind == "ident" else self.scope.template(key_tok.text, self.depth)
                else:
                    key = self.conditional()
                    if not (self.accept("=") or self.accept(":")):
                        raise _Give("object key without '='")
                mapping[str(key)] = self.conditional()
            else:
                items.append(self.conditional())
            self.accept(",")
        self.depth -= 1
        return self.scope.bounded(mapping if close == "}" else items)


def _index(value: Any, key: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, Ref):
        return Ref(f"{value.path}.{key}") if isinstance(key, str) else Unknown(f"{value.path}[...]")
    if isinstance(key, (Unknown, Ref)):
        return Unknown("index not known before apply")
    if isinstance(value, dict) and str(key) in value:
        return value[str(key)]
    if isinstance(value, list) and isinstance(key, int) and not isinstance(key, bool) and -len(value) <= key < len(value):
        return value[key]
    return Unknown(f"no element {key!s} here")


def _apply(op: str, left: Any, right: Any) -> Any:
    if isinstance(left, (Unknown, Ref)) or isinstance(right, (Unknown, Ref)):
        return Unknown(f"'{op}' on a value not known before apply")
    try:
        if op == "==":
            return left == right
        if op == "!=":
            return left != right
        if op in ("&&", "||"):
            if isinstance(left, bool) and isinstance(right, bool):
                return (left and right) if op == "&&" else (left or right)
            return Unknown("logic on non-booleans")
        if isinstance(left, bool) or isinstance(right, bool):
            return Unknown("arithmetic on booleans")
        if op in ("+", "-", "*", "/", "%"):  # HCL arithmetic takes numbers only ("ab" * 2 is an error)
            if not (isinstance(left, (int, float)) and isinstance(right, (int, float))):
                return Unknown(f"'{op}' on a value that is not a number")
            if op == "*" and isinstance(left, int) and isinstance(right, int) and (
                    left.bit_length() + right.bit_length() > MAX_INT_BITS):
                return Unknown(_TOO_LARGE)
        if op == "+":
            return left + right
        return {"-": lambda: left - right, "*": lambda: left * right, "/": lambda: left / right,
                "%": lambda: left % right, "<": lambda: left < right, ">": lambda: left > right,
                "<=": lambda: left <= right, ">=": lambda: left >= right}[op]()
    except (TypeError, ZeroDivisionError, OverflowError, _Give):
        return Unknown(f"'{op}' not evaluated")
