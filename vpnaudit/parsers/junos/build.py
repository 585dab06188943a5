"""``_Builder``: joins the Junos objects into the Device (tunnels, proposals, keys, BGP)."""

from __future__ import annotations

import ipaddress

from ... import vocab
from ...model import BgpNeighbor, BgpProcess, DanglingReference, Device, Dpd, IkeConfig, IkeProposal, InsideAddress, IpsecConfig, IpsecProposal, ParseProblem, PreSharedKey, TrafficSelector, Tunnel, Unmodeled
from .defaults import AEAD_IMPLICIT_PRF, BGP_HOLD_DEFAULT, DPD_INTERVAL_DEFAULT, DPD_MODE_DEFAULT, DPD_THRESHOLD_DEFAULT, IKE_AUTH, IKE_INTEGRITY, IKE_LIFETIME_DEFAULT, IKE_PROPOSAL_SETS, IPSEC_INTEGRITY, IPSEC_LIFETIME_DEFAULT, IPSEC_PROPOSAL_SETS, SERVICES_IKE_LIFETIME_DEFAULT, SERVICES_IPSEC_LIFETIME_DEFAULT, TCP_MSS_IPSEC_DEFAULT
from .lexer import Rec, _Reader, _redact
from .objects import _KNOWN_IKE_GATEWAY, _KNOWN_IKE_POLICY, _KNOWN_IKE_PROPOSAL, _KNOWN_IKE_TOP, _KNOWN_IPSEC_POLICY, _KNOWN_IPSEC_PROPOSAL, _KNOWN_IPSEC_TOP, _KNOWN_MANUAL_SA, _KNOWN_MANUAL_SA_NESTED, _KNOWN_VPN, _KNOWN_VPN_IKE, _Obj, _enc, _int, _objects, _setting_lines


class _Builder:
    def __init__(self, path: str, reader: _Reader):
        self.path = path
        self.reader = reader
        self.recs = [r for r in reader.records if not (r.path and r.path[0] == "groups")]
        self.unmodeled: dict[int, Unmodeled] = {}
        self.dangling: list[DanglingReference] = []
        self._dangling_seen: set[DanglingReference] = set()  # a list lookup per reference was quadratic
        self.notes: dict[str, str] = {}
        self.setting_lines: dict[tuple[str, ...], int] = {}  # (kind, scope, name, field) -> line
        self.mss_line: int | None = None
        self.manual_proposals: list[IpsecProposal] = []
        self.root = _Obj("root", "", (), self.recs)
        # "The statements under P", by the length of P: built when first asked, then one lookup
        # (a scan of the whole configuration per VPN and per interface was quadratic).
        self.by_prefix: dict[int, dict[tuple[str, ...], list[Rec]]] = {}

    # -- small lookups ---------------------------------------------------------------------------
    def _under(self, prefix: tuple[str, ...]) -> list[Rec]:
        """The statements whose path starts with ``prefix``, in order."""
        n = len(prefix)
        index = self.by_prefix.get(n)
        if index is None:
            index = self.by_prefix[n] = {}
            for r in self.recs:
                if len(r.path) >= n:
                    index.setdefault(r.path[:n], []).append(r)
        return list(index.get(prefix, ()))

    def _objects(self, prefix: tuple[str, ...], kind: str) -> dict[str, _Obj]:
        return _objects(self._under(prefix), prefix, kind)

    def _dangle(self, kind: str, name: str, line: int | None, referrer: str, active: bool = True) -> None:
        if not active:  # Junos does not validate inactive configuration either
            return
        ref = DanglingReference(kind=kind, name=name, line=line, referrer=referrer)
        if ref not in self._dangling_seen:
            self._dangling_seen.add(ref)
            self.dangling.append(ref)

    def _unmodeled(self, rec: Rec) -> None:
        if rec.block or rec.inactive or rec.line in self.unmodeled:
            return
        self.unmodeled[rec.line] = Unmodeled(line=rec.line, text=_redact(rec.path))

    def _check_known(self, obj: _Obj, known: set[str], nested: dict[str, set[str]] | None = None) -> None:
        for rel, rec in obj.rels():
            if not rel:
                continue
            if rel[0] not in known:
                self._unmodeled(rec)
            elif nested and rel[0] in nested and len(rel) > 1 and rel[1] not in nested[rel[0]]:
                self._unmodeled(rec)

    def _iface_addresses(self, ifname: str, unit: str) -> list[tuple[str, int]]:
        obj = _Obj("if", ifname, ("interfaces", ifname, "unit", unit, "family", "inet"),
                   self._under(("interfaces", ifname, "unit", unit, "family", "inet")))
        return obj.values("address")

    # -- IKE -----------------------------------------------------------------------------------
    def _ike_proposal(self, obj: _Obj, lifetime_default: int) -> IkeProposal:
        self._check_known(obj, _KNOWN_IKE_PROPOSAL)
        enc, enc_line = obj.word("encryption-algorithm")
        integ, integ_line = obj.word("authentication-algorithm")
        group, group_line = obj.word("dh-group")
        method, method_line = obj.word("authentication-method")
        life, life_line = obj.word("lifetime-seconds")
        defaults: list[str] = []
        encryption = (_enc(enc),) if enc else ()
        mapped_integ = (IKE_INTEGRITY.get(integ, vocab.unknown(integ)),) if integ else ()
        aead = bool(encryption) and vocab.is_aead(encryption[0])
        lifetime = _int(life)
        if lifetime is None:
            lifetime = lifetime_default
            defaults.append("lifetime_seconds")
        dh = vocab.dh_group(group) if group else None
        prf = mapped_integ
        if aead and not prf and enc in AEAD_IMPLICIT_PRF:
            # "prf-algorithm (Security IKE Proposal)": AEAD ciphers implicitly define the PRF;
            # "aes-256-gcm ... is internally associated with a PRF-384".
            prf = (AEAD_IMPLICIT_PRF[enc],)
            defaults.append("prf")
        return IkeProposal(
            name=obj.name, line=obj.line, encryption=encryption,
            # With an AEAD cipher the authentication-algorithm is used as the PRF only.
            integrity=() if aead else mapped_integ, prf=prf,
            dh_groups=(dh,) if dh is not None else (),
            auth=IKE_AUTH.get(method, "unknown") if method else None,  # type: ignore[arg-type]
            lifetime_seconds=lifetime, defaults=tuple(defaults),
            # a finding about a value points at the statement that sets it
            lines=_setting_lines(encryption=enc_line, integrity=None if aead else integ_line, prf=integ_line,
                                 dh_groups=group_line, auth=method_line, lifetime_seconds=life_line))

    def _ike_set(self, set_name: str, line: int, lifetime_default: int) -> list[IkeProposal]:
        out = []
        for name, auth, group, enc, integ, prf in IKE_PROPOSAL_SETS.get(set_name, ()):
            out.append(IkeProposal(
                name=f"{set_name}:{name}", line=line, encryption=(enc,), integrity=(integ,) if integ else (),
                prf=(prf or integ,) if (prf or integ) else (), dh_groups=(group,), auth=auth,  # type: ignore[arg-type]
                lifetime_seconds=lifetime_default, defaults=("lifetime_seconds",)))
        return out

    def _psk(self, obj: _Obj) -> PreSharedKey | None:
        hit = obj.last("pre-shared-key")
        if not hit:
            return None
        tail, rec = hit
        form = tail[0]
        value = tail[1] if len(tail) > 1 else (form if form.startswith("<") else "")
        if form.startswith("<") and form.endswith(">") or value.startswith("<") and value.endswith(">") \
                or (value and set(value) == {"*"}):
            return PreSharedKey(present=True, encoding="masked", line=rec.line, name=obj.name)
        if value.startswith("$9$"):
            return PreSharedKey(present=True, encrypted=True, encoding="junos-9", line=rec.line, name=obj.name)
        if value.startswith("$8$"):
            # "Hardening Shared Secrets in Junos OS": with "system master-password" secrets are stored
            # as $8$ strings, AES256-GCM encrypted under a key derived from the master password.
            return PreSharedKey(present=True, encrypted=True, encoding="other", line=rec.line, name=obj.name)
        if not value:
            return PreSharedKey(present=True, encoding="other", line=rec.line, name=obj.name)
        if form == "hexadecimal":
            try:
                value = bytes.fromhex(value).decode("latin-1")
            except ValueError:
                return PreSharedKey.from_secret(value, encoding="other", line=rec.line, name=obj.name)
        return PreSharedKey.from_secret(value, encoding="plain", line=rec.line, name=obj.name)

    # -- device ----------------------------------------------------------------------------------
    def device(self) -> Device:
        root = self.root
        hostname, _ = root.word("system", "host-name")
        version, _ = root.word("version")

        sec_ike = ("security", "ike")
        sec_ipsec = ("security", "ipsec")
        svc = ("services", "ipsec-vpn")
        for base, known in ((sec_ike, _KNOWN_IKE_TOP), (sec_ipsec, _KNOWN_IPSEC_TOP),
                            (svc + ("ike",), {"proposal", "policy", "traceoptions"}),
                            (svc + ("ipsec",), {"proposal", "policy"})):
            for rel, rec in _Obj("x", "", base, self._under(base)).rels():
                if rel and rel[0] not in known:
                    self._unmodeled(rec)

        # IKE and IPsec objects (SRX [security] and MX [services ipsec-vpn] share the grammar)
        ike_props = {k: (o, self._ike_proposal(o, IKE_LIFETIME_DEFAULT))
                     for k, o in self._objects(sec_ike + ("proposal",), "ike-proposal").items()}
        ike_pols = self._objects(sec_ike + ("policy",), "ike-policy")
        gateways = self._objects(sec_ike + ("gateway",), "ike-gateway")
        ipsec_props = {k: (o, self._ipsec_proposal(o))
                       for k, o in self._objects(sec_ipsec + ("proposal",), "ipsec-proposal").items()}
        ipsec_pols = self._objects(sec_ipsec + ("policy",), "ipsec-policy")
        vpns = self._objects(sec_ipsec + ("vpn",), "ipsec-vpn")
        svc_ike_props = {k: (o, self._ike_proposal(o, SERVICES_IKE_LIFETIME_DEFAULT))
                         for k, o in self._objects(svc + ("ike", "proposal"), "ike-proposal").items()}
        svc_ike_pols = self._objects(svc + ("ike", "policy"), "ike-policy")
        svc_ipsec_props = {k: (o, self._ipsec_proposal(o))
                           for k, o in self._objects(svc + ("ipsec", "proposal"), "ipsec-proposal").items()}
        svc_ipsec_pols = self._objects(svc + ("ipsec", "policy"), "ipsec-policy")

        ike_policies: list[IkeProposal] = [p for o, p in list(ike_props.values()) + list(svc_ike_props.values())
                                           if not o.inactive]
        ipsec_proposals: list[IpsecProposal] = [p for o, p in list(ipsec_props.values())
                                                + list(svc_ipsec_props.values()) if not o.inactive]
        for name, sa in self._objects(sec_ipsec + ("security-association",), "security-association").items():
            self._check_known(sa, {"manual", "mode", "dynamic", "description"}, {"manual": {"direction"}})
            ipsec_proposals.extend(self._manual_directions(sa, ("manual",), f"security-association {name}", sa.word("mode")))
        keys: list[PreSharedKey] = []
        resolved_ike: dict[tuple[str, str], tuple[_Obj, list[IkeProposal], PreSharedKey | None]] = {}
        for scope, pols, props, life in (("security", ike_pols, ike_props, IKE_LIFETIME_DEFAULT),
                                         ("services", svc_ike_pols, svc_ike_props, SERVICES_IKE_LIFETIME_DEFAULT)):
            for name, pol in pols.items():
                self._check_known(pol, _KNOWN_IKE_POLICY)
                proposals: list[IkeProposal] = []
                for pname, pline in pol.values("proposals", every=True):
                    if pname in props:
                        proposals.append(props[pname][1])
                    else:
                        self._dangle("ike-proposal", pname, pline, f"ike policy {name}", not pol.inactive)
                set_name, set_line = pol.word("proposal-set")
                if set_name:
                    expanded = self._ike_set(set_name, set_line or pol.line, life)
                    if not expanded:
                        self._unmodeled(pol.has("proposal-set"))  # type: ignore[arg-type]
                    proposals.extend(expanded)
                    if not pol.inactive:
                        ike_policies.extend(expanded)
                if not proposals and not set_name:
                    self.notes[f"ike-policy:{name}"] = "no proposals or proposal-set configured"
                psk = self._psk(pol)
                if psk is not None and not pol.inactive:
                    keys.append(psk)
                resolved_ike[(scope, name)] = (pol, proposals, psk)

        resolved_ipsec: dict[tuple[str, str], tuple[_Obj, list[IpsecProposal], tuple[int, ...], list[str], int | None, int | None, list[str]]] = {}
        ipsec_policies: list[IpsecConfig] = []
        for scope, pols, props, life in (("security", ipsec_pols, ipsec_props, IPSEC_LIFETIME_DEFAULT),
                                         ("services", svc_ipsec_pols, svc_ipsec_props, SERVICES_IPSEC_LIFETIME_DEFAULT)):
            for name, pol in pols.items():
                self._check_known(pol, _KNOWN_IPSEC_POLICY)
                proposals_ip: list[IpsecProposal] = []
                lifetimes: list[tuple[int | None, int | None]] = []
                for pname, pline in pol.values("proposals", every=True):
                    if pname in props:
                        pobj = props[pname][0]
                        proposals_ip.append(props[pname][1])
                        lifetimes.append((_int(pobj.word("lifetime-seconds")[0]),
                                          _int(pobj.word("lifetime-kilobytes")[0])))
                        if len(lifetimes) == 1 and pobj.word("lifetime-seconds")[1]:  # the lifetime's own line
                            self.setting_lines[("ipsec-policy", scope, name, "lifetime_seconds")] = \
                                pobj.word("lifetime-seconds")[1]  # type: ignore[assignment]
                    else:
                        self._dangle("ipsec-proposal", pname, pline, f"ipsec policy {name}", not pol.inactive)
                defaults: list[str] = []
                set_name, set_line = pol.word("proposal-set")
                set_groups: tuple[int, ...] = ()
                if set_name:
                    members = IPSEC_PROPOSAL_SETS.get(set_name, ())
                    if not members:
                        self._unmodeled(pol.has("proposal-set"))  # type: ignore[arg-type]
                    for mname, enc, integ, group in members:
                        prop = IpsecProposal(name=f"{set_name}:{mname}", line=set_line, protocol="esp",
                                             encryption=(enc,), integrity=(integ,) if integ else (),
                                             dh_groups=(group,) if group else ())
                        proposals_ip.append(prop)
                        lifetimes.append((None, None))
                        if not pol.inactive:
                            ipsec_proposals.append(prop)
                        if group and group not in set_groups:
                            set_groups += (group,)
                pfs_word, pfs_line = pol.word("perfect-forward-secrecy", "keys")
                if pfs_line:
                    self.setting_lines[("ipsec-policy", scope, name, "pfs_groups")] = pfs_line
                if pfs_word:
                    g = vocab.dh_group(pfs_word)
                    pfs = (g,) if g is not None else ()
                else:
                    pfs = set_groups
                if not proposals_ip and not set_name:
                    self.notes[f"ipsec-policy:{name}"] = "no proposals or proposal-set configured"
                lifetime, kbytes = (lifetimes[0] if lifetimes else (None, None))
                if lifetime is None:
                    lifetime = life
                    defaults.append("lifetime_seconds")
                resolved_ipsec[(scope, name)] = (pol, proposals_ip, pfs, defaults, lifetime, kbytes, [])
                if not pol.inactive:
                    ipsec_policies.append(IpsecConfig(
                        name=f"{'services ' if scope == 'services' else ''}ipsec policy {name}", line=pol.line,
                        protocol=proposals_ip[0].protocol if proposals_ip else "esp", proposals=tuple(proposals_ip),
                        pfs_groups=pfs, lifetime_seconds=lifetime, lifetime_kilobytes=kbytes, defaults=tuple(defaults),
                        lines=(("pfs_groups", pfs_line),) if pfs_line else ()))

        for name, gw in gateways.items():
            self._check_known(gw, _KNOWN_IKE_GATEWAY)
            ref, line = gw.word("ike-policy")
            if ref and ("security", ref) not in resolved_ike:
                self._dangle("ike-policy", ref, line, f"ike gateway {name}", not gw.inactive)
        for name, (obj, _) in ipsec_props.items():
            self._check_known(obj, _KNOWN_IPSEC_PROPOSAL)
        for name, (obj, _) in svc_ipsec_props.items():
            self._check_known(obj, _KNOWN_IPSEC_PROPOSAL)

        # Global tunnel settings
        mss_hit = root.has("security", "flow", "tcp-mss", "ipsec-vpn")
        tcp_mss = None
        mss_default = False
        if mss_hit is not None:
            mss_word, self.mss_line = root.word("security", "flow", "tcp-mss", "ipsec-vpn", "mss")
            tcp_mss = _int(mss_word)
            if tcp_mss is None:
                tcp_mss, mss_default = TCP_MSS_IPSEC_DEFAULT, True
        global_window, _ = root.word("security", "ipsec", "anti-replay-window-size")

        bgp, neighbors = self._bgp()
        selectors_by_vpn = self._policy_selectors()

        tunnels: list[Tunnel] = []
        for vpn in vpns.values():  # a manual SA is not a tunnel vpnaudit models, but its algorithms are judged
            manual = self._manual_sa(vpn)
            if manual is not None:
                ipsec_proposals.append(manual)
        for name, vpn in vpns.items():
            tunnels.append(self._tunnel(vpn, gateways, resolved_ike, resolved_ipsec, tcp_mss, mss_default,
                                        global_window, neighbors, selectors_by_vpn.get(name, [])))
        tunnels.extend(self._services_tunnels(resolved_ike, resolved_ipsec))
        ipsec_proposals.extend(self.manual_proposals)

        extra = dict(self.notes)
        if self.reader.ignored:
            lines = self.reader.ignored
            extra["ignored_lines"] = (f"{len(lines)} line(s) that are neither Junos statements nor set commands "
                                      f"were skipped (first at line {lines[0]})")
        if not self.recs and self.reader.problems == []:
            self.reader.problems.append(ParseProblem(message="no Junos configuration statements found", line=None))

        return Device(
            source=self.path, vendor="junos", hostname=hostname, files=(self.path,), version=version,
            tunnels=tuple(tunnels), ike_policies=tuple(ike_policies), ipsec_proposals=tuple(ipsec_proposals),
            ipsec_policies=tuple(ipsec_policies),
            keys=tuple(keys), bgp=bgp,
            unmodeled=tuple(sorted(self.unmodeled.values(), key=lambda u: u.line)),
            dangling=tuple(self.dangling), problems=tuple(self.reader.problems),
            suppressions=tuple(sorted(self.reader.suppressions, key=lambda s: s.line)), extra=extra)

    def _manual_directions(self, owner: _Obj, key: tuple[str, ...], label: str,
                           mode: tuple[str | None, int | None]) -> list[IpsecProposal]:
        """The directions of a manual SA as proposal objects (package docstring: "Manual SAs")."""
        out: list[IpsecProposal] = []
        for tail, rec in owner.find(*key):
            if tail and tail[0] != "direction":
                self._unmodeled(rec)
        for direction, obj in owner.sub("manual-sa", *key, "direction").items():
            if obj.inactive:
                continue
            self._check_known(obj, _KNOWN_MANUAL_SA, _KNOWN_MANUAL_SA_NESTED)
            proto, proto_line = obj.word("protocol")
            if proto not in ("esp", "ah", "bundle"):
                self._unmodeled(obj.has("protocol") or obj.recs[0])
                continue
            enc, enc_line = obj.word("encryption", "algorithm")
            integ, integ_line = obj.word("authentication", "algorithm")
            out.append(IpsecProposal(
                name=f"{label} direction {direction}", line=obj.line,
                protocol={"esp": "esp", "ah": "ah", "bundle": "esp+ah"}[proto],  # type: ignore[arg-type]
                mode=mode[0] if mode[0] in ("tunnel", "transport") else None,  # type: ignore[arg-type]
                encryption=(_enc(enc),) if enc and proto != "ah" else (),
                integrity=(IPSEC_INTEGRITY.get(integ, vocab.unknown(integ)),) if integ else (),
                lines=_setting_lines(protocol=proto_line, encryption=enc_line, integrity=integ_line,
                                     mode=mode[1] if mode[0] in ("tunnel", "transport") else None)))
        return out

    def _manual_sa(self, vpn: _Obj) -> IpsecProposal | None:
        """``[edit security ipsec vpn V manual]``: a manually keyed SA (``protocol (ah | esp)``,
        ``authentication algorithm``, ``encryption algorithm``; Juniper, "manual (Security IPsec)",
        https://www.juniper.net/documentation/en_US/junos/topics/reference/configuration-statement/security-edit-authentication.html).
        AWS has no manual keying, and the tunnel stays unmodelled (VPN001); its protocol and
        algorithms are judged as a proposal (AH, weak hashes), like a proposal no tunnel uses."""
        rec = vpn.has("manual")
        if rec is None or vpn.inactive:
            return None
        proto, proto_line = vpn.word("manual", "protocol")
        enc, enc_line = vpn.word("manual", "encryption", "algorithm")
        integ, integ_line = vpn.word("manual", "authentication", "algorithm")
        if proto is None and enc is None and integ is None:
            return None
        protocol = {"ah": "ah", "esp": "esp"}.get(proto or "esp", "esp")
        return IpsecProposal(
            name=f"manual SA of vpn {vpn.name}", line=proto_line or rec.line, protocol=protocol,  # type: ignore[arg-type]
            encryption=(_enc(enc),) if enc else (),
            integrity=(IPSEC_INTEGRITY.get(integ, vocab.unknown(integ)),) if integ else (),
            defaults=() if proto else ("protocol",),
            lines=_setting_lines(protocol=proto_line, encryption=enc_line, integrity=integ_line))

    def _ipsec_proposal(self, obj: _Obj) -> IpsecProposal:
        proto, proto_line = obj.word("protocol")
        enc, enc_line = obj.word("encryption-algorithm")
        integ, integ_line = obj.word("authentication-algorithm")
        defaults: list[str] = []
        if proto is None:
            protocol = "esp"
            defaults.append("protocol")
        else:
            protocol = {"esp": "esp", "ah": "ah", "bundle": "esp+ah"}.get(proto, "esp")
            if proto not in ("esp", "ah", "bundle"):
                self._unmodeled(obj.has("protocol"))  # type: ignore[arg-type]
        return IpsecProposal(
            name=obj.name, line=obj.line, protocol=protocol,  # type: ignore[arg-type]
            encryption=(_enc(enc),) if enc else (),
            integrity=(IPSEC_INTEGRITY.get(integ, vocab.unknown(integ)),) if integ else (),
            defaults=tuple(defaults),
            lines=_setting_lines(protocol=proto_line, encryption=enc_line, integrity=integ_line))

    # -- tunnels -----------------------------------------------------------------------------------
    def _tunnel(self, vpn: _Obj, gateways, resolved_ike, resolved_ipsec, tcp_mss, mss_default, global_window,
                neighbors: list[BgpNeighbor], policy_selectors: list[TrafficSelector]) -> Tunnel:
        self._check_known(vpn, _KNOWN_VPN, {"ike": _KNOWN_VPN_IKE})
        defaults: list[str] = []
        enabled = not vpn.inactive
        gw_name, gw_line = vpn.word("ike", "gateway")
        pol_name, pol_line = vpn.word("ike", "ipsec-policy")
        manual = vpn.find("manual")
        if manual:  # one manually keyed SA, one VPN001 (its first line); its algorithms: _manual_sa
            self._unmodeled(manual[0][1])

        ike_cfg = None
        local_address = local_interface = peer = None
        if gw_name:
            gw = gateways.get(gw_name)
            if gw is None:
                self._dangle("ike-gateway", gw_name, gw_line, f"ipsec vpn {vpn.name}", not vpn.inactive)
            else:
                enabled = enabled and not gw.inactive
                ike_cfg, local_address, local_interface, peer, ike_on = self._ike_config(gw, resolved_ike)
                enabled = enabled and ike_on

        ipsec_cfg = None
        if pol_name:
            hit = resolved_ipsec.get(("security", pol_name))
            if hit is None:
                self._dangle("ipsec-policy", pol_name, pol_line, f"ipsec vpn {vpn.name}", not vpn.inactive)
            else:
                pol, props, pfs, pdefaults, lifetime, kbytes, _ = hit
                enabled = enabled and not pol.inactive
                ipsec_defaults = list(pdefaults)
                no_replay = vpn.has("ike", "no-anti-replay")
                if no_replay is None:
                    ipsec_defaults.append("replay_protection")
                window = vpn.word("anti-replay-window-size")[0] or global_window
                ipsec_lines = {}
                pfs_line = self.setting_lines.get(("ipsec-policy", "security", pol_name, "pfs_groups"))
                if pfs_line:
                    ipsec_lines["pfs_groups"] = pfs_line
                life_line = self.setting_lines.get(("ipsec-policy", "security", pol_name, "lifetime_seconds"))
                if life_line:
                    ipsec_lines["lifetime_seconds"] = life_line
                if no_replay is not None:
                    ipsec_lines["replay_protection"] = no_replay.line
                ipsec_cfg = IpsecConfig(
                    name=pol_name, line=pol.line, protocol=props[0].protocol if props else "esp", mode="tunnel",
                    proposals=tuple(props), pfs_groups=pfs, lifetime_seconds=lifetime, lifetime_kilobytes=kbytes,
                    replay_protection=no_replay is None, replay_window=_int(window),
                    defaults=tuple(ipsec_defaults), lines=tuple(sorted(ipsec_lines.items())))

        df, df_line = vpn.word("df-bit")
        tunnel_lines: dict[str, int] = {"df_bit": df_line} if df_line else {}
        if df not in ("clear", "set", "copy"):
            df = "clear"
            defaults.append("df_bit")

        selectors: list[TrafficSelector] = []
        for tsname, ts in vpn.sub("traffic-selector", "traffic-selector").items():
            for local, _ in ts.values("local-ip"):
                for remote, _ in ts.values("remote-ip"):
                    selectors.append(TrafficSelector(local=local, remote=remote, line=ts.line))
        pid_local, pl_line = vpn.word("ike", "proxy-identity", "local")
        pid_remote, _ = vpn.word("ike", "proxy-identity", "remote")
        if pid_local or pid_remote:
            service, _ = vpn.word("ike", "proxy-identity", "service")
            selectors.append(TrafficSelector(local=pid_local or "0.0.0.0/0", remote=pid_remote or "0.0.0.0/0",
                                             protocol=service, line=pl_line))

        bind, bind_line = vpn.word("bind-interface")
        inside = None
        mtu = None
        bgp = None
        routing = "route-based"
        if bind:
            ifname, _, unit = bind.rpartition(".")
            if not ifname:
                ifname, unit = bind, "0"
            unit_recs = self._under(("interfaces", ifname, "unit", unit))
            if not unit_recs:
                self._dangle("interface", bind, bind_line, f"ipsec vpn {vpn.name}", not vpn.inactive)
            elif all(r.inactive for r in unit_recs) or any(
                    not r.inactive and r.path == disable
                    for disable in (("interfaces", ifname, "disable"), ("interfaces", ifname, "unit", unit, "disable"))
                    for r in self._under(disable)):
                # ``deactivate interfaces st0 unit N`` / ``disable`` on the unit or on st0: the VPN
                # has no interface to run on ("disable (Interface)": administratively down).
                enabled = False
            addrs = self._iface_addresses(ifname, unit)
            mtu_word, mtu_line = _Obj("u", unit, ("interfaces", ifname, "unit", unit), unit_recs).word(
                "family", "inet", "mtu")
            mtu = _int(mtu_word)
            if mtu_line:
                tunnel_lines["mtu"] = mtu_line
            if addrs:
                inside, bgp = self._inside(addrs, neighbors)
        else:
            routing = "policy-based"
            selectors.extend(policy_selectors)

        if mss_default:
            defaults.append("tcp_mss")
        if self.mss_line:
            tunnel_lines["tcp_mss"] = self.mss_line
        return Tunnel(
            name=vpn.name, line=vpn.line, local_address=local_address, local_interface=local_interface,
            peer_address=peer, routing=routing, inside=inside, ike=ike_cfg, ipsec=ipsec_cfg,  # type: ignore[arg-type]
            df_bit=df, mtu=mtu, tcp_mss=tcp_mss, traffic_selectors=tuple(selectors), bgp=bgp,  # type: ignore[arg-type]
            enabled=enabled, defaults=tuple(defaults), lines=tuple(sorted(tunnel_lines.items())))

    def _ike_config(self, gw: _Obj, resolved_ike):
        defaults: list[str] = []
        enabled = True
        version, version_line = gw.word("version")
        ike_lines: dict[str, int] = {"versions": version_line} if version_line else {}
        if version == "v2-only":
            versions: tuple[int, ...] = (2,)
        elif version == "v1-only":
            versions = (1,)
        else:
            versions = (1,)
            defaults.append("versions")
        addresses = gw.values("address", every=True)
        peer = addresses[0][0] if addresses else None
        ext, _ = gw.word("external-interface")
        local_address, _ = gw.word("local-address")
        if local_address is None and ext:
            ifname, _, unit = ext.rpartition(".")
            if not ifname:
                ifname, unit = ext, "0"
            addrs = self._iface_addresses(ifname, unit)
            if addrs:
                local_address = addrs[0][0].split("/")[0]
        dpd = None
        dpd_rec = gw.has("dead-peer-detection")
        if dpd_rec is not None:
            ddefaults: list[str] = []
            # `set ... dead-peer-detection interval 10 threshold 3` puts several leaves on one
            # statement: read keyword/value pairs anywhere in the tails, the last one winning.
            leaves: dict[str, str] = {}
            for tail, _ in gw.find("dead-peer-detection"):
                for key, value in zip(tail, tail[1:]):
                    if key in ("interval", "threshold"):
                        leaves[key] = value
            interval = _int(leaves.get("interval"))
            if interval is None:
                interval = DPD_INTERVAL_DEFAULT
                ddefaults.append("interval_seconds")
            threshold = _int(leaves.get("threshold"))
            if threshold is None:
                threshold = DPD_THRESHOLD_DEFAULT
                ddefaults.append("retries")
            mode = None
            for tail, _ in gw.find("dead-peer-detection"):
                if tail and tail[0] in ("always-send", "optimized", "probe-idle-tunnel"):
                    mode = {"probe-idle-tunnel": "probe-idle"}.get(tail[0], tail[0])
            if mode is None:
                mode = DPD_MODE_DEFAULT
                ddefaults.append("mode")
            line = min(r.line for _, r in gw.find("dead-peer-detection"))
            dpd = Dpd(enabled=True, interval_seconds=interval, retries=threshold, mode=mode,  # type: ignore[arg-type]
                      line=line, defaults=tuple(ddefaults))
        nat_t = gw.has("no-nat-traversal") is None
        if nat_t:
            defaults.append("nat_traversal")
        local_id = gw.last("local-identity")
        remote_id = gw.last("remote-identity")
        proposals: list[IkeProposal] = []
        psk = None
        mode = None
        auth = None
        pol_name, pol_line = gw.word("ike-policy")
        hit = resolved_ike.get(("security", pol_name)) if pol_name else None
        if hit is not None:
            pol, proposals, psk = hit
            enabled = not pol.inactive
            if 1 in versions:
                mode_word, mode_line = pol.word("mode")
                if mode_word in ("main", "aggressive"):
                    mode = mode_word
                    if mode_line:
                        ike_lines["mode"] = mode_line
                else:
                    mode = "main"
                    defaults.append("mode")
            if proposals and proposals[0].auth:
                auth = proposals[0].auth
            elif psk is not None:
                auth = "psk"
            elif pol.has("certificate") is not None:
                auth = "certificate"
            if psk is not None:
                psk = psk.model_copy(update={"peer": peer, "wildcard_peer": peer in ("0.0.0.0", "0.0.0.0/0")})
        lifetime = proposals[0].lifetime_seconds if proposals else None
        if proposals and "lifetime_seconds" in proposals[0].defaults:
            defaults.append("lifetime_seconds")
        ike = IkeConfig(
            name=gw.name, line=gw.line, versions=versions, mode=mode, auth=auth, proposals=tuple(proposals),  # type: ignore[arg-type]
            lifetime_seconds=lifetime, dpd=dpd, psk=psk,
            local_id=local_id[0][-1] if local_id else None,
            remote_id=remote_id[0][-1] if remote_id else None,
            nat_traversal=nat_t, defaults=tuple(defaults), lines=tuple(sorted(ike_lines.items())))
        return ike, local_address, ext, peer, enabled

    def _inside(self, addrs: list[tuple[str, int]], neighbors: list[BgpNeighbor]):
        local, line = addrs[0]
        bgp = None
        peer = None
        for addr, _ in addrs:
            try:
                iface = ipaddress.ip_interface(addr)
            except ValueError:
                continue
            candidates = [n for n in neighbors if _in_net(n.neighbor, iface) and n.neighbor != str(iface.ip)]
            candidates.sort(key=lambda n: n.shutdown)
            if candidates and bgp is None:
                bgp = candidates[0]
            if addr == local:
                net = iface.network
                if net.prefixlen == net.max_prefixlen - 2:
                    hosts = [h for h in net.hosts() if h != iface.ip]
                    peer = str(hosts[0]) if hosts else None
                elif net.prefixlen == net.max_prefixlen - 1:
                    peer = next((str(h) for h in net if h != iface.ip), None)
                elif candidates:
                    peer = candidates[0].neighbor
        return InsideAddress(local=local, peer=peer, line=line), bgp

    def _services_tunnels(self, resolved_ike, resolved_ipsec) -> list[Tunnel]:
        """MX ``services ipsec-vpn rule R term T then remote-gateway A; dynamic {...}`` (best effort)."""
        out: list[Tunnel] = []
        rules = self._objects(("services", "ipsec-vpn", "rule"), "ipsec-rule")
        for rname, rule in rules.items():
            for tname, term in rule.sub("term", "term").items():
                peer, _ = term.word("then", "remote-gateway")
                if peer is None and term.has("then", "dynamic") is None:
                    self.manual_proposals.extend(self._manual_directions(
                        term, ("then", "manual"), f"services ipsec-vpn rule {rname} term {tname} manual", (None, None)))
                    continue
                enabled = not term.inactive
                ike_cfg = ipsec_cfg = None
                ike_name, ike_line = term.word("then", "dynamic", "ike-policy")
                if ike_name:
                    hit = resolved_ike.get(("services", ike_name))
                    if hit is None:
                        self._dangle("ike-policy", ike_name, ike_line, f"services ipsec-vpn rule {rname} term {tname}")
                    else:
                        pol, proposals, psk = hit
                        ver, _ = pol.word("version")
                        defaults = [] if ver else ["versions"]
                        versions = (2,) if ver == "2" else (1,)
                        mode, _ = pol.word("mode")
                        if mode not in ("main", "aggressive"):
                            mode = "main" if 1 in versions else None
                            if mode:
                                defaults.append("mode")
                        dpd = Dpd(enabled=True, line=term.has("then", "initiate-dead-peer-detection").line) \
                            if term.has("then", "initiate-dead-peer-detection") is not None else None
                        ike_cfg = IkeConfig(
                            name=ike_name, line=pol.line, versions=versions, mode=mode if 1 in versions else None,  # type: ignore[arg-type]
                            auth=proposals[0].auth if proposals and proposals[0].auth else ("psk" if psk else None),
                            proposals=tuple(proposals),
                            lifetime_seconds=proposals[0].lifetime_seconds if proposals else None,
                            dpd=dpd, psk=psk.model_copy(update={"peer": peer}) if psk else None,
                            defaults=tuple(defaults))
                ipsec_name, ipsec_line = term.word("then", "dynamic", "ipsec-policy")
                if ipsec_name:
                    hit = resolved_ipsec.get(("services", ipsec_name))
                    if hit is None:
                        self._dangle("ipsec-policy", ipsec_name, ipsec_line,
                                     f"services ipsec-vpn rule {rname} term {tname}")
                    else:
                        pol, props, pfs, pdefaults, lifetime, kbytes, _ = hit
                        no_replay = term.has("then", "no-anti-replay")
                        ipsec_cfg = IpsecConfig(
                            name=ipsec_name, line=pol.line, protocol=props[0].protocol if props else "esp",
                            proposals=tuple(props), pfs_groups=pfs, lifetime_seconds=lifetime,
                            lifetime_kilobytes=kbytes, replay_protection=no_replay is None,
                            defaults=tuple(pdefaults + (["replay_protection"] if no_replay is None else [])))
                selectors = []
                for src, sline in term.values("from", "source-address", every=True):
                    for dst, _ in term.values("from", "destination-address", every=True):
                        selectors.append(TrafficSelector(local=src, remote=dst, line=sline))
                df = "clear" if term.has("then", "clear-dont-fragment-bit") is not None else None
                out.append(Tunnel(
                    name=f"{rname}/{tname}", line=term.line, peer_address=peer, routing="policy-based",
                    ike=ike_cfg, ipsec=ipsec_cfg, df_bit=df, traffic_selectors=tuple(selectors),  # type: ignore[arg-type]
                    enabled=enabled))
        return out

    # -- policy-based selectors -------------------------------------------------------------------
    def _address_book(self) -> dict[str, list[str]]:
        book: dict[str, list[str]] = {}
        sets: dict[str, list[str]] = {}
        for r in self.recs:
            if r.inactive:
                continue
            p = r.path
            tail: tuple[str, ...] | None = None
            if p[:2] == ("security", "address-book") and len(p) > 3:
                tail = p[3:]
            elif p[:3] == ("security", "zones", "security-zone") and len(p) > 5 and p[4] == "address-book":
                tail = p[5:]
            if not tail or len(tail) < 3:
                continue
            if tail[0] == "address":
                value = tail[3] if tail[2] == "ip-prefix" and len(tail) > 3 else tail[2]
                if "/" in value or _is_ip(value):
                    book.setdefault(tail[1], []).append(value if "/" in value else value + "/32")
            elif tail[0] == "address-set" and len(tail) > 3 and tail[2] in ("address", "address-set"):
                sets.setdefault(tail[1], []).append(tail[3])
        for name, members in sets.items():
            out: list[str] = []
            for m in members:
                out.extend(book.get(m, []))
            book.setdefault(name, out)
        return book

    def _policy_selectors(self) -> dict[str, list[TrafficSelector]]:
        out: dict[str, list[TrafficSelector]] = {}
        book: dict[str, list[str]] | None = None
        policies: list[_Obj] = []
        for zpair, zobj in self._objects(("security", "policies", "from-zone"), "zone").items():
            for to_zone, tobj in zobj.sub("to-zone", "to-zone").items():
                policies.extend(tobj.sub("policy", "policy").values())
        policies.extend(self._objects(("security", "policies", "global", "policy"), "policy").values())
        for pol in policies:
            vpn, _ = pol.word("then", "permit", "tunnel", "ipsec-vpn")
            if not vpn or pol.inactive:
                continue
            if book is None:
                book = self._address_book()
            pairs: list[TrafficSelector] = out.setdefault(vpn, [])
            srcs = self._resolve(pol, "source-address", book)
            dsts = self._resolve(pol, "destination-address", book)
            for s in srcs:
                for d in dsts:
                    if any((t.local, t.remote) in ((s, d), (d, s)) for t in pairs):
                        continue
                    pairs.append(TrafficSelector(local=s, remote=d, line=pol.line, action="permit"))
        return out

    def _resolve(self, pol: _Obj, key: str, book: dict[str, list[str]]) -> list[str]:
        out: list[str] = []
        for name, line in pol.values("match", key, every=True):
            if name in ("any", "any-ipv4"):
                out.append("0.0.0.0/0")
            elif name == "any-ipv6":
                out.append("::/0")
            elif name in book:
                out.extend(book[name])
            else:
                self._dangle("address", name, line, f"security policy {pol.name}")
        return out

    # -- BGP ----------------------------------------------------------------------------------------
    def _bgp(self) -> tuple[BgpProcess | None, list[BgpNeighbor]]:
        contexts: list[tuple[tuple[str, ...], tuple[str, ...]]] = [(("protocols", "bgp"), ("routing-options",))]
        for ri in self._objects(("routing-instances",), "ri"):
            contexts.append((("routing-instances", ri, "protocols", "bgp"), ("routing-instances", ri, "routing-options")))
        neighbors: list[BgpNeighbor] = []
        networks: list[str] = []
        process_line = None
        top_as = None
        router_id = None
        for base, ropts in contexts:
            recs = self._under(base)
            if not recs:
                continue
            bgp = _Obj("bgp", "", base, recs)
            opts = _Obj("ro", "", ropts, self._under(ropts))
            system_as = _int(opts.word("autonomous-system")[0])
            if process_line is None:
                process_line = bgp.line
                top_as = _int(bgp.word("local-as")[0]) or system_as
                router_id = opts.word("router-id")[0]
            levels_bgp = bgp
            for gname, group in bgp.sub("bgp-group", "group").items():
                for nname, nb in group.sub("bgp-neighbor", "neighbor").items():
                    neighbor, prefixes = self._neighbor(nname, nb, group, levels_bgp, system_as)
                    neighbors.append(neighbor)
                    for p in prefixes:
                        if p not in networks:
                            networks.append(p)
        if process_line is None:
            return None, neighbors
        return BgpProcess(line=process_line, local_as=top_as, router_id=router_id, neighbors=tuple(neighbors),
                          networks=tuple(networks)), neighbors

    def _neighbor(self, address: str, nb: _Obj, group: _Obj, bgp: _Obj, system_as: int | None):
        levels = (nb, group, bgp)
        defaults: list[str] = []

        def first(*key: str) -> str | None:
            for lvl in levels:
                w = lvl.word(*key)[0]
                if w is not None:
                    return w
            return None

        local_as = _int(first("local-as"))
        if local_as is None and not any(lvl.word("local-as")[0] for lvl in levels):
            local_as = system_as
        hold = _int(first("hold-time"))
        if hold is None:
            hold = BGP_HOLD_DEFAULT
            defaults.append("hold_seconds")
        defaults.append("keepalive_seconds")  # Junos: keepalive = hold-time / 3, not configurable
        exports: list[tuple[str, int]] = []
        for lvl in levels:
            exports = lvl.values("export", every=True)
            if exports:
                break
        prefixes: list[str] = []
        known = True
        for pname, pline in exports:
            got = self._policy_prefixes(pname, pline, f"bgp neighbor {address}")
            if got is None:
                known = False
                continue
            plist, exact = got
            known = known and exact
            prefixes.extend(p for p in plist if p not in prefixes)
        shutdown = nb.inactive or group.inactive or bgp.inactive or nb.has("shutdown") is not None
        return BgpNeighbor(
            neighbor=address, line=nb.line, remote_as=_int(first("peer-as")), local_as=local_as,
            hold_seconds=hold, keepalive_seconds=hold // 3 if hold else 0,
            advertised_prefixes=tuple(prefixes),
            advertised_prefix_count=len(prefixes) if exports and known else None,
            shutdown=shutdown, defaults=tuple(defaults)), prefixes

    def _policy_prefixes(self, name: str, line: int, referrer: str) -> tuple[list[str], bool] | None:
        objs = self._objects(("policy-options", "policy-statement"), "policy-statement")
        pol = objs.get(name)
        if pol is None:
            self._dangle("policy-statement", name, line, referrer)
            return None
        terms = list(pol.sub("term", "term").values()) or [pol]
        if pol.find("then") and pol.sub("term", "term"):
            terms.append(pol)  # policy-level from/then after the terms
        prefixes: list[str] = []
        exact = True
        for term in terms:
            accepts = any(tail and tail[-1] == "accept" for tail, _ in term.find("then"))
            if not accepts:
                continue
            found = False
            for tail, _ in term.find("from", "route-filter"):
                if tail and tail[0] not in prefixes and len(tail) >= 1:
                    prefixes.append(tail[0])
                if len(tail) >= 2:
                    found = True
                    if tail[1] != "exact":
                        exact = False
            for plist, pl_line in term.values("from", "prefix-list"):
                found = True
                entries = [r.path[3] for r in self._under(("policy-options", "prefix-list", plist))
                           if len(r.path) > 3 and not r.inactive]
                if not entries:
                    self._dangle("prefix-list", plist, pl_line, f"policy-statement {name}")
                prefixes.extend(e for e in entries if e not in prefixes)
            if not found:
                exact = False  # accepts by protocol / community / anything: count unknown
        return prefixes, exact


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _in_net(address: str, iface) -> bool:
    try:
        return ipaddress.ip_address(address) in iface.network
    except ValueError:
        return False
