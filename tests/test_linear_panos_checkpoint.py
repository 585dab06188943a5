"""PAN-OS and Check Point parsers on crafted input: doubling the input at most roughly doubles the
parse time (the product promises linear and bounded on any input).

Before the fix each of these was quadratic: every PAN-OS ``delete`` filtered every record, a set
line with many sibling entries compared every container leaf with every later leaf, the tunnel
units' loose ``ip`` / ``mtu`` were searched per unit, and Check Point searched the whole JSON text
(and counted its lines from the top) per community, and dumped every community once per tunnel peer.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.test_complexity import _ratio
from vpnaudit.parsers import SourceFile, checkpoint, panos


def _panos(text: str) -> object:
    return panos.parse([SourceFile("pa.txt", text)])


def _checkpoint(*files: tuple[str, str]) -> object:
    return checkpoint.parse([SourceFile(path, text) for path, text in files])


def _deletes(n: int) -> str:
    """``n`` gateways, then ``n`` deletes of gateways that do not exist."""
    return ("".join(f"set network ike gateway G{i} peer-address ip 2.2.{i // 250 % 250}.{i % 250}\n" for i in range(n))
            + "".join(f"delete network ike gateway X{i}\n" for i in range(n)))


def _siblings(n: int) -> str:
    """One set line naming ``n`` sibling gateways."""
    return "set network ike gateway G0" + "".join(f" gateway G{i}" for i in range(1, n)) + "\n"


def _tunnel_units(n: int) -> str:
    """``n`` edit blocks, each with a tunnel unit and a loose ``ip`` and ``mtu`` (AWS's sample shape)."""
    return "".join(f"edit network interface tunnel\nset units tunnel.{i}\nset ip 10.{i // 65536 % 256}.{i // 256 % 256}."
                   f"{i % 256}/30\nset mtu 1400\ntop\n" for i in range(n))


def _communities(n: int) -> str:
    return json.dumps({"objects": [{"type": "vpn-community-star", "name": f"c{i}", "shared-secrets": [
        {"external-gateway": {"name": f"g{i}"}, "shared-secret": "Abcdefgh12345678xyz"}]} for i in range(n)]},
        separators=(",", ":"))


def _peers_and_communities(n: int) -> tuple[tuple[str, str], tuple[str, str]]:
    """A clish file with ``n`` tunnels to ``n`` peers, and ``n`` communities naming none of them."""
    clish = "set hostname cp\n" + "".join(
        f"add vpn tunnel {i} type numbered local 169.254.{i // 64 % 256}.{i % 64 * 4 + 1} "
        f"remote 169.254.{i // 64 % 256}.{i % 64 * 4 + 2} peer P{i}\n" for i in range(n))
    communities = json.dumps({"objects": [{"type": "vpn-community-star", "name": f"c{i}",
                                           "gateways": [{"name": f"Q{i}"}]} for i in range(n)]}, indent=1)
    return ("gaia.txt", clish), ("communities.json", communities)


CASES: dict[str, tuple[Callable[[int], object], Callable[[object], object], int]] = {
    "panos: many deletes": (_deletes, _panos, 3000),
    "panos: many sibling entries on one line": (_siblings, _panos, 3000),
    "panos: many tunnel units with loose ip and mtu": (_tunnel_units, _panos, 3000),
    "checkpoint: many communities": (_communities, lambda t: _checkpoint(("c.json", t)), 4000),
    "checkpoint: many communities and tunnel peers": (_peers_and_communities, lambda f: _checkpoint(*f), 3000),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_doubling_the_input_at_most_roughly_doubles_parse_time(name: str) -> None:
    make, run, n = CASES[name]
    ratio = _ratio(make, run, n)  # type: ignore[arg-type]
    assert ratio < 3.0, f"{name}: doubling the input took {ratio:.1f}x the time"


def test_deletes_still_remove_what_was_written_before_them() -> None:
    text = ("set network ike gateway A peer-address ip 1.1.1.1\n"
            "set network ike gateway B peer-address ip 2.2.2.2\n"
            "delete network ike gateway A\n"
            "set network ike gateway A peer-address ip 3.3.3.3\n"
            "delete network ike gateway B peer-address\n")
    from vpnaudit.parsers.panos.reader import set_records

    records = [(r.path, r.value) for r in set_records(text).records]
    assert (("network", "ike", "gateway", "A", "peer-address", "ip"), "3.3.3.3") in records
    assert not any(v in ("1.1.1.1", "2.2.2.2") for _, v in records)


def test_community_lines_are_found_after_the_fix() -> None:
    text = json.dumps({"objects": [{"type": "vpn-community-star", "name": f"c{i}", "shared-secrets": [
        {"external-gateway": {"name": f"g{i}"}, "shared-secret": "Abcdefgh12345678xyz"}]} for i in range(3)]}, indent=2)
    (device,) = checkpoint.parse([SourceFile("c.json", text)])
    lines = text.splitlines()
    for key in device.keys:
        assert f'"name": "{key.peer}"' in lines[key.line - 1]
