"""Every output format over the whole corpus: valid SARIF, deterministic, and never a key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from vpnaudit.cli import app

from .conftest import CORPUS, ROOT, SARIF_SCHEMA

runner = CliRunner()

# Where keys sit in the corpus, per vendor syntax. A captured value is a secret (or its stored form).
_KEY_PATTERNS = [
    r"crypto isakmp key\s+(?:[0-9]\s+)?(\S+)",
    r"(?<![-\w])key\s+(?:[0-9]\s+)?(?!address\b)(\S+)\s*$",
    r"pre-shared-key\s+(?:local\s+|remote\s+)?(?:[0-9]\s+)?(?!address\b|ascii-text\b|hexadecimal\b)(\S+)",
    r"(?:ascii-text|hexadecimal)\s+\"?([^\";\s]+)",
    r":\s*PSK\s+\"?([^\"\s]+)",
    r"secret\s*=\s*(\"[^\"]+\"|'[^']+'|\S+)",
    r"\"PreSharedKey\"\s*:\s*\"([^\"]+)\"",
    r"<pre_shared_key>([^<]+)<",
    r"pre_shared_key&gt;([^&]+)&lt;",
]
_NOT_KEYS = {"address", "local", "remote", "keyring", "*****", "<removed>", "pre-shared-key", "parameters."}


def corpus_secrets() -> set[str]:
    found: set[str] = set()
    for path in CORPUS.rglob("*"):
        if not path.is_file() or path.name == "SOURCES.md":
            continue
        text = path.read_text("utf-8", errors="replace")
        text = text.replace('\\"', '"').replace("\\n", "\n")
        for pattern in _KEY_PATTERNS:
            for match in re.finditer(pattern, text, re.M | re.I):
                value = match.group(1).strip("\"'")
                if len(value) >= 6 and value.lower() not in _NOT_KEYS and not value.startswith(("$sha", "<")):
                    found.add(value)
    return found


def corpus_dirs() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []


def test_corpus_has_keys_to_look_for(corpus: Path) -> None:
    secrets = corpus_secrets()
    assert "kmHkZujp_EWOqCVfMT87B1jTeU8hXUNK" in secrets  # AWS-generated IOS sample
    assert len(secrets) >= 10


def _formats() -> list[str]:
    formats = ["text", "json", "sarif"]
    for name in ("html", "markdown"):
        if (ROOT / "vpnaudit" / "reporters" / f"{name}.py").is_file():
            formats.append(name)
    return formats


@pytest.mark.parametrize("fmt", _formats())
def test_no_key_in_any_output(corpus: Path, fmt: str) -> None:
    secrets = corpus_secrets()
    dirs = [str(d) for d in corpus_dirs()]
    outputs = [runner.invoke(app, ["lint", *dirs, "--format", fmt, "--profile", "strict"]).output]
    outputs.append(runner.invoke(app, ["parse", *dirs, "--format", "json"]).output)
    for text in outputs:
        leaked = sorted(s for s in secrets if s in text)
        assert not leaked, f"{len(leaked)} keys leaked in {fmt} output"


def test_sarif_validates_and_is_deterministic(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the run times are the only moving part
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    args = ["lint", *map(str, corpus_dirs()), str(ROOT / "fixtures" / "examples"), "--format", "sarif"]
    first = runner.invoke(app, args).stdout
    second = runner.invoke(app, args).stdout
    assert first == second
    log = json.loads(first)
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert not errors, errors[0].message
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == sorted(ids) and "VPN000" in ids
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["properties"]["security-severity"] in {"9.5", "8.0", "5.5", "3.0", "0.0"}
        assert rule["helpUri"].endswith(f"{rule['id']}.md")
    for result in run["results"]:
        assert result["partialFingerprints"]["vpnauditIdentity/v1"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/")


def test_json_is_deterministic(corpus: Path) -> None:
    args = ["lint", *map(str, corpus_dirs()), "--format", "json"]
    assert runner.invoke(app, args).stdout == runner.invoke(app, args).stdout


@pytest.mark.parametrize("fmt", _formats())
def test_aws_from_json_prints_no_key(corpus: Path, fmt: str) -> None:
    secrets = corpus_secrets()
    result = runner.invoke(app, ["aws", "--from-json", str(CORPUS / "aws-xml"), "--format", fmt, "--profile", "strict"])
    assert result.exit_code == 1, result.output[-500:]
    for rule in ("VPN501", "VPN502", "VPN504"):
        assert rule in result.output
    leaked = sorted(s for s in secrets if s in result.output)
    assert not leaked, f"{len(leaked)} keys leaked in {fmt} output"
