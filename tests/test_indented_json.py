"""The JSON and SARIF reporters' encoder writes exactly what ``json.dumps(indent=2, sort_keys=True)`` does."""

from __future__ import annotations

import enum
import json
import random

import pytest

from vpnaudit.api import AuditOptions, audit
from vpnaudit.reporters import _indented
from vpnaudit.reporters import json as json_reporter
from vpnaudit.reporters import sarif

from .conftest import CORPUS


def _reference(obj: object) -> str:
    return json.dumps(obj, indent=2, sort_keys=True)


class _Level(str, enum.Enum):
    HIGH = "high"


class _Number(enum.IntEnum):
    ONE = 1


def _scalar(rng: random.Random) -> object:
    return rng.choice([
        None, True, False, 0, -7, 2**70, 1.5, -0.0, 1e300, float("nan"), float("inf"), "", "plain",
        'quote " and \\ back', "line\nbreak\ttab", "caf\u00e9 \u2603 \U0001f600", "\x00\x1f", _Level.HIGH, _Number.ONE,
        [], {}, (),
    ])


def _document(rng: random.Random, depth: int = 0) -> object:
    kind = rng.random()
    if depth > 4 or kind < 0.4:
        return _scalar(rng)
    if kind < 0.7:
        return [_document(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["a", "b", "B", "z", "\u00e9", "", "rule_id", "10", "9", " "]
    return {rng.choice(keys): _document(rng, depth + 1) for _ in range(rng.randrange(5))}


def test_random_documents_are_written_like_json_dumps() -> None:
    rng = random.Random(14)
    for _ in range(3000):
        doc = _document(rng)
        assert _indented.dumps(doc) == _reference(doc), doc


def test_unusual_values_fall_back_to_the_standard_encoder() -> None:
    int_keys = {"b": [1, {2: 3, 1: [4]}], "a": {"x": {7: "int key"}}}
    assert _indented.dumps(int_keys) == _reference(int_keys)
    deep: list = []
    node = deep
    for _ in range(100):
        node.append([])
        node = node[0]
    node.append(1)
    assert _indented.dumps(deep) == _reference(deep)
    with pytest.raises(TypeError):
        _indented.dumps({"a": {1, 2}})
    with pytest.raises(TypeError):
        _indented.dumps({"a": [object()], "b": [1, [2]]})


@pytest.mark.parametrize("reporter", [json_reporter, sarif], ids=["json", "sarif"])
def test_corpus_reports_are_byte_identical_to_json_dumps(reporter, monkeypatch: pytest.MonkeyPatch) -> None:
    report = audit([str(CORPUS)], AuditOptions(jobs=1))
    written = reporter.render(report)
    monkeypatch.setattr(reporter, "dumps", _reference)
    assert written == reporter.render(report)


def test_lists_of_flat_records_are_written_like_json_dumps() -> None:
    """The one-call path for lists of flat dicts (a report's findings): strings that look like the
    boundary between two records, empty containers as values, and lists it must not take."""
    tricky = ["},\n      {", "}, {", "{}", "[{\"a\": 1}]", ",\n  ", "\\n}", "}\n"]
    rng = random.Random(1414)
    for _ in range(2000):
        records = [
            {rng.choice(["a", "b", "message", "z", "", "\u00e9"]): rng.choice([*tricky, _scalar(rng)])
             for _ in range(rng.randrange(1, 5))}
            for _ in range(rng.randrange(1, 5))
        ]
        if rng.random() < 0.1:
            records.append(rng.choice([{}, {"a": [1]}, {"a": {"b": 1}}, {1: "int key"}, "x", [{}]]))
        doc = rng.choice([records, {"findings": records, "n": 1}, [records, {"x": records}]])
        assert _indented.dumps(doc) == _reference(doc), doc
        assert _indented.dumps(tuple(records)) == _reference(tuple(records))


def test_container_subclasses_are_written_like_json_dumps() -> None:
    from collections import OrderedDict, defaultdict, namedtuple

    point = namedtuple("point", "x y")
    counts: defaultdict[str, list] = defaultdict(list, {"b": [1, {"k": point(1, "y")}], "a": []})
    doc = {"o": OrderedDict([("z", 1), ("a", {"n": [point(2, None), {}]})]), "d": counts,
           "t": (1, (2, [3, {"x": _Level.HIGH}])), "e": [_Number.ONE, 2.5, float("-inf")]}
    assert _indented.dumps(doc) == _reference(doc)
    assert _indented.dumps([doc, [doc]]) == _reference([doc, [doc]])
