"""The HTML report: structure, counts, masking of every vendor's key syntax, escaping, determinism."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

try:
    from _reporting_samples import ALL_KEYS, sample_report, sample_sources
except ModuleNotFoundError:  # tests/ imported as a package
    from tests._reporting_samples import ALL_KEYS, sample_report, sample_sources

from vpnaudit.api import audit
from vpnaudit.findings import Finding, Report, Severity
from vpnaudit.reporters import _summary as S
from vpnaudit.secrets import MASK
from vpnaudit.reporters import html, markdown

from .conftest import CORPUS

# (corpus file, line, the key on that line): one per vendor syntax.
CORPUS_KEYS = [
    ("cisco-ios/batfish-cisco-crypto-mixed-ios-asa-pki-ikev2.cfg", 178, "~99a9aaa_aaaa9aa|||aaaaaaa"),  # crypto isakmp key X address
    ("cisco-ios/aws-generated-ios-vpn-03701a53bba3c48b7-with-local-changes.txt", 51, "kmHkZujp_EWOqCVfMT87B1jTeU8hXUNK"),  # keyring
    ("cisco-ios/aws-generated-ios-vpn-03701a53bba3c48b7-with-local-changes.txt", 208, "1.01G.S.btJoIozZ98JsfB5Gp4.7UAM_"),
    ("cisco-ios/batfish-cisco-crypto-mixed-ios-asa-pki-ikev2.cfg", 218, "9Aa9#A%X9AaAAAAAa"),
    ("cisco-ios/batfish-cisco-crypto-mixed-ios-asa-pki-ikev2.cfg", 129, "somekey"),  # ikev2 keyring pre-shared-key X
    ("cisco-ios/batfish-cisco-crypto-mixed-ios-asa-pki-ikev2.cfg", 298, "0123456789ABCDEF01234567"),  # key-string password X
    ("cisco-ios/pybatfish-exitgw-csr1000v-iosxe16-4-aws-tunnels.cfg", 117, "Rcw.wfJi8tgiOS8WiRS8eVmWvUrrC_Kx"),
    ("cisco-asa/cutaway-asa-9x-insecure-ikev1-3des-md5-cryptomap.txt", 142, "cleartextpsk456"),  # ikev1 pre-shared-key X
    ("cisco-asa/cutaway-asa-9x-insecure-ikev1-3des-md5-cryptomap.txt", 100, "SuperSecret123"),  # username password X
    ("cisco-asa/cutaway-asa-9-20-hardened-ikev2-pfs20-cryptomap.txt", 119, "$sha512$5000$zyxwVUts9876rqpoNMlk==$jihgFEdc5432baZYxwVU=="),
    ("cisco-asa/aws-docs-netadmin-cisco-asa-8-2-cryptomap-static-sla.md", 106, "password_here"),  # pre-shared-key X
    ("junos/juniper-vsrx-aws-ipsec-ha-vsrx0-ikev2-two-vpns.conf", 65, "$9$O.l1BEyleWXxdyrYgJZji"),  # ascii-text "X"
    ("junos/batfish-ipsec-vpn-set-ikev2-dpd-dfbit.set", 13, '"psk1"'),
    ("junos/batfish-ipsec-vpn-set-ikev2-dpd-dfbit.set", 14, '"f00ba4"'),  # hexadecimal "X"
    ("junos/batfish-srx-testbed-srx1-set-bgp-over-st0.cfg", 24, "$9$/E6g9tO1IcSrvfTCu1hKv-VwgJD"),
    ("strongswan/strongswan-test-ikev1-net2net-psk-moon-swanctl.conf", 36, "0x45a30759df97dc26a15b88ff"),  # secret = X
    ("strongswan/strongswan-test-ikev1-net2net-psk-moon-swanctl.conf", 40, "This is a strong password"),
    ("strongswan/strongswan-test-ikev1-net2net-psk-moon-swanctl.conf", 45, "0sv+NkxY9LLZvwj4qCC2o/gGrWDF2d21jL"),
    ("strongswan/strongswan-test-ikev1-net2net-psk-moon-swanctl.conf", 48, 'My "home" is my "castle"!'),
    ("strongswan/strongswan-test-ikev1-rw-psk-aggressive-moon-swanctl.conf", 31, "0sFpZAZqEN6Ti9sqt4ZP5EWcqx"),
    ("aws-xml/batfish-VpnConnectionWithTunnelOptions.json", 12, "QMP5tKPP5qk95Y1Eee9c_82.MofNUJQV"),  # "PreSharedKey": "X"
    ("aws-xml/batfish-VpnConnectionWithTunnelOptions.json", 59, "tYrysT4iT0.CRwQnhiBbng.BahDc7YPq"),
    ("aws-xml/batfish-VpnConnectionTransitGatewayTest-tgw-bgp.json", 5, "F1FSxIuYp.FGxnxYj8TqertJLjdYiAwO"),  # <pre_shared_key>
    ("aws-xml/batfish-VpnConnectionTransitGatewayTest-tgw-bgp.json", 5, "aZtzTiVz.ki9J0lkio_l1tTYTa8fij3Y"),
    ("other/aws-docs-netadmin-palo-alto-panos-bgp.md", 89, "plain-text-password1"),  # pre-shared-key key X
    ("other/aws-docs-netadmin-generic-text-config-bgp.md", 73, "plain-text-password1"),  # Pre-Shared Key : X
    ("other/vyos-smoketest-bgp-azure-ipsec-gateway-1.2.5.config", 373, "averysecretpsktowardsazure"),
]


def _corpus_line(rel: str, line: int) -> str:
    path = CORPUS / rel
    return path.read_text("utf-8").splitlines()[line - 1]


@pytest.mark.parametrize(("rel", "line", "key"), CORPUS_KEYS[:1] + CORPUS_KEYS[7:8] + CORPUS_KEYS[11:12] + CORPUS_KEYS[15:16] + CORPUS_KEYS[20:21])
def test_reports_of_corpus_files_show_no_key(rel: str, line: int, key: str) -> None:
    """Excerpts come from the sources as ``api`` loaded them (masked there, once)."""
    assert key in _corpus_line(rel, line)
    path = str(CORPUS / rel)
    loaded = audit([path])
    finding = Finding(rule_id="VPN301", rule_name="psk-plaintext", severity=Severity.MEDIUM,
                      message="pre-shared key stored in clear text", path=path, line=line, device=path, target="psk")
    report = Report(findings=[finding], profile="recommended")
    for render in (html.render, markdown.render):
        out = render(report, loaded.sources)
        assert key not in out
        assert MASK in out


# ---------------------------------------------------------------------------------------------
class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        for name in ("src", "href"):
            value = a.get(name) or ""
            if value and not value.startswith("#"):
                self.external.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def page() -> str:
    return html.render(sample_report(), sample_sources())


@pytest.fixture(scope="module")
def parsed(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def test_html_is_self_contained(page: str, parsed: _Collector) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert parsed.external == []  # no CDN, no stylesheet link, no image URL
    assert "<link" not in page and "http://" not in page.split("<body>")[0].replace('http://www.w3.org/2000/svg', "")
    assert parsed.tags.count("svg") == 1
    assert len(parsed.ids) == len(set(parsed.ids))  # anchors unique


def test_summary_counts(page: str) -> None:
    for key, count in (("devices", 4), ("aws", 1), ("tunnels", 3), ("active", 11), ("suppressed", 2),
                       ("notifications", 1), ("fixed", 1)):
        assert f'<div class="card" id="count-{key}"><b>{count}</b>' in page
    summary = S.summarize(sample_report())
    assert summary.by_severity == (
        (Severity.CRITICAL, 1), (Severity.HIGH, 3), (Severity.MEDIUM, 7), (Severity.LOW, 0), (Severity.INFO, 0)
    )
    assert [(r.rule_id, r.active, r.suppressed) for r in summary.by_rule] == [
        ("VPN606", 1, 0), ("VPN101", 1, 0), ("VPN110", 1, 0), ("VPN304", 1, 0),
        ("VPN301", 5, 0), ("VPN111", 1, 0), ("VPN502", 1, 1), ("VPN112", 0, 1),
    ]
    assert "<title id=\"chart-title\">Active findings by severity: critical 1, high 3, medium 7, low 0, info 0</title>" in page


def test_tunnel_matrix_rows() -> None:
    rows = S.tunnel_rows(sample_report())
    assert [(r.device, r.tunnel) for r in rows] == [
        ("edge-1 (edge-1.cfg)", "Tunnel1"),
        ("edge-1 (edge-1.cfg)", "Tunnel2"),
        ("vpn-0abc (eu-west-1)", "203.0.113.1"),
    ]
    t1 = rows[0]
    assert t1.peer == "203.0.113.1 (inside 169.254.10.2/30)"
    assert t1.ike_version == "v1"
    assert t1.phase1 == ("10: 3DES / MD5 / DH 2", "lifetime 86400 s (default)")
    assert t1.phase2 == ("ts1: AES256 / SHA1", "lifetime 3600 s")
    assert (t1.pfs, t1.dpd, t1.df_frag, t1.mss) == ("group 14", "10 s x3", "DF clear, frag. before encr.", "1379 / MTU 1436")
    assert t1.bgp == "169.254.10.1 AS64512 10/30 s"
    assert t1.aws.startswith("vpn-0abc 203.0.113.1: DOWN, fails at phase 1: device offers {3DES}/{MD5}/{2}")
    assert t1.aws.endswith("VPN606 the pre-shared key of Tunnel1 differs from AWS tunnel 203.0.113.1")
    assert (t1.findings, t1.worst) == (3, Severity.CRITICAL)
    assert rows[1].aws == "not paired" and rows[1].enabled is False
    assert rows[2].ike_version == "v1+v2" and rows[2].dpd == "timeout 30 s, clear"


def test_matrix_without_pairs_says_not_paired() -> None:
    rows = S.tunnel_rows(sample_report(with_pairs=False))
    assert {r.aws for r in rows} == {"not paired"}


def test_a_finding_with_excerpt_rationale_and_fix(page: str) -> None:
    article = re.search(r'<article class="finding f-high" id="f-2">.*?</article>', page, re.S)
    assert article, "the VPN110 finding is the second of edge-1"
    body = article.group(0)
    assert '<code class="tok">VPN110</code> ike-weak-encryption' in body
    assert "IKE policy 10 offers 3DES, a broken cipher" in body
    assert '<span class="l hit"><span class="n">4</span> encryption 3des</span>' in body
    assert '<span class="l"><span class="n">1</span>hostname edge-1</span>' in body
    assert '<span class="n">8</span>' not in body  # 3 lines of context each side
    assert "<b>Fix:</b> Replace &#x27;encryption 3des&#x27; with &#x27;encryption aes 256&#x27;" in body
    if S.rationale("VPN110"):
        assert "<b>Why it matters:</b>" in body


def test_repeated_rule_in_a_device_refers_to_the_first(page: str) -> None:
    assert page.count("Why and how to fix: see") >= 1
    fw = page.split('<h3>fw-1 (configs/fw-1.asa)')[1].split('<div class="device"')[0]
    if S.how_to_fix("VPN301"):
        assert "How to fix:" in fw  # first VPN301 of this device: full text again


def test_escaping(page: str) -> None:
    assert "<script>alert(1)</script>" not in page
    assert "conn aws-1 uses IKEv1 aggressive mode &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_no_key_anywhere(page: str) -> None:
    for key in ALL_KEYS:
        assert key not in page
        assert key.replace('"', "&quot;") not in page


def test_suppressed_fixed_and_notifications_sections(page: str) -> None:
    suppressed = page.split('<section id="suppressed">')[1].split("</section>")[0]
    assert "inline configs/edge-1.cfg:14" in suppressed
    assert "partner router only does group 2 until Q3" in suppressed
    assert "waiver .vpnaudit-waivers.toml:1" in suppressed and "lab connection" in suppressed
    assert "ts1 is used with group 2" not in page.split('<section id="findings">')[1].split("</section>")[0]
    assert "no MSS clamp on Tunnel9" in page.split('<section id="fixed">')[1]
    assert "vendor not recognised" in page.split('<section id="notifications">')[1]


def test_severity_filter_and_print_css(page: str) -> None:
    for sev in ("critical", "high", "medium", "low", "info"):
        assert f'<input type="checkbox" class="sevtoggle" id="sev-{sev}" checked' in page
        assert f"#sev-{sev}:not(:checked)~main .f-{sev}" in page
    assert "@media print" in page


def test_deterministic(page: str) -> None:
    assert html.render(sample_report(), sample_sources()) == page
    assert "generated" not in page.split("</header>")[0]
    stamped = html.render(sample_report(), sample_sources(), generated="2025-01-02 03:04 UTC")
    assert "generated 2025-01-02 03:04 UTC" in stamped


def test_empty_report() -> None:
    out = html.render(Report(), {})
    assert "No tunnels found." in out and "No active findings." in out
    assert '<div class="card" id="count-active"><b>0</b>' in out


def test_missing_source_or_line_renders_without_excerpt() -> None:
    finding = Finding(rule_id="VPN502", rule_name="aws-ikev1-allowed", severity=Severity.MEDIUM,
                      message="tunnel allows IKEv1", path="x.json", line=999, device="x.json")
    out = html.render(Report(findings=[finding]), {"x.json": "{}\n"})
    assert "tunnel allows IKEv1" in out and 'class="excerpt"' not in out


def test_matrix_reads_pairing_module_pairs() -> None:
    pairing = pytest.importorskip("vpnaudit.pairing")
    report = sample_report(with_pairs=False)
    ios, aws = report.devices[0], report.devices[4]
    report.pairs = [pairing.Pair(device=ios, aws=aws, tunnels=[pairing.TunnelPair(aws=aws.tunnels[0], device=ios.tunnels[0])])]
    rows = S.tunnel_rows(report)
    blocked = "DOWN, VPN606 the pre-shared key of Tunnel1 differs from AWS tunnel 203.0.113.1"
    assert [r.aws for r in rows] == [
        f"vpn-0abc 203.0.113.1: {blocked}",
        "not paired",
        f"configs/edge-1.cfg Tunnel1: {blocked}",
    ]


@pytest.mark.parametrize("reporter", [html, markdown], ids=["html", "markdown"])
def test_the_paired_devices_are_found_once_per_report(reporter, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not once per finding: with many findings and many pairs that was quadratic (2.3 of the 4.5 s an
    HTML report of 13,000 findings took)."""
    from vpnaudit.reporters import _review

    report = audit([str(CORPUS)])
    assert report.pairs and len(report.findings) > 100
    calls = []
    original = _review.paired_devices
    monkeypatch.setattr(_review, "paired_devices", lambda r: calls.append(1) or original(r))
    reporter.render(report, report.sources)
    assert len(calls) == 1


class _CountedText(str):
    """A masked source that counts how often a reporter splits it into lines."""

    splits = 0

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        type(self).splits += 1
        return super().splitlines(keepends)


@pytest.mark.parametrize("renderer", [html.render, markdown.render], ids=["html", "markdown"])
def test_each_source_is_split_into_lines_once_per_report(renderer, tmp_path) -> None:
    """Excerpts come from one split of each source, not one per finding: a split per finding made a
    200,000-line config with 21,057 findings take 217 s to render as HTML or Markdown (1.7 s at 20,000
    lines). Now 2.0 and 1.2 s."""
    from .scale_configs import FORMATS, write

    generate, _, name = FORMATS["cisco-ios crypto maps"]
    write(tmp_path, name, generate(60))
    report = audit([str(tmp_path)])
    in_file = [f for f in report.findings if f.path.endswith(name) and f.line]
    assert len(in_file) >= 60  # many findings with an excerpt in one file
    _CountedText.splits = 0
    sources = {path: _CountedText(report.sources[path]) for path in report.sources}
    page = renderer(report, sources)
    assert _CountedText.splits == 1
    if renderer is html.render:  # the last finding's excerpt is there (Markdown may be cut at its size limit)
        assert f'<span class="n">{in_file[-1].line}</span>' in page


def test_an_excerpt_of_a_long_line_escapes_only_what_it_shows(monkeypatch) -> None:
    """A line longer than the excerpt shows is cut before tabs are expanded and controls escaped (an AWS
    JSON dump may be one line of megabytes, quoted for each of its findings: a hub's 1,000 connections
    took 49 s to render as HTML or Markdown). What is shown is the same as from the whole line."""
    import random

    from vpnaudit.limits import printable

    def whole(line: str) -> str:  # the excerpt line, computed from the whole source line
        shown = printable(line.expandtabs(4))
        return shown if len(shown) <= S.MAX_EXCERPT_LINE else shown[: S.MAX_EXCERPT_LINE - 1] + "\u2026"

    rng = random.Random(11)
    alphabet = "ab \t\x1b\x7f\u202e\u00e9\ud800{}\"" + "x" * 10
    for _ in range(400):
        lines = ["".join(rng.choice(alphabet) for _ in range(rng.choice([0, 5, 150, 199, 200, 201, 202, 260, 900])))
                 for _ in range(7)]
        assert [e.text for e in S._excerpt(lines, 4, 3)] == [whole(line) for line in lines]

    seen: list[int] = []
    monkeypatch.setattr(S, "printable", lambda text, lines=False: seen.append(len(text)) or printable(text, lines))
    S._excerpt(['{"VpnConnections": [' + "x" * 1_000_000 + "]}"], 1, 3)
    assert seen and max(seen) <= S.MAX_EXCERPT_LINE + 1
