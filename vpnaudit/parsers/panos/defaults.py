"""PAN-OS defaults and predefined objects, each with the Palo Alto documentation it comes from.

A value the configuration leaves unset is filled from this table and its model field is named in
the object's ``defaults`` tuple; a value that is unknown (a ``{{ var }}`` placeholder, a name the
file does not define) is never filled from here.

Sources (Palo Alto Networks documentation, read with the search tool):

- IKE crypto profile key lifetime 8 hours: "SA Key Lifetime and Re-Authentication Interval"
  https://docs.paloaltonetworks.com/content/techdocs/en_US/pan-os/9-1/pan-os-admin/vpns/site-to-site-vpn-concepts/ikev2/sa-key-lifetime-and-re-authentication-interval.html
  says "The key lifetime is the length of time that a negotiated IKE SA key is effective ... The
  default value is 8 hours", and the authentication multiple "defaults to 0".
- IKE DH group: "IKE Phase 1"
  https://origin-docs.paloaltonetworks.com/content/techdocs/en_US/pan-os/10-0/pan-os-admin/vpns/site-to-site-vpn-concepts/internet-key-exchange-ike-for-vpn/ike-phase-1.html
  lists "Group 2—1024 bits (default)"; authentication sha1, sha256, sha384, sha512, md5; encryption
  aes-256-gcm, aes-128-gcm (10.0.3 and later), 3des, aes-128-cbc, aes-192-cbc, aes-256-cbc, des.
- IPsec (phase 2) DH group and PFS: "IKE Phase 2"
  https://origin-docs.paloaltonetworks.com/content/techdocs/en_US/network-security/ipsec-vpn/administration/ipsec-vpn-basics/internet-key-exchange-ike-for-vpn/ike-phase-2.html
  lists "Group 2—1024 bits (default)", groups 15/16/21 from PAN-OS 10.2.0, and "no-pfs—By default,
  perfect forward secrecy is enabled"; "Define IPSec Crypto Profiles" (PAN-OS 9.1 and 11.0)
  https://docs.paloaltonetworks.com/content/techdocs/en_US/pan-os/9-1/pan-os-admin/vpns/set-up-site-to-site-vpn/define-cryptographic-profiles/define-ipsec-crypto-profiles.html
  says "By default, perfect forward secrecy (PFS) is enabled on IPSec tunnels".
- IPsec tunnel replay protection and window: "IPSec Tunnel General Tab" (PAN-OS 10.1)
  https://docs.paloaltonetworks.com/pan-os/10-1/pan-os-web-interface-help/network/network-ipsec-tunnels/ipsec-tunnel-general-tab
  "Enable Replay Protection ... You can select a anti-replay window size of 64, 128, 256, 512,
  1024, 2048, or 4096. The default is 1024." The IPsec crypto profile field of a tunnel: "Select an
  existing profile or keep the default profile" (PAN-OS 11.0 help, same page name), i.e. a tunnel
  without ``ipsec-crypto-profile`` uses the profile named ``default``.
- IKEv2 liveness check: "IKE Gateway Advanced Options Tab" (PAN-OS 10.2 web interface help)
  https://docs.paloaltonetworks.com/ngfw/help/10-2/network/network-network-profiles/network-network-profiles-ike-gateways/ike-gateway-advanced-options-tab
  "send empty informational packets after the peer has been idle for a specified number of
  seconds. Range: 2-100. Default: 5." Whether it is on when unset differs by release: the
  knowledge-base article "IKEv2 with liveness check to detect network connectivity problem"
  https://knowledgebase.paloaltonetworks.com/KCSArticleDetail?id=kA10g000000ClgcCAC (PAN-OS 7.0)
  says "This option is not enabled by default", while "Set Up Tunnel Monitoring" for PAN-OS 11.0
  https://docs.paloaltonetworks.com/content/techdocs/en_US/pan-os/11-0/pan-os-admin/vpns/set-up-site-to-site-vpn/set-up-tunnel-monitoring.html
  says "The liveness check option is enabled by default". We apply "on" from 11.0 and "off" before
  (or when the file names no version).
- IKE gateway advanced options left unset (PAN-OS XML schema defaults, as the Panorama/firewall
  API tooling documents them: "enable_passive_mode ... default is no", "enable_nat_traversal ...
  default is no", "enable_fragmentation ... default is no", "ikev1_dpd_interval ... default is 5",
  "ikev1_dpd_retry ... default is 5", "ikev1_ike_crypto_profile ... default is default",
  "ikev1_exchange_mode ... auto, main, aggressive; default is auto", "ikev2_ike_crypto_profile ...
  default is default", "version ... ikev2 or ikev2-preferred; default is ikev1"). The IKEv1 DPD
  checkbox is on in a new gateway. ``auto`` exchange mode initiates main mode ("Main mode is the
  recommended mode", "IKE Gateway" concept page
  https://docs.paloaltonetworks.com/pan-os/8-1/pan-os-admin/vpns/site-to-site-vpn-concepts/ike-gateway.html).
- Predefined crypto profiles (shipped in every PAN-OS default configuration, e.g. the iron-skillet
  day-one config in fixtures/corpus/panos): IKE ``default`` = aes-128-cbc + 3des, sha1, group2,
  8 hours; ``Suite-B-GCM-128`` = aes-128-cbc, sha256, group19, 8 hours; ``Suite-B-GCM-256`` =
  aes-256-cbc, sha384, group20, 8 hours. IPsec ``default`` = ESP aes-128-cbc + 3des, sha1, group2,
  1 hour; ``Suite-B-GCM-128`` = ESP aes-128-gcm, authentication none, group19, 1 hour;
  ``Suite-B-GCM-256`` = ESP aes-256-gcm, none, group20, 1 hour.
- Tunnel interface MTU: 1500 when unset ("Network > Interfaces > Tunnel > Advanced": the MTU field
  is "default 1500"); the Layer 3 interface "Adjust TCP MSS" IPv4 adjustment is 40 bytes by default.
- TCP MSS through an IPsec tunnel: the knowledge-base article "TCP MSS adjustment for IPSec
  traffic" https://knowledgebase.paloaltonetworks.com/KCSArticleDetail?id=kA10g000000ClW3CAK says
  "For TCP traffic over IPSec Tunnel, the Palo Alto Networks firewall will automatically adjust the
  TCP MSS in the three-way handshake. This will happen irrespective of the Adjust TCP MSS option
  ... The calculated MSS is the lower of ... Tunnel Interface MTU - 40 bytes [and the] MSS
  Calculated based on Interface MTU, Encryption, Authentication Algorithms" (outer IP 20, SPI 4,
  sequence 4, IV 16 for AES / 8 for DES, padding up to block - 1, pad length 1, next header 1,
  authentication data 12 for MD5/SHA-1, 16 SHA-256, 24 SHA-384, 32 SHA-512). The "Adjust TCP MSS"
  IPv4 adjustment of a Layer 3 interface is 40 bytes by default ("Configurable MSS Adjustment
  Size", https://docs.paloaltonetworks.com/pan-os/7-1/pan-os-new-features/networking-features/configurable-mss-adjustment-size.html:
  "IPv4 MSS Adjustment Size (range is 40-300 bytes; default is 40 bytes)").
- BGP peer timers (virtual router "Connection Options"): keep-alive interval 30 s, hold time 90 s.
"""

from __future__ import annotations

IKE_LIFETIME = 28800  # 8 hours
IPSEC_LIFETIME = 3600  # 1 hour (the predefined profile's lifetime; the profile form's default)
PFS_GROUP = 2
REPLAY_WINDOW = 1024
IKEV1_DPD_INTERVAL = 5
IKEV1_DPD_RETRY = 5
IKEV2_LIVENESS_INTERVAL = 5
IKEV2_LIVENESS_ON_FROM = (11, 0)  # enabled by default from PAN-OS 11.0 (see above)
EXCHANGE_MODE = "auto"
VERSION = "ikev1"
NAT_TRAVERSAL = False
TUNNEL_MTU = 1500
OUTER_MTU = 1500
MSS_ADJUSTMENT = 40
BGP_KEEPALIVE = 30
BGP_HOLD = 90
DEFAULT_PROFILE = "default"

# name -> (encryption, hash, dh-group, lifetime seconds) in PAN-OS words
PREDEFINED_IKE: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], int]] = {
    "default": (("aes-128-cbc", "3des"), ("sha1",), ("group2",), 28800),
    "Suite-B-GCM-128": (("aes-128-cbc",), ("sha256",), ("group19",), 28800),
    "Suite-B-GCM-256": (("aes-256-cbc",), ("sha384",), ("group20",), 28800),
}
# name -> (esp encryption, esp authentication, dh-group, lifetime seconds)
PREDEFINED_IPSEC: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, int]] = {
    "default": (("aes-128-cbc", "3des"), ("sha1",), "group2", 3600),
    "Suite-B-GCM-128": (("aes-128-gcm",), ("none",), "group19", 3600),
    "Suite-B-GCM-256": (("aes-256-gcm",), ("none",), "group20", 3600),
}


def liveness_on_by_default(version: str | None) -> bool:
    """IKEv2 liveness check when ``dpd enable`` is unset, by PAN-OS release (see module docstring)."""
    if not version:
        return False
    parts = version.split(".")
    try:
        major, minor = int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return False
    return (major, minor) >= IKEV2_LIVENESS_ON_FROM
