"""VPN113 ikev1-in-use: the tunnel uses, or allows, IKEv1.

Why it matters
--------------
RFC 8247 (2017) moved IKEv1 to "deprecated": new deployments MUST use IKEv2, and IKEv1 gets no
new algorithms (no AES-GCM for the IKE SA, no ECP groups on many devices). AWS "strongly
recommends" IKEv2 and only IKEv2 tunnels can be started from the AWS side (``StartupAction=start``)
or use the recommended sample configuration; AWS Security Hub control EC2.183 fails connections
that allow IKEv1. A tunnel that accepts both versions can be downgraded to IKEv1.

The rule fires for every tunnel whose IKE configuration allows version 1, including by the vendor
default (Junos gateways default to ``v1-only``; Cisco IOS crypto maps and isakmp profiles are IKEv1).

How to fix
----------
Move the tunnel to IKEv2 only, then allow only IKEv2 on the AWS tunnel.

- Cisco IOS: define ``crypto ikev2 proposal`` / ``crypto ikev2 policy`` / ``crypto ikev2 keyring``
  / ``crypto ikev2 profile AWS``, then ``crypto ipsec profile P`` / `` set ikev2-profile AWS``
  (crypto map: ``set ikev2-profile AWS`` on the entry); remove the isakmp profile.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set ike-version 2``
  (FortiOS before 8.0 defaults to IKEv1).
- Cisco ASA: ``crypto ikev2 enable outside``, ``crypto ikev2 policy 10``, tunnel-group
  ``ikev2 remote-authentication pre-shared-key ...`` / ``ikev2 local-authentication pre-shared-key ...``,
  ``crypto map OUTSIDE_MAP 10 set ikev2 ipsec-proposal AWS`` (VTI: ``crypto ipsec profile P`` /
  `` set ikev2 ipsec-proposal AWS``); drop the ``ikev1`` transform-set and, when no other peer needs
  it, ``no crypto ikev1 enable outside``.
- Junos: ``set security ike gateway AWS-GW version v2-only``.
- Check Point: VPN community > Encryption > Encryption method "IKEv2 only" (management API:
  ``set vpn-community-star name AWS encryption-method "ikev2 only"``).
- strongSwan: swanctl.conf ``version = 2`` (ipsec.conf ``keyexchange=ikev2``; ``ike`` and ``ikev1``
  allow IKEv1).
- PAN-OS: ``set network ike gateway <gw> protocol version ikev2`` with ``protocol ikev2 ike-crypto-profile
  <profile>`` (``ikev2-preferred`` still falls back to IKEv1; unset means ``ikev1``).

AWS side, one tunnel at a time (each change replaces the tunnel endpoint):
``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-0123456789abcdef0
--vpn-tunnel-outside-ip-address 203.0.113.10 --tunnel-options 'IKEVersions=[{Value=ikev2}]'``
(VPN502 checks the AWS side).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN113",
    name="ikev1-in-use",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="The tunnel uses or allows IKEv1 (IKEv2 is recommended)",
    references=(
        "https://www.rfc-editor.org/rfc/rfc8247#section-1.1",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-183",
    ),
    tags=("ike", "phase1", "ikev1"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in c.ike_tunnels(device):
        ike = tunnel.ike
        assert ike is not None
        if 1 not in ike.versions:
            continue
        label = c.tunnel_label(device, tunnel, 1)
        if c.is_default(ike, "versions"):
            shown = " and ".join(f"IKEv{v}" for v in ike.versions)
            text = f"{label}: IKE version not set; the {c.vendor_name(device)} default ({shown}) applies"
        elif tuple(ike.versions) == (1,):
            text = f"{label} uses IKEv1"
        else:
            text = f"{label} allows IKEv1 next to IKEv2"
        line, file = c.where(tunnel, ike, "versions")
        yield Violation(
            message=f"{text}; use IKEv2 only, on the device and on the AWS tunnel",
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
