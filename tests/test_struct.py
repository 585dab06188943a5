"""vpnaudit._struct behaves as the standard dataclasses for what vpnaudit uses (compared side by side)."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from vpnaudit._struct import FrozenInstanceError, dataclass, field, fields, replace

OPTIONS = [{}, {"slots": True}, {"frozen": True}, {"frozen": True, "slots": True}, {"slots": True, "eq": False}]


def _pair(options: dict) -> tuple[type, type]:
    made = []
    for decorate, make_field in ((dataclasses.dataclass, dataclasses.field), (dataclass, field)):
        @decorate(**options)
        class Point:
            a: int
            b: str = "x"
            c: list = make_field(default_factory=list)
            d: tuple = ()
            e: int = make_field(default=5, repr=False, compare=False)

        made.append(Point)
    return made[0], made[1]


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_same_behaviour_as_the_standard_dataclasses(options):
    std, own = _pair(options)
    assert repr(own(1)) == repr(std(1)) and repr(own(1)).endswith("Point(a=1, b='x', c=[], d=())")
    assert repr(own(2, "y", [3], (4,), 6)) == repr(std(2, "y", [3], (4,), 6))  # positional, as dataclasses
    assert (own(1, "y") == own(1, "y")) == (std(1, "y") == std(1, "y"))
    assert (own(1, e=3) == own(1, e=4)) == (std(1, e=3) == std(1, e=4))  # compare=False
    assert own(1) != own(2)
    assert (own.__hash__ is None) == (std.__hash__ is None)
    assert hasattr(own(1), "__dict__") == hasattr(std(1), "__dict__")
    assert own.__match_args__ == std.__match_args__
    assert [f.name for f in fields(own)] == [f.name for f in dataclasses.fields(std)]
    assert own(1).c is not own(1).c  # a new list each time
    with pytest.raises(TypeError):
        own()
    with pytest.raises(TypeError):
        own(1, "y", [], (), 5, "too many")
    changed = replace(own(1, "q"), a=7)
    assert (changed.a, changed.b) == (7, "q")
    if options.get("frozen"):
        assert hash(own(1, c=None, d=(2,))) == hash(own(1, c=None, d=(2,)))
        with pytest.raises(FrozenInstanceError):
            own(1).a = 2
        with pytest.raises(AttributeError):  # FrozenInstanceError is one, as in dataclasses
            del own(1).b
    else:
        point = own(1)
        point.a = 5
        assert point.a == 5


@dataclass(frozen=True, slots=True)
class _FrozenSlots:
    a: int
    b: list = field(default_factory=list)


@dataclass(slots=True)
class _Slots:
    a: int
    b: list = field(default_factory=list)


@dataclass(frozen=True)
class _Frozen:
    a: int


@pytest.mark.parametrize("obj", [_FrozenSlots(1, [2]), _Slots(1, [2]), _Frozen(3)], ids=repr)
def test_instances_pickle_and_copy(obj):
    for back in (pickle.loads(pickle.dumps(obj)), copy.deepcopy(obj), copy.copy(obj)):
        assert back == obj and repr(back) == repr(obj) and back is not obj


def test_post_init_and_fields_outside_init():
    @dataclass
    class Selector:
        base: str = "."
        _patterns: list = field(init=False, repr=False)

        def __post_init__(self) -> None:
            self._patterns = [self.base]

    selector = Selector("etc")
    assert selector._patterns == ["etc"] and repr(selector).endswith("Selector(base='etc')")
    with pytest.raises(ValueError):
        replace(selector, _patterns=[])


def test_a_method_of_the_class_body_is_kept():
    @dataclass(frozen=True, slots=True)
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert repr(Named("x")) == "<x>" and Named("x") == Named("x") and len({Named("x"), Named("x")}) == 1


def test_a_mutable_default_is_refused():
    with pytest.raises(ValueError):
        @dataclass
        class Bad:
            items: list = []  # noqa: RUF012
