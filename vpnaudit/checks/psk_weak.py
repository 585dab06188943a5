"""VPN303 psk-weak: a visible pre-shared key is short or has little entropy.

Why it matters
--------------
IKEv1 main mode and IKEv2 with pre-shared keys let anyone who records one handshake test key
guesses offline (IKEv1 aggressive mode even without being on the path). A short or repetitive key
falls to a dictionary or brute-force search; the strength of the tunnel is then the strength of
the key, not of AES. AWS generates 32-character random keys; a key typed by a person is often far
weaker. AWS recommends strong keys or certificates (customer gateway best practices,
https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html; tunnel authentication
options, https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-tunnel-authentication-options.html).

The thresholds come from the policy pack: ``[psk] weak_min_length`` (20 in recommended, 32 in
strict) and ``weak_min_entropy_bits``, compared with a Shannon estimate of the key (length x
per-character entropy) that the parser computed before forgetting the key. Keys the parser could
not see are not judged. AWS dumps are judged too: a weak key set on the AWS tunnel is the same key
the device uses.

How to fix
----------
Generate a long random key (for example ``openssl rand -base64 48 | tr -dc 'A-Za-z0-9._' | cut -c1-40``,
then make sure it does not start with ``0``), set it on AWS, then on the device:

- AWS: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... --vpn-tunnel-outside-ip-address <outside-ip> --tunnel-options PreSharedKey=<new-key>``
- Cisco IOS: ``pre-shared-key address <outside-ip> key <new-key>`` in the ``crypto keyring``.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set psksecret <new-key>``.
- Cisco ASA: ``tunnel-group <outside-ip> ipsec-attributes`` / ``ikev1 pre-shared-key <new-key>``.
- Junos: ``set security ike policy <policy> pre-shared-key ascii-text <new-key>``.
- Check Point: the community / interoperable device shared secret in SmartConsole.
- strongSwan: the ``secret`` of the ``ike`` entry in swanctl.conf (or the ``PSK`` line in ipsec.secrets).
- PAN-OS: ``set network ike gateway <gw> authentication pre-shared-key key <long random key>``.
Or move to certificate authentication with AWS Private CA.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import key_uses, visible

RULE = Rule(
    id="VPN303",
    name="psk-weak",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="A visible pre-shared key is short or has low entropy",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-tunnel-authentication-options.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html",
    ),
    tags=("secrets",),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    rules = policy.psk
    for use in key_uses(device):
        key = use.key
        if not visible(key) or key.length is None:
            continue
        weak = []
        if key.length < rules.weak_min_length and not key.binary:  # a binary key: 8 bits a byte, judged by bits
            weak.append(f"is only {key.length} characters long (policy minimum {rules.weak_min_length})")
        if key.entropy_bits is not None and key.entropy_bits < rules.weak_min_entropy_bits:
            weak.append(
                f"has an estimated {key.entropy_bits + 0.0:g} bits of entropy "
                f"(policy minimum {rules.weak_min_entropy_bits:g})"
            )
        if not weak:
            continue
        yield Violation(
            message=f"{use.label} {' and '.join(weak)}",
            line=key.line,
            file=key.file,
            target=use.target,
            tunnel=use.tunnels[0] if use.tunnels else None,
        )
