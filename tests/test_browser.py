"""The HTML report as a person sees it: rendered by headless Chromium at 1280 px.

Needs the Debian packages ``chromium`` (and ``chromium-driver`` for those who prefer selenium);
skipped with a reason when /usr/bin/chromium is absent. Leaves ``out/report-screenshot.png``.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

try:
    from _reporting_samples import sample_report, sample_sources
except ModuleNotFoundError:  # tests/ imported as a package
    from tests._reporting_samples import sample_report, sample_sources

from vpnaudit.reporters import html

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
WIDTH = 1280

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="headless browser test needs /usr/bin/chromium (apt-get install chromium)"
)

# Written into the page by the test only: after layout, record the widths a person would scroll.
_PROBE = r"""<script>
window.addEventListener('load', function () {
  var widest = 0;
  document.querySelectorAll('table').forEach(function (t) {
    widest = Math.max(widest, t.getBoundingClientRect().right);
  });
  // rule IDs and IPv4 addresses a reviewer copies: each must sit on one line (one client rect)
  var token = /VPN\d{3}|\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?/g, broken = [], checked = 0;
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    var node = walker.currentNode, m;
    if (!node.parentElement || node.parentElement.closest('script,style,title,svg')) continue;
    token.lastIndex = 0;
    while ((m = token.exec(node.data)) !== null) {
      var range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      var rects = Array.prototype.filter.call(range.getClientRects(), function (r) { return r.width > 0; });
      var tops = {};
      rects.forEach(function (r) { tops[Math.round(r.top)] = 1; });
      checked += 1;
      if (Object.keys(tops).length > 1) broken.push(m[0]);
    }
  }
  var p = document.createElement('p');
  p.id = 'probe';
  p.textContent = 'scrollWidth=' + document.documentElement.scrollWidth +
    ' clientWidth=' + document.documentElement.clientWidth + ' tableRight=' + Math.ceil(widest) +
    ' tokens=' + checked + ' broken=[' + broken.join(',') + ']';
  document.body.appendChild(p);
});
</script>"""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _wide_report():
    """The sample report plus a device built to stretch every column."""
    from vpnaudit.model import BgpNeighbor, Device, IkeConfig, IkeProposal, IpsecConfig, IpsecProposal, Tunnel

    report = sample_report()
    long_path = "inventory/" + "/".join(["region-emea-datacentre-frankfurt-rack-42"] * 3) + "/edge.cfg"
    proposals = tuple(
        IkeProposal(name=f"proposal-with-a-long-name-{i}", encryption=("AES256-GCM-16", "AES128-GCM-16", "AES256"),
                    integrity=("SHA2-512", "SHA2-384", "SHA2-256"), dh_groups=(21, 20, 19, 16, 15, 14))
        for i in range(6)
    )
    tunnel = Tunnel(
        name="Tunnel-to-aws-vpn-0123456789abcdef0-outside-203.0.113.200",
        peer_address="2001:db8:ffff:ffff:ffff:ffff:ffff:fffe",
        ike=IkeConfig(versions=(1, 2), proposals=proposals),
        ipsec=IpsecConfig(proposals=(IpsecProposal(encryption=("AES256-GCM-16",) * 4, integrity=("SHA2-512",) * 3),),
                          pfs_groups=(21, 20, 19, 16, 15, 14)),
        bgp=BgpNeighbor(neighbor="169.254.200.201", remote_as=4200000000, keepalive_seconds=10, hold_seconds=30),
    )
    report.devices.append(Device(source=long_path, vendor="cisco-ios", hostname="x" * 80, tunnels=(tunnel,)))
    return report


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("browser")
    page = tmp / "report.html"
    page.write_text(html.render(_wide_report(), sample_sources()).replace("</body>", _PROBE + "</body>"), "utf-8")
    result = _chromium(tmp, f"--window-size={WIDTH},900", "--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    return page, result.stdout


def _text(dom: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dom))


def test_summary_counts_are_shown(rendered: tuple[Path, str]) -> None:
    _, dom = rendered
    for key, count in (("devices", 5), ("aws", 1), ("tunnels", 4), ("active", 11), ("suppressed", 2)):
        assert re.search(rf'id="count-{key}"><b>{count}</b>', dom), key
    text = _text(dom)
    assert "critical (1)" in text and "high (3)" in text and "medium (7)" in text


def test_a_finding_is_shown_with_its_masked_excerpt(rendered: tuple[Path, str]) -> None:
    _, dom = rendered
    text = _text(dom)
    assert "IKE policy 10 offers 3DES, a broken cipher" in text
    assert "crypto isakmp key ******** address 0.0.0.0 0.0.0.0" in text
    # The message's markup stayed text: no script element was created from it.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom


def test_nothing_overflows_1280_px(rendered: tuple[Path, str]) -> None:
    _, dom = rendered
    m = re.search(r"scrollWidth=(\d+) clientWidth=(\d+) tableRight=(\d+)", dom)
    assert m, "the probe script did not run"
    scroll, client, table_right = map(int, m.groups())
    assert client == WIDTH
    assert scroll <= WIDTH, f"page scrolls sideways: {scroll} px"
    assert table_right <= WIDTH, f"a table reaches {table_right} px"


def _broken(dom: str) -> tuple[int, str]:
    m = re.search(r"tokens=(\d+) broken=\[([^\]]*)\]", dom)
    assert m, "the probe script did not run"
    return int(m.group(1)), m.group(2)


def test_rule_ids_and_addresses_never_break_mid_word(rendered: tuple[Path, str]) -> None:
    """Issue 19: at 1280 px rule IDs broke over three lines and IP addresses mid-word."""
    _, dom = rendered
    checked, broken = _broken(dom)
    assert checked > 20 and broken == ""


def test_screenshot(rendered: tuple[Path, str], tmp_path: Path) -> None:
    page, _ = rendered
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    shot = out / "report-screenshot.png"
    if shot.exists():
        shot.unlink()
    result = _chromium(tmp_path, f"--window-size={WIDTH},2400", f"--screenshot={shot}", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == WIDTH  # IHDR width


def test_whole_corpus_report_fits_1280_px(tmp_path: Path) -> None:
    """The real thing: every corpus file in one report (pairs, remediation commands, long JSON
    lines in excerpts) must not make a reader scroll sideways."""
    from vpnaudit.api import AuditOptions, audit

    from .conftest import CORPUS

    report = audit([str(p) for p in sorted(CORPUS.iterdir()) if p.is_dir()], AuditOptions())
    assert report.plans, "the corpus pairs should produce remediation plans"
    page = tmp_path / "corpus.html"
    page.write_text(html.render(report, report.sources).replace("</body>", _PROBE + "</body>"), "utf-8")
    result = _chromium(tmp_path, f"--window-size={WIDTH},900", "--virtual-time-budget=10000", "--dump-dom",
                       page.as_uri())
    m = re.search(r"scrollWidth=(\d+) clientWidth=(\d+) tableRight=(\d+)", result.stdout)
    assert m, "the probe script did not run"
    scroll, _, table_right = map(int, m.groups())
    assert scroll <= WIDTH and table_right <= WIDTH, (scroll, table_right)
    checked, broken = _broken(result.stdout)
    assert checked > 200 and broken == ""
