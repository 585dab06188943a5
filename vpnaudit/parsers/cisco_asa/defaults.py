"""Cisco ASA documented defaults, each with the document that states it (see the package docstring)."""

from __future__ import annotations

# Cisco ASA Series VPN CLI Configuration Guide, "IPsec and ISAKMP" > "IKEv1 Policy Parameters"
# (8.4 through 9.x): authentication pre-share, encryption 3des, hash sha, group 2, lifetime 86400.
IKEV1_DEFAULT_AUTH = "psk"
IKEV1_DEFAULT_ENCRYPTION = "3DES"
IKEV1_DEFAULT_HASH = "SHA1"
IKEV1_DEFAULT_GROUP = 2
IKE_DEFAULT_LIFETIME = 86400  # same guide: IKEv1 and IKEv2 policy lifetime default 86400 s
# Same guide, "Changing IPsec SA Lifetimes": global default 28800 s and 4608000 KB.
IPSEC_DEFAULT_LIFETIME_S = 28800
IPSEC_DEFAULT_LIFETIME_KB = 4608000
# ASA command reference, "crypto ipsec security-association replay": window-size default 64.
IPSEC_DEFAULT_REPLAY_WINDOW = 64
# ASA command reference, "crypto map set pfs" / "set pfs" (ipsec profile): without a group the
# ASA uses group2; from 9.13(1) the default group is group14 (groups 2, 5, 24 deprecated).
PFS_DEFAULT_GROUP_OLD = 2
PFS_DEFAULT_GROUP_913 = 14
# ASA command reference, "isakmp keepalive": LAN-to-LAN default threshold 10 s, retry 2 s
# (DefaultL2LGroup shows "isakmp keepalive threshold 10 retry 2"). "retry" is the interval
# between retransmissions, not a count.
DPD_DEFAULT_THRESHOLD = 10
DPD_DEFAULT_RETRY_INTERVAL = 2
# ASA command reference, "crypto ipsec df-bit": default copy-df.
DF_BIT_DEFAULT = "copy"
# ASA command reference, "crypto ipsec fragmentation": prefragmentation (before-encryption) is
# enabled by default on every interface.
FRAGMENTATION_DEFAULT = "before-encryption"
# ASA command reference, "sysopt connection tcpmss": default 1380 bytes; 0 disables the clamp.
TCP_MSS_DEFAULT = 1380
# "crypto map M 65535 ipsec-isakmp dynamic SYSTEM_DEFAULT_CRYPTO_MAP" is the entry the ASA (ASDM's
# IPsec IKEv2 remote-access setup) adds for remote-access clients; the ASA provides that dynamic
# map itself, so a file (or a "show running-config crypto map" fragment) without its
# "crypto dynamic-map SYSTEM_DEFAULT_CRYPTO_MAP" lines does not reference something undefined.
SYSTEM_DYNAMIC_MAP = "SYSTEM_DEFAULT_CRYPTO_MAP"
# ASA command reference, "timers bgp": keepalive 60 s, holdtime 180 s unless "timers bgp" (process)
# or "neighbor ... timers" (per neighbor) says otherwise.
BGP_DEFAULT_TIMERS = (60, 180)
