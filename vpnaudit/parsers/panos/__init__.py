"""Palo Alto Networks PAN-OS parser: XML running configs, Panorama templates, ``set`` scripts and
config-as-code fragments.

Inputs, all with exact 1-based lines (``reader``):

- the XML running configuration (``show config running``, an exported running-config.xml, an API
  ``<response><result>``), including Panorama, where each template with network settings becomes
  a device of its own (hostname ``template NAME`` unless the template sets one);
- the ``set`` / ``edit`` CLI form (``set network ike crypto-profiles ike-crypto-profiles P hash
  sha256``), also as AWS's sample page writes it (``edit ...`` blocks, ``top``, ``!`` comments);
- config-as-code fragments (PAN-OS skillets, Ansible, Terraform bootstrap): one or more sibling
  ``<entry>`` elements of one kind without the surrounding config, recognised by their children
  (an IKE crypto profile has ``hash``/``dh-group``/``encryption``/``lifetime``, an IPsec profile
  ``esp``/``ah``, a gateway ``protocol``/``peer-address``..., a tunnel ``auto-key``/
  ``tunnel-interface``), or wrapped in their container element (``<gateway>``, ``<ipsec>``...).
  ``{{ var }}`` placeholders are unknown values, never defaults. Fragment files of one directory
  that reference each other by name (a gateway naming a profile defined in another file) form one
  device (``group``); unattached profiles are judged on their own like other vendors' unused
  objects.

The model (``build``): IKE crypto profiles (encryption, hash as integrity and PRF, DH groups,
lifetime) and IPsec crypto profiles (ESP encryption/authentication or AH, PFS group or
``no-pfs``, lifetime, lifesize) at device level; per ``network tunnel ipsec`` a Tunnel with its
``auto-key`` IKE gateway (version ikev1 / ikev2 / ikev2-preferred, exchange mode, the profile per
IKE version, DPD / IKEv2 liveness, NAT-T, pre-shared key, local/peer address and IDs), its IPsec
profile (``default`` when unset), anti-replay and window, ``proxy-id`` selectors (policy-style:
routing ``policy-based``), GRE encapsulation, the tunnel interface's inside address and MTU, a
TCP MSS clamp from ``adjust-tcp-mss`` and the BGP peer (virtual-router or the newer logical-router
form, timers from the connection options or a BGP timer profile) whose address lies in the
tunnel's inside subnet. The predefined profiles ``default``, ``Suite-B-GCM-128`` and
``Suite-B-GCM-256`` expand to their members when referenced but not in the file. Defaults and
their citations: ``defaults``.

Pre-shared keys: a master-key encrypted ``-AQ==...`` key is present and encrypted; a plain key
(a ``set`` script, an API payload) is described by ``PreSharedKey.from_secret`` and forgotten.
Suppressions: ``# vpnaudit: disable=VPN110 -- reason`` before a run of set commands, and XML
comments ``<!-- vpnaudit: disable=VPN110 -- reason -->`` for the element they sit in.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Device, ParseProblem
from .. import _detect
from .._base import ParseError, SourceFile
from .build import Builder, Node, SourceLines, split_scopes
from .reader import Read, set_records, xml_records

VENDOR = "panos"
_VPN_PATHS = (("ike", "crypto-profiles", "ike-crypto-profiles"), ("ike", "crypto-profiles", "ipsec-crypto-profiles"),
              ("ike", "gateway"), ("tunnel", "ipsec"), ("ike", "crypto-profiles", "global-protect-app-crypto-profiles"))
_CONTAINERS = ("template", "template-stack", "container", "cloud", "snippet", "device-group")
MULTI_FILE = True

def detect(text: str, path: str) -> int:
    """Confidence that ``text`` is PAN-OS (markers and scorer in ``parsers/_detect.py``)."""
    return _detect.detect(VENDOR, text, path)


# ---------------------------------------------------------------------------------------------


# What ``group`` read, for ``parse`` to reuse: a folder of PAN-OS files is read once, not twice (and
# with ``--jobs`` the forked workers inherit it). Keyed by path and text; it lives for the run.
_READS: dict[tuple[str, str], Read] = {}


def _read(source: SourceFile) -> Read:
    key = (source.path, source.text)
    read = _READS.pop(key, None)  # each read is reused once: parse follows group
    if read is not None:
        return read
    stripped = source.text.lstrip()
    if stripped.startswith("<"):
        return xml_records(source.text, source.path)
    return set_records(source.text, source.path)


def parse(files: Sequence[SourceFile]) -> list[Device]:
    if not files:
        return []
    reads = [(f, _read(f)) for f in files]
    fragments = [(f, r) for f, r in reads if r.fragment]
    devices: list[Device] = []
    for f, r in reads:
        if not r.fragment:
            devices.extend(_devices(f.path, [(f, r)]))
    if fragments:
        devices.extend(_devices(fragments[0][0].path, fragments))
    return devices


def _devices(source: str, reads: list[tuple[SourceFile, Read]]) -> list[Device]:
    scopes: dict[tuple[str, ...], Node] = {}
    problems: list[ParseProblem] = []
    suppressions = []
    version = None
    ignored: list[int] = []
    kinds: list[str] = []
    multi = len(reads) > 1
    for f, r in reads:
        for prefix, node in split_scopes(r.records, f.path if multi and f.path != source else None).items():
            if prefix in scopes:
                _merge(scopes[prefix], node)
            else:
                scopes[prefix] = node
        problems.extend(p if p.file or not multi or f.path == source else p.model_copy(update={"file": f.path})
                        for p in r.problems)
        suppressions.extend(s if f.path != source else s.model_copy(update={"file": None}) for s in r.suppressions)
        version = version or r.version
        ignored.extend(r.ignored)
        if r.fragment:
            kinds.append(r.fragment)
    if not scopes:
        if problems:
            return [Device(source=source, vendor="panos", files=tuple(f.path for f, _ in reads),
                           problems=tuple(problems), suppressions=tuple(suppressions))]
        raise ParseError("no PAN-OS configuration statements found")
    with_vpn = {k: v for k, v in scopes.items() if any(v.get("network", *p) is not None for p in _VPN_PATHS)}
    with_network = {k: v for k, v in scopes.items() if v.get("network") is not None}
    chosen = with_vpn or dict(list(with_network.items())[:1]) or {next(iter(scopes)): next(iter(scopes.values()))}
    base = scopes.get(("config",)) or scopes.get(())
    extra: dict[str, str] = {}
    if ignored:
        extra["ignored_lines"] = (f"{len(ignored)} line(s) that are not PAN-OS commands were skipped "
                                  f"(first at line {ignored[0]})")
    out: list[Device] = []
    lines = SourceLines({(f.path if multi and f.path != source else None): f.text for f, _ in reads})
    for prefix, node in chosen.items():
        if base is not None and node is not base:  # a template sees the firewall's shared objects too
            for word in ("shared",):
                if word in base.kids and word not in node.kids:
                    node.kids[word] = base.kids[word]
        hostname, _ = node.value("deviceconfig", "system", "hostname")
        if hostname is None:  # a Panorama template (or Prisma Access container): named after it
            for i in range(len(prefix) - 2, -1, -1):
                if prefix[i] in _CONTAINERS:
                    hostname = f"{prefix[i]} {prefix[i + 1]}"
                    break
        builder = Builder(source, node, version, ", ".join(kinds) or None, lines)
        device = builder.device(hostname, list(problems), list(suppressions), extra)
        out.append(device.model_copy(update={"files": tuple(f.path for f, _ in reads)}))
        problems, suppressions = [], []  # reported once, on the first device of the file
    return out


def _merge(into: Node, other: Node) -> None:
    stack = [(into, other)]
    while stack:
        a, b = stack.pop()
        a.values.extend(b.values)
        a.opaque.extend(b.opaque)
        if a.line is None:
            a.line, a.file = b.line, b.file
        for word, kid in b.kids.items():
            if word in a.kids:
                stack.append((a.kids[word], kid))
            else:
                a.kids[word] = kid


# ---------------------------------------------------------------------------------------------
# Multi-file: fragments that reference each other form one device


def _names(read: Read) -> tuple[set[str], set[str]]:
    """(defined, referenced) object names of a file, each as 'kind:name'."""
    defined: set[str] = set()
    referenced: set[str] = set()
    for rec in read.records:
        p = rec.path
        for i in range(len(p) - 1):
            if p[i] in ("ike-crypto-profiles", "ipsec-crypto-profiles") and i >= 1 and p[i - 1] == "crypto-profiles":
                defined.add(f"{p[i]}:{p[i + 1]}")
            elif p[i] == "gateway" and i >= 1 and p[i - 1] == "ike":
                defined.add(f"gateway:{p[i + 1]}")
            elif p[i] == "units" and i >= 1 and p[i - 1] == "tunnel":
                defined.add(f"units:{p[i + 1]}")
            elif p[i] == "ike-gateway" and i >= 1 and p[i - 1] == "auto-key":
                referenced.add(f"gateway:{p[i + 1]}")
        if rec.value is None or len(p) < 1:
            continue
        if p[-1] == "ike-crypto-profile":
            referenced.add(f"ike-crypto-profiles:{rec.value}")
        elif p[-1] == "ipsec-crypto-profile":
            referenced.add(f"ipsec-crypto-profiles:{rec.value}")
        elif p[-1] == "tunnel-interface":
            referenced.add(f"units:{rec.value}")
    return defined, referenced


def _whole_config(text: str) -> bool:
    """A ``set`` script, or XML whose first element is ``<config>``: a whole configuration, never a
    fragment (``reader.xml_records`` marks fragments only among XML without ``<config>``). Looks past
    the XML declaration and comments only; anything else is read to find out."""
    rest = text.lstrip()
    if not rest.startswith("<"):
        return True
    for _ in range(64):  # a bounded number of leading declarations and comments
        if rest.startswith("<?"):
            end = rest.find("?>")
        elif rest.startswith("<!--"):
            end = rest.find("-->")
        else:
            break
        if end < 0:
            return False
        rest = rest[end + 2:].lstrip().lstrip(">").lstrip()
    return rest.startswith("<config") and rest[7:8] in (" ", ">", "\t", "\n", "\r")


def group(files: Sequence[SourceFile]) -> list[list[SourceFile]]:
    """Full configurations stand alone; fragment files join when one names what another defines."""
    reads = [(f, None if _whole_config(f.text) else _read(f)) for f in files]  # whole configs: not read here
    _READS.update(((f.path, f.text), r) for f, r in reads if r is not None)
    singles = [[f] for f, r in reads if r is None or not r.fragment]
    frags = [(f, r) for f, r in reads if r is not None and r.fragment]
    parent = list(range(len(frags)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    names = [_names(r) for _, r in frags]
    for i, (defined_i, refs_i) in enumerate(names):
        for j, (defined_j, refs_j) in enumerate(names):
            if i != j and (refs_i & defined_j or refs_j & defined_i):
                parent[find(i)] = find(j)
    components: dict[int, list[SourceFile]] = {}
    for i, (f, _) in enumerate(frags):
        components.setdefault(find(i), []).append(f)
    return singles + list(components.values())


__all__ = ["MULTI_FILE", "VENDOR", "detect", "group", "parse"]
