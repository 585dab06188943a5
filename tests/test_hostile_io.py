"""Hostile files and names (issue 13): size caps on every input, escaped names in every format,
an empty --from-json is an error, and --save-json never writes through a planted path."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vpnaudit.cli import app
from vpnaudit.limits import TooLarge, printable, read_text

runner = CliRunner()

IOS = "hostname r1\ncrypto isakmp policy 10\n encr des\n hash md5\n authentication pre-share\n group 2\n"


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
@pytest.mark.parametrize(("option", "what"), [("--waivers", "waiver file"), ("--baseline", "baseline file")])
def test_control_files_from_dev_zero_are_an_error_not_memory_error(option: str, what: str, tmp_path: Path) -> None:
    config = tmp_path / "r1.cfg"
    config.write_text(IOS)
    result = run("lint", str(config), option, "/dev/zero")
    assert result.exit_code == 2
    assert f"{what} /dev/zero is larger than the 8 MiB limit; not read" in result.output


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_aws_dump_from_dev_zero_is_an_error() -> None:
    result = run("aws", "--from-json", "/dev/zero")
    assert result.exit_code == 2
    assert "AWS dump /dev/zero is larger than the 32 MiB limit; not read" in result.output


def test_read_text_caps_while_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * 2049)
    with pytest.raises(TooLarge, match="waiver file .*big.toml is larger than the 0 MiB limit"):
        read_text(big, 2048, "waiver file")
    assert read_text(big, 4096) == "#" * 2049


def test_aws_from_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "dumps"
    empty.mkdir()
    result = run("aws", "--from-json", str(empty))
    assert result.exit_code == 2
    assert f"{empty}: no AWS dump (*.json) to read" in result.output


def test_undecodable_control_character_file_name_in_every_format(tmp_path: Path) -> None:
    folder = tmp_path / "configs"
    folder.mkdir()
    name = os.fsdecode(b"edge\xff\x1b[31m.cfg")  # not UTF-8, and an ANSI escape sequence
    with open(os.path.join(str(folder), name), "w", encoding="utf-8") as handle:
        handle.write(IOS)
    for fmt in ("text", "json", "sarif", "html", "markdown"):
        out = tmp_path / f"out.{fmt}"
        result = run("lint", str(folder), "--format", fmt, "-o", str(out))
        assert result.exit_code == 1, (fmt, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), fmt
        text = out.read_text("utf-8")
        assert "VPN110" in text and "\x1b" not in text, fmt
    document = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert {f["path"] for f in document["findings"]} == {os.path.join(str(folder), name)}
    result = run("lint", str(folder))
    assert "edge\\udcff\\x1b[31m.cfg:" in result.output and "VPN110" in result.output
    assert "\x1b" not in result.output


def test_names_from_a_config_cannot_drive_the_terminal(tmp_path: Path) -> None:
    config = tmp_path / "r1.cfg"
    config.write_text("hostname r1\ncrypto ipsec transform-set T\x1b]0;owned\x07\u202eX esp-des esp-md5-hmac\n"
                      " mode tunnel\n", encoding="utf-8")
    result = run("lint", str(config), "--profile", "strict", "--vendor", "cisco-ios")
    assert result.exit_code == 1
    assert "T\\x1b]0;owned\\x07\\u202eX" in result.output
    assert not any(c in result.output for c in ("\x1b", "\x07", "\u202e"))


def test_printable_escapes_controls_bidi_and_surrogates() -> None:
    assert printable("a\x1b[2Jb\r\nc\u2028d\u202ee\udcff f\tg") == "a\\x1b[2Jb\\x0d\\x0ac\\u2028d\\u202ee\\udcff f\\x09g"
    assert printable("plain text: édition 中文") == "plain text: édition 中文"
