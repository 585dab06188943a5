"""The canonical vocabulary (AWS API names) and the tables every parser maps into it."""

from __future__ import annotations

# IANA Transform Type 4 (Diffie-Hellman group) numbers by the names configs use.
DH_GROUP_BY_NAME: dict[str, int] = {
    "modp768": 1, "modp1024": 2, "modp1536": 5, "modp2048": 14, "modp3072": 15,
    "modp4096": 16, "modp6144": 17, "modp8192": 18, "ecp256": 19, "ecp384": 20, "ecp521": 21,
    "modp1024s160": 22, "modp2048s224": 23, "modp2048s256": 24, "ecp192": 25, "ecp224": 26,
    "ecp224bp": 27, "ecp256bp": 28, "ecp384bp": 29, "ecp512bp": 30, "curve25519": 31,
    "x25519": 31, "curve448": 32, "x448": 32, "mlkem512": 35, "mlkem768": 36, "mlkem1024": 37,
}

ENCRYPTION = (
    "AES128", "AES192", "AES256",
    "AES128-GCM-16", "AES192-GCM-16", "AES256-GCM-16",
    "AES128-GCM-12", "AES192-GCM-12", "AES256-GCM-12",
    "AES128-GCM-8", "AES192-GCM-8", "AES256-GCM-8",
    "AES128-CCM-16", "AES256-CCM-16", "AES128-CTR", "AES256-CTR", "AES128-GMAC", "AES256-GMAC",
    "CHACHA20-POLY1305", "CAMELLIA128", "CAMELLIA256", "3DES", "DES", "NULL", "BLOWFISH", "CAST",
)
INTEGRITY = ("SHA1", "SHA2-256", "SHA2-384", "SHA2-512", "MD5", "AES-XCBC", "AES-CMAC", "AES-GMAC", "NULL")


def unknown(raw: str) -> str:
    return f"UNKNOWN:{raw}"


def is_aead(encryption: str) -> bool:
    """GCM / CCM / ChaCha20-Poly1305 carry their own integrity."""
    return any(tag in encryption for tag in ("-GCM-", "-CCM-", "POLY1305"))


def dh_group(token: str) -> int | None:
    """'group14', '14', 'modp2048', 'ecp384', 'dh-group14', 'group-20' -> IANA number."""
    t = token.lower().strip()
    if t in DH_GROUP_BY_NAME:
        return DH_GROUP_BY_NAME[t]
    for prefix in ("dh-group", "dhgroup", "group-", "group", "dh", "pfs-group", "pfs"):
        if t.startswith(prefix) and t[len(prefix):].isdigit():
            return int(t[len(prefix):])
    return int(t) if t.isdigit() else None
