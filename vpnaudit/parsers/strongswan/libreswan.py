"""Libreswan: telling it from strongSwan, and its defaults per major version.

Both daemons read a file called ``ipsec.conf`` with the same ``conn``/``config setup`` layout, but the
keywords, the proposal syntax and every default differ, so the parser must know which one it reads.

Which implementation (``score``): keywords that exist in only one of them are counted, comments
that name the file ("Libreswan IPsec configuration file" / "strongSwan IPsec configuration file")
weigh more, and Libreswan wins only when its markers outnumber strongSwan's. Keywords both accept
(``keyingtries``, ``rekeymargin``, ``mobike``, ``keyexchange``, ``leftrsasigkey``, ...) count for
neither. Sources: Libreswan ipsec.conf(5) (configs/d.ipsec.conf/*.xml in the Libreswan tree, e.g.
``conn/ipsec-interface.xml``, ``conn/nopmtudisc.xml``, ``setup/ikev1-policy.xml``) and strongSwan
ipsec.conf(5) (https://docs.strongswan.org/docs/latest/config/ipsecConf.html: ``leftfirewall``,
``closeaction``, ``margintime``, ``mark_in``, ``forceencaps``, ``reauth``, ``charondebug``).

Which version (``defaults_for``): Libreswan's defaults changed between major versions. The version
is not in the file; ``.vpnaudit.toml`` ``libreswan-version = 3|4|5`` (or ``vpnaudit lint
--libreswan-version N``) picks it, default the current major version, 5. Messages name the version
they assume ("the Libreswan 5 default ... applies"). The table, from ipsec.conf(5) of each series
(Ubuntu ships 3.29 in focal, 4.14 in noble, 5.2 in questing: manpages.ubuntu.com/manpages/*/man5/
ipsec.conf.5.html; the same text is in configs/d.ipsec.conf/conn/*.xml):

- IKE version. 3.x: IKEv1 unless ``ikev2=`` says otherwise (ikev2.xml history: yes/no/propose/
  permit/insist, propose/permit/insist removed in 3.28; IKEv2 became the default in 4.0).
  4.x: IKEv2 (``ikev2=no`` for IKEv1). 5.x: ``keyexchange=ikev2`` is the default
  (conn/keyexchange.xml: "The default is ikev2"; ``ikev2=`` deprecated) and IKEv1 connections are
  refused unless ``config setup ikev1-policy=accept`` (setup/ikev1-policy.xml: "The default value
  is drop ... an attempt to load an IKEv1 connection will fail").
- ``ike=`` / ``esp=`` defaults and omitted parts (conn/ike.xml: "If this option is not set, the
  builtin defaults will be used"; "Any omitted option will be filled in with all allowed default
  values"). 3.x (3.32 text): AES and AES-GCM, SHA2 and still SHA1, MODP2048 and still MODP1536
  (dh5), no 3DES, no MODP1024. 4.x and 5.x: "AES, AES-GCM, DH14 and stronger, and SHA2", key size
  256, GCM ICV 16; modp1024 (dh2) "no longer compiled in at all". ESP: when PFS is on and the DH
  part is omitted, "each PROPOSAL will automatically include the DH algorithm negotiated during
  the IKE exchange" (conn/esp.xml).
- ``pfs=yes`` is the default in every version (conn/pfs.xml: "yes (the default)").
- IKE SA lifetime ``ikelifetime=``: 8h; "Prior to Libreswan version 4.2, the value was 1h"
  (conn/ikelifetime.xml). 3.x is modelled with 1h.
- IPsec SA lifetime: ``ipsec-lifetime=`` since 4.8, replacing ``keylife=``, ``lifetime=`` and
  ``salifetime=`` (all still accepted); default 8h (conn/ipsec-lifetime.xml). 3.x knows only the
  old names. There is no ``ike-lifetime=`` keyword in any version (only ``ikelifetime=``).
- ``auto=``: "auto=ignore ... no automatic operation when Libreswan is starting (also the default)"
  (conn/auto.xml). A conn without ``auto=`` is still added by hand (``ipsec add``), so it is judged;
  one that only serves as an ``also=`` base of others is a fragment, not a connection.

Where sources disagree: the Libreswan wiki and distribution crypto policies (Fedora/RHEL
``/etc/crypto-policies``) can override ``ike=``/``esp=``; vpnaudit models the upstream built-in
defaults from ipsec.conf(5), because a policy file is not part of the config under review.
"""

from __future__ import annotations

from contextvars import ContextVar
from ..._struct import dataclass

CURRENT_MAJOR = 5
SUPPORTED = (3, 4, 5)

# Set by the caller (api: ``AuditOptions.libreswan_version``) for the duration of a parse.
VERSION: ContextVar[int] = ContextVar("libreswan_version", default=CURRENT_MAJOR)

# Keywords only Libreswan (or its Openswan ancestry) accepts in ipsec.conf.
LIBRESWAN_ONLY = frozenset({
    "ikev2", "phase2", "phase2alg", "salifetime", "ipsec-lifetime", "pfs", "vti-interface", "vti-routing",
    "vti-shared", "leftvti", "rightvti", "ipsec-interface", "replay-window", "protostack", "logfile",
    "dumpdir", "virtual-private", "virtual_private", "nat_traversal", "sha2-truncbug", "encapsulation",
    "nat-ikev1-method", "ikepad", "logtime", "logappend", "aggrmode", "narrowing", "sareftrack",
    "nic-offload", "listen", "overlapip", "ikev1-policy", "nopmtudisc", "ms-dh-downgrade", "mark-in",
    "mark-out", "enable-tcp", "tcp-remoteport", "iptfs", "nflog-group", "metric", "retransmit-interval",
    "retransmit-timeout", "plutodebug", "failureshunt", "negotiationshunt",
    "leftmodecfgserver", "rightmodecfgserver", "leftmodecfgclient", "rightmodecfgclient", "modecfgpull",
    "leftxauthserver", "rightxauthserver", "leftxauthclient", "rightxauthclient", "policy-label",
    "sec-label", "connaddrfamily", "hostaddrfamily", "clientaddrfamily", "decap-dscp", "encap-dscp",
    "ipsec-max-bytes", "ipsec-max-packets",
})
# Keywords only strongSwan's stroke ipsec.conf accepts.
STRONGSWAN_ONLY = frozenset({
    "charondebug", "leftauth2", "rightauth2", "margintime", "marginbytes", "marginpackets", "mark_in",
    "mark_out", "leftfirewall", "rightfirewall", "lefthostaccess", "righthostaccess", "closeaction",
    "reauth", "forceencaps", "strictcrlpolicy", "eap_identity", "aaa_identity", "xauth_identity",
    "leftgroups", "rightgroups", "leftdns", "rightdns", "installpolicy", "lifebytes",
    "lifepackets", "tfc", "leftallowany", "rightallowany", "leftsigkey", "rightsigkey", "inactivity",
    "charonstart", "plutostart", "cachecrls",
})
# Values that only one of them writes.
LIBRESWAN_VALUES = {"authby": ("rsasigkey", "rsa-sha2", "ecdsa-sha2", "null"),
                    "dpdaction": ("restart_by_peer",), "type": ("passthrough", "drop", "reject")}
STRONGSWAN_VALUES = {"keyexchange": ("ike",), "dpdaction": ("trap",)}


def score(keys: list[tuple[str, str]], comments: str) -> tuple[int, int]:
    """(Libreswan markers, strongSwan markers) in a file's ``key=value`` pairs and comments."""
    lib = ss = 0
    for key, value in keys:
        v = value.strip().lower()
        if key in LIBRESWAN_ONLY:
            lib += 1
        elif key in STRONGSWAN_ONLY:
            ss += 1
        if v in LIBRESWAN_VALUES.get(key, ()):
            lib += 1
        if v in STRONGSWAN_VALUES.get(key, ()):
            ss += 1
        if key in ("ike", "esp") and v.endswith("!"):
            ss += 1  # the strict flag is stroke syntax
        if key in ("ike", "esp", "phase2alg") and ";" in v:
            lib += 1  # "aes-sha2;modp2048": the DH after ';' is Libreswan syntax
    low = comments.lower()
    if "libreswan" in low or "openswan" in low:
        lib += 3
    if "strongswan" in low:
        ss += 3
    return lib, ss


@dataclass(frozen=True)
class Defaults:
    major: int
    ike_versions: tuple[int, ...]  # neither keyexchange= nor ikev2= set
    ikev1_needs_policy: bool  # IKEv1 conns load only with ``config setup ikev1-policy=accept``
    ike_lifetime: int
    ipsec_lifetime: int
    ipsec_lifetime_keys: tuple[str, ...]  # accepted names, first wins
    ike_encryption: tuple[str, ...]
    ike_aead: tuple[str, ...]
    ike_integrity: tuple[str, ...]
    dh_groups: tuple[int, ...]
    esp_encryption: tuple[str, ...]
    esp_aead: tuple[str, ...]
    esp_integrity: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"Libreswan {self.major}"


_MODERN_DH = (14, 15, 16, 18, 19, 20, 21, 31)
TABLE = {
    3: Defaults(3, (1,), False, 3600, 28800, ("salifetime", "keylife", "lifetime"),
                ("AES256", "AES128"), ("AES256-GCM-16", "AES128-GCM-16"), ("SHA2-256", "SHA2-512", "SHA1"),
                (*_MODERN_DH, 5), ("AES256-GCM-16", "AES128-GCM-16"), ("AES256", "AES128"),
                ("SHA2-512", "SHA2-256", "SHA1")),
    4: Defaults(4, (2,), False, 28800, 28800, ("ipsec-lifetime", "salifetime", "keylife", "lifetime"),
                ("AES256", "AES128"), ("AES256-GCM-16", "AES128-GCM-16"), ("SHA2-512", "SHA2-256"),
                _MODERN_DH, ("AES256-GCM-16", "AES128-GCM-16"), ("AES256", "AES128"), ("SHA2-512", "SHA2-256")),
    5: Defaults(5, (2,), True, 28800, 28800, ("ipsec-lifetime", "salifetime", "keylife", "lifetime"),
                ("AES256", "AES128"), ("AES256-GCM-16", "AES128-GCM-16"), ("SHA2-512", "SHA2-256"),
                _MODERN_DH, ("AES256-GCM-16", "AES128-GCM-16"), ("AES256", "AES128"), ("SHA2-512", "SHA2-256")),
}


def defaults_for(major: int | None = None) -> Defaults:
    return TABLE.get(major if major is not None else VERSION.get(), TABLE[CURRENT_MAJOR])
