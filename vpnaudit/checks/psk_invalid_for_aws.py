"""VPN302 psk-invalid-for-aws: a visible pre-shared key breaks AWS's rules for tunnel keys.

Why it matters
--------------
AWS accepts a tunnel pre-shared key only if it is 8 to 64 characters long, uses letters, digits,
periods (``.``) and underscores (``_``) only, and does not start with a zero (tunnel options,
https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html; API ``PreSharedKey``). A device key
that breaks any of these can never be entered on the AWS side, so the tunnel cannot come up: it is
either a typo or a key meant for some other peer. The message says which rule fails, never the key.

The limits come from the policy pack (``[psk] min_length``, ``max_length``, ``allowed_charset``,
``forbid_leading_zero``). Keys the parser could not see (encrypted, hashed, masked) are not judged.
Keys of vendor ``aws`` dumps are judged too: a key in a DescribeVpnConnections dump or generated
XML that breaks the rules means the dump was edited or templated wrongly, and the device would be
configured from it.

How to fix
----------
Pick a new key that fits (for example 32 random characters from ``[A-Za-z0-9._]`` not starting
with ``0``), set it on the AWS tunnel, then on the device:

- AWS: ``aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... --vpn-tunnel-outside-ip-address <outside-ip> --tunnel-options PreSharedKey=<new-key>``
  (this replaces the tunnel endpoint: change one tunnel at a time).
- Cisco IOS: ``crypto keyring <name>`` / ``pre-shared-key address <outside-ip> key <new-key>``
  (IKEv2: ``crypto ikev2 keyring`` / ``peer`` / ``pre-shared-key <new-key>``).
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set psksecret <new-key>``.
- Cisco ASA: ``tunnel-group <outside-ip> ipsec-attributes`` / ``ikev1 pre-shared-key <new-key>``
  (or ``ikev2 local-authentication pre-shared-key`` / ``ikev2 remote-authentication pre-shared-key``).
- Junos: ``set security ike policy <policy> pre-shared-key ascii-text <new-key>``.
- Check Point: the interoperable device's shared secret in SmartConsole (VPN community > Shared Secret).
- strongSwan: ``secrets { ike-aws1 { id = <outside-ip>  secret = <new-key> } }`` in swanctl.conf, or
  ``<local> <outside-ip> : PSK "<new-key>"`` in ipsec.secrets.
- PAN-OS: ``set network ike gateway <gw> authentication pre-shared-key key <key>`` with the tunnel's AWS-valid
  key (8-64 letters, digits, ``.`` and ``_``, not starting with 0).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import key_uses, visible

RULE = Rule(
    id="VPN302",
    name="psk-invalid-for-aws",
    severity=Severity.HIGH,
    profile="aws",
    summary="A visible pre-shared key breaks AWS's key rules (8-64 characters, [A-Za-z0-9._], no leading 0)",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("secrets",),
)

_CLASS_WORDS = {
    "lower": "lowercase letters",
    "upper": "uppercase letters",
    "digit": "digits",
    "dot": "'.'",
    "underscore": "'_'",
    "other": "other characters",
}


def _allowed_words(policy: Policy) -> str:
    words = [_CLASS_WORDS.get(c, c) for c in policy.psk.allowed_charset]
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    rules = policy.psk
    for use in key_uses(device):
        key = use.key
        if not visible(key) or key.length is None:
            continue
        broken = []
        if key.binary:
            broken.append(f"it is {key.length} bytes of binary data (strongSwan 0x/0s), not text; AWS keys are "
                          f"{rules.min_length}-{rules.max_length} characters of {_allowed_words(policy)}")
        elif key.length < rules.min_length or key.length > rules.max_length:
            broken.append(f"it is {key.length} characters long (AWS: {rules.min_length}-{rules.max_length})")
        extra = [] if key.binary else [c for c in key.charset if c not in rules.allowed_charset]
        if extra:
            shown = ", ".join(_CLASS_WORDS.get(c, c) for c in extra)
            broken.append(f"it contains {shown} (AWS allows only {_allowed_words(policy)})")
        if rules.forbid_leading_zero and key.starts_with_zero:
            broken.append("it starts with 0")
        if not broken:
            continue
        yield Violation(
            message=f"{use.label} cannot be used with AWS: {'; '.join(broken)}",
            line=key.line,
            file=key.file,
            target=use.target,
            tunnel=use.tunnels[0] if use.tunnels else None,
        )
