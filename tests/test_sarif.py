"""SARIF for GitHub code scanning in real use (issue 19, observation 4): root-relative URIs with
%SRCROOT%, the same URI and fingerprint from any working directory, fingerprints that never merge two
findings, rule help once, provenance and invocation facts, GitHub's upload limits."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from vpnaudit.findings import Finding, Report, Rule, Severity
from vpnaudit.reporters import sarif

from .conftest import CORPUS, ROOT, SARIF_SCHEMA

EXAMPLES = ROOT / "fixtures" / "examples"
TIMES = re.compile(r'"(startTimeUtc|endTimeUtc)": "[^"]*"')

# GitHub's documented limits ("SARIF results exceed limit", "SARIF support for code scanning")
GITHUB = {"runs": 20, "results": 25_000, "rules": 25_000, "tags": 20, "locations": 1_000, "gzip_bytes": 10 * 2**20}


def vpnaudit(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vpnaudit", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, check=False, timeout=120)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A git repository with a remote (credentials in its URL), the examples in configs/."""
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    root = tmp_path / "net"
    shutil.copytree(EXAMPLES, root / "configs")
    shutil.copy(CORPUS / "junos" / "batfish-ike-proposal-set.set", root / "configs" / "junos" / "b.set")
    (root / ".vpnaudit.toml").write_text('profile = "strict"\n')
    for args in (["init", "-q", "-b", "main"], ["config", "user.email", "t@example.com"], ["config", "user.name", "t"],
                 ["remote", "add", "origin", "https://bot:ghp_T0KEN@github.com/acme/net.git"],
                 ["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "c"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def test_same_sarif_from_the_root_and_from_a_sub_folder(repo: Path) -> None:
    from_root = vpnaudit(repo, "lint", "configs", "-f", "sarif")
    from_sub = vpnaudit(repo / "configs" / "junos", "lint", "../../configs", "-f", "sarif")
    from_abs = vpnaudit(repo / "configs", "lint", str(repo / "configs"), "-f", "sarif")
    assert from_root.returncode == 1, from_root.stderr
    assert TIMES.sub("", from_root.stdout) == TIMES.sub("", from_sub.stdout) == TIMES.sub("", from_abs.stdout)
    run = json.loads(from_root.stdout)["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "configs/cisco-asa/asa-1.cfg" in uris and not any(".." in u or u.startswith("/") for u in uris)
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.resolve().as_uri() + "/"}}
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    assert run["versionControlProvenance"] == [{
        "repositoryUri": "https://github.com/acme/net.git", "revisionId": head, "branch": "main",
        "mappedTo": {"uriBaseId": "%SRCROOT%"}}]
    assert "ghp_T0KEN" not in from_root.stdout
    assert run["properties"]["configFile"] == ".vpnaudit.toml" and run["properties"]["profile"] == "strict"
    assert {a["location"]["uri"] for a in run["artifacts"]} >= {"configs/cisco-ios/edge-1.cfg", "configs/junos/b.set"}
    invocation = run["invocations"][0]
    assert invocation["exitCode"] == 1 and invocation["executionSuccessful"] is True
    assert invocation["startTimeUtc"] <= invocation["endTimeUtc"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", invocation["startTimeUtc"])


def test_without_a_remote_no_provenance_entry_but_the_commit(repo: Path) -> None:
    subprocess.run(["git", "remote", "remove", "origin"], cwd=repo, check=True)
    run = json.loads(vpnaudit(repo, "lint", "configs", "-f", "sarif").stdout)["runs"][0]
    assert "versionControlProvenance" not in run  # the schema requires repositoryUri
    assert run["properties"]["versionControl"]["branch"] == "main"
    assert re.fullmatch(r"[0-9a-f]{40}", run["properties"]["versionControl"]["revisionId"])


def test_outside_git_the_config_folder_is_the_root(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(EXAMPLES / "cisco-ios", project / "configs")
    (project / "vpnaudit.toml").write_text('profile = "aws"\n')
    run = json.loads(vpnaudit(project, "lint", "configs", "-f", "sarif").stdout)["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "configs/edge-1.cfg"


def _finding(line: int, message: str, target: str = "ike-proposal:P") -> Finding:
    return Finding(rule_id="VPN110", rule_name="ike-weak-encryption", severity=Severity.HIGH, message=message,
                   path="edge.cfg", line=line, device="edge.cfg", target=target)


def test_distinct_findings_never_share_a_fingerprint() -> None:
    rule = Rule("VPN110", "ike-weak-encryption", Severity.HIGH, "aws", "weak IKE encryption")
    findings = [_finding(3, "proposal P offers DES"), _finding(9, "proposal P offers 3DES"),
                _finding(12, "proposal P offers 3DES"), _finding(20, "x", target="ike-proposal:Q")]
    log = sarif.build(Report(findings=findings, rules=[rule]))
    prints = [r["partialFingerprints"]["vpnauditIdentity/v1"] for r in log["runs"][0]["results"]]
    assert len(set(prints)) == 4
    # line-independent: moving every finding down keeps every fingerprint
    moved = [f.model_copy(update={"line": f.line + 5}) for f in findings]
    log = sarif.build(Report(findings=moved, rules=[rule]))
    assert [r["partialFingerprints"]["vpnauditIdentity/v1"] for r in log["runs"][0]["results"]] == prints


def test_rule_help_once_per_rule_and_only_rules_with_results(repo: Path) -> None:
    text = vpnaudit(repo, "lint", "configs", "-f", "sarif").stdout
    run = json.loads(text)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {r["ruleId"] for r in run["results"]}
    for rule in rules:
        assert len(rule["help"]["text"]) < 400 and rule["help"]["text"].endswith(rule["helpUri"])
        assert text.count(json.dumps(rule["help"]["markdown"])[1:200]) == 1  # not repeated as help.text
    assert len(text) < 40_000 * len(rules) // 10 + 2_000 * len(run["results"])


def test_corpus_sarif_validates_and_fits_githubs_limits(corpus: Path) -> None:
    result = vpnaudit(ROOT, "lint", str(corpus), str(EXAMPLES), "-f", "sarif", "--profile", "strict")
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert not errors, errors[0].message
    assert len(log["runs"]) <= GITHUB["runs"]
    for run in log["runs"]:
        assert 100 < len(run["results"]) <= GITHUB["results"]
        assert len(run["tool"]["driver"]["rules"]) <= GITHUB["rules"]
        assert all(len(r["properties"]["tags"]) <= GITHUB["tags"] for r in run["tool"]["driver"]["rules"])
        assert all(len(r["locations"]) <= GITHUB["locations"] for r in run["results"])
        prints = [r["partialFingerprints"]["vpnauditIdentity/v1"] for r in run["results"]]
        assert len(prints) == len(set(prints))
    assert len(gzip.compress(result.stdout.encode())) <= GITHUB["gzip_bytes"]


def test_result_limit_keeps_the_most_severe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif, "MAX_RESULTS", 2)
    findings = [_finding(1, "a", "t:1").model_copy(update={"severity": Severity.LOW}),
                _finding(2, "b", "t:2"), _finding(3, "c", "t:3")]
    run = sarif.build(Report(findings=findings))["runs"][0]
    assert [r["message"]["text"] for r in run["results"]] == ["b", "c"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[-1]["message"]["text"].startswith("1 least severe results left out")


def test_device_name_is_in_sarif_and_json(tmp_path: Path) -> None:
    gw = tmp_path / "gw"
    shutil.copytree(EXAMPLES / "strongswan" / "gw-1", gw)
    sarif_run = json.loads(vpnaudit(tmp_path, "lint", "gw/ipsec.conf", "gw/ipsec.secrets", "--device", "gw-7",
                                    "-f", "sarif").stdout)["runs"][0]
    assert {r["properties"]["deviceName"] for r in sarif_run["results"]} == {"gw-7"}
    doc = json.loads(vpnaudit(tmp_path, "lint", "gw/ipsec.conf", "gw/ipsec.secrets", "--device", "gw-7",
                              "-f", "json").stdout)
    assert {f["device_name"] for f in doc["findings"]} == {"gw-7"}


def test_each_path_is_resolved_once_per_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """``realpath`` costs a system call per path component; a report names few files many times."""
    from vpnaudit.api import AuditOptions, audit

    report = audit([str(CORPUS)], AuditOptions(jobs=1))
    resolved: list[str] = []
    original = sarif._artifact
    monkeypatch.setattr(sarif, "_artifact", lambda path, root: resolved.append(path) or original(path, root))
    document = sarif.build(report)
    assert len(resolved) == len(set(resolved))  # once each
    assert len(document["runs"][0]["results"]) > 3 * len(resolved)
