"""VPN304 psk-wildcard-peer: a pre-shared key is bound to any peer.

Why it matters
--------------
A key bound to ``0.0.0.0 0.0.0.0`` (Cisco keyring / ``crypto isakmp key ... address 0.0.0.0``),
``%any`` (strongSwan) or a default tunnel-group is offered to, and accepted from, every address on
the internet. Anyone who learns it (one leaked config is enough) can bring up a tunnel to the
gateway from anywhere, and the gateway cannot tell AWS from an impostor by the key. IKEv1 main
mode also forces the gateway to pick the key before it knows the peer's identity, so a wildcard
key tends to be shared by every tunnel (VPN305). AWS tunnels have fixed outside addresses: bind
each key to its tunnel's outside IP (customer gateway best practices,
https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html).

What counts as a wildcard is data: ``[psk] wildcard_peers`` of the policy pack, plus whatever the
parser marked ``wildcard_peer``. Devices of vendor ``aws`` are not judged.

How to fix
----------
Bind each key to the outside IP of its AWS tunnel:

- Cisco IOS: ``crypto keyring keyring-vpn-1`` / ``pre-shared-key address <tunnel1-outside-ip> key <key>``
  (not ``address 0.0.0.0 0.0.0.0``); IKEv2: ``crypto ikev2 keyring`` / ``peer aws1`` /
  ``address <tunnel1-outside-ip>``.
- FortiOS: one ``config vpn ipsec phase1-interface`` entry per tunnel with ``set type static`` /
  ``set remote-gw <outside-ip>`` (not ``set type dynamic``).
- Cisco ASA: a ``tunnel-group <tunnel1-outside-ip> type ipsec-l2l`` per tunnel, not the
  ``DefaultL2LGroup``.
- Junos: one ``security ike gateway`` per tunnel with ``address <outside-ip>`` (not a dynamic
  gateway) for the policy that holds the key.
- Check Point: one interoperable device object per AWS tunnel, each with its own shared secret.
- strongSwan: ``secrets { ike-aws1 { id-1 = <tunnel1-outside-ip>  secret = ... } }`` (swanctl) or
  ``<local-ip> <tunnel1-outside-ip> : PSK "..."`` (ipsec.secrets), not ``%any`` or a bare ``: PSK``.
- PAN-OS: ``set network ike gateway <gw> peer-address ip <AWS tunnel outside IP>`` instead of ``peer-address
  dynamic``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import key_uses

RULE = Rule(
    id="VPN304",
    name="psk-wildcard-peer",
    severity=Severity.HIGH,
    profile="recommended",
    summary="A pre-shared key is bound to any peer (0.0.0.0/0, %any)",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html",),
    tags=("secrets",),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    wildcards = {w.lower() for w in policy.psk.wildcard_peers}
    for use in key_uses(device):
        key = use.key
        peer = " ".join((key.peer or "").split()).lower()
        if not (key.wildcard_peer or peer in wildcards):
            continue
        bound = f"'{key.peer}'" if key.peer else "any peer"
        owner = f" ({key.name})" if key.name else ""
        used = f"; used by {', '.join(use.tunnels)}" if use.tunnels else ""
        yield Violation(
            message=f"pre-shared key{owner} is bound to {bound}, so any address may authenticate with it{used}",
            line=key.line,
            file=key.file,
            target=use.target,
            tunnel=use.tunnels[0] if use.tunnels else None,
        )
