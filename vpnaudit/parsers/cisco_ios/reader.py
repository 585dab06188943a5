"""``_Reader``: collects every crypto object of one IOS config and joins them into ``Tunnel`` objects."""

from __future__ import annotations

import ipaddress

from ...model import (
    BgpNeighbor,
    BgpProcess,
    DanglingReference,
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
from ...secrets import mask
from .._base import AddressIndex, Line, interface_name
from .defaults import _AH_AUTH, _AUTH, _ENC_V1, _ENC_V2, _ESP_AUTH, _ESP_ENC, _HASH, _IKEV2_LIFETIME_DEFAULT, _IPSEC_LIFETIME_DEFAULT, _REPLAY_WINDOW_DEFAULT, _V2_DEFAULT_LEGACY, _V2_DEFAULT_XE16
from .lexer import Longest, interface_key, _covers, _int, _ip, _mask_len, _net, _words
from .objects import _Interface, _IsakmpProfile, _Keyring, _Phase2, _V2KeyPeer, _V2Policy, _V2Profile, _ace, _dh, _dpd, _dpd_values, _is_wildcard, _other_host, _peer_from, _psk

class _Reader:
    """Collects IOS objects from the tree, then joins them into a Device."""

    def __init__(self, path: str, roots: list[Line]):
        self.path = path
        self.roots = roots
        self.hostname: str | None = None
        self.version: str | None = None
        self.isakmp_policies: list[tuple[int, IkeProposal]] = []  # appended to only
        self._ikev1_proposals: tuple[int, tuple[IkeProposal, ...]] | None = None  # (policies, sorted)
        self.v2_proposals: dict[str, IkeProposal] = {}
        self.v2_policies: list[_V2Policy] = []
        self.v2_profiles: dict[str, _V2Profile] = {}
        self.v2_keypeers: dict[str, list[_V2KeyPeer]] = {}
        self.global_keys: list[PreSharedKey] = []
        # Indexes for the lookups of ``tunnels()`` (built after ``collect()``, when the objects are all read):
        self._key_index: dict[tuple[str, ...], tuple[Longest, tuple[int, PreSharedKey] | None]] = {}
        self._profile_index: Longest | None = None
        self._v2_peer_index: dict[str, Longest] = {}
        self._neighbor_index: tuple[BgpProcess, AddressIndex] | None = None
        self._dynamic_profile: tuple[_IsakmpProfile | None] | None = None
        self._keepalive: bool | None = None
        self.keyrings: dict[str, _Keyring] = {}
        self.isakmp_profiles: dict[str, _IsakmpProfile] = {}
        self.transform_sets: dict[str, IpsecProposal] = {}
        self.profiles: dict[str, _Phase2] = {}
        self.crypto_maps: list[_Phase2] = []
        self._map_entries: dict[tuple[str, str, int], _Phase2] = {}  # (kind, map, seq) -> its entry (a lookup, not a search)
        self.dynamic_maps: dict[str, list[_Phase2]] = {}
        self.crypto_map_local: dict[str, str] = {}
        self.interfaces: dict[str, _Interface] = {}
        self._by_address: dict[str, str] | None = None  # interface address -> name (interface_address)
        # (interfaces indexed, number -> [(lower-case type, interface)]) for find_interface
        self._by_number: tuple[int, dict[str, list[tuple[str, _Interface]]]] | None = None
        self._physical: tuple[int, bool] | None = None  # (interfaces when asked, the answer)
        self.acls: dict[str, list[TrafficSelector]] = {}
        self.global_dpd: Dpd | None = None
        self.v2_global_dpd: Dpd | None = None
        self.aggressive_peers: dict[str, int] = {}
        self.aggressive_disabled = False
        self.df_bit: tuple[str, int] | None = None
        self.fragmentation: tuple[str, int] | None = None
        self.sa_lifetime: int | None = None
        self.global_lines: dict[str, int] = {}  # global crypto ipsec settings -> their lines
        self.sa_lifetime_kb: int | None = None
        self.replay: bool | None = None
        self.replay_window: int | None = None
        self.nat_t: bool | None = None
        self.isakmp_enabled = True
        self.unmodeled: list[Unmodeled] = []
        self.dangling: list[DanglingReference] = []
        self._v2_offers: dict[str | None, tuple[IkeProposal, ...]] = {}  # local address -> IKEv2 offer
        self.problems: list[ParseProblem] = []

    # -- bookkeeping -------------------------------------------------------------------------
    def unknown(self, line: Line) -> None:
        self.unmodeled.append(Unmodeled(line=line.number, text=mask(line.text)))

    def dangle(self, kind: str, name: str, line: int | None, referrer: str) -> None:
        self.dangling.append(DanglingReference(kind=kind, name=name, line=line, referrer=referrer))

    # -- pass 1: collect ---------------------------------------------------------------------
    def collect(self) -> None:
        for root in self.roots:
            try:
                self._root(root)
            except Exception as exc:  # a parser bug must not hide the rest of the file
                self.problems.append(ParseProblem(
                    message=f"internal error while reading this stanza ({type(exc).__name__})", line=root.number))

    def _root(self, root: Line) -> None:
        w = _words(root)
        if not w:
            return
        head = w[0]
        if head == "hostname" and len(w) > 1 and self.hostname is None:
            self.hostname = w[1]
        elif head == "version" and len(w) > 1 and self.version is None:
            self.version = w[1]
        elif head == "interface" and len(w) > 1:
            self._interface(root, w)
        elif head == "ip" and w[1:3] == ["access-list", "extended"] and len(w) > 3:
            self._acl_named(root, w[3])
        elif head == "access-list" and len(w) > 2:
            self._acl_numbered(root, w)
        elif head == "crypto":
            self._crypto(root, w)
        elif head == "no" and w[1:2] == ["crypto"]:
            self._no_crypto(root, w[1:])

    def _no_crypto(self, root: Line, w: list[str]) -> None:
        if w[:3] == ["crypto", "isakmp", "enable"]:
            self.isakmp_enabled = False
        elif w[:3] == ["crypto", "isakmp", "nat-traversal"] or w[:4] == [
                "crypto", "ipsec", "nat-transparency", "udp-encapsulation"]:
            self.nat_t = False
        elif w[:2] == ["crypto", "engine"] or w[:3] in (["crypto", "pki"], ["crypto", "ca"]):
            return
        else:
            self.unknown(root)

    # crypto dispatch
    _IGNORED = (
        ("crypto", "pki"), ("crypto", "ca"), ("crypto", "key"), ("crypto", "engine"), ("crypto", "csr-params"),
        ("crypto", "logging"), ("crypto", "mib"), ("crypto", "isakmp", "identity"),
        ("crypto", "isakmp", "invalid-spi-recovery"), ("crypto", "isakmp", "nat"),
        ("crypto", "isakmp", "enable"), ("crypto", "ipsec", "nat-transparency"),
        ("crypto", "ipsec", "security-association", "pmtu-aging"),
        ("crypto", "ipsec", "security-association", "idle-time"), ("crypto", "ikev2", "nat"),
        ("crypto", "ikev2", "cookie-challenge"), ("crypto", "ikev2", "limit"), ("crypto", "ikev2", "window"),
        ("crypto", "ikev2", "certificate-cache"), ("crypto", "ikev2", "diagnose"),
    )

    def _crypto(self, root: Line, w: list[str]) -> None:
        for prefix in self._IGNORED:
            if tuple(w[: len(prefix)]) == prefix:
                return
        sub = w[1:3]
        if sub == ["isakmp", "policy"] and len(w) > 3:
            self._isakmp_policy(root, w)
        elif sub == ["isakmp", "key"]:
            self._isakmp_key(root, root.words)
        elif sub == ["isakmp", "keepalive"]:
            self.global_dpd = _dpd(w[3:], root.number)
        elif sub == ["isakmp", "profile"] and len(w) > 3:
            self._isakmp_profile(root, w[3])
        elif sub == ["isakmp", "aggressive-mode"] and w[3:4] == ["disable"]:
            self.aggressive_disabled = True
        elif sub == ["isakmp", "peer"] and len(w) > 4:
            self._isakmp_peer(root, w)
        elif w[1:2] == ["keyring"] and len(w) > 2:
            self._keyring(root, w[2])
        elif sub == ["ikev2", "proposal"] and len(w) > 3:
            self._v2_proposal(root, w[3])
        elif sub == ["ikev2", "policy"] and len(w) > 3:
            self._v2_policy(root, w[3])
        elif sub == ["ikev2", "keyring"] and len(w) > 3:
            self._v2_keyring(root, w[3])
        elif sub == ["ikev2", "profile"] and len(w) > 3:
            self._v2_profile(root, w[3])
        elif sub == ["ikev2", "dpd"]:
            self.v2_global_dpd = _dpd(w[3:], root.number)
        elif sub == ["ipsec", "transform-set"] and len(w) > 4:
            self._transform_set(root, w)
        elif sub == ["ipsec", "profile"] and len(w) > 3:
            self._ipsec_profile(root, w[3])
        elif sub == ["ipsec", "df-bit"] and len(w) > 3 and w[3] in ("clear", "set", "copy"):
            self.df_bit = (w[3], root.number)
        elif sub == ["ipsec", "fragmentation"] and len(w) > 3 and w[3] in ("before-encryption", "after-encryption"):
            self.fragmentation = (w[3], root.number)
        elif sub == ["ipsec", "security-association"]:
            self._global_sa(root, w[3:])
        elif w[1:2] == ["map"] and len(w) > 2:
            self._crypto_map(root, w)
        elif w[1:2] == ["dynamic-map"] and len(w) > 3 and _int(w[3]) is not None and len(w) == 4:
            entries = self.dynamic_maps.setdefault(w[2], [])
            seq = _int(w[3]) or 0
            entry = self._map_entries.get(("dynamic", w[2], seq))  # a repeated header continues the entry
            if entry is None:
                entry = _Phase2(name=f"{w[2]} {w[3]}", line=root.number, map_name=w[2], seq=seq,
                                kind="crypto dynamic-map")
                entries.append(entry)
                self._map_entries["dynamic", w[2], seq] = entry
            self._phase2_children(root, entry, f"crypto dynamic-map {w[2]} {w[3]}", crypto_map=True)
        else:
            self.unknown(root)
            for child in root.walk():
                if child is not root:
                    self.unknown(child)

    # IKEv1 ----------------------------------------------------------------------------------
    def _isakmp_policy(self, root: Line, w: list[str]) -> None:
        priority = _int(w[3])
        if priority is None:
            self.unknown(root)
            return
        enc = integ = auth = None
        group = lifetime = None
        lines: dict[str, int] = {}  # a finding about a value points at the value's own line
        for child in root.children:
            cw = _words(child)
            key = cw[0] if cw else ""
            if key in ("encr", "encryption") and len(cw) > 1:
                enc = _ENC_V1.get(cw[1], f"UNKNOWN:{cw[1]}")
                if cw[1] == "aes" and len(cw) > 2 and cw[2] in ("128", "192", "256"):
                    enc = f"AES{cw[2]}"
                lines["encryption"] = child.number
            elif key == "hash" and len(cw) > 1:
                integ = _HASH.get(cw[1], f"UNKNOWN:{cw[1]}")
                lines["integrity"] = child.number
            elif key == "authentication" and len(cw) > 1:
                auth = _AUTH.get(cw[1], "unknown")
                lines["auth"] = child.number
            elif key == "group" and len(cw) > 1 and _int(cw[1]) is not None:
                group = _int(cw[1])
                lines["dh_groups"] = child.number
            elif key == "lifetime" and len(cw) > 1 and _int(cw[1]) is not None:
                lifetime = _int(cw[1])
                lines["lifetime_seconds"] = child.number
            else:
                self.unknown(child)
        defaults = []
        # IOS "Default protection suite": DES, SHA-1, RSA signature, group 1, 86400 s.
        if enc is None:
            enc, defaults = "DES", defaults + ["encryption"]
        if integ is None:
            integ, defaults = "SHA1", defaults + ["integrity"]
        if auth is None:
            auth, defaults = "certificate", defaults + ["auth"]
        if group is None:
            group, defaults = 1, defaults + ["dh_groups"]
        if lifetime is None:
            lifetime, defaults = 86400, defaults + ["lifetime_seconds"]
        self.isakmp_policies.append((priority, IkeProposal(
            name=f"isakmp policy {priority}", encryption=(enc,), integrity=(integ,), dh_groups=(group,),
            auth=auth, lifetime_seconds=lifetime, versions=(1,), line=root.number, defaults=tuple(defaults),  # type: ignore[arg-type]
            lines=tuple(sorted(lines.items())),
        )))

    def _isakmp_key(self, root: Line, raw: list[str]) -> None:
        # crypto isakmp key [0|6|7] KEY {address A [MASK] | hostname H | address ipv6 P} [no-xauth]
        rest = raw[3:]
        if not rest:
            self.unknown(root)
            return
        for i, tok in enumerate(rest[1:], start=1):
            if tok in ("address", "hostname"):
                key_tokens, target = rest[:i], rest[i:]
                break
        else:
            self.unknown(root)
            return
        peer, wildcard = _peer_from(target)
        key = _psk(key_tokens, root.number, peer=peer, wildcard_peer=wildcard, name="isakmp key")
        if key is not None:
            self.global_keys.append(key)

    def _keyring(self, root: Line, name: str) -> None:
        ring = self.keyrings.setdefault(name, _Keyring(name=name, line=root.number))
        for child in root.children:
            cw = child.words
            if cw[:1] == ["pre-shared-key"] and "key" in cw[2:]:
                k = cw.index("key", 2)
                peer, wildcard = _peer_from(cw[1:k])
                key = _psk(cw[k + 1:], child.number, peer=peer, wildcard_peer=wildcard, name=name)
                if key is not None:
                    ring.keys.append(key)
            elif cw[:1] == ["local-address"] and len(cw) > 1:
                ring.local_address = cw[1]
            elif cw[:1] in (["description"], ["rsa-pubkey"]):
                continue
            else:
                self.unknown(child)

    def _isakmp_profile(self, root: Line, name: str) -> None:
        prof = self.isakmp_profiles.setdefault(name, _IsakmpProfile(name=name, line=root.number))
        for child in root.children:
            cw = _words(child)
            if cw[:1] == ["keyring"] and len(cw) > 1:
                prof.keyrings.append((cw[1], child.number))
            elif cw[:3] == ["match", "identity", "address"] and len(cw) > 3:
                prefix = _mask_len(cw[4]) if len(cw) > 4 else 32
                prof.matches.append(_net(cw[3], prefix if prefix is not None else 32))
            elif cw[:1] == ["keepalive"] and len(cw) > 1:
                interval, retry = _int(cw[1]), _int(cw[3]) if cw[2:3] == ["retry"] and len(cw) > 3 else None
                prof.dpd = _dpd_values(interval, retry, None, child.number)
            elif cw[:1] == ["local-address"] and len(cw) > 1:
                prof.local_address = cw[1]
            elif cw[:3] == ["initiate", "mode", "aggressive"]:
                prof.aggressive = True
                prof.aggressive_line = child.number
            elif cw[:1] in (["vrf"], ["description"], ["self-identity"], ["reverse-route"], ["ca"],
                            ["match"], ["qos-group"], ["virtual-template"]):
                continue
            else:
                self.unknown(child)

    def _isakmp_peer(self, root: Line, w: list[str]) -> None:
        # crypto isakmp peer address X / hostname H -> set aggressive-mode password|client-endpoint
        peer = w[4] if w[3] in ("address", "hostname") else w[3]
        for child in root.children:
            cw = _words(child)
            if cw[:2] == ["set", "aggressive-mode"]:
                self.aggressive_peers[peer] = child.number
            elif cw[:1] == ["description"]:
                continue
            else:
                self.unknown(child)

    # IKEv2 ----------------------------------------------------------------------------------
    def _v2_proposal(self, root: Line, name: str) -> None:
        enc: list[str] = []
        integ: list[str] = []
        prf: list[str] = []
        groups: list[int] = []
        lines: dict[str, int] = {}
        for child in root.children:
            cw = _words(child)
            key, values = (cw[0], cw[1:]) if cw else ("", [])
            if key == "encryption":
                enc = [_ENC_V2.get(v, f"UNKNOWN:{v}") for v in values]
                lines["encryption"] = child.number
            elif key == "integrity":
                integ = [_HASH.get(v, f"UNKNOWN:{v}") for v in values]
                lines["integrity"] = child.number
            elif key == "prf":
                prf = [_HASH.get(v, f"UNKNOWN:{v}") for v in values]
                lines["prf"] = child.number
            elif key == "group":
                groups = [g for g in (_int(v) for v in values) if g is not None]
                lines["dh_groups"] = child.number
            else:
                self.unknown(child)
        defaults = []
        if not prf and integ:  # IOS: without ``prf`` the integrity algorithms serve as PRF
            prf, defaults = list(integ), ["prf"]
            lines["prf"] = lines["integrity"]
        self.v2_proposals[name] = IkeProposal(
            name=name, encryption=tuple(enc), integrity=tuple(integ), prf=tuple(prf), dh_groups=tuple(groups),
            versions=(2,), line=root.number, defaults=tuple(defaults), lines=tuple(sorted(lines.items())),
        )

    def _v2_policy(self, root: Line, name: str) -> None:
        pol = _V2Policy(name=name, line=root.number)
        for child in root.children:
            cw = _words(child)
            if cw[:1] == ["proposal"] and len(cw) > 1:
                pol.proposals.extend((p, child.number) for p in cw[1:])
            elif cw[:3] == ["match", "address", "local"] and len(cw) > 3:
                pol.local_addresses.extend(a for a in cw[3:] if a != "ipv6")
            elif cw[:2] == ["match", "fvrf"] or cw[:1] == ["description"]:
                continue
            else:
                self.unknown(child)
        self.v2_policies.append(pol)

    def _v2_keyring(self, root: Line, name: str) -> None:
        peers = self.v2_keypeers.setdefault(name, [])
        for child in root.children:
            cw = _words(child)
            if cw[:1] != ["peer"] or len(cw) < 2:
                if cw[:1] != ["description"]:
                    self.unknown(child)
                continue
            peer = _V2KeyPeer(keyring=name, name=cw[1], line=child.number)
            for item in child.children:
                iw = item.words
                if iw[:1] == ["address"] and len(iw) > 1:
                    if iw[1] == "ipv6":
                        peer.addresses.extend(iw[2:3])
                    else:
                        prefix = _mask_len(iw[2]) if len(iw) > 2 else 32
                        peer.addresses.append(_net(iw[1], prefix if prefix is not None else 32))
                elif iw[:1] == ["pre-shared-key"] and len(iw) > 1:
                    side, tokens = ("both", iw[1:])
                    if tokens[0] in ("local", "remote"):
                        side, tokens = tokens[0], tokens[1:]
                    key = _psk(tokens, item.number, peer=peer.addresses[0] if peer.addresses else None,
                               wildcard_peer=bool(peer.addresses and _is_wildcard(peer.addresses[0])),
                               name=name)
                    if key is not None:
                        peer.keys.append((side, key))
                elif iw[:1] in (["hostname"], ["identity"], ["description"]):
                    continue
                else:
                    self.unknown(item)
            peers.append(peer)

    def _v2_profile(self, root: Line, name: str) -> None:
        prof = self.v2_profiles.setdefault(name, _V2Profile(name=name, line=root.number))
        for child in root.children:
            cw = _words(child)
            if cw[:3] == ["match", "identity", "remote"] and len(cw) > 4 and cw[3] == "address":
                if cw[4] == "ipv6":
                    prof.matches.extend(cw[5:6])
                else:
                    prefix = _mask_len(cw[5]) if len(cw) > 5 else 32
                    prof.matches.append(_net(cw[4], prefix if prefix is not None else 32))
                prof.remote_id = prof.remote_id or cw[4]
            elif cw[:1] == ["authentication"] and len(cw) > 2 and cw[1] in ("local", "remote"):
                method = _AUTH.get(cw[2], "unknown")
                if cw[1] == "local":
                    prof.auth_local = method
                else:
                    prof.auth_remote = method
                raw = child.words
                if "key" in raw[3:]:
                    k = raw.index("key", 3)
                    prof.inline_key = _psk(raw[k + 1:], child.number, name=name)
            elif cw[:2] == ["keyring", "local"] and len(cw) > 2:
                prof.keyring = (cw[2], child.number)
            elif cw[:1] == ["dpd"] and len(cw) > 2:
                prof.dpd = _dpd(cw[1:], child.number)
            elif cw[:1] == ["lifetime"] and len(cw) > 1 and _int(cw[-1]) is not None:
                prof.lifetime, prof.lifetime_line = _int(cw[-1]), child.number
            elif cw[:2] == ["identity", "local"] and len(cw) > 2:
                prof.local_id = " ".join(cw[2:])
            elif cw[:1] in (["match"], ["description"], ["pki"], ["ivrf"], ["virtual-template"], ["aaa"],
                            ["config-exchange"], ["nat"]):
                continue
            else:
                self.unknown(child)

    # IPsec ----------------------------------------------------------------------------------
    def _transform_set(self, root: Line, w: list[str]) -> None:
        name = w[3]
        enc: list[str] = []
        integ: list[str] = []
        esp = ah = False
        tokens = w[4:]
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            size = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1] in ("128", "192", "256") else None
            if tok == "esp-gmac":
                # ESP with AES-GMAC authenticates and does not encrypt (RFC 4543, "ENCR_NULL_AUTH_
                # AES_GMAC"; IOS "crypto ipsec transform-set": esp-gmac "ESP with the 128-bit
                # (default) or 256-bit AES-GMAC, no encryption"): a NULL cipher with GMAC integrity.
                enc.append("NULL")
                integ.append("AES-GMAC")
                esp = True
                i += 2 if size else 1
                continue
            if tok in ("esp-aes", "esp-gcm"):
                bits = size or "128"
                enc.append({"esp-aes": f"AES{bits}", "esp-gcm": f"AES{bits}-GCM-16"}[tok])
                esp = True
                i += 2 if size else 1
                continue
            if tok in _ESP_ENC:
                enc.append(_ESP_ENC[tok])
                esp = True
            elif tok in _ESP_AUTH:
                integ.append(_ESP_AUTH[tok])
                esp = True
            elif tok in _AH_AUTH:
                integ.append(_AH_AUTH[tok])
                ah = True
            elif tok.startswith("comp-"):
                pass
            else:
                enc.append(f"UNKNOWN:{tok}")
            i += 1
        mode: str | None = None
        mode_line: int | None = None
        for child in root.children:
            cw = _words(child)
            if cw[:1] == ["mode"] and len(cw) > 1 and cw[1] in ("tunnel", "transport"):
                mode, mode_line = cw[1], child.number  # the last ``mode`` line wins
            else:
                self.unknown(child)
        defaults = () if mode else ("mode",)
        self.transform_sets[name] = IpsecProposal(
            name=name, protocol="esp+ah" if esp and ah else "ah" if ah else "esp", mode=mode or "tunnel",  # type: ignore[arg-type]
            encryption=tuple(enc), integrity=tuple(integ), line=root.number, defaults=defaults,
            lines=(("mode", mode_line),) if mode_line else (),
        )

    def _ipsec_profile(self, root: Line, name: str) -> None:
        prof = _Phase2(name=name, line=root.number)
        self._phase2_children(root, prof, f"crypto ipsec profile {name}", crypto_map=False)
        self.profiles[name] = prof

    def _phase2_children(self, root: Line, entry: _Phase2, referrer: str, crypto_map: bool) -> None:
        for child in root.children:
            cw = _words(child)
            if not self._phase2_line(cw, child.number, entry, crypto_map):
                self.unknown(child)

    def _phase2_line(self, cw: list[str], number: int, entry: _Phase2, crypto_map: bool) -> bool:
        if cw[:2] == ["set", "transform-set"]:
            entry.transform_sets = [(t, number) for t in cw[2:]]
        elif cw[:2] == ["set", "pfs"]:
            # ``set pfs`` without a group requests group1 (IOS command reference, set pfs).
            group = _dh(cw[2]) if len(cw) > 2 else 1
            if group is None:
                return False
            entry.pfs = (group, number)
            entry.setting_lines["pfs_groups"] = number
        elif cw[:3] == ["set", "security-association", "lifetime"] and len(cw) > 4:
            if cw[3] == "seconds":
                entry.lifetime = _int(cw[4])
                entry.setting_lines["lifetime_seconds"] = number
            elif cw[3] == "kilobytes":
                entry.lifetime_kb = _int(cw[4])
            elif cw[3] != "days":
                return False
        elif cw[:3] == ["set", "security-association", "replay"] and len(cw) > 3:
            if cw[3] == "disable":
                entry.replay = False
                entry.setting_lines["replay_protection"] = number
            elif cw[3] == "window-size" and len(cw) > 4:
                entry.replay_window = _int(cw[4])
            else:
                return False
        elif cw[:3] == ["set", "security-association", "idle-time"]:
            pass
        elif cw[:2] == ["set", "ikev2-profile"] and len(cw) > 2:
            entry.ikev2_profile = (cw[2], number)
        elif cw[:2] == ["set", "isakmp-profile"] and len(cw) > 2:
            entry.isakmp_profile = (cw[2], number)
        elif crypto_map and cw[:2] == ["set", "peer"] and len(cw) > 2:
            entry.peers.append((cw[2], number))
        elif crypto_map and cw[:2] == ["match", "address"] and len(cw) > 2:
            entry.acl = (cw[2], number)
        elif cw[:1] in (["description"], ["reverse-route"]) or cw[:2] in (["set", "reverse-route"], ["qos", "pre-classify"]):
            pass
        else:
            return False
        return True

    def _global_sa(self, root: Line, rest: list[str]) -> None:
        if rest[:1] == ["lifetime"] and len(rest) > 2:
            if rest[1] == "seconds":
                self.sa_lifetime = _int(rest[2])
                self.global_lines["lifetime_seconds"] = root.number
            elif rest[1] == "kilobytes":
                self.sa_lifetime_kb = _int(rest[2])
            return
        if rest[:2] == ["replay", "disable"]:
            self.replay = False
            self.global_lines["replay_protection"] = root.number
            return
        if rest[:2] == ["replay", "window-size"] and len(rest) > 2:
            self.replay_window = _int(rest[2])
            return
        self.unknown(root)

    def _crypto_map(self, root: Line, w: list[str]) -> None:
        name = w[2]
        if len(w) > 3 and _int(w[3]) is not None:
            seq = _int(w[3]) or 0
            kind = w[4] if len(w) > 4 else "ipsec-isakmp"
            if kind not in ("ipsec-isakmp", "gdoi") or (len(w) > 5 and w[5] not in ("dynamic", "profile")):
                self.unknown(root)
                for child in root.walk():
                    if child is not root:
                        self.unknown(child)
                return
            entry = self._map_entries.get(("static", name, seq))
            if entry is None:
                entry = _Phase2(name=f"{name} {seq}", line=root.number, map_name=name, seq=seq, kind="crypto map")
                self.crypto_maps.append(entry)
                self._map_entries["static", name, seq] = entry
            if len(w) > 6 and w[5] == "dynamic":
                entry.dynamic = (w[6], root.number)
            self._phase2_children(root, entry, f"crypto map {name} {seq}", crypto_map=True)
        elif w[3:4] == ["local-address"] and len(w) > 4:
            self.crypto_map_local[name] = w[4]
        else:
            self.unknown(root)

    # interfaces and ACLs ----------------------------------------------------------------------
    def _interface(self, root: Line, w: list[str]) -> None:
        name = interface_name(w, 1)
        intf = self.interfaces.setdefault(name, _Interface(name=name, line=root.number))
        for child in root.children:
            cw = _words(child)
            if cw[:2] == ["ip", "address"] and len(cw) > 3 and "secondary" not in cw and _ip(cw[2]):
                intf.address, intf.prefix, intf.address_line = cw[2], _mask_len(cw[3]), child.number
            elif cw == ["shutdown"]:
                intf.shutdown = True
            elif cw == ["no", "shutdown"]:
                intf.shutdown = False
            elif cw[:2] == ["crypto", "map"] and len(cw) > 2:
                intf.crypto_map = (cw[2], child.number)
            elif cw[:3] == ["crypto", "ipsec", "df-bit"] and len(cw) > 3:
                intf.df_bit = cw[3]
            elif cw[:3] == ["crypto", "ipsec", "fragmentation"] and len(cw) > 3:
                intf.fragmentation = cw[3]
            elif cw[:2] == ["tunnel", "source"] and len(cw) > 2:
                intf.source = (interface_name(cw, 2), child.number)
            elif cw[:2] == ["tunnel", "destination"] and len(cw) > 2:
                intf.destination = cw[2]
            elif cw[:2] == ["tunnel", "mode"] and len(cw) > 2:
                intf.mode = " ".join(cw[2:])
            elif cw[:4] == ["tunnel", "protection", "ipsec", "profile"] and len(cw) > 4:
                intf.protection = (cw[4], child.number)
            elif cw[:2] == ["ip", "mtu"] and len(cw) > 2:
                intf.mtu = _int(cw[2])
                intf.setting_lines["mtu"] = child.number
            elif cw[:3] == ["ip", "tcp", "adjust-mss"] and len(cw) > 3:
                intf.mss = _int(cw[3])
                intf.setting_lines["tcp_mss"] = child.number
            elif cw[:1] == ["crypto"]:
                self.unknown(child)

    def _acl_named(self, root: Line, name: str) -> None:
        entries = self.acls.setdefault(name, [])
        for child in root.children:
            cw = _words(child)
            if cw and _int(cw[0]) is not None:  # sequence numbers in ``show run`` output
                cw = cw[1:]
            selector = _ace(cw, child.number)
            if selector is not None:
                entries.append(selector)

    def _acl_numbered(self, root: Line, w: list[str]) -> None:
        number = _int(w[1])
        if number is None or not (100 <= number <= 199 or 2000 <= number <= 2699):
            return
        selector = _ace(w[2:], root.number)
        if selector is not None:
            self.acls.setdefault(w[1], []).append(selector)

    # -- pass 2: join --------------------------------------------------------------------------
    def interface_address(self, token: str) -> tuple[str | None, str | None]:
        """(address, interface name) of a ``tunnel source`` / ``local-address`` token."""
        if _ip(token):
            if self._by_address is None:  # built once, after every interface is read
                self._by_address = {}
                for intf in self.interfaces.values():
                    if intf.address is not None:
                        self._by_address.setdefault(intf.address, intf.name)
            return token, self._by_address.get(token)
        intf = self.find_interface(token)
        return (intf.address, intf.name) if intf else (None, None)

    def defines_physical_interfaces(self) -> bool:
        """Whether the file holds any interface but tunnels: an AWS-generated or hand-written crypto
        snippet defines only its ``interface TunnelN`` and names the outside interface the rest of the
        device config defines, so an interface missing from it is not a dangling reference."""
        if self._physical is None or self._physical[0] != len(self.interfaces):  # asked per tunnel: once per state
            self._physical = (len(self.interfaces), any(
                interface_key(name)[0] not in ("tunnel", "virtual-template", "virtual-access") for name in self.interfaces))
        return self._physical[1]

    def find_interface(self, token: str) -> _Interface | None:
        """The interface ``token`` names: exactly, else as IOS's CLI reads names, case-insensitively and
        with the type abbreviated (``gi0/1``, ``Gig0/1`` = ``GigabitEthernet0/1``) when one interface matches."""
        intf = self.interfaces.get(token)
        if intf is not None or not token:
            return intf
        if self._by_number is None or self._by_number[0] != len(self.interfaces):  # indexed once per state
            index: dict[str, list[tuple[str, _Interface]]] = {}
            for i in self.interfaces.values():
                i_kind, i_number = interface_key(i.name)
                index.setdefault(i_number, []).append((i_kind, i))
            self._by_number = (len(self.interfaces), index)
        kind, number = interface_key(token)
        if not kind:
            return None
        candidates = self._by_number[1].get(number, ())
        matches = [i for i_kind, i in candidates if i_kind.startswith(kind)]
        exact = [i for i_kind, i in candidates if i_kind == kind]
        found = exact or matches
        return found[0] if len(found) == 1 else None

    def all_keys(self) -> list[PreSharedKey]:
        keys = list(self.global_keys)
        for ring in self.keyrings.values():
            keys.extend(ring.keys)
        for peers in self.v2_keypeers.values():
            for peer in peers:
                keys.extend(k for _, k in peer.keys)
        for prof in self.v2_profiles.values():
            if prof.inline_key is not None:
                keys.append(prof.inline_key)
        return keys

    def ikev1_proposals(self) -> tuple[IkeProposal, ...]:
        """The device-wide isakmp policies every IKEv1 tunnel offers, in priority order: one tuple for
        every tunnel (sorted once, not per tunnel: 1,000 policies and 1,000 tunnels sorted a million)."""
        if self._ikev1_proposals is None or self._ikev1_proposals[0] != len(self.isakmp_policies):
            self._ikev1_proposals = (len(self.isakmp_policies), self._ikev1_sorted())
        return self._ikev1_proposals[1]

    def _ikev1_sorted(self) -> tuple[IkeProposal, ...]:
        if self.isakmp_policies:
            return tuple(p for _, p in sorted(self.isakmp_policies, key=lambda item: item[0]))
        # No policy configured: IOS negotiates with its default protection suite.
        return (IkeProposal(
            name="isakmp default policy", encryption=("DES",), integrity=("SHA1",), dh_groups=(1,),
            auth="certificate", lifetime_seconds=86400, versions=(1,),
            defaults=("encryption", "integrity", "dh_groups", "auth", "lifetime_seconds"),
        ),)

    def v2_default_proposal(self) -> IkeProposal:
        major = _int((self.version or "").split(".")[0])
        enc, integ, prf, groups = _V2_DEFAULT_XE16 if major is not None and major >= 16 else _V2_DEFAULT_LEGACY
        return IkeProposal(name="default", encryption=enc, integrity=integ, prf=prf, dh_groups=groups, versions=(2,),
                           defaults=("encryption", "integrity", "prf", "dh_groups"))

    def dynamic_peer_profile(self) -> _IsakmpProfile | None:
        """The isakmp profile a dynamic crypto map's (any) peer lands in: the one whose keyring holds
        the key such a peer authenticates with, else the one that matches any address.

        IOS picks an isakmp profile by the peer's identity (``match identity address``) and takes
        the key from that profile's keyring ("Configuring ISAKMP Profiles", IOS Security
        Configuration Guide); a dynamic entry names no peer, so the key that covers any address
        tells which profile, and with it which ``keepalive``, such peers get.
        """
        if self._dynamic_profile is None:  # the same for every dynamic entry: found once
            self._dynamic_profile = (self._dynamic_peer_profile(),)
        return self._dynamic_profile[0]

    def _dynamic_peer_profile(self) -> _IsakmpProfile | None:
        key = self.lookup_key([], None)
        owners = [p for p in self.isakmp_profiles.values()
                  if key is not None and any(k is key for r, _ in p.keyrings if r in self.keyrings
                                             for k in self.keyrings[r].keys)]
        if len(owners) == 1:
            return owners[0]
        anyone = [p for p in self.isakmp_profiles.values() if any(_covers(m, "0.0.0.0") >= 0 for m in p.matches)]
        return anyone[0] if len(anyone) == 1 else None

    def any_keepalive(self) -> bool:
        """Whether the file configures DPD anywhere (global, isakmp profile or IKEv2 profile); asked
        per tunnel once the file is read, answered once."""
        if self._keepalive is None:
            self._keepalive = bool(self.global_dpd or self.v2_global_dpd
                                   or any(p.dpd for p in self.isakmp_profiles.values())
                                   or any(p.dpd for p in self.v2_profiles.values()))
        return self._keepalive

    def lookup_key(self, rings: list[str], peer: str | None) -> PreSharedKey | None:
        """The key of these keyrings (none: every key of the file) whose peer address covers ``peer``
        with the longest prefix, the first one on a tie; a wildcard key covers any peer (prefix 0)."""
        found_index = self._key_index.get(tuple(rings))
        if found_index is None:
            candidates: list[PreSharedKey] = []
            for ring in rings:
                if ring in self.keyrings:
                    candidates.extend(self.keyrings[ring].keys)
            if not rings:
                candidates = list(self.global_keys) + [k for r in self.keyrings.values() for k in r.keys]
            wildcard = next(((n, k) for n, k in enumerate(candidates) if k.wildcard_peer), None)
            found_index = (Longest((k.peer, (n, k)) for n, k in enumerate(candidates) if k.peer), wildcard)
            if len(candidates) > 8:  # kept for the next tunnel: a keyring per tunnel is not worth keeping
                self._key_index[tuple(rings)] = found_index
        index, wildcard = found_index
        found = index.find(peer or "0.0.0.0")
        if found is not None and found[0] > 0:
            return found[1][1]  # type: ignore[index]
        anyone = [hit for hit in (found[1] if found else None, wildcard) if hit is not None]
        return min(anyone, key=lambda hit: hit[0])[1] if anyone else None  # type: ignore[index]

    def ike_v1(self, phase2: _Phase2, peer: str | None, local: str | None, referrer: str) -> IkeConfig:
        profile: _IsakmpProfile | None = None
        if phase2.isakmp_profile:
            pname, pline = phase2.isakmp_profile
            profile = self.isakmp_profiles.get(pname)
            if profile is None:
                self.dangle("isakmp-profile", pname, pline, referrer)
        if profile is None and peer:  # the profile whose ``match identity address`` covers the peer best
            if self._profile_index is None:
                self._profile_index = Longest((m, p) for p in self.isakmp_profiles.values() for m in p.matches)
            found = self._profile_index.find(peer)
            if found is not None:
                profile = found[1]  # type: ignore[assignment]
        if profile is None and peer is None and self.isakmp_profiles:
            profile = self.dynamic_peer_profile()
        rings = [r for r, _ in profile.keyrings] if profile else []
        psk = self.lookup_key(rings, peer) if profile is None or rings else None
        if psk is None and profile is not None and not rings:
            psk = self.lookup_key([], peer)
        proposals = self.ikev1_proposals()
        auths = {p.auth for p in proposals}
        auth = "psk" if "psk" in auths and psk is not None else proposals[0].auth
        aggressive = bool(profile and profile.aggressive) or (peer in self.aggressive_peers)
        fields_defaults = ["mode"] if not aggressive else []
        nat = self.nat_t if self.nat_t is not None else True
        if self.nat_t is None:
            fields_defaults.append("nat_traversal")
        return IkeConfig(
            name=profile.name if profile else None, versions=(1,), mode="aggressive" if aggressive else "main",
            auth=auth, proposals=proposals, dpd=(profile.dpd if profile and profile.dpd else self.global_dpd),
            psk=psk, remote_id=peer, nat_traversal=nat, line=profile.line if profile else None,
            defaults=tuple(fields_defaults),
            lines=(("mode", profile.aggressive_line),) if profile and profile.aggressive_line else (),
        )

    def v2_offer(self, local: str | None) -> tuple[IkeProposal, ...]:
        """The IKEv2 proposals offered from ``local``: those of the first policy that matches it and
        names any, without repeats. Once per local address, not per tunnel: a policy of K proposals
        was deduplicated by a list lookup per proposal (K^2) for each of T tunnels (50 tunnels and
        2,000 proposals, 199 KB: 57 s). A missing proposal is reported once (the device's dangling
        references drop repeats anyway)."""
        cached = self._v2_offers.get(local)
        if cached is not None:
            return cached
        proposals: list[IkeProposal] = []
        seen: set[IkeProposal] = set()
        for pol in self.v2_policies:
            if pol.local_addresses and local not in pol.local_addresses:
                continue
            for pname, pline in pol.proposals:
                if pname in self.v2_proposals:
                    if self.v2_proposals[pname] not in seen:
                        seen.add(self.v2_proposals[pname])
                        proposals.append(self.v2_proposals[pname])
                elif pname != "default":
                    self.dangle("ikev2-proposal", pname, pline, f"crypto ikev2 policy {pol.name}")
                else:
                    proposals.append(self.v2_default_proposal())
                    seen.add(proposals[-1])
            if proposals:
                break
        if not proposals:
            proposals.append(self.v2_proposals.get("default") or self.v2_default_proposal())
        offer = self._v2_offers[local] = tuple(proposals)
        return offer

    def ike_v2(self, name: str, line: int, peer: str | None, local: str | None, referrer: str) -> IkeConfig | None:
        prof = self.v2_profiles.get(name)
        if prof is None:
            self.dangle("ikev2-profile", name, line, referrer)
            return None
        proposals = list(self.v2_offer(local))
        psk = prof.inline_key
        if psk is None and prof.keyring:
            ring_name, ring_line = prof.keyring
            if ring_name not in self.v2_keypeers:
                self.dangle("keyring", ring_name, ring_line, f"crypto ikev2 profile {prof.name}")
            else:  # the key of the peer whose address covers ours best (the first such peer on a tie)
                if ring_name not in self._v2_peer_index:
                    self._v2_peer_index[ring_name] = Longest(
                        (a, keys[0]) for kp in self.v2_keypeers[ring_name]
                        if (keys := [k for side, k in kp.keys if side in ("both", "local")] or [k for _, k in kp.keys])
                        for a in kp.addresses)
                found = self._v2_peer_index[ring_name].find(peer or "0.0.0.0")
                psk = found[1] if found else None  # type: ignore[assignment]
        defaults = []
        lifetime = prof.lifetime
        if lifetime is None:
            lifetime, defaults = _IKEV2_LIFETIME_DEFAULT, ["lifetime_seconds"]
        nat = self.nat_t if self.nat_t is not None else True
        if self.nat_t is None:
            defaults.append("nat_traversal")
        return IkeConfig(
            name=prof.name, versions=(2,), auth=prof.auth_local or prof.auth_remote,  # type: ignore[arg-type]
            proposals=tuple(proposals), lifetime_seconds=lifetime, dpd=prof.dpd or self.v2_global_dpd, psk=psk,
            local_id=prof.local_id, remote_id=peer or prof.remote_id, nat_traversal=nat, line=prof.line,
            defaults=tuple(defaults),
            lines=(("lifetime_seconds", prof.lifetime_line),) if prof.lifetime_line else (),
        )

    def ipsec(self, phase2: _Phase2, referrer: str, name: str | None = None) -> IpsecConfig:
        proposals: list[IpsecProposal] = []
        for tname, tline in phase2.transform_sets:
            if tname in self.transform_sets:
                proposals.append(self.transform_sets[tname])
            else:
                self.dangle("transform-set", tname, tline, referrer)
        defaults: list[str] = []
        if not phase2.transform_sets:
            # Smart default: transform-set ``default`` = esp-aes esp-sha-hmac.
            proposals.append(IpsecProposal(name="default", encryption=("AES128",), integrity=("SHA1",),
                                           defaults=("encryption", "integrity")))
            defaults.append("proposals")
        modes = {p.mode for p in proposals if p.mode}
        mode = "transport" if modes == {"transport"} else "tunnel"
        protocols = {p.protocol for p in proposals}
        protocol = "esp" if protocols <= {"esp"} else "ah" if protocols == {"ah"} else "esp+ah"
        lifetime = phase2.lifetime if phase2.lifetime is not None else self.sa_lifetime
        if lifetime is None:
            lifetime = _IPSEC_LIFETIME_DEFAULT
            defaults.append("lifetime_seconds")
        replay = phase2.replay if phase2.replay is not None else self.replay
        if replay is None:
            replay = True
            defaults.append("replay_protection")
        window = phase2.replay_window if phase2.replay_window is not None else self.replay_window
        if window is None and replay:
            window = _REPLAY_WINDOW_DEFAULT
            defaults.append("replay_window")
        if phase2.pfs is None:
            defaults.append("pfs_groups")
        return IpsecConfig(
            name=name or phase2.name, protocol=protocol, mode=mode, proposals=tuple(proposals),  # type: ignore[arg-type]
            pfs_groups=(phase2.pfs[0],) if phase2.pfs else (), lifetime_seconds=lifetime,
            lifetime_kilobytes=phase2.lifetime_kb if phase2.lifetime_kb is not None else self.sa_lifetime_kb,
            replay_protection=replay, replay_window=window if replay else None, line=phase2.line,
            defaults=tuple(defaults), lines=self._setting_lines(phase2),
        )

    def _setting_lines(self, phase2: _Phase2) -> tuple[tuple[str, int], ...]:
        """Where each phase-2 setting is written: the entry's own set command, else the global one."""
        lines = {k: v for k, v in self.global_lines.items() if k in ("lifetime_seconds", "replay_protection")}
        lines.update(phase2.setting_lines)
        return tuple(sorted(lines.items()))

    def df_and_frag(self, *interfaces: _Interface | None) -> tuple[str, str, list[str]]:
        defaults: list[str] = []
        df = next((i.df_bit for i in interfaces if i and i.df_bit), None) or (self.df_bit[0] if self.df_bit else None)
        if df is None:
            df = "copy"  # crypto ipsec df-bit: default copy
            defaults.append("df_bit")
        frag = next((i.fragmentation for i in interfaces if i and i.fragmentation), None) or (
            self.fragmentation[0] if self.fragmentation else None)
        if frag is None:
            frag = "before-encryption"  # pre-fragmentation is on globally by default
            defaults.append("fragmentation")
        return df, frag, defaults

    def bgp_neighbor(self, bgp: BgpProcess | None, intf: _Interface) -> BgpNeighbor | None:
        """The first neighbor in the tunnel interface's subnet other than the interface itself."""
        if bgp is None or intf.address is None or intf.prefix is None:
            return None
        try:
            network = ipaddress.ip_network(_net(intf.address, intf.prefix), strict=False)
        except ValueError:
            return None
        if self._neighbor_index is None or self._neighbor_index[0] is not bgp:
            self._neighbor_index = (bgp, AddressIndex(n.neighbor for n in bgp.neighbors))
        inside = self._neighbor_index[1].inside(network)
        return next((bgp.neighbors[p] for p in inside if bgp.neighbors[p].neighbor != intf.address), None)

    def tunnels(self, bgp: BgpProcess | None) -> list[Tunnel]:
        out: list[Tunnel] = []
        for intf in self.interfaces.values():
            if intf.protection is None:
                continue
            try:
                out.append(self._vti(intf, bgp))
            except Exception as exc:
                self.problems.append(ParseProblem(
                    message=f"internal error while joining {intf.name} ({type(exc).__name__})", line=intf.line))
        bound: dict[str, list[_Interface]] = {}
        for intf in self.interfaces.values():
            if intf.crypto_map:
                bound.setdefault(intf.crypto_map[0], []).append(intf)
        map_names = {e.map_name for e in self.crypto_maps}
        for intf in self.interfaces.values():
            if intf.crypto_map and intf.crypto_map[0] not in map_names:
                self.dangle("crypto-map", intf.crypto_map[0], intf.crypto_map[1], f"interface {intf.name}")
        for entry in self.crypto_maps:
            try:
                out.extend(self._map_tunnels(entry, bound.get(entry.map_name, [])))
            except Exception as exc:
                self.problems.append(ParseProblem(
                    message=f"internal error while joining crypto map {entry.name} ({type(exc).__name__})",
                    line=entry.line))
        return out

    def _vti(self, intf: _Interface, bgp: BgpProcess | None) -> Tunnel:
        referrer = f"interface {intf.name}"
        local = local_if = None
        if intf.source:
            local, local_if = self.interface_address(intf.source[0])
            if (local is None and not _ip(intf.source[0]) and self.find_interface(intf.source[0]) is None
                    and self.defines_physical_interfaces()):
                self.dangle("interface", intf.source[0], intf.source[1], referrer)
        peer = intf.destination if _ip(intf.destination) else None
        pname, pline = intf.protection  # type: ignore[misc]
        phase2 = self.profiles.get(pname)
        ike: IkeConfig | None = None
        ipsec: IpsecConfig | None = None
        if phase2 is None:
            self.dangle("ipsec-profile", pname, pline, referrer)
        else:
            pref = phase2.referrer
            ipsec = self.ipsec(phase2, pref)
            if phase2.ikev2_profile:
                ike = self.ike_v2(phase2.ikev2_profile[0], phase2.ikev2_profile[1], peer, local, pref)
            if ike is None and not phase2.ikev2_profile:
                ike = self.ike_v1(phase2, peer, local, pref)
        if ike is None and not self.any_keepalive():
            # Phase 1 is unknown (its profile is not in the file), but IOS sends no keepalive unless
            # one is configured ("crypto isakmp keepalive": disabled by default; "dpd" in an IKEv2
            # profile likewise) and this file configures none anywhere: DPD is known to be off.
            ike = IkeConfig(versions=(), proposals=(), dpd=None)
        mode = (intf.mode or "gre ip").split()
        if mode[0] == "ipsec":
            encapsulation = "ipsec"
        elif mode[0] == "gre":
            encapsulation = "gre"
        elif mode[0] == "ipip":
            encapsulation = "ipip"
        else:
            encapsulation = "other"
        inside = None
        if intf.address:
            local_cidr = f"{intf.address}/{intf.prefix}" if intf.prefix is not None else intf.address
            inside = InsideAddress(local=local_cidr, peer=_other_host(intf.address, intf.prefix),
                                   line=intf.address_line)
        source_intf = self.interfaces.get(local_if) if local_if else None
        df, frag, defaults = self.df_and_frag(intf, source_intf)
        lines = dict(intf.setting_lines)
        if self.df_bit and not any(i and i.df_bit for i in (intf, source_intf)):
            lines["df_bit"] = self.df_bit[1]
        if self.fragmentation and not any(i and i.fragmentation for i in (intf, source_intf)):
            lines["fragmentation"] = self.fragmentation[1]
        return Tunnel(
            name=intf.name, local_address=local, local_interface=local_if, peer_address=peer or intf.destination,
            routing="route-based", encapsulation=encapsulation,  # type: ignore[arg-type]
            inside=inside, ike=ike, ipsec=ipsec, df_bit=df, fragmentation=frag, mtu=intf.mtu, tcp_mss=intf.mss,  # type: ignore[arg-type]
            bgp=self.bgp_neighbor(bgp, intf), enabled=not intf.shutdown, line=intf.line, defaults=tuple(defaults),
            lines=tuple(sorted(lines.items())),
        )

    def _map_tunnels(self, entry: _Phase2, interfaces: list[_Interface]) -> list[Tunnel]:
        referrer = f"crypto map {entry.map_name} {entry.seq}"
        intf = next((i for i in interfaces if i.address), interfaces[0] if interfaces else None)
        local = intf.address if intf else None
        if entry.map_name in self.crypto_map_local:
            local = self.interface_address(self.crypto_map_local[entry.map_name])[0] or local
        targets: list[tuple[_Phase2, str]] = []
        if entry.dynamic:
            dyn = self.dynamic_maps.get(entry.dynamic[0])
            if dyn is None:
                self.dangle("dynamic-map", entry.dynamic[0], entry.dynamic[1], referrer)
                return []
            targets = [(d, f"{entry.map_name} {entry.seq} dynamic {d.name}") for d in dyn]
        else:
            targets = [(entry, f"{entry.map_name} {entry.seq}")]
        out: list[Tunnel] = []
        for phase2, base in targets:
            ref = phase2.referrer
            selectors: tuple[TrafficSelector, ...] = ()
            if phase2.acl:
                acl = self.acls.get(phase2.acl[0])
                if acl is None:
                    self.dangle("acl", phase2.acl[0], phase2.acl[1], ref)
                else:
                    selectors = tuple(s for s in acl if s.action == "permit")
            ipsec = self.ipsec(phase2, ref)
            peers = phase2.peers or [(None, None)]  # dynamic entries accept any peer
            for peer, _ in peers:
                ike: IkeConfig | None = None
                if phase2.ikev2_profile:
                    ike = self.ike_v2(phase2.ikev2_profile[0], phase2.ikev2_profile[1], peer, local, ref)
                else:
                    ike = self.ike_v1(phase2, peer, local, ref)
                df, frag, defaults = self.df_and_frag(intf)
                gre = bool(selectors) and all(s.protocol == "gre" for s in selectors)
                out.append(Tunnel(
                    name=base if len(peers) == 1 else f"{base} {peer}", local_address=local,
                    local_interface=intf.name if intf else None, peer_address=peer, routing="policy-based",
                    encapsulation="gre" if gre else "ipsec", ike=ike, ipsec=ipsec, df_bit=df,  # type: ignore[arg-type]
                    fragmentation=frag, traffic_selectors=selectors,  # type: ignore[arg-type]
                    mtu=None, tcp_mss=None, line=phase2.line, defaults=tuple(defaults),
                ))
        return out

    def check_references(self) -> None:
        for prof in self.isakmp_profiles.values():
            for ring, line in prof.keyrings:
                if ring not in self.keyrings:
                    self.dangle("keyring", ring, line, f"crypto isakmp profile {prof.name}")
        reported = {(d.kind, d.name, d.line) for d in self.dangling}
        # References from objects no tunnel uses are still dangling (the tunnels report the rest).
        for e in self.all_phase2():
            refs = [("transform-set", t, ln, self.transform_sets) for t, ln in e.transform_sets]
            if e.ikev2_profile:
                refs.append(("ikev2-profile", *e.ikev2_profile, self.v2_profiles))
            if e.isakmp_profile:
                refs.append(("isakmp-profile", *e.isakmp_profile, self.isakmp_profiles))
            if e.acl:
                refs.append(("acl", *e.acl, self.acls))
            for kind, name, line, defined in refs:
                if name not in defined and (kind, name, line) not in reported:
                    self.dangle(kind, name, line, e.referrer)
                    reported.add((kind, name, line))
        for pol in self.v2_policies:
            for pname, pline in pol.proposals:
                if pname not in self.v2_proposals and pname != "default" and (
                        "ikev2-proposal", pname, pline) not in reported:
                    self.dangle("ikev2-proposal", pname, pline, f"crypto ikev2 policy {pol.name}")
                    reported.add(("ikev2-proposal", pname, pline))

    def all_phase2(self) -> list[_Phase2]:
        return list(self.profiles.values()) + self.crypto_maps + [d for ds in self.dynamic_maps.values() for d in ds]
