"""FortiOS defaults for everything a tunnel leaves unset, per FortiOS version, with their sources.

Each entry is (setting, value, versions, citation). ``versions`` is a half-open range of
(major, minor) tuples; the parser reads the version from the ``#config-version=`` header of a
backup / ``show`` output (``FGVM64-7.2.5-FW-build1517-...`` -> 7.2) and, when the file does not say
(bootstrap templates, snippets), assumes ``ASSUMED_VERSION`` and says so in ``Device.extra``.

Sources (Fortinet documentation):

- [P1] FortiOS CLI Reference, ``config vpn ipsec phase1-interface``
  (https://docs.fortinet.com/document/fortigate/6.2.11/cli-reference/342620,
  https://docs.fortinet.com/document/container-fortios/7.2.1/cli-reference/305883427 and
  https://docs.fortinet.com/document/fortigate/6.0.0/cli-reference/791036): the parameter table's
  Default column gives ``ike-version`` 1, ``mode`` main, ``authmethod`` psk, ``keylife`` 86400
  (range 120-172800), ``dhgrp`` 14 5, ``dpd`` on-demand, ``dpd-retrycount`` 3,
  ``dpd-retryinterval`` 20 (seconds), ``nattraversal`` enable, ``keepalive`` 10 (NAT-T keepalive
  seconds), ``fragmentation`` enable (IKE fragmentation), ``add-route`` enable, ``peertype`` any.
  The phase-1 ``proposal`` list a new entry starts with is ``aes128-sha256 aes256-sha256
  aes128-sha1 aes256-sha1`` from FortiOS 6.0 (the list the FortiOS cookbook / admin guide
  examples show, e.g. https://docs.fortinet.com/document/fortigate/6.2.4/cookbook/814752) and
  ``aes128-sha256 aes256-sha256 3des-sha256 aes128-sha1 aes256-sha1 3des-sha1`` before (the list
  Fortinet's own CLI samples of the 5.x era print with ``dhgrp 14 5``,
  https://docs.fortinet.com/document/fortiextender/7.2.3/cli-reference/705029).
- [P1-DPD-5] FortiOS 5.2 CLI: ``dpd {enable | disable}`` (enable by default); 5.4 replaced it by
  ``dpd {disable | on-idle | on-demand}`` with on-demand the default ([P1]).
- [P2] FortiOS CLI Reference, ``config vpn ipsec phase2-interface``
  (https://docs.fortinet.com/document/fortigate/6.0.0/cli-reference/487941): ``pfs`` enable,
  ``dhgrp`` 14 5, ``replay`` enable, ``keylife-type`` seconds, ``keylifeseconds`` 43200,
  ``encapsulation`` tunnel-mode, ``auto-negotiate`` disable. Its history table says FortiOS 6.0.1
  "Changed the initial proposal list when new phase2s are created": from 6.0.1 a new phase 2
  starts with ``aes128-sha1 aes256-sha1 aes128-sha256 aes256-sha256 aes128gcm aes256gcm
  chacha20poly1305``; before, ``aes128-sha1 aes256-sha1 3des-sha1 aes128-sha256 aes256-sha256
  3des-sha256`` (https://docs.fortinet.com/document/fortiextender/7.2.3/cli-reference/898250
  sample).
- [FRAG] "Fragmenting IP packets before IPsec encapsulation"
  (https://docs.fortinet.com/document/fortigate/6.2.4/cookbook/814752): phase-1
  ``ip-fragmentation`` is ``post-encapsulation`` by default ("Fragment after IPsec encapsulation
  (RFC compliant) (default value)"); ``pre-encapsulation`` fragments before encryption. The
  option exists from FortiOS 6.2.
- [IKEV2-8] FortiOS 8.0 Administration Guide, "Choosing IKE version 1 and 2"
  (https://docs.fortinet.com/document/fortigate/8.0.0/administration-guide/167137): "New tunnel
  configurations on the FortiGate also default to using IKEv2."
- [BGP] FortiOS CLI Reference, ``config router bgp``: ``keepalive-timer`` 60 and
  ``holdtime-timer`` 180 seconds for the process and for each neighbor.

Not documented, so not defaulted (left unknown, and named in ``Tunnel.unknown``): how the
FortiGate treats the DF bit of the outer header, and whether it clamps TCP MSS on a tunnel
interface without ``set tcp-mss`` (it may also be clamped per firewall policy with
``tcp-mss-sender`` / ``tcp-mss-receiver``, which this parser does not follow).
"""

from __future__ import annotations

from ..._struct import dataclass

Version = tuple[int, int]
ASSUMED_VERSION: Version = (7, 2)
_LAST: Version = (100, 0)  # above every version ``parse_version`` accepts
_ANY: tuple[Version, Version] = ((0, 0), _LAST)


@dataclass(frozen=True, slots=True)
class Default:
    setting: str  # "phase1-interface proposal"
    value: str  # as the CLI would print it
    since: Version
    until: Version  # exclusive
    source: str  # citation key of the module docstring

    def applies(self, version: Version) -> bool:
        return self.since <= version < self.until


DEFAULTS: tuple[Default, ...] = (
    Default("phase1 ike-version", "1", (0, 0), (8, 0), "P1"),
    Default("phase1 ike-version", "2", (8, 0), _LAST, "IKEV2-8"),
    Default("phase1 mode", "main", *_ANY, "P1"),
    Default("phase1 authmethod", "psk", *_ANY, "P1"),
    Default("phase1 keylife", "86400", *_ANY, "P1"),
    Default("phase1 dhgrp", "14 5", *_ANY, "P1"),
    Default("phase1 proposal", "aes128-sha256 aes256-sha256 3des-sha256 aes128-sha1 aes256-sha1 3des-sha1",
            (0, 0), (6, 0), "P1"),
    Default("phase1 proposal", "aes128-sha256 aes256-sha256 aes128-sha1 aes256-sha1", (6, 0), _LAST, "P1"),
    Default("phase1 dpd", "enable", (0, 0), (5, 4), "P1-DPD-5"),
    Default("phase1 dpd", "on-demand", (5, 4), _LAST, "P1"),
    Default("phase1 dpd-retrycount", "3", *_ANY, "P1"),
    Default("phase1 dpd-retryinterval", "20", *_ANY, "P1"),
    Default("phase1 nattraversal", "enable", *_ANY, "P1"),
    Default("phase1 ip-fragmentation", "post-encapsulation", (6, 2), _LAST, "FRAG"),
    Default("phase2 proposal", "aes128-sha1 aes256-sha1 3des-sha1 aes128-sha256 aes256-sha256 3des-sha256",
            (0, 0), (6, 0), "P2"),
    Default("phase2 proposal",
            "aes128-sha1 aes256-sha1 aes128-sha256 aes256-sha256 aes128gcm aes256gcm chacha20poly1305",
            (6, 0), _LAST, "P2"),
    Default("phase2 pfs", "enable", *_ANY, "P2"),
    Default("phase2 dhgrp", "14 5", *_ANY, "P2"),
    Default("phase2 replay", "enable", *_ANY, "P2"),
    Default("phase2 keylifeseconds", "43200", *_ANY, "P2"),
    Default("phase2 encapsulation", "tunnel-mode", *_ANY, "P2"),
    Default("bgp keepalive-timer", "60", *_ANY, "BGP"),
    Default("bgp holdtime-timer", "180", *_ANY, "BGP"),
)


def default(setting: str, version: Version) -> str | None:
    """The documented default of ``setting`` ("phase1 proposal") for FortiOS ``version``."""
    for entry in DEFAULTS:
        if entry.setting == setting and entry.applies(version):
            return entry.value
    return None


def parse_version(text: str | None) -> Version | None:
    """'7.2.5' -> (7, 2); '5.02' -> (5, 2); None or junk -> None (a number outside 0-99, too: no
    FortiOS has one, and every default above covers exactly that range)."""
    if not text:
        return None
    parts = text.split(".")
    try:
        version = int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return None
    return version if all(0 <= n < 100 for n in version) else None
