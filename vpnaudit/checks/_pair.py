"""Shared by the 6xx rules: where a pair finding points, and how tunnels are named in messages."""

from __future__ import annotations

from ..findings import Violation
from ..model import Tunnel


def at_device(pair, tunnel: Tunnel, message: str, target: str, **extra) -> Violation:
    """A finding on the device tunnel (the config line a network engineer edits)."""
    return Violation(
        message=message,
        line=tunnel.line,
        file=tunnel.file,
        target=f"{target}:{pair.connection_id}:{tunnel.peer_address or tunnel.name}",
        tunnel=tunnel.name,
        **extra,
    )


def at_aws(pair, tunnel: Tunnel, message: str, target: str, **extra) -> Violation:
    """A finding on the AWS tunnel, in the AWS dump (or the live connection)."""
    return Violation(
        message=message,
        line=tunnel.line,
        file=tunnel.file or pair.aws.source,
        target=f"{target}:{pair.connection_id}:{tunnel.name}",
        tunnel=tunnel.name,
        **extra,
    )


def label(pair, device_tunnel: Tunnel, aws_tunnel: Tunnel) -> str:
    return f"{device_tunnel.name} -> AWS {pair.connection_id} tunnel {aws_tunnel.name}"
