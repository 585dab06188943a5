"""The leak fuzzer: no key, and no hash of a key, in any output of any input.

Real corpus files (every vendor directory of fixtures/corpus) get a distinctive key inserted in
one vendor's secret syntax (all vendors' syntaxes into all vendors' files), at a malformed
position: an unknown keyword, a one-letter typo of the secret word, an unclosed block, lost or
extra indentation, a continuation line, a quoted value split over two lines, a comment, a
description, a name, JSON without a colon, an escaped quote, XML CDATA. Each mutated file goes
through ``api.audit`` (strict profile) and is rendered in all five formats, exported as ``parse
--format json`` would, and written as a baseline; the VPN000 lines the CLI prints on stderr and
any exception text are checked too. A few cases also run the real CLI in a subprocess.

Forbidden in every output: the key, its first and last 8 characters (a split or truncated key),
the hex SHA-256 / SHA-1 / MD5 of the key, its base64 (standard and URL-safe) and its hex bytes.

The engine is shared with ``bench/fuzz.py`` (the long run, 10,000+ mutations).
"""

from __future__ import annotations

import base64
import hashlib
import os
import random
import subprocess
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT

# --------------------------------------------------------------------------------------------
# Secret statements, one per vendor syntax. {W} is the secret word (typos are applied to it),
# {K} the key.
STATEMENTS: tuple[tuple[str, str, str], ...] = (
    # (syntax, template, secret word)
    ("ios", "crypto isakmp {W} {K} address 203.0.113.77", "key"),
    ("ios", "crypto isakmp {W} 0 {K} address 203.0.113.77", "key"),
    ("ios", " pre-shared-key address 203.0.113.77 {W} {K}", "key"),
    ("ios", " {W} address 203.0.113.77 key 0 {K}", "pre-shared-key"),
    ("ios", " {W} address 203.0.113.77 {K}", "pre-shared-key"),  # the 'key' word lost
    ("ios", " pre-shared-key local {K}", "pre-shared-key"),
    ("ios", " {W} 7 {K}", "key-string"),
    ("ios", "username admin {W} 0 {K}", "password"),
    ("asa", " ikev1 {W} {K}", "pre-shared-key"),
    ("asa", " ikev2 remote-authentication {W} {K}", "pre-shared-key"),
    ("asa", " ikev2 local-authentication pre-shared-key 0 {K}", "pre-shared-key"),
    ("junos", '{W} ascii-text "{K}";', "pre-shared-key"),
    ("junos", 'pre-shared-key {W} "{K}"; ## SECRET-DATA', "ascii-text"),
    ("junos", 'pre-shared-key {W} "{K}" {{', "ascii-text"),  # a block never closed
    ("junos", 'set security ike policy P {W} ascii-text "{K}"', "pre-shared-key"),
    ("junos", "set security ike policy P pre-shared-key {W} {K}", "hexadecimal"),
    ("strongswan", '%any 203.0.113.77 : {W} "{K}"', "PSK"),
    ("strongswan", ": {W} {K}", "PSK"),
    ("strongswan", "carol : {W} \"{K}\"", "EAP"),
    ("strongswan", "    {W} = {K}", "secret"),
    ("strongswan", '    {W} = "{K}"', "secret"),
    ("strongswan", "  right{W}={K}", "psk"),
    ("strongswan", '{W}="{K}"', "psk"),
    ("strongswan", "  ike_{W} = {K}", "psk"),
    ("strongswan", "  auth{W} {K}", "key"),
    ("checkpoint", "set vpn site-to-site interoperable-device AWS {W} {K}", "shared-secret"),
    ("checkpoint", '"{W}": "{K}",', "shared-secret"),
    ("checkpoint", '"{W}": "ab\\"{K}",', "pre-shared-secret"),  # an escaped quote before the key
    ("aws", '"{W}": "{K}",', "PreSharedKey"),
    ("aws", '"{W}" "{K}",', "PreSharedKey"),  # JSON without the colon
    ("aws", "<{W}>{K}</pre_shared_key>", "pre_shared_key"),
    ("aws", "<{W}><![CDATA[{K}]]></pre_shared_key>", "pre_shared_key"),
    ("fortios", "    set {W} {K}", "psksecret"),
    ("fortios", "    set {W} ENC {K}", "psksecret"),
    ("panos", "<{W}><key>{K}</key></pre-shared-key>", "pre-shared-key"),
    ("panos", "set network ike gateway G authentication pre-shared-key {W} {K}", "key"),
    ("terraform", '  tunnel1_{W} = "{K}"', "preshared_key"),
    ("cloudformation", "        {W}: {K}", "PreSharedKey"),
)

# How a statement is put into a file: positions and malformations.
PLACEMENTS = (
    "line",  # a line of its own at a random place (unknown keyword for that vendor)
    "unknown-prefix",  # behind an unknown keyword
    "indented",  # with indentation it should not have
    "lost-indent",  # with the indentation stripped
    "comment",  # in a comment of some vendor's syntax
    "description",  # in a description / quoted text
    "name",  # where a name goes
    "continuation",  # the key on a continuation line
    "split-quote",  # a quoted key split over two lines
    "unclosed",  # an unclosed block at the end of the file
    "typo",  # a one-letter typo of the secret word
    "end",  # the very last line, without a newline
)
COMMENTS = ("! ", "# ", "// ", "/* ", "-- ", "; ")
_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


def make_key(rng: random.Random) -> str:
    """A distinctive key: never in the corpus, safe in every output format (no escaping)."""
    return "Qz" + "".join(rng.choice(_ALNUM) for _ in range(16))


def typo(word: str, rng: random.Random) -> str:
    """One-letter typo: a letter dropped, doubled, or two neighbours swapped."""
    if len(word) < 2:
        return word + word
    i = rng.randrange(len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0 and len(word) > 2:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def forbidden(key: str) -> dict[str, str]:
    """Every form of ``key`` that must never appear in an output."""
    raw = key.encode()
    return {
        "key": key,
        "key prefix": key[:8],
        "key suffix": key[-8:],
        "sha256": hashlib.sha256(raw).hexdigest(),
        "sha1": hashlib.sha1(raw).hexdigest(),
        "md5": hashlib.md5(raw).hexdigest(),
        "base64": base64.b64encode(raw).decode().rstrip("="),
        "base64url": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "hex": raw.hex(),
    }


@dataclass(frozen=True)
class Case:
    seed: Path
    statement: int
    placement: str
    key: str
    text: str


def _statement(index: int, key: str, rng: random.Random, with_typo: bool) -> str:
    _, template, word = STATEMENTS[index]
    return template.format(W=typo(word, rng) if with_typo else word, K=key)


def mutate(text: str, index: int, placement: str, key: str, rng: random.Random) -> str:
    lines = text.split("\n")
    at = rng.randrange(len(lines) + 1)
    stmt = _statement(index, key, rng, placement == "typo")
    indent = " " * rng.choice((1, 2, 4, 8))
    if placement in ("line", "typo"):
        new = [stmt]
    elif placement == "unknown-prefix":
        new = [rng.choice(("bogus-command ", "set frobnicate ", "crypto isakmp odd ", "  unknownopt=", "<x>")) + stmt.strip()]
    elif placement == "indented":
        new = [indent + stmt.strip()]
    elif placement == "lost-indent":
        new = [stmt.strip()]
    elif placement == "comment":
        new = [rng.choice(COMMENTS) + stmt.strip() + (" */" if rng.random() < 0.5 else "")]
    elif placement == "description":
        new = [rng.choice((" description ", "  description \"", "set comment \"", "# note: ")) + stmt.strip() + '"']
    elif placement == "name":
        new = [rng.choice(("crypto keyring ", "conn ", "tunnel-group ", "edit \"", "    policy \"",
                           "crypto ikev2 profile ")) + stmt.strip() + rng.choice((" {", "", '" {', "\""))]
    elif placement == "continuation":
        head, _, tail = stmt.partition(key)
        new = [head.rstrip() + " \\", key + tail]
    elif placement == "split-quote":
        cut = rng.randrange(8, len(key) - 7)
        head, _, tail = stmt.partition(key)
        if '"' not in head:
            head = head + '"'
            tail = '"' + tail
        new = [head + key[:cut], key[cut:] + tail]
    elif placement == "unclosed":
        new = [stmt.rstrip("{ ;") + " {", indent + "mode main;"]
        at = len(lines)
    else:  # "end"
        return text.rstrip("\n") + "\n" + stmt
    return "\n".join(lines[:at] + new + lines[at:])


def corpus_seeds(max_bytes: int = 60_000) -> list[tuple[Path, str]]:
    seeds = []
    for path in sorted(CORPUS.rglob("*")):
        if path.is_file() and path.name != "SOURCES.md" and path.stat().st_size <= max_bytes:
            seeds.append((path, path.read_text("utf-8", errors="replace")))
    return seeds


def iter_cases(n: int, seed: int = 0, max_bytes: int = 60_000) -> Iterator[Case]:
    """``n`` cases, round-robin over statements and placements, random seed files and positions."""
    rng = random.Random(seed)
    seeds = corpus_seeds(max_bytes)
    for i in range(n):
        index = i % len(STATEMENTS)
        placement = PLACEMENTS[(i // len(STATEMENTS)) % len(PLACEMENTS)]
        path, text = seeds[rng.randrange(len(seeds))]
        key = make_key(rng)
        yield Case(path, index, placement, key, mutate(text, index, placement, key, rng))


# --------------------------------------------------------------------------------------------
# Running one case in-process: every output the CLI could produce for it.
OUTPUTS = ("text", "json", "sarif", "html", "markdown", "stderr", "baseline", "parse", "repr")
def outputs(path: str) -> dict[str, str]:
    """All outputs of ``lint`` (five formats, stderr lines, baseline) and ``parse --format json``."""
    from vpnaudit.api import AuditOptions, audit
    from vpnaudit.baseline import dumps
    from vpnaudit.cli import Format, _render
    from vpnaudit.reporters.json import render_devices

    out: dict[str, str] = {}
    try:
        report = audit([path], AuditOptions(profile="strict"))
        for fmt in Format:
            out[fmt.value] = _render(report, fmt, colour=False, show_suppressed=True)
        out["stderr"] = "\n".join(
            [f"{f.path}:{f.line}: {f.message}" for f in report.findings if f.rule_id == "VPN000"] + report.errors)
        out["baseline"] = dumps(report)
        out["parse"] = render_devices(report.devices)  # what ``parse --format json`` prints for these devices
        out["repr"] = repr(report.devices) + repr(report.findings)
    except Exception:  # the exception text must not leak either; the crash itself is test_fuzz's business
        out["exception"] = traceback.format_exc()
    return out


def leaks(case_key: str, produced: dict[str, str]) -> list[str]:
    found = []
    for output_name, text in produced.items():
        for form, value in forbidden(case_key).items():
            if value in text:
                line = next(x for x in text.splitlines() if value in x)
                found.append(f"{form} in {output_name}: {line.strip()[:160]}")
    return found


def run_case(case: Case, directory: str) -> list[str]:
    name = case.seed.name if case.seed.suffix else case.seed.name + ".cfg"
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(case.text)
    try:
        return leaks(case.key, outputs(path))
    finally:
        os.unlink(path)


# --------------------------------------------------------------------------------------------
IN_SUITE_CASES = 2 * len(STATEMENTS) * len(PLACEMENTS) // 3


def test_no_key_in_any_output_of_mutated_corpus(tmp_path: Path) -> None:
    failures = []
    for case in iter_cases(IN_SUITE_CASES, seed=13, max_bytes=20_000):
        for leak in run_case(case, str(tmp_path)):
            failures.append(f"{case.seed.name} {STATEMENTS[case.statement][1]!r} {case.placement}: {leak}")
    assert not failures, f"{len(failures)} leaks:\n" + "\n".join(failures[:30])


def test_the_fuzzer_finds_a_key_that_is_printed(tmp_path: Path) -> None:
    """The check can fail: a key in a file name shows in the export, and every forbidden form
    planted in an output is found."""
    case = next(iter_cases(1, seed=5, max_bytes=20_000))
    path = tmp_path / f"{case.key}.cfg"
    path.write_text(case.text, encoding="utf-8")
    assert any(f.startswith("key in parse") for f in leaks(case.key, outputs(str(path))))
    for form, value in forbidden(case.key).items():
        assert any(f.startswith(f"{form} in planted") for f in leaks(case.key, {"planted": f"x {value} y"}))


# The reproducers of issue 13, each through the real CLI: every lint format, parse and the baseline.
REPRODUCERS = {
    "junos-unclosed.conf": 'security {\n ike {\n  policy P {\n   pre-shared-key ascii-text "QzReproJunos01" {\n',
    "ipsec.conf": "conn aws\n  right=203.0.113.9\n  authby=secret\n  rightpsk=QzReproSwan0002\n"
                  'psk="QzReproSwan0003"\n  ike_psk = QzReproSwan0004\n  authkey QzReproSwan0005\n'
                  'conn b\n  right=203.0.113.10\n  psk="QzReproSwan\n0006part"\n',
    "typo.cfg": "hostname r1\ncrypto isakmp policy 10\n encr aes 256\n hash sha256\n group 14\n"
                "crypto isakmp keyy QzReproIos00007 address 203.0.113.9\ncrypto keyring K\n"
                " pre-share-key 0 QzReproIos00008\n pre-shared-key address 203.0.113.9 QzReproIos00009\n",
    "swanctl.conf": "connections {\n aws {\n  remote_addrs = 203.0.113.9\n  secret = QzReproSwanctl10\n }\n}\n"
                    "secrets {\n ike-1 {\n  id = 203.0.113.9\n  secret = \"QzRepro\\\"Swan11\"\n }\n}\n",
    "clish.txt": "#\n# Configuration of cp_gw1\n# Language version: 13.4v1\n#\n"
                 "set installer policy check-for-updates-period 3\n"
                 "set vpn site-to-site community AWS shared-secret QzReproClish0012\n"
                 "set vpn site-to-site interoperable-device aws-1 shared-secret QzReproClish0013\n",
    "fw.asa": "hostname fw\ntunnel-group 203.0.113.9 type ipsec-l2l\ntunnel-group 203.0.113.9 ipsec-attributes\n"
              " ikev2 remote-authentication pre-shared-key QzReproAsa00014\n ikev2 remote-authentication weird "
              "pre-shared-key QzReproAsa00015\n",
    "aws.json": '{"VpnConnections": [{"VpnConnectionId": "vpn-1", "CustomerGatewayConfiguration": '
                '"<vpn_connection><ipsec_tunnel><ike><pre_shared_key><![CDATA[QzReproAws00016]]></pre_shared_key>'
                '</ike></ipsec_tunnel></vpn_connection>", "Options": {"TunnelOptions": [{"OutsideIpAddress": '
                '"203.0.113.9", "PreSharedKey" "QzReproAws00017"}]}}]}\n',
    # Found by the leak fuzzer (seed 3120606): a key line after a blank line inside a YAML parameter's
    # plain scalar became part of the customer gateway address, a field that was not masked.
    "cfn.yml": 'AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  CgwIp:\n    Type: String\n'
               "    Default: 203.0.113.9\n\n        set psksecret ENC QzReproCfn00018\nResources:\n  CGW:\n"
               "    Type: AWS::EC2::CustomerGateway\n    Properties:\n      IpAddress: !Ref CgwIp\n"
               "      BgpAsn: 65000\n      Type: ipsec.1\n  VPN:\n    Type: AWS::EC2::VPNConnection\n"
               "    Properties:\n      CustomerGatewayId: !Ref CGW\n      Type: ipsec.1\n"
               "      StaticRoutesOnly: true\n      VpnGatewayId: vgw-1\n",
    # Leak fuzzer, seed 7120615: PAN-OS reads the line as a path and values and quoted the path and the
    # first value (the key), without the keyword that made it a secret.
    "panos-comment.txt": "set network ike gateway ike-1 protocol ikev2 dpd enable yes\n"
                         "set network ike gateway ike-1 peer-address ip 203.0.113.9\n"
                         "edit network tunnel ipsec ipsec-tunnel-1\nset auto-key ike-gateway ike-1\n"
                         'set comment "pre-shared-key ascii-text "QzReproPanos022"; ## SECRET-DATA"\ntop\n',
    # Tags and routes of an AWS dump are text from whoever wrote them.
    "tags.json": '{"VpnConnections": [{"VpnConnectionId": "vpn-2", "State": "available", "Type": "ipsec.1", '
                 '"Tags": [{"Key": "note", "Value": "pre-shared-key QzReproAws00019"}], "Routes": [{'
                 '"DestinationCidrBlock": "10.0.0.0/16 pre-shared-key QzReproAws00020", "State": "available"}], '
                 '"Options": {"StaticRoutesOnly": true, "TunnelOptions": [{"OutsideIpAddress": "203.0.113.9", '
                 '"PreSharedKey": "QzReproAws00021"}]}}]}\n',
}


def _cli(*args: str, cwd: Path) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "vpnaudit", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return proc.returncode, proc.stdout + proc.stderr


def _keys(text: str) -> list[str]:
    return [w for w in text.replace('"', " ").replace("\\", " ").split() if w.startswith("QzRepro")]


@pytest.mark.parametrize("name", sorted(REPRODUCERS))
def test_issue_13_reproducers(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(REPRODUCERS[name], encoding="utf-8")
    produced = outputs(str(path))
    assert "exception" not in produced
    assert "unknown format" not in produced["json"]  # read by its parser, not skipped as unknown
    for key in _keys(REPRODUCERS[name]):
        assert not leaks(key, produced)
    assert not any("0006part" in t for t in produced.values())  # the second half of a key over two lines


def test_issue_13_reproducers_through_the_cli(tmp_path: Path) -> None:
    """The real CLI on all reproducers at once: five lint formats, parse, --write-baseline, stderr."""
    configs = tmp_path / "configs"
    configs.mkdir()
    for name, text in REPRODUCERS.items():
        (configs / name).write_text(text, encoding="utf-8")
    texts = []
    for fmt in ("text", "json", "sarif", "html", "markdown"):
        out = tmp_path / f"out.{fmt}"
        code, streams = _cli("lint", str(configs), "--format", fmt, "-o", str(out), "--profile", "strict", cwd=tmp_path)
        assert code in (1, 2) and "Traceback" not in streams
        texts += [streams, out.read_text("utf-8")]
    code, streams = _cli("parse", str(configs), "--format", "json", cwd=tmp_path)
    assert '"vendor": "junos"' in streams and "Traceback" not in streams
    texts.append(streams)
    baseline = tmp_path / "baseline.json"
    _cli("lint", str(configs), "--write-baseline", str(baseline), cwd=tmp_path)
    texts.append(baseline.read_text("utf-8"))
    for key in _keys("\n".join(REPRODUCERS.values())):
        for form, value in forbidden(key).items():
            assert not any(value in t for t in texts), f"{form} of {key} leaked"
    assert not any("0006part" in t for t in texts)
