"""VPN305 psk-reused: the same pre-shared key is used for more than one tunnel.

Why it matters
--------------
AWS generates a different key for each of a connection's two tunnels, and for every connection.
One key for several tunnels (or several connections, or AWS and other peers) means one leak opens
them all, and a key cannot be rotated on one tunnel without touching the others. Reusing a key is
also a sign of a wildcard key (VPN304) or of a copied template whose keys were never replaced.
(Tunnel options: https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html.)

vpnaudit compares the SHA-256 digests the parser kept of visible keys; neither the key nor its
digest appears in a finding. A key counts as reused when its digest is bound to more than one
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
from ._net import KeyUse, key_uses, unique

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


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    groups: dict[str, list[KeyUse]] = {}
    tunnels = {t.name: t for t in device.tunnels}
    for use in key_uses(device):
        if use.key.sha256 and not use.key.encrypted and not use.key.placeholder:
            groups.setdefault(use.key.sha256, []).append(use)
    for uses in groups.values():
        served = {use: _users(tunnels, use) for use in uses}
        identities = {ident for users in served.values() for ident, _ in users}
        if len(identities) < 2:
            continue
        for use in uses:
            mine = {ident for ident, _ in served[use]}
            others = unique(
                label for other in uses for ident, label in served[other] if ident not in mine
            )
            if others:
                detail = f"also used for {', '.join(others)}"
            else:
                detail = f"shared by {', '.join(label for _, label in served[use])}"
            yield Violation(
                message=f"{use.label} is reused: the same key is {detail}",
                line=use.key.line,
                file=use.key.file,
                target=use.target,
                tunnel=use.tunnels[0] if use.tunnels else None,
            )
