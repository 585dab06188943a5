"""VPN305 psk-reused: the same pre-shared key is used for more than one tunnel.

Why it matters
--------------
AWS generates a different key for each of a connection's two tunnels, and for every connection.
One key for several tunnels (or several connections, or AWS and other peers) means one leak opens
them all, and a key cannot be rotated on one tunnel without touching the others. Reusing a key is
also a sign of a wildcard key (VPN304) or of a copied template whose keys were never replaced.
(Tunnel options: https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html.)

vpnaudit compares visible keys in memory by a keyed digest (HMAC-SHA-256 under a key drawn at
random for each run, never written anywhere); neither the key nor any digest of it appears in a
finding or an export. A key counts as reused when its digest is bound to more than one
peer / tunnel: several key objects with the same digest, or one key object that several tunnels
use. Encrypted keys cannot be compared and are not judged. AWS dumps are judged too: the same key
on both tunnels of a connection is exactly this weakness, on the AWS side.

How to fix
----------
Give every tunnel its own random key; change it on AWS first, then on the device, one tunnel at a
time:

- AWS: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... --vpn-tunnel-outside-ip-address <outside-ip> --tunnel-options PreSharedKey=<new-key>``
- Cisco IOS: one ``crypto keyring`` (or ``crypto ikev2 keyring`` peer) per tunnel, each with its
  own ``pre-shared-key address <outside-ip> key <key>``.
- FortiOS: each ``config vpn ipsec phase1-interface`` entry with its own ``set psksecret <key>``.
- Cisco ASA: each ``tunnel-group <outside-ip> ipsec-attributes`` with its own ``ikev1 pre-shared-key``.
- Junos: each ``security ike policy`` with its own ``pre-shared-key ascii-text``.
- Check Point: a separate shared secret per interoperable device.
- strongSwan: one ``secrets { ike-<n> { id = <outside-ip> secret = ... } }`` block per tunnel.
- PAN-OS: one key per gateway: ``set network ike gateway <gw> authentication pre-shared-key key <key>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device, Tunnel
from ..policy import Policy
from ._net import KeyUse, key_uses

RULE = Rule(
    id="VPN305",
    name="psk-reused",
    severity=Severity.LOW,
    profile="recommended",
    summary="The same pre-shared key is used for more than one tunnel",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("secrets",),
)


def _users(tunnels: dict[str, Tunnel], use: KeyUse) -> list[tuple[str, str]]:
    """Who a key object serves, as (identity, label): its tunnels (identified by peer address),
    else its peer, else its name."""
    if use.tunnels:
        out = []
        for name in use.tunnels:
            tunnel = tunnels.get(name)
            peer = tunnel.peer_address if tunnel is not None else None
            out.append((peer or f"tunnel {name}", name))
        return out
    if use.key.peer:
        return [(use.key.peer, f"peer {use.key.peer}")]
    label = use.key.name or "an unnamed entry"
    return [(f"key {label}", label)]


# A message names at most this many other users of the key, then how many more: one key on 2,000
# tunnels made 2,000 messages of 2,000 names each (and took 40 s: each message deduplicated its
# names with a list lookup per name).
MAX_NAMED = 20


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    groups: dict[bytes, list[KeyUse]] = {}  # in-memory keyed digest (never printed) -> uses
    tunnels = {t.name: t for t in device.tunnels}
    for use in key_uses(device):
        if use.key.digest and not use.key.encrypted and not use.key.placeholder:
            groups.setdefault(use.key.digest, []).append(use)
    for uses in groups.values():
        served = {use: _users(tunnels, use) for use in uses}
        identities = {ident for users in served.values() for ident, _ in users}
        if len(identities) < 2:
            continue
        others = _Others([pair for use in uses for pair in served[use]])
        for use in uses:
            named, more = others.excluding(frozenset(ident for ident, _ in served[use]))
            if named:
                detail = f"also used for {', '.join(named)}" + (f" and {more} more" if more else "")
            else:
                detail = f"shared by {', '.join(label for _, label in served[use])}"
            yield Violation(
                message=f"{use.label} is reused: the same key is {detail}",
                line=use.key.line,
                file=use.key.file,
                target=use.target,
                tunnel=use.tunnels[0] if use.tunnels else None,
            )


class _Others:
    """The users of one key, as (identity, label) in order, and for one use of the key the labels
    of the others (those with another identity): the first ``MAX_NAMED`` without repeats, in
    order, and how many more. Per use, a walk that stops after ``MAX_NAMED`` names and a count from
    tables built once (a label almost always has one identity: its tunnel's peer, its peer, its
    name), not a pass over every user."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs
        idents: dict[str, set[str]] = {}  # label -> the identities it is listed with
        for ident, label in pairs:
            idents.setdefault(label, set()).add(ident)
        self.labels = len(idents)
        self.single: dict[str, int] = {}  # identity -> labels listed with it alone
        self.multi: list[set[str]] = []  # the identities of each label listed with several
        for found in idents.values():
            if len(found) == 1:
                (ident,) = found
                self.single[ident] = self.single.get(ident, 0) + 1
            else:
                self.multi.append(found)
        self.cache: dict[frozenset[str], tuple[list[str], int]] = {}

    def excluding(self, mine: frozenset[str]) -> tuple[list[str], int]:
        """(the first labels of users with an identity not in ``mine``, how many more there are)."""
        if mine in self.cache:
            return self.cache[mine]
        named: list[str] = []
        seen: set[str] = set()
        for ident, label in self.pairs:
            if ident not in mine and label not in seen:
                seen.add(label)
                named.append(label)
                if len(named) == MAX_NAMED:
                    break
        hidden = sum(self.single.get(ident, 0) for ident in mine) + sum(1 for found in self.multi if found <= mine)
        result = self.cache[mine] = (named, self.labels - hidden - len(named))
        return result
