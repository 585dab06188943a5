"""The Markdown report: GitHub tables, fenced masked excerpts, escaping, determinism."""

from __future__ import annotations

import pytest

try:
    from _reporting_samples import ALL_KEYS, sample_report, sample_sources
except ModuleNotFoundError:  # tests/ imported as a package
    from tests._reporting_samples import ALL_KEYS, sample_report, sample_sources

from vpnaudit.findings import Finding, Report, Severity
from vpnaudit.secrets import MASK
from vpnaudit.reporters import markdown


@pytest.fixture(scope="module")
def md() -> str:
    return markdown.render(sample_report(), sample_sources())


def _section(md: str, title: str) -> str:
    return md.split(f"\n{title}\n")[1].split("\n## ")[0]


def test_summary_tables(md: str) -> None:
    assert md.startswith("# vpnaudit report\n\nProfile `recommended`.\n")
    summary = _section(md, "## Summary")
    assert "| Devices | AWS connections | Tunnels | Findings | Suppressed | Not analysed | Fixed since baseline |" in summary
    assert "| 4 | 1 | 3 | 11 | 2 | 1 | 1 |" in summary
    assert "| critical | 1 |" in summary and "| medium | 7 |" in summary and "| low | 0 |  |" in summary
    assert "| `VPN301` | psk-plaintext | medium | 5 | 0 |" in summary
    assert "| `VPN112` | ike-weak-dh-group | medium | 0 | 1 |" in summary


def test_matrix(md: str) -> None:
    tunnels = _section(md, "## Tunnels").splitlines()
    assert tunnels[1] == "| Device | Tunnel | Peer | IKE | Phase 1 | Phase 2 | PFS | DPD | DF / frag. | MSS / MTU | BGP | AWS tunnel | Findings |"
    assert tunnels[2].count("---") == 13
    assert tunnels[3].startswith("| edge-1 (edge-1.cfg) | Tunnel1 | 203.0.113.1 (inside 169.254.10.2/30) | v1 | "
                                 "10: 3DES / MD5 / DH 2<br>lifetime 86400 s (default) |")
    assert "| vpn-0abc 203.0.113.1: DOWN, fails at phase 1: " in tunnels[3]
    assert tunnels[3].endswith("| 3 (critical) |")
    assert "| Tunnel2 (disabled) |" in tunnels[4] and "| not paired | 0 |" in tunnels[4]


def test_finding_with_fenced_excerpt(md: str) -> None:
    block = md.split("#### **HIGH** `VPN110` ike-weak-encryption \u2014 configs/edge-1.cfg:4, tunnel Tunnel1\n")[1]
    block = block.split("\n#### ")[0]
    lines = block.splitlines()
    assert lines[1] == "IKE policy 10 offers 3DES, a broken cipher"
    assert lines[3:12] == [
        "```text",
        "  1 | hostname edge-1",
        "  2 | !",
        "  3 | crypto isakmp policy 10",
        "> 4 |  encryption 3des",
        "  5 |  hash md5",
        "  6 |  authentication pre-share",
        "  7 |  group 2",
        "```",
    ]
    assert "**Fix:** Replace 'encryption 3des' with 'encryption aes 256' in crypto isakmp policy 10." in block


def test_keys_masked_in_excerpts(md: str) -> None:
    for key in ALL_KEYS:
        assert key not in md
    assert ">  8 | crypto isakmp key ******** address 0.0.0.0 0.0.0.0" in md
    assert "> 6 |             pre-shared-key ascii-text \"********\"; ## SECRET-DATA" in md
    assert '> 2 | : PSK "********"' in md
    assert '      secret = ********' in md


def test_escaping(md: str) -> None:
    assert "<script>" not in md
    assert "conn aws\\-1" not in md  # hyphens are left alone
    assert "conn aws-1 uses IKEv1 aggressive mode &lt;script&gt;alert(1)&lt;/script&gt;" in md
    finding = Finding(rule_id="VPN001", rule_name="unmodeled-crypto", severity=Severity.MEDIUM,
                      message="odd | line with *stars* and `ticks`", path="a|b.cfg", line=None, device="a|b.cfg")
    out = markdown.render(Report(findings=[finding]), {})
    assert "odd \\| line with \\*stars\\* and \\`ticks\\`" in out
    assert "— a\\|b.cfg" in out


def test_suppressed_notifications_fixed(md: str) -> None:
    suppressed = _section(md, "## Suppressed findings")
    assert ("| medium | `VPN112` ike-weak-dh-group | configs/edge-1.cfg:15 | transform-set ts1 is used with group 2 "
            "| inline configs/edge-1.cfg:14 | partner router only does group 2 until Q3 |") in suppressed
    assert "| waiver .vpnaudit-waivers.toml:1 | lab connection |" in suppressed
    assert "| configs/notes.txt | vendor not recognised |" in _section(md, "## Not analysed")
    assert "| `VPN405` | configs/edge-1.cfg | tunnel:Tunnel9 | no MSS clamp on Tunnel9 |" in _section(md, "## Fixed since the baseline")


def test_repeated_rule_refers_to_first(md: str) -> None:
    edge = md.split("### edge-1 (configs/edge-1.cfg) (cisco-ios)")[1].split("\n### ")[0]
    assert edge.count("#### **MEDIUM** `VPN301`") == 1
    swan = md.split("### swan/swanctl.conf (strongswan)")[1].split("\n### ")[0]
    assert swan.count("#### **MEDIUM** `VPN301`") == 2
    assert "*Why and how to fix: as for the first `VPN301` finding above.*" in swan


def test_deterministic_and_no_timestamp(md: str) -> None:
    assert markdown.render(sample_report(), sample_sources()) == md
    assert "generated" not in md.split("\n## ")[0]
    assert "generated 2025-01-02" in markdown.render(sample_report(), sample_sources(), generated="2025-01-02")


def test_empty_report() -> None:
    out = markdown.render(Report(), {})
    assert "No tunnels found." in out and "No active findings." in out and "No findings." in out


def test_fence_longer_than_backticks_in_config() -> None:
    finding = Finding(rule_id="VPN001", rule_name="unmodeled-crypto", severity=Severity.MEDIUM,
                      message="m", path="x.md", line=2, device="x.md")
    out = markdown.render(Report(findings=[finding]), {"x.md": "a\n````weird\nb\n"})
    assert "`````text\n  1 | a\n> 2 | ````weird\n  3 | b\n`````" in out
    assert MASK not in out
