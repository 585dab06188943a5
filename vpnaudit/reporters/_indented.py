"""``json.dumps(obj, indent=2, sort_keys=True)``, byte for byte, in a fraction of the time.

Python's C encoder does not indent, so ``indent=2`` runs the pure-Python one over every value: for
a report of 13,000 findings that was a fifth of a whole ``vpnaudit lint`` run. Here the containers
whose values are all scalars (a finding, a step, a SARIF region: most of a report) go through the C
encoder with the newline and indentation of their depth as the item separator; only the containers
above them are walked in Python. The nesting of a report is fixed by its reporter, not by the input;
deeper than ``_MAX_DEPTH`` (never, for our reports) the standard encoder takes over.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import chain
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any

_SCALARS = (str, int, float, bool, type(None))
_SCALAR_TYPES = frozenset(_SCALARS)  # exact types: a subclass (an enum) takes the general path
_EMPTY_OR_SCALAR = _SCALAR_TYPES | {list, tuple, dict}
_CONTAINERS = (list, tuple, dict)
_STR = frozenset({str})
_MAX_DEPTH = 64
_ENCODERS: dict[str, Callable[[Any], str]] = {}


def dumps(obj: Any) -> str:
    """``json.dumps(obj, indent=2, sort_keys=True)`` (str keys, JSON-native values only)."""
    out: list[str] = []
    try:
        _encode(obj, "\n", out, 0)
    except _Unusual:
        return json.dumps(obj, indent=2, sort_keys=True)
    return "".join(out)


class _Unusual(Exception):
    """A key that is not a string, a value JSON has no native form for, or very deep nesting."""


def _unusual(value: Any) -> Any:
    raise _Unusual


def _flat_encoder(indent: str) -> Callable[[Any], str]:
    """The C encoder of a container whose values are all scalars, with ``indent`` in its item
    separator; made once per indentation (``JSONEncoder.encode`` builds one on every call, which
    cost more than the encoding itself for the small containers of a SARIF result)."""
    encode = _ENCODERS.get(indent)
    if encode is None:
        if c_make_encoder is not None:
            iterencode = c_make_encoder(None, _unusual, encode_basestring_ascii, None, ": ", "," + indent,
                                        True, False, True)

            def encode(obj: Any) -> str:
                return "".join(iterencode(obj, 0))
        else:  # a Python without the _json accelerator
            encode = json.JSONEncoder(separators=("," + indent, ": "), sort_keys=True).encode
        _ENCODERS[indent] = encode
    return encode


def _flat(values: Any) -> bool:
    """Every value is a scalar or an empty container (written ``[]`` / ``{}`` at any indentation)."""
    types = set(map(type, values))
    if types <= _SCALAR_TYPES:
        return True
    return types <= _EMPTY_OR_SCALAR and not any(v for v in values if type(v) in _CONTAINERS)


def _flat_records(items: list | tuple) -> bool:
    """Every item is a non-empty dict with str keys whose values are scalars or empty containers
    (the findings of a report), checked by C loops: no Python code runs per item."""
    return (set(map(type, items)) == {dict} and all(items)
            and set(map(type, chain.from_iterable(items))) == _STR
            and set(map(type, filter(None, chain.from_iterable(map(dict.values, items))))) <= _SCALAR_TYPES)


def _records(items: list | tuple, newline: str, inner: str) -> str:
    """A list of flat records in one call of the C encoder. It writes ``[{"a": 1,<deeper>"b": 2},<deeper>{...}]``
    with the records' item separator between the records too; a raw line break only ever comes from
    a separator (strings escape theirs), and after a separator inside a record comes a key (``"``),
    so ``},<deeper>{`` is exactly a boundary between two records: there the braces get their lines."""
    deeper = inner + "  "
    text = _flat_encoder(deeper)(items)
    body = text[2:-2].replace("}," + deeper + "{", inner + "}," + inner + "{" + deeper)
    return "".join(("[", inner, "{", deeper, body, inner, "}", newline, "]"))


def _scalar(obj: Any) -> str:
    kind = type(obj)
    if kind is str:
        return encode_basestring_ascii(obj)
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if kind is int:
        return int.__repr__(obj)
    return json.dumps(obj)  # a float (NaN, Infinity), an enum


def _encode(obj: Any, newline: str, out: list[str], depth: int) -> None:
    if isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        if depth > _MAX_DEPTH or not set(map(type, obj)) <= _STR:
            raise _Unusual
        inner = newline + "  "
        values = obj.values()
        if _flat(values):
            text = _flat_encoder(inner)(obj)
            out.extend(("{", inner, text[1:-1], newline, "}"))
            return
        separator = "{" + inner
        for key, value in sorted(obj.items()):
            out.extend((separator, encode_basestring_ascii(key), ": "))
            if type(value) in _SCALAR_TYPES:
                out.append(_scalar(value))
            else:
                _encode(value, inner, out, depth + 1)
            separator = "," + inner
        out.extend((newline, "}"))
    elif isinstance(obj, (list, tuple)):
        if not obj:
            out.append("[]")
            return
        if depth > _MAX_DEPTH:
            raise _Unusual
        inner = newline + "  "
        if _flat(obj):
            text = _flat_encoder(inner)(obj)
            out.extend(("[", inner, text[1:-1], newline, "]"))
            return
        if _flat_records(obj):
            out.append(_records(obj, newline, inner))
            return
        separator = "[" + inner
        for value in obj:
            out.append(separator)
            if type(value) in _SCALAR_TYPES:
                out.append(_scalar(value))
            else:
                _encode(value, inner, out, depth + 1)
            separator = "," + inner
        out.extend((newline, "]"))
    elif isinstance(obj, _SCALARS):
        out.append(_scalar(obj))
    else:
        raise _Unusual
