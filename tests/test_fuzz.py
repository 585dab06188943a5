"""Fuzzing: every parser and the whole ``api.audit()`` on mutated corpus files.

A parser may only raise ``ParseError`` (nothing readable at all); anything else is a crash. The
whole audit (read, detect, parse, every rule of the strict profile, device/AWS pairing) must never
raise. The mutation engine below is shared with ``bench/fuzz.py`` (the long run: ``python
bench/fuzz.py 20000``), which prints the number of cases and every distinct crash.

Mutations are plain tuples so hypothesis can shrink them: lines dropped, duplicated, truncated,
cut to their first words, shuffled within a block, indentation broken, characters flipped, braces
and quotes unbalanced, numbers made huge / negative / zero, non-ASCII and control characters
inserted, CR line endings, and (for JSON inputs) values replaced by a value of another type.

A crash the parser owner has not fixed yet is listed in ``KNOWN_CRASHES`` (by parser module,
function and exception type, so it survives line shifts) with a concrete reproducer in
``REPRODUCERS``, run as a strict xfail: when the owner fixes it, that test XPASSes and fails,
and the entry is removed here.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from vpnaudit.model import Device
from vpnaudit.parsers import ParseError, SourceFile, get_parser, unwrap_markdown

from .conftest import CORPUS

# corpus directory -> parser vendor
VENDOR_DIRS = {
    "cisco-ios": "cisco-ios",
    "cisco-asa": "cisco-asa",
    "junos": "junos",
    "strongswan": "strongswan",
    "checkpoint": "checkpoint",
    "fortios": "fortios",
    "panos": "panos",
    "aws-xml": "aws",
    "terraform": "terraform",
    "cloudformation": "cloudformation",
}
VENDORS = tuple(VENDOR_DIRS.values())

HUGE_NUMBERS = ("0", "-1", "4294967296", "18446744073709551617", "9" * 40, "1e400", "00000000000000000007")
INSERTS = (
    "\u00e9", "\u4e2d\u6587", "\U0001f512", "\u202e", "\ufeff", "\x00", "\x1b[31m", "\t", "\r", "\\", "'", '"',
    "{", "}", "[", "]", ";", "#", "!", "=", ":", "/", "%any", "0.0.0.0/0", "256.256.256.256", "::", " ",
    "vpnaudit: disable=VPN110", "\U00010000" * 3, "\\udcff", "\\u0000",  # JSON escapes of a lone surrogate / NUL
)
BRACES = "{}[]();\"'"
JSON_VALUES: tuple[object, ...] = (None, True, 0, -1, 2**64, 1.5, "", "x" * 300, "\u00e9\ud83d", [], {}, [None], {"a": 1})


# --------------------------------------------------------------------------------------------
# The mutation engine (pure, deterministic: the same ops on the same text give the same result)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _apply_json(text: str, index: int, choice: int) -> str:
    """Replace the index-th value (pre-order) of a JSON document with a value of another type."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return text
    slots: list[tuple[object, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in node:
                slots.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for i, item in enumerate(node):
                slots.append((node, i))
                walk(item)

    walk(doc)
    if not slots:
        return json.dumps(JSON_VALUES[choice % len(JSON_VALUES)])
    container, key = slots[index % len(slots)]
    if choice % 7 == 6 and isinstance(container, dict):  # drop the key altogether
        del container[key]  # type: ignore[arg-type]
    else:
        container[key] = JSON_VALUES[choice % len(JSON_VALUES)]  # type: ignore[index]
    out = json.dumps(doc, indent=2, ensure_ascii=False)
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only an escape can carry it in a file
        out = json.dumps(doc, indent=2)
    return out


def mutate(text: str, ops: Sequence[tuple]) -> str:
    """Apply mutation ``ops`` in order. Indexes are taken modulo the current size."""
    for op in ops:
        kind, args = op[0], op[1:]
        lines = _lines(text)
        n = len(lines)
        if kind == "drop" and n > 1:
            del lines[args[0] % n]
        elif kind == "dup":
            i = args[0] % n
            lines.insert(i, lines[i])
        elif kind == "truncline":
            i = args[0] % n
            lines[i] = lines[i][: len(lines[i]) * (args[1] % 100) // 100]
        elif kind == "words":  # keep only the first k words of the line (a keyword without its arguments)
            i = args[0] % n
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            lines[i] = indent + " ".join(lines[i].split()[: args[1] % 4])
        elif kind == "wordsall":  # every line cut to its first k words, from line i on
            start = args[0] % n
            lines[start:] = [ln[: len(ln) - len(ln.lstrip())] + " ".join(ln.split()[: args[1] % 4]) for ln in lines[start:]]
        elif kind == "shuffleall":
            random.Random(args[0]).shuffle(lines)
        elif kind == "truncfile":
            text = text[: len(text) * (args[0] % 100) // 100]
            continue
        elif kind == "shuffle":
            i = args[0] % n
            block = lines[i : i + 2 + args[1] % 12]
            random.Random(args[2]).shuffle(block)
            lines[i : i + len(block)] = block
        elif kind == "dedent":
            i = args[0] % n
            lines[i] = lines[i].lstrip()
        elif kind == "indent":
            i = args[0] % n
            lines[i] = ("\t" if args[2] else " ") * (args[1] % 9) + lines[i]
        elif kind == "flip":
            if text:
                pos = args[0] % len(text)
                text = text[:pos] + chr(args[1] % 0x110000 if args[1] % 0x110000 not in range(0xD800, 0xE000) else 0xFFFD) + text[pos + 1 :]
            continue
        elif kind == "brace":
            i = args[0] % n
            ch = BRACES[args[1] % len(BRACES)]
            lines[i] = ch + lines[i] if args[2] else lines[i] + ch
        elif kind == "unbrace":
            hits = [m.start() for m in re.finditer(r"[{}\[\]\"]", text)]
            if hits:
                pos = hits[args[0] % len(hits)]
                text = text[:pos] + text[pos + 1 :]
            continue
        elif kind == "number":
            i = args[0] % n
            value = HUGE_NUMBERS[args[1] % len(HUGE_NUMBERS)]
            lines[i] = re.sub(r"\d+", value, lines[i], count=1 + args[2] % 3)
        elif kind == "insert":
            if text:
                pos = args[0] % (len(text) + 1)
                text = text[:pos] + INSERTS[args[1] % len(INSERTS)] + text[pos:]
            continue
        elif kind == "crlf":
            text = text.replace("\n", "\r\n") if args[0] % 2 else text.replace("\n", "\r")
            continue
        elif kind == "json":
            text = _apply_json(text, args[0], args[1])
            continue
        text = "\n".join(lines)
    return text


OP_KINDS = ("drop", "dup", "truncline", "words", "wordsall", "shuffleall", "truncfile", "shuffle", "dedent", "indent", "flip", "brace",
            "unbrace", "number", "insert", "crlf", "json")


def random_ops(rng: random.Random, json_input: bool) -> list[tuple]:
    """1..6 random ops (used by bench/fuzz.py; hypothesis builds its own below)."""
    ops: list[tuple] = []
    for _ in range(rng.randint(1, 6)):
        kind = rng.choice(OP_KINDS if json_input else OP_KINDS[:-1])
        if kind in ("truncfile", "shuffleall") and rng.random() < 0.7:  # whole-file ops: less often
            kind = "truncline"
        big = lambda: rng.randrange(10**6)  # noqa: E731
        if kind == "flip":
            ops.append((kind, big(), rng.choice((rng.randrange(32, 127), rng.randrange(0x110000)))))
        elif kind in ("shuffle", "indent", "brace", "number"):
            ops.append((kind, big(), big(), rng.randrange(2) if kind in ("indent", "brace") else big()))
        elif kind in ("truncline", "words", "wordsall", "insert", "json"):
            ops.append((kind, big(), big()))
        else:
            ops.append((kind, big()))
    return ops


# --------------------------------------------------------------------------------------------
# Corpus and crash signatures


@dataclass(frozen=True)
class Seed:
    vendor: str
    path: Path
    text: str  # after unwrap_markdown for .md pages

    @property
    def is_json(self) -> bool:
        return self.text.lstrip()[:1] in ("{", "[")


def corpus_seeds(root: Path = CORPUS) -> dict[str, list[Seed]]:
    seeds: dict[str, list[Seed]] = {v: [] for v in VENDORS}
    if not root.is_dir():
        return seeds
    for directory, vendor in VENDOR_DIRS.items():
        folder = root / directory
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            text = path.read_text("utf-8", errors="replace")
            if path.suffix.lower() in (".md", ".markdown"):
                text = unwrap_markdown(text)
            seeds[vendor].append(Seed(vendor, path, text))
    return seeds


def signature(exc: BaseException) -> tuple[str, str, str]:
    """(module, function, exception type) of the innermost vpnaudit frame: stable across line shifts."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/vpnaudit/" in f.filename.replace("\\", "/")]
    frame = frames[-1] if frames else traceback.extract_tb(exc.__traceback__)[-1]
    return (Path(frame.filename).stem, frame.name, type(exc).__name__)


def where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/vpnaudit/" in f.filename.replace("\\", "/")]
    frame = frames[-1] if frames else traceback.extract_tb(exc.__traceback__)[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}: {type(exc).__name__}"


def run_parser(vendor: str, path: str, text: str) -> BaseException | None:
    """None when the parser behaved (devices or ParseError), else the offending exception."""
    parser = get_parser(vendor)
    assert parser is not None, vendor
    try:
        score = parser.detect(text, path)
    except Exception as exc:  # noqa: BLE001 - detect() runs on every input file: it must never raise
        return exc
    if not isinstance(score, int) or not 0 <= score <= 100:
        return TypeError(f"detect() returned {score!r}, not an int in 0..100")
    try:
        result = parser.parse([SourceFile(path=path, text=text)])
    except ParseError:
        return None
    except Exception as exc:  # noqa: BLE001 - that is what we are looking for
        return exc
    if not isinstance(result, list) or not all(isinstance(d, Device) for d in result):
        return TypeError(f"parse() returned {type(result).__name__}, not a list of Device")
    return None


def run_audit(files: Sequence[tuple[str, str]], aws_json: Path | None = None) -> BaseException | None:
    """Write ``files`` (name, text) to a temporary directory and audit it (strict profile)."""
    from vpnaudit.api import AuditOptions, audit

    tmp = Path(tempfile.mkdtemp(prefix="vpnaudit-fuzz-"))
    try:
        paths = []
        for i, (name, text) in enumerate(files):
            target = tmp / f"{i}" / name
            target.parent.mkdir()
            target.write_text(text, encoding="utf-8")
            paths.append(str(target))
        if aws_json is not None:
            paths.append(str(aws_json))
        try:
            report = audit(paths, AuditOptions(profile="strict"))
        except Exception as exc:  # noqa: BLE001
            return exc
        crashed = [f for f in report.findings if f.target == "problem:crash"]
        if crashed:  # a parser crash turned into VPN000 by api: still a parser bug
            return RuntimeError(crashed[0].message)
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# Crashes found by fuzzing that the parser owners have not fixed yet: signature -> reproducer id.
KNOWN_CRASHES: dict[tuple[str, str, str], str] = {
}

# Minimal reproducers: id -> (vendor, path, text, "file:line and exception at the time of writing").
# Entries whose signature is not in KNOWN_CRASHES are fixed: they run as regression tests.
REPRODUCERS: dict[str, tuple[str, str, str, str]] = {
    "aws-algorithm-not-a-string": (
        "aws", "dump.json",
        '{"VpnConnections": [{"VpnConnectionId": "vpn-1", "Options": {"TunnelOptions": [{"OutsideIpAddress": '
        '"203.0.113.1", "Phase1IntegrityAlgorithms": [{"Value": 5}]}]}}]}',
        "vpnaudit/aws/convert.py:350 normalize_algorithm: AttributeError 'int' object has no attribute 'strip' "
        "(an algorithm Value that is not a string)",
    ),
    "aws-routes-not-a-list": (
        "aws", "dump.json",
        '{"VpnConnections": [{"VpnConnectionId": "vpn-1", "Routes": 5}]}',
        "vpnaudit/aws/convert.py:599 _connection: TypeError 'int' object is not iterable (Routes not a list)",
    ),
    "aws-xml-lone-surrogate": (
        "aws", "dump.json",
        '{"VpnConnections": [{"VpnConnectionId": "vpn-1", "CustomerGatewayConfiguration": '
        '"<vpn_connection id=\\"vpn-1\\">\\udcff</vpn_connection>"}]}',
        "vpnaudit/aws/convert.py:229 _parse_xml: UnicodeEncodeError surrogates not allowed (a JSON \\udcff "
        "escape inside CustomerGatewayConfiguration reaches expat)",
    ),
    # bench/fuzz.py 40000 3120607 (2026-12-06): three signatures, fixed the same day.
    "aws-telemetry-tags-gateways-not-lists": (
        "aws", "dump.json",
        '{"VpnConnections": [{"VpnConnectionId": "vpn-1", "VgwTelemetry": 5.0, "Tags": 7, "Options": '
        '{"TunnelOptions": [{"OutsideIpAddress": "203.0.113.1"}]}}], "CustomerGateways": 3, "VpnGateways": 1.5}',
        "vpnaudit/aws/convert.py:574 _connection: TypeError 'float' object is not iterable (VgwTelemetry not a list)",
    ),
    "aws-xml-unknown-encoding": (
        "aws", "dump.json",
        '{"VpnConnections": [{"VpnConnectionId": "vpn-1", "CustomerGatewayConfiguration": '
        '"<?xml version=\\"1.0\\" encoding=\\"UTF-0\\"?><vpn_connection id=\\"vpn-1\\"></vpn_connection>"}]}',
        "vpnaudit/aws/convert.py:238 _parse_xml: LookupError unknown encoding: UTF-0 (the XML declaration of "
        "CustomerGatewayConfiguration)",
    ),
    "fortios-version-out-of-range": (
        "fortios", "fgt.conf",
        "#config-version=FGT60E-999999.9.3-FW-build1066-200327:opmode=0:vdom=0:user=admin\n"
        "config vpn ipsec phase1-interface\n    edit \"aws1\"\n        set interface \"port1\"\n"
        "        set remote-gw 203.0.113.1\n    next\nend\n",
        "vpnaudit/parsers/fortios/objects.py:142 default: AssertionError phase1 dhgrp (a version above every "
        "default's range)",
    ),
    "aws-saved-dump-gateways-not-a-list": (
        "aws", "dump.json",
        '{"Dumps": [{"Account": "1", "Region": "us-east-1", "CustomerGateways": 5, "VpnConnections": '
        '[{"VpnConnectionId": "vpn-1", "Options": {"TunnelOptions": [{"OutsideIpAddress": "203.0.113.1"}]}}]}]}',
        "vpnaudit/parsers/aws.py:36 _gateways: TypeError 'int' object is not iterable (found reading the code "
        "after the fuzzer's finds)",
    ),
    "terraform-plan-lists-that-are-not": (
        "terraform", "plan.json",
        '{"format_version": "1.2", "terraform_version": "1.6.0", "resource_changes": [{"type": "aws_vpn_connection", '
        '"address": "aws_vpn_connection.a", "change": {"actions": 5, "after": null}}], "planned_values": '
        '{"root_module": {"resources": 3, "child_modules": 4}}}',
        "vpnaudit/parsers/terraform.py:396 _plan_resources: TypeError argument of type 'int' is not iterable "
        "(found reading the code after the fuzzer's finds)",
    ),
}


# --------------------------------------------------------------------------------------------
# Tests

SEEDS = corpus_seeds()

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    pytest.skip("hypothesis not installed", allow_module_level=True)

_idx = st.integers(min_value=0, max_value=10**6)
_op = st.one_of(
    st.tuples(st.just("drop"), _idx),
    st.tuples(st.just("dup"), _idx),
    st.tuples(st.just("truncline"), _idx, _idx),
    st.tuples(st.just("words"), _idx, _idx),
    st.tuples(st.just("wordsall"), _idx, _idx),
    st.tuples(st.just("shuffleall"), _idx),
    st.tuples(st.just("truncfile"), _idx),
    st.tuples(st.just("shuffle"), _idx, _idx, _idx),
    st.tuples(st.just("dedent"), _idx),
    st.tuples(st.just("indent"), _idx, _idx, st.booleans()),
    st.tuples(st.just("flip"), _idx, st.integers(min_value=0, max_value=0x10FFFF)),
    st.tuples(st.just("brace"), _idx, _idx, st.booleans()),
    st.tuples(st.just("unbrace"), _idx),
    st.tuples(st.just("number"), _idx, _idx, _idx),
    st.tuples(st.just("insert"), _idx, _idx),
    st.tuples(st.just("crlf"), _idx),
    st.tuples(st.just("json"), _idx, _idx),
)
_ops = st.lists(_op, min_size=1, max_size=6)

FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check_parser(vendor: str, seed_index: int, ops: list[tuple]) -> None:
    seeds = SEEDS[vendor]
    if not seeds:
        pytest.skip(f"no corpus files for {vendor}")
    seed = seeds[seed_index % len(seeds)]
    text = mutate(seed.text, ops)
    exc = run_parser(vendor, seed.path.name, text)
    if exc is not None and signature(exc) not in KNOWN_CRASHES:
        raise AssertionError(
            f"{vendor} parser crashed on {seed.path.name} mutated by {ops!r}: {where(exc)}") from exc


@pytest.mark.parametrize("vendor", VENDORS)
@FUZZ
@given(seed_index=st.integers(min_value=0, max_value=50), ops=_ops)
def test_parser_never_crashes_on_mutated_corpus(corpus: Path, vendor: str, seed_index: int, ops: list[tuple]) -> None:
    _check_parser(vendor, seed_index, ops)


@pytest.mark.parametrize("vendor", VENDORS)
@settings(FUZZ, max_examples=100)
@given(seed_index=st.integers(min_value=0, max_value=50), text=st.text(max_size=300))
def test_parser_never_crashes_on_arbitrary_text(corpus: Path, vendor: str, seed_index: int, text: str) -> None:
    """Random text spliced into the middle of a real file (grammar fragments around garbage)."""
    seeds = SEEDS[vendor]
    if not seeds:
        pytest.skip(f"no corpus files for {vendor}")
    seed = seeds[seed_index % len(seeds)]
    middle = len(seed.text) // 2
    exc = run_parser(vendor, seed.path.name, seed.text[:middle] + text + seed.text[middle:])
    if exc is not None and signature(exc) not in KNOWN_CRASHES:
        raise AssertionError(f"{vendor} parser crashed on {seed.path.name} + {text!r}: {where(exc)}") from exc


@settings(FUZZ, max_examples=150)
@given(vendor=st.sampled_from(VENDORS), seed_index=st.integers(min_value=0, max_value=50), ops=_ops,
       with_aws=st.booleans())
def test_audit_never_raises_on_mutated_corpus(corpus: Path, vendor: str, seed_index: int, ops: list[tuple],
                                              with_aws: bool) -> None:
    """read -> detect -> parse -> every strict rule -> pairing with a (real) AWS dump."""
    if not SEEDS[vendor] or not SEEDS["aws"]:
        pytest.skip("corpus incomplete")
    seed = SEEDS[vendor][seed_index % len(SEEDS[vendor])]
    aws = SEEDS["aws"][seed_index % len(SEEDS["aws"])].path if with_aws and vendor != "aws" else None
    exc = run_audit([(seed.path.name, mutate(seed.text, ops))], aws)
    if exc is not None and (not isinstance(exc, RuntimeError) or "internal error" not in str(exc)):
        if signature(exc) not in KNOWN_CRASHES:
            raise AssertionError(f"audit raised on {seed.path.name} mutated by {ops!r}: {where(exc)}") from exc


def test_mutations_are_deterministic_and_do_mutate() -> None:
    text = "crypto isakmp policy 10\n encr aes 256\n group 14\n"
    assert mutate(text, [("drop", 1)]) == "crypto isakmp policy 10\n group 14\n"
    assert mutate(text, [("words", 0, 2)]) == "crypto isakmp\n encr aes 256\n group 14\n"
    assert mutate(text, [("number", 2, 4, 0)]) == "crypto isakmp policy 10\n encr aes 256\n group " + "9" * 40 + "\n"
    assert mutate('{"a": [1, "b"]}', [("json", 1, 0)]) == '{\n  "a": [\n    null,\n    "b"\n  ]\n}'
    ops = random_ops(random.Random(7), json_input=False)
    assert mutate(text, ops) == mutate(text, ops)


def _reproducer_params() -> list:
    open_ids = set(KNOWN_CRASHES.values())
    params = [
        pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=f"{REPRODUCERS[key][0]} parser: {REPRODUCERS[key][3]}"))
        if key in open_ids else pytest.param(key)
        for key in sorted(REPRODUCERS)
    ]
    return params or [pytest.param(None, marks=pytest.mark.skip(reason="no known parser crash"))]


@pytest.mark.parametrize("reproducer", _reproducer_params())
def test_known_crash_reproducers(reproducer: str | None) -> None:
    """Each crash found, minimal: a strict xfail while open (so its fix is noticed), a regression
    test once fixed."""
    vendor, path, text, _ = REPRODUCERS[reproducer]  # type: ignore[index]
    exc = run_parser(vendor, path, text)
    assert exc is None, where(exc)


def iter_cases(seeds: dict[str, list[Seed]], n: int, seed: int = 0) -> Iterator[tuple[Seed, list[tuple]]]:
    """``n`` random (seed file, ops) cases, round-robin over the vendors (bench/fuzz.py)."""
    rng = random.Random(seed)
    vendors = [v for v in VENDORS if seeds.get(v)]
    for i in range(n):
        vendor = vendors[i % len(vendors)]
        file = rng.choice(seeds[vendor])
        yield file, random_ops(rng, file.is_json)
