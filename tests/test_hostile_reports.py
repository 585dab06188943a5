"""Hostile values in the reports: a crafted name never reaches a terminal raw, and a long name is
not repeated whole on every finding, tunnel row or proposal.

The sizes are of the rendered reports (exact, the same on every machine, not a time). Doubling a
crafted input at most roughly doubles each report (< 3x); before the fix a name that grows with the
input, repeated once per finding or row that also grows with it, made the reports quadratic:

- an IOS hostname of 8,000 then 16,000 characters over 400 then 800 findings: JSON and SARIF 3.9x
  (a 40,000-character hostname on 4,000 findings made a 162 MB JSON report);
- an AWS VpnConnectionId as long, over 20 then 40 tunnels: JSON, SARIF, Markdown and HTML 3.7-3.9x
  (the device, target and fix of each finding);
- a strongSwan connection named as long, with 50 then 100 proposals each named after it: Markdown
  3.5x, HTML 3.3x (the matrix names every proposal);
- 200 then 400 IOS isakmp policies and as many tunnels: Markdown 3.6x, HTML 3.2x, as every tunnel's
  row of the matrix listed every policy (1,000 and 1,000 made a 55 MB HTML report in 4 s).

The Markdown report is cut to GitHub's comment size, so its size is the whole document's, from the
note saying where it was cut.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from vpnaudit.api import AuditOptions, audit
from vpnaudit.findings import Report
from vpnaudit.reporters import html, markdown, sarif, text
from vpnaudit.reporters import json as json_reporter

from .conftest import ROOT

EXAMPLES = ROOT / "fixtures" / "examples"
FORMATS = ("text", "json", "sarif", "markdown", "html")
RAW = ("\x1b", "\x07", "\r", "\u202e")  # an escape sequence, a bell, a carriage return, a bidi override


def _render(report: Report, fmt: str) -> str:
    if fmt == "text":
        return text.render(report)
    if fmt == "json":
        return json_reporter.render(report)
    if fmt == "sarif":
        return sarif.render(report)
    if fmt == "markdown":
        return markdown.render(report, report.sources)
    return html.render(report, report.sources)


def _size(report: Report, fmt: str) -> int:
    out = _render(report, fmt)
    cut = re.search(r"\*\*Report cut at [\d,]+ of ([\d,]+) characters\*\*", out)
    return int(cut.group(1).replace(",", "")) if cut else len(out)


def _lint(folder: Path) -> Report:
    return audit([str(folder)], AuditOptions(jobs=1))


# -- escaping ---------------------------------------------------------------------------------

ESCAPES = "\x1b[2J\x1b]0;pwned\x07\u202eevil\r\nFAKE LINE"


def _hostile_connection_id(folder: Path) -> None:
    """The Palo Alto example with its AWS dump, whose VpnConnectionId holds escape sequences and a
    line break: the pair gets a side-by-side table and a remediation plan with AWS CLI commands."""
    for path in (EXAMPLES / "panos").iterdir():
        shutil.copy(path, folder / path.name)
    dump = folder / "aws-sample-vpn-44a8938f.json"
    data = json.loads(dump.read_text())
    for connection in data["VpnConnections"]:
        connection["VpnConnectionId"] += ESCAPES
    dump.write_text(json.dumps(data))


def _hostile_file_name(folder: Path) -> None:
    """The IOS example with its AWS dump, the config under a file name holding escape sequences."""
    shutil.copy(EXAMPLES / "cisco-ios" / "edge-1.cfg", folder / f"edge{ESCAPES}.cfg")
    shutil.copy(EXAMPLES / "aws" / "vpn-0a1b2c3d4e5f60718.json", folder / "vpn.json")


@pytest.mark.parametrize(("fmt", "make"), [("text", _hostile_connection_id), ("text", _hostile_file_name),
                                           ("markdown", _hostile_connection_id)])
def test_side_by_side_and_plans_escape_control_characters(fmt: str, make: Callable[[Path], None],
                                                          tmp_path: Path) -> None:
    make(tmp_path)
    report = _lint(tmp_path)
    assert report.pairs  # the hostile value reaches the side-by-side table
    out = _render(report, fmt)
    assert "\\x1b[2J" in out
    # Before: the text report's "AWS ... side by side with ..." line, and the Markdown report's
    # remediation commands, carried them raw (a cleared screen, a forged line on a terminal).
    for raw in RAW:
        assert raw not in out, f"{raw!r} in the {fmt} report"


@pytest.mark.parametrize("make", [_hostile_connection_id, _hostile_file_name])
def test_every_format_escapes_a_hostile_name(make: Callable[[Path], None], tmp_path: Path) -> None:
    make(tmp_path)
    report = _lint(tmp_path)
    for fmt in FORMATS:
        out = _render(report, fmt)
        for raw in RAW:
            assert raw not in out, f"{raw!r} in the {fmt} report"


# -- names repeated on every finding or row -----------------------------------------------------

def _ios_long_hostname(folder: Path, n: int) -> None:
    policies = "".join(f"crypto isakmp policy {i}\n encr 3des\n hash md5\n group 1\n authentication pre-share\n!\n"
                       for i in range(1, 100 * n + 1))
    (folder / "big.cfg").write_text(f"hostname {'h' * 8000 * n}\n{policies}")


def _aws_long_connection_id(folder: Path, n: int) -> None:
    data = json.loads((EXAMPLES / "aws" / "vpn-0a1b2c3d4e5f60718.json").read_text())
    connection = data["VpnConnections"][0]
    connection["VpnConnectionId"] = "vpn-" + "a" * 8000 * n
    options = connection["Options"]["TunnelOptions"]
    options[:] = [dict(options[0], OutsideIpAddress=f"203.0.113.{i + 1}") for i in range(20 * n)]
    (folder / "vpn.json").write_text(json.dumps(data))


def _swan_long_connection_name(folder: Path, n: int) -> None:
    proposals = ",".join(["3des-md5-modp1024"] * 50 * n)
    (folder / "ipsec.conf").write_text(
        f"conn {'c' * 8000 * n}\n    keyexchange=ikev1\n    right=192.0.2.81\n    authby=secret\n"
        f"    ike={proposals}\n    esp={proposals}\n    auto=start\n")


def _ios_policies_on_every_tunnel(folder: Path, n: int) -> None:
    parts = ["hostname grid\n"]
    count = 200 * n
    parts += [f"crypto isakmp policy {i}\n encr aes 256\n hash sha256\n group 14\n authentication pre-share\n"
              " lifetime 28800\n!\n" for i in range(1, count + 1)]
    parts.append("crypto isakmp key k3yK3yK3y_long_enough address 0.0.0.0 0.0.0.0\n!\n"
                 "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n mode tunnel\n!\n"
                 "crypto ipsec profile P\n set transform-set TS\n set pfs group14\n!\n")
    parts += [f"interface Tunnel{i}\n ip address 169.254.{i // 64}.{i % 64 * 4 + 2} 255.255.255.252\n"
              f" tunnel source GigabitEthernet1\n tunnel mode ipsec ipv4\n tunnel destination 203.0.{i // 250}.{i % 250 + 1}\n"
              " tunnel protection ipsec profile P\n!\n" for i in range(1, count + 1)]
    (folder / "grid.cfg").write_text("".join(parts))


CASES = {
    "IOS hostname": _ios_long_hostname,
    "AWS connection id": _aws_long_connection_id,
    "strongSwan connection name": _swan_long_connection_name,
    "IOS policies on every tunnel": _ios_policies_on_every_tunnel,
}


@pytest.mark.parametrize("case", list(CASES))
def test_doubling_a_crafted_input_at_most_roughly_doubles_every_report(case: str, tmp_path: Path) -> None:
    sizes = {}
    for n in (1, 2):
        folder = tmp_path / str(n)
        folder.mkdir()
        CASES[case](folder, n)
        report = _lint(folder)
        sizes[n] = {fmt: _size(report, fmt) for fmt in FORMATS}
    for fmt in FORMATS:
        ratio = sizes[2][fmt] / sizes[1][fmt]
        assert ratio < 3.0, f"{case}: doubling the input made the {fmt} report {ratio:.1f}x as long"


def test_a_long_hostname_is_cut_and_the_fingerprint_is_of_the_whole_name(tmp_path: Path) -> None:
    _ios_long_hostname(tmp_path, 1)
    report = _lint(tmp_path)
    findings = json.loads(json_reporter.render(report))["findings"]
    assert findings and all(len(f["device_name"]) == 4096 and f["device_name"].endswith("\u2026") for f in findings)
    assert [f["fingerprint"] for f in findings] == [f.identity for f in report.findings]
    results = sarif.build(report)["runs"][0]["results"]
    assert all(len(r["properties"]["deviceName"]) == 4096 for r in results)


def test_a_matrix_cell_says_how_many_proposals_it_leaves_out(tmp_path: Path) -> None:
    _ios_policies_on_every_tunnel(tmp_path, 1)
    out = html.render(_lint(tmp_path), {})
    assert out.count("isakmp policy 1: AES256 / SHA2-256 / DH 14<br>") == 200  # the first, in every tunnel's row
    left_out = re.findall(r"<br>and (\d+) more<br>", out)
    assert len(left_out) == 200 and 0 < int(left_out[0]) < 200
