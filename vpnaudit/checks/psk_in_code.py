"""VPN306 psk-in-code: a pre-shared key is written literally in infrastructure code.

Why it matters
--------------
A tunnel key written in Terraform (``tunnel1_preshared_key = "..."``, or a ``variable`` default,
a ``.tfvars`` value or a ``local`` that holds it) or in a CloudFormation template
(``PreSharedKey`` in ``VpnTunnelOptionsSpecifications``, or a parameter ``Default``) is in clear
text wherever the code goes: the Git history and every clone, pull-request diffs, CI logs,
``terraform plan`` output, and the Terraform state, which stores every argument in clear text
(Terraform documentation, "Sensitive Data in State": "Terraform state can contain sensitive data
... stored in plain-text"). CloudFormation keeps the template, readable with
``GetTemplate``. Whoever reads any of these holds the key of the tunnel. With
``PreSharedKeyStorage = SecretsManager`` AWS generates the key and keeps it in AWS Secrets Manager,
where access is controlled by IAM and logged by CloudTrail ("Site-to-Site VPN tunnel
authentication options").

Keys the code does not fix (a ``random_password`` result, a variable without default, a
``{{resolve:secretsmanager:...}}`` reference) are not reported; VPN505 covers where AWS stores
them. Keys read back from a ``terraform show -json`` state are not reported either (they were not
written in code; that the state holds them is VPN505's point). vpnaudit never prints the key.

Source: AWS Site-to-Site VPN User Guide, "Site-to-Site VPN tunnel authentication options",
https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-tunnel-authentication-options.html;
Terraform, "Sensitive Data in State", https://developer.hashicorp.com/terraform/language/state/sensitive-data.

How to fix
----------
Take the key out of the code, let AWS generate it and keep it in Secrets Manager, then rotate the
key (it has been exposed): the device is configured from the secret.

Terraform: delete ``tunnel1_preshared_key`` / ``tunnel2_preshared_key`` (and the variable default
or ``.tfvars`` value that held the key) and set ``preshared_key_storage = "SecretsManager"`` on the
``aws_vpn_connection``; with the terraform-aws-modules/vpn-gateway module, drop the
``tunnel1_preshared_key`` / ``tunnel2_preshared_key`` arguments. CloudFormation: remove
``PreSharedKey`` from each ``VpnTunnelOptionsSpecifications`` item (and the parameter ``Default``)
and set ``PreSharedKeyStorage: SecretsManager`` on the ``AWS::EC2::VPNConnection``. Changing the
key replaces the tunnel endpoint: one tunnel at a time.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy

RULE = Rule(
    id="VPN306",
    name="psk-in-code",
    severity=Severity.HIGH,
    profile="recommended",
    summary="A pre-shared key is written literally in infrastructure code (Terraform, CloudFormation)",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-tunnel-authentication-options.html",
        "https://developer.hashicorp.com/terraform/language/state/sensitive-data",
    ),
    tags=("secrets", "iac"),
)

_WHERE = {
    "terraform": "Terraform keeps it in clear text in the state and plan, and Git in its history",
    "cloudformation": "CloudFormation keeps it in the stored template, and Git in its history",
}


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    kind = device.connection.declared_in if device.connection is not None else None
    if kind is None:
        return
    for tunnel in device.tunnels:
        psk = tunnel.ike.psk if tunnel.ike else None
        declared_as = tunnel.aws.declared_as if tunnel.aws else None
        source = device.extra.get(f"psk-in-code:{declared_as}")
        if psk is None or psk.sha256 is None or psk.placeholder or source is None:
            continue
        if kind == "terraform":
            fix = (f"in {device.hostname}: remove {declared_as}_preshared_key; "
                   'preshared_key_storage = "SecretsManager"')
        else:
            fix = (f"in {device.hostname}: remove PreSharedKey from {declared_as}; "
                   "PreSharedKeyStorage: SecretsManager")
        yield Violation(
            message=(f"the pre-shared key of {device.hostname} {declared_as} is written in the code "
                     f"({source}): {_WHERE[kind]}"),
            line=psk.line or tunnel.line,
            file=psk.file,
            target=f"psk-in-code:{declared_as}",
            tunnel=tunnel.name,
            fix=fix,
        )
