"""HTML and Markdown as sign-off evidence (issue 19, observation 5): a run header, no raw Markdown in
HTML, AWS CLI examples only under paired devices, and a Markdown report that always fits a GitHub
pull-request comment (65,536 characters)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vpnaudit.checks import rule_modules
from vpnaudit.cli import app
from vpnaudit.findings import Finding, Report, Severity
from vpnaudit.reporters import _summary as S
from vpnaudit.reporters import html, markdown

from .conftest import CORPUS, ROOT

runner = CliRunner()
EXAMPLES = ROOT / "fixtures" / "examples"
LIMIT = 65_536


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "net"
    for vendor in ("aws", "cisco-asa", "cisco-ios", "junos", "strongswan"):  # 6 files, one device/AWS pair
        shutil.copytree(EXAMPLES / vendor, root / "configs" / vendor)
    (root / ".vpnaudit.toml").write_text('profile = "recommended"\n')
    if shutil.which("git"):
        for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                     ["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false",
                      "commit", "-q", "-m", "c"]):
            subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def _cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vpnaudit", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=120)


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_header_says_when_what_and_on_which_inputs(project: Path, fmt: str) -> None:
    result = _cli(project, "lint", "configs", "-f", fmt)
    text = re.sub(r"<[^>]+>", " ", result.stdout)
    assert re.search(r"Date \(UTC\)\W+20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC", text)
    assert re.search(r"vpnaudit\W+0\.\d+\.\d+", text)
    assert re.search(r"Profile\W+recommended", text)
    assert re.search(r"Policy pack\W+recommended from aws \(built-in\) \+ recommended \(built-in\), sha256:[0-9a-f]{64}",
                     text)
    assert re.search(r"Config file\W+\.vpnaudit\.toml", text)
    size = (project / "configs" / "cisco-ios" / "edge-1.cfg").stat().st_size
    assert re.search(rf"configs/cisco-ios/edge-1\.cfg\W+\({size:,} bytes\)", text)
    assert re.search(r"Inputs\W+6 files", text)
    if shutil.which("git"):
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()
        assert re.search(rf"Git commit\W+{head} \(branch main\)", text)
    # no content hash of any input: only the policy digest is a sha256
    assert len(re.findall(r"\b[0-9a-f]{64}\b", text)) == 1


def test_no_raw_markdown_in_html() -> None:
    """Every rule's documentation, as the HTML shows it: no ``**bold**`` or `code` left as text."""
    for module in rule_modules():
        rule = module.RULE
        for text in (S.rationale(rule.id), S.how_to_fix(rule.id)):
            rendered = html._doc_blocks(text) if text else ""
            visible = re.sub(r"<[^>]+>", "", rendered)
            assert not re.search(r"\*\*\w[^*]*\*\*|`[^`]+`", visible), (rule.id, visible[:200])
    assert "<b>both</b>" in html._doc_blocks("allows **both** IKEv1 and IKEv2")
    assert markdown._prose("allows **both** IKEv1") == "allows **both** IKEv1"


def _how_to_fix(page: str, device_heading: str) -> str:
    return page.split(device_heading, 1)[1].split("\n### ", 1)[0]


def test_aws_examples_only_under_paired_devices(project: Path) -> None:
    from vpnaudit.api import AuditOptions, audit  # the CLI output is cut to 65,536: render all of it here

    report = audit([str(project / "configs")], AuditOptions())
    full = markdown.render(report, report.sources, max_chars=10**9)
    asa = _how_to_fix(full, "### asa-1 (")  # not paired with any AWS connection
    assert "aws ec2 modify-vpn-tunnel-options" not in asa and "vpn-0123456789abcdef0" not in asa
    assert "AWS CLI examples are left out: this device is not paired" in asa
    edge = _how_to_fix(full, "### edge-1 (")  # paired with vpn-0a1b2c3d4e5f60718
    assert "aws ec2 modify-vpn-tunnel-options" in edge
    page_html = html.render(report, report.sources)
    asa_html = page_html.split('<section id="findings">', 1)[1].split(">asa-1 (", 1)[1].split('<div class="device"')[0]
    assert "aws ec2 modify-vpn-tunnel-options" not in asa_html and "not paired" in asa_html


def test_markdown_fits_a_pull_request_comment_for_any_input(tmp_path: Path) -> None:
    """The 5-config demo was 84,050 characters; the whole corpus far more. Both now fit, and the cut
    is said."""
    result = runner.invoke(app, ["lint", str(CORPUS), str(EXAMPLES), "-f", "markdown", "--exit-zero"])
    assert len(result.stdout) <= LIMIT
    assert "**Report cut at " in result.stdout and result.stdout.count("```") % 2 == 0
    summary = runner.invoke(app, ["lint", str(CORPUS), str(EXAMPLES), "-f", "markdown", "--summary", "--exit-zero"])
    assert len(summary.stdout) <= LIMIT and "## Findings" in summary.stdout
    assert "#### " not in summary.stdout  # one line per finding, no excerpts
    demo = runner.invoke(app, ["lint", str(EXAMPLES), "-f", "markdown", "--summary", "--exit-zero"]).stdout
    count = json.loads(runner.invoke(app, ["lint", str(EXAMPLES), "-f", "json"]).stdout)["summary"]["findings"]
    assert "**Report cut" not in demo and demo.count("\n- **") == count > 40


@pytest.mark.parametrize("shape", ["many", "giant-message", "giant-path", "fence-heavy"])
def test_cut_holds_for_hostile_shapes(shape: str) -> None:
    def finding(i: int, message: str = "m", path: str = "a.cfg") -> Finding:
        return Finding(rule_id="VPN110", rule_name="ike-weak-encryption", severity=Severity.HIGH, message=message,
                       path=path, line=i + 1, device=path, target=f"t:{i}")

    sources = {}
    if shape == "many":
        findings = [finding(i, "x" * 200) for i in range(5_000)]
    elif shape == "giant-message":
        findings = [finding(0, "y" * 300_000)]
    elif shape == "giant-path":
        findings = [finding(0, path="d/" * 50_000 + "a.cfg")]
    else:
        findings = [finding(i) for i in range(3_000)]
        sources = {"a.cfg": "```\n" * 4_000}
    report = Report(findings=findings, inputs=[("a.cfg", 10)] * 5_000)
    for summary_only in (False, True):
        text = markdown.render(report, sources, summary_only=summary_only)
        assert len(text) <= LIMIT, (shape, summary_only, len(text))
        assert text.endswith("one line per finding.\n")
