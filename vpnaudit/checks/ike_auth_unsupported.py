"""VPN106 ike-auth-unsupported: phase-1 authentication is neither a pre-shared key nor a certificate.

Why it matters
--------------
AWS authenticates customer gateways with a pre-shared key or with a certificate issued by AWS
Private Certificate Authority (customer gateway requirements page; "Site-to-Site VPN tunnel
authentication options"). RSA-encrypted nonces (Cisco ``rsa-encr``), XAUTH, EAP and other
remote-access methods are not offered by AWS, so phase 1 fails; nor are raw RSA public keys
without a certificate (strongSwan / Libreswan ``leftrsasigkey=`` / ``rightrsasigkey=``, Libreswan
``authby=rsasigkey``, model value ``rsa-raw``): AWS has no way to hold the peer's bare public key.

The rule judges the authentication method of each tunnel's IKE configuration, or, when the method
is set per IKEv1 policy (Cisco IOS / ASA), of the tunnel's policies: it fires when none of them
uses an accepted method.

How to fix
----------
Authenticate with the tunnel's pre-shared key (or a certificate from AWS Private CA).

- Cisco IOS: ``crypto isakmp policy 10`` / `` authentication pre-share`` (``rsa-sig`` for
  certificates); IKEv2 ``crypto ikev2 profile AWS`` / `` authentication remote pre-share`` /
  `` authentication local pre-share``.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``set authmethod psk`` with ``set psksecret <key>``
  (AWS private-certificate tunnels: ``set authmethod signature`` / ``set certificate <cert>``).
- Cisco ASA: ``crypto ikev1 policy 10`` / `` authentication pre-share``; IKEv2:
  ``tunnel-group 203.0.113.10 ipsec-attributes`` / `` ikev2 remote-authentication pre-shared-key ...``.
- Junos: ``set security ike proposal AWS-IKE authentication-method pre-shared-keys``.
- Check Point: the interoperable device object for AWS > VPN Communities > "Use pre-shared secret"
  (community Shared Secret tab).
- strongSwan: swanctl.conf ``local.auth = psk`` / ``remote.auth = psk`` (ipsec.conf
  ``authby=secret``), ``pubkey`` for certificates; remove ``xauth`` / ``eap`` rounds; Libreswan /
  strongSwan ipsec.conf: drop ``leftrsasigkey=`` / ``rightrsasigkey=`` and use ``authby=secret``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from . import _crypto as c

RULE = Rule(
    id="VPN106",
    name="ike-auth-unsupported",
    severity=Severity.HIGH,
    profile="aws",
    summary="Phase-1 authentication is neither pre-shared key nor certificate",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-tunnel-authentication-options.html",
    ),
    tags=("ike", "phase1", "authentication"),
)


_WORDS = {"rsa-raw": "raw RSA public keys (no certificate)"}


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    accepted = set(policy.ike.auth)
    for tunnel in c.ike_tunnels(device):
        ike = tunnel.ike
        assert ike is not None
        label = c.tunnel_label(device, tunnel, 1)
        if ike.auth is not None:
            if ike.auth == "unknown" or ike.auth in accepted:
                continue
            if c.is_default(ike, "auth"):
                text = f"{label}: authentication not set; the {c.vendor_name(device)} default {ike.auth} applies"
            else:
                text = f"{label} authenticates with {_WORDS.get(ike.auth, ike.auth)}"
            line, file = c.where(tunnel, ike)
        else:
            used = [p for p in ike.proposals if p.auth is not None and p.auth != "unknown"]
            if not used or any(p.auth in accepted for p in used):
                continue
            parts = [c.offers(device, c.ike_proposal_label(device, p, tunnel), p, "auth", (p.auth,)) for p in used]
            text = f"{label}: no phase-1 policy uses an accepted authentication ({'; '.join(parts)})"
            line, file = c.where(tunnel)
        yield Violation(
            message=f"{text}; AWS accepts {c.join_or(list(policy.ike.auth))}",
            line=line, file=file, target=c.tunnel_target(tunnel), tunnel=tunnel.name,
        )
