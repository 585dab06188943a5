"""Junos documented defaults and vocabulary: lifetimes, DPD, algorithm names, the predefined proposal sets (sources in the package docstring)."""

from __future__ import annotations


# ---------------------------------------------------------------------------------------------
# Defaults (see the package docstring for the documentation each one comes from)
IKE_LIFETIME_DEFAULT = 28800
IPSEC_LIFETIME_DEFAULT = 3600
SERVICES_IKE_LIFETIME_DEFAULT = 3600
SERVICES_IPSEC_LIFETIME_DEFAULT = 28800
DPD_INTERVAL_DEFAULT = 10
DPD_THRESHOLD_DEFAULT = 5
DPD_MODE_DEFAULT = "optimized"
TCP_MSS_IPSEC_DEFAULT = 1320
BGP_HOLD_DEFAULT = 90

# ---------------------------------------------------------------------------------------------
# Vocabulary
ENCRYPTION = {
    "des-cbc": "DES", "3des-cbc": "3DES",
    "aes-128-cbc": "AES128", "aes-192-cbc": "AES192", "aes-256-cbc": "AES256",
    "aes-128-gcm": "AES128-GCM-16", "aes-192-gcm": "AES192-GCM-16", "aes-256-gcm": "AES256-GCM-16",
    "chacha20-poly1305": "CHACHA20-POLY1305",
}
IKE_INTEGRITY = {"md5": "MD5", "sha1": "SHA1", "sha-256": "SHA2-256", "sha-384": "SHA2-384", "sha-512": "SHA2-512"}
# The PRF an IKE proposal with an AEAD cipher and no authentication-algorithm uses (only the
# documented pairing: "prf-algorithm (Security IKE Proposal)", Junos CLI Reference).
AEAD_IMPLICIT_PRF = {"aes-256-gcm": "SHA2-384"}
IPSEC_INTEGRITY = {
    "hmac-md5-96": "MD5", "hmac-sha1-96": "SHA1", "hmac-sha-256-128": "SHA2-256",
    "hmac-sha-384-192": "SHA2-384", "hmac-sha-512-256": "SHA2-512",
    # hmac-sha-256-96 is a non-standard truncation (RFC 4868 wants 128 bits): kept as unknown.
}
IKE_AUTH = {
    "pre-shared-keys": "psk", "rsa-signatures": "certificate", "dsa-signatures": "certificate",
    "ecdsa-signatures-256": "certificate", "ecdsa-signatures-384": "certificate",
    "ecdsa-signatures-521": "certificate", "certificates": "certificate", "digital-signature": "certificate",
}

# (auth, dh group, encryption, integrity, prf) per predefined IKE proposal; see the package docstring.
IKE_PROPOSAL_SETS: dict[str, tuple[tuple[str, str, int, str, str | None, str | None], ...]] = {
    "basic": (("pre-g1-des-sha", "psk", 1, "DES", "SHA1", None), ("pre-g1-des-md5", "psk", 1, "DES", "MD5", None)),
    "compatible": (
        ("pre-g2-3des-sha", "psk", 2, "3DES", "SHA1", None), ("pre-g2-3des-md5", "psk", 2, "3DES", "MD5", None),
        ("pre-g2-des-sha", "psk", 2, "DES", "SHA1", None), ("pre-g2-des-md5", "psk", 2, "DES", "MD5", None),
    ),
    "standard": (("pre-g2-aes128-sha", "psk", 2, "AES128", "SHA1", None), ("pre-g2-3des-sha", "psk", 2, "3DES", "SHA1", None)),
    "suiteb-gcm-128": (("suiteb-gcm-128", "certificate", 19, "AES128", "SHA2-256", None),),
    "suiteb-gcm-256": (("suiteb-gcm-256", "certificate", 20, "AES256", "SHA2-384", None),),
    "prime-128": (("prime-128", "certificate", 19, "AES128-GCM-16", None, "SHA2-256"),),
    "prime-256": (("prime-256", "certificate", 20, "AES256-GCM-16", None, "SHA2-384"),),
}
# (name, encryption, integrity, dh group or None) per predefined IPsec proposal.
IPSEC_PROPOSAL_SETS: dict[str, tuple[tuple[str, str, str | None, int | None], ...]] = {
    "basic": (("nopfs-esp-des-sha", "DES", "SHA1", None), ("nopfs-esp-des-md5", "DES", "MD5", None)),
    "compatible": (
        ("nopfs-esp-3des-sha", "3DES", "SHA1", None), ("nopfs-esp-3des-md5", "3DES", "MD5", None),
        ("nopfs-esp-des-sha", "DES", "SHA1", None), ("nopfs-esp-des-md5", "DES", "MD5", None),
    ),
    "standard": (("g2-esp-3des-sha", "3DES", "SHA1", 2), ("g2-esp-aes128-sha", "AES128", "SHA1", 2)),
    "suiteb-gcm-128": (("suiteb-gcm-128", "AES128-GCM-16", None, 19),),
    "suiteb-gcm-256": (("suiteb-gcm-256", "AES256-GCM-16", None, 20),),
    "prime-128": (("prime-128", "AES128-GCM-16", None, 19),),
    "prime-256": (("prime-256", "AES256-GCM-16", None, 20),),
}

# Statements we read (or knowingly ignore) per crypto object; anything else is "unmodeled".
