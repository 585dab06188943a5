"""Negotiation simulator: will a device tunnel and its AWS tunnel agree, and on what? (pure)

Input is two ``model.Tunnel`` objects: the customer gateway's and the AWS one (vendor "aws", whose
single proposal per phase holds the lists AWS allows, defaults filled in by aws.convert).

How AWS picks (the team spec aws-requirements.md): it evaluates the customer's proposals against
its allowed lists whatever the order the customer sends. So when the device initiates (AWS
StartupAction "add", the default), the result is the device's first proposal, in its configured
order, whose transforms AWS allows; when AWS initiates ("start", IKEv2 only), it is the first
combination in AWS's list order that the device accepts. Both are modelled; the strongest common
proposal is computed too, for VPN611.

IKEv2 rules: one proposal holds sets (any encryption x any integrity x any group); an AEAD cipher
(GCM) carries no integrity transform and needs a PRF, which AWS takes from its phase-1 integrity
list. IKEv1: an AEAD cipher cannot protect the IKE SA, and aggressive mode never completes with AWS.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from ._struct import dataclass, field
from itertools import product

from ._memo import ByIdentity
from .model import IkeProposal, IpsecProposal, Tunnel
from .vocab import is_aead

Phase1 = tuple[str, str, int]  # encryption, integrity-or-PRF, DH group
Phase2 = tuple[str, str | None, int | None]  # encryption, integrity (None for AEAD), PFS group


@dataclass(frozen=True, slots=True)
class Stage:
    ok: bool
    reason: str = ""
    chosen: tuple | None = None  # what the two sides would agree on
    common: Common | tuple = ()  # every combination both sides accept, device preference order


@dataclass(frozen=True, slots=True)
class Negotiation:
    device_tunnel: str
    aws_tunnel: str
    ike_version: int | None
    version: Stage
    phase1: Stage | None = None
    phase2: Stage | None = None
    initiator: str = "device"  # "device" or "aws"
    notes: tuple[str, ...] = field(default=())

    @property
    def established(self) -> bool:
        return bool(self.version.ok and self.phase1 and self.phase1.ok and self.phase2 and self.phase2.ok)

    @property
    def failing_stage(self) -> str | None:
        if not self.version.ok:
            return "ike-version"
        if self.phase1 is None or not self.phase1.ok:
            return "phase 1"
        if self.phase2 is None or not self.phase2.ok:
            return "phase 2"
        return None

    def summary(self) -> str:
        if self.established:
            p1, p2 = self.phase1.chosen, self.phase2.chosen  # type: ignore[union-attr]
            return f"IKEv{self.ike_version}: phase 1 {fmt_p1(p1)}; phase 2 {fmt_p2(p2)}"
        stage = self.failing_stage
        detail = {"ike-version": self.version, "phase 1": self.phase1, "phase 2": self.phase2}[stage]  # type: ignore[index]
        return f"fails at {stage}: {detail.reason if detail else 'not evaluated'}"


def fmt_p1(p: Sequence | None) -> str:
    if not p:
        return "-"
    return f"{p[0]}/{p[1]}/group {p[2]}"


def fmt_p2(p: Sequence | None) -> str:
    if not p:
        return "-"
    parts = [p[0]] + ([p[1]] if p[1] else []) + [f"PFS group {p[2]}" if p[2] else "no PFS"]
    return "/".join(parts[:-1]) + f", {parts[-1]}"


def _set(values: Sequence) -> str:
    return "{" + ", ".join(str(v) for v in values) + "}" if values else "{}"


Within = tuple  # (encryptions, integrities, groups): the values a caller can use; an offer outside them is skipped


def _ike_combinations(proposal: IkeProposal, version: int, within: Within) -> list[Phase1]:
    """The proposal's combinations whose three parts are each ``within`` the given values, in its
    order. Each list is cut to those values before the product: a proposal listing a few hundred
    words per list (a crafted one: 300 of each made 27 million combinations) costs its length."""
    encs, macs_ok, groups_ok = within
    aead_macs = proposal.prf or proposal.integrity
    plain_macs = proposal.integrity
    if version == 2 and proposal.prf:
        # IKEv2 with a separate PRF list: AWS uses one list for both, so both must pass.
        prf = set(proposal.prf)
        plain_macs = tuple(m for m in proposal.integrity if m in prf) or proposal.integrity
    aead_macs = [m for m in aead_macs if m in macs_ok]
    plain_macs = [m for m in plain_macs if m in macs_ok]
    groups = [g for g in proposal.dh_groups if g in groups_ok]
    out: list[Phase1] = []
    for enc in proposal.encryption:
        if enc not in encs:
            continue
        if is_aead(enc):
            if version == 1:
                continue
            macs = aead_macs
        else:
            macs = plain_macs
        out.extend((enc, mac, group) for mac, group in product(macs, groups))
    return out


# A tunnel's offers and indexes, once per tunnel object: an AWS tunnel is negotiated with every device
# that points at it and a device tunnel with every copy of its connection.
_OFFERS = ByIdentity(4096)


def ike_offers(tunnel: Tunnel, version: int, within: Within) -> list[Phase1]:
    """The phase-1 combinations the tunnel offers with this IKE version whose parts are each
    ``within`` (encryptions, integrities, groups), in its order, each once."""
    ike = tunnel.ike
    if ike is None:
        return []
    offers: dict[Phase1, None] = {}  # ordered and unique
    for proposal in ike.proposals:
        if proposal.versions and version not in proposal.versions:
            continue
        offers.update(dict.fromkeys(_ike_combinations(proposal, version, within)))
    return list(offers)


def esp_offers(tunnel: Tunnel, within: Within) -> list[Phase2]:
    """The phase-2 combinations the tunnel offers whose parts are each ``within`` (encryptions,
    integrities with None for an AEAD cipher, PFS groups with None for none), in its order, each once."""
    ipsec = tunnel.ipsec
    if ipsec is None:
        return []
    encs, macs_ok, groups_ok = within
    groups: list[int | None] = list(ipsec.pfs_groups) or [None]
    offers: dict[Phase2, None] = {}  # ordered and unique
    for proposal in ipsec.proposals:
        if proposal.protocol != "esp":
            continue
        pgroups = [g for g in (list(proposal.dh_groups) or groups) if g in groups_ok]
        plain_macs = [m for m in proposal.integrity if m in macs_ok]
        aead_macs = [None] if None in macs_ok else []
        for enc in proposal.encryption:
            if enc in encs:
                macs = aead_macs if is_aead(enc) else plain_macs
                offers.update(dict.fromkeys((enc, mac, group) for mac, group in product(macs, pgroups)))
    return list(offers)


def offers_ike(tunnel: Tunnel, version: int, combination: Phase1) -> bool:
    """Whether the tunnel offers this phase-1 combination (some proposal holds its three parts)."""
    return _OFFERS.get(_ike_index, tunnel, version).position(combination) is not None


def offers_esp(tunnel: Tunnel, combination: Phase2) -> bool:
    """Whether the tunnel offers this phase-2 combination."""
    return _OFFERS.get(_esp_index, tunnel).position(combination) is not None


class _Index:
    """Which combinations a tunnel offers, and where each stands in its order, without the product.

    The offers are encryption x integrity x group per proposal: AWS allows up to 64 values per list,
    so the product runs to 64^3 per tunnel. A combination is offered when some proposal holds all
    three parts; its place in ``ike_offers``/``esp_offers`` (first occurrence) is the first such
    proposal, then the first position of each part in that proposal's lists.
    """

    __slots__ = ("parts",)

    def __init__(self, parts: list[tuple[dict, dict]]):
        # per proposal: {encryption: (position, {mac: position})}, {group: position}
        self.parts = parts

    def offers_any(self) -> bool:
        """Whether some proposal holds a whole combination."""
        return any(groups and any(macs for _, macs in encs.values()) for encs, groups in self.parts)

    def position(self, offer: tuple) -> tuple[int, int, int, int] | None:
        enc, mac, group = offer
        for k, (encs, groups) in enumerate(self.parts):
            found = encs.get(enc)
            if found is None:
                continue
            i_mac = found[1].get(mac)
            i_group = groups.get(group)
            if i_mac is not None and i_group is not None:
                return (k, found[0], i_mac, i_group)
        return None


class Common:
    """Every combination both sides accept, in the device's order, without listing them.

    Per device proposal and AWS proposal (a *piece*), the device's encryptions, integrities and
    groups that the AWS proposal also holds, in the device's order: every combination of a piece is
    accepted by both. The questions the simulator and the rules ask (the first in the device's
    order, the first in AWS's order, the first that passes a test of each part) are answered piece
    by piece in time linear in the lists; only iterating lists the combinations themselves. Before,
    they were listed: 64 values per list on both sides are 262,144 per device proposal.
    """

    __slots__ = ("_pieces",)

    def __init__(self, device: _Index, aws: _Index):
        # per piece: (device proposal, AWS proposal, [(enc, its device position, its AWS position,
        # [(mac, device position, AWS position)])], [(group, device position, AWS position)])
        self._pieces: list[tuple[int, int, list, list]] = []
        kept: dict[tuple[int, int], list] = {}  # one filtered list per pair of mac dicts, not per enc
        for d, (d_encs, d_groups) in enumerate(device.parts):
            for a, (a_encs, a_groups) in enumerate(aws.parts):
                groups = [(g, i, a_groups[g]) for g, i in d_groups.items() if g in a_groups]
                if not groups:
                    continue
                encs = []
                for enc, (i, d_macs) in d_encs.items():
                    found = a_encs.get(enc)
                    if found is None:
                        continue
                    a_macs = found[1]
                    macs = kept.get((id(d_macs), id(a_macs)))
                    if macs is None:
                        macs = [(m, j, a_macs[m]) for m, j in d_macs.items() if m in a_macs]
                        kept[(id(d_macs), id(a_macs))] = macs
                    if macs:
                        encs.append((enc, i, found[0], macs))
                if encs:
                    self._pieces.append((d, a, encs, groups))

    def __bool__(self) -> bool:
        return bool(self._pieces)

    def first(self, keep_enc=None, keep_mac=None, keep_group=None) -> tuple | None:
        """The first combination in the device's order whose parts each pass their test (None: any)."""
        best: tuple | None = None
        firsts: dict[int, tuple | None] = {}  # per mac list: its first kept mac
        for d, _, encs, groups in self._pieces:
            group = next((g for g in groups if keep_group is None or keep_group(g[0])), None)
            if group is None:
                continue
            for enc, i, _, macs in encs:
                if keep_enc is not None and not keep_enc(enc):
                    continue
                if id(macs) not in firsts:
                    firsts[id(macs)] = next((m for m in macs if keep_mac is None or keep_mac(m[0])), None)
                mac = firsts[id(macs)]
                if mac is not None:
                    key = (d, i, mac[1], group[1])
                    if best is None or key < best[0]:
                        best = (key, (enc, mac[0], group[0]))
                    break  # a later encryption of this piece comes later in the device's order
        return best[1] if best else None

    def first_for_aws(self) -> tuple | None:
        """The combination that comes first in AWS's order (AWS proposal, encryption, integrity, group)."""
        best: tuple | None = None
        lowest: dict[int, tuple] = {}  # per mac list: its mac first in AWS's order
        for _, a, encs, groups in self._pieces:
            group = min(groups, key=lambda g: g[2])
            for enc, _, a_enc, macs in encs:
                if id(macs) not in lowest:
                    lowest[id(macs)] = min(macs, key=lambda m: m[2])
                mac = lowest[id(macs)]
                key = (a, a_enc, mac[2], group[2])
                if best is None or key < best[0]:
                    best = (key, (enc, mac[0], group[0]))
        return best[1] if best else None

    def __iter__(self) -> Iterator[tuple]:
        """Every combination, in the device's order, each once (as many as the lists multiply to)."""
        ordered = sorted(
            ((d, i, j, k), (enc, mac, group))
            for d, _, encs, groups in self._pieces
            for enc, i, _, macs in encs for mac, j, _ in macs for group, k, _ in groups
        )
        return iter(dict.fromkeys(combination for _, combination in ordered))


def _positions(values: Sequence) -> dict:
    out: dict = {}
    for i, value in enumerate(values):
        out.setdefault(value, i)
    return out


def _ike_index(tunnel: Tunnel, version: int) -> _Index:
    parts: list[tuple[dict, dict]] = []
    for proposal in tunnel.ike.proposals if tunnel.ike else ():
        if proposal.versions and version not in proposal.versions:
            continue
        aead_macs = _positions(proposal.prf or proposal.integrity)
        macs = proposal.integrity
        if version == 2 and proposal.prf:
            prf = set(proposal.prf)
            macs = tuple(m for m in proposal.integrity if m in prf) or proposal.integrity
        plain_macs = _positions(macs)
        encs: dict = {}
        for i, enc in enumerate(proposal.encryption):
            if is_aead(enc):
                if version == 1:
                    continue
                encs.setdefault(enc, (i, aead_macs))
            else:
                encs.setdefault(enc, (i, plain_macs))
        parts.append((encs, _positions(proposal.dh_groups)))
    return _Index(parts)


def _esp_index(tunnel: Tunnel) -> _Index:
    ipsec = tunnel.ipsec
    parts: list[tuple[dict, dict]] = []
    if ipsec is None:
        return _Index(parts)
    groups: list[int | None] = list(ipsec.pfs_groups) or [None]
    for proposal in ipsec.proposals:
        if proposal.protocol != "esp":
            continue
        plain_macs = _positions(proposal.integrity)
        encs: dict = {}
        for i, enc in enumerate(proposal.encryption):
            encs.setdefault(enc, (i, {None: 0} if is_aead(enc) else plain_macs))
        parts.append((encs, _positions(list(proposal.dh_groups) or groups)))
    return _Index(parts)


def _lists(proposals: Sequence[IkeProposal | IpsecProposal]) -> tuple[list[str], list[str], list[int]]:
    encs: list[str] = []
    macs: list[str] = []
    groups: list[int] = []
    seen: tuple[set, set, set] = (set(), set(), set())  # what the lists hold, without a scan per value
    for p in proposals:
        # A value is left out when an earlier proposal had it (a repeat within one proposal stays).
        for out, known, values in ((encs, seen[0], p.encryption), (macs, seen[1], (*p.integrity, *getattr(p, "prf", ()))),
                                   (groups, seen[2], p.dh_groups)):
            new = [v for v in values if v not in known]
            out += new
            known.update(new)
    return encs, macs, groups


def _explain_phase1(device: Tunnel, aws: Tunnel, version: int) -> str:
    d_enc, d_mac, d_grp = _lists(device.ike.proposals if device.ike else ())
    a_enc, a_mac, a_grp = _lists(aws.ike.proposals if aws.ike else ())
    if version == 1:
        d_enc = [e for e in d_enc if not is_aead(e)]
        a_enc = [e for e in a_enc if not is_aead(e)]
    problems = []
    for label, mine, theirs in (("encryption", d_enc, a_enc), ("integrity", d_mac, a_mac), ("DH group", d_grp, a_grp)):
        if not set(mine) & set(theirs):
            problems.append(label)
    offered = f"device offers {_set(d_enc)}/{_set(d_mac)}/{_set(d_grp)}"
    allowed = f"AWS tunnel {aws.name} allows {_set(a_enc)}/{_set(a_mac)}/{_set(a_grp)}"
    if problems:
        return f"{offered}; {allowed}: {' and '.join(problems)} ha{'s' if len(problems) == 1 else 've'} no overlap"
    return f"{offered}; {allowed}: every parameter overlaps, but no single device proposal combines them"


def phase1(device: Tunnel, aws: Tunnel, version: int, initiator: str) -> Stage:
    if version == 1 and device.ike and device.ike.mode == "aggressive":
        return Stage(False, "the device uses IKEv1 aggressive mode; AWS accepts main mode only")
    offers: _Index = _OFFERS.get(_ike_index, device, version)  # both sides' lists, never their product
    common = Common(offers, _OFFERS.get(_ike_index, aws, version))
    if not common:
        if not offers.offers_any():
            return Stage(False, f"the device has no IKEv{version} proposal")
        return Stage(False, _explain_phase1(device, aws, version))
    chosen = common.first_for_aws() if initiator == "aws" else common.first()
    return Stage(True, chosen=chosen, common=common)


def phase2(device: Tunnel, aws: Tunnel, initiator: str) -> Stage:
    ipsec = device.ipsec
    if ipsec is None:
        return Stage(False, "the device tunnel has no IPsec (phase 2) configuration")
    if ipsec.protocol != "esp":
        return Stage(False, f"the device uses {ipsec.protocol.upper()}; AWS supports ESP only")
    if ipsec.mode != "tunnel":
        return Stage(False, "the device uses transport mode; AWS supports tunnel mode only")
    offers: _Index = _OFFERS.get(_esp_index, device)  # both sides' lists, never their product
    common = Common(offers, _OFFERS.get(_esp_index, aws))
    if common:
        chosen = common.first_for_aws() if initiator == "aws" else common.first()
        return Stage(True, chosen=chosen, common=common)
    if not offers.offers_any():
        return Stage(False, "the device offers no ESP proposal")
    d_enc, d_mac, _ = _lists([p for p in ipsec.proposals if p.protocol == "esp"])
    a_enc, a_mac, _ = _lists(aws.ipsec.proposals if aws.ipsec else ())
    d_pfs = list(ipsec.pfs_groups) or sorted({g for p in ipsec.proposals for g in p.dh_groups})
    a_pfs = list(aws.ipsec.pfs_groups) if aws.ipsec else []
    problems = []
    if not set(d_enc) & set(a_enc):
        problems.append("encryption")
    if not any(is_aead(e) for e in set(d_enc) & set(a_enc)) and not set(d_mac) & set(a_mac):
        problems.append("integrity")
    if not d_pfs:
        problems.append("PFS (the device has PFS off; AWS requires it)")
    elif not set(d_pfs) & set(a_pfs):
        problems.append("PFS group")
    offered = f"device offers {_set(d_enc)}/{_set(d_mac)} with PFS {_set(d_pfs) if d_pfs else 'off'}"
    allowed_text = f"AWS tunnel {aws.name} allows {_set(a_enc)}/{_set(a_mac)} with PFS {_set(a_pfs)}"
    if problems:
        return Stage(False, f"{offered}; {allowed_text}: {' and '.join(problems)} without overlap")
    return Stage(False, f"{offered}; {allowed_text}: no single device proposal combines the common values")


def negotiate(device: Tunnel, aws: Tunnel) -> Negotiation:
    """Simulate IKE and IPsec between a device tunnel and the AWS tunnel it points at."""
    d_versions = tuple(device.ike.versions) if device.ike and device.ike.versions else ()
    a_versions = tuple(aws.ike.versions) if aws.ike and aws.ike.versions else (1, 2)
    common = [v for v in (2, 1) if v in d_versions and v in a_versions]
    startup = aws.aws.startup_action if aws.aws else None
    if not common:
        reason = (f"device allows IKE {'/'.join(f'v{v}' for v in d_versions) or 'none'}; "
                  f"AWS tunnel {aws.name} allows {'/'.join(f'v{v}' for v in a_versions)}")
        return Negotiation(device.name, aws.name, None, Stage(False, reason))
    version = common[0]
    initiator = "aws" if startup == "start" and version == 2 else "device"
    notes: list[str] = []
    if startup == "start" and version == 1:
        notes.append("AWS StartupAction start needs IKEv2: the device must initiate")
    p1 = phase1(device, aws, version, initiator)
    if not p1.ok and len(common) > 1:
        fallback = phase1(device, aws, common[1], "device")
        if fallback.ok:
            version, p1, initiator = common[1], fallback, "device"
            notes.append(f"IKEv{common[0]} has no common proposal; falls back to IKEv{version}")
    if not p1.ok:
        return Negotiation(device.name, aws.name, version, Stage(True), p1, None, initiator, tuple(notes))
    p2 = phase2(device, aws, initiator)
    return Negotiation(device.name, aws.name, version, Stage(True), p1, p2, initiator, tuple(notes))
