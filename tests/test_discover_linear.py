"""include / exclude patterns: the same answers as the regex they were matched with before, in time
linear in the path (that regex took 50 s for the 17-character pattern ``*a*a*a*a*a*a*a*a*b`` against a
60-character file name: a ``.vpnaudit.toml`` in a config repository could hang its pre-commit hook)."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from vpnaudit.discover import Selector, compile_patterns


class NotASet(ValueError):
    """A pattern the first implementation could not compile (or read as a set in a broken regex)."""


def _reference_translate(glob: str) -> str:
    """The first implementation's translation: the reference for what a pattern matches. One change:
    it is compiled with ``re.DOTALL`` below. Its ``**`` was ``.*``, which stopped at a line feed in a
    file name (``**`` skipped ``a/b`` but not ``a/x\ny``); the new matcher covers every name."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        if glob.startswith("**/", i) and (i == 0 or glob[i - 1] == "/"):
            out.append("(?:[^/]*/)*")
            i += 3
        elif glob.startswith("**", i) and i + 2 == n and (i == 0 or glob[i - 1] == "/"):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            while i < n and glob[i] == "*":
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
                try:
                    re.compile(f"[{body}]")
                except re.error:  # "[!]", "[z-a]": a traceback then, a literal "[" now
                    raise NotASet(glob) from None
                out.append(f"(?!/)[{body}]")
                i = end + 1
        elif glob[i] == "\\" and i + 1 < n:
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


def _reference_patterns(patterns: list[str]) -> list[tuple[str, bool, bool, bool]]:
    """(glob, negate, dir_only, anchored) of each pattern that is one, as the first implementation read them."""
    out = []
    for raw in patterns:
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        negate = text.startswith("!")
        text = text[1:] if negate else text
        dir_only = text.endswith("/")
        text = text.rstrip("/")
        text = text[2:] if text.startswith("./") else text
        anchored = "/" in text
        text = text.lstrip("/")
        if text:
            out.append((text, negate, dir_only, anchored))
    return out


def _reference_hit(patterns: list[str], rel: str, is_dir: bool) -> bool:
    """The first implementation's ``_hit``: the last matching pattern decides."""
    result = False
    for text, negate, dir_only, anchored in _reference_patterns(patterns):
        if dir_only and not is_dir:
            continue
        subject = rel if anchored else rel.rsplit("/", 1)[-1]
        if re.match(_reference_translate(text) + r"\Z", subject, re.DOTALL):
            result = not negate
    return result


def _reference_excluded(patterns: list[str], rel: str, is_dir: bool) -> bool:
    parts = rel.split("/")
    return any(_reference_hit(patterns, "/".join(parts[:d]), is_dir or d < len(parts)) for d in range(1, len(parts) + 1))


def _reference_included(patterns: list[str], rel: str) -> bool:
    if not _reference_patterns(patterns):
        return True
    parts = rel.split("/")
    return any(_reference_hit(patterns, "/".join(parts[:d]), d < len(parts)) for d in range(1, len(parts) + 1))


GLOB_PIECES = ["a", "b", "ab", ".", "*", "**", "**/", "/", "?", "[ab]", "[!a]", "[a/b]", "[", "]", "\\", "\\*", "\\/",
               "!", "x", "é", "\n", " ", "#"]
NAME_PIECES = ["a", "b", "ab", "ba", "x", ".", "é", "\n", "*", "[", "\\", " "]


def _random_glob(rng: random.Random) -> str:
    return "".join(rng.choice(GLOB_PIECES) for _ in range(rng.randint(1, 7)))


def _random_rel(rng: random.Random) -> str:
    return "/".join("".join(rng.choice(NAME_PIECES) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 5)))


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # "[[]": both read it the same way
def test_same_answers_as_the_first_implementation_on_random_patterns(tmp_path: Path) -> None:
    rng = random.Random(20261206)
    checked = 0
    for _ in range(4000):
        patterns = [_random_glob(rng) for _ in range(rng.randint(1, 3))]
        selector = Selector(str(tmp_path), exclude=patterns, include=patterns)
        for _ in range(5):
            rel = _random_rel(rng)
            is_dir = rng.random() < 0.3
            path = str(tmp_path / rel)
            if selector.relative(path) != rel:  # "." or ".." components, "\n" are normalised away
                continue
            try:
                _reference_excluded(patterns, rel, is_dir)
            except NotASet:  # the new matcher must still answer
                selector.excluded(path, is_dir), selector.included(path)
                continue
            assert selector.excluded(path, is_dir) == _reference_excluded(patterns, rel, is_dir), (patterns, rel, is_dir)
            assert selector.included(path) == _reference_included(patterns, rel), (patterns, rel)
            checked += 1
    assert checked > 15_000


@pytest.mark.parametrize(("pattern", "rel", "expected"), [
    ("a/**/b", "a/b", True), ("a/**/b", "a/x/y/b", True), ("a/**/b", "a/x/y/c", False),
    ("**/a/**/a/**/a/**/b", "a/a/a/a/b", True), ("**/a/**/a/**/a/**/b", "a/a/a/a/c", False),
    ("a/**", "a/x", True), ("a/**", "a", False), ("/**", "x/y", True),
    ("*a*b", "xaxb", True), ("*a*b", "ab/b", True),  # not anchored: the last component "b"... is not "*a*b"
    ("x*/*y", "xa/by", True), ("x*/*y", "xa/b/y", False), ("[a/b]x", "ax", True),
])
def test_examples(tmp_path: Path, pattern: str, rel: str, expected: bool) -> None:
    assert Selector(str(tmp_path), exclude=[pattern]).excluded(str(tmp_path / rel)) == _reference_excluded(
        [pattern], rel, False)
    if pattern != "*a*b" or rel != "ab/b":
        assert Selector(str(tmp_path), exclude=[pattern]).excluded(str(tmp_path / rel)) is expected


def _seconds(selector: Selector, path: str) -> float:
    start = time.perf_counter()
    selector.excluded(path)
    return time.perf_counter() - start


@pytest.mark.parametrize(("pattern", "component"), [
    ("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a" * 250),  # the first implementation: past any patience
    ("**/a/**/a/**/a/**/a/**/a/**/b", "a"),  # "(?:[^/]*/)*" five times over a deep path
    ("*[ab]*[ab]*?*[ab]*[ab]*[!c]*[ab]*[ab]*c", "ab" * 120),  # sets and "?" between the stars
])
def test_crafted_patterns_take_linear_time(tmp_path: Path, pattern: str, component: str) -> None:
    selector = Selector(str(tmp_path), exclude=[pattern])
    short = str(tmp_path / "/".join([component] * 100))
    long = str(tmp_path / "/".join([component] * 200))
    best_short = min(_seconds(selector, short) for _ in range(3))
    best_long = min(_seconds(selector, long) for _ in range(3))
    assert best_long < 1.0  # generous: the old regex took minutes on the first of these at any size
    assert best_long < 4 * best_short + 0.01, (best_short, best_long)


@pytest.mark.parametrize("pattern", ["[!]", "[z-a]", "x[^]", "[!]a[b]", "[[:alpha:]]", "[a&&b]"])
def test_a_bracket_that_is_no_set_is_a_literal_bracket(tmp_path: Path, pattern: str) -> None:
    """These stopped every run with a traceback (re.error) and exit code 1, the code for findings."""
    selector = Selector(str(tmp_path), exclude=[pattern])
    assert not selector.excluded(str(tmp_path / "a.cfg"))
    assert Selector(str(tmp_path), exclude=["[z-a].cfg"]).excluded(str(tmp_path / "[z-a].cfg"))


def test_compile_keeps_one_part_per_component() -> None:
    (pattern,) = compile_patterns(["a/**/b*c/**"])
    assert len(pattern.parts) == 5 and pattern.anchored
