"""VPN301 psk-plaintext: a pre-shared key is stored unencrypted in the configuration.

Why it matters
--------------
A pre-shared key in clear text (Cisco type 0, a plain strongSwan ``secret``, a clear Check Point
export) is read by everyone who can read the configuration: backups, ticket attachments, the Git
repository vpnaudit runs in, a ``show running-config`` over someone's shoulder. Whoever holds the key
and can spoof or sit in the path of the customer gateway's address can impersonate the tunnel
endpoint towards AWS. AWS keeps its copy of the key in the VPN service or in AWS Secrets Manager
(see "Site-to-Site VPN tunnel authentication options", https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-tunnel-authentication-options.html);
the device copy deserves the same care.

Cisco type 7 keys are reported too: type 7 is a reversible obfuscation that public tools undo in
a second, so it protects no better than clear text (Cisco recommends type 6 for keys). Junos
``$9$`` keys are reported for the same reason: Juniper calls the format an obfuscation, not a
strong encryption, and recommends a master password, which stores secrets as AES256-GCM ``$8$``
strings ("Hardening Shared Secrets in Junos OS"); ``request system decrypt password`` even
reverses ``$9$`` on the device.
The rule works on the facts the parser kept about the key; the key itself is never read back,
printed or stored by vpnaudit. Devices of vendor ``aws`` (API dumps) are not judged: the API
returns the key by design, which VPN505 covers.

How to fix
----------
- Cisco IOS / IOS-XE: set a master key and turn on AES key encryption, which rewrites the keys as
  type 6::

      key config-key password-encrypt <master-key>
      password encryption aes

- FortiOS: save the configuration from the FortiGate itself, which stores the key as
  ``set psksecret ENC <...>`` (encrypted with the device key); with
  ``config system global`` / ``set private-data-encryption enable`` it uses your own key. Do not
  commit scripts or templates that carry the key in clear: give it as a secret variable.

- Cisco ASA: the same idea::

      key config-key password-encryption <master-key>
      password encryption aes

- Junos (15.1X49-D50 and later): ``set system master-password plain-text-password`` so Junos
  stores the keys as ``$8$`` (AES256-GCM) instead of ``$9$``; never commit a clear key.
- Check Point: keep the shared secret in the management database (SmartConsole, gateway
  properties > VPN Advanced / community shared secret) and do not export it in clear text.
- strongSwan: move the secret out of the file under review (``include`` a root-only 0600 secrets
  file from ``ipsec.secrets``, or a ``conf.d`` file for ``swanctl``), or switch to certificates.
- PAN-OS: type the key on the firewall (``set network ike gateway <gw> authentication pre-shared-key key`` or
  the web interface): PAN-OS stores it encrypted under the master key (``-AQ==...``); keep plain keys out of
  ``set`` scripts, skillets and bootstrap files.
- Better still, use certificate authentication (AWS Private CA) so there is no shared secret.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy
from ._net import key_uses

RULE = Rule(
    id="VPN301",
    name="psk-plaintext",
    severity=Severity.MEDIUM,
    profile="recommended",
    summary="A pre-shared key is stored unencrypted (or reversibly obfuscated) in the configuration",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-tunnel-authentication-options.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-best-practice.html",
    ),
    tags=("secrets",),
)

_REASON = {
    "plain": "is stored in clear text",
    "cisco-type7": "is stored as Cisco type 7, a reversible obfuscation as readable as clear text",
    "junos-9": "is stored as Junos $9$, a reversible obfuscation as readable as clear text",
}

_FIX = {
    "cisco-ios": "key config-key password-encrypt <master-key>\npassword encryption aes",
    "fortios": "save the config from the FortiGate (psksecret ENC ...); config system global / set private-data-encryption enable",
    "cisco-asa": "key config-key password-encryption <master-key>\npassword encryption aes",
    "junos": "set system master-password plain-text-password  (secrets are then stored as $8$, AES256-GCM)",
    "strongswan": "move the secret into a root-only secrets file, or use certificates",
    "checkpoint": "keep the shared secret in the management database; do not export it in clear",
    "panos": ("enter the key on the firewall (set network ike gateway <gw> authentication pre-shared-key key): "
              "PAN-OS stores it encrypted under the master key (-AQ==...); keep plain keys out of set scripts"),
}


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    if device.vendor == "aws":
        return
    for use in key_uses(device):
        key = use.key
        if key.placeholder:  # a sample's "<psk>" / "pre-shared-key": no key is stored at all
            continue
        reason = _REASON.get(key.encoding)
        if key.encoding == "plain" and key.encrypted:
            reason = None
        if reason is None:
            continue
        yield Violation(
            message=f"{use.label} {reason}",
            line=key.line,
            file=key.file,
            target=use.target,
            fix=_FIX.get(device.vendor),
            tunnel=use.tunnels[0] if use.tunnels else None,
        )
