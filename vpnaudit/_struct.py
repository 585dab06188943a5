"""``dataclass``, ``field``, ``fields`` and ``replace``: the part of the standard ``dataclasses`` that
vpnaudit's plain classes use (parser objects, findings, options), without its start-up cost.

Why (issue 14, ``bench/RESULTS.md`` round 8): a cold ``vpnaudit lint`` of one IOS config built 30
dataclasses, 14.5 ms of a ~100 ms run (``dataclasses`` compiles ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` ... with one ``exec`` each, and builds every slotted class twice), and
importing ``dataclasses`` loaded ``inspect`` with ``ast``, ``dis`` and ``tokenize``: 11 ms more.
Here a class costs a class creation: ``__init__`` is written out the first time the class is
instantiated (the same code ``dataclasses`` writes, so a parser's hot classes build as fast as
before), ``__repr__``, ``__eq__`` and ``__hash__`` are shared functions reading the field names.

What behaves as in ``dataclasses`` (the subset in use, kept so by the test suite):

- fields from the class annotations, in order; ``name: T = default`` and ``field(default=...,
  default_factory=..., init=..., repr=..., compare=...)``; positional or keyword construction;
  ``__post_init__``; a field with ``init=False`` and no default stays unset until ``__post_init__``;
- ``eq`` (default True): equal when of the same class with equal compared fields; a mutable class
  with ``eq`` is unhashable unless it defines ``__hash__``; a frozen one hashes its compared fields;
- ``frozen``: setting or deleting a field raises ``FrozenInstanceError`` (an ``AttributeError``);
  frozen instances pickle and copy (state set with ``object.__setattr__``);
- ``slots``: the class is rebuilt with ``__slots__`` of its fields (no instance ``__dict__``);
- a method the class body defines itself (``__repr__``, ``__eq__``, ``__init__``) is kept;
- ``fields(cls_or_instance)`` (objects with ``.name``), ``replace(obj, **changes)``.

Not supported (not used): inheritance between these classes, ``ClassVar`` / ``InitVar``,
``order``, ``kw_only``, ``unsafe_hash``, ``match_args=False``.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, dataclass_transform

__all__ = ["FrozenInstanceError", "Field", "dataclass", "field", "fields", "replace"]

_MISSING: Any = object()
_FIELDS = "__struct_fields__"


class FrozenInstanceError(AttributeError):
    """A field of a frozen instance was set or deleted."""


class Field:
    __slots__ = ("name", "default", "default_factory", "init", "repr", "compare")

    def __init__(self, default: Any, default_factory: Any, init: bool, repr: bool, compare: bool) -> None:  # noqa: A002
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field(name={self.name!r})"


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] | Any = _MISSING, init: bool = True,
          repr: bool = True, compare: bool = True) -> Any:  # noqa: A002
    """A field with a default, a default factory, or left out of ``__init__`` / ``repr`` / comparisons."""
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, compare)


def fields(class_or_instance: Any) -> tuple[Field, ...]:
    """The fields of a class (or of an instance's class) made by ``dataclass``, in order."""
    try:
        found = getattr(class_or_instance, _FIELDS)
    except AttributeError:
        raise TypeError("fields() takes a class made by vpnaudit._struct.dataclass, or an instance of one") from None
    return tuple(found)


def replace(obj: Any, /, **changes: Any) -> Any:
    """A new instance of ``obj``'s class with ``changes`` applied (``__post_init__`` runs again)."""
    for f in fields(obj):
        if not f.init:
            if f.name in changes:
                raise ValueError(f"field {f.name} is declared with init=False, it cannot be specified with replace()")
            continue
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return type(obj)(**changes)


@dataclass_transform(field_specifiers=(field, Field))  # type checkers read these classes as dataclasses
def dataclass(cls: type | None = None, /, *, eq: bool = True, frozen: bool = False, slots: bool = False) -> Any:
    """``@dataclass`` / ``@dataclass(eq=..., frozen=..., slots=...)``, as in the standard library."""

    def wrap(klass: type) -> type:
        return _process(klass, eq, frozen, slots)

    return wrap if cls is None else wrap(cls)


# ---------------------------------------------------------------------------------------------

def _process(cls: type, eq: bool, frozen: bool, slots: bool) -> type:
    namespace = cls.__dict__
    found: list[Field] = []
    for name in namespace.get("__annotations__", {}):
        value = namespace.get(name, _MISSING)
        f = value if isinstance(value, Field) else Field(value, _MISSING, True, True, True)
        f.name = name
        if isinstance(f.default, (list, dict, set)):
            raise ValueError(f"mutable default {type(f.default).__name__} for field {name} is not allowed: use default_factory")
        found.append(f)
    names = tuple(f.name for f in found)
    if slots:
        body = {k: v for k, v in namespace.items() if k not in names and k not in ("__dict__", "__weakref__")}
        body["__slots__"] = names
        qualname = cls.__qualname__
        cls = type(cls)(cls.__name__, cls.__bases__, body)
        cls.__qualname__ = qualname
    else:
        for f in found:  # a class attribute holds the default, as with dataclasses (a factory's field has none)
            if f.default is _MISSING:
                if isinstance(namespace.get(f.name), Field):
                    delattr(cls, f.name)
            else:
                setattr(cls, f.name, f.default)
    setattr(cls, _FIELDS, tuple(found))
    own = cls.__dict__
    if "__init__" not in own:
        cls.__init__ = _bootstrap(cls, frozen)  # type: ignore[misc]
    if "__repr__" not in own:
        cls.__repr__ = _repr  # type: ignore[method-assign]
    compared = tuple(f.name for f in found if f.compare)
    if eq:
        cls.__compared__ = staticmethod(_values_of(compared))  # type: ignore[attr-defined]
        if "__eq__" not in own:
            cls.__eq__ = _eq  # type: ignore[method-assign]
        class_hash = own.get("__hash__", _MISSING)
        explicit = not (class_hash is _MISSING or (class_hash is None and "__eq__" in namespace))
        if not explicit:
            cls.__hash__ = _hash if frozen else None  # type: ignore[assignment, method-assign]
    if frozen:
        cls.__setattr__ = _frozen_setattr  # type: ignore[method-assign, assignment]
        cls.__delattr__ = _frozen_delattr  # type: ignore[method-assign, assignment]
        if slots:
            cls.__getstate__ = _getstate  # type: ignore[attr-defined]
            cls.__setstate__ = _setstate  # type: ignore[attr-defined]
    cls.__match_args__ = tuple(f.name for f in found if f.init)  # type: ignore[attr-defined]
    return cls


def _repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in getattr(self, _FIELDS) if f.repr)
    return f"{type(self).__qualname__}({shown})"


def _values_of(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of an instance's ``names`` values (what ``dataclasses`` compares and hashes)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = self.__compared__
    return values(self) == values(other)


def _hash(self: Any) -> int:
    return hash(self.__compared__(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, f.name, UNSET) for f in getattr(self, _FIELDS)]


def _setstate(self: Any, state: list[Any]) -> None:
    for f, value in zip(getattr(self, _FIELDS), state):
        if value is not UNSET:
            object.__setattr__(self, f.name, value)


class _Unset:
    """A field or slot never set (``init=False`` without default here, a private record slot in
    ``_record``), inside a pickled or compared state."""

    def __reduce__(self) -> str:
        return "UNSET"

    def __repr__(self) -> str:
        return "<unset>"


UNSET: Any = _Unset()


def _bootstrap(cls: type, frozen: bool) -> Callable[..., None]:
    """An ``__init__`` that writes the class's own ``__init__`` at its first call and hands over to it."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _init_for(cls, frozen)
        cls.__init__ = init  # type: ignore[misc]
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _init_for(cls: type, frozen: bool) -> Callable[..., None]:
    """The ``__init__`` that ``dataclasses`` would write for ``cls`` (parameters in field order)."""
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_HAS_FACTORY": _MISSING}
    params, body = [], []
    for f in getattr(cls, _FIELDS):
        name = f.name
        if f.default_factory is not _MISSING:
            namespace[f"_factory_{name}"] = f.default_factory
            if f.init:
                params.append(f"{name}=_HAS_FACTORY")
                value = f"_factory_{name}() if {name} is _HAS_FACTORY else {name}"
            else:
                value = f"_factory_{name}()"
        elif f.init:
            if f.default is not _MISSING:
                namespace[f"_default_{name}"] = f.default
                params.append(f"{name}=_default_{name}")
            else:
                params.append(name)
            value = name
        elif f.default is not _MISSING:
            namespace[f"_default_{name}"] = f.default
            value = f"_default_{name}"
        else:
            continue  # init=False without a default: set by __post_init__
        body.append(f"    _set(self, {name!r}, {value})" if frozen else f"    self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    if not params:
        source = source.replace("(self, )", "(self)")
    exec(compile(source, f"<struct {cls.__qualname__}>", "exec"), namespace)  # noqa: S102 - our own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
