"""Per-tunnel side-by-side rows and the outage-free remediation plan for a device/AWS pair (pure).

The plan follows how AWS applies tunnel options: changing them replaces that tunnel's endpoint, so
the safe order is: make the device accept the target proposal first (keeping the old one), change
AWS tunnel 1, wait until it is UP, change AWS tunnel 2, wait, and only then remove the weak or
obsolete proposal from the device. Traffic keeps flowing over the other tunnel at every step.
"""

from __future__ import annotations

from collections.abc import Sequence
from ._struct import dataclass, field

from .findings import Finding
from .negotiate import Phase1, Phase2, esp_offers, fmt_p1, fmt_p2, ike_offers, offers_esp, offers_ike
from .pairing import Pair, PairFindings, TunnelPair, host
from .policy import Policy


@dataclass(frozen=True, slots=True)
class TunnelRow:
    """One line of `vpnaudit check`: the device tunnel, its AWS tunnel, and what each check says."""

    connection: str
    device: str
    device_tunnel: str
    aws_tunnel: str
    ike: str
    phase1: str
    phase2: str
    psk: str
    inside: str
    bgp: str
    result: str


@dataclass(frozen=True, slots=True)
class Step:
    text: str
    command: str | None = None  # a shell command to run for this step, when there is one

    def __str__(self) -> str:
        return f"{self.text}: {self.command}" if self.command else self.text


@dataclass(slots=True)
class Plan:
    connection: str
    device: str
    reason: str
    steps: list[Step] = field(default_factory=list)


def _psk_state(tp: TunnelPair) -> str:
    mine = tp.device.ike.psk if tp.device and tp.device.ike else None
    theirs = tp.aws.ike.psk if tp.aws and tp.aws.ike else None
    if mine is None:
        return "none on device"
    same = mine.same_key(theirs)
    if same is None:
        return "cannot verify"
    return "match" if same else "MISMATCH"


def _inside_state(tp: TunnelPair) -> str:
    aws_inside = tp.aws.inside if tp.aws else None
    mine = tp.device.inside if tp.device else None
    if aws_inside is None or not aws_inside.local:
        return "-"
    if mine is None or not mine.local:
        return "not set"
    return "match" if host(mine.local) == host(aws_inside.local) else f"MISMATCH ({host(mine.local)})"


def _bgp_state(pair: Pair, tp: TunnelPair, label: str, asn_mismatch: PairFindings) -> str:
    connection = pair.aws.connection
    if connection is not None and connection.static_routes_only:
        return "static"
    bgp = tp.device.bgp if tp.device else None
    if bgp is None:
        return "no neighbor"
    if asn_mismatch.of(label, pair.connection_id, tp):
        return f"ASN MISMATCH ({bgp.neighbor})"
    return f"{bgp.neighbor} AS{bgp.remote_as}" if bgp.remote_as else bgp.neighbor


def rows_of(report) -> list[TunnelRow]:
    """The side-by-side rows of a report: computed once per run by ``api`` and shared by every
    reporter, or now for a report built by hand."""
    if report.pair_rows is None:
        from .pairing import verdicts_of

        report.pair_rows = rows(report.pairs, report.findings, verdicts_of(report))
    return report.pair_rows


def rows(pairs: Sequence[Pair], findings: Sequence[Finding] = (), verdicts: Sequence | None = None) -> list[TunnelRow]:
    if verdicts is None:
        from .pairing import verdicts as compute

        verdicts = compute(pairs, findings)
    verdict = {(v.connection, v.aws_tunnel): v for v in verdicts}
    # VPN608 findings by device, device tunnel, connection and AWS tunnel (their target)
    asn_mismatch = PairFindings(f for f in findings if f.rule_id == "VPN608" and f.tunnel)
    out: list[TunnelRow] = []
    for pair in pairs:
        for tp in pair.tunnels:
            if tp.aws is None:
                continue
            v = verdict[(pair.connection_id, tp.aws.name)]
            result = {"up": "UP", "down": "DOWN", "missing": "MISSING", "unknown": "?"}[v.status]
            if tp.device is None:
                out.append(TunnelRow(pair.connection_id, v.device, "-", tp.aws.name, "-", "-", "-", "-", "-", "-",
                                     f"{result}: {v.detail}"))
                continue
            n = tp.negotiation
            ike = f"v{n.ike_version}" if n and n.version.ok else "NO COMMON VERSION"
            p1 = fmt_p1(n.phase1.chosen) if n and n.phase1 and n.phase1.ok else ("FAIL" if n and n.phase1 else "-")
            p2 = fmt_p2(n.phase2.chosen) if n and n.phase2 and n.phase2.ok else ("FAIL" if n and n.phase2 else "-")
            out.append(TunnelRow(
                pair.connection_id, v.device, tp.device.name, tp.aws.name, ike, p1, p2, _psk_state(tp), _inside_state(tp),
                _bgp_state(pair, tp, v.device, asn_mismatch), result if v.status == "up" else f"{result}: {v.detail}",
            ))
    return out


def _weak(combo: Sequence, policy: Policy) -> bool:
    enc, mac, group = combo
    return (enc in policy.weak.encryption or (mac is not None and mac in policy.weak.integrity)
            or (group is not None and group in policy.weak.dh_groups))


def _target_p1(tp: TunnelPair, version: int, policy: Policy) -> Phase1:
    """The device's first strong phase-1 offer AWS supports, else AES256 / SHA2-256 / group 20."""
    supported = (policy.ike.encryption, policy.ike.integrity, policy.ike.dh_groups)
    for enc, mac, group in ike_offers(tp.device, version, supported):
        if (version == 2 or enc not in policy.ike.ikev2_only_encryption) and not _weak((enc, mac, group), policy):
            return enc, mac, group
    return "AES256", "SHA2-256", 20


def _target_p2(tp: TunnelPair, policy: Policy) -> Phase2:
    supported = (policy.ipsec.encryption, (None, *policy.ipsec.integrity), policy.ipsec.pfs_groups)
    for enc, mac, group in esp_offers(tp.device, supported):
        if not _weak((enc, mac, group), policy):
            return enc, mac, group
    return "AES256", "SHA2-256", 20


def _aws_options(p1: Phase1, p2: Phase2, version: int) -> str:
    parts = [
        f"Phase1EncryptionAlgorithms=[{{Value={p1[0]}}}]",
        f"Phase1IntegrityAlgorithms=[{{Value={p1[1]}}}]",
        f"Phase1DHGroupNumbers=[{{Value={p1[2]}}}]",
        f"Phase2EncryptionAlgorithms=[{{Value={p2[0]}}}]",
    ]
    if p2[1]:
        parts.append(f"Phase2IntegrityAlgorithms=[{{Value={p2[1]}}}]")
    if p2[2]:
        parts.append(f"Phase2DHGroupNumbers=[{{Value={p2[2]}}}]")
    parts.append(f"IKEVersions=[{{Value=ikev{version}}}]")
    return ",".join(parts)


def plan(pair: Pair, policy: Policy, findings: Sequence[Finding] = ()) -> Plan | None:
    """The ordered, outage-free change for a pair whose tunnels mismatch or agree on weak crypto."""
    matched = pair.matched()
    if not matched:
        return None
    reasons: dict[str, list[str]] = {}  # reason -> device tunnels, so each reason is said once
    for tp in matched:
        n = tp.negotiation
        if n is None:
            continue
        if not n.established:
            reasons.setdefault(n.summary(), []).append(tp.device.name)
            continue
        for phase, stage, fmt in (("phase 1", n.phase1, fmt_p1), ("phase 2", n.phase2, fmt_p2)):
            if stage is not None and stage.chosen and _weak(stage.chosen, policy):
                reasons.setdefault(f"weak {phase} {fmt(stage.chosen)}", []).append(tp.device.name)
    if not reasons:
        return None
    first = matched[0]
    version = 2 if any(2 in (tp.device.ike.versions if tp.device.ike else ()) for tp in matched) else 1
    p1, p2 = _target_p1(first, version, policy), _target_p2(first, policy)
    device_name = pair.device.hostname or pair.device.source
    reason = "; ".join(f"{text} ({', '.join(tunnels)})" for text, tunnels in reasons.items())
    result = Plan(connection=pair.connection_id, device=device_name, reason=reason)
    steps = result.steps
    missing_p1 = [tp.device.name for tp in matched if not offers_ike(tp.device, version, p1)]
    missing_p2 = [tp.device.name for tp in matched if not offers_esp(tp.device, p2)]
    if missing_p1 or missing_p2:
        what = []
        if missing_p1:
            what.append(f"IKEv{version} phase-1 proposal {fmt_p1(p1)} (tunnels {', '.join(missing_p1)})")
        if missing_p2:
            what.append(f"phase-2 proposal {fmt_p2(p2)} (tunnels {', '.join(missing_p2)})")
        steps.append(Step(f"On {device_name}, add {' and '.join(what)} next to the current ones; remove nothing yet"))
    else:
        steps.append(Step(f"On {device_name}, the target proposals {fmt_p1(p1)} / {fmt_p2(p2)} are already "
                          "offered; make them the first (preferred) ones"))
    options = _aws_options(p1, p2, version)
    declared = pair.aws.connection.declared_in if pair.aws.connection is not None else None
    for index, tp in enumerate(sorted((tp for tp in pair.tunnels if tp.aws is not None), key=lambda t: t.aws.name)):
        ip = tp.aws.name
        if declared:  # declared in code: the code to write, applied one tunnel at a time
            from .checks._aws import tunnel_fix

            request: dict[str, object] = {
                "IKEVersions": [f"ikev{version}"], "Phase1EncryptionAlgorithms": [p1[0]],
                "Phase1IntegrityAlgorithms": [p1[1]], "Phase1DHGroupNumbers": [p1[2]],
                "Phase2EncryptionAlgorithms": [p2[0]]}
            if p2[1]:
                request["Phase2IntegrityAlgorithms"] = [p2[1]]
            if p2[2]:
                request["Phase2DHGroupNumbers"] = [p2[2]]
            steps.append(Step(f"Set AWS tunnel {ip} in the {declared} code", tunnel_fix(pair.aws, tp.aws, request, "")))
            steps.append(Step("Deploy; when the connection already exists, deploy this tunnel's change alone and wait "
                              "until the tunnel is UP again" + (" before changing the other one" if index == 0 else "")))
            continue
        steps.append(Step(
            f"Change AWS tunnel {ip} (its endpoint is replaced; traffic moves to the other tunnel)",
            f"aws ec2 modify-vpn-tunnel-options --vpn-connection-id {pair.connection_id} "
            f"--vpn-tunnel-outside-ip-address {ip} --tunnel-options '{options}'",
        ))
        steps.append(Step(
            f"Wait until tunnel {ip} is UP again" + (", before touching the other tunnel" if index == 0 else ""),
            f"aws ec2 describe-vpn-connections --vpn-connection-ids {pair.connection_id} "
            f"--query 'VpnConnections[].VgwTelemetry[?OutsideIpAddress==`{ip}`].Status'",
        ))
    steps.append(Step(f"On {device_name}, remove the proposals other than {fmt_p1(p1)} / {fmt_p2(p2)}, "
                      "then confirm both tunnels come up", "vpnaudit check DEVICE_CONFIG --aws ..."))
    return result


def plans(pairs: Sequence[Pair], policy: Policy, findings: Sequence[Finding] = ()) -> list[Plan]:
    return [p for p in (plan(pair, policy, findings) for pair in pairs) if p is not None]
