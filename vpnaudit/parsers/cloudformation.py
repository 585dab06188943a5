"""CloudFormation: ``AWS::EC2::VPNConnection`` and ``AWS::EC2::CustomerGateway`` in templates
(YAML with the short-form intrinsic tags ``!Ref``, ``!Sub``, ``!GetAtt``, ``!Select``, ...; JSON,
including what AWS CDK synthesises into ``cdk.out/*.template.json``).

Properties read (CloudFormation Template Reference, "AWS::EC2::VPNConnection" and
"AWS::EC2::VPNConnection VpnTunnelOptionsSpecification",
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-vpnconnection.html):
``Type``, ``StaticRoutesOnly``, ``TunnelInsideIpVersion``, ``PreSharedKeyStorage``,
``CustomerGatewayId``, ``VpnGatewayId`` / ``TransitGatewayId``, and per
``VpnTunnelOptionsSpecifications`` item ``IKEVersions``, ``Phase1|2EncryptionAlgorithms``,
``Phase1|2IntegrityAlgorithms``, ``Phase1|2DHGroupNumbers``, ``Phase1|2LifetimeSeconds``,
``RekeyMarginTimeSeconds``, ``RekeyFuzzPercentage``, ``ReplayWindowSize``, ``DPDTimeoutSeconds``,
``DPDTimeoutAction``, ``StartupAction``, ``EnableTunnelLifecycleControl``, ``TunnelInsideCidr``,
``TunnelInsideIpv6Cidr``, ``PreSharedKey``, ``LogOptions.CloudwatchLogOptions``
(``LogEnabled``, ``BgpLogEnabled``); ``AWS::EC2::CustomerGateway`` ``IpAddress``, ``BgpAsn``.

CloudFormation does not say which AWS tunnel a specification item configures: tunnels are named
by their item (``VpnTunnelOptionsSpecifications[0]``), never "tunnel 1". AWS always creates two
tunnels; an item the template leaves out is a tunnel with every option at the AWS default.

Intrinsic functions are resolved when the template fixes the value: ``Ref`` to a parameter with a
``Default``, ``Fn::Select`` over a resolved list, ``Fn::Join``, ``Fn::Sub`` without variables.
Anything else (``Fn::If``, ``Fn::GetAtt``, ``Fn::ImportValue``, a parameter without default, a
``{{resolve:...}}`` dynamic reference) is unknown and no rule judges it.

YAML is read with PyYAML's composer (the C one when libyaml is there), which keeps the line of
every node and accepts any tag without constructing Python objects; aliases are expanded with a
node budget, so an alias bomb is an error, not an outage.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from ..aws.convert import json_key_lines
from ..model import Device, ParseProblem
from . import _detect
from ._base import ParseError, SourceFile
from ._hcl import Ref, Unknown
from ._iac import DeclaredConnection, DeclaredTunnel, set_log_flags, to_device

VENDOR = "aws"
MULTI_FILE = False

MAX_NODES = 200_000  # YAML nodes visited (aliases included) per template

# VpnTunnelOptionsSpecification property -> (API TunnelOptions key, kind)
SPEC_PROPERTIES: dict[str, tuple[str, str]] = {
    "IKEVersions": ("IkeVersions", "list"),
    "Phase1EncryptionAlgorithms": ("Phase1EncryptionAlgorithms", "list"),
    "Phase1IntegrityAlgorithms": ("Phase1IntegrityAlgorithms", "list"),
    "Phase1DHGroupNumbers": ("Phase1DHGroupNumbers", "list"),
    "Phase2EncryptionAlgorithms": ("Phase2EncryptionAlgorithms", "list"),
    "Phase2IntegrityAlgorithms": ("Phase2IntegrityAlgorithms", "list"),
    "Phase2DHGroupNumbers": ("Phase2DHGroupNumbers", "list"),
    "Phase1LifetimeSeconds": ("Phase1LifetimeSeconds", "int"),
    "Phase2LifetimeSeconds": ("Phase2LifetimeSeconds", "int"),
    "RekeyMarginTimeSeconds": ("RekeyMarginTimeSeconds", "int"),
    "RekeyFuzzPercentage": ("RekeyFuzzPercentage", "int"),
    "ReplayWindowSize": ("ReplayWindowSize", "int"),
    "DPDTimeoutSeconds": ("DpdTimeoutSeconds", "int"),
    "DPDTimeoutAction": ("DpdTimeoutAction", "str"),
    "StartupAction": ("StartupAction", "str"),
    "EnableTunnelLifecycleControl": ("EnableTunnelLifecycleControl", "bool"),
    "TunnelInsideCidr": ("TunnelInsideCidr", "str"),
    "TunnelInsideIpv6Cidr": ("TunnelInsideIpv6Cidr", "str"),
    "PreSharedKey": ("PreSharedKey", "str"),
}


def detect(text: str, path: str) -> int:
    return _detect.detect("cloudformation", text, path)


class TemplateError(Exception):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


# ---------------------------------------------------------------------------------------------
# Loading with lines


def _load_yaml(text: str) -> tuple[Any, dict[tuple, int]]:
    import yaml  # only templates pay for PyYAML

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "not valid YAML").split("\n")[0]
        raise TemplateError(f"not valid YAML: {problem}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError:
        raise TemplateError("not valid YAML", None) from None
    except RecursionError:
        raise TemplateError("YAML nested too deeply", None) from None
    if root is None:
        return None, {}
    lines: dict[tuple, int] = {}
    budget = [MAX_NODES]

    def scalar(node: Any) -> Any:
        if node.tag.startswith("tag:yaml.org,2002:"):
            kind = node.tag.rsplit(":", 1)[1]
            value = node.value
            if kind == "int":
                try:
                    return int(value.replace("_", ""), 0)
                except ValueError:
                    return value
            if kind == "bool":
                return value.lower() in ("true", "yes", "on")
            if kind == "null":
                return None
            if kind == "float":
                try:
                    return float(value)
                except ValueError:
                    return value
            return value
        return node.value

    # Iterative conversion: (node, path, setter) on an explicit stack.
    out: list[Any] = [None]
    stack: list[tuple[Any, tuple, Any, Any]] = [(root, (), out, 0)]
    while stack:
        node, path, parent, key = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            raise TemplateError(f"YAML holds more than {MAX_NODES} nodes (an alias counts at each use): too large to read",
                                node.start_mark.line + 1)
        if len(path) > 100:
            raise TemplateError("YAML nested too deeply", node.start_mark.line + 1)
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            value = scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = [None] * len(node.value)
            for i, child in enumerate(node.value):
                lines.setdefault(path + (i,), child.start_mark.line + 1)
                stack.append((child, path + (i,), value, i))
        else:
            value = {}
            for k_node, v_node in node.value:
                k = str(scalar(k_node)) if isinstance(k_node, yaml.ScalarNode) else "?"
                value[k] = None
                lines.setdefault(path + (k,), k_node.start_mark.line + 1)
                stack.append((v_node, path + (k,), value, k))
        if tag.startswith("!"):  # short-form intrinsic: !Ref X -> {"Ref": X}, !Sub -> {"Fn::Sub": ...}
            name = tag[1:]
            if name == "GetAtt" and isinstance(value, str):
                value = value.split(".", 1)
            value = {"Ref" if name == "Ref" else "Condition" if name == "Condition" else f"Fn::{name}": value}
        parent[key] = value
    return out[0], lines


def _load(f: SourceFile) -> tuple[Any, dict[tuple, int]]:
    if f.text.lstrip()[:1] == "{":
        try:
            return json.loads(f.text), json_key_lines(f.text)
        except json.JSONDecodeError as exc:
            raise TemplateError(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
        except RecursionError:
            raise TemplateError("JSON nested too deeply", None) from None
        except ValueError:  # an integer past int()'s 4,300 digits
            raise TemplateError("not valid JSON: a number too long to read", None) from None
    return _load_yaml(f.text)


# ---------------------------------------------------------------------------------------------
# Intrinsic functions


class _Template:
    def __init__(self, doc: dict, lines: dict[tuple, int]):
        self.doc = doc
        self.lines = lines
        params = doc.get("Parameters")
        self.parameters = params if isinstance(params, dict) else {}
        resources = doc.get("Resources")
        self.resources = resources if isinstance(resources, dict) else {}
        self._params: dict[str, Any] = {}  # parameter name -> its resolved Default (computed once)
        self.memo: dict = {}  # list values normalised once (see terraform._norm)

    def value(self, raw: Any, depth: int = 0) -> Any:
        if depth > 30:
            return Unknown("expression nested too deeply")
        if isinstance(raw, str):
            return Unknown("a {{resolve:...}} dynamic reference, resolved at deploy") if "{{resolve:" in raw else raw
        if isinstance(raw, list):
            return [self.value(v, depth + 1) for v in raw]
        if not isinstance(raw, dict):
            return raw
        if len(raw) != 1:
            return {k: self.value(v, depth + 1) for k, v in raw.items()}
        (name, arg), = raw.items()
        if name == "Ref":
            return self.ref(arg)
        if name == "Fn::Select" and isinstance(arg, list) and len(arg) == 2:
            index, items = self.value(arg[0], depth + 1), self.value(arg[1], depth + 1)
            if isinstance(index, str) and index.isdigit():
                index = int(index)
            if isinstance(items, list) and isinstance(index, int) and 0 <= index < len(items):
                return items[index]
            return items if isinstance(items, Unknown) else Unknown("Fn::Select over a list not known before deploy")
        if name == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str):
            items = self.value(arg[1], depth + 1)
            if isinstance(items, list) and all(isinstance(i, (str, int)) and not isinstance(i, bool) for i in items):
                return arg[0].join(str(i) for i in items)
            return Unknown("Fn::Join of values not known before deploy")
        if name == "Fn::Sub" and isinstance(arg, str) and "${" not in arg:
            return arg
        if name == "Fn::GetAtt":
            target = arg[0] if isinstance(arg, list) and arg else arg
            return Unknown(f"Fn::GetAtt {target} is known only after deploy")
        if name.startswith("Fn::") or name == "Condition":
            return Unknown(f"{name} is not resolved before deploy")
        return {name: self.value(arg, depth + 1)}

    def ref(self, name: Any) -> Any:
        if not isinstance(name, str):
            return Unknown("Ref to an expression")
        if name.startswith("AWS::"):
            return Unknown(f"pseudo parameter {name}")
        if name in self._params:
            return self._params[name]  # the same object at each Ref: split once, normalised once
        param = self.parameters.get(name)
        if isinstance(param, dict):
            if "Default" not in param:
                return Unknown(f"parameter {name} has no Default")
            default = param["Default"]
            if isinstance(param.get("Type"), str) and ("List" in param["Type"]) and isinstance(default, str):
                default = [p.strip() for p in default.split(",")]
            self._params[name] = default
            return default
        if name in self.resources:
            return Ref(name)
        return Unknown(f"Ref {name} is not defined in this template")

    def literal_source(self, raw: Any) -> str | None:
        """Where a literal key comes from: the property itself, or a parameter Default."""
        if isinstance(raw, str):
            return "the PreSharedKey property"
        if isinstance(raw, dict) and isinstance(raw.get("Ref"), str) and raw["Ref"] in self.parameters:
            line = self.lines.get(("Parameters", raw["Ref"], "Default"))
            return f"the Default of parameter {raw['Ref']}" + (f" (line {line})" if line else "")
        return "an expression of literals"


def _norm(value: Any, kind: str, memo: dict | None = None) -> Any:
    from .terraform import _UNSET, _norm as tf_norm

    if memo is not None and kind == "list" and isinstance(value, list):
        known = memo.get(id(value))
        if known is not None and known[0] is value:
            got = known[1]
        else:
            got = _norm(value, kind)
            memo[id(value)] = (value, got)
        return list(got) if isinstance(got, list) else got
    if kind == "list" and isinstance(value, list):
        value = [v.get("Value") if isinstance(v, dict) and "Value" in v else v for v in value]
    got = tf_norm(value, kind)
    return None if got is _UNSET else got


def _tunnel(template: _Template, spec: Any, path: tuple, index: int, fallback_line: int) -> DeclaredTunnel:
    label = f"VpnTunnelOptionsSpecifications[{index}]"
    line = template.lines.get(path, fallback_line) if spec is not None else fallback_line
    tunnel = DeclaredTunnel(declared_as=label, line=line)
    if not isinstance(spec, dict):
        if spec is not None:
            tunnel.unknown.update({api: "tunnel options not known before deploy"
                                   for api, _ in SPEC_PROPERTIES.values()})
        return tunnel
    for prop, (api, kind) in SPEC_PROPERTIES.items():
        if prop not in spec:
            continue
        where = template.lines.get(path + (prop,))
        if where:
            tunnel.lines[api] = where
        value = _norm(template.value(spec[prop]), kind, template.memo)
        if value is None:
            continue
        if isinstance(value, Unknown):
            tunnel.unknown[api] = value.reason
            continue
        tunnel.options[api] = value
        if api == "PreSharedKey":
            tunnel.psk_note = template.literal_source(spec[prop])
    if "LogOptions" in spec:
        where = template.lines.get(path + ("LogOptions",))
        if where:
            tunnel.lines["LogEnabled"] = where
        log = template.value(spec["LogOptions"])
        cw = log.get("CloudwatchLogOptions") if isinstance(log, dict) else log
        if isinstance(cw, dict):
            set_log_flags(tunnel, {key: _norm(cw.get(key), "bool") for key in ("LogEnabled", "BgpLogEnabled")})
        elif cw is not None:
            tunnel.unknown["LogEnabled"] = tunnel.unknown["BgpLogEnabled"] = "log options not known before deploy"
    return tunnel


def _connections(f: SourceFile, template: _Template) -> list[Device]:
    devices = []
    for logical, resource in template.resources.items():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::EC2::VPNConnection":
            continue
        path = ("Resources", logical)
        line = template.lines.get(path, 1)
        props = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
        conn = DeclaredConnection(id=logical, kind="cloudformation", file=f.path, line=line)
        for prop, attr, kind in (("Type", "type", "str"), ("StaticRoutesOnly", "static_routes_only", "bool"),
                                 ("TunnelInsideIpVersion", "tunnel_inside_ip_version", "str"),
                                 ("PreSharedKeyStorage", "psk_storage", "str")):
            if prop not in props:
                continue
            value = _norm(template.value(props[prop]), kind)
            if isinstance(value, Unknown):
                conn.unknown["psk_storage" if prop == "PreSharedKeyStorage" else prop] = value.reason
                value = None
            setattr(conn, attr, value)
        conn.type = conn.type or "ipsec.1"
        for prop in ("TransitGatewayId", "VpnGatewayId"):
            if prop in props:
                raw = template.value(props[prop])
                conn.gateway = (prop, raw.path if isinstance(raw, Ref) else raw if isinstance(raw, str) else prop)
        cgw = template.value(props.get("CustomerGatewayId"))
        if isinstance(cgw, Ref):
            conn.customer_gateway = cgw.path
            target = template.resources.get(cgw.path)
            cprops = target.get("Properties") if isinstance(target, dict) and isinstance(target.get("Properties"), dict) else {}
            ip = template.value(cprops.get("IpAddress"))
            asn = _norm(template.value(cprops.get("BgpAsn")), "int")
            conn.customer_gateway_ip = ip if isinstance(ip, str) and ip else None
            conn.customer_gateway_asn = asn if isinstance(asn, int) else None
        elif isinstance(cgw, str):
            conn.customer_gateway = cgw
        specs = props.get("VpnTunnelOptionsSpecifications")
        spec_path = path + ("Properties", "VpnTunnelOptionsSpecifications")
        props_line = template.lines.get(path + ("Properties",), line)
        if specs is not None and not isinstance(specs, list):
            resolved = template.value(specs)
            specs = [object(), object()] if isinstance(resolved, Unknown) else resolved if isinstance(resolved, list) else []
        specs = list(specs or [])
        for i in range(max(2, len(specs))):
            spec = specs[i] if i < len(specs) else None
            tunnel = _tunnel(template, spec if isinstance(spec, dict) or spec is None else object(),
                             spec_path + (i,), i, props_line)
            conn.tunnels.append(tunnel)
        if len(specs) > 2:
            conn.problems.append((f"{logical}: {len(specs)} VpnTunnelOptionsSpecifications; a connection has two tunnels",
                                  template.lines.get(spec_path)))
        metadata = resource.get("Metadata")
        if isinstance(metadata, dict) and isinstance(metadata.get("aws:cdk:path"), str):
            conn.notes["cdk-path"] = metadata["aws:cdk:path"]
        devices.append(to_device(conn))
    return devices


def parse(files: Sequence[SourceFile]) -> list[Device]:
    devices: list[Device] = []
    errors: list[Device] = []
    for f in files:
        try:
            doc, lines = _load(f)
        except TemplateError as exc:
            errors.append(Device(source=f.path, vendor="aws", files=(f.path,), problems=(ParseProblem(
                message=f"CloudFormation: cannot read {os.path.basename(f.path)}: {exc.message}", line=exc.line),)))
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("Resources"), dict):
            errors.append(Device(source=f.path, vendor="aws", files=(f.path,), problems=(ParseProblem(
                message="CloudFormation: no Resources section (not a template)", line=1),)))
            continue
        devices += _connections(f, _Template(doc, lines))
    if errors and not devices and len(errors) == len(files):
        problem = errors[0].problems[0]
        raise ParseError(problem.message, line=problem.line)
    return devices + errors
