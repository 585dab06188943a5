"""Named Junos objects (proposals, policies, gateways, VPNs) gathered from the records, and the statements each kind knows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ... import vocab
from .defaults import ENCRYPTION
from .lexer import Rec


_KNOWN_IKE_PROPOSAL = {"authentication-method", "authentication-algorithm", "encryption-algorithm", "dh-group",
                       "lifetime-seconds", "description"}
_KNOWN_IKE_POLICY = {"mode", "proposals", "proposal-set", "pre-shared-key", "certificate", "description",
                     "local-certificate", "version", "local-id", "remote-id", "reauth-frequency"}
_KNOWN_IKE_GATEWAY = {"ike-policy", "address", "dynamic", "external-interface", "local-address",
                      "dead-peer-detection", "version", "no-nat-traversal", "nat-keepalive", "general-ikeid",
                      "local-identity", "remote-identity", "description"}
_KNOWN_IPSEC_PROPOSAL = {"protocol", "encryption-algorithm", "authentication-algorithm", "lifetime-seconds",
                         "lifetime-kilobytes", "description"}
_KNOWN_IPSEC_POLICY = {"perfect-forward-secrecy", "proposals", "proposal-set", "description"}
_KNOWN_VPN = {"bind-interface", "ike", "df-bit", "establish-tunnels", "traffic-selector", "vpn-monitor",
              "description", "copy-outer-dscp", "anti-replay-window-size", "ha-link-encryption",
              "manual"}  # manual: one VPN001 for the block and its algorithms judged (_manual_sa)
_KNOWN_VPN_IKE = {"gateway", "ipsec-policy", "no-anti-replay", "proxy-identity", "idle-time", "install-interval"}
_KNOWN_IKE_TOP = {"proposal", "policy", "gateway", "traceoptions", "respond-bad-spi"}
_KNOWN_IPSEC_TOP = {"proposal", "policy", "vpn", "traceoptions", "vpn-monitor-options", "anti-replay-window-size",
                    "security-association"}
_KNOWN_MANUAL_SA = {"protocol", "spi", "auxiliary-spi", "authentication", "encryption"}
_KNOWN_MANUAL_SA_NESTED = {"authentication": {"algorithm", "key"}, "encryption": {"algorithm", "key"}}

# ---------------------------------------------------------------------------------------------
# Query helpers
class _Obj:
    """A named object (proposal, policy, gateway, ...) and its records, relative to its path."""

    def __init__(self, kind: str, name: str, base: tuple[str, ...], recs: list[Rec]):
        self.kind, self.name, self.base, self.recs = kind, name, base, recs
        self._by_first: dict[str, list[tuple[tuple[str, ...], Rec]]] | None = None  # rels by first word

    @property
    def line(self) -> int:
        own = [r.line for r in self.recs if not r.inherited]
        return min(own) if own else min(r.line for r in self.recs)

    @property
    def end(self) -> int:
        return max(r.line for r in self.recs)

    @property
    def inactive(self) -> bool:
        n = len(self.base)
        return all(r.inactive_at is not None and r.inactive_at <= n for r in self.recs)

    def rels(self) -> Iterable[tuple[tuple[str, ...], Rec]]:
        """Statements of the object; those made inactive below the object's own level are skipped."""
        n = len(self.base)
        for r in self.recs:
            if r.inactive_at is None or r.inactive_at <= n:
                yield r.path[n:], r

    def find(self, *key: str) -> list[tuple[tuple[str, ...], Rec]]:
        k = len(key)
        if not k:
            return list(self.rels())
        if self._by_first is None:  # indexed on the first lookup: an object is asked many times
            self._by_first = {}
            for rel, r in self.rels():
                if rel:
                    self._by_first.setdefault(rel[0], []).append((rel, r))
        return [(rel[k:], r) for rel, r in self._by_first.get(key[0], ()) if rel[:k] == key]

    def last(self, *key: str) -> tuple[tuple[str, ...], Rec] | None:
        hits = [(tail, r) for tail, r in self.find(*key) if tail]
        return hits[-1] if hits else None

    def word(self, *key: str) -> tuple[str | None, int | None]:
        hit = self.last(*key)
        return (hit[0][0], hit[1].line) if hit else (None, None)

    def has(self, *key: str) -> Rec | None:
        hits = self.find(*key)
        return hits[-1][1] if hits else None

    def values(self, *key: str, every: bool = False) -> list[tuple[str, int]]:
        """Values of a statement, in order, without repeats. ``every``: a leaf-list
        (``proposals [ a b ]``) whose words are all values; otherwise only the first word counts
        (``address 10.0.0.1/24 { primary; }``)."""
        seen: dict[str, int] = {}
        for tail, r in self.find(*key):
            for w in (tail if every else tail[:1]):
                seen.setdefault(w, r.line)
        return list(seen.items())

    def sub(self, kind: str, *key: str) -> dict[str, _Obj]:
        return _objects(self.recs, self.base + key, kind)


def _objects(recs: Sequence[Rec], prefix: tuple[str, ...], kind: str) -> dict[str, _Obj]:
    n = len(prefix)
    grouped: dict[str, list[Rec]] = {}
    for r in recs:
        if len(r.path) > n and r.path[:n] == prefix:
            grouped.setdefault(r.path[n], []).append(r)
    return {name: _Obj(kind, name, prefix + (name,), rs) for name, rs in grouped.items()}


def _setting_lines(**at: int | None) -> tuple[tuple[str, int], ...]:
    """``Located.lines`` from the statements that set each field (unset fields left out)."""
    return tuple(sorted((name, line) for name, line in at.items() if line is not None))


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    m = re.fullmatch(r"(\d+)\.(\d+)", value)  # asdot AS notation
    return int(m.group(1)) * 65536 + int(m.group(2)) if m else None


def _enc(raw: str) -> str:
    return ENCRYPTION.get(raw, vocab.unknown(raw))
