"""strongSwan parser on crafted input: doubling the input at most roughly doubles the time (the
style of test_complexity.py: the two sizes take turns, best of five, ratio < 3.0; a quadratic step
gives about 4x). Each case was quadratic (or worse) before; the sizes make the old code take 3.5x
or more, and the new code well under a second.

Where building the model of each connection costs far more than the quadratic step, the step is
measured on its own: the reader alone (``_read_ipsec_conf``), or with the per-connection work
replaced by a stub.
"""

from __future__ import annotations

import time
import tracemalloc
from types import SimpleNamespace

import pytest

from vpnaudit.parsers import strongswan
from vpnaudit.parsers._base import SourceFile

from .test_complexity import _ratio


def _parse(name: str) -> object:
    return lambda text: strongswan.parse([SourceFile(name, text)])


def _read_ipsec_conf(text: str) -> object:
    res = strongswan._Result(source="ipsec.conf")
    strongswan._read_ipsec_conf(SourceFile("ipsec.conf", text), res, [], [], [])
    return res


def _assert_linear(make, run, n: int, what: str) -> None:
    ratio = _ratio(make, run, n)
    assert ratio < 3.0, f"{what}: doubling the input took {ratio:.1f}x the time"


def test_swanctl_quoted_value_over_many_lines() -> None:
    # The value grew by one line at a time and its quotes were counted again each time (804 KB: 9 s).
    _assert_linear(lambda n: 'connections {\n a {\n  x = "abc\n' + "  y = 1\n" * n + '"\n }\n}\n',
                   _parse("swanctl.conf"), 20_000, "a quoted value over many lines")


def test_swanctl_sections_opened_on_one_line() -> None:
    # The rest of the line was copied for every section opened (804 KB: 49 s).
    _assert_linear(lambda n: "connections {\n" + "a{" * n + "\n", _parse("swanctl.conf"), 50_000,
                   "sections opened on one line")


def test_swanctl_stray_braces_on_one_line_are_one_problem_with_bounded_memory() -> None:
    # One problem per stray brace: 1.6 MB of '}' took 716 MB.
    text = "connections {\n}\n" + "}" * 200_000 + "\n} x\n}\n"
    tracemalloc.start()
    try:
        (device,) = strongswan.parse([SourceFile("swanctl.conf", text)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * 2**20, f"peak {peak / 2**20:.0f} MB"
    assert [(p.line, p.message) for p in device.problems] == [
        (3, "'}' without an open section (200000 on this line)"),
        (4, "'}' without an open section"),
        (4, "swanctl.conf line not understood"),
        (5, "'}' without an open section")]


def test_swanctl_stray_braces_between_sections_are_counted_together() -> None:
    (device,) = strongswan.parse([SourceFile("swanctl.conf", "connections {\n}\n} a { } } }\n")])
    assert [(p.line, p.message) for p in device.problems] == [
        (3, "'}' without an open section (3 on this line)"), (3, "unknown swanctl.conf section 'a'")]


def test_swanctl_redefined_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each redefinition filtered the list of every tunnel. Building a tunnel costs far more than
    # that step, so the per-connection work is a stub here.
    def stub(res: object, conn: object, siblings: object) -> None:
        res.tunnels.append(SimpleNamespace(name=conn.name))  # type: ignore[attr-defined]

    monkeypatch.setattr(strongswan, "_swanctl_conn", stub)

    def make(n: int) -> str:
        body = "".join(f" c{i} {{ }}\n" for i in range(n))
        return "connections {\n" + body + body + "}\n"

    def run(text: str) -> object:
        res = strongswan._Result(source="swanctl.conf")
        strongswan._read_swanctl(SourceFile("swanctl.conf", text), res)
        return res

    _assert_linear(make, run, 12_000, "redefined connections")
    res = run("connections {\n a { }\n b { }\n a { }\n c { }\n b { }\n}\n")
    assert [t.name for t in res.tunnels] == ["a", "c", "b"]


def test_swanctl_redefined_connection_replaces_the_earlier_tunnel() -> None:
    text = "connections {\n a { remote_addrs = 192.0.2.1 }\n b { }\n a { remote_addrs = 192.0.2.2 }\n}\n"
    (device,) = strongswan.parse([SourceFile("swanctl.conf", text)])
    assert [(t.name, t.peer_address) for t in device.tunnels] == [("b", "%any"), ("a", "192.0.2.2")]


def test_swanctl_base_chain_is_merged_once_per_level() -> None:
    # Each base was merged again for each reference: 4 ** 12 merges from 13 lines (56 s).
    text = "connections {\n" + "".join(f" b{i} : b{i + 1}, b{i + 1}, b{i + 1}, b{i + 1} {{ version = 2 }}\n"
                                       for i in range(11)) + " b11 { remote_addrs = 192.0.2.1 }\n}\n"
    start = time.perf_counter()
    (device,) = strongswan.parse([SourceFile("swanctl.conf", text)])
    assert time.perf_counter() - start < 2.0
    assert [t.name for t in device.tunnels][:2] == ["b0", "b1"]


def test_secrets_long_run_of_blanks() -> None:
    # A lazy selector group followed by blanks before the colon (10,000 blanks: 0.15 s, 20,000: 0.6 s).
    _assert_linear(lambda n: "a" + " " * n + "b\n", _parse("ipsec.secrets"), 10_000, "blanks in a secrets line")


@pytest.mark.parametrize(("line", "parts"), [
    ("a b : PSK \"x\"", ("a b", "PSK", "\"x\"")),
    ("a :PSK_x", None),  # no word boundary after the type
    ("a 'b : PSK x", None),  # a quote before the colon
    (": PSK 0x12", ("", "PSK", "0x12")),
    ("a \t: RSA key.pem", ("a", "RSA", "key.pem")),
    ("no colon", None),
])
def test_secrets_line_split(line: str, parts: tuple[str, str, str] | None) -> None:
    assert strongswan._split_secret(line) == parts


def test_ipsec_conf_directive_before_every_conn() -> None:
    # Each directive looked its section up among every section.
    _assert_linear(lambda n: "".join(f"# vpnaudit: disable=VPN001\nconn c{i}\n" for i in range(n)),
                   _read_ipsec_conf, 4_000, "a directive before every conn")


def test_ipsec_conf_many_also_in_one_conn() -> None:
    # Each also= line counted the conn's also keys.
    _assert_linear(lambda n: "conn a\n" + "  also=b\n" * n, _read_ipsec_conf, 5_000, "also= lines in one conn")
    res_sections: list = []
    strongswan._read_ipsec_conf(SourceFile("ipsec.conf", "conn a\n also=b\n alsoflip=1\n also=c\n"),
                                strongswan._Result(source="ipsec.conf"), res_sections, [], [])
    assert list(res_sections[0].params) == ["also#0", "alsoflip", "also#2"]


def _bgp_tunnels(n: int) -> tuple[str, str]:
    """``n`` route-based conns and ``4 n`` BGP neighbours, each tunnel's far down the list."""
    conf = ["conn %default", "  keyexchange=ikev2", "  authby=secret"]
    bgp = ["hostname h", "router bgp 65000"] + [f" neighbor 10.9.{i // 250}.{i % 250} remote-as 64513" for i in range(3 * n)]
    for i in range(n):
        a, b = i // 64, i % 64 * 4
        conf += [f"conn t{i}", "  left=%defaultroute", f"  right=203.0.{i // 250}.{i % 250 + 1}", "  auto=start",
                 f'  leftupdown="/etc/ipsec.d/aws-updown.sh -ln T{i} -ll 169.254.{a}.{b + 2}/30 '
                 f'-lr 169.254.{a}.{b + 1}/30 -m {i + 1} -r 10.0.0.0/16"']
        j = n - 1 - i
        bgp.append(f" neighbor 169.254.{j // 64}.{j % 64 * 4 + 1} remote-as 64512")
    return "\n".join(conf) + "\n", "\n".join(bgp) + "\n"


def _parse_with_bgp(texts: tuple[str, str]) -> object:
    return strongswan.parse([SourceFile("ipsec.conf", texts[0]), SourceFile("bgpd.conf", texts[1])])


def test_bgp_neighbours_of_many_tunnels() -> None:
    # Every tunnel was tried against every neighbour, parsing both each time (500 of each: 2 s).
    _assert_linear(_bgp_tunnels, _parse_with_bgp, 250, "BGP neighbours of many tunnels")
    (device,) = _parse_with_bgp(_bgp_tunnels(3))
    assert [t.bgp.neighbor for t in device.tunnels] == ["169.254.0.1", "169.254.0.5", "169.254.0.9"]


def test_psk_encodings_of_many_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    # extra["psk_encodings"] was joined again for each key. Building a key costs far more than that
    # step, so the keys are a stub here.
    (one,) = strongswan.parse([SourceFile("ipsec.secrets", "h : PSK 0xabab\n")])[0].keys
    monkeypatch.setattr(strongswan, "PreSharedKey", SimpleNamespace(from_bytes=lambda *a, **k: one,
                                                                    from_secret=lambda *a, **k: one))
    # A long file name makes each label long (the labels are "file:line=hex").
    _assert_linear(lambda n: "".join(f"h{i} : PSK 0x{'ab' * 16}\n" for i in range(n)),
                   _parse("k" * 200 + ".secrets"), 10_000, "hex keys")



def _long_named(n: int) -> str:
    """One ipsec.conf connection whose name has 20 n characters and whose ike= and esp= list n proposals."""
    props = ",".join(f"aes{128 if i % 2 else 256}-sha{256 if i % 3 else 1}-modp{2048 if i % 5 else 3072}"
                     for i in range(n))
    return (f"conn c{'x' * (20 * n)}\n    left=198.51.100.2\n    right=203.0.113.9\n    authby=secret\n"
            f"    ike={props}\n    esp={props}\n    keyexchange=ikev2\n    auto=start\n")


def test_doubling_a_connection_name_and_its_proposals_at_most_roughly_doubles_a_lint(tmp_path) -> None:
    """Each proposal was named after the whole connection name: 2,000 proposals of a 40,000-character
    name (129 KB) took 5.3 s, 3.7 times the half; now names are cut at 256 characters, masked first."""
    from vpnaudit.api import AuditOptions, audit
    from vpnaudit.parsers.strongswan import MAX_NAMED_AFTER

    def make(n: int) -> str:
        path = tmp_path / f"long-{n}.conf"
        path.write_text(_long_named(n))
        return str(path)

    def run(path: str) -> object:
        report = audit([path], AuditOptions(jobs=1, vendor="strongswan"))
        (tunnel,) = report.devices[0].tunnels
        assert len(tunnel.ike.proposals) > 400 and len(str(tunnel.ike.proposals[0].name)) <= MAX_NAMED_AFTER + 16
        return report

    ratio = _ratio(make, run, 500)
    assert ratio < 3.0, f"doubling the name and the proposals took {ratio:.1f}x the time"
