"""VPN606 psk-mismatch: the pre-shared keys of the device and the AWS tunnel differ.

Why it matters
--------------
With different keys, IKE authentication fails (AUTHENTICATION_FAILED) after a successful
proposal exchange: the tunnel stays down and the logs blame the wrong side more often than not.
vpnaudit compares the SHA-256 digests of both keys and never prints either. A key that is
encrypted or masked on the device (Cisco type 6, Junos ``$9$``, ASA ``*****``) cannot be compared:
that is reported as "cannot verify" in the pairing summary, not as a mismatch.

How to fix
----------
Set the device key to the AWS tunnel's key (``Options.TunnelOptions[].PreSharedKey``, or the
Secrets Manager secret of ``PreSharedKeyArn``), or set a new key on both sides:
``aws ec2 modify-vpn-tunnel-options ... --tunnel-options 'PreSharedKey=...'``. Terraform, on the
``aws_vpn_connection``: ``tunnel1_preshared_key`` (8-64 characters: letters, digits, ``.`` and
``_``, not starting with ``0``); the provider stores it in the Terraform state in clear text, so
take it from a secret store and protect the state.

- Cisco IOS: ``pre-shared-key address <outside ip> key <key>`` in the keyring.
- FortiOS: ``config vpn ipsec phase1-interface`` / ``edit "<tunnel>"`` / ``set psksecret <key>``.
- Cisco ASA: ``tunnel-group <outside ip> ipsec-attributes`` / ``ikev2 local-authentication pre-shared-key <key>``.
- Junos: ``set security ike policy P pre-shared-key ascii-text <key>``.
- Check Point: the community's shared secret for the AWS peer.
- strongSwan: ``<local> <outside ip> : PSK "<key>"`` / ``secrets { ike-X { secret = <key> } }``.
- PAN-OS: ``set network ike gateway <gw> authentication pre-shared-key key <the AWS tunnel's key>``.

Changing the AWS key replaces that tunnel's endpoint: change the device key of the same tunnel in
the same window, so that the tunnel comes back with matching keys.

Change one tunnel at a time: a tunnel-option change replaces that tunnel's endpoint, which
drops the tunnel for a moment (AWS Site-to-Site VPN User Guide, "Tunnel endpoint replacements":
"the modified tunnel is unavailable during the update"). Wait until the changed tunnel is UP
again (``vpnaudit aws --vpn vpn-...``) before changing the other one. Terraform modifies both
tunnels in one apply, so apply the ``tunnel1_*`` change and the ``tunnel2_*`` change separately
(``terraform state show`` gives ``tunnel1_address``, the outside IP of tunnel 1), and check that
the plan says ``update in-place``: ``must be replaced`` recreates the whole connection with new
outside IPs and keys. Reference: AWS provider, resource ``aws_vpn_connection``,
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpn_connection.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..policy import Policy
from ._pair import at_device, label

RULE = Rule(
    id="VPN606",
    name="psk-mismatch",
    severity=Severity.CRITICAL,
    profile="aws",
    summary="The pre-shared keys of the device tunnel and the AWS tunnel differ",
    references=("https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",),
    tags=("pairing", "secrets"),
    scope="pair",
)


def check(pair, policy: Policy) -> Iterator[Violation]:
    for tp in pair.matched():
        mine = tp.device.ike.psk if tp.device.ike else None
        theirs = tp.aws.ike.psk if tp.aws.ike else None
        if not mine or not theirs or not mine.sha256 or not theirs.sha256 or mine.placeholder:
            continue  # not visible on one side: cannot verify, never a mismatch
        if mine.sha256 != theirs.sha256:
            yield at_device(
                pair, tp.device,
                f"{label(pair, tp.device, tp.aws)}: the pre-shared key differs from the AWS tunnel's "
                f"(device key of {mine.length} characters at line {mine.line}; compared by digest)",
                "psk",
            )
