"""Terraform: AWS Site-to-Site VPN connections declared in HCL (``.tf``, ``.tfvars``), in
Terraform's JSON syntax (``.tf.json``) and in ``terraform show -json`` output (plan and state).

What is read (AWS provider, resource ``aws_vpn_connection``,
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpn_connection):
``tunnel1_*`` / ``tunnel2_*`` arguments (``ike_versions``, ``phase1|2_encryption_algorithms``,
``phase1|2_integrity_algorithms``, ``phase1|2_dh_group_numbers``, ``phase1|2_lifetime_seconds``,
``rekey_margin_time_seconds``, ``rekey_fuzz_percentage``, ``replay_window_size``,
``dpd_timeout_seconds``, ``dpd_timeout_action``, ``startup_action``,
``enable_tunnel_lifecycle_control``, ``inside_cidr``, ``inside_ipv6_cidr``, ``preshared_key``, the
``log_options { cloudwatch_log_options { log_enabled, bgp_log_enabled } }`` block), and
``type``, ``static_routes_only``, ``tunnel_inside_ip_version``, ``preshared_key_storage``,
``tunnel_bandwidth``, ``customer_gateway_id``, ``vpn_gateway_id`` / ``transit_gateway_id``;
``aws_customer_gateway`` (``ip_address``, ``bgp_asn``); module calls of
``terraform-aws-modules/vpn-gateway/aws`` (same argument names, ``vpn_connection_static_routes_only``,
log options as an object) and of ``cloudposse/vpn-connection/aws`` (``vpn_connection_tunnel1_*``,
``customer_gateway_ip_address``, ``customer_gateway_bgp_asn``).

The files of one folder are one Terraform module: ``var.*`` resolves to a ``variable`` default or a
``.tfvars`` value, ``local.*`` to the folder's ``locals``. An argument left out, or ``null``, is the
AWS default (the provider sends nothing); an expression that cannot be resolved from these files
is unknown, and no rule judges it.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Sequence
from typing import Any

from ..aws.convert import json_key_lines, json_list
from ..model import Device, ParseProblem
from . import _detect
from ._base import ParseError, SourceFile
from ._hcl import Attr, Block, HclError, Ref, Scope, Unknown, parse_body
from ._iac import DeclaredConnection, DeclaredTunnel, set_log_flags, to_device

VENDOR = "aws"
MULTI_FILE = True  # the files of one folder form one Terraform module

# HCL argument (after tunnelN_) -> (API TunnelOptions key, kind)
TUNNEL_ARGUMENTS: dict[str, tuple[str, str]] = {
    "ike_versions": ("IkeVersions", "list"),
    "phase1_encryption_algorithms": ("Phase1EncryptionAlgorithms", "list"),
    "phase1_integrity_algorithms": ("Phase1IntegrityAlgorithms", "list"),
    "phase1_dh_group_numbers": ("Phase1DHGroupNumbers", "list"),
    "phase2_encryption_algorithms": ("Phase2EncryptionAlgorithms", "list"),
    "phase2_integrity_algorithms": ("Phase2IntegrityAlgorithms", "list"),
    "phase2_dh_group_numbers": ("Phase2DHGroupNumbers", "list"),
    "phase1_lifetime_seconds": ("Phase1LifetimeSeconds", "int"),
    "phase2_lifetime_seconds": ("Phase2LifetimeSeconds", "int"),
    "rekey_margin_time_seconds": ("RekeyMarginTimeSeconds", "int"),
    "rekey_fuzz_percentage": ("RekeyFuzzPercentage", "int"),
    "replay_window_size": ("ReplayWindowSize", "int"),
    "dpd_timeout_seconds": ("DpdTimeoutSeconds", "int"),
    "dpd_timeout_action": ("DpdTimeoutAction", "str"),
    "startup_action": ("StartupAction", "str"),
    "enable_tunnel_lifecycle_control": ("EnableTunnelLifecycleControl", "bool"),
    "inside_cidr": ("TunnelInsideCidr", "str"),
    "inside_ipv6_cidr": ("TunnelInsideIpv6Cidr", "str"),
    "preshared_key": ("PreSharedKey", "str"),
}

_UNSET = object()


def detect(text: str, path: str) -> int:
    return _detect.detect("terraform", text, path)


# ---------------------------------------------------------------------------------------------
# Values


MAX_LIST_VALUES = 64  # distinct values kept of a tunnel option list (AWS accepts far fewer)

Memo = dict[tuple[int, str], tuple[Any, Any]]  # (id(value), kind) -> (value kept alive, normalised)


def _norm(value: Any, kind: str, memo: Memo | None = None) -> Any:
    """A resolved value in the API's shape, ``_UNSET`` (AWS default), or ``Unknown``.

    With ``memo``, a list (a variable, local or parameter referenced by many connections is the
    same object each time) is normalised once; each reference then costs at most
    ``MAX_LIST_VALUES`` items, not the list's length."""
    if memo is not None and kind == "list" and isinstance(value, list):
        known = memo.get((id(value), kind))
        if known is not None and known[0] is value:
            got = known[1]
        else:
            got = _norm(value, kind)
            memo[(id(value), kind)] = (value, got)
        return list(got) if isinstance(got, list) else got
    if value is None or value == "" or value == []:
        return _UNSET
    if isinstance(value, Unknown):
        return value
    if isinstance(value, Ref):
        return Unknown(f"{value.path} is known only after apply")
    if kind == "list":
        if isinstance(value, str):  # a module passing one value
            value = [value]
        if not isinstance(value, list):
            return Unknown("not a list")
        for item in value:
            if isinstance(item, (Unknown, Ref)) or item is None:
                return Unknown(item.reason if isinstance(item, Unknown) else "list element known only after apply")
        # Repeats dropped (the converter keeps the first of each value anyway) and at most
        # MAX_LIST_VALUES distinct values kept; keyed by type too (True == 1, "1" != 1 converted).
        kept: dict[Any, Any] = {}
        out = []
        for v in value:
            v = int(v) if isinstance(v, str) and v.isdigit() else v
            try:
                key = (type(v), v)
                if key in kept:
                    continue
                kept[key] = None
            except TypeError:  # an unhashable element: kept, the converter judges it
                pass
            out.append(v)
            if len(out) >= MAX_LIST_VALUES:
                break
        return out
    if kind == "int":
        if isinstance(value, bool):
            return Unknown("not a number")
        if isinstance(value, float) and not math.isfinite(value):
            return Unknown("not a number")
        if isinstance(value, (int, float)):
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        return Unknown("not a number")
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return Unknown("not a boolean")
    if isinstance(value, (dict, list)):
        return Unknown("not a string")
    return value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


Getter = Callable[[str], tuple[Any, int | None]]  # name -> (value or _UNSET, line)


def _tunnel(get: Getter, prefix: str, line: int, literal_source: Callable[[str], str | None] | None,
            memo: Memo | None = None) -> DeclaredTunnel:
    """One tunnel's options from ``<prefix>_<argument>`` values."""
    tunnel = DeclaredTunnel(declared_as=prefix, line=line)
    first_line = None
    for suffix, (key, kind) in TUNNEL_ARGUMENTS.items():
        raw, where = get(f"{prefix}_{suffix}")
        if raw is _UNSET:
            continue
        value = _norm(raw, kind, memo)
        if where:
            tunnel.lines[key] = where
            first_line = min(first_line or where, where)
        if value is _UNSET:
            continue
        if isinstance(value, Unknown):
            tunnel.unknown[key] = value.reason
            continue
        tunnel.options[key] = value
        if key == "PreSharedKey" and literal_source is not None:
            tunnel.psk_note = literal_source(f"{prefix}_{suffix}")
    raw, where = get(f"{prefix}_log_options")
    if raw is not _UNSET:
        if where:
            tunnel.lines["LogEnabled"] = where
        raw = _first(raw)
        cw = _first(raw.get("cloudwatch_log_options")) if isinstance(raw, dict) else raw
        if isinstance(raw, dict) and cw is None:
            pass  # log_options {} without cloudwatch_log_options: logging stays at the AWS default
        elif not isinstance(cw, dict):
            reason = cw.reason if isinstance(cw, Unknown) else "log options known only after apply"
            tunnel.unknown["LogEnabled"] = reason
            tunnel.unknown["BgpLogEnabled"] = reason
        else:
            set_log_flags(tunnel, {key: _norm(cw.get(name), "bool") for name, key in (
                ("log_enabled", "LogEnabled"), ("bgp_log_enabled", "BgpLogEnabled"))})
    if first_line is not None and line == 0:
        tunnel.line = first_line
    return tunnel


def _first(value: Any) -> Any:
    """Plan JSON and ``.tf.json`` write a nested block as a list of one object."""
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


# ---------------------------------------------------------------------------------------------
# HCL / .tf.json


def _json_blocks(doc: Any, file: str, lines: dict) -> Block:
    """Terraform JSON syntax -> the same Block tree the HCL reader builds (attributes keep JSON values)."""
    root = Block(type="", labels=(), line=1, file=file)
    if not isinstance(doc, dict):
        return root

    def attrs_of(body: Any, path: tuple) -> dict[str, Attr]:
        out: dict[str, Attr] = {}
        if isinstance(body, list) and len(body) == 1:
            body, path = body[0], path + (0,)
        if isinstance(body, dict):
            for key, value in body.items():
                out[key] = Attr(name=key, line=lines.get(path + (key,), 1), value=value, json=True)
        return out

    for kind in ("resource", "data"):
        for rtype, named in (doc.get(kind) or {}).items() if isinstance(doc.get(kind), dict) else ():
            for name, body in named.items() if isinstance(named, dict) else ():
                path = (kind, rtype, name)
                root.blocks.append(Block(type=kind, labels=(rtype, name), line=lines.get(path, 1), file=file,
                                         attrs=attrs_of(body, path)))
    for name, body in (doc.get("module") or {}).items() if isinstance(doc.get("module"), dict) else ():
        path = ("module", name)
        root.blocks.append(Block(type="module", labels=(name,), line=lines.get(path, 1), file=file,
                                 attrs=attrs_of(body, path)))
    for name, body in (doc.get("variable") or {}).items() if isinstance(doc.get("variable"), dict) else ():
        path = ("variable", name)
        root.blocks.append(Block(type="variable", labels=(name,), line=lines.get(path, 1), file=file,
                                 attrs=attrs_of(body, path)))
    loc = doc.get("locals")
    for k, body in enumerate(loc if isinstance(loc, list) else [loc] if isinstance(loc, dict) else []):
        path = ("locals", k) if isinstance(loc, list) else ("locals",)
        root.blocks.append(Block(type="locals", labels=(), line=lines.get(path, 1), file=file,
                                 attrs=attrs_of(body, path)))
    return root


class _Module:
    """The folder's files read together: variables, locals, customer gateways, connections."""

    def __init__(self) -> None:
        self.roots: list[Block] = []
        self.tfvars: dict[str, Attr] = {}
        self.problems: list[tuple[str, str, int | None]] = []

    def scope(self) -> Scope:
        empty = Scope()
        variables: dict[str, Any] = {}
        self.variable_lines: dict[str, tuple[str, int]] = {}
        for root in self.roots:
            for block in root.children("variable"):
                if not block.labels:
                    continue
                name = block.labels[0]
                default = block.attrs.get("default")
                if default is not None:
                    variables[name] = empty.evaluate(default)
                    self.variable_lines[name] = (block.file, default.line)
        for name, attr in self.tfvars.items():
            variables[name] = empty.evaluate(attr)
        locals_: dict[str, Attr] = {}
        for root in self.roots:
            for block in root.children("locals"):
                locals_.update(block.attrs)
        return Scope(variables, locals_)


def _hcl_getter(block: Block, scope: Scope, rename: Callable[[str], str] = lambda n: n) -> Getter:
    def get(name: str) -> tuple[Any, int | None]:
        arg = rename(name)
        attr = block.attrs.get(arg)
        if attr is not None:
            return scope.evaluate(attr), attr.line
        for child in block.blocks:
            if child.type == arg:  # tunnel1_log_options { cloudwatch_log_options { ... } }
                return _block_value(child, scope), child.line
            if child.type == "dynamic" and child.labels[:1] == (arg,):
                return Unknown(f"dynamic \"{arg}\" block"), child.line
        return _UNSET, None
    return get


def _block_value(block: Block, scope: Scope) -> Any:
    out: dict[str, Any] = {name: scope.evaluate(attr) for name, attr in block.attrs.items()}
    for child in block.blocks:
        if child.type == "dynamic":
            out[child.labels[0] if child.labels else "dynamic"] = Unknown("dynamic block")
        else:
            out[child.type] = _block_value(child, scope)
    return out


_KNOWN_MODULES = ("terraform-aws-modules/vpn-gateway", "cloudposse/vpn-connection")


def _is_vpn_module(block: Block, scope: Scope) -> bool:
    source = scope.evaluate(block.attrs["source"]) if "source" in block.attrs else None
    if isinstance(source, str) and any(m in source for m in _KNOWN_MODULES):
        return True
    names = set(block.attrs) | {b.type for b in block.blocks}
    if any(n.startswith(("tunnel1_", "tunnel2_", "vpn_connection_tunnel")) for n in names):
        return True
    return "customer_gateway_id" in names and bool({"vpn_gateway_id", "transit_gateway_id"} & names) or (
        "customer_gateway_ip_address" in names and any(n.startswith("vpn_connection_") for n in names))


def _from_hcl(module: _Module, files: Sequence[SourceFile]) -> list[Device]:
    scope = module.scope()
    folder_files = tuple(f.path for f in files)
    cgws: dict[str, tuple[Any, Any, int]] = {}
    for root in module.roots:
        for block in root.children("resource"):
            if block.labels[:1] == ("aws_customer_gateway",) and len(block.labels) > 1:
                ip = scope.evaluate(block.attrs["ip_address"]) if "ip_address" in block.attrs else None
                asn = scope.evaluate(block.attrs["bgp_asn"]) if "bgp_asn" in block.attrs else None
                cgws[f"aws_customer_gateway.{block.labels[1]}"] = (ip, asn, block.line)

    def literal_source(block: Block) -> Callable[[str], str | None]:
        def where(arg: str) -> str | None:
            attr = block.attrs.get(arg)
            if attr is None or attr.json:
                return f"the {arg} argument" if attr is not None else None
            names = [t.text for t in attr.tokens or [] if t.kind == "ident"]
            if names[:1] == ["var"] and len(names) > 1 and names[1] in module.tfvars:
                return f"var.{names[1]} in a .tfvars file"
            if names[:1] == ["var"] and len(names) > 1 and names[1] in scope.variables:
                file, line = module.variable_lines.get(names[1], ("", 0))
                return f"the default of variable \"{names[1]}\" ({os.path.basename(file)}:{line})"
            if names[:1] == ["local"] and len(names) > 1:
                return f"local.{names[1]}"
            return f"the {arg} argument"
        return where

    devices: list[Device] = []
    memo: Memo = {}  # one normalisation per list value of the module (var.algs used by every connection)
    for root in module.roots:
        for block in root.blocks:
            if block.type == "resource" and block.labels[:1] == ("aws_vpn_connection",) and len(block.labels) > 1:
                conn = _connection(f"aws_vpn_connection.{block.labels[1]}", block, scope, cgws,
                                   _hcl_getter(block, scope), ("tunnel1", "tunnel2"), literal_source(block), memo=memo)
            elif block.type == "module" and block.labels and _is_vpn_module(block, scope):
                prefixed = any(n.startswith("vpn_connection_tunnel") for n in block.attrs)
                rename = (lambda n: f"vpn_connection_{n}") if prefixed else (lambda n: n)
                conn = _connection(f"module.{block.labels[0]}", block, scope, cgws,
                                   _hcl_getter(block, scope, rename),
                                   ("vpn_connection_tunnel1", "vpn_connection_tunnel2") if prefixed else ("tunnel1", "tunnel2"),
                                   literal_source(block), module_call=True, rename=rename, memo=memo)
                if conn is None:
                    continue
            else:
                continue
            if conn is None:
                continue
            conn.extra_files = folder_files
            devices.append(to_device(conn))
    return devices


def _connection(
    ident: str, block: Block, scope: Scope, cgws: dict, get: Getter, prefixes: tuple[str, str],
    literal_source: Callable[[str], str | None], module_call: bool = False, rename: Callable[[str], str] = lambda n: n,
    memo: Memo | None = None,
) -> DeclaredConnection | None:
    conn = DeclaredConnection(id=ident, kind="terraform", file=block.file, line=block.line)
    if module_call:
        create, _ = get("create_vpn_connection")
        if create is False:
            return None  # create_vpn_connection = false: the module declares no connection

    def value(name: str, kind: str) -> Any:
        raw, _ = get(name)
        return _UNSET if raw is _UNSET else _norm(raw, kind)

    for name, attr, kind in (("type", "type", "str"), ("static_routes_only", "static_routes_only", "bool"),
                             ("tunnel_inside_ip_version", "tunnel_inside_ip_version", "str"),
                             ("preshared_key_storage", "psk_storage", "str")):
        got = value(name, kind)
        if module_call and got is _UNSET and name == "static_routes_only":
            got = value("vpn_connection_static_routes_only", kind)
        if isinstance(got, Unknown):
            conn.unknown[name] = got.reason
            if name == "preshared_key_storage":
                conn.unknown["psk_storage"] = got.reason
            got = None
        setattr(conn, attr, None if got is _UNSET else got)
    conn.type = conn.type or "ipsec.1"
    bandwidth = value("tunnel_bandwidth", "str")
    if isinstance(bandwidth, str):
        conn.notes["tunnel-bandwidth"] = bandwidth
    for key, api in (("transit_gateway_id", "TransitGatewayId"), ("vpn_gateway_id", "VpnGatewayId")):
        raw, _ = get(key)
        if raw is not _UNSET and raw is not None:
            conn.gateway = (api, raw.path if isinstance(raw, Ref) else str(raw) if not isinstance(raw, Unknown) else key)
    raw_cgw, _ = get("customer_gateway_id")
    if isinstance(raw_cgw, Ref):
        ref = raw_cgw.path[:-3] if raw_cgw.path.endswith(".id") else raw_cgw.path
        conn.customer_gateway = ref
        if ref in cgws:
            ip, asn, _line = cgws[ref]
            conn.customer_gateway_ip = ip if isinstance(ip, str) and ip else None
            conn.customer_gateway_asn = asn if isinstance(asn, int) and not isinstance(asn, bool) else (
                int(asn) if isinstance(asn, str) and asn.isdigit() else None)
    elif isinstance(raw_cgw, str):
        conn.customer_gateway = raw_cgw
    if module_call:  # cloudposse creates the customer gateway itself
        ip, _ = get("customer_gateway_ip_address")
        asn, _ = get("customer_gateway_bgp_asn")
        if isinstance(ip, str):
            conn.customer_gateway_ip = ip
            conn.customer_gateway = conn.customer_gateway or f"{ident}.customer_gateway"
        if isinstance(asn, int) and not isinstance(asn, bool):
            conn.customer_gateway_asn = asn
    for prefix in prefixes:
        conn.tunnels.append(_tunnel(get, prefix.replace("vpn_connection_", "") if module_call else prefix,
                                    block.line, literal_source, memo))
        conn.tunnels[-1].declared_as = prefix
    return conn


# ---------------------------------------------------------------------------------------------
# terraform show -json (plan or state)


def _plan_resources(doc: dict) -> list[tuple[dict, dict, tuple]]:
    """(values, after_unknown, json path of values) of every aws_vpn_connection / aws_customer_gateway."""
    out: list[tuple[dict, dict, tuple]] = []
    changes = doc.get("resource_changes")
    if isinstance(changes, list):
        for k, rc in enumerate(changes):
            if not isinstance(rc, dict) or rc.get("type") not in ("aws_vpn_connection", "aws_customer_gateway"):
                continue
            change = rc.get("change") if isinstance(rc.get("change"), dict) else {}
            if "delete" in json_list(change.get("actions")) and change.get("after") is None:
                continue
            after = change.get("after") if isinstance(change.get("after"), dict) else {}
            unknown = change.get("after_unknown") if isinstance(change.get("after_unknown"), dict) else {}
            out.append(({**after, "__address": rc.get("address"), "__type": rc.get("type")}, unknown,
                        ("resource_changes", k, "change", "after")))
        if out:
            return out
    # state (values) or a plan without resource_changes (planned_values)
    for top in ("values", "planned_values"):
        root = doc.get(top, {}).get("root_module") if isinstance(doc.get(top), dict) else None
        stack = [(root, (top, "root_module"))] if isinstance(root, dict) else []
        guard = 0
        while stack and guard < 10000:
            guard += 1
            module, path = stack.pop()
            for k, res in enumerate(json_list(module.get("resources"))):
                if isinstance(res, dict) and res.get("type") in ("aws_vpn_connection", "aws_customer_gateway") \
                        and res.get("mode", "managed") == "managed" and isinstance(res.get("values"), dict):
                    out.append(({**res["values"], "__address": res.get("address"), "__type": res.get("type")}, {},
                                path + ("resources", k, "values")))
            for k, child in enumerate(json_list(module.get("child_modules"))):
                if isinstance(child, dict):
                    stack.append((child, path + ("child_modules", k)))
        if out:
            break
    return out


def _from_plan(f: SourceFile, doc: dict) -> list[Device]:
    lines = json_key_lines(f.text)
    resources = _plan_resources(doc)
    cgws = {}
    for values, _unknown, _path in resources:
        if values["__type"] == "aws_customer_gateway":
            for key in (values.get("id"), values.get("__address")):
                if key:
                    cgws[str(key)] = values
    devices = []
    for values, unknown, path in resources:
        if values["__type"] != "aws_vpn_connection":
            continue
        address = str(values.get("__address") or "aws_vpn_connection")

        def get(name: str, values=values, unknown=unknown, path=path) -> tuple[Any, int | None]:
            line = lines.get(path + (name,))
            if unknown.get(name) is True:
                return Unknown(f"{name} is known only after apply"), line
            if name not in values:
                return _UNSET, None
            return values[name], line

        conn = DeclaredConnection(id=address, kind="terraform", file=f.path,
                                  line=lines.get(path[:-2] + ("address",)) or lines.get(path, 1) or 1)
        conn.type = values.get("type") if isinstance(values.get("type"), str) else "ipsec.1"
        conn.static_routes_only = values.get("static_routes_only") if isinstance(values.get("static_routes_only"), bool) else None
        conn.tunnel_inside_ip_version = values.get("tunnel_inside_ip_version") or None
        storage = get("preshared_key_storage")[0]
        if isinstance(storage, Unknown):
            conn.unknown["psk_storage"] = storage.reason
        elif isinstance(storage, str) and storage:
            conn.psk_storage = storage
        for key, api in (("transit_gateway_id", "TransitGatewayId"), ("vpn_gateway_id", "VpnGatewayId")):
            if isinstance(values.get(key), str) and values[key]:
                conn.gateway = (api, values[key])
        cgw_id = values.get("customer_gateway_id")
        if isinstance(cgw_id, str) and cgw_id:
            conn.customer_gateway = cgw_id
            cgw = cgws.get(cgw_id)
            if cgw is not None:
                conn.customer_gateway_ip = cgw.get("ip_address") if isinstance(cgw.get("ip_address"), str) else None
                asn = cgw.get("bgp_asn")
                conn.customer_gateway_asn = int(asn) if isinstance(asn, (int, str)) and str(asn).isdigit() else None
        for n in (1, 2):
            tunnel = _tunnel(get, f"tunnel{n}", conn.line, None)
            address_ip = values.get(f"tunnel{n}_address")
            tunnel.outside_ip = address_ip if isinstance(address_ip, str) and address_ip else None
            # AWS does not echo unset options: in a state, 0 and [] mean the AWS default
            tunnel.options = {k: v for k, v in tunnel.options.items() if v not in (0, [], "")}
            conn.tunnels.append(tunnel)
        devices.append(to_device(conn))
    return devices


# ---------------------------------------------------------------------------------------------


def _is_plan(doc: Any) -> bool:
    return isinstance(doc, dict) and "format_version" in doc and (
        "planned_values" in doc or "values" in doc or "resource_changes" in doc)


def parse(files: Sequence[SourceFile]) -> list[Device]:
    module = _Module()
    devices: list[Device] = []
    broken: list[Device] = []
    hcl_files = []
    for f in files:
        lower = f.path.lower()
        try:
            # HCL by name, or any text that is not JSON (--vendor terraform on another name)
            if lower.endswith((".tf", ".tfvars")) or f.text.lstrip()[:1] not in ("{", "["):
                root = parse_body(f.text, f.path)
                if lower.endswith(".tfvars"):
                    module.tfvars.update(root.attrs)
                else:
                    module.roots.append(root)
                    hcl_files.append(f)
                continue
            try:
                doc = json.loads(f.text)
            except json.JSONDecodeError as exc:
                raise HclError(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
            except RecursionError:
                raise HclError("JSON nested too deeply", 1) from None
            except ValueError:  # an integer past int()'s 4,300 digits
                raise HclError("not valid JSON: a number too long to read", 1) from None
            if _is_plan(doc):
                devices += _from_plan(f, doc)
            elif lower.endswith(".tfvars.json") and isinstance(doc, dict):
                lines = json_key_lines(f.text)
                module.tfvars.update({k: Attr(name=k, line=lines.get((k,), 1), value=v, json=True)
                                      for k, v in doc.items()})
            else:
                module.roots.append(_json_blocks(doc, f.path, json_key_lines(f.text)))
                hcl_files.append(f)
        except HclError as exc:
            broken.append(Device(source=f.path, vendor="aws", files=(f.path,), problems=(ParseProblem(
                message=f"Terraform: cannot read {os.path.basename(f.path)}: {exc.message}", line=exc.line),)))
    if module.roots:
        devices += _from_hcl(module, hcl_files)
    if broken and not devices and len(broken) == len(files):
        first = broken[0].problems[0]
        raise ParseError(first.message, line=first.line)
    return devices + broken
