"""AWS Site-to-Site VPN API data -> ``model.Device`` (pure: no boto3, no network, no file I/O).

Input is what ``ec2.describe_vpn_connections`` returns (a dict with ``VpnConnections``, or one
``VpnConnection``), optionally with the ``CustomerGateways`` / ``VpnGateways`` of
DescribeCustomerGateways / DescribeVpnGateways, and the per-tunnel answers of
GetActiveVpnTunnelStatus / GetVpnTunnelReplacementStatus that ``aws.fetch`` collects. One Device
per connection (``deleted`` connections are skipped), one Tunnel per ``Options.TunnelOptions``
entry, named by its outside IP.

Semantics (the team spec aws-api.md, aws-requirements.md):

- AWS does not echo unset tunnel options: an absent list or a 0 value means "the AWS default set
  is allowed" (IKEv1 + IKEv2, SHA1, DH 2, ...). We fill those values from the policy pack's
  ``[aws_side]`` table and name the fields in ``defaults``: absent is never compliant.
- Telemetry, active status and replacement status are joined to tunnels **by outside IP**, never
  by list position (AWS does not keep the order stable).
- ``CustomerGatewayConfiguration`` is AWS's generic sample XML. It carries the legacy minimum
  proposal (aes-128-cbc / sha1 / group2), not the effective policy: algorithm lists stay "AWS
  defaults" even when only the XML is there. The XML fills what TunnelOptions lack (ASNs, BGP hold
  time, inside addresses of old dumps, DF bit, fragmentation, MSS).
- A standalone CustomerGatewayConfiguration file (the "Download configuration" generic XML, not an
  API response) carries no tunnel options at all: what the tunnel allows (IKE versions,
  algorithms), its logging, startup and DPD-timeout actions and lifecycle control are unknown, not
  "unset, AWS default" (an API response omits only what is unset; a sample file omits everything).
  Those tunnels list ``aws_tunnel_options`` in ``Tunnel.unknown`` and leave the ``AwsTunnelOptions``
  fields None, so the 5xx rules say nothing the file cannot show; what it does show (addresses,
  ASNs, BGP hold time, the key, DF bit, fragmentation, MSS) is still read.
- Pre-shared keys (TunnelOptions and XML) only ever pass through ``PreSharedKey.from_secret``.
"""

from __future__ import annotations

import ipaddress
import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from .._struct import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from xml.parsers import expat

from .. import vocab
from ..model import (
    AwsConnection,
    AwsTunnelOptions,
    BgpNeighbor,
    BgpProcess,
    Device,
    Dpd,
    IkeConfig,
    IkeProposal,
    InsideAddress,
    IpsecConfig,
    IpsecProposal,
    ParseProblem,
    PreSharedKey,
    Tunnel,
)
from ..parsers._base import ParseError
from ..policy import AwsSidePolicy, Policy, load_policy

__all__ = [
    "convert_document",
    "convert_xml",
    "is_saved_dump",
    "json_key_lines",
    "normalize_algorithm",
    "resolve_aws_side",
]

Path = tuple[str | int, ...]

# AWS documents its BGP hold time as 30 s (Site-to-Site VPN user guide, "Customer gateway device
# requirements": "AWS hold time 30 s"); used when neither the XML nor anything else says.
AWS_BGP_HOLD_SECONDS = 30


# ---------------------------------------------------------------------------------------------
# Policy


_AWS_PACK: AwsSidePolicy | None = None


def resolve_aws_side(policy: Policy | AwsSidePolicy | None) -> AwsSidePolicy:
    """The ``[aws_side]`` defaults to fill unset tunnel options with (pack "aws" by default)."""
    global _AWS_PACK
    if isinstance(policy, AwsSidePolicy):
        return policy
    if isinstance(policy, Policy):
        return policy.aws_side
    if _AWS_PACK is None:
        _AWS_PACK = load_policy("aws").aws_side
    return _AWS_PACK


# ---------------------------------------------------------------------------------------------
# Lines of JSON keys

_WS = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")


def json_key_lines(text: str) -> dict[Path, int]:
    """Map each JSON path (keys and list indexes) to the 1-based line where it starts.

    ``{"a": [{"b": 1}]}`` gives ``{("a",): 1, ("a", 0): 1, ("a", 0, "b"): 1}``. Returns an empty
    mapping for text that is not valid JSON (the caller has already parsed it with ``json``).
    """
    newlines = [m.start() for m in re.finditer("\n", text)]
    out: dict[Path, int] = {}

    def line_of(pos: int) -> int:
        return bisect_left(newlines, pos) + 1

    def skip(pos: int) -> int:
        return _WS.match(text, pos).end()  # type: ignore[union-attr]

    def value(pos: int, path: Path, depth: int) -> int:
        if depth > 200:
            raise ValueError("too deep")
        pos = skip(pos)
        char = text[pos]
        if char == "{":
            pos = skip(pos + 1)
            if text[pos] == "}":
                return pos + 1
            while True:
                m = _STRING.match(text, pos)
                if not m:
                    raise ValueError("key expected")
                key = json.loads(m.group())
                out[path + (key,)] = line_of(pos)
                pos = skip(m.end())
                if text[pos] != ":":
                    raise ValueError("colon expected")
                pos = skip(value(pos + 1, path + (key,), depth + 1))
                if text[pos] == ",":
                    pos = skip(pos + 1)
                    continue
                if text[pos] == "}":
                    return pos + 1
                raise ValueError("bad object")
        if char == "[":
            pos = skip(pos + 1)
            if text[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = skip(pos)
                out[path + (index,)] = line_of(pos)
                pos = skip(value(pos, path + (index,), depth + 1))
                index += 1
                if text[pos] == ",":
                    pos += 1
                    continue
                if text[pos] == "]":
                    return pos + 1
                raise ValueError("bad array")
        m = _STRING.match(text, pos) if char == '"' else _SCALAR.match(text, pos)
        if not m:
            raise ValueError("value expected")
        return m.end()

    try:
        value(0, (), 0)
    except (ValueError, IndexError, AttributeError, json.JSONDecodeError):
        return {}
    return out


# ---------------------------------------------------------------------------------------------
# The CustomerGatewayConfiguration XML (expat keeps the line of every element)


@dataclass(slots=True)
class _XmlNode:
    tag: str
    attrs: dict[str, str]
    line: int
    text: str = ""
    children: list[_XmlNode] = field(default_factory=list)

    def find(self, path: str) -> _XmlNode | None:
        node: _XmlNode | None = self
        for part in path.split("/"):
            node = next((c for c in node.children if c.tag == part), None) if node else None
        return node

    def findall(self, tag: str) -> list[_XmlNode]:
        return [c for c in self.children if c.tag == tag]

    def value(self, path: str) -> str | None:
        node = self.find(path)
        if node is None:
            return None
        return node.text.strip() or None


class XmlError(Exception):
    """The XML cannot be read. The message carries expat's reason and position, never content."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


def _parse_xml(text: str) -> _XmlNode:
    # The text is already decoded: an ``encoding`` in its XML declaration must not matter (an unknown
    # one, "UTF-0", made expat raise LookupError). expat reads the bytes below as UTF-8 whatever it says.
    parser = expat.ParserCreate(encoding="UTF-8")
    parser.buffer_text = True  # one call per run of text, not one per line or entity
    stack: list[_XmlNode] = []
    texts: list[list[str]] = []  # the open elements' text pieces, joined once at the end tag (not += per piece)
    roots: list[_XmlNode] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = _XmlNode(tag=tag, attrs=dict(attrs), line=parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        texts.append([])

    def end(tag: str) -> None:
        stack.pop().text = "".join(texts.pop())

    def chars(data: str) -> None:
        if stack:
            texts[-1].append(data)

    def no_dtd(*_: object) -> None:  # no DTDs, no entity expansion
        raise XmlError("a DOCTYPE declaration is not allowed in AWS VPN XML", parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    try:
        # A lone surrogate (from a \udcXX escape in the JSON string) cannot be encoded for expat.
        parser.Parse(text.encode("utf-8", "replace"), True)
    except expat.ExpatError as exc:
        raise XmlError(f"XML is not well-formed ({expat.ErrorString(exc.code)})", exc.lineno) from None
    if not roots:
        raise XmlError("XML has no root element", None)
    return roots[0]


@dataclass(slots=True)
class _XmlTunnel:
    """One ``<ipsec_tunnel>`` of the AWS generic sample."""

    line: int
    aws_outside: str | None
    aws_outside_line: int
    customer_outside: str | None
    aws_inside: str | None
    customer_inside: str | None
    inside_prefix: int | None
    inside_line: int | None
    customer_asn: int | None
    amazon_asn: int | None
    hold_time: int | None
    bgp_line: int | None
    psk: str | None
    psk_line: int | None
    dpd_interval: int | None
    dpd_retries: int | None
    dpd_line: int | None
    clear_df_bit: bool | None
    fragmentation_before_encryption: bool | None
    tcp_mss: int | None
    ipsec_line: int | None
    legacy_proposal: str


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() in ("true", "yes", "1")


def _xml_tunnels(root: _XmlNode) -> list[_XmlTunnel]:
    tunnels = []
    for node in root.findall("ipsec_tunnel"):
        cg = node.find("customer_gateway")
        vg = node.find("vpn_gateway")
        aws_outside_node = vg.find("tunnel_outside_address/ip_address") if vg else None
        inside_node = vg.find("tunnel_inside_address") if vg else None
        ike = node.find("ike")
        ipsec = node.find("ipsec")
        bgp = vg.find("bgp") if vg else None
        psk_node = ike.find("pre_shared_key") if ike else None
        dpd = ipsec.find("dead_peer_detection") if ipsec else None

        def v(parent: _XmlNode | None, path: str) -> str | None:
            return parent.value(path) if parent else None

        prefix = _int(v(vg, "tunnel_inside_address/network_cidr")) or _int(
            v(cg, "tunnel_inside_address/network_cidr"))
        legacy = "ike {}/{}/{} {}; ipsec {} {}/{} pfs {}".format(
            v(ike, "encryption_protocol") or "?", v(ike, "authentication_protocol") or "?",
            v(ike, "perfect_forward_secrecy") or "?", v(ike, "mode") or "?",
            v(ipsec, "protocol") or "?", v(ipsec, "encryption_protocol") or "?",
            v(ipsec, "authentication_protocol") or "?", v(ipsec, "perfect_forward_secrecy") or "?",
        )
        tunnels.append(_XmlTunnel(
            line=node.line,
            aws_outside=aws_outside_node.text.strip() or None if aws_outside_node else None,
            aws_outside_line=aws_outside_node.line if aws_outside_node else node.line,
            customer_outside=v(cg, "tunnel_outside_address/ip_address"),
            aws_inside=v(vg, "tunnel_inside_address/ip_address"),
            customer_inside=v(cg, "tunnel_inside_address/ip_address"),
            inside_prefix=prefix,
            inside_line=inside_node.line if inside_node else None,
            customer_asn=_int(v(cg, "bgp/asn")),
            amazon_asn=_int(v(vg, "bgp/asn")),
            hold_time=_int(v(vg, "bgp/hold_time")) or _int(v(cg, "bgp/hold_time")),
            bgp_line=bgp.line if bgp else None,
            psk=(psk_node.text.strip() or None) if psk_node else None,
            psk_line=psk_node.line if psk_node else None,
            dpd_interval=_int(v(dpd, "interval")),
            dpd_retries=_int(v(dpd, "retries")),
            dpd_line=dpd.line if dpd else None,
            clear_df_bit=_bool(v(ipsec, "clear_df_bit")),
            fragmentation_before_encryption=_bool(v(ipsec, "fragmentation_before_encryption")),
            tcp_mss=_int(v(ipsec, "tcp_mss_adjustment")),
            ipsec_line=ipsec.line if ipsec else None,
            legacy_proposal=legacy,
        ))
    return tunnels


# ---------------------------------------------------------------------------------------------
# Algorithm names

_ALIASES = {
    "AES-128-CBC": "AES128", "AES-256-CBC": "AES256", "AES-192-CBC": "AES192",
    "AES128-CBC": "AES128", "AES256-CBC": "AES256",
    "AES-128-GCM-16": "AES128-GCM-16", "AES-256-GCM-16": "AES256-GCM-16",
    "AES128GCM16": "AES128-GCM-16", "AES256GCM16": "AES256-GCM-16",
    "SHA": "SHA1", "SHA-1": "SHA1", "HMAC-SHA1-96": "SHA1", "SHA1-96": "SHA1",
    "SHA256": "SHA2-256", "SHA-256": "SHA2-256", "SHA2_256": "SHA2-256", "HMAC-SHA-256-128": "SHA2-256",
    "SHA384": "SHA2-384", "SHA-384": "SHA2-384", "SHA2_384": "SHA2-384",
    "SHA512": "SHA2-512", "SHA-512": "SHA2-512", "SHA2_512": "SHA2-512",
    "HMAC-MD5-96": "MD5",
}


def normalize_algorithm(raw: object) -> str:
    """AWS names are already canonical; tolerate case and the XML / negotiated spellings."""
    raw = str(raw)
    token = raw.strip().upper()
    token = _ALIASES.get(token, token)
    if token in vocab.ENCRYPTION or token in vocab.INTEGRITY:
        return token
    return vocab.unknown(raw.strip())


def _ike_version(raw: object) -> int | None:
    text = str(raw).strip().lower()
    if text in ("ikev1", "1", "v1"):
        return 1
    if text in ("ikev2", "2", "v2"):
        return 2
    return None


def _each_value(items: object) -> Iterator[Any]:
    """``[{"Value": x}, ...]`` (API shape) or ``[x, ...]`` -> ``x, ...``, one at a time: a reader that
    stops early (at ``MAX_OPTION_VALUES``) does not go through the rest."""
    if isinstance(items, list):
        for item in items:
            value = item.get("Value") if isinstance(item, Mapping) else item
            if value is not None and value != "":
                yield value


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _timestamp(value: object) -> str | None:
    """One spelling for a time, whoever wrote it: botocore hands over aware datetimes, saved dumps
    hold text in their writer's form ("2019-11-30T01:22:13.000Z" AWS CLI v1, "...+00:00" v2,
    "2019-11-30 01:22:13+00:00" Python's str()). AWS times are UTC; text that is no time stays."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return value
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return _text(value)


# ---------------------------------------------------------------------------------------------
# Conversion


@dataclass(slots=True)
class _Context:
    source: str | None  # file path; None when live
    lines: Mapping[Path, int]
    aws_side: AwsSidePolicy
    customer_gateways: dict[str, Mapping[str, Any]]
    vpn_gateways: dict[str, Mapping[str, Any]]
    active: dict[tuple[str, str], Mapping[str, Any]]
    replacement: dict[tuple[str, str], Mapping[str, Any]]
    region: str | None
    account: str | None
    notes: dict[str, str]

    def line(self, path: Path) -> int | None:
        return self.lines.get(path)


def load_json(text: str, path: str) -> Any:
    """json.loads with a ParseError that names the position and never quotes the text."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"{path}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                         line=exc.lineno) from None
    except RecursionError:
        raise ParseError(f"{path}: JSON nested too deeply") from None
    except ValueError:  # an integer past int()'s 4,300 digits: "internal error ... please report it" before
        raise ParseError(f"{path}: not valid JSON: a number too long to read") from None


def is_saved_dump(doc: object) -> bool:
    """vpnaudit's ``--save-json`` format: ``{"Dumps": [{"Account", "Region", "VpnConnections", ...}]}``."""
    return isinstance(doc, Mapping) and isinstance(doc.get("Dumps"), list)


def json_list(value: object) -> list[Any]:
    """A JSON list, or nothing: a dump edited by hand (or damaged) may hold a number or a string there."""
    return value if isinstance(value, list) else []


def _index(items: object, key: str) -> dict[str, Mapping[str, Any]]:
    return {str(i[key]): i for i in items if isinstance(i, Mapping) and i.get(key)} if isinstance(items, list) else {}


def _status_index(items: object, payload: str | None) -> dict[tuple[str, str], Mapping[str, Any]]:
    """Saved per-tunnel answers -> {(vpn id, outside ip): answer}."""
    out: dict[tuple[str, str], Mapping[str, Any]] = {}
    if isinstance(items, list):
        for item in items:
            if not isinstance(item, Mapping):
                continue
            vpn, ip = item.get("VpnConnectionId"), item.get("VpnTunnelOutsideIpAddress")
            body = item.get(payload) if payload else item
            if vpn and ip and isinstance(body, Mapping):
                out[(str(vpn), str(ip))] = body
    return out


def convert_document(
    doc: Mapping[str, Any],
    *,
    source: str | None = None,
    text: str | None = None,
    policy: Policy | AwsSidePolicy | None = None,
    customer_gateways: Iterable[Mapping[str, Any]] = (),
    vpn_gateways: Iterable[Mapping[str, Any]] = (),
    region: str | None = None,
    account: str | None = None,
    lines: Mapping[Path, int] | None = None,
) -> list[Device]:
    """Convert a DescribeVpnConnections response (or vpnaudit's saved dump) into Devices.

    ``source`` is the file path the document was read from (``None`` for live data: each device
    then gets ``aws://ACCOUNT/REGION/vpn-id``). ``text`` is that file's JSON text, to find the line
    of each tunnel. ``customer_gateways`` / ``vpn_gateways`` add gateways from other dumps.
    """
    aws_side = resolve_aws_side(policy)
    if lines is None:  # ``lines``: a path -> line map given by a reader of another format (IaC)
        lines = json_key_lines(text) if text is not None else {}
    extra_cgws = list(customer_gateways)
    extra_vgws = list(vpn_gateways)
    if is_saved_dump(doc):
        devices: list[Device] = []
        for k, dump in enumerate(doc["Dumps"]):
            if isinstance(dump, Mapping):
                devices += _convert_one(dump, ("Dumps", k), source, lines, aws_side, extra_cgws, extra_vgws,
                                        dump.get("Region") or region, dump.get("Account") or account)
        return devices
    return _convert_one(doc, (), source, lines, aws_side, extra_cgws, extra_vgws,
                        doc.get("Region") or region, doc.get("Account") or account)


def _convert_one(
    doc: Mapping[str, Any], prefix: Path, source: str | None, lines: Mapping[Path, int],
    aws_side: AwsSidePolicy, extra_cgws: list, extra_vgws: list, region: str | None, account: str | None,
) -> list[Device]:
    if isinstance(doc.get("VpnConnections"), list):
        connections = [(prefix + ("VpnConnections", i), c) for i, c in enumerate(doc["VpnConnections"])]
    elif "VpnConnection" in doc and isinstance(doc["VpnConnection"], Mapping):  # create-vpn-connection output
        connections = [(prefix + ("VpnConnection",), doc["VpnConnection"])]
    elif doc.get("VpnConnectionId"):
        connections = [(prefix, doc)]
    else:
        connections = []
    ctx = _Context(
        source=source,
        lines=lines,
        aws_side=aws_side,
        customer_gateways=_index(json_list(doc.get("CustomerGateways")) + extra_cgws, "CustomerGatewayId"),
        vpn_gateways=_index(json_list(doc.get("VpnGateways")) + extra_vgws, "VpnGatewayId"),
        active=_status_index(doc.get("ActiveVpnTunnelStatuses"), "ActiveVpnTunnelStatus"),
        replacement=_status_index(doc.get("VpnTunnelReplacementStatuses"), None),
        region=_text(region),
        account=_text(account),
        notes={str(k): str(v) for k, v in (doc.get("Notes") or {}).items()} if isinstance(doc.get("Notes"), Mapping) else {},
    )
    devices = []
    for path, conn in connections:
        if not isinstance(conn, Mapping) or conn.get("State") == "deleted":
            continue
        devices.append(_connection(conn, path, ctx))
    return devices


def convert_xml(text: str, source: str, policy: Policy | AwsSidePolicy | None = None) -> list[Device]:
    """A standalone CustomerGatewayConfiguration XML file -> one Device (lines point into it)."""
    aws_side = resolve_aws_side(policy)
    try:
        root = _parse_xml(text)
    except XmlError as exc:
        return [Device(source=source, vendor="aws", files=(source,),
                       problems=(ParseProblem(message=f"AWS VPN XML: {exc.message}", line=exc.line),))]
    vpn_id = root.attrs.get("id") or "vpn-unknown"
    conn: dict[str, Any] = {"VpnConnectionId": vpn_id, "Type": root.value("vpn_connection_type")}
    if root.value("customer_gateway_id"):
        conn["CustomerGatewayId"] = root.value("customer_gateway_id")
    if root.value("vpn_gateway_id"):
        conn["VpnGatewayId"] = root.value("vpn_gateway_id")
    ctx = _Context(source=source, lines={}, aws_side=aws_side, customer_gateways={}, vpn_gateways={},
                   active={}, replacement={}, region=None, account=None, notes={})
    return [_connection(conn, (), ctx, xml_root=root, xml_in_file=True)]


def _connection(
    conn: Mapping[str, Any], path: Path, ctx: _Context, xml_root: _XmlNode | None = None, xml_in_file: bool = False,
) -> Device:
    vpn_id = str(conn.get("VpnConnectionId") or "vpn-unknown")
    source = ctx.source or f"aws://{ctx.account or 'unknown'}/{ctx.region or 'unknown'}/{vpn_id}"
    conn_line = ctx.line(path + ("VpnConnectionId",)) or (1 if xml_in_file else None)
    problems: list[ParseProblem] = []
    extra: dict[str, str] = {}

    xml_line = ctx.line(path + ("CustomerGatewayConfiguration",))
    raw_xml = conn.get("CustomerGatewayConfiguration")
    if xml_root is None and isinstance(raw_xml, str) and raw_xml.strip():
        try:
            xml_root = _parse_xml(raw_xml)
        except XmlError as exc:
            where = f" (XML line {exc.line})" if exc.line else ""
            problems.append(ParseProblem(
                message=f"{vpn_id}: CustomerGatewayConfiguration could not be read: {exc.message}{where}",
                line=xml_line or conn_line))
    xml_tunnels = _xml_tunnels(xml_root) if xml_root is not None else []
    xml_by_ip = {t.aws_outside: t for t in xml_tunnels if t.aws_outside}

    options = conn.get("Options") if isinstance(conn.get("Options"), Mapping) else {}
    raw_opts = options.get("TunnelOptions")
    has_options = isinstance(raw_opts, list) and bool(raw_opts)
    telemetry = [t for t in json_list(conn.get("VgwTelemetry")) if isinstance(t, Mapping)]
    telemetry_by_ip: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for k, t in enumerate(telemetry):
        if t.get("OutsideIpAddress"):
            telemetry_by_ip.setdefault(str(t["OutsideIpAddress"]), (k, t))

    # Which tunnels exist: TunnelOptions, else the XML, else the telemetry (all by outside IP).
    specs: list[tuple[str, Mapping[str, Any], Path | None]] = []
    if has_options:
        for j, opt in enumerate(raw_opts):
            if isinstance(opt, Mapping) and opt.get("OutsideIpAddress"):
                specs.append((str(opt["OutsideIpAddress"]), opt, path + ("Options", "TunnelOptions", j)))
        spec_ips = {s[0] for s in specs}  # once, not once per XML tunnel
        for ip in xml_by_ip:
            if ip not in spec_ips:
                extra[f"xml-only-tunnel:{ip}"] = "in CustomerGatewayConfiguration but not in TunnelOptions; ignored"
    elif xml_tunnels:
        specs = [(t.aws_outside, {}, None) for t in xml_tunnels if t.aws_outside]
    else:
        specs = [(ip, {}, None) for ip in telemetry_by_ip]

    # Connection-level facts.
    cgw_id = conn.get("CustomerGatewayId") or (xml_root.value("customer_gateway_id") if xml_root else None)
    cgw = ctx.customer_gateways.get(str(cgw_id)) if cgw_id else None
    cgw_ip = (cgw or {}).get("IpAddress") or next((t.customer_outside for t in xml_tunnels if t.customer_outside), None)
    cgw_asn = _int((cgw or {}).get("BgpAsn")) or _int((cgw or {}).get("BgpAsnExtended")) or next(
        (t.customer_asn for t in xml_tunnels if t.customer_asn), None)
    gateway, gateway_type = _gateway(conn, xml_root)
    vgw = ctx.vpn_gateways.get(gateway) if gateway else None
    amazon_asn = _int((vgw or {}).get("AmazonSideAsn")) or next((t.amazon_asn for t in xml_tunnels if t.amazon_asn), None)
    static_only = options.get("StaticRoutesOnly") if isinstance(options.get("StaticRoutesOnly"), bool) else None
    if static_only is None and xml_tunnels:
        static_only = not any(t.customer_asn or t.amazon_asn for t in xml_tunnels)
    secrets_arn = bool(conn.get("PreSharedKeyArn"))
    cert_auth = bool((cgw or {}).get("CertificateArn")) or any(t.get("CertificateArn") for t in telemetry)

    tunnels: list[Tunnel] = []
    for ip, opt, opt_path in specs:
        tel_k, tel = telemetry_by_ip.get(ip, (None, {}))
        xml = xml_by_ip.get(ip)
        tunnel_line = (
            ctx.line(opt_path + ("OutsideIpAddress",)) if opt_path else None
        ) or (xml.aws_outside_line if xml and xml_in_file else None) or (
            ctx.line(path + ("VgwTelemetry", tel_k, "OutsideIpAddress")) if tel_k is not None else None
        ) or xml_line or conn_line
        tunnels.append(_tunnel(
            ip=ip, opt=opt, opt_path=opt_path, tel=tel, xml=xml, xml_in_file=xml_in_file,
            tunnel_line=tunnel_line, ctx=ctx, vpn_id=vpn_id, cgw_ip=cgw_ip, cgw_asn=cgw_asn,
            amazon_asn=amazon_asn, static_only=static_only, secrets_arn=secrets_arn, cert_auth=cert_auth,
            problems=problems,
        ))
        if xml is not None:
            extra[f"xml-legacy-proposal:{ip}"] = (
                xml.legacy_proposal + " (AWS generic sample; not the tunnel's effective policy)")
    if not tunnels:
        problems.append(ParseProblem(
            message=f"{vpn_id}: no tunnels found (no TunnelOptions, CustomerGatewayConfiguration or VgwTelemetry)",
            line=conn_line))

    for key, note in ctx.notes.items():
        extra[f"note:{key}"] = note
    if secrets_arn:
        extra["psk-storage"] = "SecretsManager"

    routes = tuple(
        str(r["DestinationCidrBlock"]) for r in (conn.get("Routes") if isinstance(conn.get("Routes"), list) else [])
        if isinstance(r, Mapping) and r.get("DestinationCidrBlock") and r.get("State") not in ("deleted", "deleting")
    )
    tags = tuple(
        (str(t.get("Key")), str(t.get("Value", ""))) for t in json_list(conn.get("Tags")) if isinstance(t, Mapping)
    )
    connection = AwsConnection(
        id=vpn_id,
        region=ctx.region,
        account=ctx.account,
        state=_text(conn.get("State")),
        type=_text(conn.get("Type")),
        category=_text(conn.get("Category")),
        gateway=gateway,
        gateway_type=gateway_type,
        customer_gateway=_text(cgw_id),
        customer_gateway_ip=_text(cgw_ip),
        customer_gateway_asn=cgw_asn,
        amazon_side_asn=amazon_asn,
        static_routes_only=static_only,
        static_routes=routes,
        tunnel_inside_ip_version=_text(options.get("TunnelInsideIpVersion")),
        acceleration=options.get("EnableAcceleration") if isinstance(options.get("EnableAcceleration"), bool) else None,
        tags=tags,
        telemetry=tuple(t.aws for t in tunnels if t.aws is not None),
    )
    neighbors = tuple(t.bgp for t in tunnels if t.bgp is not None)
    return Device(
        source=source,
        vendor="aws",
        hostname=vpn_id,
        files=(source,),
        tunnels=tuple(tunnels),
        bgp=BgpProcess(local_as=amazon_asn, neighbors=neighbors, line=conn_line) if neighbors else None,
        problems=tuple(problems),
        connection=connection,
        extra=extra,
    )


def _gateway(conn: Mapping[str, Any], xml_root: _XmlNode | None) -> tuple[str | None, Any]:
    if conn.get("VpnGatewayId"):
        return str(conn["VpnGatewayId"]), "vgw"
    if conn.get("TransitGatewayId"):
        return str(conn["TransitGatewayId"]), "tgw"
    if conn.get("CoreNetworkAttachmentArn") or conn.get("CoreNetworkArn"):
        return str(conn.get("CoreNetworkAttachmentArn") or conn.get("CoreNetworkArn")), "cloudwan"
    if xml_root is not None and xml_root.value("vpn_gateway_id"):
        return xml_root.value("vpn_gateway_id"), "vgw"
    return None, "none"


def _inside(opt: Mapping[str, Any], xml: _XmlTunnel | None, line: int | None) -> InsideAddress | None:
    """AWS takes the first host of the inside /30 (/126), the customer gateway the second."""
    for key in ("TunnelInsideCidr", "TunnelInsideIpv6Cidr"):
        raw = opt.get(key)
        if isinstance(raw, str) and raw:
            try:
                network = ipaddress.ip_interface(raw.strip()).network
            except ValueError:
                continue
            hosts = list(network.hosts()) if network.num_addresses <= 256 else []
            if len(hosts) >= 2:
                return InsideAddress(local=f"{hosts[1]}/{network.prefixlen}", peer=str(hosts[0]), line=line)
    if xml is not None and (xml.customer_inside or xml.aws_inside):
        local = xml.customer_inside
        if local and xml.inside_prefix:
            local = f"{local}/{xml.inside_prefix}"
        return InsideAddress(local=local, peer=xml.aws_inside, line=line)
    return None


# AWS accepts a handful of values per tunnel-option list (4 encryption, 4 integrity, about 12 DH
# groups, 2 IKE versions): a longer list is no AWS answer, and every negotiation works through it.
MAX_OPTION_VALUES = 64


def _tunnel(
    *, ip: str, opt: Mapping[str, Any], opt_path: Path | None, tel: Mapping[str, Any], xml: _XmlTunnel | None,
    xml_in_file: bool, tunnel_line: int | None, ctx: _Context, vpn_id: str, cgw_ip: str | None,
    cgw_asn: int | None, amazon_asn: int | None, static_only: bool | None, secrets_arn: bool, cert_auth: bool,
    problems: list[ParseProblem],
) -> Tunnel:
    side = ctx.aws_side

    def line(*keys: str) -> int | None:
        if opt_path is None:
            return None
        for key in keys:
            found = ctx.line(opt_path + (key,))
            if found:
                return found
        return None

    # --- the allowed lists: unset = the AWS default set (never "compliant by absence")
    aws_defaults: list[str] = []

    def allowed(key: str, default: tuple, convert, side_name: str) -> tuple:
        values: dict[Any, None] = {}  # ordered and unique, without a scan of the list per value
        for raw in _each_value(opt.get(key)):
            value = convert(raw)
            if value is None or value in values:
                continue
            if len(values) == MAX_OPTION_VALUES:
                problems.append(ParseProblem(
                    message=f"{vpn_id}: tunnel {ip}: {key} lists more than {MAX_OPTION_VALUES} distinct values "
                            f"(AWS accepts a handful); only the first {MAX_OPTION_VALUES} are read",
                    line=line(key) or tunnel_line))
                break
            values[value] = None
        if values:
            return tuple(values)
        aws_defaults.append(side_name)
        return tuple(default)

    versions = allowed("IkeVersions", side.ike_versions, _ike_version, "ike_versions")
    p1_enc = allowed("Phase1EncryptionAlgorithms", side.phase1_encryption, normalize_algorithm, "phase1_encryption")
    p1_int = allowed("Phase1IntegrityAlgorithms", side.phase1_integrity, normalize_algorithm, "phase1_integrity")
    p1_dh = allowed("Phase1DHGroupNumbers", side.phase1_dh_groups, _int, "phase1_dh_groups")
    p2_enc = allowed("Phase2EncryptionAlgorithms", side.phase2_encryption, normalize_algorithm, "phase2_encryption")
    p2_int = allowed("Phase2IntegrityAlgorithms", side.phase2_integrity, normalize_algorithm, "phase2_integrity")
    p2_dh = allowed("Phase2DHGroupNumbers", side.phase2_dh_groups, _int, "phase2_dh_groups")

    def number(key: str, default: int, name: str) -> int:
        value = _int(opt.get(key))
        if value:  # 0 = not set
            return value
        aws_defaults.append(name)
        return default

    def text(key: str, default: str, name: str) -> str:
        value = opt.get(key)
        if isinstance(value, str) and value:
            return value
        aws_defaults.append(name)
        return default

    p1_life = number("Phase1LifetimeSeconds", side.phase1_lifetime, "phase1_lifetime")
    p2_life = number("Phase2LifetimeSeconds", side.phase2_lifetime, "phase2_lifetime")
    rekey_margin = number("RekeyMarginTimeSeconds", side.rekey_margin, "rekey_margin_seconds")
    rekey_fuzz = number("RekeyFuzzPercentage", side.rekey_fuzz, "rekey_fuzz_percentage")
    replay = number("ReplayWindowSize", side.replay_window, "replay_window")
    dpd_timeout = number("DpdTimeoutSeconds", side.dpd_timeout, "dpd_timeout_seconds")
    dpd_action = text("DpdTimeoutAction", side.dpd_timeout_action, "dpd_timeout_action")
    startup = text("StartupAction", side.startup_action, "startup_action")

    cw = ((opt.get("LogOptions") or {}).get("CloudWatchLogOptions") or {}) if isinstance(opt.get("LogOptions"), Mapping) else {}
    logging = cw.get("LogEnabled") if isinstance(cw.get("LogEnabled"), bool) else None
    if logging is None:
        aws_defaults.append("logging_enabled")  # AWS default: tunnel logging off
        logging = False
    bgp_logging = cw.get("BgpLogEnabled") if isinstance(cw.get("BgpLogEnabled"), bool) else None
    if bgp_logging is None:
        aws_defaults.append("bgp_logging_enabled")
        bgp_logging = False
    lifecycle = opt.get("EnableTunnelLifecycleControl")
    if not isinstance(lifecycle, bool):
        aws_defaults.append("lifecycle_control")  # AWS default: off
        lifecycle = False

    # --- pre-shared key: never kept, only described
    psk: PreSharedKey | None = None
    secret = opt.get("PreSharedKey") if isinstance(opt.get("PreSharedKey"), str) and opt.get("PreSharedKey") else None
    psk_line = line("PreSharedKey") or tunnel_line
    if secret is None and xml is not None and xml.psk:
        secret = xml.psk
        psk_line = xml.psk_line if xml_in_file else tunnel_line
    if secret is not None:
        psk = PreSharedKey.from_secret(secret, encoding="aws", line=psk_line, peer=cgw_ip, name=f"{vpn_id}:{ip}")
    elif secrets_arn:
        psk = PreSharedKey(present=True, encrypted=True, encoding="aws", line=tunnel_line, peer=cgw_ip,
                           name=f"{vpn_id}:{ip}")
    del secret

    ike_defaults = tuple(n for n, side_name in (("versions", "ike_versions"), ("lifetime_seconds", "phase1_lifetime"))
                         if side_name in aws_defaults) + (("mode",) if 1 in versions else ())
    proposal_defaults = tuple(n for n, side_name in (
        ("encryption", "phase1_encryption"), ("integrity", "phase1_integrity"), ("dh_groups", "phase1_dh_groups"),
        ("lifetime_seconds", "phase1_lifetime")) if side_name in aws_defaults)
    ike = IkeConfig(
        name=ip,
        versions=versions,
        mode="main" if 1 in versions else None,  # AWS accepts IKEv1 main mode only
        auth="certificate" if cert_auth else "psk",
        proposals=(IkeProposal(
            name=f"{ip} phase 1",
            encryption=p1_enc,
            integrity=p1_int,
            dh_groups=p1_dh,
            lifetime_seconds=p1_life,
            versions=versions,
            line=line("Phase1EncryptionAlgorithms", "Phase1IntegrityAlgorithms", "Phase1DHGroupNumbers") or tunnel_line,
            defaults=proposal_defaults,
        ),),
        lifetime_seconds=p1_life,
        dpd=Dpd(
            enabled=True,
            timeout_seconds=dpd_timeout,
            action=dpd_action,
            interval_seconds=xml.dpd_interval if xml else None,
            retries=xml.dpd_retries if xml else None,
            line=line("DpdTimeoutAction", "DpdTimeoutSeconds") or tunnel_line,
            defaults=tuple(n for n, side_name in (("timeout_seconds", "dpd_timeout_seconds"),
                                                  ("action", "dpd_timeout_action")) if side_name in aws_defaults),
        ),
        psk=psk,
        line=line("IkeVersions") or tunnel_line,
        defaults=ike_defaults,
    )
    ipsec = IpsecConfig(
        name=ip,
        proposals=(IpsecProposal(
            name=f"{ip} phase 2",
            encryption=p2_enc,
            integrity=p2_int,
            dh_groups=p2_dh,
            line=line("Phase2EncryptionAlgorithms", "Phase2IntegrityAlgorithms", "Phase2DHGroupNumbers") or tunnel_line,
            defaults=tuple(n for n, side_name in (("encryption", "phase2_encryption"), ("integrity", "phase2_integrity"),
                                                  ("dh_groups", "phase2_dh_groups")) if side_name in aws_defaults),
        ),),
        pfs_groups=p2_dh,
        lifetime_seconds=p2_life,
        replay_protection=True,
        replay_window=replay,
        line=line("Phase2DHGroupNumbers", "Phase2EncryptionAlgorithms") or tunnel_line,
        defaults=tuple(n for n, side_name in (("pfs_groups", "phase2_dh_groups"), ("lifetime_seconds", "phase2_lifetime"),
                                              ("replay_window", "replay_window")) if side_name in aws_defaults),
    )

    inside_line = line("TunnelInsideCidr", "TunnelInsideIpv6Cidr") or (
        xml.inside_line if xml and xml_in_file else None) or tunnel_line
    inside = _inside(opt, xml, inside_line)
    bgp = None
    if static_only is False or (static_only is None and xml and xml.customer_asn):
        hold = xml.hold_time if xml and xml.hold_time else None
        bgp = BgpNeighbor(
            neighbor=(inside.local or "").split("/")[0] if inside and inside.local else ip,
            remote_as=cgw_asn,
            local_as=amazon_asn,
            hold_seconds=hold or AWS_BGP_HOLD_SECONDS,
            line=(xml.bgp_line if xml and xml_in_file else None) or tunnel_line,
            defaults=() if hold else ("hold_seconds",),
        )

    active = ctx.active.get((vpn_id, ip), {})
    maintenance = ctx.replacement.get((vpn_id, ip), {})
    details = maintenance.get("MaintenanceDetails", maintenance) if isinstance(maintenance, Mapping) else {}
    details = details if isinstance(details, Mapping) else {}

    def active_alg(key: str) -> str | None:
        value = active.get(key)
        return normalize_algorithm(value) if isinstance(value, str) and value else None

    unknown: tuple[str, ...] = ()
    if xml_in_file and opt_path is None:  # a standalone generic XML: no tunnel options in it
        unknown = ("aws_tunnel_options",)
        startup = dpd_action = None  # type: ignore[assignment]
        logging = bgp_logging = lifecycle = None  # type: ignore[assignment]
        aws_defaults = []
    aws = AwsTunnelOptions(
        outside_ip=ip,
        startup_action=startup,
        dpd_timeout_seconds=dpd_timeout,
        dpd_timeout_action=dpd_action,
        rekey_margin_seconds=rekey_margin,
        rekey_fuzz_percentage=rekey_fuzz,
        replay_window=replay,
        logging_enabled=logging,
        bgp_logging_enabled=bgp_logging,
        lifecycle_control=lifecycle,
        psk_in_secrets_manager=None if cert_auth else secrets_arn,
        telemetry_status=_text(tel.get("Status")),
        telemetry_message=_text(tel.get("StatusMessage")),
        accepted_route_count=_int(tel.get("AcceptedRouteCount")),
        last_status_change=_timestamp(tel.get("LastStatusChange")),
        active_ike_version=_ike_version(active["IkeVersion"]) if active.get("IkeVersion") else None,
        active_phase1_encryption=active_alg("Phase1EncryptionAlgorithm"),
        active_phase1_integrity=active_alg("Phase1IntegrityAlgorithm"),
        active_phase1_dh_group=_int(active.get("Phase1DHGroup")),
        active_phase2_encryption=active_alg("Phase2EncryptionAlgorithm"),
        active_phase2_integrity=active_alg("Phase2IntegrityAlgorithm"),
        active_phase2_dh_group=_int(active.get("Phase2DHGroup")),
        active_provisioning_status=_text(active.get("ProvisioningStatus")),
        pending_maintenance=_text(details.get("PendingMaintenance")),
        maintenance_auto_applied_after=_timestamp(details.get("MaintenanceAutoAppliedAfter")),
        defaults=tuple(aws_defaults),
    )
    return Tunnel(
        name=ip,
        local_address=_text(cgw_ip),
        peer_address=ip,
        routing="route-based",
        inside=inside,
        ike=ike,
        ipsec=ipsec,
        df_bit=("clear" if xml.clear_df_bit else None) if xml and xml.clear_df_bit is not None else None,
        fragmentation=("before-encryption" if xml.fragmentation_before_encryption else "after-encryption")
        if xml and xml.fragmentation_before_encryption is not None else None,
        tcp_mss=xml.tcp_mss if xml else None,
        bgp=bgp,
        aws=aws,
        unknown=unknown,
        line=tunnel_line,
    )
