"""Hostile control files: .vpnaudit.toml (and pyproject.toml), --waivers, --baseline, --policy.

Each case stopped the run with a traceback and exit code 1 (the code for findings), named no
file, echoed a value of any length, or took quadratic time and memory. The contract: exit code 2
and one line naming the file and what is wrong, in bounded time."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vpnaudit.cli import app
from vpnaudit.config import ConfigError, load_config
from vpnaudit.policy import _merge

runner = CliRunner()

IOS = "hostname r1\ncrypto isakmp policy 10\n encr des\n hash md5\n authentication pre-share\n group 2\n"
WAIVER = '[[waiver]]\nrule = "VPN110"\nreason = "r"\n'


@pytest.fixture
def device(tmp_path: Path) -> Path:
    path = tmp_path / "r1.cfg"
    path.write_text(IOS)
    return path


def lint(*args: str):
    return runner.invoke(app, ["lint", *args])


def failed(result, *words: str) -> str:
    """The one error line of a run that must end with exit code 2 (no traceback)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, (word, result.output[:500])
    return result.output


# ---------------------------------------------------------------------------------------------
# .vpnaudit.toml and pyproject.toml


@pytest.mark.parametrize("section", ["vpnaudit = 1", "vpnaudit = [1]"])
def test_a_tool_vpnaudit_that_is_no_table_is_a_config_error(tmp_path: Path, device: Path, monkeypatch,
                                                           section: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool]\n{section}\n")
    monkeypatch.chdir(tmp_path)
    failed(lint(str(device)), "pyproject.toml: invalid configuration: tool.vpnaudit must be a table")


def test_a_tool_that_is_no_table_is_no_vpnaudit_section(tmp_path: Path, device: Path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 1\n")
    monkeypatch.chdir(tmp_path)
    assert lint(str(device), "--fail-on", "critical").exit_code == 0  # someone else's pyproject: not ours
    failed(lint(str(device), "--config", "pyproject.toml"), "has no [tool.vpnaudit] section")


@pytest.mark.parametrize(("text", "words"), [
    ("x = " + "[" * 5000 + "]" * 5000 + "\n", "arrays or tables nested too deep"),
    ("x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n", "arrays or tables nested too deep"),
    ("x = " + "1" * 5000 + "\n", "a number too long to read"),
])
def test_toml_that_breaks_tomllib_is_invalid_toml(tmp_path: Path, device: Path, text: str, words: str) -> None:
    """A RecursionError or int()'s ValueError escaped the loaders: a traceback, or (waivers, policy)
    an error naming no file."""
    for name, option in (("config.toml", "--config"), ("waivers.toml", "--waivers"), ("pack.toml", "--policy")):
        path = tmp_path / name
        path.write_text(text)
        failed(lint(str(device), option, str(path)), str(path), "is not valid TOML", words)


def _refused_in(text: str, tmp_path: Path) -> float:
    path = tmp_path / "config.toml"
    path.write_text(text)
    start = time.perf_counter()
    with pytest.raises(ConfigError):  # before: "a: unknown key", once tomllib had read it
        load_config(str(path))
    return time.perf_counter() - start


@pytest.mark.parametrize("make", [
    lambda n: ".".join(["a"] * n) + " = 1\n",
    lambda n: "[" + ".".join(["a"] * (n // 3)) + "]\n" + "".join(f"k{i} = 1\n" for i in range(n // 3)),
], ids=["dotted key", "deep header over many keys"])
def test_keys_with_many_dotted_parts_take_linear_time(tmp_path: Path, make) -> None:
    """tomllib builds every prefix of a dotted key (and walks the table header for every key):
    quadratic time and memory. A key of 40,000 parts, 80 KB, took 24 s and 6 GB; here the old
    code took 5-11 s on the longer texts."""
    short = min(_refused_in(make(12_000), tmp_path) for _ in range(3))
    long = min(_refused_in(make(24_000), tmp_path) for _ in range(3))
    assert long < 2.0
    assert long < 4 * short + 0.05, (short, long)
    with pytest.raises(ConfigError, match="is not valid TOML: keys or table names with too many dotted parts"):
        load_config(str(tmp_path / "config.toml"))


def test_real_control_files_are_far_below_the_dotted_key_bound() -> None:
    from vpnaudit.limits import _key_work

    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text("utf-8") for p in [root / "pyproject.toml", *sorted((root / "rules").glob("*.toml"))]]
    texts.append("[[waiver]]\n" + 'tunnel = "203.0.113.1"\nreason = "See NET-1. Partner ASA 8.2. Renew."\n')
    texts.append('exclude = [' + ", ".join(['"*.bak"'] * 20_000) + "]\n")  # the values' dots: not keys
    texts.append("peers = [\n" + '  "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5",\n' * 20_000 + "]\n")
    for text in texts:
        assert _key_work(text) < len(text) + (1 << 20)


def test_an_error_lists_a_bounded_number_of_problems_and_quotes_bounded_values(tmp_path: Path, device: Path) -> None:
    """100,000 wrong items made a 4 MB error line; a 300 KB value, an error line as long."""
    config = tmp_path / "config.toml"
    config.write_text("select = [" + ", ".join(["1"] * 100_000) + "]\n")
    output = failed(lint(str(device), "--config", str(config)), "select.0: must be a string, not int 1",
                    "and 99,980 more")
    assert len(output) < 2_000
    for text, words in ((f'fail-on = "{"x" * 300_000}"\n', (str(config), "fail-on: must be one of")),
                        (f"{'k' * 300_000} = 1\n", (str(config), "kkk...: unknown key")),
                        (f'select = ["{"x" * 300_000}"]\n', ("unknown rule 'xxx",))):  # as --select X says
        config.write_text(text)
        assert len(failed(lint(str(device), "--config", str(config)), *words)) < 1_000


def test_a_nul_in_a_file_name_from_the_config_names_the_file(tmp_path: Path, device: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('waivers = "w\\u0000.toml"\n')
    failed(lint(str(device), "--config", str(config)), "waiver file", "w\\x00.toml does not exist")
    config.write_text('policy = "p\\u0000.toml"\n')
    failed(lint(str(device), "--config", str(config)), "cannot read policy pack", "p\\x00.toml")


def test_a_config_that_is_a_directory_says_so(tmp_path: Path, device: Path) -> None:
    failed(lint(str(device), "--config", str(tmp_path)), f"configuration file {tmp_path} is not a file")


# ---------------------------------------------------------------------------------------------
# waivers


def test_a_waiver_expiring_at_a_date_and_time_is_an_error(tmp_path: Path, device: Path) -> None:
    """A datetime passed as a date, then today > expires raised TypeError: a traceback, exit code 1."""
    waivers = tmp_path / "w.toml"
    waivers.write_text(WAIVER + "expires = 2026-02-03T10:00:00\n")
    failed(lint(str(device), "--waivers", str(waivers)), str(waivers),
           "expires: 2026-02-03T10:00:00 is a date and time; write a date like 2026-06-30")


@pytest.mark.parametrize("text", [
    '[[waiver]]\nrule = "' + "x" * 300_000 + '"\nreason = "r"\n',
    WAIVER + 'expires = "' + "x" * 300_000 + '"\n',
    WAIVER + "k" * 300_000 + " = 1\n",
    WAIVER + "".join(f"k{i} = 1\n" for i in range(50_000)),
    "".join(f"k{i} = 1\n" for i in range(50_000)),
    WAIVER + "device = [" + ", ".join(["1"] * 100_000) + "]\n",
])
def test_a_waiver_error_quotes_a_bounded_part_of_the_file(tmp_path: Path, device: Path, text: str) -> None:
    waivers = tmp_path / "w.toml"
    waivers.write_text(text)
    assert len(failed(lint(str(device), "--waivers", str(waivers)), str(waivers))) < 3_000


# ---------------------------------------------------------------------------------------------
# baseline


@pytest.mark.parametrize(("text", "words"), [
    ("[" * 100_000 + "]" * 100_000, "is not valid JSON (arrays or objects nested too deep)"),
    ('{"version": 1, "findings": [{"identity": "a", "count": ' + "1" * 5000 + "}]}",
     "is not valid JSON (a number too long to read)"),
])
def test_json_that_breaks_the_decoder_is_invalid_json(tmp_path: Path, device: Path, text: str, words: str) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(text)
    failed(lint(str(device), "--baseline", str(baseline)), str(baseline), words)


@pytest.mark.parametrize("document", [
    {"version": "x" * 300_000, "findings": []},
    {"version": 1, "findings": [{"identity": "a", "count": "x" * 300_000}]},
])
def test_a_baseline_error_quotes_a_bounded_part_of_the_file(tmp_path: Path, device: Path, document: dict) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(document))
    assert len(failed(lint(str(device), "--baseline", str(baseline)), str(baseline))) < 1_000


# ---------------------------------------------------------------------------------------------
# policy packs


def test_a_long_extends_chain_is_an_error_not_a_recursion_error(tmp_path: Path, device: Path) -> None:
    """One recursion per pack: a chain of 1,000 packs overflowed the stack."""
    for i in range(1000):
        (tmp_path / f"p{i}.toml").write_text(f'extends = "p{i + 1}.toml"\n' if i < 999 else 'extends = "recommended"\n')
    failed(lint(str(device), "--policy", str(tmp_path / "p0.toml")), f"policy pack {tmp_path / 'p0.toml'}",
           "more than 16 packs extend one another")
    (tmp_path / "p0.toml").write_text('extends = "p989.toml"\n')  # 11 packs: fine
    assert lint(str(device), "--policy", str(tmp_path / "p0.toml")).exit_code == 1


def test_merging_deep_tables_takes_no_recursion() -> None:
    def deep(leaf: dict) -> dict:
        table = leaf
        for _ in range(5000):
            table = {"a": table}
        return table

    merged = _merge(deep({"x": 1}), deep({"y": 2}))
    for _ in range(5000):
        merged = merged["a"]
    assert merged == {"x": 1, "y": 2}


def test_the_dotted_key_bound_reads_quotes_in_linear_time() -> None:
    """An unclosed string with escaped quotes must not make the bound rescan its line from each quote."""
    from vpnaudit.limits import _key_work

    def seconds(n: int) -> float:
        text = 'x = {"' + '\\"' * n + "." * 10 + "\n"
        start = time.perf_counter()
        _key_work(text)
        return time.perf_counter() - start

    short = min(seconds(100_000) for _ in range(3))
    long = min(seconds(200_000) for _ in range(3))
    assert long < 1.0 and long < 4 * short + 0.01, (short, long)


def test_a_byte_order_mark_in_a_control_file_is_no_error(tmp_path: Path, device: Path, monkeypatch) -> None:
    """Windows editors write one; tomllib refused it as 'Invalid statement (at line 1, column 1)'."""
    (tmp_path / ".vpnaudit.toml").write_bytes(b'\xef\xbb\xbfprofile = "strict"\n')
    (tmp_path / "waivers.toml").write_bytes(b"\xef\xbb\xbf" + WAIVER.encode())
    monkeypatch.chdir(tmp_path)
    result = lint(str(device), "--waivers", "waivers.toml", "--format", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["profile"] == "strict"


@pytest.mark.parametrize("option", ["--ignore", "--select"])
@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_rule_id_is_an_error_not_every_rule(device: Path, option: str, value: str) -> None:
    """'' is a prefix of every rule id: ignore = [""] (a stray comma's empty string) turned every rule
    off and the run passed with exit code 0."""
    failed(lint(str(device), option, value), "an empty rule id in select/ignore")


def _with_long_number(text: str) -> str:
    """``text`` (a JSON object) with a first member holding an integer of 5,000 digits."""
    start = text.index("{")
    return text[:start + 1] + '"Big": ' + "7" * 5000 + ", " + text[start + 1:]


@pytest.mark.parametrize("source", [
    "fixtures/examples/aws/vpn-0a1b2c3d4e5f60718.json",
    "fixtures/corpus/cloudformation/ravalrahul-vgw-static-no-tunnel-options.json",
    "fixtures/corpus/checkpoint/batfish-mgmt-api-show-vpn-communities-meshed.json",
])
def test_a_number_too_long_to_read_is_a_parse_problem_not_an_internal_error(tmp_path: Path, source: str) -> None:
    """json.loads raises a bare ValueError past int()'s 4,300 digits: 'internal error in the aws parser
    (ValueError at decoder.py:353); please report it'."""
    root = Path(__file__).resolve().parent.parent
    path = tmp_path / Path(source).name
    path.write_text(_with_long_number((root / source).read_text("utf-8")))
    result = lint(str(path), "--format", "json", "--exit-zero")
    assert result.exit_code == 0, result.output
    messages = [f["message"] for f in json.loads(result.stdout)["findings"] if f["rule_id"] == "VPN000"]
    assert any("a number too long to read" in m for m in messages), messages
    assert not any("internal error" in m for m in messages), messages
