"""strongSwan / Libreswan proposal strings -> algorithm lists, and the documented default proposals.

Split out of the parser package's ``__init__`` (its sources are cited there and in ``libreswan.py``).
"""

from __future__ import annotations

import re
from ..._struct import dataclass, field

from ... import vocab
from . import libreswan as ls


_ENC_SET = set(vocab.ENCRYPTION)
_INT_SET = set(vocab.INTEGRITY)
_ICV_BITS = {"8": 8, "12": 12, "16": 16, "64": 8, "96": 12, "128": 16}
_INTEG = {
    "md5": "MD5", "md5_128": "MD5", "sha": "SHA1", "sha1": "SHA1", "sha1_160": "SHA1",
    "sha256": "SHA2-256", "sha2_256": "SHA2-256", "sha2": "SHA2-256", "sha384": "SHA2-384",
    "sha2_384": "SHA2-384", "sha512": "SHA2-512", "sha2_512": "SHA2-512", "aesxcbc": "AES-XCBC",
    "aes_xcbc": "AES-XCBC", "aescmac": "AES-CMAC", "aes_cmac": "AES-CMAC",
}
_ENC_SIMPLE = {
    "3des": "3DES", "des": "DES", "null": "NULL", "cast128": "CAST", "cast": "CAST",
    "blowfish": "BLOWFISH", "blowfish128": "BLOWFISH", "blowfish192": "BLOWFISH", "blowfish256": "BLOWFISH",
    "chacha20poly1305": "CHACHA20-POLY1305", "chacha20_poly1305": "CHACHA20-POLY1305",
    "camellia": "CAMELLIA128", "camellia128": "CAMELLIA128", "camellia256": "CAMELLIA256",
}
_AES_RE = re.compile(r"^aes(128|192|256)?(ctr|gcm|ccm|gmac)?(8|12|16|64|96|128)?$")
_LIBRE_AEAD_RE = re.compile(r"^aes_(gcm|ccm|ctr|cbc)(?:_?([abc]))?(?:_?(128|192|256))?$")
_DH_PREFIXES = ("modp", "ecp", "curve", "x25519", "x448", "dh", "mlkem")


@dataclass
class _Algs:
    encryption: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    prf: list[str] = field(default_factory=list)
    dh: list[int] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)  # fields a Libreswan default filled in

    def add(self, kind: str, value: object) -> None:
        target = getattr(self, kind)
        if value not in target:
            target.append(value)


def _enc_name(raw: str, libreswan: bool) -> str | None:
    t = raw.lower()
    if t in _ENC_SIMPLE:
        return _ENC_SIMPLE[t]
    m = _AES_RE.match(t)
    if m:
        size = m.group(1) or ("256" if libreswan else "128")
        mode, icv = m.group(2), m.group(3)
        if mode is None:
            name = f"AES{size}" if icv is None else None
        elif mode == "ctr":
            name = f"AES{size}-CTR"
        elif mode == "gmac":
            name = f"AES{size}-GMAC"
        else:
            name = f"AES{size}-{mode.upper()}-{_ICV_BITS.get(icv or '16', 16)}"
        if name is None:
            return None
        return name if name in _ENC_SET else vocab.unknown(raw)
    m = _LIBRE_AEAD_RE.match(t)
    if m and libreswan:
        mode, letter, size = m.group(1), m.group(2), m.group(3) or "256"
        if mode == "cbc":
            name = f"AES{size}"
        elif mode == "ctr":
            name = f"AES{size}-CTR"
        else:
            name = f"AES{size}-{mode.upper()}-{ {'a': 8, 'b': 12, 'c': 16}.get(letter or 'c', 16)}"
        return name if name in _ENC_SET else vocab.unknown(raw)
    return None


def _dh(raw: str) -> int | None:
    t = raw.lower()
    t = re.sub(r"^ke\d_", "", t)  # strongSwan 6 additional key exchanges (ke1_mlkem768)
    if t.isdigit() or not t.startswith(_DH_PREFIXES):
        return None
    return vocab.dh_group(t)


def _parse_algs(text: str, protocol: str, libreswan: bool) -> _Algs:
    """One proposal (dash-separated keywords; Libreswan also ';' before the DH and '+' between
    alternatives) -> algorithm lists in the canonical vocabulary."""
    algs = _Algs()
    dh_part = ""
    if ";" in text:
        text, dh_part = text.split(";", 1)
    tokens = [t for t in re.split(r"[-+]", text) if t]
    tokens += [t for t in re.split(r"[-+;]", dh_part) if t]
    for token in tokens:
        t = token.strip().lower()
        if not t or t in ("esn", "noesn", "modpnone", "none"):
            continue
        if protocol == "ah" and t in _INTEG:
            algs.add("integrity", _INTEG[t])
            continue
        if t == "null" and algs.encryption:
            algs.add("integrity", "NULL")  # "<cipher>-null": no integrity (AEAD)
            continue
        enc = _enc_name(t, libreswan)
        if enc is not None:
            if protocol == "ah" and enc.endswith("-GMAC"):
                algs.add("integrity", "AES-GMAC")
            else:
                algs.add("encryption", enc)
            continue
        if t in _INTEG:
            algs.add("integrity", _INTEG[t])
            continue
        if t.startswith("prf") and t[3:] in _INTEG:
            algs.add("prf", _INTEG[t[3:]])
            continue
        group = _dh(t)
        if group is not None:
            algs.add("dh", group)
            continue
        algs.add("unknown", token.strip())
    aead = bool(algs.encryption) and all(vocab.is_aead(e) for e in algs.encryption)
    if protocol == "ike":
        # strongSwan / Libreswan: without an explicit PRF the integrity keywords give the PRF;
        # with AEAD ciphers those keywords are PRFs only (proposal.c check_proposal).
        if not algs.prf:
            algs.prf = list(algs.integrity)
        if aead:
            algs.integrity = []
    elif aead:
        algs.integrity = [i for i in algs.integrity if i != "NULL"]
    return algs


def _split_proposals(value: str) -> tuple[list[str], bool]:
    value = value.strip()
    strict = value.endswith("!")
    if strict:
        value = value[:-1]
    return [p.strip() for p in value.split(",") if p.strip()], strict


# Documented default proposals (see the module docstring for the sources).
_SS_IKE_DEFAULT = (
    _Algs(["AES128", "AES192", "AES256"],
          ["SHA2-256", "SHA2-384", "SHA2-512", "AES-XCBC", "AES-CMAC", "SHA1"],
          ["SHA2-256", "SHA2-384", "SHA2-512", "AES-XCBC", "AES-CMAC", "SHA1"],
          [19, 20, 21, 28, 29, 30, 31, 32, 15, 16, 17, 18, 14]),
    _Algs(["AES128-GCM-16", "AES192-GCM-16", "AES256-GCM-16", "CHACHA20-POLY1305",
           "AES128-GCM-12", "AES192-GCM-12", "AES256-GCM-12", "AES128-GCM-8", "AES192-GCM-8", "AES256-GCM-8"],
          [],
          ["SHA2-256", "SHA2-384", "SHA2-512", "AES-XCBC", "AES-CMAC", "SHA1"],
          [19, 20, 21, 28, 29, 30, 31, 32, 15, 16, 17, 18, 14]),
)
_SS_ESP_DEFAULT = (
    _Algs(["AES128-GCM-16", "AES192-GCM-16", "AES256-GCM-16"], [], [], []),
    _Algs(["AES128", "AES192", "AES256"], ["SHA2-256", "SHA2-384", "SHA2-512", "SHA1", "AES-XCBC"], [], []),
)
_SS_AH_DEFAULT = (_Algs([], ["SHA2-256", "SHA2-384", "SHA2-512", "SHA1", "AES-XCBC"], [], []),)


def _ls_defaults(protocol: str) -> tuple[_Algs, ...]:
    """Libreswan's built-in ike= / esp= proposals for the assumed major version (libreswan.py)."""
    d = ls.defaults_for()
    if protocol == "ike":
        return (_Algs(list(d.ike_aead), [], list(d.ike_integrity), list(d.dh_groups)),
                _Algs(list(d.ike_encryption), list(d.ike_integrity), list(d.ike_integrity), list(d.dh_groups)))
    return (_Algs(list(d.esp_aead), [], [], []), _Algs(list(d.esp_encryption), list(d.esp_integrity), [], []))


def _ls_fill(a: _Algs, protocol: str) -> None:
    """Libreswan fills what a proposal omits with "all allowed default values" (ipsec.conf(5) ike=);
    an esp= proposal without DH takes the IKE SA's group when PFS is on (ipsec.conf(5) esp=)."""
    d = ls.defaults_for()
    if protocol == "ah":
        return
    if not a.encryption:
        a.encryption = list(d.ike_encryption if protocol == "ike" else d.esp_encryption)
        a.filled.append("encryption")
    aead = all(vocab.is_aead(e) for e in a.encryption)
    if not a.integrity and not aead:
        a.integrity = list(d.ike_integrity if protocol == "ike" else d.esp_integrity)
        a.filled.append("integrity")
    if protocol == "ike":
        if not a.prf:
            a.prf = list(a.integrity or d.ike_integrity)
            if "integrity" in a.filled or aead:
                a.filled.append("prf")
        if not a.dh:
            a.dh = list(d.dh_groups)
            a.filled.append("dh_groups")


_ALG_FIELDS = ("encryption", "integrity", "prf", "dh_groups")
