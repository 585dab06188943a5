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
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool
    anchored: bool


def _translate(glob: str) -> str:
    """A gitignore glob (without its leading / trailing slash) as a regex over a relative path."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        if glob.startswith("**/", i) and (i == 0 or glob[i - 1] == "/"):
            out.append("(?:[^/]*/)*")  # zero or more whole components
            i += 3
        elif glob.startswith("**", i) and i + 2 == n and (i == 0 or glob[i - 1] == "/"):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            while i < n and glob[i] == "*":  # "a**b" is "a*b" in gitignore
                i += 1
            out.append("[^/]*")
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[":
            end = glob.find("]", i + 2)
            if end < 0:
                out.append(re.escape(glob[i]))
                i += 1
            else:
                body = glob[i + 1:end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"(?!/)[{body}]")
                i = end + 1
        elif glob[i] == "\\" and i + 1 < n:
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


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
        compiled.append(Pattern(re.compile(_translate(text) + r"\Z"), negate, dir_only, anchored))
    return compiled


def _matches(pattern: Pattern, rel: str, is_dir: bool) -> bool:
    if pattern.dir_only and not is_dir:
        return False
    subject = rel if pattern.anchored else rel.rsplit("/", 1)[-1]
    return pattern.regex.match(subject) is not None


def _hit(patterns: Sequence[Pattern], rel: str, is_dir: bool) -> bool:
    """gitignore: the last matching pattern decides."""
    result = False
    for pattern in patterns:
        if _matches(pattern, rel, is_dir):
            result = not pattern.negate
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
        parts = rel.split("/")
        for depth in range(1, len(parts) + 1):
            if _hit(self._exclude, "/".join(parts[:depth]), is_dir or depth < len(parts)):
                return True
        return False

    def included(self, path: str) -> bool:
        """False when ``include`` is set and no pattern in it covers this file (or a folder of it)."""
        if not self._include:
            return True
        rel = self.relative(path)
        if rel is None:
            return False
        parts = rel.split("/")
        return any(
            _hit(self._include, "/".join(parts[:depth]), depth < len(parts)) for depth in range(1, len(parts) + 1)
        )

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
