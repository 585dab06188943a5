"""Shared by the 5xx rules: the fix for one AWS tunnel, written for where the tunnel comes from.

A live or dumped connection gets the ``aws ec2 modify-vpn-tunnel-options`` command; a connection
declared in code gets the code to write: the ``aws_vpn_connection`` arguments (``tunnel1_...``)
for Terraform, the ``VpnTunnelOptionsSpecifications`` item properties for CloudFormation. One
tunnel per fix: a tunnel-option change replaces that tunnel's endpoint.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import Device, Tunnel

# ModifyVpnTunnelOptions request key -> Terraform argument suffix (after ``tunnelN_``)
_TF_NAMES = {
    "IKEVersions": "ike_versions",
    "Phase1EncryptionAlgorithms": "phase1_encryption_algorithms",
    "Phase1IntegrityAlgorithms": "phase1_integrity_algorithms",
    "Phase1DHGroupNumbers": "phase1_dh_group_numbers",
    "Phase2EncryptionAlgorithms": "phase2_encryption_algorithms",
    "Phase2IntegrityAlgorithms": "phase2_integrity_algorithms",
    "Phase2DHGroupNumbers": "phase2_dh_group_numbers",
    "Phase1LifetimeSeconds": "phase1_lifetime_seconds",
    "Phase2LifetimeSeconds": "phase2_lifetime_seconds",
    "RekeyMarginTimeSeconds": "rekey_margin_time_seconds",
    "DPDTimeoutAction": "dpd_timeout_action",
    "DPDTimeoutSeconds": "dpd_timeout_seconds",
    "StartupAction": "startup_action",
    "EnableTunnelLifecycleControl": "enable_tunnel_lifecycle_control",
    "TunnelInsideCidr": "inside_cidr",
}


def declared(device: Device) -> str | None:
    """"terraform" / "cloudformation" for a connection declared in code, else None."""
    return device.connection.declared_in if device.connection is not None else None


def setting_line(tunnel: Tunnel, name: str) -> int | None:
    """The line of a tunnel option in code (``Tunnel.lines``), else the tunnel's line."""
    return tunnel.line_of(name) or tunnel.line


def _hcl(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_hcl(v.get("Value") if isinstance(v, dict) and "Value" in v else v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value))


def _yaml(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return text if re.fullmatch(r"[A-Za-z0-9._/-]+", text) else json.dumps(text)


def tunnel_fix(device: Device, tunnel: Tunnel, request: dict[str, Any], cli: str) -> str:
    """The fix for ``tunnel``: ``request`` holds ModifyVpnTunnelOptions keys (``LogOptions`` nested
    as ``{"CloudWatchLogOptions": {...}}``, ``PreSharedKeyStorage`` for the connection)."""
    kind = declared(device)
    if kind is None:
        return cli
    prefix = (tunnel.aws.declared_as if tunnel.aws is not None else None) or tunnel.name
    if kind == "terraform":
        module = (device.hostname or "").startswith("module.")
        lines = []
        for key, value in request.items():
            if key == "PreSharedKeyStorage":
                lines.append(f'preshared_key_storage = {_hcl(value)}')
            elif key == "LogOptions":
                cw = value.get("CloudWatchLogOptions", {})
                body = "".join(f"\n    {_snake(k)} = {_hcl(v)}" for k, v in cw.items())
                if module:
                    lines.append(f"{prefix}_log_options = {{\n  cloudwatch_log_options = {{{body}\n  }}\n}}")
                else:
                    lines.append(f"{prefix}_log_options {{\n  cloudwatch_log_options {{{body}\n  }}\n}}")
            elif key in _TF_NAMES:
                lines.append(f"{prefix}_{_TF_NAMES[key]} = {_hcl(value)}")
        where = device.hostname or "the aws_vpn_connection"
        return f"in {where}: " + "; ".join(lines)
    parts = []
    top = []
    for key, value in request.items():
        if key == "PreSharedKeyStorage":
            top.append(f"PreSharedKeyStorage: {_yaml(value)}")
        elif key == "LogOptions":
            cw = value.get("CloudWatchLogOptions", {})
            parts.append(f"LogOptions: {{CloudwatchLogOptions: {_yaml(cw)}}}")
        else:
            parts.append(f"{key}: {_yaml(value)}")
    out = []
    if top:
        out.append(f"in {device.hostname} Properties: " + "; ".join(top))
    if parts:
        out.append(f"in {device.hostname} {prefix}: " + "; ".join(parts))
    return "; ".join(out)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z])([A-Z])", r"_\1", name).lower()
