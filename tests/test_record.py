"""The frozen records under the model (vpnaudit/_record.py): what pydantic used to guarantee still holds."""

from __future__ import annotations

import copy
import pickle

import pytest

from vpnaudit import _record
from vpnaudit.config import ConfigError, _validate
from vpnaudit.findings import Finding, Severity
from vpnaudit.model import Device, IkeProposal, IpsecConfig, PreSharedKey, Tunnel, Unmodeled
from vpnaudit.policy import PolicyError, load_policy

SECRET = "Zq8vN3xR6tB1wK5m"


def test_the_suite_runs_with_strict_checks():
    assert _record.CHECK, "tests/conftest.py sets VPNAUDIT_CHECK_MODELS=1"


@pytest.mark.parametrize(
    ("cls", "fields", "message"),
    [
        (IkeProposal, {"dh_groups": [14]}, "IkeProposal.dh_groups: [14] is not"),  # a list where a tuple is declared
        (IkeProposal, {"lifetime_seconds": "28800"}, "IkeProposal.lifetime_seconds: '28800'"),
        (IkeProposal, {"lifetime_seconds": True}, "IkeProposal.lifetime_seconds: True"),
        (IkeProposal, {"auth": "rsa"}, "IkeProposal.auth: 'rsa'"),  # outside the Literal
        (IpsecConfig, {"proposals": (IkeProposal(),)}, "IpsecConfig.proposals"),  # wrong record type
        (Tunnel, {"name": None}, "Tunnel.name: None"),
    ],
)
def test_wrong_types_are_refused(cls, fields, message):
    with pytest.raises(TypeError) as info:
        cls(**fields)
    assert message in str(info.value)


def test_unknown_and_missing_fields_are_refused_always():
    with pytest.raises(TypeError, match="unexpected keyword argument 'lifetime'"):
        IkeProposal(lifetime=3600)
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'name'"):
        Tunnel()
    with pytest.raises(TypeError, match="positional"):
        IkeProposal("AES256")  # type: ignore[misc]
    with pytest.raises(TypeError, match="unknown field"):
        IkeProposal().model_copy(update={"lifetime": 3600})


def test_masked_fields_are_masked_when_built():
    text = f"crypto isakmp key {SECRET} address 0.0.0.0"
    unmodeled = Unmodeled(line=1, text=text)
    assert SECRET not in unmodeled.text and unmodeled.text.startswith("crypto isakmp key")
    proposal = IkeProposal(encryption=(f"UNKNOWN:key {SECRET}",))
    assert SECRET not in repr(proposal)
    device = Device(source="x", vendor="cisco-ios", extra={"note": f"pre-shared-key {SECRET}"})
    assert SECRET not in repr(device.extra)


# The only text fields of the model that are not ``Masked``: what vpnaudit itself writes there.
UNMASKED_TEXT = {
    "file", "source", "files",  # paths, as the user gave them
    "defaults", "lines",  # names of settings (ours) and their line numbers
    "kind",  # DanglingReference: our word for the kind of object
    "rule_ids",  # InlineSuppression: only ids that match VPN\d{3}
    "charset",  # PreSharedKey: our classes of characters, never the characters
}


def test_every_text_field_of_the_model_is_masked():
    """A parser or converter that puts input text in a plain ``str`` field bypasses the masking: an
    AWS dump's tags and routes, a CloudFormation parameter (a YAML scalar can span lines and carry a
    key line with it). Every field typed ``str`` must be ``Masked``, or hold only what vpnaudit writes."""
    import typing

    from vpnaudit import model

    plain = []
    for cls in vars(model).values():
        if isinstance(cls, type) and issubclass(cls, _record.Record) and cls.__module__ == model.__name__:
            for name, hint in typing.get_type_hints(cls, include_extras=True).items():
                if name.startswith("_") or name in UNMASKED_TEXT:
                    continue
                if _plain_text(hint):
                    plain.append(f"{cls.__name__}.{name}: {hint}")
    assert not plain, "text fields that are not Masked:\n" + "\n".join(plain)


def _plain_text(hint) -> bool:
    """``hint`` holds a ``str`` that is not ``Masked`` (a ``Literal`` is a closed set of our words)."""
    import typing

    origin = typing.get_origin(hint)
    if hint is str:
        return True
    if origin is typing.Annotated:
        return "masked" not in hint.__metadata__ and _plain_text(typing.get_args(hint)[0])
    if origin is typing.Literal:
        return False
    return any(_plain_text(arg) for arg in typing.get_args(hint))


def test_tags_are_masked_pair_by_pair():
    from vpnaudit.model import AwsConnection

    connection = AwsConnection(id="vpn-1", tags=(("note", f"pre-shared-key {SECRET}"),), static_routes=(f"psk {SECRET}",))
    assert SECRET not in repr(connection)
    assert connection.tags[0][0] == "note"


def test_frozen_equal_hashable_picklable():
    a = IkeProposal(encryption=("AES256",), dh_groups=(14,), line=3, lines=(("dh_groups", 5),))
    b = IkeProposal(encryption=("AES256",), dh_groups=(14,), line=3, lines=(("dh_groups", 5),))
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != a.model_copy(update={"line": 4})
    with pytest.raises(AttributeError, match="frozen"):
        a.line = 4  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(a)) == a
    key = PreSharedKey.from_secret(SECRET, line=2)
    copy = pickle.loads(pickle.dumps(key))
    assert copy.same_key(key) is True and copy.same_key(PreSharedKey.from_secret(SECRET + "x")) is False


class _One(_record.Record):
    only: int = 1


class _Empty(_record.Record):
    pass


class _Private(_record.Record):
    name: str = "n"
    _note: str | None = None


class _MorePrivate(_Private):
    extra: tuple[int, ...] = ()


@pytest.mark.parametrize("record", [
    _One(only=3), _Empty(), _Private(name="a"), _MorePrivate(name="b", extra=(1, 2)),
    Finding(rule_id="VPN110", rule_name="x", severity="high", message="m", path="p", line=4, tunnel=None),
    Device(source="x", vendor="cisco-ios", tunnels=(Tunnel(name="T1", ike=None),)),
])
def test_a_pickled_record_comes_back_whole(record):
    """``__reduce__`` sends every slot in one tuple (``_state``) and ``_rebuild`` sets them without a dict:
    a record with one field, none, private slots (set or not) or inherited ones comes back equal."""
    copy = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(copy) is type(record) and copy == record
    if not isinstance(record, Device):  # a device holds a dict (``extra``): not hashable
        assert hash(copy) == hash(record)
    assert _record._state(copy) == _record._state(record) == tuple(
        getattr(record, n, _record._UNSET) for n in type(record)._slots)
    if isinstance(record, _Private):
        record._note = "kept"
        assert pickle.loads(pickle.dumps(record))._note == "kept"
        object.__delattr__(record, "_note")  # a private slot never set stays unset
        assert _record._state(record)[-1] is _record._UNSET
        assert not hasattr(pickle.loads(pickle.dumps(record)), "_note")


def test_records_keep_their_values_in_slots():
    key = PreSharedKey.from_secret(SECRET, line=2)
    assert not hasattr(key, "__dict__") and "line" in slots_of(PreSharedKey)
    assert PreSharedKey(line=2).same_key(key) is None  # built without a secret: no digest, unknown
    moved = key.model_copy(update={"line": 7})
    assert moved.line == 7 and moved.same_key(key) is True  # the private digest goes with the copy
    assert copy.deepcopy(key).same_key(key) is True and copy.copy(key) == key
    with pytest.raises(AttributeError):
        key.surprise = 1  # type: ignore[attr-defined]


def slots_of(cls: type) -> set[str]:
    """Every slot along the class's bases."""
    return {name for klass in cls.__mro__ for name in klass.__dict__.get("__slots__", ())}


def test_dumps_follow_the_export_contract():
    a = IkeProposal(dh_groups=(14,), line=3, lines=(("dh_groups", 5),))
    assert a.model_dump(mode="json", exclude_none=True) == {"line": 3, "defaults": [], "lines": {"dh_groups": 5},
                                                            "encryption": [], "integrity": [], "prf": [],
                                                            "dh_groups": [14], "versions": []}
    assert "lines" not in IkeProposal(line=3).model_dump()
    key = PreSharedKey.from_bytes(bytes(range(200, 216)), line=2)
    assert key.binary and "binary" not in key.model_dump() and "digest" not in key.model_dump_json()
    finding = Finding(rule_id="VPN110", rule_name="x", severity="high", message="m", path="p")
    assert finding.severity is Severity.HIGH and finding.model_dump(mode="json")["severity"] == "high"


def test_policy_and_config_errors_name_the_key(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text('extends = "aws"\n[psk]\nmin_length = "eight"\nminimum = 8\n')
    with pytest.raises(PolicyError) as info:
        load_policy(str(pack))
    assert "psk.min_length: must be an integer, not str 'eight'" in str(info.value)
    assert "psk.minimum: unknown key" in str(info.value)
    with pytest.raises(ConfigError) as info:
        _validate({"fail-on": "severe", "libreswan-version": 6, "select": "VPN110"}, "/repo/.vpnaudit.toml")
    message = str(info.value)
    assert message.startswith("/repo/.vpnaudit.toml: invalid configuration:")
    assert "fail-on: must be one of 'info', 'low', 'medium', 'high', 'critical', not 'severe'" in message
    assert "libreswan-version: must be one of 3, 4, 5, not 6" in message
    assert "select: must be a list, not str" in message
