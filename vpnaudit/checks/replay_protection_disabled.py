"""VPN213 replay-protection-disabled: anti-replay is turned off on the IPsec SA.

Why it matters
--------------
ESP's sequence-number check (RFC 4303 section 3.4.3) stops an attacker from re-injecting captured
packets; AWS keeps a replay window of 1024 packets by default (tunnel options page,
``ReplayWindowSize``). Turning the check off on the device, usually to hide drops caused by QoS
reordering, removes that protection for traffic from AWS. Enlarge the window instead.

How to fix
----------
Re-enable anti-replay; if packets are reordered, use a larger window (up to 1024 on Cisco).

- Cisco IOS: ``crypto ipsec profile AWS`` / `` no set security-association replay disable`` and
  `` set security-association replay window-size 1024``; globally
  ``no crypto ipsec security-association replay disable``.
- FortiOS: ``config vpn ipsec phase2-interface`` / ``edit "<phase2>"`` / ``set replay enable``.
- Cisco ASA: ``no crypto ipsec security-association replay disable`` (window:
  ``crypto ipsec security-association replay window-size 1024``).
- Junos: ``delete security ipsec vpn AWS-VPN ike no-anti-replay``.
- Check Point: anti-replay is always on for site-to-site communities; nothing to change.
- strongSwan: swanctl.conf ``children.<name>.replay_window = 1024`` (0 disables the check; ipsec.conf
  ``replay_window=1024``).
- PAN-OS: ``set network tunnel ipsec <tunnel> anti-replay yes``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN213",
    name="replay-protection-disabled",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="ESP anti-replay protection is turned off",
    references=(
        "https://www.rfc-editor.org/rfc/rfc4303#section-3.4.3",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("ipsec", "phase2", "replay"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in c.ipsec_tunnels(device):
        ipsec = tunnel.ipsec
        assert ipsec is not None
        if ipsec.replay_protection is False:
            how = "has anti-replay disabled"
        elif ipsec.replay_window == 0:
            how = "sets a replay window of 0, which disables anti-replay"
        else:
            continue
        line, file = c.where(tunnel, ipsec, "replay_protection")
        yield Violation(
            message=f"{c.tunnel_label(device, tunnel, 2)} {how}; enable it (raise the window if packets are reordered)",
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
