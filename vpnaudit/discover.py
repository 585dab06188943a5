"""Which files an audit reads: directory walks, explicit names, hook mode, include / exclude.

``include`` / ``exclude`` patterns have gitignore semantics, relative to the folder of the config
file that declares them (the current directory without one), and apply to explicitly named files
too, as in ruff (``force-exclude``) and pre-commit. So ``exclude = ["archive/"]`` skips the same
files whether the command is ``lint .``, ``lint configs/``, ``lint ./configs``, an absolute path, or
the pre-commit hook naming each file:

- ``name`` (no slash): a file or directory with that name at any depth; ``*`` and ``?`` stay
  within one path component;
- ``dir/name``, ``/name``: anchored at the config folder;
- ``**``: any number of components (``**/old``, ``archive/**``, ``a/**/b``);
- a trailing ``/`` matches directories only (and so everything below them);
- ``!pattern`` re-includes what an earlier pattern excluded (not below an excluded directory).

``include``, when set, limits the audit to matching files.

Two kinds of input:

- **explicit** (named on the command line): a file that cannot be read or recognised is a VPN000
  finding, the honest answer to "lint this file";
- **found** (by walking a directory, or named by a hook: ``vpnaudit lint --hook``, which is what
  ``.pre-commit-hooks.yaml`` runs): a file vpnaudit does not recognise (empty, binary, another
  format: a README, a script, a ``.gitkeep``) is skipped with one notice naming it. A file that
  exists but cannot be read is still VPN000: it may be a config.

A file symlink found in a walk whose target lies outside the walked directory is skipped with a
notice (a planted link must not pull, say, ``~/.ssh`` into a report); symlinked directories are
never entered.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from ._struct import dataclass, field

# Never configs: skipped silently when walking a directory (named explicitly, they are still tried).
SKIP_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".py",
    ".pyc", ".so", ".exe", ".bin", ".sarif", ".html", ".css", ".js", ".lock", ".toml",
)
# How many names one notice lists before "and N more".
NOTICE_NAMES = 10


@dataclass(frozen=True)
class Pattern:
    parts: tuple[re.Pattern[str] | str, ...]  # one per path component: a regex, or _ANY / _ONE
    negate: bool
    dir_only: bool
    anchored: bool
    reach: tuple[frozenset[int], ...] = ()  # see ``_reach``; empty without "**/"


class _Whole(str):
    """A component of a pattern that is no regex (compared by identity)."""


_ANY = _Whole("**")  # "**/": any number of whole components, none included
_ONE = _Whole("*")  # one component, whatever it is (a trailing "**" is _ONE then _ANY: everything inside)


def _component(tokens: list[str | None]) -> re.Pattern[str]:
    """One path component's glob (``tokens``: single-character regexes, None for ``*``) as a regex
    that cannot backtrack more than linearly: between two stars the shortest match is taken, in an
    atomic group, as ``fnmatch`` does since Python 3.9. That is exact here: every token matches one
    character and a star any run of them (a component holds no "/"), so the earliest place where
    the next fixed run fits leaves the most for what follows. The plain ``[^/]*`` chain took 50 s
    for ``*a*a*a*a*a*a*a*a*b`` against a 60-character name."""
    runs: list[str] = [""]
    for token in tokens:
        if token is None:
            runs.append("")
        else:
            runs[-1] += token
    body = runs[0]
    if len(runs) > 1:
        body += "".join(f"(?>.*?{run})" for run in runs[1:-1]) + ".*" + runs[-1]
    return re.compile(body + r"\Z", re.DOTALL)


def _tokens(glob: str) -> list[str | None]:
    """A gitignore glob as tokens: a one-character regex, None for ``*``, "/" between components,
    _ANY for a whole-component ``**/`` and _ONE, _ANY for a trailing ``**``."""
    out: list[str | None] = []
    i, n = 0, len(glob)
    while i < n:
        at_start = i == 0 or glob[i - 1] == "/"
        if glob.startswith("**/", i) and at_start:
            out += [_ANY, "/"]  # zero or more whole components
            i += 3
        elif glob.startswith("**", i) and i + 2 == n and at_start:
            out += [_ONE, "/", _ANY]  # everything inside
            i += 2
        elif glob[i] == "*":
            while i < n and glob[i] == "*":  # "a**b" is "a*b" in gitignore
                i += 1
            out.append(None)
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and (end := glob.find("]", i + 2)) > 0 and (char_set := _set(glob[i + 1:end])):
            out.append(char_set)
            i = end + 1
        elif glob[i] == "\\" and i + 1 < n:
            out.append("/" if glob[i + 1] == "/" else re.escape(glob[i + 1]))
            i += 2
        else:
            out.append("/" if glob[i] == "/" else re.escape(glob[i]))
            i += 1
    return out


def _set(body: str) -> str | None:
    """``[body]`` (``[!...]`` negated, ``a-z`` a range) as a one-character regex; None when it is no
    set (``[!]``, ``[z-a]``), and then the ``[`` is taken literally. Such a pattern in a config file
    stopped every run with a traceback and exit code 1."""
    body = body.replace("\\", "\\\\").replace("[", "\\[")  # a backslash or "[" is that character
    for special in "&~|":  # "&&", "~~", "||": Python warns that sets may mean more one day
        body = body.replace(special, "\\" + special)
    if body.startswith("!"):
        body = "^" + body[1:]
    regex = f"(?!/)[{body}]"
    try:
        re.compile(regex)
    except re.error:
        return None
    return regex


def _compile(glob: str) -> tuple[re.Pattern[str] | str, ...]:
    """The components of a glob, each a regex or _ANY / _ONE."""
    parts: list[re.Pattern[str] | str] = []
    current: list[str | None] = []
    pending = True  # a component is open (the glob starts with one, and one follows every "/")
    for token in _tokens(glob):
        if token == "/":
            if pending:
                parts.append(_component(current))
            current, pending = [], True
        elif token is _ANY or token is _ONE:
            parts.append(token)
            pending = False
        else:
            current.append(token)
    if pending:
        parts.append(_component(current))
    return tuple(parts)


def _accepts(pattern: Pattern, components: Sequence[str]) -> list[bool]:
    """For each d: whether the pattern matches the first d + 1 ``components``; one pass, however
    many ``**`` it has (the states of a small automaton, not a backtracking regex)."""
    parts, reach = pattern.parts, pattern.reach
    m = len(parts)
    out = [False] * len(components)
    if not reach:  # a fixed number of components: the usual pattern
        if len(components) >= m and all(p is _ONE or p.match(c) for p, c in zip(parts, components)):
            out[m - 1] = True
        return out
    states = reach[0]
    for depth, component in enumerate(components):
        after: set[int] = set()
        for s in states:
            if s < m:
                p = parts[s]
                if p is _ANY:  # it takes this component and may take more
                    after |= reach[s]
                elif p is _ONE or p.match(component):
                    after |= reach[s + 1]
        if not after:
            break
        states = after
        out[depth] = m in states
    return out


def _reach(parts: tuple[re.Pattern[str] | str, ...]) -> tuple[frozenset[int], ...]:
    """For each state, the states it stands for: itself and those after the _ANY that follow it
    (a "**/" may take no component)."""
    reach = []
    for s in range(len(parts) + 1):
        states = {s}
        while s < len(parts) and parts[s] is _ANY:
            s += 1
            states.add(s)
        reach.append(frozenset(states))
    return tuple(reach)


def compile_patterns(patterns: Sequence[str]) -> list[Pattern]:
    compiled = []
    for raw in patterns:
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        negate = text.startswith("!")
        if negate:
            text = text[1:]
        dir_only = text.endswith("/")
        text = text.rstrip("/")
        if text.startswith("./"):
            text = text[2:]
        anchored = "/" in text
        text = text.lstrip("/")
        if not text:
            continue
        parts = _compile(text)
        compiled.append(Pattern(parts, negate, dir_only, anchored, _reach(parts) if _ANY in parts else ()))
    return compiled


def _hits(patterns: Sequence[Pattern], components: list[str], is_dir: bool) -> list[bool]:
    """For each folder of a path and the path itself (the first d + 1 components): whether the
    patterns cover it. gitignore: the last pattern that matches decides."""
    result = [False] * len(components)
    last = len(components) - 1
    for pattern in patterns:
        parts = pattern.parts
        if pattern.anchored:
            matched = _accepts(pattern, components)
        elif parts[0] is _ONE:  # "**" alone: every name
            matched = [True] * len(components)
        else:  # a name at any depth: each component on its own
            match = parts[0].match
            matched = [match(c) is not None for c in components]
        for depth, hit in enumerate(matched):
            if hit and not (pattern.dir_only and depth == last and not is_dir):
                result[depth] = not pattern.negate
    return result


@dataclass
class Selector:
    """include / exclude patterns bound to the folder of the config file that declared them."""

    base: str = "."
    exclude: Sequence[str] = ()
    include: Sequence[str] = ()
    _exclude: list[Pattern] = field(init=False, repr=False)
    _include: list[Pattern] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.base = os.path.realpath(self.base)
        self._exclude = compile_patterns(self.exclude)
        self._include = compile_patterns(self.include)

    def relative(self, path: str) -> str | None:
        """``path`` relative to the base, "/"-separated; None outside it."""
        head, tail = os.path.split(os.path.abspath(path))
        full = os.path.join(os.path.realpath(head), tail)  # a file symlink itself is not resolved
        try:
            rel = os.path.relpath(full, self.base)
        except ValueError:  # another drive on Windows
            return None
        if rel == "." :
            return ""
        if rel == ".." or rel.startswith(".." + os.sep):
            return None
        return rel.replace(os.sep, "/")

    def excluded(self, path: str, is_dir: bool = False) -> bool:
        """True when an exclude pattern covers ``path`` or one of its folders below the base."""
        if not self._exclude:
            return False
        rel = self.relative(path)
        if not rel:
            return False
        return any(_hits(self._exclude, rel.split("/"), is_dir))

    def included(self, path: str) -> bool:
        """False when ``include`` is set and no pattern in it covers this file (or a folder of it)."""
        if not self._include:
            return True
        rel = self.relative(path)
        if rel is None:
            return False
        return any(_hits(self._include, rel.split("/"), False))

    def wanted(self, path: str) -> bool:
        return self.included(path) and not self.excluded(path)


@dataclass
class Candidate:
    path: str
    explicit: bool  # named on the command line without --hook: problems are VPN000


@dataclass
class Discovery:
    candidates: list[Candidate] = field(default_factory=list)
    walked: dict[str, list[str]] = field(default_factory=dict)  # directory -> files found in it
    errors: list[str] = field(default_factory=list)  # missing paths: exit code 2
    excluded: list[str] = field(default_factory=list)  # explicitly named but excluded by the config
    outside: list[str] = field(default_factory=list)  # symlinks leaving the walked directory


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _walk(root: str, selector: Selector, found: Discovery) -> list[str]:
    files = []
    real_root = os.path.realpath(root)
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and not selector.excluded(os.path.join(directory, d), is_dir=True)
        )
        for name in sorted(filenames):
            if name.startswith(".") or name.lower().endswith(SKIP_SUFFIXES):
                continue
            path = os.path.join(directory, name)
            if not selector.wanted(path):
                continue
            if os.path.islink(path) and not _inside(os.path.realpath(path), real_root):
                found.outside.append(path)
                continue
            files.append(path)
    return files


def discover(paths: Sequence[str], selector: Selector | None = None, hook: bool = False) -> Discovery:
    """The files to read, in command-line order, with what was left out and why."""
    selector = selector or Selector()
    found = Discovery()
    for raw in paths:
        if os.path.isdir(raw):
            if selector.excluded(raw, is_dir=True):
                found.excluded.append(raw)
                continue
            found.walked[raw] = _walk(raw, selector, found)
            found.candidates.extend(Candidate(p, explicit=False) for p in found.walked[raw])
        elif os.path.lexists(raw):
            if not selector.wanted(raw):
                found.excluded.append(raw)
                continue
            found.candidates.append(Candidate(raw, explicit=not hook))
        else:
            found.errors.append(f"{raw}: no such file or directory")
    return found


def listing(names: Sequence[str]) -> str:
    """``a, b, c`` or ``a, b, ... and 12 more``: a notice stays one line."""
    shown = ", ".join(names[:NOTICE_NAMES])
    return shown if len(names) <= NOTICE_NAMES else f"{shown} and {len(names) - NOTICE_NAMES} more"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 tunnel``, ``2 tunnels``, ``0 files``."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def config_label(path: str | None) -> str:
    """The configuration file used, relative to the current directory when below it."""
    if not path:
        return "none (built-in defaults)"
    rel = os.path.relpath(path)
    return path if rel == ".." or rel.startswith(".." + os.sep) else rel
