"""The waiver file and the useless-suppression check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

try:
    from _reporting_samples import sample_devices, sample_findings
except ModuleNotFoundError:  # tests/ imported as a package
    from tests._reporting_samples import sample_devices, sample_findings

from vpnaudit.findings import Finding, Suppression
from vpnaudit.waivers import apply_waivers, load_waivers, unused_inline

TODAY = date(2025, 3, 1)

WAIVERS = """\
# Accepted risks for sources that cannot carry comments.
[[waiver]]
rule = "VPN502"
vpn_connection = "vpn-0abc"
tunnel = "203.0.113.*"
reason = "Partner ASA speaks IKEv1 only; NET-1234"
expires = 2025-06-30

[[waiver]]
rule = ["vpn301", "VPN304"]
path = "configs/*.cfg"
reason = "Keys rotate via the vault job"

[[waiver]]
rule = "VPN301"
device = "fw-*"
reason = "hostname glob"

[[waiver]]
rule = "VPN101"
tag = "Env=prod"
reason = "never matches: the strongSwan device has no AWS tags"

[[waiver]]
rule = "VPN110"
target = "ike-proposal:10"
reason = "expired waiver"
expires = 2025-02-28

[[waiver]]
rule = "VPN111"
device = "configs/edge-1.cfg"
reason = "expires soon"
expires = 2025-03-10
"""


@pytest.fixture()
def waiver_file(tmp_path: Path) -> Path:
    path = tmp_path / ".vpnaudit-waivers.toml"
    path.write_text(WAIVERS)
    return path


def test_load(waiver_file: Path) -> None:
    waivers = load_waivers(waiver_file)
    assert [(w.index, w.line, w.rule) for w in waivers] == [
        (1, 2, ("VPN502",)), (2, 9, ("VPN301", "VPN304")), (3, 14, ("VPN301",)),
        (4, 19, ("VPN101",)), (5, 24, ("VPN110",)), (6, 30, ("VPN111",)),
    ]
    assert waivers[0].expires == date(2025, 6, 30)
    assert waivers[0].label == f"{waiver_file}:1"


def _by_key(findings: list[Finding]) -> dict[tuple[str, str], tuple[Suppression, ...]]:
    return {(f.rule_id, f.target): f.suppressions for f in findings}


def test_apply(waiver_file: Path) -> None:
    findings = sample_findings()
    out, notices = apply_waivers(findings, sample_devices(), load_waivers(waiver_file), TODAY)
    assert [f.rule_id for f in out] == [f.rule_id for f in findings]  # order kept, nothing dropped
    got = _by_key(out)
    src = str(waiver_file)
    # vpn_connection + tunnel glob
    assert got[("VPN502", "aws-tunnel:203.0.113.1")] == (
        Suppression(kind="external", justification="Partner ASA speaks IKEv1 only; NET-1234", source=f"{src}:1"),
    )
    # VPN502 on 203.0.113.9 has no tunnel, so the tunnel selector does not match; its old waiver stays.
    assert [s.source for s in got[("VPN502", "aws-tunnel:203.0.113.9")]] == [".vpnaudit-waivers.toml:1"]
    # path glob, rule list (case-insensitive IDs)
    assert [s.source for s in got[("VPN301", "psk:203.0.113.1")]] == [f"{src}:2"]
    assert [s.source for s in got[("VPN304", "psk:0.0.0.0")]] == [f"{src}:2"]
    assert got[("VPN301", "psk:ike-pol-vpn-1")] == ()  # srx.conf is not *.cfg
    # device glob on the hostname
    assert [s.source for s in got[("VPN301", "psk:203.0.113.9")]] == [f"{src}:3"]
    # expired: no longer applies
    assert got[("VPN110", "ike-proposal:10")] == ()
    # device selector on the source path
    assert [s.source for s in got[("VPN111", "ike-proposal:10")]] == [f"{src}:6"]
    assert notices == [
        f"waiver 4 in {src} (line 19) [VPN101 tag=Env=prod] matched no finding; remove it or correct its selectors",
        f"waiver 5 in {src} (line 24) [VPN110 target=ike-proposal:10] expired on 2025-02-28 and no longer applies; "
        "renew it with a new date or fix the findings",
        f"waiver 6 in {src} (line 30) [VPN111 device=configs/edge-1.cfg] expires on 2025-03-10 (in 9 day(s))",
    ]


def test_waiver_applies_on_its_expiry_day(waiver_file: Path) -> None:
    out, notices = apply_waivers(sample_findings(), sample_devices(), load_waivers(waiver_file), date(2025, 2, 28))
    assert [s.justification for s in _by_key(out)[("VPN110", "ike-proposal:10")]] == ["expired waiver"]
    assert not any("expired on" in n for n in notices)


def test_tag_selector(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text('[[waiver]]\nrule = "VPN502"\ntag = "Team=net"\nreason = "r"\n'
                    '[[waiver]]\nrule = "VPN502"\ntag = "Env"\nreason = "key only"\n'
                    '[[waiver]]\nrule = "VPN502"\ntag = "Env=dev"\nreason = "other value"\n')
    out, notices = apply_waivers(sample_findings(), sample_devices(), load_waivers(path), TODAY)
    assert [s.justification for s in _by_key(out)[("VPN502", "aws-tunnel:203.0.113.1")]] == ["r", "key only"]
    assert notices == [f"waiver 3 in {path} (line 9) [VPN502 tag=Env=dev] matched no finding; remove it or correct its selectors"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[waiver]]\nrule = "VPN110"\n', "waiver 1 (line 1): reason: Field required"),
        ('[[waiver]]\nrule = "VPN110"\nreason = "  "\n', "reason: must say why the finding is accepted"),
        ('[[waiver]]\nrule = "E110"\nreason = "r"\n', "rule: 'E110' is not a rule ID like 'VPN113'"),
        ('[[waiver]]\nrule = []\nreason = "r"\n', "rule: must be a rule ID or a non-empty list"),
        ('[[waiver]]\nrule = "VPN110"\nreason = "r"\nreson = "typo"\n', "reson: unknown key (allowed: rule, reason"),
        ('[[waiver]]\nrule = "VPN110"\nreason = "r"\nexpires = "soon"\n', "expires: "),
        ('[[waiver]]\nrule = "VPN110"\nreason = "r"\nsource = "x"\n', "source: unknown key"),
        ("[waiver]\nrule = 1\n", "'waiver' must be an array of tables"),
        ("[[waivers]]\nrule = 1\n", "unknown top-level key(s) waivers"),
        ("[[waiver]\n", "is not valid TOML"),
    ],
)
def test_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "w.toml"
    path.write_text(text)
    with pytest.raises(ValueError) as info:
        load_waivers(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        load_waivers(tmp_path / "nope.toml")


def test_expires_as_string_date(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text('[[waiver]]\nrule = "VPN110"\nreason = "r"\nexpires = "2025-01-31"\n')
    assert load_waivers(path)[0].expires == date(2025, 1, 31)


def test_unused_inline() -> None:
    findings, devices = sample_findings(), sample_devices()
    assert unused_inline(findings, devices) == [
        "configs/edge-1.cfg:18: inline suppression of VPN305 suppressed nothing; remove it",
    ]
    # A directive for a rule that did not run (another profile) is not reported.
    assert unused_inline(findings, devices, ran=["VPN110", "VPN112"]) == []
    # Without the finding it covered, the VPN112 directive is useless too.
    rest = [f for f in findings if f.rule_id != "VPN112"]
    assert unused_inline(rest, devices) == [
        "configs/edge-1.cfg:14: inline suppression of VPN112 suppressed nothing; remove it",
        "configs/edge-1.cfg:18: inline suppression of VPN305 suppressed nothing; remove it",
    ]


def test_waivers_are_looked_up_not_tried_one_by_one(tmp_path: Path, monkeypatch) -> None:
    """A waiver per AWS connection (or per device) and a finding per connection: each finding is
    judged against the waivers that can match it, not against all of them (quadratic before: 500
    waivers over 13,000 findings were 6.5 million tries). What matches, and in which order, is the
    same as trying every waiver: a glob or a rule-wide waiver is still tried on every finding of its rule."""
    from vpnaudit import waivers as module

    n = 300
    text = "".join(f'[[waiver]]\nrule = "VPN502"\nvpn_connection = "vpn-{i:04x}"\nreason = "r{i}"\n\n' for i in range(n))
    text += '[[waiver]]\nrule = ["VPN502", "VPN502"]\ndevice = "vpn-000*"\nreason = "glob"\n\n'
    text += '[[waiver]]\nrule = "VPN502"\ndevice = "vpn-0001"\nreason = "exact device"\n'
    path = tmp_path / "w.toml"
    path.write_text(text)
    findings = [Finding(rule_id="VPN502", rule_name="x", severity="high", message="m", path=f"d{i}.json",
                        device=f"vpn-{i:04x}") for i in range(n)]
    findings.append(Finding(rule_id="VPN503", rule_name="x", severity="high", message="m", path="x", device="vpn-0001"))
    tries = 0
    original = module._matches

    def counted(*args):
        nonlocal tries
        tries += 1
        return original(*args)

    monkeypatch.setattr(module, "_matches", counted)
    out, notices = apply_waivers(findings, [], load_waivers(path), TODAY)
    assert tries <= 2 * n + 3  # each finding: its connection's waiver and the glob (not n + 2 each)
    reasons = [[s.justification for s in f.suppressions] for f in out]
    assert reasons[0] == ["r0", "glob"] and reasons[1] == ["r1", "glob", "exact device"]
    assert reasons[16] == ["r16"] and reasons[-1] == [] and len(out) == n + 1
    assert not notices


def _directive_device(scopes: list[tuple[int, int, int]]):
    from vpnaudit.model import Device, InlineSuppression

    return Device(source="edge.cfg", vendor="junos", suppressions=tuple(
        InlineSuppression(rule_ids=("VPN301",), reason=None, line=line, scope_start=start, scope_end=end)
        for start, end, line in scopes))


def test_inline_directives_first_covering_one_is_found_as_by_testing_each() -> None:
    """Nested, overlapping, equal, empty and single-line scopes: the first directive (file order) whose
    scope or own line holds a line is the one a test of every directive finds."""
    import random

    from vpnaudit.suppressions import _Directives

    rng = random.Random(7)
    for _ in range(200):
        scopes = []
        for _ in range(rng.randint(1, 12)):
            start = rng.randint(1, 40)
            scopes.append((start, start + rng.randint(-2, 25), rng.randint(1, 60)))
        device = _directive_device(scopes)
        index = _Directives(device)
        for line in range(0, 70):
            expected = next((p for p, (start, end, own) in enumerate(scopes) if start <= line <= end or own == line), None)
            assert index.first("VPN301", "edge.cfg", line) == expected, (scopes, line)
        assert index.first("VPN302", "edge.cfg", 5) is None and index.first("VPN301", "other.cfg", 5) is None


def test_a_directive_around_many_others_does_not_make_each_lookup_longer() -> None:
    """A directive on a block around every stanza (Junos ``security``), and one in each stanza:
    a finding's lookup is one binary search (walking back over the scopes that still reach the line
    visited every earlier stanza: quadratic)."""
    from vpnaudit.suppressions import _Directives

    from ._events import traced

    def events(n: int) -> int:
        scopes = [(1, 10 * n + 10, 1)] + [(10 * i + 5, 10 * i + 9, 10 * i + 5) for i in range(1, n + 1)]
        index = _Directives(_directive_device(scopes))
        # a finding in the last line of each stanza: the outer directive comes first
        found, count = traced(lambda: [index.first("VPN301", "edge.cfg", 10 * i + 9) for i in range(1, n + 1)])
        assert set(found) == {0}
        return count

    small, large = events(100), events(800)
    assert large / 800 <= 1.2 * small / 100  # the same events per lookup
