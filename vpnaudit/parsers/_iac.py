"""What the Terraform and CloudFormation readers share: a VPN connection declared in code, turned
into the same ``Device`` as a DescribeVpnConnections dump (``aws.convert``), so every 5xx rule,
the pairing and the negotiation simulator read it unchanged.

The readers fill a ``DeclaredConnection`` with API-named tunnel options (``IkeVersions``,
``Phase1DHGroupNumbers``, ...), the line of each, and the options whose value the code does not
fix (an unresolved variable, a resource attribute known only after apply). ``to_device``:

- an option the code leaves out is the AWS default (aws.convert fills it and names it in
  ``defaults``), exactly as for a live connection that never set it;
- an option the code sets to an unknown value is **unknown**: its model value is emptied (no list,
  ``None``), it is named in ``Tunnel.unknown``, and it is taken out of ``defaults``, so no rule
  judges it and nothing claims "unset, the AWS default applies";
- a tunnel is named by its outside IP when a state or plan holds it, else by how the code names it
  (``tunnel1``, ``VpnTunnelOptionsSpecifications[0]``); ``AwsTunnelOptions.declared_as`` keeps the
  latter for fixes written as code.
"""

from __future__ import annotations

from .._struct import dataclass, field
from typing import Any

from ..aws.convert import convert_document
from ..model import Device, ParseProblem

# API TunnelOptions key -> (name in Tunnel.unknown, name in AwsTunnelOptions.defaults)
_UNKNOWN_NAMES = {
    "IkeVersions": "ike_versions",
    "Phase1EncryptionAlgorithms": "phase1_encryption",
    "Phase1IntegrityAlgorithms": "phase1_integrity",
    "Phase1DHGroupNumbers": "phase1_dh_groups",
    "Phase2EncryptionAlgorithms": "phase2_encryption",
    "Phase2IntegrityAlgorithms": "phase2_integrity",
    "Phase2DHGroupNumbers": "phase2_dh_groups",
    "Phase1LifetimeSeconds": "phase1_lifetime",
    "Phase2LifetimeSeconds": "phase2_lifetime",
    "RekeyMarginTimeSeconds": "rekey_margin_seconds",
    "RekeyFuzzPercentage": "rekey_fuzz_percentage",
    "ReplayWindowSize": "replay_window",
    "DpdTimeoutSeconds": "dpd_timeout_seconds",
    "DpdTimeoutAction": "dpd_timeout_action",
    "StartupAction": "startup_action",
    "LogEnabled": "logging_enabled",
    "BgpLogEnabled": "bgp_logging_enabled",
    "EnableTunnelLifecycleControl": "lifecycle_control",
    "TunnelInsideCidr": "inside_cidr",
    "TunnelInsideIpv6Cidr": "inside_cidr",
    "PreSharedKey": "psk",
}


@dataclass(slots=True)
class DeclaredTunnel:
    declared_as: str  # "tunnel1" / "vpn_connection_tunnel1" / "VpnTunnelOptionsSpecifications[0]"
    line: int
    options: dict[str, Any] = field(default_factory=dict)  # API TunnelOptions shape (LogOptions nested)
    lines: dict[str, int] = field(default_factory=dict)  # API key -> line ("LogEnabled" for the log flag)
    unknown: dict[str, str] = field(default_factory=dict)  # API key -> why it is unknown
    outside_ip: str | None = None  # from a state / plan
    psk_note: str | None = None  # where a literal key comes from ("variable psk default")


@dataclass(slots=True)
class DeclaredConnection:
    id: str  # aws_vpn_connection.main / module.vpn / logical id
    kind: str  # "terraform" | "cloudformation"
    file: str
    line: int
    type: str | None = "ipsec.1"
    static_routes_only: Any = None
    tunnel_inside_ip_version: Any = None
    psk_storage: Any = None  # "Standard" | "SecretsManager" | None (unset) | Unknown
    gateway: tuple[str, str] | None = None  # ("VpnGatewayId" | "TransitGatewayId", id)
    customer_gateway: str | None = None  # the reference / logical id
    customer_gateway_ip: str | None = None
    customer_gateway_asn: int | None = None
    tunnels: list[DeclaredTunnel] = field(default_factory=list)
    unknown: dict[str, str] = field(default_factory=dict)  # connection-level: name -> why
    problems: list[tuple[str, int | None]] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    extra_files: tuple[str, ...] = ()


def set_log_flags(tunnel: DeclaredTunnel, flags: dict[str, Any]) -> None:
    """``LogEnabled`` / ``BgpLogEnabled`` -> a bool, an ``Unknown`` (with ``reason``) or None (unset)."""
    options = {}
    for key, value in flags.items():
        if hasattr(value, "reason"):
            tunnel.unknown[key] = value.reason
        elif isinstance(value, bool):
            options[key] = value
    if options:
        tunnel.options["LogOptions"] = {"CloudWatchLogOptions": options}


def to_device(conn: DeclaredConnection) -> Device:
    """The declared connection as the model's AWS device (vendor "aws")."""
    base: tuple[str | int, ...] = ("VpnConnections", 0)
    lines: dict[tuple[str | int, ...], int] = {base + ("VpnConnectionId",): conn.line}
    options: dict[str, Any] = {"TunnelOptions": []}
    if isinstance(conn.static_routes_only, bool):
        options["StaticRoutesOnly"] = conn.static_routes_only
    if isinstance(conn.tunnel_inside_ip_version, str):
        options["TunnelInsideIpVersion"] = conn.tunnel_inside_ip_version
    for j, tunnel in enumerate(conn.tunnels):
        opt = dict(tunnel.options)
        opt["OutsideIpAddress"] = tunnel.outside_ip or tunnel.declared_as
        path = base + ("Options", "TunnelOptions", j)
        lines[path + ("OutsideIpAddress",)] = tunnel.line
        for key, number in tunnel.lines.items():
            lines[path + (key,)] = number
        options["TunnelOptions"].append(opt)
    doc: dict[str, Any] = {"VpnConnectionId": conn.id, "Type": conn.type, "Options": options}
    if conn.gateway:
        doc[conn.gateway[0]] = conn.gateway[1]
    if conn.customer_gateway:
        doc["CustomerGatewayId"] = conn.customer_gateway
    if conn.psk_storage == "SecretsManager":
        doc["PreSharedKeyArn"] = "declared: PreSharedKeyStorage SecretsManager"
    cgws = []
    if conn.customer_gateway:
        cgws.append({"CustomerGatewayId": conn.customer_gateway, "IpAddress": conn.customer_gateway_ip,
                     "BgpAsn": conn.customer_gateway_asn})
    devices = convert_document({"VpnConnections": [doc]}, source=conn.file, lines=lines, customer_gateways=cgws)
    device = devices[0]
    tunnels = []
    for declared, tunnel in zip(conn.tunnels, device.tunnels):
        tunnels.append(_mark(tunnel, declared, conn))
    problems = tuple(device.problems) + tuple(ParseProblem(message=m, line=n) for m, n in conn.problems)
    extra = dict(device.extra)
    extra.update(conn.notes)
    extra["declared-in"] = conn.kind
    for declared in conn.tunnels:
        if declared.psk_note and "PreSharedKey" in declared.options:
            extra[f"psk-in-code:{declared.declared_as}"] = declared.psk_note
    for name, why in sorted(conn.unknown.items()):
        extra[f"unknown:{name}"] = why
    connection = device.connection.model_copy(update={  # type: ignore[union-attr]
        "declared_in": conn.kind, "telemetry": tuple(t.aws for t in tunnels if t.aws is not None),
        "state": None})
    return device.model_copy(update={
        "tunnels": tuple(tunnels), "problems": problems, "extra": extra, "connection": connection,
        "files": (conn.file, *[f for f in conn.extra_files if f != conn.file]),
    })


def _mark(tunnel, declared: DeclaredTunnel, conn: DeclaredConnection):
    """Apply what the code leaves unknown, and name the tunnel as the code does."""
    aws = tunnel.aws
    ike = tunnel.ike
    ipsec = tunnel.ipsec
    unknown = {_UNKNOWN_NAMES[k] for k in declared.unknown if k in _UNKNOWN_NAMES}
    if "psk_storage" in conn.unknown:
        unknown.add("psk_storage")
    aws_update: dict[str, Any] = {"declared_as": declared.declared_as}
    scalar = {"rekey_margin_seconds": "rekey_margin_seconds", "rekey_fuzz_percentage": "rekey_fuzz_percentage",
              "replay_window": "replay_window", "dpd_timeout_seconds": "dpd_timeout_seconds",
              "dpd_timeout_action": "dpd_timeout_action", "startup_action": "startup_action",
              "logging_enabled": "logging_enabled", "bgp_logging_enabled": "bgp_logging_enabled",
              "lifecycle_control": "lifecycle_control"}
    for name, attr in scalar.items():
        if name in unknown:
            aws_update[attr] = None
    if "psk_storage" in unknown:
        aws_update["psk_in_secrets_manager"] = None
    aws_update["defaults"] = tuple(d for d in aws.defaults if d not in unknown)
    aws = aws.model_copy(update=aws_update)

    ike_update: dict[str, Any] = {}
    proposal = ike.proposals[0]
    p_update: dict[str, Any] = {}
    if "ike_versions" in unknown:
        ike_update["versions"] = ()
        ike_update["mode"] = None
        p_update["versions"] = ()
    for name, attr in (("phase1_encryption", "encryption"), ("phase1_integrity", "integrity"),
                       ("phase1_dh_groups", "dh_groups")):
        if name in unknown:
            p_update[attr] = ()
    if "phase1_lifetime" in unknown:
        ike_update["lifetime_seconds"] = None
        p_update["lifetime_seconds"] = None
    p_gone = {"encryption": "phase1_encryption", "integrity": "phase1_integrity", "dh_groups": "phase1_dh_groups",
              "lifetime_seconds": "phase1_lifetime"}
    p_update["defaults"] = tuple(d for d in proposal.defaults if p_gone.get(d) not in unknown)
    dpd = ike.dpd
    if dpd is not None and ({"dpd_timeout_seconds", "dpd_timeout_action"} & unknown):
        dpd = dpd.model_copy(update={
            "timeout_seconds": None if "dpd_timeout_seconds" in unknown else dpd.timeout_seconds,
            "action": None if "dpd_timeout_action" in unknown else dpd.action,
            "defaults": tuple(d for d in dpd.defaults if not (
                (d == "timeout_seconds" and "dpd_timeout_seconds" in unknown)
                or (d == "action" and "dpd_timeout_action" in unknown)))})
    ike_update["dpd"] = dpd
    if "psk" in unknown:
        ike_update["psk"] = None
    ike_update["proposals"] = (proposal.model_copy(update=p_update),)
    ike_update["defaults"] = tuple(d for d in ike.defaults if not (
        (d in ("versions", "mode") and "ike_versions" in unknown) or (d == "lifetime_seconds" and "phase1_lifetime" in unknown)))
    ike = ike.model_copy(update=ike_update)

    ip_proposal = ipsec.proposals[0]
    ip_p_update: dict[str, Any] = {}
    for name, attr in (("phase2_encryption", "encryption"), ("phase2_integrity", "integrity"),
                       ("phase2_dh_groups", "dh_groups")):
        if name in unknown:
            ip_p_update[attr] = ()
    gone = {"encryption": "phase2_encryption", "integrity": "phase2_integrity", "dh_groups": "phase2_dh_groups"}
    ip_p_update["defaults"] = tuple(d for d in ip_proposal.defaults if gone.get(d) not in unknown)
    ipsec_update: dict[str, Any] = {"proposals": (ip_proposal.model_copy(update=ip_p_update),)}
    if "phase2_dh_groups" in unknown:
        ipsec_update["pfs_groups"] = ()
    if "phase2_lifetime" in unknown:
        ipsec_update["lifetime_seconds"] = None
    if "replay_window" in unknown:
        ipsec_update["replay_window"] = None
    ipsec_gone = {"pfs_groups": "phase2_dh_groups", "lifetime_seconds": "phase2_lifetime", "replay_window": "replay_window"}
    ipsec_update["defaults"] = tuple(d for d in ipsec.defaults if ipsec_gone.get(d) not in unknown)
    ipsec = ipsec.model_copy(update=ipsec_update)

    setting_lines = {}
    for key, number in declared.lines.items():
        name = _UNKNOWN_NAMES.get(key)
        if name and number and name not in setting_lines:
            setting_lines[name] = number
    update: dict[str, Any] = {"aws": aws, "ike": ike, "ipsec": ipsec, "unknown": tuple(sorted(unknown)),
                              "lines": tuple(sorted(setting_lines.items())),
                              "name": declared.outside_ip or declared.declared_as,
                              "peer_address": declared.outside_ip}
    if "inside_cidr" in unknown:
        update["inside"] = None
        if tunnel.bgp is not None:
            update["bgp"] = tunnel.bgp.model_copy(update={"neighbor": declared.outside_ip or declared.declared_as})
    return tunnel.model_copy(update=update)
