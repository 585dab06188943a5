"""FortiOS tables -> the model: phase 1 / phase 2 entries joined into tunnels.

- Route-based: ``config vpn ipsec phase1-interface`` + ``phase2-interface`` (joined by
  ``phase1name``), the tunnel interface of the same name in ``config system interface`` (``ip`` /
  ``remote-ip`` = the inside addresses, ``mtu-override`` + ``mtu``, ``tcp-mss``, ``status``) and the
  ``config router bgp`` neighbor on the far inside address.
- Policy-based: ``config vpn ipsec phase1`` + ``phase2``; the firewall policies with
  ``action ipsec`` and ``vpntunnel <phase1>`` give the traffic selectors (address objects resolved
  through ``config firewall address`` / ``addrgrp``).
- A ``proposal`` list such as ``aes256-sha256 aes128gcm-prfsha256`` becomes one proposal per
  word (encryption-integrity, or AEAD encryption-PRF), each offered with every ``dhgrp`` group.
- Unset settings take the documented default of the file's FortiOS version (``defaults.py``) and
  are named in the objects' ``defaults``; a template placeholder (``${psk}``) is an unknown value.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from ... import vocab
from ..._memo import ByIdentity
from ...model import (
    BgpNeighbor,
    BgpProcess,
    DanglingReference,
    Device,
    Dpd,
    IkeConfig,
    IkeProposal,
    InsideAddress,
    IpsecConfig,
    IpsecProposal,
    ParseProblem,
    PreSharedKey,
    TrafficSelector,
    Tunnel,
    Unmodeled,
)
from ...secrets import MASK, mask
from . import defaults as D
from .._base import AddressIndex
from .lexer import Config, Entry, Setting, Table

ENCRYPTION = {
    "des": "DES", "3des": "3DES", "aes128": "AES128", "aes192": "AES192", "aes256": "AES256",
    "aes128gcm": "AES128-GCM-16", "aes256gcm": "AES256-GCM-16", "chacha20poly1305": "CHACHA20-POLY1305",
    "null": "NULL",
}
HASH = {"md5": "MD5", "sha1": "SHA1", "sha256": "SHA2-256", "sha384": "SHA2-384", "sha512": "SHA2-512", "null": "NULL"}
PRF = {"prfsha1": "SHA1", "prfsha256": "SHA2-256", "prfsha384": "SHA2-384", "prfsha512": "SHA2-512"}

# Settings whose value is a secret: never kept, never quoted.
SECRET_KEYS = frozenset({
    "psksecret", "psksecret-remote", "ppk-secret", "authpasswd", "password", "passwd", "secret",
    "group-authentication-secret", "private-key", "key", "md5-key", "auth-password", "priv-password",
    "passphrase", "auth-key",
})

# Phase-1 / phase-2 settings read below, and settings that change nothing a rule judges; any other
# setting in these tables is reported as unmodelled (VPN001), masked.
_P1_READ = {"type", "interface", "ike-version", "local-gw", "remote-gw", "remotegw-ddns", "keylife", "authmethod",
            "mode", "proposal", "psksecret", "dhgrp", "dpd", "dpd-retrycount", "dpd-retryinterval",
            "nattraversal", "localid", "peerid", "ip-fragmentation", "encapsulation", "certificate", "peer",
            "peertype", "fragmentation", "fragmentation-mtu", "keepalive"}
_P1_HARMLESS = {"comments", "wizard-type", "net-device", "add-route", "add-gw-route", "auto-negotiate", "mode-cfg",
                "assign-ip", "assign-ip-from", "ipv4-start-ip", "ipv4-end-ip", "ipv4-netmask", "ipv4-dns-server1",
                "ipv4-dns-server2", "ipv4-dns-server3", "ipv4-split-include", "ipv4-split-exclude", "dns-mode",
                "unity-support", "xauthtype", "usrgrp", "authusrgrp", "aggregate-member", "aggregate-weight",
                "network-overlay", "network-id", "packet-redistribution", "distance", "priority", "monitor",
                "monitor-hold-down-type", "monitor-hold-down-delay", "exchange-interface-ip",
                "exchange-ip-addr4", "tunnel-search", "passive-mode", "auto-discovery-sender",
                "auto-discovery-receiver", "auto-discovery-forwarder", "auto-discovery-psk",
                "auto-discovery-shortcuts", "idle-timeout", "idle-timeoutinterval", "localid-type",
                "npu-offload", "send-cert-chain", "cert-id-validation", "negotiate-timeout", "ip-version",
                "default-gw", "default-gw-priority", "save-password", "client-auto-negotiate",
                "client-keep-alive", "dhcp-ra-giaddr", "mode-cfg-ip-version", "ipv6-start-ip", "ipv6-end-ip",
                "ipv6-prefix", "link-cost", "remote-gw-match", "location-id", "dev-id-notification", "dev-id",
                "ha-sync-esp-seqno", "inbound-dscp-copy", "banner", "domain", "split-include-service",
                "loopback-asymroute", "psksecret-remote", "rekey", "reauth", "childless-ike", "ems-sn-check",
                "dpd-retryinterval-ms", "encap-local-gw4", "encap-remote-gw4", "vni", "fec-egress",
                "fec-ingress", "nattraversal-keepalive", "kms", "mesh-selector-type", "qkd", "internal-domain-list"}
_P2_READ = {"phase1name", "proposal", "pfs", "dhgrp", "keylifeseconds", "keylife-type", "keylifekbs", "replay",
            "encapsulation", "protocol", "src-addr-type", "dst-addr-type", "src-subnet", "dst-subnet",
            "src-name", "dst-name", "src-start-ip", "src-end-ip", "dst-start-ip", "dst-end-ip", "src-port",
            "dst-port", "src-subnet6", "dst-subnet6", "src-name6", "dst-name6"}
_P2_HARMLESS = {"comments", "keepalive", "auto-negotiate", "add-route", "route-overlap", "single-source",
                "dhcp-ipsec", "auto-discovery-sender", "auto-discovery-forwarder", "initiator-ts-narrow",
                "diffserv", "diffservcode", "l2tp", "selector-match", "use-natip", "inbound-dscp-copy",
                "ipv4-df", "keylife-type-kbs"}


def _by_phase1(table: Table) -> dict[str | None, list[Entry]]:
    index: dict[str | None, list[Entry]] = {}
    for entry in table.entries.values():
        index.setdefault(entry.word("phase1name"), []).append(entry)
    return index


def _by_vpntunnel(table: Table) -> dict[str | None, list[Entry]]:
    """The ``action ipsec`` entries of a firewall policy table by the phase 1 they send to."""
    index: dict[str | None, list[Entry]] = {}
    for entry in table.entries.values():
        if entry.word("action") == "ipsec":
            index.setdefault(entry.word("vpntunnel"), []).append(entry)
    return index


def _by_address(neighbors: list[BgpNeighbor]) -> tuple[dict[str, BgpNeighbor], AddressIndex]:
    """A vdom's BGP neighbors: the first of each address as written, and all of them sorted by value."""
    first: dict[str, BgpNeighbor] = {}
    for n in neighbors:
        first.setdefault(n.neighbor, n)
    return first, AddressIndex(_ip(n.neighbor) for n in neighbors)


class Builder:
    def __init__(self, path: str, cfg: Config):
        self.path = path
        self.cfg = cfg
        parsed = D.parse_version(cfg.version)
        self.version: D.Version = parsed or D.ASSUMED_VERSION
        self.version_assumed = parsed is None
        self.unmodeled: dict[int, Unmodeled] = {}
        self.dangling: list[DanglingReference] = []
        self._dangling_seen: set[DanglingReference] = set()  # a list lookup per reference was quadratic
        self.notes: dict[str, str] = {}
        self.keys: list[PreSharedKey] = []
        self.ike_policies: list[IkeProposal] = []
        self.ipsec_proposals: list[IpsecProposal] = []
        self.ipsec_policies: list[IpsecConfig] = []  # phase 2 entries no phase 1 of the file takes
        self._phase2_by_phase1 = ByIdentity(16)  # phase-2 table -> its entries by phase1name
        self._policies_by_tunnel = ByIdentity(16)  # firewall policy table -> its ipsec entries by vpntunnel
        self._neighbors_by_address = ByIdentity(16)  # a vdom's neighbors -> _by_address

    def phase2_entries(self, table: Table, phase1: str) -> list[Entry]:
        """The entries of a phase-2 table naming ``phase1`` (the table indexed once, not scanned per tunnel)."""
        return list(self._phase2_by_phase1.get(_by_phase1, table).get(phase1, ()))

    # -- helpers -------------------------------------------------------------------------------
    def default(self, setting: str) -> str:
        value = D.default(setting, self.version)
        assert value is not None, setting
        return value

    def unmodel(self, setting: Setting) -> None:
        if setting.line in self.unmodeled:
            return
        if setting.key.lower() in SECRET_KEYS or any(w in setting.key.lower() for w in ("secret", "passw")):
            text = f"{setting.verb} {setting.key} {MASK}"
        else:
            text = mask(" ".join([setting.verb, setting.key, *_shown(setting.words)]))
        self.unmodeled[setting.line] = Unmodeled(line=setting.line, text=text)

    def check_known(self, entry: Entry, read: set[str], harmless: set[str]) -> None:
        for key, setting in entry.settings.items():
            if key not in read and key not in harmless:
                self.unmodel(setting)

    def dangle(self, kind: str, name: str, line: int | None, referrer: str) -> None:
        ref = DanglingReference(kind=kind, name=_safe_name(name), line=line, referrer=referrer)
        if ref not in self._dangling_seen:
            self._dangling_seen.add(ref)
            self.dangling.append(ref)

    # -- device --------------------------------------------------------------------------------
    def device(self) -> Device:
        cfg = self.cfg
        hostname = None
        for table in cfg.tables_named("system", "global"):
            word = table.body.word("hostname") if table.body else None
            s = table.body.get("hostname") if table.body else None
            if word and s is not None and not s.unknown:
                hostname = word
        vdoms_with_vpn = sorted({t.vdom or "" for p in ("phase1-interface", "phase1")
                                 for t in cfg.tables_named("vpn", "ipsec", p) if t.entries}, key=str)
        prefix_vdom = len(vdoms_with_vpn) > 1
        tunnels: list[Tunnel] = []
        bgp_process: BgpProcess | None = None
        for vdom_key in vdoms_with_vpn or [""]:
            vdom = vdom_key or None
            bgp, neighbors = self.bgp(vdom)
            if bgp is not None and bgp_process is None:
                bgp_process = bgp
            for kind in ("phase1-interface", "phase1"):
                table = cfg.table("vpn", "ipsec", kind, vdom=vdom)
                if table is None:
                    continue
                for entry in table.entries.values():
                    tunnels.append(self.tunnel(entry, kind, vdom, neighbors, prefix_vdom))
        if bgp_process is None:
            for table in cfg.tables_named("router", "bgp"):
                bgp_process, _ = self.bgp(table.vdom)
                break
        if len(cfg.vdoms) == 1 or (vdoms_with_vpn and len(vdoms_with_vpn) == 1 and vdoms_with_vpn[0]):
            self.notes["vdom"] = vdoms_with_vpn[0] if vdoms_with_vpn and vdoms_with_vpn[0] else cfg.vdoms[0]
        elif prefix_vdom:
            self.notes["vdom"] = "tunnels are named <vdom>/<phase1> (" + ", ".join(vdoms_with_vpn) + ")"
        version_text = cfg.version
        major_minor = f"{self.version[0]}.{self.version[1]}"
        self.notes["defaults_version"] = f"{major_minor} (assumed)" if self.version_assumed else major_minor
        if self.version_assumed:
            self.notes["fortios_version"] = (f"not in the file (no #config-version header): FortiOS "
                                             f"{self.version[0]}.{self.version[1]} defaults assumed")
        else:
            self.notes["fortios_version"] = f"{cfg.version} (from the #config-version header)"
        if cfg.ignored:
            self.notes["ignored_lines"] = (f"{len(cfg.ignored)} line(s) that are no FortiOS CLI statement were "
                                           f"skipped (first at line {cfg.ignored[0]})")
        if cfg.implicit_closes:
            self.notes["unclosed_tables"] = (f"{len(cfg.implicit_closes)} table(s) were still open when the next "
                                             f"top-level config began (first at line {cfg.implicit_closes[0]})")
        problems = [ParseProblem(message=m, line=n) for n, m in cfg.problems]
        if not tunnels and cfg.gui_steps:
            # AWS's "Fortinet Fortigate (GUI)" sample and how-to pages describe the tunnels as GUI
            # steps: nothing of them can be read, which must not pass for "no findings".
            problems.append(ParseProblem(
                message="the IPsec phase 1 / phase 2 settings are described as GUI steps, not FortiOS CLI; "
                        "they are not read, so the tunnels are not checked",
                line=cfg.gui_steps[0]))
        return Device(
            source=self.path, vendor="fortios", hostname=hostname, files=(self.path,), version=version_text,
            tunnels=tuple(tunnels), ike_policies=tuple(self.ike_policies),
            ipsec_proposals=tuple(self.ipsec_proposals), ipsec_policies=tuple(self.ipsec_policies), keys=tuple(self.keys), bgp=bgp_process,
            unmodeled=tuple(sorted(self.unmodeled.values(), key=lambda u: u.line)),
            dangling=tuple(self.dangling), problems=tuple(problems),
            suppressions=tuple(sorted(cfg.suppressions, key=lambda s: s.line)), extra=self.notes)

    # -- phase 1 -------------------------------------------------------------------------------
    def ike(self, p1: Entry, kind: str, label: str) -> tuple[IkeConfig, bool]:
        self.check_known(p1, _P1_READ, _P1_HARMLESS)
        defaults: list[str] = []
        lines: dict[str, int] = {}
        s = p1.settings.get("ike-version")
        if s is None or s.verb == "unset":
            versions: tuple[int, ...] = (int(self.default("phase1 ike-version")),)
            defaults.append("versions")
        elif s.unknown or not s.words or s.words[0] not in ("1", "2"):
            versions = ()
            lines["versions"] = s.line
        else:
            versions = (int(s.words[0]),)
            lines["versions"] = s.line
        mode = None
        if 1 in versions:
            word = p1.word("mode")
            if word in ("main", "aggressive"):
                mode = word
                lines["mode"] = p1.line_of("mode") or p1.line
            elif p1.get("mode") is None:
                mode = "main"
                defaults.append("mode")
        auth_word = p1.word("authmethod")
        auth = {"psk": "psk", "signature": "certificate"}.get(auth_word or "psk", "unknown")
        if auth_word is None:
            defaults.append("auth")
        # lifetime
        life_s = p1.get("keylife")
        lifetime = _int(life_s.words[0]) if life_s and life_s.words and not life_s.unknown else None
        life_default = life_s is None
        if life_default:
            lifetime = int(self.default("phase1 keylife"))
            defaults.append("lifetime_seconds")
        else:
            lines["lifetime_seconds"] = life_s.line  # type: ignore[union-attr]
        # proposals
        proposals = self.ike_proposals(p1, label, versions, auth)
        dpd = self.dpd(p1)
        nat = p1.get("nattraversal")
        if nat is None:
            nat_t: bool | None = True
            defaults.append("nat_traversal")
        else:
            nat_t = None if nat.unknown else nat.words[:1] != ["disable"]
        psk = self.psk(p1, auth, label)
        localid = p1.get("localid")
        peerid = p1.get("peerid")
        ike = IkeConfig(
            name=p1.name, line=p1.line, versions=versions, mode=mode, auth=auth,  # type: ignore[arg-type]
            proposals=tuple(proposals), lifetime_seconds=lifetime, dpd=dpd, psk=psk,
            local_id=_safe_name(localid.words[0]) if localid and localid.words and not localid.unknown else None,
            remote_id=_safe_name(peerid.words[0]) if peerid and peerid.words and not peerid.unknown else None,
            nat_traversal=nat_t, defaults=tuple(defaults), lines=tuple(sorted(lines.items())))
        return ike, True

    def ike_proposals(self, p1: Entry, label: str, versions: tuple[int, ...], auth: str) -> list[IkeProposal]:
        prop = p1.get("proposal")
        dh = p1.get("dhgrp")
        pdefaults: list[str] = []
        if prop is None:
            words = self.default("phase1 proposal").split()
            line = p1.line
            pdefaults += ["encryption", "integrity", "prf"]
        elif prop.unknown:
            self.notes[f"phase1:{label}"] = "proposal is a template placeholder: phase-1 algorithms unknown"
            return []
        else:
            words, line = prop.words, prop.line
        if dh is None:
            groups = tuple(int(g) for g in self.default("phase1 dhgrp").split())
            pdefaults.append("dh_groups")
        elif dh.unknown:
            groups = ()
            self.notes[f"phase1-dhgrp:{label}"] = "dhgrp is a template placeholder: phase-1 DH groups unknown"
        else:
            groups = tuple(g for g in (vocab.dh_group(w) for w in dh.words) if g is not None)
        out = []  # keylife is the phase 1's, not a proposal's: it stays on IkeConfig
        for word in words:
            enc, integ, prf = split_p1(word)
            if enc is None:
                self.unmodel(prop) if prop is not None else None
                continue
            proposal = IkeProposal(
                name=f"{label} proposal {word}", line=line, encryption=(enc,), integrity=integ, prf=prf,
                dh_groups=groups, auth=auth if versions == (1,) else None,  # type: ignore[arg-type]
                versions=versions, defaults=tuple(pdefaults),
                lines=(("dh_groups", dh.line),) if dh is not None else ())
            out.append(proposal)
        self.ike_policies.extend(out)
        return out

    def dpd(self, p1: Entry) -> Dpd:
        s = p1.get("dpd")
        defaults: list[str] = []
        lines: dict[str, int] = {}
        if s is None:
            word = self.default("phase1 dpd")
            defaults += ["enabled", "mode"]
            line = p1.line
        else:
            word = s.words[0] if s.words and not s.unknown else "unknown"
            line = s.line
            lines["enabled"] = s.line
        retry_s, count_s = p1.get("dpd-retryinterval"), p1.get("dpd-retrycount")
        interval = _int(retry_s.words[0]) if retry_s and retry_s.words else None
        if retry_s is None:
            interval = int(self.default("phase1 dpd-retryinterval"))
            defaults.append("interval_seconds")
        else:
            lines["interval_seconds"] = retry_s.line
        retries = _int(count_s.words[0]) if count_s and count_s.words else None
        if count_s is None:
            retries = int(self.default("phase1 dpd-retrycount"))
            defaults.append("retries")
        else:
            lines["retries"] = count_s.line
        if word == "disable":
            return Dpd(enabled=False, line=line, defaults=tuple(defaults), lines=tuple(sorted(lines.items())))
        mode = {"on-demand": "on-demand", "on-idle": "probe-idle"}.get(word)
        return Dpd(enabled=True, interval_seconds=interval, retries=retries, mode=mode,  # type: ignore[arg-type]
                   line=line, defaults=tuple(defaults), lines=tuple(sorted(lines.items())))

    def psk(self, p1: Entry, auth: str, label: str) -> PreSharedKey | None:
        s = p1.get("psksecret")
        if s is None:
            return None
        fields: dict[str, object] = {"line": s.line, "name": label}
        peer = p1.word("remote-gw")
        typ = p1.word("type") or "static"
        if typ == "dynamic":
            fields.update(peer="dynamic (dial-up)", wildcard_peer=True)
        elif peer and not p1.get("remote-gw").unknown:  # type: ignore[union-attr]
            fields["peer"] = peer
        tokens = s.values
        if not tokens:
            key = PreSharedKey(present=True, encoding="other", **fields)  # type: ignore[arg-type]
        elif tokens[0].text == "ENC" and not tokens[0].quoted:
            # Encrypted with the device's key (not reversible here): present and encrypted.
            key = PreSharedKey(present=True, encrypted=True, encoding="other", **fields)  # type: ignore[arg-type]
        elif s.unknown:
            key = PreSharedKey(present=True, encoding="masked", placeholder=True, **fields)  # type: ignore[arg-type]
        elif set(tokens[0].text) == {"*"} or tokens[0].text.startswith("**"):
            key = PreSharedKey(present=True, encoding="masked", **fields)  # type: ignore[arg-type]
        else:
            key = PreSharedKey.from_secret(" ".join(t.text for t in tokens), encoding="plain", **fields)
        self.keys.append(key)
        return key

    # -- phase 2 -------------------------------------------------------------------------------
    def ipsec(self, p2s: list[Entry], label_kind: str) -> tuple[IpsecConfig | None, list[TrafficSelector]]:
        if not p2s:
            return None, []
        first = p2s[0]
        selectors: list[TrafficSelector] = []
        for p2 in p2s:
            self.check_known(p2, _P2_READ, _P2_HARMLESS)
            selectors.append(self.selector(p2))
        defaults: list[str] = []
        lines: dict[str, int] = {}
        prop = first.get("proposal")
        plabel = f"{label_kind} {first.name}"
        pdefaults: tuple[str, ...] = ()
        if prop is None:
            words, line = self.default("phase2 proposal").split(), first.line
            pdefaults = ("encryption", "integrity")
        elif prop.unknown:
            words, line = [], prop.line
            self.notes[f"phase2:{first.name}"] = "proposal is a template placeholder: phase-2 algorithms unknown"
        else:
            words, line = prop.words, prop.line
        proposals = []
        for word in words:
            enc, integ = split_p2(word)
            if enc is None:
                self.unmodel(prop) if prop is not None else None
                continue
            proposals.append(IpsecProposal(name=f"{plabel} proposal {word}", line=line, encryption=(enc,),
                                           integrity=integ, defaults=pdefaults))
        self.ipsec_proposals.extend(proposals)
        pfs_s, dh_s = first.get("pfs"), first.get("dhgrp")
        if pfs_s is not None and pfs_s.words[:1] == ["disable"]:
            pfs: tuple[int, ...] = ()
            lines["pfs_groups"] = pfs_s.line
        else:
            if pfs_s is None:
                defaults.append("pfs")
            if dh_s is None:
                pfs = tuple(int(g) for g in self.default("phase2 dhgrp").split())
                defaults.append("pfs_groups")
            elif dh_s.unknown:
                pfs = ()
                self.notes[f"phase2-dhgrp:{first.name}"] = "dhgrp is a template placeholder: PFS groups unknown"
            else:
                pfs = tuple(g for g in (vocab.dh_group(w) for w in dh_s.words) if g is not None)
            if dh_s is not None:
                lines["pfs_groups"] = dh_s.line
            elif pfs_s is not None:
                lines["pfs_groups"] = pfs_s.line
        life_type = first.word("keylife-type") or "seconds"
        seconds: int | None = None
        kbytes: int | None = None
        if life_type in ("seconds", "both"):
            s = first.get("keylifeseconds")
            if s is None:
                seconds = int(self.default("phase2 keylifeseconds"))
                defaults.append("lifetime_seconds")
            else:
                seconds = _int(s.words[0]) if s.words and not s.unknown else None
                lines["lifetime_seconds"] = s.line
        if life_type in ("kbs", "both"):
            kbytes = _int(first.word("keylifekbs"))
        replay_s = first.get("replay")
        if replay_s is None:
            replay = True
            defaults.append("replay_protection")
        else:
            replay = replay_s.words[:1] != ["disable"]
            lines["replay_protection"] = replay_s.line
        enc_s = first.get("encapsulation")
        mode = "transport" if enc_s is not None and enc_s.words[:1] == ["transport-mode"] else "tunnel"
        if enc_s is None:
            defaults.append("mode")
        else:
            lines["mode"] = enc_s.line
        if len(p2s) > 1:
            self.notes[f"phase2:{first.name}"] = (f"{len(p2s)} phase-2 entries share this phase 1; the first "
                                                  f"({first.name}) gives the tunnel's phase-2 settings")
        cfg = IpsecConfig(name=first.name, line=first.line, protocol="esp", mode=mode,  # type: ignore[arg-type]
                          proposals=tuple(proposals), pfs_groups=pfs, lifetime_seconds=seconds,
                          lifetime_kilobytes=kbytes, replay_protection=replay, defaults=tuple(defaults),
                          lines=tuple(sorted(lines.items())))
        return cfg, selectors

    def selector(self, p2: Entry) -> TrafficSelector:
        def side(prefix: str) -> str:
            typ = p2.word(f"{prefix}-addr-type") or "subnet"
            if typ in ("name", "name6"):
                name = p2.get(f"{prefix}-name" if typ == "name" else f"{prefix}-name6")
                if name is None or not name.words:
                    return "unknown"
                if name.unknown:
                    return "unknown (template placeholder)"
                resolved = self.resolve_address(name.words[0], p2.line)
                return ",".join(resolved) if resolved else _safe_name(name.words[0])
            if typ in ("range", "range6"):
                a, b = p2.get(f"{prefix}-start-ip"), p2.get(f"{prefix}-end-ip")
                if a is None or b is None or a.unknown or b.unknown:
                    return "unknown"
                return f"{a.words[0]}-{b.words[0]}"
            if typ in ("ip", "ip6"):
                a = p2.get(f"{prefix}-start-ip")
                return f"{a.words[0]}/32" if a is not None and a.words and not a.unknown else "unknown"
            s = p2.get(f"{prefix}-subnet6" if typ == "subnet6" else f"{prefix}-subnet")
            if s is None:
                return "0.0.0.0/0" if typ == "subnet" else "::/0"
            if s.unknown:
                return "unknown (template placeholder)"
            return _prefix(s.words) or "unknown"

        proto = p2.word("protocol")
        return TrafficSelector(local=side("src"), remote=side("dst"),
                               protocol=None if proto in (None, "0") else proto, line=p2.line)

    def resolve_address(self, name: str, line: int, depth: int = 0) -> list[str]:
        if depth > 8:
            return []
        for table in self.cfg.tables_named("firewall", "address"):
            entry = table.entries.get(name)
            if entry is not None:
                s = entry.get("subnet")
                if s is not None:
                    return ["unknown (template placeholder)" if s.unknown else (_prefix(s.words) or "unknown")]
                if name == "all":
                    return ["0.0.0.0/0"]
                return []
        for table in self.cfg.tables_named("firewall", "addrgrp"):
            entry = table.entries.get(name)
            if entry is not None:
                out: list[str] = []
                for member in entry.words("member"):
                    out.extend(self.resolve_address(member, line, depth + 1) or [_safe_name(member)])
                return out
        if name == "all":
            return ["0.0.0.0/0"]
        return []

    # -- tunnel ----------------------------------------------------------------------------------
    def tunnel(self, p1: Entry, kind: str, vdom: str | None, neighbors: list[BgpNeighbor],
               prefix_vdom: bool) -> Tunnel:
        name = f"{vdom}/{p1.name}" if prefix_vdom and vdom else p1.name
        label = f"{kind} {p1.name}"
        ike, _ = self.ike(p1, kind, label)
        defaults: list[str] = []
        lines: dict[str, int] = {}
        unknown: list[str] = ["df_bit"]
        p2kind = "phase2-interface" if kind == "phase1-interface" else "phase2"
        p2s: list[Entry] = []
        table = self.cfg.table("vpn", "ipsec", p2kind, vdom=vdom)
        if table is not None:
            p2s = self.phase2_entries(table, p1.name)
        ipsec, selectors = self.ipsec(sorted(p2s, key=lambda e: e.line), p2kind)
        if not p2s:
            self.notes[f"{kind}:{p1.name}"] = f"no {p2kind} entry refers to this phase 1"
        # addresses
        typ = p1.word("type") or "static"
        peer = None
        remote = p1.get("remote-gw")
        if typ == "ddns":
            ddns = p1.get("remotegw-ddns")
            peer = _safe_name(ddns.words[0]) if ddns and ddns.words and not ddns.unknown else None
        elif typ == "static" and remote is not None and not remote.unknown and remote.words:
            peer = _ip(remote.words[0])
            if peer is None:
                self.notes[f"remote-gw:{p1.name}"] = "remote-gw is not an IP address (placeholder text?): peer unknown"
        elif typ == "dynamic":
            self.notes[f"dial-up:{p1.name}"] = "dial-up phase 1 (type dynamic): no fixed peer address"
        ifname = p1.word("interface")
        local = None
        local_gw = p1.get("local-gw")
        if local_gw is not None and local_gw.words and not local_gw.unknown:
            local = _ip(local_gw.words[0])
        if local is None and ifname:
            iface = self.interface(ifname)
            if iface is not None:
                ip_s = iface.get("ip")
                if ip_s is not None and not ip_s.unknown and ip_s.words:
                    local = _ip(ip_s.words[0].split("/")[0])
        encapsulation = "ipsec"
        enc = p1.word("encapsulation")
        if enc in ("gre", "vxlan"):
            encapsulation = "gre" if enc == "gre" else "other"
        # fragmentation
        frag_s = p1.get("ip-fragmentation")
        fragmentation = None
        if frag_s is not None and frag_s.words:
            fragmentation = {"pre-encapsulation": "before-encryption",
                             "post-encapsulation": "after-encryption"}.get(frag_s.words[0])
            lines["fragmentation"] = frag_s.line
        else:
            value = D.default("phase1 ip-fragmentation", self.version)
            if value:
                fragmentation = "after-encryption"
                defaults.append("fragmentation")
        # tunnel interface (route-based)
        inside = None
        bgp = None
        mtu = None
        tcp_mss = None
        enabled = True
        routing = "route-based" if kind == "phase1-interface" else "policy-based"
        if kind == "phase1-interface":
            iface = self.interface(p1.name)
            if iface is not None:
                enabled = iface.word("status") != "down"
                inside, bgp = self.inside(iface, neighbors)
                mtu_s = iface.get("mtu")
                if mtu_s is not None and mtu_s.words and not mtu_s.unknown:
                    mtu = _int(mtu_s.words[0])
                    lines["mtu"] = mtu_s.line
                    if iface.word("mtu-override") != "enable":
                        self.notes[f"mtu:{p1.name}"] = ("mtu is set without mtu-override enable: FortiOS uses "
                                                        "the MTU it derives from the outgoing interface")
                mss_s = iface.get("tcp-mss")
                if mss_s is not None and mss_s.words and not mss_s.unknown:
                    tcp_mss = _int(mss_s.words[0]) or None
                    lines["tcp_mss"] = mss_s.line
            if mtu is None:
                unknown.append("mtu")
            if tcp_mss is None:
                unknown.append("tcp_mss")
        else:
            unknown += ["mtu", "tcp_mss"]
            selectors = selectors + self.policy_selectors(p1.name, vdom)
        return Tunnel(
            name=name, line=p1.line, local_address=local, local_interface=_safe_name(ifname) if ifname else None,
            peer_address=peer, routing=routing, encapsulation=encapsulation, inside=inside,  # type: ignore[arg-type]
            ike=ike, ipsec=ipsec, fragmentation=fragmentation, mtu=mtu, tcp_mss=tcp_mss,  # type: ignore[arg-type]
            traffic_selectors=tuple(selectors), bgp=bgp, enabled=enabled, unknown=tuple(unknown),
            defaults=tuple(defaults), lines=tuple(sorted(lines.items())))

    def interface(self, name: str) -> Entry | None:
        for table in self.cfg.tables_named("system", "interface"):
            entry = table.entries.get(name)
            if entry is not None:
                return entry
        return None

    def inside(self, iface: Entry, neighbors: list[BgpNeighbor]) -> tuple[InsideAddress | None, BgpNeighbor | None]:
        ip_s, remote_s = iface.get("ip"), iface.get("remote-ip")
        if ip_s is None or ip_s.unknown or not ip_s.words:
            return None, None
        local_ip = _ip(ip_s.words[0].split("/")[0])
        if local_ip is None:
            return None, None
        local_len = _mask_len(ip_s.words)
        peer = None
        peer_len = None
        if remote_s is not None and not remote_s.unknown and remote_s.words:
            peer = _ip(remote_s.words[0].split("/")[0])
            peer_len = _mask_len(remote_s.words)
        # AWS samples and FortiOS tunnel interfaces often give the local side /32 and the peer the
        # real /30 (``set remote-ip 169.254.x.1 255.255.255.252``): the inside network is the peer's.
        prefix = local_len
        if (prefix is None or prefix == 32) and peer_len is not None and peer_len < 32:
            prefix = peer_len
        if prefix == 32:
            prefix = None  # point-to-point (``ip A/32`` + ``remote-ip B``): the inside prefix is not said
        local = f"{local_ip}/{prefix}" if prefix is not None else local_ip
        if peer is None and prefix is not None and prefix == 30:
            net = ipaddress.ip_interface(local).network
            peer = next((str(h) for h in net.hosts() if str(h) != local_ip), None)
        # The BGP neighbor: the one at the peer address, else the first other one in the inside subnet
        # (looked up in an index of the vdom's neighbors, not searched for each tunnel).
        first, index = self._neighbors_by_address.get(_by_address, neighbors)
        bgp = first.get(peer) if peer is not None else None
        if bgp is None and prefix is not None and prefix < 32:
            inside = index.inside(ipaddress.ip_interface(local).network)
            bgp = next((neighbors[p] for p in inside if _ip(neighbors[p].neighbor) != local_ip), None)
        return InsideAddress(local=local, peer=peer, line=ip_s.line), bgp

    def policy_selectors(self, phase1: str, vdom: str | None) -> list[TrafficSelector]:
        out: list[TrafficSelector] = []
        table = self.cfg.table("firewall", "policy", vdom=vdom)
        if table is None:
            return out
        for entry in self._policies_by_tunnel.get(_by_vpntunnel, table).get(phase1, ()):
            for src in entry.words("srcaddr") or ["all"]:
                for dst in entry.words("dstaddr") or ["all"]:
                    for local in self.resolve_address(src, entry.line) or [_safe_name(src)]:
                        for remote in self.resolve_address(dst, entry.line) or [_safe_name(dst)]:
                            out.append(TrafficSelector(local=local, remote=remote, action="permit", line=entry.line))
        return out

    def check_policies(self) -> None:
        for table in self.cfg.tables_named("firewall", "policy"):
            p1 = self.cfg.table("vpn", "ipsec", "phase1", vdom=table.vdom)
            for entry in table.entries.values():
                if entry.word("action") != "ipsec":
                    continue
                tunnel = entry.word("vpntunnel")
                if tunnel and (p1 is None or tunnel not in p1.entries):
                    self.dangle("phase1", tunnel, entry.line_of("vpntunnel"), f"firewall policy {entry.name}")
        for p2kind, p1kind in (("phase2-interface", "phase1-interface"), ("phase2", "phase1")):
            for table in self.cfg.tables_named("vpn", "ipsec", p2kind):
                p1 = self.cfg.table("vpn", "ipsec", p1kind, vdom=table.vdom)
                for entry in table.entries.values():
                    ref = entry.get("phase1name")
                    if ref is None or ref.unknown or not ref.words:
                        continue
                    if p1 is None or ref.words[0] not in p1.entries:
                        self.dangle(p1kind, ref.words[0], ref.line, f"{p2kind} {_safe_name(entry.name)}")
                        # Its proposals still exist as objects (like an unattached transform-set): judged
                        # by the 2xx rules, saying no tunnel uses them.
                        orphan, _ = self.ipsec([entry], p2kind)
                        if orphan is not None:  # its PFS group too (VPN212 on a policy no tunnel uses)
                            self.ipsec_policies.append(orphan.model_copy(update={"name": f"{p2kind} {orphan.name}"}))

    # -- BGP -------------------------------------------------------------------------------------
    def route_map_local_preference(self, name: str | None, vdom: str | None) -> int | None:
        """``set set-local-preference N`` of the first rule of route-map ``name`` that sets one."""
        if not name:
            return None
        table = self.cfg.table("router", "route-map", vdom=vdom)
        entry = table.entries.get(name) if table is not None else None
        if entry is None:
            self.dangle("route-map", name, None, "BGP neighbor route-map-in")
            return None
        rules = entry.table("rule")
        for rule in (rules.entries.values() if rules else []):
            value = _int(rule.word("set-local-preference"))
            if value is not None:
                return value
        return None

    def bgp(self, vdom: str | None) -> tuple[BgpProcess | None, list[BgpNeighbor]]:
        table = self.cfg.table("router", "bgp", vdom=vdom)
        if table is None or table.body is None:
            return None, []
        body = table.body
        as_s = body.get("as")
        local_as = _int(as_s.words[0]) if as_s and as_s.words and not as_s.unknown else None
        rid = body.get("router-id")
        router_id = _ip(rid.words[0]) if rid and rid.words and not rid.unknown else None
        keep_g = _int(body.word("keepalive-timer"))
        hold_g = _int(body.word("holdtime-timer"))
        neighbors: list[BgpNeighbor] = []
        ntable = body.table("neighbor")
        for entry in (ntable.entries.values() if ntable else []):
            if entry.placeholder or _ip(entry.name) is None:
                self.notes[f"bgp-neighbor:{_safe_name(entry.name)}"] = "neighbor address is not an IP (placeholder?)"
                continue
            defaults: list[str] = []
            lines: dict[str, int] = {}
            ras = entry.get("remote-as")
            remote_as = _int(ras.words[0]) if ras and ras.words and not ras.unknown else None
            if ras is not None:
                lines["remote_as"] = ras.line
            keep = _int(entry.word("keep-alive-timer")) or keep_g
            hold = _int(entry.word("holdtime-timer")) or hold_g
            if keep is None:
                keep = int(self.default("bgp keepalive-timer"))
                defaults.append("keepalive_seconds")
            if hold is None:
                hold = int(self.default("bgp holdtime-timer"))
                defaults.append("hold_seconds")
            for key, field_name in (("keep-alive-timer", "keepalive_seconds"), ("holdtime-timer", "hold_seconds")):
                if entry.line_of(key):
                    lines[field_name] = entry.line_of(key)  # type: ignore[assignment]
            local_as_n = _int(entry.word("local-as")) or local_as
            local_pref = self.route_map_local_preference(entry.word("route-map-in"), vdom)
            neighbors.append(BgpNeighbor(
                neighbor=entry.name, remote_as=remote_as, local_as=local_as_n, keepalive_seconds=keep,
                hold_seconds=hold, weight=_int(entry.word("weight")), local_preference=local_pref,
                shutdown=entry.word("shutdown") == "enable",
                line=entry.line, defaults=tuple(defaults), lines=tuple(sorted(lines.items()))))
        networks: list[str] = []
        net_table = body.table("network")
        for entry in (net_table.entries.values() if net_table else []):
            s = entry.get("prefix")
            if s is not None and not s.unknown:
                p = _prefix(s.words)
                if p:
                    networks.append(p)
        if networks:
            neighbors = [n.model_copy(update={"advertised_prefixes": tuple(networks)}) for n in neighbors]
        process = BgpProcess(local_as=local_as, router_id=router_id, neighbors=tuple(neighbors),
                             networks=tuple(networks), line=table.line)
        return process, neighbors


# ---------------------------------------------------------------------------------------------
def split_p1(word: str) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """'aes256-sha256' -> (AES256, (SHA2-256,), (SHA2-256,)); 'aes256gcm-prfsha384' ->
    (AES256-GCM-16, (), (SHA2-384,)). Unknown words -> (None, (), ())."""
    enc_word, _, rest = word.lower().partition("-")
    enc = ENCRYPTION.get(enc_word)
    if enc is None:
        return (vocab.unknown(word) if rest else None), (), ()
    if rest in PRF:
        return enc, (), (PRF[rest],)
    if rest in HASH:
        return enc, (() if vocab.is_aead(enc) else (HASH[rest],)), (HASH[rest],)
    return vocab.unknown(word), (), ()


def split_p2(word: str) -> tuple[str | None, tuple[str, ...]]:
    """'aes128-sha1' -> (AES128, (SHA1,)); 'aes256gcm' -> (AES256-GCM-16, ()); 'null-sha1' -> (NULL, (SHA1,))."""
    enc_word, _, rest = word.lower().partition("-")
    enc = ENCRYPTION.get(enc_word)
    if enc is None:
        return (vocab.unknown(word) if rest else None), ()
    if not rest:
        return enc, ()
    if rest in HASH:
        return enc, (HASH[rest],)
    return vocab.unknown(word), ()


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def _ip(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _mask_len(words: list[str]) -> int | None:
    """['169.254.1.2', '255.255.255.252'] -> 30; ['169.254.1.2/30'] -> 30; ['169.254.1.1'] -> None."""
    if words and "/" in words[0]:
        return _int(words[0].split("/", 1)[1])
    if len(words) > 1:
        try:
            return ipaddress.IPv4Network(f"0.0.0.0/{words[1]}").prefixlen
        except ValueError:
            return None
    return None


def _prefix(words: list[str]) -> str | None:
    """['10.0.0.0', '255.255.0.0'] or ['10.0.0.0/16'] -> '10.0.0.0/16'."""
    if not words:
        return None
    try:
        if "/" in words[0]:
            return str(ipaddress.ip_network(words[0], strict=False))
        if len(words) > 1:
            return str(ipaddress.ip_network(f"{words[0]}/{words[1]}", strict=False))
        return str(ipaddress.ip_network(words[0], strict=False))
    except ValueError:
        return None


def _shown(words: Iterable[str]) -> list[str]:
    return [w if len(w) <= 64 else w[:61] + "..." for w in list(words)[:8]]


def _safe_name(name: str) -> str:
    """A name as the model may keep it: masked like any captured text."""
    return mask(name)
