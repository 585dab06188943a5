"""AWS Site-to-Site VPN API dumps: ``aws ec2 describe-vpn-connections`` JSON (or one
VpnConnection object, or vpnaudit's own ``--save-json`` dump), optionally with
``describe-customer-gateways`` / ``describe-vpn-gateways`` output in the same document or in files
given together, and the standalone CustomerGatewayConfiguration XML (``<vpn_connection ...>``).

The conversion itself lives in ``vpnaudit.aws.convert`` (shared with the live ``vpnaudit aws``
path); this module only reads the text, reports what cannot be read, and finds lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..aws.convert import convert_document, convert_xml, is_saved_dump, json_list, load_json
from ..model import Device, ParseProblem
from . import _detect
from ._base import ParseError, SourceFile

VENDOR = "aws"
MULTI_FILE = False

def _looks_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def detect(text: str, path: str) -> int:
    """Confidence 0..100 that ``text`` is ours; the markers live in ``parsers/_detect.py``."""
    return _detect.detect(VENDOR, text, path)


def _gateways(doc: Any, key: str) -> list[Mapping[str, Any]]:
    if isinstance(doc, Mapping) and isinstance(doc.get(key), list):
        return [g for g in doc[key] if isinstance(g, Mapping)]
    if isinstance(doc, Mapping) and is_saved_dump(doc):
        return [g for d in doc["Dumps"] if isinstance(d, Mapping) for g in json_list(d.get(key)) if isinstance(g, Mapping)]
    return []


def _has_connections(doc: Any) -> bool:
    if not isinstance(doc, Mapping):
        return False
    return (
        isinstance(doc.get("VpnConnections"), list)
        or isinstance(doc.get("VpnConnection"), Mapping)
        or bool(doc.get("VpnConnectionId"))
        or is_saved_dump(doc)
    )


def parse(files: Sequence[SourceFile]) -> list[Device]:
    """One Device per VPN connection of every file; gateway dumps given together are shared."""
    loaded: list[tuple[SourceFile, Any]] = []
    xml_files: list[SourceFile] = []
    errors: list[tuple[str, ParseError]] = []
    for f in files:
        if _looks_json(f.text):
            try:
                loaded.append((f, load_json(f.text, f.path)))
            except ParseError as exc:
                errors.append((f.path, exc))
        else:
            xml_files.append(f)
    cgws = [g for _, doc in loaded for g in _gateways(doc, "CustomerGateways")]
    vgws = [g for _, doc in loaded for g in _gateways(doc, "VpnGateways")]

    devices: list[Device] = []
    for f, doc in loaded:
        if isinstance(doc, list):  # a bare list of connections (jq '.VpnConnections')
            doc = {"VpnConnections": doc}
        if not _has_connections(doc):
            continue  # a gateway-only dump: used above, nothing to audit on its own
        devices += convert_document(doc, source=f.path, text=f.text, customer_gateways=cgws, vpn_gateways=vgws)
    for f in xml_files:
        devices += convert_xml(f.text, f.path)
    if errors and len(errors) == len(files):
        raise errors[0][1]
    for path, exc in errors:  # one unreadable file among several: report it, keep the others
        devices.append(Device(source=path, vendor="aws", files=(path,),
                              problems=(ParseProblem(message=exc.message, line=exc.line),)))
    return devices
