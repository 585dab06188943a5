"""What the phase-1 / phase-2 rules (VPN1xx, VPN2xx) share: which objects to judge, how to name
them, and how to word values, vendor defaults and the accepted alternatives.

Rules read every compared value from the policy pack; this module holds no algorithm lists.

Two kinds of findings come out of these rules:

- about a proposal object ("any proposal offers weak X"): every phase-1 / phase-2 proposal of the
  device is judged once, whether tunnels use it or it only sits in the device-level lists, and the
  finding points at the proposal (``target`` ``ike-proposal:<name>`` / ``ipsec-proposal:<name>``);
- about a tunnel ("no proposal offers a supported X", PFS, lifetimes, mode): one finding per
  tunnel, pointing at the object where the setting lives (the tunnel when it is the tunnel's),
  ``target`` ``tunnel:<name>``.
"""

from __future__ import annotations

from functools import partial

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from .._struct import dataclass, field

from .._memo import ByIdentity
from ..findings import Violation
from ..model import Device, IkeProposal, IpsecProposal, Located, Tunnel
from ..vocab import is_aead

VENDOR_NAMES: dict[str, str] = {
    "cisco-ios": "Cisco IOS",
    "cisco-asa": "Cisco ASA",
    "junos": "Junos",
    "checkpoint": "Check Point",
    "strongswan": "strongSwan",
    "fortios": "FortiGate",
    "panos": "PAN-OS",
    "aws": "AWS",
    "unknown": "vendor",
}

# How each vendor calls the object that holds a tunnel's phase-1 / phase-2 settings.
_IKE_CONFIG_KIND: dict[str, str] = {
    "cisco-asa": "tunnel-group",
    "junos": "IKE gateway",
    "checkpoint": "peer",  # the parser names a Check Point tunnel's IKE config after its peer device
    "strongswan": "conn",
    "panos": "IKE gateway",
}
_IPSEC_CONFIG_KIND: dict[str, str] = {
    "fortios": "phase2",
    "junos": "IPsec policy",
    "checkpoint": "community",
    "strongswan": "conn",
    "panos": "IPsec crypto profile",
}

FIELD_WORDS: dict[str, str] = {
    "encryption": "encryption",
    "integrity": "integrity",
    "prf": "PRF",
    "dh_groups": "DH group",
    "pfs_groups": "PFS group",
    "lifetime_seconds": "lifetime",
    "auth": "authentication",
    "mode": "mode",
    "versions": "IKE version",
    "protocol": "protocol",
}


def judged(device: Device) -> bool:
    """Device rules of 1xx/2xx judge customer gateways; the AWS side is the 5xx rules' job."""
    return device.vendor != "aws"


def vendor_name(device: Device) -> str:
    """How messages name the device's software ("the Libreswan default", not strongSwan's)."""
    if device.extra.get("implementation") == "libreswan":
        version = device.extra.get("libreswan_version")
        return f"Libreswan {version}" if version else "Libreswan"
    if device.vendor == "fortios" and device.extra.get("defaults_version"):
        return f"FortiOS {device.extra['defaults_version']}"  # FortiOS defaults changed across versions
    return VENDOR_NAMES.get(device.vendor, device.vendor)


# ---------------------------------------------------------------------------------------------
# Wording


def join_or(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return "nothing"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} or {items[-1]}"


def ranges(numbers: Iterable[int]) -> str:
    """[2, 14, 15, 16, 20, 21] -> '2, 14-16, 20, 21'."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{ordered[i]}-{ordered[j]}")
        else:
            parts.extend(str(n) for n in ordered[i:j + 1])
        i = j + 1
    return ", ".join(parts) if parts else "none"


def groups_text(groups: Sequence[int], word: str = "group") -> str:
    """(2,) -> 'group 2'; (2, 5) -> 'groups 2, 5'."""
    groups = list(groups)
    return f"{word}{'s' if len(groups) > 1 else ''} {', '.join(str(g) for g in groups)}"


def values_text(field_name: str, values: Sequence[object]) -> str:
    if field_name in ("dh_groups", "pfs_groups"):
        return groups_text([int(v) for v in values])  # type: ignore[call-overload]
    return ", ".join(str(v) for v in values)


def is_default(obj: Located | None, field_name: str) -> bool:
    return obj is not None and field_name in obj.defaults


def offers(device: Device, label: str, obj: Located, field_name: str, values: Sequence[object],
           shown: Sequence[object] | None = None, noun: str = "") -> str:
    """'<label> offers 3DES' or '<label>: encryption not set; the Cisco IOS default 3DES applies'.

    ``values`` is the whole configured list (it decides 'uses' vs 'offers'); ``shown`` the part the
    message is about (all of ``values`` when omitted).
    """
    shown = list(values if shown is None else shown)
    text = values_text(field_name, shown)
    if is_default(obj, field_name):
        return f"{label}: {FIELD_WORDS.get(field_name, field_name)} not set; the {vendor_name(device)} default {text} applies"
    verb = "uses" if len(values) == 1 else "offers"
    return f"{label} {verb} {noun + ' ' if noun else ''}{text}"


# How many proposals a message about a tunnel's whole list names; then how many more. A device-wide
# list is every tunnel's: 1,000 policies named in each of 1,000 tunnels' findings were 1,000 times
# the config in the report.
NAMED = 20


def first_few(named: Sequence[str], total: int) -> str:
    """The ``named`` (the first ``NAMED`` of ``total``) joined with "; ", and how many more there are."""
    text = "; ".join(named[:NAMED])
    return text if total <= NAMED else f"{text}; and {total - NAMED:,} more"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------------
# Naming objects


def ike_proposal_label(device: Device, proposal: IkeProposal, tunnel: Tunnel | None = None) -> str:
    versions = tuple(proposal.versions)
    name = proposal.name
    if name is None:
        return f"the IKE proposal of tunnel {tunnel.name}" if tunnel else "an unnamed IKE proposal"
    if " " in name:  # the parser already named the kind ("isakmp policy 10", "isakmp default policy")
        return name
    if device.vendor == "cisco-ios" and name == "default" and versions == (2,):
        return "IKEv2 default proposal"
    if device.vendor == "cisco-ios":
        if versions == (1,):
            return f"isakmp policy {name}"
        if versions == (2,):
            return f"IKEv2 proposal {name}"
    if device.vendor == "cisco-asa":
        if versions == (1,):
            return f"ikev1 policy {name}"
        if versions == (2,):
            return f"ikev2 policy {name}"
    return f"IKE proposal {name}"


def ipsec_proposal_label(device: Device, proposal: IpsecProposal, tunnel: Tunnel | None = None) -> str:
    name = proposal.name
    if name is None:
        return f"the IPsec proposal of tunnel {tunnel.name}" if tunnel else "an unnamed IPsec proposal"
    if " " in name:
        return name
    if device.vendor == "cisco-ios":
        return f"transform-set {name}"
    return f"IPsec proposal {name}"


def tunnel_label(device: Device, tunnel: Tunnel, phase: int = 0) -> str:
    """'tunnel Tunnel1' plus the object holding the phase's settings when it has its own name."""
    base = f"tunnel {tunnel.name}"
    if device.vendor in ("cisco-ios", "cisco-asa") and tunnel.routing == "policy-based":
        base = f"crypto map {tunnel.name}"  # policy-based Cisco tunnels are named after their map entry
    if phase == 1 and tunnel.ike is not None and tunnel.ike.name and tunnel.ike.name != tunnel.name:
        kind = _IKE_CONFIG_KIND.get(device.vendor)
        if kind is None:
            kind = "IKEv2 profile" if tuple(tunnel.ike.versions) == (2,) else "IKE profile"
            if device.vendor == "cisco-ios" and tuple(tunnel.ike.versions) == (1,):
                kind = "isakmp profile"
        return f"{base} ({kind} {tunnel.ike.name})"
    if phase == 2 and tunnel.ipsec is not None and tunnel.ipsec.name and tunnel.ipsec.name != tunnel.name:
        kind = _IPSEC_CONFIG_KIND.get(device.vendor)
        if kind is None:
            kind = "crypto map" if tunnel.routing == "policy-based" else "ipsec profile"
        if f"{kind} {tunnel.ipsec.name}" in base:  # "crypto map M 10 peer" already says it
            return base
        return f"{base} ({kind} {tunnel.ipsec.name})"
    return base


def where(tunnel: Tunnel, obj: Located | None = None, setting: str | None = None) -> tuple[int | None, str | None]:
    """(line, file) of ``setting`` inside ``obj`` when the parser knows that line, else of ``obj``,
    else of the tunnel."""
    if obj is not None and setting is not None and obj.line_of(setting) is not None:
        return obj.line_of(setting), obj.file
    if obj is not None and obj.line is not None:
        return obj.line, obj.file
    return tunnel.line, tunnel.file


def tunnel_target(tunnel: Tunnel) -> str:
    return f"tunnel:{tunnel.name}"


# ---------------------------------------------------------------------------------------------
# What to judge


def _content_key(proposal: IkeProposal | IpsecProposal) -> str:
    parts = [*proposal.encryption, *proposal.integrity, *(str(g) for g in proposal.dh_groups)]
    return "/".join(parts) or "empty"


def _identity(proposal: IkeProposal | IpsecProposal) -> tuple[object, ...]:
    if proposal.line is not None:
        # One line can hold several proposals (strongSwan "ike=a-b-c,d-e-f"): the name tells them apart.
        return ("line", proposal.file, proposal.line, proposal.name, _content_key(proposal))
    return ("object", proposal.name, _content_key(proposal))


def proposal_where(proposal: Located, tunnels: Sequence[Tunnel], phase: int,
                   setting: str | None = None) -> tuple[int | None, str | None]:
    """(line, file) of a proposal's ``setting`` when it has its own line (``group 2`` inside
    ``crypto ikev2 proposal P``), else of the proposal (where the default would go when the
    setting is unset); a vendor default proposal has no line: use its tunnel's object."""
    if setting is not None and proposal.line_of(setting) is not None:
        return proposal.line_of(setting), proposal.file
    if proposal.line is not None or not tunnels:
        return proposal.line, proposal.file
    tunnel = tunnels[0]
    return where(tunnel, tunnel.ike if phase == 1 else tunnel.ipsec)


@dataclass(slots=True)
class IkeSeen:
    proposal: IkeProposal
    tunnels: list[Tunnel] = field(default_factory=list)
    tunnel_versions: set[int] = field(default_factory=set)

    @property
    def versions(self) -> tuple[int, ...]:
        """The IKE versions this proposal can be negotiated with, () when unknown."""
        own = set(self.proposal.versions)
        if own and self.tunnel_versions:
            return tuple(sorted(own & self.tunnel_versions)) or tuple(sorted(own))
        return tuple(sorted(own or self.tunnel_versions))

    @property
    def tunnel(self) -> Tunnel | None:
        return self.tunnels[0] if self.tunnels else None

    def label(self, device: Device) -> str:
        return ike_proposal_label(device, self.proposal, self.tunnel)

    def where(self, setting: str | None = None) -> tuple[int | None, str | None]:
        return proposal_where(self.proposal, self.tunnels, 1, setting)

    @property
    def target(self) -> str:
        p = self.proposal
        if p.name:
            return f"ike-proposal:{p.name}"
        if self.tunnel is not None:
            return f"ike-proposal:tunnel:{self.tunnel.name}"
        return f"ike-proposal:{_content_key(p)}"

    @property
    def tunnel_name(self) -> str | None:
        return self.tunnels[0].name if len(self.tunnels) == 1 else None


@dataclass(slots=True)
class IpsecSeen:
    proposal: IpsecProposal
    tunnels: list[Tunnel] = field(default_factory=list)

    @property
    def tunnel(self) -> Tunnel | None:
        return self.tunnels[0] if self.tunnels else None

    def label(self, device: Device) -> str:
        return ipsec_proposal_label(device, self.proposal, self.tunnel)

    def where(self, setting: str | None = None) -> tuple[int | None, str | None]:
        return proposal_where(self.proposal, self.tunnels, 2, setting)

    @property
    def target(self) -> str:
        p = self.proposal
        if p.name:
            return f"ipsec-proposal:{p.name}"
        if self.tunnel is not None:
            return f"ipsec-proposal:tunnel:{self.tunnel.name}"
        return f"ipsec-proposal:{_content_key(p)}"

    @property
    def tunnel_name(self) -> str | None:
        return self.tunnels[0].name if len(self.tunnels) == 1 else None


def ike_proposals(device: Device) -> list[IkeSeen]:
    """Every phase-1 proposal once: those tunnels use, then device-level ones no tunnel uses.

    Ordered by (file, line) so findings come out in file order. Computed once per device (rules read
    the entries, never change them)."""
    return list(per_device(device, _ike_proposals))


def ipsec_proposals(device: Device) -> list[IpsecSeen]:
    """Every phase-2 proposal once (tunnels' first, then device-level), in file order (once per device)."""
    return list(per_device(device, _ipsec_proposals))


# What several rules derive from one device. The engine runs every rule on a device before the next
# one (``engine.device_findings``), so a few entries suffice; ``engine.run`` empties it at the end.
_PER_DEVICE = ByIdentity(32)


def forget_devices() -> None:
    """Drop what ``per_device`` keeps (the engine calls it when a run's rules are done)."""
    _PER_DEVICE.clear()


def per_device(device: Device, compute: Callable, other: object = None) -> Any:
    """``compute(device)`` (``compute(device, other)`` when ``other`` is given), once per device."""
    if other is None:
        return _PER_DEVICE.get(compute, device)
    return _PER_DEVICE.get(compute, device, other)


def _by_proposals(tunnels: Iterable[Tunnel], config: Callable[[Tunnel], Any]) -> list[tuple[tuple, list, set]]:
    """(proposals, the first two tunnels that offer them, the IKE versions of all of those) for each
    distinct tuple of proposals the tunnels hold, in the order of their first tunnel. A device-wide
    list (IOS isakmp policies, ASA IKE policies) is one tuple in every tunnel: read once, not once
    per tunnel (1,000 policies and 1,000 tunnels were a million steps in each rule)."""
    groups: dict[int, tuple[tuple, list, set]] = {}
    for tunnel in tunnels:
        phase = config(tunnel)
        if phase is None:
            continue
        group = groups.get(id(phase.proposals))
        if group is None:
            group = groups[id(phase.proposals)] = (phase.proposals, [], set())
        if len(group[1]) < 2:
            group[1].append(tunnel)
        if tunnel.ike is not None:
            group[2].update(tunnel.ike.versions)
    return list(groups.values())


def _seen(groups: list[tuple[tuple, list, set]], unused: Sequence, kind: type) -> list[Any]:
    """One entry per distinct proposal, holding the first two tunnels that offer it (which one, or
    that several do: all the rules ask) and, for phase 1, the IKE versions of every one; then the
    ``unused`` proposals (the device's objects) not among them. In file and line order."""
    seen: dict[tuple[object, ...], Any] = {}
    keys: dict[int, tuple[object, ...]] = {}  # a proposal object's identity key, computed once
    for proposals, tunnels, versions in (*groups, (unused, (), ())):
        for proposal in proposals:
            key = keys.get(id(proposal))
            if key is None:
                key = keys[id(proposal)] = _identity(proposal)
            entry = seen.get(key)
            if entry is None:  # not setdefault: a new entry (a list and a set) for each use of a shared proposal
                entry = seen[key] = kind(proposal)
            for tunnel in tunnels:
                if len(entry.tunnels) < 2 and not any(t is tunnel for t in entry.tunnels):
                    entry.tunnels.append(tunnel)
            if versions:
                entry.tunnel_versions.update(versions)
    return sorted(seen.values(), key=lambda s: (s.proposal.file or "", s.proposal.line or 0))


def _ike_proposals(device: Device) -> list[IkeSeen]:
    return _seen(_by_proposals(device.tunnels, lambda t: t.ike), device.ike_policies, IkeSeen)


def _ipsec_proposals(device: Device) -> list[IpsecSeen]:
    groups = [(proposals, tunnels, ()) for proposals, tunnels, _ in _by_proposals(device.tunnels, lambda t: t.ipsec)]
    return _seen(groups, device.ipsec_proposals, IpsecSeen)


def ike_tunnels(device: Device) -> Iterator[Tunnel]:
    """Tunnels with a phase-1 configuration, on a device these rules judge."""
    if not judged(device):
        return
    for tunnel in device.tunnels:
        if tunnel.ike is not None:
            yield tunnel


def ipsec_tunnels(device: Device) -> Iterator[Tunnel]:
    if not judged(device):
        return
    for tunnel in device.tunnels:
        if tunnel.ipsec is not None:
            yield tunnel


def proposal_versions(proposal: IkeProposal, tunnel: Tunnel) -> tuple[int, ...]:
    """IKE versions a proposal of ``tunnel`` can be used with; () when unknown."""
    own = set(proposal.versions)
    theirs = set(tunnel.ike.versions) if tunnel.ike is not None else set()
    if own and theirs:
        return tuple(sorted(own & theirs)) or tuple(sorted(own))
    return tuple(sorted(own or theirs))


def ikev2_possible(versions: Sequence[int]) -> bool:
    """GCM counts in phase 1 only with IKEv2; unknown versions give the proposal the benefit."""
    return not versions or 2 in versions


def ike_integrity_values(proposal: IkeProposal) -> list[tuple[str, str]]:
    """(field, value) for every integrity and PRF value a phase-1 proposal offers."""
    out: list[tuple[str, str]] = [("integrity", v) for v in proposal.integrity]
    out += [("prf", v) for v in proposal.prf if ("integrity", v) not in out]
    return out


def aead(encryption: str, aead_list: Sequence[str]) -> bool:
    return encryption in aead_list or is_aead(encryption)


def pfs_groups(tunnel: Tunnel) -> tuple[int, ...]:
    """PFS groups of a tunnel: the IPsec SA's, plus any its proposals carry (strongSwan esp=)."""
    if tunnel.ipsec is None:
        return ()
    out: list[int] = list(tunnel.ipsec.pfs_groups)
    for proposal in tunnel.ipsec.proposals:
        out += [g for g in proposal.dh_groups if g not in out]
    return tuple(out)


def phase1_lifetime(tunnel: Tunnel) -> int | None:
    """The phase-1 lifetime in effect: the IKE config's, else the longest proposal lifetime."""
    if tunnel.ike is None:
        return None
    if tunnel.ike.lifetime_seconds is not None:
        return tunnel.ike.lifetime_seconds
    lifetimes = [p.lifetime_seconds for p in tunnel.ike.proposals if p.lifetime_seconds is not None]
    return max(lifetimes) if lifetimes else None


# ---------------------------------------------------------------------------------------------
# Accepted alternatives, from the policy pack


def strong(values: Iterable[str], weak: Iterable[str]) -> list[str]:
    bad = set(weak)
    return [v for v in values if v not in bad]


def strong_groups(values: Iterable[int], weak: Iterable[int]) -> list[int]:
    bad = set(weak)
    return [g for g in values if g not in bad]


def weak_offers(
    device: Device,
    seen: Iterable[IkeSeen | IpsecSeen],
    field_name: str,
    weak: Iterable[object],
    advice: str | Callable[[IkeSeen | IpsecSeen], str],
) -> Iterator[Violation]:
    """The "any proposal offers a weak X" rules: one finding per proposal that offers a value of
    ``field_name`` in ``weak``, at the proposal, ending with ``advice`` (or ``advice(seen)``);
    proposals of one line that say the same thing are one finding (``one_per_line``)."""
    weak = set(weak)
    items = []
    for entry in seen:
        proposal = entry.proposal
        values = getattr(proposal, field_name)
        bad = [v for v in values if v in weak]
        if not bad:
            continue
        line, file = entry.where(field_name)
        text = advice(entry) if callable(advice) else advice
        items.append((entry, partial(_weak_text, device, proposal, field_name, values, bad, text), line, file))
    return one_per_line(device, items)


def _weak_text(device: Device, proposal: Located, field_name: str, values: Sequence[object], bad: list[object],
               advice: str, label: str) -> str:
    return f"{offers(device, label, proposal, field_name, values, bad)} (weak); {advice}"


def one_per_line(
    device: Device, items: Iterable[tuple[IkeSeen | IpsecSeen, Callable[[str], str], int | None, str | None]],
) -> Iterator[Violation]:
    """One finding per (line, message) for per-proposal findings: ``items`` are (proposal seen, the
    message for a label, line, file). Proposals of one line that get the same message but for their
    label are one condition, so one finding that names them all: FortiOS ``set proposal aes128-sha1
    aes256-sha1`` is two proposals on one line, and an unset ``dhgrp`` gives each proposal of the list
    the same default group. The first proposal's target is the finding's identity."""
    groups: dict[tuple[object, ...], list[tuple[IkeSeen | IpsecSeen, Callable[[str], str]]]] = {}
    for entry, build, line, file in items:
        groups.setdefault((line, file, entry.tunnel_name, build("\0")), []).append((entry, build))
    for (line, file, _tunnel, _shape), entries in groups.items():
        first, build = entries[0]
        labels = list(dict.fromkeys(entry.label(device) for entry, _ in entries))
        label = labels[0] if len(labels) == 1 else _together(labels)
        text = build(label)
        if len(labels) > 1:  # "proposals A, B use SHA1"
            for one, many in ((" uses ", " use "), (" offers ", " offer ")):
                if text.startswith(label + one):
                    text = label + many + text[len(label) + len(one):]
        yield Violation(message=text, line=line, file=file, target=first.target, tunnel=first.tunnel_name)


def _together(labels: list[str]) -> str:
    """One label for several proposals of one object: the words all labels share at the start and at
    the end, the differing words joined: 'phase1-interface aws1 proposals A, B', 'a ike#1, ike#2 (default)'."""
    split = [label.split(" ") for label in labels]
    shortest = min(len(words) for words in split)
    head = 0
    while head < shortest - 1 and len({tuple(words[:head + 1]) for words in split}) == 1:
        head += 1
    tail = 0
    while tail < shortest - head - 1 and len({tuple(words[len(words) - tail - 1:]) for words in split}) == 1:
        tail += 1
    if head == 0 and tail == 0:
        return "; ".join(labels)
    prefix = split[0][:head]
    if prefix and prefix[-1] == "proposal":
        prefix = [*prefix[:-1], "proposals"]
    middles = ", ".join(" ".join(words[head:len(words) - tail]) for words in split)
    return " ".join([*prefix, middles, *split[0][len(split[0]) - tail:]] if tail else [*prefix, middles])


def in_order(violations: Iterable[Violation]) -> Iterator[Violation]:
    """Findings of one rule in file order (tunnel findings and proposal findings interleave)."""
    return iter(sorted(violations, key=lambda v: (v.file or "", v.line or 0)))
