"""Read AWS Site-to-Site VPN connections from live accounts (the only module that imports boto3).

``collect()`` walks (account, region) pairs with a bounded thread pool and makes read-only calls
only (Describe* / Get* / List* / sts AssumeRole + GetCallerIdentity):

- ``ec2:DescribeRegions`` (when no region is given: every enabled region),
- ``ec2:DescribeVpnConnections`` (state != deleted; the API has no paginator),
- ``ec2:DescribeCustomerGateways`` / ``ec2:DescribeVpnGateways`` (ASNs, gateway IP),
- per tunnel ``ec2:GetActiveVpnTunnelStatus`` and ``ec2:GetVpnTunnelReplacementStatus`` when the
  installed botocore knows them,
- ``organizations:ListAccounts`` for ``--accounts-from-organizations``.

A failed call is a ``FetchError`` (the CLI exits 2): never an empty, clean-looking result. Only a
region that does not offer an optional per-tunnel operation (UnsupportedOperation / InvalidAction)
becomes a note. ``load_dumps()`` reads saved JSON instead (``--from-json``). boto3 is imported
lazily, inside the functions that need it, so the lint path never pays for it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from .._struct import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..model import Device, ParseProblem
from ..parsers._base import ParseError
from .convert import convert_document, is_saved_dump, load_json

__all__ = ["FetchError", "FetchResult", "collect", "load_dumps", "save_raw", "READ_ONLY_PREFIXES"]

READ_ONLY_PREFIXES = ("Describe", "Get", "List", "AssumeRole")
DUMP_FORMAT = "vpnaudit-aws-dump/1"
# Errors that mean "this region does not offer the operation", not "the connection failed".
_UNSUPPORTED = {"UnsupportedOperation", "InvalidAction", "UnsupportedOperationException", "InvalidRequest"}
_OPTIONAL_OPS = ("GetActiveVpnTunnelStatus", "GetVpnTunnelReplacementStatus")
_REGION_RE = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$")


@dataclass(frozen=True, slots=True)
class FetchError:
    """A call that failed: the audit is incomplete for this account / region."""

    account: str | None
    region: str | None
    operation: str
    message: str

    def __str__(self) -> str:
        where = "/".join(p for p in (self.account, self.region) if p) or "aws"
        return f"{where}: {self.operation} failed: {self.message}"


@dataclass(slots=True)
class FetchResult:
    devices: list[Device] = field(default_factory=list)
    errors: list[FetchError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)  # what --save-json writes (PSKs included!)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> str:
        return json.dumps(self.raw, indent=2, sort_keys=False, default=_json_default)


def _json_default(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def save_raw(result: FetchResult, path: str | os.PathLike[str], overwrite: bool = False) -> None:
    """Write ``result.raw`` readable by its owner only: it holds the pre-shared keys.

    The file is created with mode 0600 and ``O_EXCL`` (an existing file is an error), or with
    ``overwrite`` truncated in place; a symlink is never followed (``O_NOFOLLOW``), so a link
    planted at the path cannot redirect the keys elsewhere.
    """
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | (os.O_TRUNC if overwrite else os.O_EXCL)
    if overwrite and os.path.islink(path):  # O_NOFOLLOW is not everywhere: check as well
        raise OSError(errno.ELOOP, "is a symbolic link; not followed", os.fspath(path))
    fd = os.open(os.fspath(path), flags, 0o600)
    if hasattr(os, "fchmod"):  # the mode above applies to a new file only: tighten an existing one too
        os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(result.to_json())
        out.write("\n")


def save_error(exc: OSError) -> str:
    """Why ``save_raw`` failed, in words."""
    if isinstance(exc, FileExistsError):
        return "the file exists (use --overwrite to replace it)"
    if exc.errno == errno.ELOOP:
        return "is a symbolic link; not followed"
    return exc.strerror or str(exc)


def _strip_metadata(response: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def _error_code(exc: BaseException) -> str | None:
    response = getattr(exc, "response", None)
    if isinstance(response, Mapping):
        return (response.get("Error") or {}).get("Code")
    return None


def _message(exc: BaseException) -> str:
    """The SDK's message (it never echoes request parameters, so no key can leak)."""
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 500 else text[:497] + "..."


def _partition(region: str | None) -> str:
    if region and region.startswith("cn-"):
        return "aws-cn"
    if region and region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


@dataclass(slots=True)
class _Account:
    id: str | None
    session: Any  # boto3.session.Session
    label: str  # for messages


def collect(
    regions: list[str] | None = None,
    profile: str | None = None,
    role_arn: str | None = None,
    assume_role: str | None = None,
    accounts: list[str] | None = None,
    from_organizations: bool = False,
    vpn_ids: list[str] | None = None,
    max_workers: int = 32,
    progress: Callable[[str], None] | None = None,
    session_factory: Callable[..., Any] | None = None,
    policy: Any = None,
) -> FetchResult:
    """Read every VPN connection of the selected accounts and regions.

    Accounts: the default credential chain (or ``profile``); or ``role_arn`` (one role); or
    ``assume_role`` (a role name) in each of ``accounts`` / every ACTIVE account of the
    organization (``from_organizations``). ``session_factory(**kwargs)`` builds sessions (default
    ``boto3.session.Session``); tests pass one that returns stubbed clients.
    Raises ValueError for contradictory arguments (the CLI turns that into a usage error).
    """
    if role_arn and (assume_role or accounts or from_organizations):
        raise ValueError("--role-arn cannot be combined with --assume-role / --accounts / --accounts-from-organizations")
    if (accounts or from_organizations) and not assume_role:
        raise ValueError("--accounts and --accounts-from-organizations need --assume-role ROLE_NAME")
    if assume_role and not (accounts or from_organizations):
        raise ValueError("--assume-role needs --accounts ID,... or --accounts-from-organizations")
    if max_workers < 1:
        raise ValueError("max_workers must be at least 1")

    from botocore.config import Config

    if session_factory is None:
        import boto3

        session_factory = boto3.session.Session
    config = Config(retries={"mode": "adaptive", "max_attempts": 10}, user_agent_extra="vpnaudit")
    result = FetchResult()
    lock = threading.Lock()

    def say(text: str) -> None:
        if progress is not None:
            progress(text)

    def fail(account: str | None, region: str | None, operation: str, exc: BaseException) -> None:
        with lock:
            result.errors.append(FetchError(account, region, operation, _message(exc)))

    base = session_factory(profile_name=profile) if profile else session_factory()
    home_region = getattr(base, "region_name", None) or (regions[0] if regions else None) or "us-east-1"

    # --- who am I (account id and partition for role ARNs)
    caller_account: str | None = None
    partition = _partition(home_region)
    try:
        identity = base.client("sts", region_name=home_region, config=config).get_caller_identity()
        caller_account = identity.get("Account")
        arn = identity.get("Arn") or ""
        if arn.startswith("arn:"):
            partition = arn.split(":")[1]
    except Exception as exc:  # noqa: BLE001 - every SDK failure is reported, none is swallowed
        fail(None, home_region, "sts:GetCallerIdentity", exc)
        if not (role_arn or assume_role):
            result.counts = {"accounts": 0, "regions": 0, "connections": 0, "tunnels": 0}
            return result  # no usable credentials: nothing else can work

    # --- the accounts to audit
    targets: list[tuple[str | None, str | None]] = []  # (account id, role arn or None for base)
    if role_arn:
        match = re.match(r"^arn:[^:]+:iam::(\d{12}):role/", role_arn)
        targets.append((match.group(1) if match else None, role_arn))
    elif assume_role:
        ids = list(dict.fromkeys(accounts or []))
        if from_organizations:
            say("listing organization accounts")
            try:
                org = base.client("organizations", region_name=home_region, config=config)
                for page in org.get_paginator("list_accounts").paginate():
                    for acct in page.get("Accounts", []):
                        state = acct.get("State") or acct.get("Status")
                        if state == "ACTIVE" and acct.get("Id") not in ids:
                            ids.append(acct["Id"])
            except Exception as exc:  # noqa: BLE001
                fail(caller_account, None, "organizations:ListAccounts", exc)
        for acct in ids:
            if acct == caller_account:
                targets.append((acct, None))  # the management account itself: its own credentials
            else:
                targets.append((acct, f"arn:{partition}:iam::{acct}:role/{assume_role}"))
    else:
        targets.append((caller_account, None))

    def open_account(target: tuple[str | None, str | None]) -> _Account | None:
        acct, arn = target
        if arn is None:
            return _Account(acct, base, acct or "default")
        say(f"assuming {arn}")
        try:
            sts = base.client("sts", region_name=home_region, config=config)
            creds = sts.assume_role(RoleArn=arn, RoleSessionName="vpnaudit")["Credentials"]
        except Exception as exc:  # noqa: BLE001
            fail(acct, None, "sts:AssumeRole", exc)
            return None
        session = session_factory(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name=home_region,
        )
        return _Account(acct, session, acct or arn)

    def account_regions(account: _Account) -> list[str]:
        if regions:
            return list(dict.fromkeys(regions))
        try:
            ec2 = account.session.client("ec2", region_name=home_region, config=config)
            answer = ec2.describe_regions(
                Filters=[{"Name": "opt-in-status", "Values": ["opt-in-not-required", "opted-in"]}])
        except Exception as exc:  # noqa: BLE001
            fail(account.id, home_region, "ec2:DescribeRegions", exc)
            return []
        return sorted(r["RegionName"] for r in answer.get("Regions", [])
                      if r.get("OptInStatus", "opt-in-not-required") in ("opt-in-not-required", "opted-in"))

    workers = max(1, max_workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        opened = [a for a in pool.map(open_account, targets) if a is not None]
        region_lists = list(pool.map(account_regions, opened))
    pairs = [(account, region) for account, rs in zip(opened, region_lists) for region in rs]

    def one(pair: tuple[_Account, str]) -> dict[str, Any]:
        account, region = pair
        say(f"reading {account.label} {region}")
        return _read_region(account, region, vpn_ids, config, fail, result, lock)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        dumps = list(pool.map(one, pairs))

    result.raw = {"Format": DUMP_FORMAT, "Dumps": dumps}
    for dump in dumps:
        result.devices += convert_document(dump, policy=policy)
    result.counts = {
        "accounts": len(opened),
        "regions": len(pairs),
        "connections": len(result.devices),
        "tunnels": sum(len(d.tunnels) for d in result.devices),
    }
    return result


def _read_region(
    account: _Account, region: str, vpn_ids: list[str] | None, config: Any,
    fail: Callable[[str | None, str | None, str, BaseException], None], result: FetchResult, lock: threading.Lock,
) -> dict[str, Any]:
    dump: dict[str, Any] = {"Account": account.id, "Region": region, "VpnConnections": []}
    try:
        ec2 = account.session.client("ec2", region_name=region, config=config)
    except Exception as exc:  # noqa: BLE001
        fail(account.id, region, "ec2 client", exc)
        return dump
    filters = [{"Name": "state", "Values": ["pending", "available", "deleting"]}]
    if vpn_ids:
        # A filter, not VpnConnectionIds: an id from another region must not fail this region.
        filters.append({"Name": "vpn-connection-id", "Values": list(vpn_ids)})
    try:
        connections = ec2.describe_vpn_connections(Filters=filters).get("VpnConnections", [])
    except Exception as exc:  # noqa: BLE001
        fail(account.id, region, "ec2:DescribeVpnConnections", exc)
        dump["Error"] = "DescribeVpnConnections failed"
        return dump
    connections = [c for c in connections if c.get("State") != "deleted"]
    dump["VpnConnections"] = connections
    if not connections:
        return dump

    cgw_ids = sorted({c["CustomerGatewayId"] for c in connections if c.get("CustomerGatewayId")})
    if cgw_ids:
        try:
            answer = ec2.describe_customer_gateways(Filters=[{"Name": "customer-gateway-id", "Values": cgw_ids}])
            dump["CustomerGateways"] = answer.get("CustomerGateways", [])
        except Exception as exc:  # noqa: BLE001
            fail(account.id, region, "ec2:DescribeCustomerGateways", exc)
    vgw_ids = sorted({c["VpnGatewayId"] for c in connections if c.get("VpnGatewayId")})
    if vgw_ids:
        try:
            answer = ec2.describe_vpn_gateways(Filters=[{"Name": "vpn-gateway-id", "Values": vgw_ids}])
            dump["VpnGateways"] = answer.get("VpnGateways", [])
        except Exception as exc:  # noqa: BLE001
            fail(account.id, region, "ec2:DescribeVpnGateways", exc)

    known = set(ec2.meta.service_model.operation_names)
    notes: dict[str, str] = {}
    statuses: list[dict[str, Any]] = []
    replacements: list[dict[str, Any]] = []
    for op in _OPTIONAL_OPS:
        if op not in known:
            notes[op] = "not in the installed botocore; upgrade boto3 to read it"
    for conn in connections:
        vpn_id = conn.get("VpnConnectionId")
        options = conn.get("Options") or {}
        ips = [t.get("OutsideIpAddress") for t in options.get("TunnelOptions") or []] or [
            t.get("OutsideIpAddress") for t in conn.get("VgwTelemetry") or []]
        for ip in [i for i in ips if i]:
            for op, method, sink in (
                ("GetActiveVpnTunnelStatus", "get_active_vpn_tunnel_status", statuses),
                ("GetVpnTunnelReplacementStatus", "get_vpn_tunnel_replacement_status", replacements),
            ):
                if op not in known or op in notes:
                    continue
                try:
                    answer = getattr(ec2, method)(VpnConnectionId=vpn_id, VpnTunnelOutsideIpAddress=ip)
                except Exception as exc:  # noqa: BLE001
                    if _error_code(exc) in _UNSUPPORTED:
                        notes[op] = f"not available in {region} ({_error_code(exc)})"
                        continue
                    fail(account.id, region, f"ec2:{op} {vpn_id} {ip}", exc)
                    continue
                body = _strip_metadata(answer)
                if op == "GetActiveVpnTunnelStatus":
                    sink.append({"VpnConnectionId": vpn_id, "VpnTunnelOutsideIpAddress": ip,
                                 "ActiveVpnTunnelStatus": body.get("ActiveVpnTunnelStatus", {})})
                else:
                    body.setdefault("VpnConnectionId", vpn_id)
                    body.setdefault("VpnTunnelOutsideIpAddress", ip)
                    sink.append(body)
    if statuses:
        dump["ActiveVpnTunnelStatuses"] = statuses
    if replacements:
        dump["VpnTunnelReplacementStatuses"] = replacements
    if notes:
        dump["Notes"] = notes
        with lock:
            result.notes += [f"{account.id or 'default'}/{region}: {op} {why}" for op, why in notes.items()]
    return dump


# ---------------------------------------------------------------------------------------------
# Saved dumps (--from-json)


def _region_from_path(path: Path) -> str | None:
    for part in reversed(path.parts[:-1]):
        if _REGION_RE.match(part):
            return part
    return None


def load_dumps(paths: Iterable[str | os.PathLike[str]], policy: Any = None) -> list[Device]:
    """Devices from saved JSON: ``describe-vpn-connections`` output, vpnaudit ``--save-json`` dumps,
    and ``describe-customer-gateways`` / ``describe-vpn-gateways`` output lying in the same
    directory (they add the customer gateway IP / ASN and the Amazon-side ASN).

    A directory means every ``*.json`` in it. An unreadable file becomes a Device with a problem
    (VPN000), never a silent skip.
    """
    from ..limits import MAX_INPUT_BYTES, read_text

    # directory -> (files to convert, every *.json of the directory for gateway dumps)
    groups: dict[Path, list[Path]] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            groups.setdefault(path, []).extend(sorted(p for p in path.glob("*.json") if p.is_file()))
        else:
            groups.setdefault(path.parent, []).append(path)

    devices: list[Device] = []
    for folder, wanted in groups.items():
        docs: list[tuple[Path, str, Any]] = []
        cgws: list[Mapping[str, Any]] = []
        vgws: list[Mapping[str, Any]] = []
        siblings = sorted(p for p in folder.glob("*.json") if p.is_file() and p not in wanted) if folder.is_dir() else []
        for path in list(dict.fromkeys(wanted)) + siblings:
            named = path in wanted
            try:
                text = read_text(path, MAX_INPUT_BYTES, "AWS dump")
                doc = load_json(text, str(path))
            except (OSError, UnicodeDecodeError) as exc:
                if named:
                    reason = getattr(exc, "strerror", None) or type(exc).__name__
                    devices.append(_problem_device(path, f"{path}: cannot read: {reason}"))
                continue
            except ParseError as exc:
                if named:
                    devices.append(_problem_device(path, exc.message, exc.line))
                continue
            if isinstance(doc, list):
                doc = {"VpnConnections": doc}
            if not isinstance(doc, Mapping):
                if named:
                    devices.append(_problem_device(path, f"{path}: not a DescribeVpnConnections document"))
                continue
            cgws += [g for g in doc.get("CustomerGateways") or [] if isinstance(g, Mapping)]
            vgws += [g for g in doc.get("VpnGateways") or [] if isinstance(g, Mapping)]
            if named and (is_saved_dump(doc) or "VpnConnections" in doc or doc.get("VpnConnectionId")):
                docs.append((path, text, doc))
        for path, text, doc in docs:
            devices += convert_document(doc, source=str(path), text=text, policy=policy,
                                        customer_gateways=cgws, vpn_gateways=vgws,
                                        region=_region_from_path(path))
    return devices


def _problem_device(path: Path, message: str, line: int | None = None) -> Device:
    return Device(source=str(path), vendor="aws", files=(str(path),),
                  problems=(ParseProblem(message=message, line=line),))
