"""The normalized model every parser produces and every rule reads.

Names and vocabulary follow the team spec model.md (a public contract: fields may be added, never
renamed or dropped). Every model is frozen and strict: sequences are tuples, vocabulary values are
plain strings from the Literal sets below, so the JSON export stays readable.

Canonical vocabulary (AWS API names, so device and AWS sides compare directly):
- encryption: AES128 AES192 AES256 AES128-GCM-16 AES192-GCM-16 AES256-GCM-16 AES128-GCM-8 ...
  3DES DES NULL, anything else ``UNKNOWN:<raw>``
- integrity / PRF: SHA1 SHA2-256 SHA2-384 SHA2-512 MD5 AES-XCBC ..., else ``UNKNOWN:<raw>``
- DH / PFS groups: IANA numbers (modp1024 = 2, modp2048 = 14, ecp256 = 19, ecp384 = 20, ...)

A pre-shared key is never held: ``PreSharedKey.from_secret`` keeps the length and a few neutral
facts about the characters, plus an in-memory keyed digest (``secrets.key_digest``, random key per
run) that is never exported, then the secret goes out of scope.

Config text kept in the model (names, unmodelled lines, problem messages, dangling references,
suppression reasons, unknown algorithm names, and every value an AWS dump or a Terraform /
CloudFormation file gives: ids, addresses, routes, tags, states) is typed ``Masked``: it passes
through ``secrets.mask`` when the object is built, whichever parser builds it. A plain ``str``
field holds only what vpnaudit itself writes (paths, setting names, rule ids); ``tests/test_record.py``
keeps that list.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Annotated, Literal

from ._record import Record, field
from .secrets import key_digest

# Config text that enters the model: masked on the way in (see the module docstring and ``_record``:
# every field whose annotation names ``Masked`` passes through ``secrets.mask`` when an object is built).
Masked = Annotated[str, "masked"]

Vendor = Literal["cisco-ios", "cisco-asa", "junos", "checkpoint", "strongswan", "fortios", "panos", "aws", "unknown"]
Routing = Literal["route-based", "policy-based"]
IkeMode = Literal["main", "aggressive"]
IkeAuth = Literal["psk", "certificate", "eap", "xauth", "rsa-encr", "rsa-raw", "none", "unknown"]
IpsecProtocol = Literal["esp", "ah", "esp+ah"]
IpsecMode = Literal["tunnel", "transport"]
DfBit = Literal["clear", "set", "copy"]
Fragmentation = Literal["before-encryption", "after-encryption"]
Encapsulation = Literal["ipsec", "gre", "ipip", "other"]
PskEncoding = Literal[
    "plain",  # visible in the config (Cisco type 0, strongSwan plain, Check Point clear)
    "cisco-type6",  # Cisco AES-encrypted
    "cisco-type7",  # Cisco Vigenere (reversible, but not stored in the clear)
    "junos-9",  # Junos $9$
    "hashed",  # one-way hash (ASA $sha512$)
    "masked",  # '*****' or '<removed>' in an export: the key exists but is not visible
    "aws",  # AWS tunnel option / XML (visible to whoever can read the API)
    "other",
]


class Node(Record):
    """Base of every model object: frozen, no stray fields (types checked strictly under test, see ``_record``)."""


class Located(Node):
    """An object a user may need to edit: it knows where it was defined.

    ``line`` is 1-based from the start of the file as given. ``file`` is set only when the object
    comes from another file than the device's ``source`` (multi-file devices such as strongSwan
    or Check Point). ``defaults`` names the fields that were not configured and carry the vendor's
    documented default instead, so a rule can say "not set; the default 86400 applies".
    """

    line: int | None = None
    file: str | None = None
    defaults: tuple[str, ...] = ()
    # The line of a setting inside the object when it has its own line (``set pfs group2`` inside
    # ``crypto ipsec profile P``): (field name, 1-based line) pairs, a tuple so models stay
    # hashable. A finding about that setting points there, else at ``line``. Exported as a map,
    # and left out of the JSON export when empty.
    lines: tuple[tuple[str, int], ...] = ()

    def _dump_hook(self, data: dict[str, object], as_json: bool) -> dict[str, object]:
        if not self.lines:
            data.pop("lines", None)
        elif as_json and "lines" in data:
            data["lines"] = dict(self.lines)
        return data

    def line_of(self, setting: str) -> int | None:
        """The line of ``setting`` inside this object, when the parser knows it."""
        return next((number for name, number in self.lines if name == setting), None)


class IkeProposal(Located):
    """A phase-1 proposal. IKEv1 policies hold one entry per list; IKEv2 proposals hold sets."""

    name: Masked | None = None
    encryption: tuple[Masked, ...] = ()
    integrity: tuple[Masked, ...] = ()
    prf: tuple[Masked, ...] = ()
    dh_groups: tuple[int, ...] = ()
    auth: IkeAuth | None = None  # IKEv1 policies carry their own authentication method
    lifetime_seconds: int | None = None  # IKEv1 policies carry their own lifetime
    versions: tuple[int, ...] = ()  # which IKE versions this proposal is for, when known


class Dpd(Located):
    """Dead-peer detection / IKE keepalive. ``enabled`` False records an explicit 'off'."""

    enabled: bool = True
    interval_seconds: int | None = None
    retries: int | None = None
    timeout_seconds: int | None = None  # total time to declare the peer dead, when configured so
    retry_interval_seconds: int | None = None  # seconds between retransmissions (ASA "retry N")
    action: Masked | None = None  # clear / restart / hold / none (strongSwan, AWS)
    mode: Literal["periodic", "on-demand", "optimized", "probe-idle", "always-send"] | None = None


# Keys that sample configs and templates use in place of a real one (AWS's own documentation pages
# say `pre-shared-key`, `plain-text-password1`, `password_here`; templates say `<psk>`, `{{ psk }}`).
# One rule for every vendor: a bracketed or templated value (``<psk>``, ``[add your key]``, ``{{ psk }}``,
# also when a one-word key field cut it at the first space: ``[add`` of ``key [add your key]``;
# ``${PSK}``, ``$PSK``, ``%PSK%``), a run of x / * / dots, an instruction ("add/insert/enter/your ...
# key", "... here"), a word that names the thing itself, or an ALL-CAPS name
# with an underscore (``FIRST_KEY``, ``TUNNEL1_PSK``), Python / Jinja
# fields (``{psk}``, ``{% ... %}``).
_PLACEHOLDER = re.compile(
    r"(?i)^(<.*|\[.*|\{\{.*\}\}|\{%.*|\{[A-Za-z_][\w.]*\}|\$\{[^}]*\}|\$[A-Za-z_]\w*|%\w+%|x{3,}|\*{3,}|\.{3,}|…|"
    r"pre[-_]?shared[-_]?key\d*|plain[-_]?text[-_]?password\d*|password[-_]?here|"
    r"(your|add|insert|enter|put|replace)[-_ ].*|.*[-_ ]here|"
    r"changeme|change[-_]?me|secret|psk|key|password|shared[-_]?secret|placeholder.*)$"
)
_CAPS_PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")  # FIRST_KEY, YOUR_PSK, TUNNEL1_SHARED_SECRET


def is_placeholder(secret: str) -> bool:
    """True for a documentation / template stand-in instead of a real key (one rule, all vendors)."""
    value = secret.strip()
    return bool(_PLACEHOLDER.match(value) or _CAPS_PLACEHOLDER.match(value))


class PreSharedKey(Located):
    """A pre-shared key, described without the key itself."""

    present: bool = True
    encrypted: bool = False
    encoding: PskEncoding = "plain"
    length: int | None = None  # characters of the visible key
    # Neutral facts about the visible key's characters (rules judge them).
    charset: tuple[str, ...] = ()  # subset of lower, upper, digit, dot, underscore, other
    starts_with_zero: bool | None = None
    entropy_bits: float | None = None  # Shannon estimate: length x per-char entropy
    placeholder: bool = False  # a documentation placeholder ("pre-shared-key", "<psk>"), not a real key
    # bytes, not text (strongSwan 0x / 0s that are not printable ASCII): AWS cannot hold it. Internal to
    # the rules (VPN302 / VPN303), not part of the export contract (spec/model.md).
    binary: bool = field(default=False, exclude=True)
    peer: Masked | None = None  # the peer address / selector the key is bound to ("0.0.0.0/0", "%any")
    wildcard_peer: bool = False
    name: Masked | None = None  # keyring / tunnel-group / secret id the key lives in
    # Keyed digest of the visible key (``secrets.key_digest``): compares two keys in this run
    # only; never written, printed or compared across runs (with --jobs it crosses the pipe from a
    # worker process to its parent, inside the pickled model; see ``secrets.run_key_initializer``).
    _digest: bytes | None = None

    @property
    def digest(self) -> bytes | None:
        return self._digest

    def same_key(self, other: PreSharedKey | None) -> bool | None:
        """True / False when both keys are visible, None when either side cannot be compared."""
        if other is None or self._digest is None or other._digest is None:
            return None
        return self._digest == other._digest

    @classmethod
    def from_secret(cls, secret: str, **fields: object) -> PreSharedKey:
        """Describe ``secret`` and forget it."""
        classes = []
        for label, test in (
            ("lower", str.islower),
            ("upper", str.isupper),
            ("digit", str.isdigit),
        ):
            if any(test(c) and c.isascii() for c in secret):
                classes.append(label)
        if "." in secret:
            classes.append("dot")
        if "_" in secret:
            classes.append("underscore")
        if any(not (c.isascii() and (c.isalnum() or c in "._")) for c in secret):
            classes.append("other")
        counts = Counter(secret)
        per_char = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values()) if secret else 0.0
        fields.setdefault("encoding", "plain")
        fields.setdefault("placeholder", is_placeholder(secret))
        key = cls(
            present=True,
            length=len(secret),
            charset=tuple(classes),
            starts_with_zero=secret.startswith("0"),
            entropy_bits=round(per_char * len(secret), 1),
            **fields,  # type: ignore[arg-type]
        )
        key._digest = key_digest(secret)
        return key

    @classmethod
    def from_bytes(cls, data: bytes, **fields: object) -> PreSharedKey:
        """Describe a key given as bytes (strongSwan ``0x`` hex / ``0s`` base64) and forget it.

        AWS holds a PSK as text, so the key AWS would have to hold is these bytes read as text: when
        they are printable ASCII they are measured exactly like a key written as text; otherwise
        the key is binary (``binary``), ``length`` counts bytes and each byte is worth 8 bits.
        """
        try:
            text = data.decode("ascii")
        except UnicodeDecodeError:
            text = None
        if text is not None and text.isprintable() and text:
            return cls.from_secret(text, **fields)
        key = cls.from_secret(data.decode("latin-1"), **fields)
        return key.model_copy(update={"length": len(data), "charset": ("other",), "binary": True,
                                      "entropy_bits": float(8 * len(data)), "placeholder": False,
                                      "starts_with_zero": False})

    def __repr__(self) -> str:  # never a digest in logs either
        return f"PreSharedKey(encoding={self.encoding!r}, length={self.length}, line={self.line})"

    __str__ = __repr__


class IkeConfig(Located):
    """Phase 1 of one tunnel: what the device will offer and accept."""

    name: Masked | None = None  # profile / gateway / policy name
    versions: tuple[int, ...] = ()
    mode: IkeMode | None = None  # IKEv1 exchange mode
    auth: IkeAuth | None = None
    proposals: tuple[IkeProposal, ...] = ()
    lifetime_seconds: int | None = None
    dpd: Dpd | None = None
    psk: PreSharedKey | None = None
    local_id: Masked | None = None
    remote_id: Masked | None = None
    nat_traversal: bool | None = None


class IpsecProposal(Located):
    """A phase-2 proposal (transform-set, ipsec-proposal, esp= string)."""

    name: Masked | None = None
    protocol: IpsecProtocol = "esp"
    mode: IpsecMode | None = None  # transform-sets carry the mode on IOS
    encryption: tuple[Masked, ...] = ()
    integrity: tuple[Masked, ...] = ()
    dh_groups: tuple[int, ...] = ()  # strongSwan esp= strings carry the PFS groups


class IpsecConfig(Located):
    """Phase 2 of one tunnel."""

    name: Masked | None = None  # ipsec profile / crypto map entry / ipsec policy
    protocol: IpsecProtocol = "esp"
    mode: IpsecMode = "tunnel"
    proposals: tuple[IpsecProposal, ...] = ()
    pfs_groups: tuple[int, ...] = ()  # empty = PFS off
    lifetime_seconds: int | None = None
    lifetime_kilobytes: int | None = None
    replay_protection: bool | None = None
    replay_window: int | None = None


class InsideAddress(Node):
    local: Masked | None = None  # "169.254.10.2/30" (with prefix when known)
    peer: Masked | None = None  # "169.254.10.1"
    line: int | None = None
    file: str | None = None


class TrafficSelector(Located):
    local: Masked
    remote: Masked
    protocol: Masked | None = None  # "ip", "tcp", ...
    action: Masked | None = None  # permit / deny for ACL-derived selectors


class BgpNeighbor(Located):
    neighbor: Masked
    remote_as: int | None = None
    local_as: int | None = None
    keepalive_seconds: int | None = None
    hold_seconds: int | None = None
    weight: int | None = None
    local_preference: int | None = None
    advertised_prefixes: tuple[Masked, ...] = ()  # what the config advertises to this neighbor
    advertised_prefix_count: int | None = None  # when only a count is known
    shutdown: bool = False


class AwsTunnelOptions(Node):
    """What only the AWS side knows about a tunnel (DescribeVpnConnections and friends)."""

    outside_ip: Masked
    startup_action: Masked | None = None  # add | start
    dpd_timeout_seconds: int | None = None
    dpd_timeout_action: Masked | None = None  # clear | none | restart
    rekey_margin_seconds: int | None = None
    rekey_fuzz_percentage: int | None = None
    replay_window: int | None = None
    logging_enabled: bool | None = None
    bgp_logging_enabled: bool | None = None
    lifecycle_control: bool | None = None
    psk_in_secrets_manager: bool | None = None
    telemetry_status: Masked | None = None  # UP | DOWN
    telemetry_message: Masked | None = None
    accepted_route_count: int | None = None
    last_status_change: Masked | None = None
    # GetActiveVpnTunnelStatus: what was actually negotiated.
    active_ike_version: int | None = None
    active_phase1_encryption: Masked | None = None
    active_phase1_integrity: Masked | None = None
    active_phase1_dh_group: int | None = None
    active_phase2_encryption: Masked | None = None
    active_phase2_integrity: Masked | None = None
    active_phase2_dh_group: int | None = None
    active_provisioning_status: Masked | None = None
    # GetVpnTunnelReplacementStatus
    pending_maintenance: Masked | None = None
    maintenance_auto_applied_after: Masked | None = None
    defaults: tuple[str, ...] = ()  # which tunnel options were unset and carry the AWS default
    # Declared in code (Terraform / CloudFormation): how the code names this tunnel's options, the
    # HCL argument prefix ("tunnel1", "vpn_connection_tunnel1") or the CloudFormation list item
    # ("VpnTunnelOptionsSpecifications[0]"), so a fix can be written as the code to change.
    declared_as: Masked | None = None


class Tunnel(Located):
    """One IPsec tunnel, joined from whatever objects the vendor spreads it over."""

    name: Masked
    local_address: Masked | None = None
    local_interface: Masked | None = None
    peer_address: Masked | None = None
    routing: Routing = "route-based"
    encapsulation: Encapsulation = "ipsec"  # gre / ipip = extra encapsulation inside IPsec
    inside: InsideAddress | None = None
    ike: IkeConfig | None = None
    ipsec: IpsecConfig | None = None
    df_bit: DfBit | None = None
    fragmentation: Fragmentation | None = None
    mtu: int | None = None
    tcp_mss: int | None = None
    traffic_selectors: tuple[TrafficSelector, ...] = ()
    bgp: BgpNeighbor | None = None
    enabled: bool = True  # shutdown / inactive / auto=ignore
    # Settings the parsed files cannot tell because they live elsewhere (the Linux firewall for a
    # strongSwan gateway's MSS clamp, Check Point's kernel parameters): rules leave them unjudged.
    unknown: tuple[Masked, ...] = ()
    aws: AwsTunnelOptions | None = None  # only on vendor "aws"


class Unmodeled(Node):
    line: int
    text: Masked
    file: str | None = None


class DanglingReference(Node):
    """A name used but not defined: ``kind`` of the missing object, ``name``, where it is used."""

    kind: str  # transform-set, ike-proposal, ipsec-profile, keyring, gateway, acl, interface, ...
    name: Masked
    line: int | None = None
    file: str | None = None
    referrer: Masked | None = None  # what refers to it ("crypto map VPN 10")


class ParseProblem(Node):
    """Something the parser could not read (becomes VPN000)."""

    message: Masked
    line: int | None = None
    file: str | None = None


class InlineSuppression(Node):
    """``vpnaudit: disable=VPN110[,VPN111] -- reason`` in the vendor's comment syntax.

    It applies to findings whose line lies in ``scope_start..scope_end`` (the stanza it sits in,
    or the stanza right after a top-level comment).
    """

    rule_ids: tuple[str, ...]
    reason: Masked | None = None
    line: int
    scope_start: int
    scope_end: int
    file: str | None = None


class AwsConnection(Node):
    """Connection-level metadata of a device of vendor "aws"."""

    id: Masked
    region: Masked | None = None
    account: Masked | None = None
    state: Masked | None = None
    type: Masked | None = None
    category: Masked | None = None
    gateway: Masked | None = None  # vgw-... / tgw-... / Cloud WAN attachment
    gateway_type: Literal["vgw", "tgw", "cloudwan", "none"] | None = None
    customer_gateway: Masked | None = None
    customer_gateway_ip: Masked | None = None
    customer_gateway_asn: int | None = None
    amazon_side_asn: int | None = None
    static_routes_only: bool | None = None
    static_routes: tuple[Masked, ...] = ()
    tunnel_inside_ip_version: Masked | None = None
    acceleration: bool | None = None
    tags: tuple[tuple[Masked, Masked], ...] = ()
    telemetry: tuple[AwsTunnelOptions, ...] = ()  # kept here too for the JSON export
    # A connection declared in code, not read from AWS: "terraform" or "cloudformation". Rules that
    # need a running tunnel do not judge it; fixes are written as HCL / template properties.
    declared_in: Literal["terraform", "cloudformation"] | None = None


class BgpProcess(Located):
    local_as: int | None = None
    router_id: Masked | None = None
    neighbors: tuple[BgpNeighbor, ...] = ()
    networks: tuple[Masked, ...] = ()  # network statements / exported prefixes


class Device(Node):
    """One customer gateway (or one AWS VPN connection) as the rules see it."""

    source: str
    vendor: Vendor
    hostname: Masked | None = None
    files: tuple[str, ...] = ()  # every file the device was read from (first is ``source``)
    version: Masked | None = None  # OS version string when the config says
    tunnels: tuple[Tunnel, ...] = ()
    # Objects that exist whether or not a tunnel uses them, so rules can judge them all.
    ike_policies: tuple[IkeProposal, ...] = ()
    ipsec_proposals: tuple[IpsecProposal, ...] = ()
    # Phase-2 policies (IOS ipsec profiles / crypto map entries, Junos ipsec policies) named by their
    # kind and name, whether or not a tunnel uses them; a tunnel's ``ipsec`` is the one at its line.
    ipsec_policies: tuple[IpsecConfig, ...] = ()
    keys: tuple[PreSharedKey, ...] = ()
    bgp: BgpProcess | None = None
    global_df_bit: DfBit | None = None
    global_fragmentation: Fragmentation | None = None
    unmodeled: tuple[Unmodeled, ...] = ()
    dangling: tuple[DanglingReference, ...] = ()
    problems: tuple[ParseProblem, ...] = ()
    suppressions: tuple[InlineSuppression, ...] = ()
    connection: AwsConnection | None = None
    extra: dict[Masked, Masked] = field(default_factory=dict)  # vendor notes worth showing, never secrets

    def export(self) -> dict[str, object]:
        """The public JSON shape of ``vpnaudit parse --format json``."""
        return self.model_dump(mode="json", exclude_none=True)


def device_label(device: Device) -> str:
    """The device part of a finding's identity: the connection id for AWS, else the source path."""
    if device.connection is not None:
        return device.connection.id
    return device.source
