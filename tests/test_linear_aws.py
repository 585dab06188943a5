"""Hostile AWS input: doubling an AWS dump at most roughly doubles the time (aws.convert, negotiate).

Before the fix: an 11 KB dump allowing 200 values in each phase-1 list took 5.6 s and 1.19 GB
(the negotiation built every encryption x integrity x group combination); 80,000 DH groups in one
list 24 s (a list scan per value); 800 KB of XML text 7.9 s (``+=`` per line expat handed over);
4,000 XML tunnels beside 4,000 TunnelOptions rebuilt a set per XML tunnel. The device side likewise:
an IOS IKEv2 proposal with 80 words in each list took 0.57 s and 139 MB (half a million combinations), 300
of each would have made 27 million.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vpnaudit import negotiate
from vpnaudit.aws import convert
from vpnaudit.aws.convert import MAX_OPTION_VALUES, convert_document, convert_xml
from vpnaudit.model import IkeConfig, IkeProposal, IpsecConfig, IpsecProposal, Tunnel

from .test_complexity import _ratio as _ratio_with_gc

EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "examples"
EXAMPLE_IOS = EXAMPLES / "cisco-ios" / "edge-1.cfg"
EXAMPLE_AWS = EXAMPLES / "aws" / "vpn-0a1b2c3d4e5f60718.json"


def _ratio(make: Callable[[int], Any], run: Callable[[Any], object], n: int) -> float:
    """``test_complexity._ratio`` with the cyclic collector off: in a full test session its passes
    over a large heap land more often in the larger run and are no part of the code measured."""
    gc.disable()
    try:
        return _ratio_with_gc(make, run, n)
    finally:
        gc.enable()


def _dump(*options: dict[str, Any], xml: str | None = None) -> dict[str, Any]:
    conn: dict[str, Any] = {"VpnConnectionId": "vpn-1", "State": "available", "Type": "ipsec.1",
                            "CustomerGatewayId": "cgw-1", "VpnGatewayId": "vgw-1",
                            "Options": {"StaticRoutesOnly": True, "TunnelOptions": list(options)}}
    if xml is not None:
        conn["CustomerGatewayConfiguration"] = xml
    return {"VpnConnections": [conn]}


# --- 1. negotiate: AWS's lists are tested value by value, never multiplied out


def _aws_tunnels(n: int, copies: int = 300) -> list[Tunnel]:
    """``copies`` AWS tunnels allowing ``n`` values in every list (the device's values come last): enough work
    (30 ms) that a busy machine does not decide the ratio."""
    enc = tuple(f"E{i}" for i in range(n)) + ("AES128", "AES256-GCM-16")
    mac = tuple(f"I{i}" for i in range(n)) + ("SHA1", "SHA2-256")
    groups = tuple(range(1000, 1000 + n)) + (14, 20)
    return [Tunnel(
        name=f"aws{k}",
        ike=IkeConfig(versions=(1, 2), proposals=(IkeProposal(encryption=enc, integrity=mac, dh_groups=groups,
                                                              versions=(1, 2)),)),
        ipsec=IpsecConfig(proposals=(IpsecProposal(encryption=enc, integrity=mac, dh_groups=groups),), pfs_groups=groups),
    ) for k in range(copies)]


DEVICE = Tunnel(
    name="dev",
    ike=IkeConfig(versions=(1, 2), mode="main", proposals=(
        IkeProposal(encryption=("AES256-GCM-16", "AES128"), integrity=("SHA2-256", "SHA1"), dh_groups=(20, 14)),)),
    ipsec=IpsecConfig(proposals=(IpsecProposal(encryption=("AES128", "AES256-GCM-16"), integrity=("SHA1", "SHA2-256")),),
                      pfs_groups=(14, 20)),
)


def _negotiate_all(tunnels: list[Tunnel]) -> object:
    negotiate._OFFERS.clear()  # measure the work, not the cache
    for aws in tunnels:
        for version in (1, 2):
            for initiator in ("device", "aws"):
                assert negotiate.phase1(DEVICE, aws, version, initiator).ok
        for initiator in ("device", "aws"):
            assert negotiate.phase2(DEVICE, aws, initiator).ok
    return tunnels


def test_doubling_aws_allowed_lists_at_most_roughly_doubles_negotiation_time() -> None:
    ratio = _ratio(_aws_tunnels, _negotiate_all, 24)
    assert ratio < 3.0, f"doubling AWS's allowed lists took {ratio:.1f}x the time"


def test_aws_initiated_choice_is_the_first_common_combination_in_aws_order() -> None:
    (aws,) = _aws_tunnels(3, copies=1)
    assert negotiate.phase1(DEVICE, aws, 2, "aws").chosen == ("AES128", "SHA1", 14)
    assert negotiate.phase1(DEVICE, aws, 2, "device").chosen == ("AES256-GCM-16", "SHA2-256", 20)
    assert negotiate.phase1(DEVICE, aws, 1, "aws").chosen == ("AES128", "SHA1", 14)  # no GCM in IKEv1
    assert negotiate.phase2(DEVICE, aws, "aws").chosen == ("AES128", "SHA1", 14)
    assert negotiate.phase2(DEVICE, aws, "device").chosen == ("AES128", "SHA1", 14)


# --- 2. aws.convert: an allowed list is read once, and at most MAX_OPTION_VALUES of it


def _long_list(n: int) -> dict[str, Any]:
    return _dump({"OutsideIpAddress": "198.51.100.11", "Phase1DHGroupNumbers": [{"Value": i} for i in range(1, n + 1)]})


def test_doubling_a_tunnel_option_list_at_most_roughly_doubles_conversion_time() -> None:
    ratio = _ratio(_long_list, lambda doc: convert_document(doc), 10_000)
    assert ratio < 3.0, f"doubling a DH group list took {ratio:.1f}x the time"


def test_a_tunnel_option_list_is_capped_and_the_cap_reported() -> None:
    key = "Fixture_Key.Cap0001abcd"
    doc = _dump({
        "OutsideIpAddress": "198.51.100.11", "PreSharedKey": key,
        "Phase1DHGroupNumbers": [{"Value": 2}, {"Value": 2}] + [{"Value": i} for i in range(1, 101)],
        "Phase2EncryptionAlgorithms": [{"Value": f"X{i}"} for i in range(MAX_OPTION_VALUES)],  # exactly the cap
        "IkeVersions": [{"Value": "ikev2"}] * 500,  # repeats are no distinct values
    })
    (device,) = convert_document(doc)
    (tunnel,) = device.tunnels
    (proposal,) = tunnel.ike.proposals
    assert MAX_OPTION_VALUES == 64
    assert proposal.dh_groups == (2, 1, *range(3, 65))  # in order, the first 64 distinct
    assert len(tunnel.ipsec.proposals[0].encryption) == MAX_OPTION_VALUES
    assert tunnel.ike.versions == (2,)
    assert [p.message for p in device.problems] == [
        "vpn-1: tunnel 198.51.100.11: Phase1DHGroupNumbers lists more than 64 distinct values (AWS accepts a "
        "handful); only the first 64 are read"]
    assert key not in repr(device)


# --- 3. aws.convert: XML text is joined once per element


def _xml(n: int) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<vpn_connection id="vpn-1">\n'
            "<customer_gateway_id>cgw-1</customer_gateway_id>\n"
            "<junk>" + "a\n" * n + "</junk>\n</vpn_connection>\n")  # expat hands the text over a line at a time


def test_doubling_xml_text_at_most_roughly_doubles_conversion_time() -> None:
    def run(text: str) -> None:
        for _ in range(10):  # a run of milliseconds, well above the timer's noise
            convert_xml(text, "x.xml")

    ratio = _ratio(_xml, run, 30_000)
    assert ratio < 3.0, f"doubling the XML text took {ratio:.1f}x the time"


def test_xml_text_pieces_and_entities_are_joined_as_before() -> None:
    root = convert._parse_xml("<a>x\ny&amp;z<b> in </b>w\n<![CDATA[<c>]]></a>")
    assert root.text == "x\ny&zw\n<c>"
    assert root.children[0].text == " in "


# --- 4. aws.convert: the TunnelOptions addresses are a set built once


def _ips(base: str, k: int) -> list[str]:
    return [f"{base}.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i in range(k)]


def _xml_beside_options(n: int) -> dict[str, Any]:
    xml = '<vpn_connection id="vpn-1">' + "".join(
        f"<ipsec_tunnel><vpn_gateway><tunnel_outside_address><ip_address>{ip}</ip_address>"
        "</tunnel_outside_address></vpn_gateway></ipsec_tunnel>" for ip in _ips("10", n)) + "</vpn_connection>"
    return _dump(*({"OutsideIpAddress": ip} for ip in _ips("11", 4 * n)), xml=xml)


def test_doubling_xml_tunnels_beside_tunnel_options_at_most_roughly_doubles_conversion_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    stub = Tunnel(name="t")
    monkeypatch.setattr(convert, "_tunnel", lambda **_: stub)  # each tunnel's own conversion is linear: time the rest
    ratio = _ratio(_xml_beside_options, lambda doc: convert_document(doc), 1000)
    assert ratio < 3.0, f"doubling XML tunnels and TunnelOptions took {ratio:.1f}x the time"


# --- 3. negotiate and remediation: the device's own lists are not multiplied out either


def _crafted_ios(n: int) -> str:
    """The example IOS edge with ``n`` extra words in each list of its IKEv2 proposal (words AWS does not
    allow, then one it does): 300 of each were 27 million combinations of a 4 KB config."""
    lines = EXAMPLE_IOS.read_text().splitlines()
    assert lines[6:9] == [" encryption aes-cbc-256 aes-cbc-128", " integrity sha256 sha1", " group 14 2"]
    lines[6] = " encryption " + " ".join(f"e{i}" for i in range(n)) + " aes-cbc-128"
    lines[7] = " integrity " + " ".join(f"h{i}" for i in range(n)) + " sha1"
    lines[8] = " group " + " ".join(str(100 + i) for i in range(n)) + " 2"  # weak: a remediation plan follows
    return "\n".join(lines) + "\n"


def test_doubling_a_device_proposal_at_most_roughly_doubles_the_audit(tmp_path) -> None:
    from vpnaudit.api import AuditOptions, audit

    def make(n: int) -> list[str]:
        path = tmp_path / f"edge-{n}.cfg"
        path.write_text(_crafted_ios(n))
        return [str(path), str(EXAMPLE_AWS)]

    def run(paths: list[str]) -> object:
        negotiate._OFFERS.clear()
        report = audit(paths, AuditOptions(jobs=1))
        assert report.plans and all(p.steps for p in report.plans)  # the remediation path ran too
        return report

    ratio = _ratio(make, run, 60)
    assert ratio < 3.0, f"doubling the device's proposal lists took {ratio:.1f}x the time"


def test_the_device_side_gives_the_combinations_of_its_lists_in_order() -> None:
    (aws,) = _aws_tunnels(3, copies=1)
    device = Tunnel(name="dev", ike=IkeConfig(versions=(2,), proposals=(
        IkeProposal(encryption=("X", "AES128", "AES256-GCM-16"), integrity=("Y", "SHA1", "SHA2-256"),
                    prf=("SHA2-256", "SHA1"), dh_groups=(99, 20, 14), versions=(2,)),)))
    stage = negotiate.phase1(device, aws, 2, "device")
    # GCM takes its PRF list; a CBC cipher the integrities that are PRFs too, in the integrity order
    assert tuple(stage.common) == (("AES128", "SHA1", 20), ("AES128", "SHA1", 14), ("AES128", "SHA2-256", 20),
                            ("AES128", "SHA2-256", 14), ("AES256-GCM-16", "SHA2-256", 20),
                            ("AES256-GCM-16", "SHA2-256", 14), ("AES256-GCM-16", "SHA1", 20),
                            ("AES256-GCM-16", "SHA1", 14))
    assert negotiate.offers_ike(device, 2, ("AES256-GCM-16", "SHA1", 14))
    assert not negotiate.offers_ike(device, 2, ("AES128", "Y", 14))  # Y is no PRF
    assert not negotiate.offers_ike(device, 1, ("AES128", "SHA1", 14))  # an IKEv2 proposal


def _both_crafted(n: int, proposals: int = 4) -> tuple[Tunnel, Tunnel]:
    """An AWS tunnel allowing ``n`` values per list and a device whose proposals each list all of them:
    the simulator listed every combination, n^3 per device proposal."""
    enc = tuple(f"E{i}" for i in range(n))
    mac = tuple(f"I{i}" for i in range(n))
    groups = tuple(range(1000, 1000 + n))
    aws = Tunnel(name="aws", ike=IkeConfig(versions=(2,), proposals=(
        IkeProposal(encryption=enc, integrity=mac, dh_groups=groups, versions=(2,)),)),
        ipsec=IpsecConfig(proposals=(IpsecProposal(encryption=enc, integrity=mac),), pfs_groups=groups))
    device = Tunnel(name="dev", ike=IkeConfig(versions=(2,), proposals=tuple(
        IkeProposal(name=f"p{k}", encryption=enc[k % 2:], integrity=mac, dh_groups=groups, versions=(2,))
        for k in range(proposals))),
        ipsec=IpsecConfig(proposals=tuple(IpsecProposal(name=f"t{k}", encryption=enc, integrity=mac[k % 2:])
                                          for k in range(proposals)), pfs_groups=groups))
    return device, aws


def _simulate(pair: tuple[Tunnel, Tunnel]) -> object:
    device, aws = pair
    negotiate._OFFERS.clear()
    for initiator in ("device", "aws"):
        assert negotiate.phase1(device, aws, 2, initiator).ok and negotiate.phase2(device, aws, initiator).ok
    return pair


def test_doubling_both_sides_lists_at_most_roughly_doubles_the_simulation() -> None:
    ratio = _ratio(_both_crafted, _simulate, 24)
    assert ratio < 3.0, f"doubling both sides' lists took {ratio:.1f}x the time"


def test_the_longest_lists_aws_keeps_on_both_sides_simulate_at_once() -> None:
    """64 values per list (``MAX_OPTION_VALUES``) in 50 device proposals: 262,144 combinations per proposal
    were listed, 0.08 s each; a generous bound."""
    pair = _both_crafted(MAX_OPTION_VALUES, proposals=50)
    start = time.perf_counter()
    _simulate(pair)
    assert time.perf_counter() - start < 1.0


def _brute_force(device: Tunnel, aws: Tunnel, version: int, initiator: str, weak: set) -> tuple:
    """The first implementation: every combination of every device proposal, filtered by AWS's index."""
    from itertools import product

    from vpnaudit.vocab import is_aead

    offers: dict = {}
    for proposal in device.ike.proposals:
        if proposal.versions and version not in proposal.versions:
            continue
        for enc in proposal.encryption:
            if is_aead(enc):
                if version == 1:
                    continue
                macs = proposal.prf or proposal.integrity
            else:
                macs = proposal.integrity
                if version == 2 and proposal.prf:
                    macs = tuple(m for m in proposal.integrity if m in set(proposal.prf)) or proposal.integrity
            offers.update(dict.fromkeys((enc, mac, group) for mac, group in product(macs, proposal.dh_groups)))
    allowed = negotiate._ike_index(aws, version)
    common = tuple(c for c in offers if allowed.position(c) is not None)
    if not common:
        return (), None, None
    chosen = min(common, key=allowed.position) if initiator == "aws" else common[0]
    strong = next((c for c in common if not set(c) & weak), None)
    return common, chosen, strong


def test_the_same_answers_as_listing_every_combination_on_random_tunnels() -> None:
    import random

    rng = random.Random(20261206)
    encs, macs, groups = ["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16", "3DES"], ["SHA1", "SHA2-256", "MD5"], [2, 14, 20, 21]
    weak = {"3DES", "MD5", 2}

    def proposal(versions: tuple[int, ...]) -> IkeProposal:
        pick = lambda values: tuple(rng.choice(values) for _ in range(rng.randint(0, 4)))  # noqa: E731 - repeats too
        return IkeProposal(encryption=pick(encs), integrity=pick(macs), prf=pick(macs) if rng.random() < 0.3 else (),
                           dh_groups=pick(groups), versions=versions)

    def tunnel(name: str, count: int) -> Tunnel:
        return Tunnel(name=name, ike=IkeConfig(versions=(1, 2), proposals=tuple(
            proposal(rng.choice([(1,), (2,), (1, 2), ()])) for _ in range(count))))

    agreed = 0
    for _ in range(3000):
        device, aws = tunnel("dev", rng.randint(1, 3)), tunnel("aws", rng.randint(1, 2))
        for version in (1, 2):
            for initiator in ("device", "aws"):
                common, chosen, strong = _brute_force(device, aws, version, initiator, weak)
                stage = negotiate.phase1(device, aws, version, initiator)
                assert stage.ok == bool(common)
                if stage.ok:
                    agreed += 1
                    assert tuple(stage.common) == common and stage.chosen == chosen
                    keep = lambda value: value not in weak  # noqa: E731
                    assert stage.common.first(keep, keep, keep) == strong
    assert agreed > 1000
