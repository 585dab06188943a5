"""Vendor detection (vpnaudit/parsers/_detect.py): one pass over the lines, no parser imported."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from vpnaudit.parsers import PARSER_MODULES, _detect, _exists, best_vendor, detect_scores, detect_vendor, unwrap_markdown


@pytest.mark.parametrize(
    ("text", "vendor"),
    [
        # issue 18: small but unambiguous files of each vendor
        ("hostname r1\ncrypto ipsec transform-set TS esp-3des ah-sha-hmac\n", "cisco-ios"),
        ("crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n mode tunnel\n", "cisco-ios"),
        ("crypto isakmp policy 10\n encr aes 256\n", "cisco-ios"),
        ("interface Tunnel1\n tunnel mode ipsec ipv4\n", "cisco-ios"),
        ("crypto ikev1 policy 10\n encryption aes-256\n", "cisco-asa"),
        ("tunnel-group 203.0.113.1 type ipsec-l2l\n", "cisco-asa"),
        ("set security ike proposal P authentication-method pre-shared-keys\n", "junos"),
        ("security {\n    ike {\n    }\n}\n", "junos"),
        ("conn aws\n  left=10.0.0.1\n", "strongswan"),
        ("connections {\n  aws {\n    local_addrs = 10.0.0.1\n  }\n}\n", "strongswan"),
        ("add vpn tunnel 1 type numbered local 169.254.0.2 remote 169.254.0.1 peer aws\n", "checkpoint"),
        ('{"VpnConnections": []}', "aws"),
    ],
)
def test_small_unambiguous_files_are_detected(text, vendor):
    assert detect_vendor(text, "config.txt")[0] == vendor


def test_ambiguous_transform_set_needs_more_than_itself():
    """``esp-3des esp-sha-hmac`` is valid on IOS and on an ASA before 8.4: a transform-set alone
    with a hostname is below the threshold; an AH or SHA-2 transform is IOS only."""
    scores = detect_scores("hostname r1\ncrypto ipsec transform-set TS esp-3des esp-sha-hmac\n", "r1.cfg")
    assert scores["cisco-ios"] == 15 and best_vendor(scores) == (None, 15)


def test_asa_lines_keep_an_ios_looking_file_away_from_ios():
    text = "ASA Version 9.8(4)\nhostname fw\ncrypto ipsec transform-set TS esp-3des ah-sha-hmac\n"
    assert detect_vendor(text, "fw.cfg")[0] == "cisco-asa"


def test_markers_are_selected_by_a_literal_first_word_and_never_use_backslash_s():
    for name, patterns in _detect.MARKERS.items():
        for pattern in patterns:
            assert _detect._literal_prefix(pattern).strip(), (name, pattern)
            assert "\\s" not in pattern, (name, pattern)
    assert _detect._literal_prefix(r"[ \t]+tunnel mode ipsec ipv[46]") == "tunnel mode ipsec ipv"
    assert _detect._literal_prefix(r"ab?c") == "a"
    assert _detect._literal_prefix(r"security \{[ \t]*$") == "security {"


def test_a_marker_never_matches_across_lines():
    """The old ``^\\s+tunnel mode`` matched a column-0 line after a blank one; a marker sees one line."""
    assert _detect.scan("\ntunnel mode ipsec ipv4\n", "x").hits == {}
    assert _detect.scan("interface Tunnel1\n tunnel mode ipsec ipv4\n", "x").hits == {
        "ios.interface": 1, "ios.tunnel-mode-ipsec": 1}


def test_counted_markers_count_lines_the_others_their_first():
    text = "crypto ikev1 enable outside\ncrypto ikev1 policy 10\nobject network A\nobject network B\n"
    hits = _detect.scan(text, "x").hits
    assert hits["ios.asa-weak"] == 4 and hits["asa.object-network"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "\n" * 200_000,  # issue 13: 20 KB of blank lines took 34 s
        " \n" * 400_000,  # issue 13: 40,000 one-space lines took over 5 min
        " " * 2_000_000,
        "\t\n \n" * 100_000 + "crypto ipsec transform-set T " + "esp-x " * 100_000,
        ("crypto map M 10 set peer 1.1.1.1\n" * 50_000),
    ],
)
def test_pathological_input_is_detected_in_linear_time(text):
    start = time.perf_counter()
    detect_vendor(text, "x.cfg")
    detect_vendor(unwrap_markdown(text), "x.md")
    assert time.perf_counter() - start < 5  # a completion bound (seconds, not minutes), not a benchmark


def test_every_registered_vendor_with_a_scorer_is_in_the_registry():
    assert set(_detect.SCORERS) <= set(PARSER_MODULES)


def test_detection_imports_no_parser():
    code = (
        "import sys\n"
        "from vpnaudit.parsers import detect_vendor\n"
        "print(detect_vendor(open(sys.argv[1]).read(), sys.argv[1])[0])\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('vpnaudit.parsers.'))))\n"
    )
    from .conftest import CORPUS

    path = CORPUS / "junos" / "batfish-ike-proposal-set.set"
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout
    vendor, modules = out.splitlines()
    assert vendor == "junos"
    # a vendor whose markers are not in _detect yet is asked through its own module
    unfolded = {PARSER_MODULES[v] for v in PARSER_MODULES if v not in _detect.SCORERS and _exists(v)}
    expected = {"vpnaudit.parsers._base", "vpnaudit.parsers._detect"} | unfolded
    assert set(modules.split()) == expected


def test_secret_lines_outside_comments():
    assert _detect.secret_lines(_detect.scan('gw : PSK "x"\n', "ipsec.secrets"))
    assert not _detect.secret_lines(_detect.scan('# gw : PSK "x"\n', "ipsec.secrets"))
    assert _detect.secret_lines(_detect.scan('# gw : PSK "x"\n1.2.3.4 : RSA key.pem\n', "x"))
    start = time.perf_counter()
    assert not _detect.secret_lines(_detect.scan("#" + ": PSK " * 200_000, "x"))
    assert time.perf_counter() - start < 5


def test_scorers_that_count_lines_see_every_line():
    text = "".join(f"set network ike gateway G{i} authentication pre-shared-key key x\n" for i in range(3))
    assert _detect.scan(text, "fw.txt").hits["panos.crypto"] == 3
    assert detect_scores(text, "fw.txt")["panos"] == 85
