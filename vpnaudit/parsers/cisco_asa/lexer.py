"""Cisco ASA vocabulary tables and token helpers: algorithm names, numbers, addresses."""

from __future__ import annotations

import ipaddress
import re

_IKE_ENC = {
    "des": "DES", "3des": "3DES", "aes": "AES128", "aes-192": "AES192", "aes-256": "AES256",
    "aes-gcm": "AES128-GCM-16", "aes-gcm-192": "AES192-GCM-16", "aes-gcm-256": "AES256-GCM-16",
    "null": "NULL",
}
_IKE_HASH = {"md5": "MD5", "sha": "SHA1", "sha1": "SHA1", "sha256": "SHA2-256", "sha384": "SHA2-384",
             "sha512": "SHA2-512"}
_ESP_ENC = dict(_IKE_ENC)
_GMAC = {"aes-gmac", "aes-gmac-192", "aes-gmac-256"}
_ESP_INT = {"md5": "MD5", "sha-1": "SHA1", "sha-256": "SHA2-256", "sha-384": "SHA2-384",
            "sha-512": "SHA2-512"}
_TS_ENC = {"esp-des": "DES", "esp-3des": "3DES", "esp-aes": "AES128", "esp-aes-192": "AES192",
           "esp-aes-256": "AES256", "esp-null": "NULL"}
_TS_INT = {"esp-md5-hmac": "MD5", "esp-sha-hmac": "SHA1", "esp-sha256-hmac": "SHA2-256",
           "esp-sha384-hmac": "SHA2-384", "esp-sha512-hmac": "SHA2-512"}
_AUTH = {"pre-share": "psk", "rsa-sig": "certificate", "ecdsa-sig": "certificate", "crack": "unknown"}
_DF = {"clear-df": "clear", "copy-df": "copy", "set-df": "set"}

def _canon(table: dict[str, str], raw: str, vocab: tuple[str, ...]) -> str:
    value = table.get(raw.lower())
    return value if value is not None and value in vocab else f"UNKNOWN:{raw}"


def _int(tok: str | None) -> int | None:
    return int(tok) if tok is not None and tok.isdigit() else None


def _is_ipv4(tok: str) -> bool:
    try:
        ipaddress.IPv4Address(tok)
    except ValueError:
        return False
    return True


def _network(addr: str, mask: str) -> str | None:
    try:
        return str(ipaddress.IPv4Network(f"{addr}/{mask}", strict=False))
    except ValueError:
        return None


_ASA_BANNER = re.compile(r"^banner\s+(?:motd|login|exec|asdm)\b")
_CAPS_PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
