"""Hostile input: the pathological inputs of issue 13 finish in seconds, and doubling an input at
most roughly doubles the time.

Bounds are generous (the suite runs on shared, busy machines); the speed targets themselves live
in bench/. Before the fix: 44 backslashes after an unterminated quote took 179 s in the masking
regex, a 20 KB file of blank lines 34 s in vendor detection, 10,000 nested Junos braces 432 MB.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from vpnaudit.api import AuditOptions, audit
from vpnaudit.parsers import SourceFile, cisco_asa, cisco_ios, fortios, junos, strongswan
from vpnaudit.secrets import MASK, mask, mask_source

BOUND = 20.0  # seconds: minutes before the fix, well under one second on an idle core after it


def _seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _best_of(fn: Callable[[], object], runs: int = 5) -> float:
    gc.collect()  # start each measurement from a clean heap
    return min(_seconds(fn) for _ in range(runs))


PATHOLOGICAL_LINES = {
    "backslashes after an open quote": 'crypto isakmp key "' + "\\" * 44 + "x",
    "many backslashes after an open quote": 'psk="' + "\\" * 200_000,
    "quote, backslash pairs": "secret = " + '"\\' * 100_000,
    "a very long line of words": "description " + "key a " * 50_000,
    "a very long unquoted value": "  rightpsk=" + "A" * 2_000_000,
    "alternating quotes": "psk " + "'\"" * 200_000,
    "many secret words": "key " * 100_000,
    "many colons": "x : " * 100_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_LINES))
def test_mask_is_fast_on_pathological_lines(name: str) -> None:
    line = PATHOLOGICAL_LINES[name]
    assert _seconds(lambda: mask(line)) < BOUND
    assert _seconds(lambda: mask_source(line + "\n" + line)) < 2 * BOUND


def test_mask_of_an_open_quote_with_backslashes_is_masked_not_slow() -> None:
    out = mask('crypto isakmp key "' + "\\" * 44 + "QzSecret1")
    assert "QzSecret1" not in out and MASK in out


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


FILES = {
    "blank lines (20 KB)": ("blank.cfg", "hostname r1\n" + "\n" * 20_000 + "crypto isakmp policy 10\n encr aes\n"),
    "whitespace lines": ("spaces.cfg", "hostname r1\n" + " \n" * 40_000 + "crypto isakmp policy 10\n encr aes\n"),
    "tab and blank lines": ("tabs.conf", "security {\n" + "\t \n" * 40_000 + "}\n"),
    "hook smoke file": ("smoke.cfg", "hostname r1\n" + "\n" * 8000 + " \n" * 4000 + "crypto isakmp policy 10\n encr aes\n"),
    "blank markdown": ("notes.md", "# notes\n" + "\n" * 20_000 + "```\ncrypto isakmp key abc address 1.1.1.1\n```\n"),
    "deep Junos nesting": ("deep.conf", "security {\n" + "a {\n" * 10_000 + "}\n" * 10_000 + "}\n"),
    "one very long line": ("long.cfg", "hostname r1\ncrypto isakmp key " + "x" * 3_000_000 + " address 1.1.1.1\n"),
    "backslash runs in quotes": ("bs.conf", 'conn a\n  psk="' + "\\" * 100_000 + "\n" + 'secret = "' + "\\" * 44 + "x\n"),
    "blanks inside an IOS line": ("inline.cfg", "hostname r1\ncrypto isakmp policy 10\n encr" + " " * 200_000 + "aes\n"),
    "blanks inside a swanctl section line": ("swanctl.conf", "connections {\n aws : base" + " " * 200_000 + "x\n}\n"),
    "unclosed quote over many lines": ("q.conf", 'conn a\n  psk="abc\n' + "  x=1\n" * 20_000),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_lint_is_fast_on_pathological_files(name: str, tmp_path: Path) -> None:
    filename, text = FILES[name]
    path = _write(tmp_path, filename, text)
    seconds = _seconds(lambda: audit([path], AuditOptions(profile="strict")))
    assert seconds < BOUND, f"{name}: {seconds:.1f} s"


def _junos_parse_peak(text: str) -> tuple[object, int]:
    """The device parsed from ``text`` and the peak memory of parsing it (tracemalloc)."""
    tracemalloc.start()
    try:
        (device,) = junos.parse([SourceFile("deep.conf", text)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return device, peak


def test_deep_junos_nesting_is_a_problem_with_bounded_memory() -> None:
    device, peak = _junos_parse_peak("security {\n" + "a {\n" * 10_000 + "}\n" * 10_000 + "}\n")
    assert peak < 200 * 2**20, f"peak {peak / 2**20:.0f} MB"
    assert [(p.line, p.message) for p in device.problems] == [
        (junos.MAX_DEPTH + 1, f"blocks nested deeper than {junos.MAX_DEPTH} levels (or {junos.MAX_PATH_WORDS} words); "
                              "the deeper part is not read")]


def test_short_junos_statements_deep_down_stop_at_a_memory_bound() -> None:
    """Every record holds its whole path: 100,000 statements ``x;`` 250 blocks deep (300 KB) took
    246 MB. The paths' words are capped at ``PATH_WORDS_PER_BYTE`` per byte of the file."""
    from vpnaudit.parsers.junos.lexer import PATH_WORDS_PER_BYTE

    device, peak = _junos_parse_peak("".join(f"a{i} {{\n" for i in range(250)) + "x;\n" * 100_000 + "}\n" * 250)
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MB"
    (problem,) = device.problems
    assert problem.message == (f"the statements' paths hold over {PATH_WORDS_PER_BYTE} words per byte of the file "
                               "(short statements nested very deep); the rest of the file is not read")
    assert 250 < problem.line < 250 + 100_000


def test_junos_edit_levels_then_statements_in_bounded_memory() -> None:
    device, peak = _junos_parse_peak(_junos_edits(5_000))
    assert peak < 32 * 2**20, f"peak {peak / 2**20:.0f} MB"  # 218 MB before the cap


def test_junos_edit_past_the_path_cap_is_a_problem_and_not_read() -> None:
    text = "set system host-name r1\n" + "edit a\n" * (junos.MAX_PATH_WORDS + 5) + "set b c\n" + "top\nset system ntp server 192.0.2.1\n"
    (device,) = junos.parse([SourceFile("edit.conf", text)])
    assert [(p.line, p.message) for p in device.problems] == [
        (junos.MAX_PATH_WORDS + 2, f"'edit' goes deeper than {junos.MAX_PATH_WORDS} words; the statements under it "
                                   "are not read")]
    assert device.hostname == "r1"


def test_junos_nesting_below_the_cap_is_read() -> None:
    depth = junos.MAX_DEPTH - 2
    text = "security {\n" + "".join(f"n{i} {{\n" for i in range(depth)) + "leaf 1;\n" + "}\n" * depth + "}\n"
    (device,) = junos.parse([SourceFile("ok.conf", text)])
    assert device.problems == ()


# Doubling the input at most roughly doubles the time (best of five; < 3x allows for noise on a
# busy machine; a quadratic step gives 4x, an exponential one far more).
# The two sizes take turns (as in bench/), so a load that comes and goes on a shared machine weighs on
# both alike: measured one size after the other, a busy moment made a linear step read 3.05x once.
# Under the collector thresholds of a run (``api.fewer_gc_passes``, what ``audit`` uses): with the
# default ones, full collections over the test process's growing heap made a linear step read 3x.
def _ratio(make: Callable[[int], str], run: Callable[[str], object], n: int, runs: int = 5) -> float:
    from vpnaudit.api import fewer_gc_passes

    small, large = make(n), make(2 * n)
    gc.collect()  # start from a clean heap
    best_small = best_large = float("inf")
    with fewer_gc_passes():
        for _ in range(runs):
            best_small = min(best_small, _seconds(lambda: run(small)))
            best_large = min(best_large, _seconds(lambda: run(large)))
    return best_large / max(best_small, 1e-4)


def _junos_vpns(n: int) -> str:
    """``n`` route-based VPNs, each on its own unit of st0 (one interface holding every unit)."""
    lines = ["set system host-name big"]
    for i in range(n):
        lines += [f"set interfaces st0 unit {i} family inet address 169.254.{i // 64}.{i % 64 * 4 + 2}/30",
                  f"set security ike proposal P{i} encryption-algorithm aes-256-cbc",
                  f"set security ike policy IP{i} proposals P{i}",
                  f"set security ike gateway G{i} ike-policy IP{i}",
                  f"set security ike gateway G{i} address 198.51.{i // 250}.{i % 250}",
                  f"set security ipsec vpn V{i} bind-interface st0.{i}",
                  f"set security ipsec vpn V{i} ike gateway G{i}"]
    return "\n".join(lines) + "\n"


def _ios_tunnels(n: int) -> str:
    """``n`` VTIs, each with its own ISAKMP key (every tunnel asked whether the file defines a
    physical interface by scanning every interface: quadratic, 2,000 tunnels 4 s)."""
    lines = ["hostname big", "crypto isakmp policy 10", " encr aes 256", " authentication pre-share", " group 14"]
    for i in range(n):
        peer = f"198.51.{i // 250}.{i % 250 + 1}"
        lines += [f"crypto isakmp key Secret{i}Key address {peer}", f"interface Tunnel{i}",
                  f" ip address 169.254.{i // 64}.{i % 64 * 4 + 2} 255.255.255.252", " tunnel source GigabitEthernet1",
                  f" tunnel destination {peer}", " tunnel mode ipsec ipv4", " tunnel protection ipsec profile P"]
    return "\n".join(lines) + "\n"


def _ios_ikev2_proposals(n: int) -> str:
    """One IKEv2 policy of ``n`` proposals and 20 tunnels (each tunnel deduplicated the policy's
    proposals with a list lookup each: 50 tunnels and 2,000 proposals took 57 s)."""
    lines = ["hostname big"]
    for i in range(n):
        lines += [f"crypto ikev2 proposal p{i}", " encryption aes-cbc-256", " integrity sha256", " group 14"]
    lines += ["crypto ikev2 policy POL", *(f" proposal p{i}" for i in range(n))]
    lines += ["crypto ikev2 keyring KR", " peer any", "  address 0.0.0.0 0.0.0.0", "  pre-shared-key Secret1Key",
              "crypto ikev2 profile PROF", " match identity remote address 0.0.0.0", " authentication remote pre-share",
              " authentication local pre-share", " keyring local KR", "crypto ipsec profile IPP", " set ikev2-profile PROF"]
    for j in range(20):
        lines += [f"interface Tunnel{j}", f" ip address 169.254.0.{j * 4 + 2} 255.255.255.252",
                  " tunnel source GigabitEthernet1", f" tunnel destination 198.51.100.{j + 1}",
                  " tunnel mode ipsec ipv4", " tunnel protection ipsec profile IPP"]
    return "\n".join(lines) + "\n"


def _ios_one_key_many_peers(n: int) -> str:
    """``n`` peers with one key: VPN305 named every other peer in each of ``n`` messages, each list
    deduplicated with a list lookup per name (2,000 uses: 40 s, 300 MB)."""
    return "hostname big\n" + "".join(f"crypto isakmp key SameKeyValue12345 address 198.51.{i // 250}.{i % 250 + 1}\n"
                                       for i in range(n))


def _psk_reused(text: str) -> list:
    from vpnaudit.checks import psk_reused
    from vpnaudit.policy import load_policy

    (device,) = cisco_ios.parse([SourceFile("r.cfg", text)])
    return list(psk_reused.check(device, load_policy("recommended")))


def test_a_key_on_many_peers_names_twenty_and_counts_the_rest() -> None:
    from vpnaudit.checks.psk_reused import MAX_NAMED

    violations = _psk_reused(_ios_one_key_many_peers(100))
    assert len(violations) == 100
    others = ", ".join(f"peer 198.51.0.{i}" for i in range(2, MAX_NAMED + 2))
    assert violations[0].message == ("pre-shared key for peer 198.51.0.1 (isakmp key) is reused: the same key is also used for "
                                     f"{others} and {99 - MAX_NAMED} more")
    assert violations[-1].message.endswith(f"198.51.0.{MAX_NAMED} and {99 - MAX_NAMED} more")


def _ios_wide_tunnels_and_neighbors(n: int) -> str:
    """``n`` tunnels with a /16 inside network and ``n`` BGP neighbors none of them joins: every
    tunnel scanned every neighbor for one in its network (4,000 of each, 943 KB: 19 s)."""
    lines = ["hostname big", "crypto ipsec profile P", " set transform-set T"]
    for i in range(n):
        lines += [f"interface Tunnel{i}", f" ip address 169.254.{i // 256 % 256}.{i % 256} 255.255.0.0",
                  " tunnel source GigabitEthernet1", f" tunnel destination 3.0.{i // 256 % 256}.{i % 256}",
                  " tunnel mode ipsec ipv4", " tunnel protection ipsec profile P"]
    lines.append("router bgp 65000")
    lines += [f" neighbor 10.0.{i // 256 % 256}.{i % 256} remote-as 64512" for i in range(n)]
    return "\n".join(lines) + "\n"


def _rules_of_ios(text: str) -> object:
    from vpnaudit import engine
    from vpnaudit.policy import load_policy

    (device,) = cisco_ios.parse([SourceFile("r.cfg", text)])
    return engine.device_findings([device], load_policy("strict"), engine.select_rules("strict", (), (), {}), {})


def _fortios_tunnels(n: int) -> str:
    """``n`` phase 1 / phase 2 pairs (each phase 1 looked for its phase 2 among every entry: quadratic)."""
    lines = ["#config-version=FGT60F-7.0.12-FW-build0523-230613:opmode=0:vdom=0", "config vpn ipsec phase1-interface"]
    for i in range(n):
        lines += [f'    edit "p1-{i}"', '        set interface "wan1"', "        set proposal aes256-sha256",
                  f"        set remote-gw 198.51.{i // 250}.{i % 250 + 1}", f"        set psksecret Secret{i}Key", "    next"]
    lines += ["end", "config vpn ipsec phase2-interface"]
    for i in range(n):
        lines += [f'    edit "p2-{i}"', f'        set phase1name "p1-{i}"', "        set proposal aes256-sha256", "    next"]
    return "\n".join(lines + ["end"]) + "\n"


def _swan_conns(n: int) -> tuple[str, str]:
    """``n`` conns and their secrets (every secret scored for every conn: quadratic, 2,000 took 11 s)."""
    conf = ["conn %default", "    keyexchange=ikev2", "    authby=secret"]
    secrets = []
    for i in range(n):
        peer = f"198.51.{i // 250}.{i % 250 + 1}"
        conf += [f"conn tun{i}", "    left=%defaultroute", f"    right={peer}", "    auto=start"]
        secrets.append(f'%any {peer} : PSK "Secret{i}Key"')
    return "\n".join(conf) + "\n", "\n".join(secrets) + "\n"


def _parse_swan(texts: tuple[str, str]) -> object:
    return strongswan.parse([SourceFile("etc/ipsec.conf", texts[0]), SourceFile("etc/ipsec.secrets", texts[1])])


def _junos_group_applied(n: int) -> str:
    """A group of ``n`` statements applied ``n`` times (each application scanned the whole group and
    copied it: 3,000 of each, 293 KB, ran past two minutes)."""
    group = [f"        security {{ ike {{ proposal p{i} {{ encryption-algorithm aes-128-cbc; }} }} }}" for i in range(n)]
    return "\n".join(["groups {", "    G {", *group, "    }", "}", *["apply-groups G;"] * n]) + "\n"


def _junos_deactivated_deep(depth: int) -> str:
    """10,000 statements ``depth`` blocks deep and one ``deactivate``: each statement looked up every
    prefix of its path by slicing it (the square of the depth per statement: 152 KB, 9 s)."""
    leaves = [f"leaf-{i:05d}-{'x' * 60};" for i in range(10_000)]
    return "\n".join([*(f"a{i} {{" for i in range(depth)), *leaves, *["}"] * depth, "deactivate zz"]) + "\n"


def _junos_deletes(n: int) -> str:
    """``n`` statements, then ``n`` deletes (each delete filtered every statement: 1.8 MB, 35 s)."""
    sets = [f"set security ike proposal p{i} encryption-algorithm aes-128-cbc" for i in range(n)]
    return "\n".join(sets + [f"delete interfaces x{i}" for i in range(n)]) + "\n"


def _junos_edits(n: int) -> str:
    """``n`` nested ``edit`` levels, then ``n`` statements (each held the whole edit path: 75 KB, 218 MB)."""
    return "set security ike proposal p encryption-algorithm aes-128-cbc\n" + "edit a\n" * n + "set b c\n" * n


def _junos_dangling(n: int) -> str:
    """``n`` VPNs naming gateways and policies that do not exist (each reference was looked for in
    the list of those found so far: 10,000 VPNs, 1.5 MB, 199 s)."""
    return "".join(f"set security ipsec vpn V{i} ike gateway G{i}\nset security ipsec vpn V{i} ike ipsec-policy P{i}\n"
                   f"set security ipsec vpn V{i} bind-interface st0.{i}\n" for i in range(n))


def _fortios_dangling(n: int) -> str:
    """``n`` phase 2 entries naming phase 1 entries that do not exist (the same list lookup)."""
    lines = ["#config-version=FGT60F-7.0.12-FW-build0523-230613:opmode=0:vdom=0", "config vpn ipsec phase2-interface"]
    for i in range(n):
        lines += [f'    edit "p2-{i}"', f'        set phase1name "missing-{i}"', "    next"]
    return "\n".join(lines + ["end"]) + "\n"


def _asa_bgp_networks(n: int) -> str:
    """``n`` BGP ``network`` statements (each looked for among those read so far)."""
    lines = ["hostname fw", "router bgp 65000", " address-family ipv4 unicast"]
    lines += [f"  network 10.{i // 250}.{i % 250}.0 mask 255.255.255.0" for i in range(n)]
    return "\n".join(lines + [" exit-address-family"]) + "\n"


def _asa_group_in_every_entry(n: int) -> str:
    """An object-group of ``n`` networks named by ``n`` access-list entries (each entry expanded the
    group again and kept its own copy: 8,000 of each, 917 KB, 4.6 s and 554 MB)."""
    lines = ["hostname fw", "interface GigabitEthernet0/0", " nameif outside", " ip address 203.0.113.2 255.255.255.0",
             "object-group network G", *(f" network-object 10.{i // 256 % 256}.{i % 256}.0 255.255.255.0" for i in range(n))]
    lines += [f"access-list acl-amzn extended permit ip object-group G host 172.16.{i // 256 % 256}.{i % 256}"
              for i in range(n)]
    lines += ["crypto map M 1 match address acl-amzn", "crypto map M 1 set peer 3.3.3.3", "crypto map M interface outside"]
    return "\n".join(lines) + "\n"


def _parse_junos(text: str) -> object:
    return junos.parse([SourceFile("d.conf", text)])


RATIO_CASES = {
    "mask: backslashes after an open quote": (lambda n: 'psk "' + "\\" * n, mask, 400_000),
    "mask: secret lines": (lambda n: "crypto isakmp key abc address 1.1.1.1\n" * n, mask, 5_000),
    "mask: quoted value over many lines": (lambda n: 'psk="' + "x\n" * n, mask, 100_000),
    "junos: nested braces": (lambda n: "security {\n" + "a {\n" * n + "}\n" * n + "}\n",
                             lambda t: junos.parse([SourceFile("d.conf", t)]), 60_000),
    # Each VPN looked up its st0 unit among every statement of the config: quadratic (2,000 VPNs 22 s).
    "junos: VPNs on the units of one st0": (_junos_vpns, lambda t: junos.parse([SourceFile("d.conf", t)]), 600),
    "ios: tunnels with their own keys": (_ios_tunnels, lambda t: cisco_ios.parse([SourceFile("r.cfg", t)]), 600),
    "ios: one IKEv2 policy of many proposals": (_ios_ikev2_proposals, lambda t: cisco_ios.parse([SourceFile("r.cfg", t)]),
                                                 1_000),
    "rules: wide inside networks, neighbors none joins": (_ios_wide_tunnels_and_neighbors, _rules_of_ios, 800),
    "VPN305: one key on many peers": (_ios_one_key_many_peers, _psk_reused, 400),
    "junos: one group applied again and again": (_junos_group_applied, _parse_junos, 1_000),
    "junos: deactivate, statements nested deeper": (_junos_deactivated_deep, _parse_junos, 120),
    "junos: deletes after statements": (_junos_deletes, _parse_junos, 2_000),
    "junos: references to nothing": (_junos_dangling, _parse_junos, 1_500),
    "fortios: references to nothing": (_fortios_dangling, lambda t: fortios.parse([SourceFile("f.conf", t)]), 1_500),
    "asa: one object-group in every access-list entry": (_asa_group_in_every_entry,
                                                          lambda t: cisco_asa.parse([SourceFile("a.cfg", t)]), 2_000),
    "asa: BGP networks": (_asa_bgp_networks, lambda t: cisco_asa.parse([SourceFile("a.cfg", t)]), 8_000),
}


@pytest.mark.parametrize("name", sorted(RATIO_CASES))
def test_doubling_the_input_at_most_roughly_doubles_the_time(name: str) -> None:
    make, run, n = RATIO_CASES[name]
    ratio = _ratio(make, run, n)
    assert ratio < 3.0, f"{name}: doubling the input took {ratio:.1f}x the time"


def test_doubling_blank_lines_at_most_roughly_doubles_lint_time(tmp_path: Path) -> None:
    def run(text: str) -> object:
        return audit([_write(tmp_path, "blank.cfg", text)], AuditOptions())

    ratio = _ratio(lambda n: "hostname r1\n" + " \n" * n + "crypto isakmp policy 10\n encr aes\n", run, 40_000)
    assert ratio < 3.0, f"doubling a whitespace-line file took {ratio:.1f}x the time"


# Lookups that were made once per object over every other object (quadratic): the number of calls
# of the inner function must grow like the input, not like its square (deterministic, no timing).
LOOKUP_CASES = {
    "fortios: each phase 1 looks for its phase 2": (_fortios_tunnels, lambda t: fortios.parse([SourceFile("f.conf", t)]),
                                                   "vpnaudit.parsers.fortios.lexer", "Entry", "word"),
    "strongswan: each conn looks for its secret": (_swan_conns, _parse_swan, "vpnaudit.parsers.strongswan", None, "_norm_id"),
}


@pytest.mark.parametrize("name", sorted(LOOKUP_CASES))
def test_lookups_grow_linearly(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    make, run, module_name, owner_name, function_name = LOOKUP_CASES[name]
    owner = importlib.import_module(module_name)
    if owner_name:
        owner = getattr(owner, owner_name)
    original = getattr(owner, function_name)
    calls = [0]

    def counted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, function_name, counted)
    counts = []
    for n in (200, 400):
        calls[0] = 0
        run(make(n))
        counts.append(calls[0])
    assert counts[0] > 0 and counts[1] < 2.5 * counts[0], f"{name}: {counts[0]} calls for 200, {counts[1]} for 400"
