"""Frozen records: the small base class of the model, findings, policy packs and run configuration.

Why not pydantic (issue 14, measured in ``bench/RESULTS.md``): on the pre-commit path a cold
``vpnaudit lint`` of one config spent 62 ms importing pydantic and 74 ms building ~45 model
classes, together about twice yamllint's whole run (72 ms), before any vpnaudit code ran. A record
class here costs a few microseconds to define and nothing to import.

What a record gives (the part of pydantic the code used):

- keyword construction with defaults (``field(default_factory=...)`` for mutable ones); an unknown
  or missing field is a ``TypeError`` at once;
- frozen instances, equal and hashable by value, picklable (the ``--jobs`` pool sends them);
  attributes whose name starts with ``_`` are private: settable, never dumped (``PreSharedKey._digest``),
  and annotated in the class like fields (each record has ``__slots__``, no instance ``__dict__``);
- fields annotated ``Masked`` (``tuple[Masked, ...]``, ``dict[Masked, Masked]``) pass through
  ``secrets.mask`` when the object is built: config text cannot enter the model unmasked, whichever
  parser builds it;
- ``model_copy(update=...)``, ``model_dump(mode="python" | "json", exclude_none=..., exclude=...)``,
  ``model_dump_json()``;
- ``model_validate(data)``: lax validation of user-written TOML (lists become tuples, tables become
  records, strings become enums, aliases such as ``fail-on``) with errors as ``loc: message``;
- strict type checks of every constructed object against its annotations when the environment sets
  ``VPNAUDIT_CHECK_MODELS=1`` (the test suite does: a parser that puts a list where a tuple is
  declared fails there); off at run time, where the checks would cost a third of the parse.
"""

from __future__ import annotations

import enum
import operator
import os
import sys
import types
import typing
from collections.abc import Callable
from itertools import repeat
from typing import Any, ClassVar

from ._struct import UNSET as _UNSET
from .limits import clipped, problem_list, quoted
from .secrets import mask

CHECK = os.environ.get("VPNAUDIT_CHECK_MODELS") == "1"

_MISSING: Any = object()


class _Field:
    __slots__ = ("default", "default_factory", "exclude", "alias")

    def __init__(self, default: Any, default_factory: Callable[[], Any] | None, exclude: bool, alias: str | None):
        self.default = default
        self.default_factory = default_factory
        self.exclude = exclude
        self.alias = alias


def field(default: Any = _MISSING, *, default_factory: Callable[[], Any] | None = None, exclude: bool = False,
          alias: str | None = None) -> Any:
    """A field with a factory default, left out of dumps (``exclude``), or read under another key (``alias``)."""
    return _Field(default, default_factory, exclude, alias)


class RecordError(ValueError):
    """``model_validate`` found problems: ``errors`` holds (location, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__(problem_list([f"{loc}: {msg}" if loc else msg for loc, msg in errors]))


def _masked_kind(annotation: str) -> str | None:
    if "Masked" not in annotation:
        return None
    if annotation.startswith("tuple["):
        return "tuple"
    if annotation.startswith("dict["):
        return "dict"
    return "str"


def _mask_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "str":
        return mask(value) if isinstance(value, str) else value
    if kind == "tuple":  # tuple[Masked, ...], and pairs: tuple[tuple[Masked, Masked], ...] (AWS tags)
        return tuple(mask(v) if isinstance(v, str) else _mask_value("tuple", v) if isinstance(v, tuple) else v
                     for v in value) if isinstance(value, tuple) else value
    if isinstance(value, dict):
        return {(mask(k) if isinstance(k, str) else k): (mask(v) if isinstance(v, str) else v) for k, v in value.items()}
    return value


class _Slotted(type):
    """Gives each record class ``__slots__`` of the fields it annotates (private ones too): the values live
    in the object itself, not in a values array beside it. Defaults move to ``_declared`` (a slot and a
    class attribute cannot share a name); ``Record.__init_subclass__`` reads them from there."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any) -> type:
        if "__slots__" not in namespace:
            own = [n for n, a in namespace.get("__annotations__", {}).items() if not str(a).startswith("ClassVar")]
            namespace["_declared"] = {n: namespace.pop(n) for n in own if n in namespace}
            namespace["__slots__"] = tuple(own)
        return super().__new__(mcls, name, bases, namespace, **kwargs)


class Record(metaclass=_Slotted):
    """Base of every frozen record (see the module docstring)."""

    __slots__ = ()

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _factories: ClassVar[tuple[tuple[str, Callable[[], Any]], ...]] = ()
    _required: ClassVar[frozenset[str]] = frozenset()
    _field_set: ClassVar[frozenset[str]] = frozenset()
    _masked: ClassVar[tuple[tuple[str, str], ...]] = ()
    _excluded: ClassVar[frozenset[str]] = frozenset()
    _aliases: ClassVar[dict[str, str]] = {}
    _converters: ClassVar[dict[str, Callable[[Any], Any]]] = {}
    _hints: ClassVar[dict[str, Any] | None] = None
    _declared: ClassVar[dict[str, Any]] = {}
    _private: ClassVar[dict[str, Any]] = {}  # private slots (``_digest``) and their defaults
    _slots: ClassVar[tuple[str, ...]] = ()  # every slot: the fields, then the private ones
    # ``_slots`` / ``_fields`` values as a tuple in one call (``operator.attrgetter``): what pickling
    # (``--jobs``), equality and hashing read of every record, without a generator per object.
    _read_slots: ClassVar[Callable[[Any], tuple[Any, ...]]] = staticmethod(lambda obj: ())
    _read_fields: ClassVar[Callable[[Any], tuple[Any, ...]]] = staticmethod(lambda obj: ())
    _setters: ClassVar[tuple[Callable[[Any, Any], None], ...] | None] = ()  # the fields' slot setters

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        annotations: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            for name, annotation in klass.__dict__.get("__annotations__", {}).items():
                if not name.startswith("_") and not str(annotation).startswith("ClassVar"):
                    annotations[name] = str(annotation)
        defaults: dict[str, Any] = {}
        factories = []
        excluded = set()
        aliases = {}
        declared: dict[str, Any] = {}
        private: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            declared.update(klass.__dict__.get("_declared", {}))
            for name in klass.__dict__.get("__slots__", ()):
                if name.startswith("_"):
                    private[name] = klass.__dict__.get("_declared", {}).get(name, private.get(name, _MISSING))
        for name in annotations:
            value = declared.get(name, _MISSING)
            if isinstance(value, _Field):
                if value.exclude:
                    excluded.add(name)
                if value.alias:
                    aliases[value.alias] = name
                if value.default_factory is not None:
                    factories.append((name, value.default_factory))
                    value = _MISSING
                else:
                    value = value.default
            if value is not _MISSING:
                defaults[name] = value
        for base in cls.__mro__[1:]:  # inherited _Field markers were already resolved on the base
            for name in getattr(base, "_excluded", ()):
                excluded.add(name)
            aliases = {**getattr(base, "_aliases", {}), **aliases}
        inherited_factories = {n: f for base in cls.__mro__[1:] for n, f in getattr(base, "_factories", ())}
        factories = list({**inherited_factories, **dict(factories)}.items())
        cls._fields = tuple(annotations)
        cls._defaults = {n: v for n, v in defaults.items() if n not in dict(factories)}
        cls._factories = tuple(factories)
        cls._required = frozenset(n for n in annotations if n not in cls._defaults and n not in dict(factories))
        cls._field_set = frozenset(annotations)
        cls._masked = tuple((n, k) for n, a in annotations.items() if (k := _masked_kind(a)))
        cls._excluded = frozenset(excluded)
        cls._aliases = aliases
        cls._hints = None
        cls._private = private
        cls._slots = (*annotations, *private)
        cls._read_slots = _reader(cls._slots)
        cls._read_fields = _reader(cls._fields)
        descriptors = [getattr(cls, n, None) for n in cls._fields]
        cls._setters = (tuple(d.__set__ for d in descriptors)  # type: ignore[union-attr]
                        if all(isinstance(d, types.MemberDescriptorType) for d in descriptors) else None)
        if "__init__" not in cls.__dict__:  # each class builds its own fast __init__ when first used
            cls.__init__ = _first_init  # type: ignore[method-assign]

    def __init__(self, **data: Any) -> None:
        """The generic constructor (``_specialised`` builds a faster one per class with the same effect)."""
        cls = type(self)
        if not data.keys() <= cls._field_set:
            unknown = ", ".join(sorted(data.keys() - cls._field_set))
            raise TypeError(f"{cls.__name__}: unknown field(s) {unknown}")
        values = dict(cls._defaults)
        for name, factory in cls._factories:
            if name not in data:
                values[name] = factory()
        values.update(data)
        if len(values) != len(cls._fields):
            missing = ", ".join(n for n in cls._fields if n not in values)
            raise TypeError(f"{cls.__name__}: missing field(s) {missing}")
        for name, kind in cls._masked:
            value = values[name]
            if value is not None:
                values[name] = _mask_value(kind, value)
        for name, convert in cls._converters.items():
            values[name] = convert(values[name])
        _fill(self, values)
        if CHECK:
            check(self)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):  # private attributes (PreSharedKey._digest) may be set
            object.__setattr__(self, name, value)
            return
        raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return _state(self) == _state(other)  # type: ignore[arg-type]

    def __hash__(self) -> int:
        return hash((type(self), *self._read_fields(self)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self._fields)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), _state(self)))

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Any:
        """A copy with ``update`` applied. Like pydantic's, the update is not masked again: it holds values
        of objects that were masked when they were built (a parser's own keys such as ``psk-in-code:tunnel1``
        would not survive a second pass)."""
        cls = type(self)
        values = dict(zip(cls._slots, _state(self)))
        if update:
            if not update.keys() <= cls._field_set:
                raise TypeError(f"{cls.__name__}: unknown field(s) {', '.join(sorted(update.keys() - cls._field_set))}")
            update = dict(update)
            for name, convert in cls._converters.items():
                if name in update:
                    update[name] = convert(update[name])
            values.update(update)
        copy = object.__new__(cls)
        _fill(copy, values)
        if CHECK:
            check(copy)
        return copy

    def _dump_hook(self, data: dict[str, Any], as_json: bool) -> dict[str, Any]:
        return data

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False, exclude: set[str] | None = None) -> dict[str, Any]:
        as_json = mode == "json"
        out: dict[str, Any] = {}
        skip = self._excluded | exclude if exclude else self._excluded
        for name in self._fields:
            if name in skip:
                continue
            value = getattr(self, name)
            if value is None and exclude_none:
                continue
            out[name] = _dump(value, as_json, exclude_none)
        return self._dump_hook(out, as_json)

    def model_dump_json(self, *, exclude_none: bool = False, exclude: set[str] | None = None) -> str:
        import json  # not on the lint path

        return json.dumps(self.model_dump(mode="json", exclude_none=exclude_none, exclude=exclude),
                          separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def model_validate(cls, data: Any) -> Any:
        """Build from plain data (TOML), coercing the way a user would expect; ``RecordError`` lists every problem."""
        errors: list[tuple[str, str]] = []
        value = _coerce(cls, data, (), errors)
        if errors:
            raise RecordError(errors)
        return value


def _first_init(self: Record, **data: Any) -> None:
    cls = type(self)
    init = _specialised(cls)
    cls.__init__ = init  # type: ignore[method-assign]
    init(self, **data)


def _specialised(cls: type[Record]) -> Callable[..., None]:
    """A constructor for ``cls`` written out field by field (as ``dataclasses`` does): Python binds the
    keyword arguments, so an unknown or missing field is a ``TypeError`` without a loop of ours. Built
    on first use only, so defining a class costs nothing at import time."""
    import keyword

    fields = cls._fields
    if any(keyword.iskeyword(n) or not n.isidentifier() for n in fields):
        return Record.__init__
    factories = dict(cls._factories)
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_mask": mask, "_mask_value": _mask_value,
                                 "_check": check, "_module": sys.modules[__name__], "_FACTORY": _MISSING,
                                 "isinstance": isinstance}
    params, body = [], []
    for n in fields:
        if n in factories:
            namespace[f"_factory_{n}"] = factories[n]
            params.append(f"{n}=_FACTORY")
            body.append(f"    if {n} is _FACTORY: {n} = _factory_{n}()")
        elif n in cls._defaults:
            namespace[f"_default_{n}"] = cls._defaults[n]
            params.append(f"{n}=_default_{n}")
        else:
            params.append(n)
    for n, kind in cls._masked:
        if kind == "str":
            body.append(f"    if isinstance({n}, str): {n} = _mask({n})")
        else:
            body.append(f"    if {n} is not None: {n} = _mask_value({kind!r}, {n})")
    for n, convert in cls._converters.items():
        namespace[f"_convert_{n}"] = convert
        body.append(f"    {n} = _convert_{n}({n})")
    # Field by field into the slots (``_Slotted``): the values sit in the object itself. A dict per
    # record made a 200,000-line config peak at 129 MiB; values in a key-shared dict, 107 MiB (100 with
    # lighter indent trees); slots, 96 MiB and the lint 4-10% faster at 20k and 200k lines (round 8).
    body.extend(f"    _set(self, {n!r}, {n})" for n in fields)
    for n, default in cls._private.items():
        if default is not _MISSING:
            namespace[f"_private_{n}"] = default
            body.append(f"    _set(self, {n!r}, _private_{n})")
    body.append("    if _module.CHECK: _check(self)")
    source = f"def __init__(self{', *, ' if params else ''}{', '.join(params)}):\n" + "\n".join(body) + "\n"
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), namespace)  # noqa: S102 - our own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _reader(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function that reads ``names`` of an object into a tuple (raising ``AttributeError`` for an unset one)."""
    if not names:
        return staticmethod(lambda obj: ())  # type: ignore[return-value]
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return staticmethod(lambda obj: (one(obj),))  # type: ignore[return-value]
    return staticmethod(operator.attrgetter(*names))  # type: ignore[return-value]


def _state(obj: Record) -> tuple[Any, ...]:
    """The values of every slot of ``obj`` (fields, then private ones), ``_UNSET`` for an unset one."""
    try:
        return obj._read_slots(obj)
    except AttributeError:  # a private slot never set (every one declared today has a default)
        return tuple(getattr(obj, n, _UNSET) for n in obj._slots)


def _fill(obj: Record, values: dict[str, Any]) -> None:
    """Set the slots of a new ``obj`` from ``values`` (private ones missing there take their defaults)."""
    for name in obj._fields:
        object.__setattr__(obj, name, values[name])
    for name, default in obj._private.items():
        value = values.get(name, default)
        if value is not _MISSING and value is not _UNSET:
            object.__setattr__(obj, name, value)


def _rebuild(cls: type[Record], state: tuple[Any, ...] | dict[str, Any]) -> Record:
    """The record ``__reduce__`` pickled: its state (``_state``) set slot by slot, with no dict between."""
    obj = object.__new__(cls)
    if type(state) is tuple and len(state) == len(cls._slots):
        if not cls._private and cls._setters is not None:  # every slot a field, each one set: in C
            any(map(operator.call, cls._setters, repeat(obj), state))  # each setter returns None
            return obj
        put = object.__setattr__
        for name, value in zip(cls._slots, state):
            if value is not _UNSET:
                put(obj, name, value)
        return obj
    _fill(obj, state if isinstance(state, dict) else dict(zip(cls._slots, state)))
    return obj


def _dump(value: Any, as_json: bool, exclude_none: bool) -> Any:
    if isinstance(value, Record):
        return value.model_dump(mode="json" if as_json else "python", exclude_none=exclude_none)
    if isinstance(value, tuple):
        items = [_dump(v, as_json, exclude_none) for v in value]
        return items if as_json else tuple(items)
    if isinstance(value, list):
        return [_dump(v, as_json, exclude_none) for v in value]
    if isinstance(value, dict):
        return {_dump(k, as_json, exclude_none): _dump(v, as_json, exclude_none) for k, v in value.items()}
    if as_json and isinstance(value, enum.Enum):
        return value.value
    return value


# ---------------------------------------------------------------------------------------------
# type checks (strict, for constructed objects) and coercion (lax, for user-written data)


def hints(cls: type[Record]) -> dict[str, Any]:
    if cls.__dict__.get("_hints") is None:
        resolved = typing.get_type_hints(cls, include_extras=True)  # each class's own module globals
        cls._hints = {n: resolved[n] for n in cls._fields}
    return cls._hints  # type: ignore[return-value]


def _describe(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _strict_ok(tp: Any, value: Any) -> bool:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _strict_ok(typing.get_args(tp)[0], value)
    if tp is Any:
        return True
    if tp is None or tp is type(None):
        return value is None
    if origin in (typing.Union, types.UnionType):
        return any(_strict_ok(arg, value) for arg in typing.get_args(tp))
    if origin is typing.Literal:
        return any(value == arg and type(value) is type(arg) for arg in typing.get_args(tp))
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_strict_ok(args[0], v) for v in value)
        return len(args) == len(value) and all(_strict_ok(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict:
        key_type, value_type = typing.get_args(tp)
        return isinstance(value, dict) and all(_strict_ok(key_type, k) and _strict_ok(value_type, v)
                                               for k, v in value.items())
    if origin is list:
        return isinstance(value, list) and all(_strict_ok(typing.get_args(tp)[0], v) for v in value)
    if tp is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(tp, type):
        return isinstance(value, tp)
    return True


def check(obj: Record) -> None:
    """Raise ``TypeError`` when a field's value does not have its declared type (strict, no coercion)."""
    for name, tp in hints(type(obj)).items():
        value = getattr(obj, name)
        if not _strict_ok(tp, value):
            raise TypeError(f"{type(obj).__name__}.{name}: {value!r} is not {_describe(tp)}")


def _coerce(tp: Any, value: Any, loc: tuple[str, ...], errors: list[tuple[str, str]]) -> Any:
    where = ".".join(loc)
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _coerce(typing.get_args(tp)[0], value, loc, errors)
    if isinstance(tp, type) and issubclass(tp, Record):
        if not isinstance(value, dict):
            errors.append((where, f"must be a table, not {type(value).__name__}"))
            return None
        known = hints(tp)
        data = {tp._aliases.get(k, k): v for k, v in value.items()}
        built = {}
        for key in value:
            name = tp._aliases.get(key, key)
            if name not in known:
                errors.append((".".join((*loc, clipped(str(key)))), "unknown key"))
        for name, field_type in known.items():
            if name in data:
                built[name] = _coerce(field_type, data[name], (*loc, _key_name(tp, name)), errors)
            elif name in tp._required:
                errors.append((".".join((*loc, _key_name(tp, name))), "Field required"))
        if errors:
            return None
        return tp(**built)
    if tp is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        others = [a for a in args if a is not type(None)]
        if len(others) == 1:
            return _coerce(others[0], value, loc, errors)
        for arg in args:
            trial: list[tuple[str, str]] = []
            result = _coerce(arg, value, loc, trial)
            if not trial:
                return result
        errors.append((where, f"{quoted(value)} is not {' or '.join(_describe(a) for a in args)}"))
        return None
    if origin is typing.Literal:
        allowed = typing.get_args(tp)
        if value in allowed and any(type(value) is type(a) for a in allowed if a == value):
            return value
        errors.append((where, f"must be one of {', '.join(repr(a) for a in allowed)}, not {quoted(value)}"))
        return None
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(value, (list, tuple)):
            errors.append((where, f"must be a list, not {type(value).__name__}"))
            return None
        return tuple(_coerce(args[0], v, (*loc, str(i)), errors) for i, v in enumerate(value))
    if origin is dict:
        key_type, value_type = typing.get_args(tp)
        if not isinstance(value, dict):
            errors.append((where, f"must be a table, not {type(value).__name__}"))
            return None
        return {_coerce(key_type, k, loc, errors): _coerce(value_type, v, (*loc, clipped(str(k))), errors)
                for k, v in value.items()}
    if tp is type(None) or tp is None:
        if value is not None:
            errors.append((where, f"must be empty, not {quoted(value)}"))
        return None
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            errors.append((where, f"must be one of {', '.join(repr(m.value) for m in tp)}, not {quoted(value)}"))
            return None
    if tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(tp, type) and isinstance(value, tp):
        return value
    errors.append((where, f"must be {_describe_lax(tp)}, not {type(value).__name__} {quoted(value)}"))
    return None


def _describe_lax(tp: Any) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "true or false"}.get(tp, _describe(tp))


def _key_name(tp: type[Record], name: str) -> str:
    return next((alias for alias, target in tp._aliases.items() if target == name), name)
