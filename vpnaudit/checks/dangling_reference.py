"""VPN002 dangling-reference: a referenced object is not defined.

Why it matters
--------------
A crypto map entry that names a missing transform-set, a tunnel protection profile that does not
exist, an IKE gateway pointing at an undefined policy: the device either rejects the tunnel or falls
back to defaults nobody reviewed. Either way the tunnel is not what the config seems to say. For
fragments (``show running-config crypto map``) the object may live in another section: vpnaudit
reports it rather than inventing it.

How to fix
----------
Define the object, or correct the name in the reference. For fragments, lint the whole
``show running-config`` instead of one section.

- Cisco IOS: ``crypto ipsec transform-set NAME esp-aes 256 esp-sha256-hmac`` before ``set transform-set NAME``.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<name>"`` before ``set phase1name "<name>"``
  in ``phase2-interface`` (and before ``set vpntunnel "<name>"`` in a firewall policy).
- Cisco ASA: ``crypto ipsec ikev2 ipsec-proposal NAME`` before ``set ikev2 ipsec-proposal NAME``.
- Junos: ``set security ike proposal NAME ...`` before ``set security ike policy P proposals NAME``.
- strongSwan: ``also=`` must name an existing ``conn``.
- PAN-OS: define the object the name points at (``set network ike crypto-profiles ike-crypto-profiles <profile>
  ...``, ``set network ike gateway <gw> ...``, ``set network interface tunnel units tunnel.1 ...``) or name an
  existing one; a commit fails on a dangling name.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import DanglingReference, Device
from ..policy import Policy

RULE = Rule(
    id="VPN002",
    name="dangling-reference",
    severity=Severity.HIGH,
    profile="aws",
    summary="A referenced object (transform-set, proposal, profile, keyring, gateway, ACL) is not defined",
    tags=("analysis",),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    # One missing object is one finding (at its first reference), however many lines use it.
    groups: dict[tuple[str | None, str, str], list[DanglingReference]] = {}
    for ref in device.dangling:
        groups.setdefault((ref.file, ref.kind, ref.name), []).append(ref)
    for (file, kind, name), refs in groups.items():
        refs.sort(key=lambda r: r.line or 0)
        users = list(dict.fromkeys(r.referrer for r in refs if r.referrer))
        shown = ", ".join(users[:3]) + (f" and {len(users) - 3} more" if len(users) > 3 else "")
        where = f" (used by {shown})" if users else ""
        yield Violation(
            message=f"{kind} '{name}' is referenced but not defined{where}",
            line=refs[0].line,
            file=file,
            target=f"dangling:{kind}:{name}",
        )
