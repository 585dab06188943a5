"""VPN101 ike-aggressive-mode: IKEv1 aggressive mode is configured.

Why it matters
--------------
AWS Site-to-Site VPN accepts IKEv1 in main mode only (customer gateway requirements page; the
AWS sample configurations and the generic XML set ``mode main``). A device that starts in
aggressive mode never brings the tunnel up. Aggressive mode is also unsafe with pre-shared keys:
the responder sends a hash of the key before the peers are authenticated, which an eavesdropper
can attack offline (CVE-2002-1623; RFC 8247 deprecates IKEv1 as a whole).

The rule fires on a tunnel whose IKEv1 exchange mode is aggressive (IKEv2 has no modes).

How to fix
----------
Use main mode, or better IKEv2 (see VPN113).

- Cisco IOS: remove ``set aggressive-mode password`` / ``set aggressive-mode client-endpoint`` from
  ``crypto isakmp peer address 203.0.113.10`` and ``initiate mode aggressive`` from the isakmp
  profile; refuse it globally with ``crypto isakmp aggressive-mode disable``.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set mode main``
  (or ``set ike-version 2``).
- Cisco ASA: ``no crypto map OUTSIDE_MAP 10 set ikev1 phase1-mode aggressive`` (main is the
  default) and ``crypto ikev1 am-disable``.
- Junos: ``set security ike policy AWS-IKE-POLICY mode main``.
- Check Point: in the VPN community, Advanced > clear "Use aggressive mode" (R82 management API:
  ``set vpn-community-star name AWS advanced-properties.use-aggressive-mode false``).
- strongSwan: ``aggressive = no`` in swanctl.conf ``connections.<name>`` (ipsec.conf:
  ``aggressive=no``), both the default.
- PAN-OS: ``set network ike gateway <gw> protocol ikev1 exchange-mode main`` (``auto``, the default, also
  answers aggressive mode), or IKEv2: ``set network ike gateway <gw> protocol version ikev2``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN101",
    name="ike-aggressive-mode",
    severity=Severity.HIGH,
    profile="aws",
    summary="IKEv1 aggressive mode is configured; AWS accepts main mode only",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://www.rfc-editor.org/rfc/rfc8247",
    ),
    tags=("ike", "phase1"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in c.ike_tunnels(device):
        ike = tunnel.ike
        assert ike is not None
        if ike.mode is None or ike.mode in policy.ike.modes:
            continue
        if ike.versions and 1 not in ike.versions:
            continue  # IKEv2 only: the exchange mode is never used
        label = c.tunnel_label(device, tunnel, 1)
        accepted = c.join_or(list(policy.ike.modes))
        if c.is_default(ike, "mode"):
            text = f"{label}: IKEv1 mode not set; the {c.vendor_name(device)} default {ike.mode} mode applies"
        else:
            text = f"{label} uses IKEv1 {ike.mode} mode"
        line, file = c.where(tunnel, ike, "mode")
        yield Violation(
            message=f"{text}; AWS accepts {accepted} mode only (or use IKEv2)",
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
