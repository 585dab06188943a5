"""Cisco IOS vocabulary and documented defaults (sources: the package docstring of ``parsers.cisco_ios``)."""

from __future__ import annotations

_ENC_V1 = {"des": "DES", "3des": "3DES", "aes": "AES128", "null": "NULL"}
_HASH = {"md5": "MD5", "sha": "SHA1", "sha1": "SHA1", "sha256": "SHA2-256", "sha384": "SHA2-384",
         "sha512": "SHA2-512", "sha96": "SHA1", "md596": "MD5"}
_AUTH = {"pre-share": "psk", "rsa-sig": "certificate", "ecdsa-sig": "certificate", "rsa-encr": "rsa-encr",
         "eap": "eap", "pre-shared": "psk"}
_ENC_V2 = {
    "aes-cbc-128": "AES128", "aes-cbc-192": "AES192", "aes-cbc-256": "AES256",
    "aes-gcm-128": "AES128-GCM-16", "aes-gcm-192": "AES192-GCM-16", "aes-gcm-256": "AES256-GCM-16",
    "aes-ctr-128": "AES128-CTR", "aes-ctr-256": "AES256-CTR",
    "3des": "3DES", "des": "DES", "null": "NULL",
}
_ESP_ENC = {"esp-3des": "3DES", "esp-des": "DES", "esp-null": "NULL", "esp-seal": "UNKNOWN:esp-seal"}
_ESP_AUTH = {
    "esp-md5-hmac": "MD5", "esp-sha-hmac": "SHA1", "esp-sha256-hmac": "SHA2-256",
    "esp-sha384-hmac": "SHA2-384", "esp-sha512-hmac": "SHA2-512",
}
_AH_AUTH = {
    "ah-md5-hmac": "MD5", "ah-sha-hmac": "SHA1", "ah-sha256-hmac": "SHA2-256",
    "ah-sha384-hmac": "SHA2-384", "ah-sha512-hmac": "SHA2-512",
}

# Smart-default IKEv2 proposal (see the module docstring for the sources).
_V2_DEFAULT_LEGACY = (("AES256", "AES192", "AES128"), ("SHA2-512", "SHA2-384", "SHA2-256", "SHA1", "MD5"),
                      ("SHA2-512", "SHA2-384", "SHA2-256", "SHA1", "MD5"), (5, 2))
_V2_DEFAULT_XE16 = (("AES256",), ("SHA2-512", "SHA2-384"), ("SHA2-512", "SHA2-384"), (19, 14, 21, 5))

_IPSEC_LIFETIME_DEFAULT = 3600  # crypto ipsec security-association lifetime seconds (default 3600)
_REPLAY_WINDOW_DEFAULT = 64  # crypto ipsec security-association replay window-size (default 64)
_IKEV2_LIFETIME_DEFAULT = 86400  # crypto ikev2 profile: lifetime (default 86400 s)
_DPD_RETRANSMITS = 5  # IOS retransmits an unanswered DPD R-U-THERE 5 times before declaring the peer dead
_DPD_RETRY_DEFAULT = 2  # retry-seconds default
