"""VPN506 aws-idle-tunnel-may-drop: StartupAction=add with DpdTimeoutAction=clear.

Why it matters
--------------
With ``StartupAction`` ``add`` (the default) AWS never initiates IKE: the customer gateway must.
With ``DpdTimeoutAction`` ``clear`` (the default) AWS ends the IKE session when DPD times out and
does nothing more. Together, a tunnel that goes idle or loses a few DPD rounds is cleared by AWS
and stays down until the device happens to send traffic or re-initiates. Many devices only
initiate on interesting traffic, so the backup tunnel is found down exactly when it is needed.
AWS's guidance: have the device send keepalive traffic / keep the SA up, or let AWS restart the
session (``restart``) or initiate it (``start``, IKEv2 only).

Source: AWS Site-to-Site VPN User Guide, "Site-to-Site VPN tunnel initiation options" and
"Tunnel options for your Site-to-Site VPN connection" (DPD timeout action: clear default, none,
restart; startup action: add default, start).

How to fix
----------
Either let AWS restart the IKE session when DPD times out::

    aws ec2 modify-vpn-tunnel-options --vpn-connection-id vpn-... \\
        --vpn-tunnel-outside-ip-address <outside ip> \\
        --tunnel-options '{"DPDTimeoutAction": "restart"}'

or, with IKEv2, let AWS initiate the tunnel (``'{"StartupAction": "start"}'``). Terraform, on the
``aws_vpn_connection``::

    tunnel1_dpd_timeout_action = "restart"
    # or, IKEv2 only:
    tunnel1_ike_versions       = ["ikev2"]
    tunnel1_startup_action     = "start"

On the device, keep the SA up without user traffic: Cisco an ``ip sla`` probe across each tunnel,
Junos ``establish-tunnels immediately``, strongSwan ``auto=start`` with ``dpdaction=restart``.

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
from ..model import Device
from ..policy import Policy
from ._aws import tunnel_fix

RULE = Rule(
    id="VPN506",
    name="aws-idle-tunnel-may-drop",
    severity=Severity.LOW,
    profile="recommended",
    summary="StartupAction=add with DpdTimeoutAction=clear: an idle AWS tunnel drops and stays down",
    references=(
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/initiate-vpn-tunnels.html",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html",
    ),
    tags=("aws", "availability"),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for tunnel in device.tunnels:
        aws = tunnel.aws
        if aws is None or aws.startup_action != "add" or aws.dpd_timeout_action != "clear":
            continue
        startup = "StartupAction add" + (" (unset: AWS default)" if "startup_action" in aws.defaults else "")
        action = "DpdTimeoutAction clear" + (" (unset: AWS default)" if "dpd_timeout_action" in aws.defaults else "")
        dpd = tunnel.ike.dpd if tunnel.ike else None
        yield Violation(
            message=(f"AWS tunnel {aws.outside_ip}: {startup} with {action}: when the tunnel is idle or DPD "
                     "times out, AWS clears it and waits for the customer gateway to initiate"),
            line=tunnel.line_of("dpd_timeout_action") or tunnel.line_of("startup_action") or (
                dpd.line if dpd else None) or tunnel.line,
            target=f"aws-tunnel:{aws.outside_ip}",
            tunnel=tunnel.name,
            fix=tunnel_fix(device, tunnel, {"DPDTimeoutAction": "restart"}, (
                f"aws ec2 modify-vpn-tunnel-options --vpn-connection-id {device.hostname} "
                f"--vpn-tunnel-outside-ip-address {aws.outside_ip} "
                """--tunnel-options '{"DPDTimeoutAction": "restart"}'""")),
        )
