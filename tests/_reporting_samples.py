"""A hand-made report for the reporter, baseline and waiver tests (no parser needed).

Every config text below carries a real key from fixtures/corpus in the vendor's own syntax, at a
line a finding points at, so the tests can assert that no report shows it.
"""

from __future__ import annotations

from vpnaudit.findings import Finding, Report, Rule, Severity, Suppression
from vpnaudit.model import (
    AwsConnection,
    AwsTunnelOptions,
    BgpNeighbor,
    Device,
    Dpd,
    IkeConfig,
    IkeProposal,
    InlineSuppression,
    InsideAddress,
    IpsecConfig,
    IpsecProposal,
    Tunnel,
)

# Keys taken from the corpus (file: line).
IOS_ISAKMP_KEY = "~99a9aaa_aaaa9aa|||aaaaaaa"  # cisco-ios/batfish-cisco-crypto-mixed-ios-asa-pki-ikev2.cfg:178
IOS_KEYRING_KEY = "kmHkZujp_EWOqCVfMT87B1jTeU8hXUNK"  # cisco-ios/aws-generated-ios-vpn-...:51
ASA_KEY = "cleartextpsk456"  # cisco-asa/cutaway-asa-9x-insecure-ikev1-3des-md5-cryptomap.txt:142
JUNOS_KEY = "$9$O.l1BEyleWXxdyrYgJZji"  # junos/juniper-vsrx-aws-ipsec-ha-vsrx0-ikev2-two-vpns.conf:65
SWANCTL_KEY = "0sFpZAZqEN6Ti9sqt4ZP5EWcqx"  # strongswan/strongswan-test-ikev1-rw-psk-aggressive-moon-swanctl.conf:31
IPSEC_SECRETS_KEY = "This is a strong password"  # strongswan/strongswan-test-ikev1-net2net-psk-moon-swanctl.conf:40
AWS_JSON_KEY = "QMP5tKPP5qk95Y1Eee9c_82.MofNUJQV"  # aws-xml/batfish-VpnConnectionWithTunnelOptions.json:12
AWS_XML_KEY = "F1FSxIuYp.FGxnxYj8TqertJLjdYiAwO"  # aws-xml/batfish-VpnConnectionTransitGatewayTest-tgw-bgp.json:5
ALL_KEYS = (IOS_ISAKMP_KEY, IOS_KEYRING_KEY, ASA_KEY, JUNOS_KEY, SWANCTL_KEY, IPSEC_SECRETS_KEY, AWS_JSON_KEY, AWS_XML_KEY)

IOS_TEXT = f"""hostname edge-1
!
crypto isakmp policy 10
 encryption 3des
 hash md5
 authentication pre-share
 group 2
crypto isakmp key {IOS_ISAKMP_KEY} address 0.0.0.0 0.0.0.0
!
crypto keyring keyring-vpn-1
  local-address 198.51.100.10
  pre-shared-key address 203.0.113.1 key {IOS_KEYRING_KEY}
!
! vpnaudit: disable=VPN112 -- partner router only does group 2 until Q3
crypto ipsec transform-set ts1 esp-aes 256 esp-sha-hmac
 mode tunnel
!
! vpnaudit: disable=VPN305 -- unused directive
interface Tunnel1
 ip address 169.254.10.2 255.255.255.252
 ip tcp adjust-mss 1379
 tunnel source 198.51.100.10
 tunnel destination 203.0.113.1
 tunnel protection ipsec profile ipsec-vpn-1
!
interface Tunnel2
 ip address 169.254.11.2 255.255.255.252
 tunnel destination 203.0.113.2
 shutdown
!
router bgp 65000
 neighbor 169.254.10.1 remote-as 64512
 neighbor 169.254.10.1 timers 10 30
"""

ASA_TEXT = f"""ASA Version 9.8(4)
hostname fw-1
crypto ikev1 policy 10
 authentication pre-share
 encryption 3des
 hash md5
 group 2
tunnel-group 203.0.113.9 type ipsec-l2l
tunnel-group 203.0.113.9 ipsec-attributes
 ikev1 pre-shared-key {ASA_KEY}
 isakmp keepalive threshold 10 retry 10
"""

JUNOS_TEXT = f"""security {{
    ike {{
        policy ike-pol-vpn-1 {{
            mode main;
            proposals ike-prop-vpn-1;
            pre-shared-key ascii-text "{JUNOS_KEY}"; ## SECRET-DATA
        }}
    }}
}}
"""

SWANCTL_TEXT = f"""connections {{
   aws-1 {{
      version = 1
      aggressive = yes
      proposals = aes128-sha1-modp1024
   }}
}}
secrets {{
   ike-1 {{
      id = moon.strongswan.org
      secret = {SWANCTL_KEY}
   }}
}}
"""

IPSEC_SECRETS_TEXT = f"""# ipsec.secrets
: PSK "{IPSEC_SECRETS_KEY}"
"""

AWS_JSON_TEXT = (
    '{\n  "VpnConnections": [\n    {\n'
    '      "CustomerGatewayConfiguration": "<?xml version=\\"1.0\\"?>\\n<vpn_connection id=\\"vpn-0abc\\">'
    f"\\n  <ike>\\n    <pre_shared_key>{AWS_XML_KEY}</pre_shared_key>\\n  </ike>\\n</vpn_connection>\",\n"
    '      "VpnConnectionId": "vpn-0abc",\n'
    '      "Options": {"TunnelOptions": [\n'
    '        {"OutsideIpAddress": "203.0.113.1",\n'
    f'         "PreSharedKey": "{AWS_JSON_KEY}",\n'
    '         "IkeVersions": []}\n'
    "      ]},\n"
    '      "Tags": [{"Key": "Env", "Value": "prod"}]\n'
    "    }\n  ]\n}\n"
)

RULES = [
    Rule("VPN110", "ike-weak-encryption", Severity.HIGH, "recommended", "Phase 1 offers a broken cipher"),
    Rule("VPN111", "ike-weak-integrity", Severity.MEDIUM, "recommended", "Phase 1 offers MD5 or SHA1"),
    Rule("VPN112", "ike-weak-dh-group", Severity.MEDIUM, "recommended", "Phase 1 offers a weak DH group"),
    Rule("VPN301", "psk-plaintext", Severity.MEDIUM, "recommended", "A pre-shared key is stored unencrypted"),
    Rule("VPN304", "psk-wildcard-peer", Severity.HIGH, "recommended", "A PSK is bound to any peer"),
    Rule("VPN101", "ike-aggressive-mode", Severity.HIGH, "aws", "IKEv1 aggressive mode"),
    Rule("VPN502", "aws-ikev1-allowed", Severity.MEDIUM, "recommended", "A tunnel allows IKEv1"),
    Rule("VPN606", "psk-mismatch", Severity.CRITICAL, "aws", "The pre-shared keys differ", scope="pair"),
]


def _ios_device() -> Device:
    ike = IkeConfig(
        versions=(1,),
        mode="main",
        auth="psk",
        proposals=(IkeProposal(name="10", encryption=("3DES",), integrity=("MD5",), dh_groups=(2,), line=3),),
        lifetime_seconds=86400,
        defaults=("lifetime_seconds",),
        dpd=Dpd(interval_seconds=10, retries=3, line=9),
    )
    ipsec = IpsecConfig(
        name="ipsec-vpn-1",
        proposals=(IpsecProposal(name="ts1", encryption=("AES256",), integrity=("SHA1",), line=15),),
        pfs_groups=(14,),
        lifetime_seconds=3600,
    )
    return Device(
        source="configs/edge-1.cfg",
        vendor="cisco-ios",
        hostname="edge-1",
        tunnels=(
            Tunnel(
                name="Tunnel1",
                line=19,
                peer_address="203.0.113.1",
                inside=InsideAddress(local="169.254.10.2/30", peer="169.254.10.1"),
                ike=ike,
                ipsec=ipsec,
                df_bit="clear",
                fragmentation="before-encryption",
                tcp_mss=1379,
                mtu=1436,
                bgp=BgpNeighbor(neighbor="169.254.10.1", remote_as=64512, keepalive_seconds=10, hold_seconds=30, line=32),
            ),
            Tunnel(name="Tunnel2", line=26, peer_address="203.0.113.2", enabled=False),
        ),
        suppressions=(
            InlineSuppression(rule_ids=("VPN112",), reason="partner router only does group 2 until Q3", line=14, scope_start=15, scope_end=16),
            InlineSuppression(rule_ids=("VPN305",), reason="unused directive", line=18, scope_start=19, scope_end=24),
        ),
    )


def _aws_device() -> Device:
    return Device(
        source="aws/vpn-0abc.json",
        vendor="aws",
        tunnels=(
            Tunnel(
                name="203.0.113.1",
                peer_address="198.51.100.10",
                ike=IkeConfig(versions=(1, 2), defaults=("versions",)),
                aws=AwsTunnelOptions(outside_ip="203.0.113.1", dpd_timeout_seconds=30, dpd_timeout_action="clear"),
            ),
        ),
        connection=AwsConnection(id="vpn-0abc", region="eu-west-1", tags=(("Env", "prod"), ("Team", "net"))),
    )


def _finding(rule: str, name: str, severity: Severity, message: str, path: str, line: int | None, device: str,
             target: str, tunnel: str | None = None, fix: str | None = None, suppressions: tuple = ()) -> Finding:
    return Finding(rule_id=rule, rule_name=name, severity=severity, message=message, path=path, line=line,
                   device=device, target=target, tunnel=tunnel, fix=fix, suppressions=suppressions)


def sample_findings() -> list[Finding]:
    ios, asa, junos, swan, aws = "configs/edge-1.cfg", "configs/fw-1.asa", "configs/srx.conf", "swan/swanctl.conf", "vpn-0abc"
    return sorted(
        [
            _finding("VPN110", "ike-weak-encryption", Severity.HIGH,
                     "IKE policy 10 offers 3DES, a broken cipher", ios, 4, ios, "ike-proposal:10", "Tunnel1",
                     fix="Replace 'encryption 3des' with 'encryption aes 256' in crypto isakmp policy 10."),
            _finding("VPN111", "ike-weak-integrity", Severity.MEDIUM,
                     "IKE policy 10 offers MD5", ios, 5, ios, "ike-proposal:10", "Tunnel1"),
            _finding("VPN112", "ike-weak-dh-group", Severity.MEDIUM,
                     "transform-set ts1 is used with group 2", ios, 15, ios, "ipsec-proposal:ts1",
                     suppressions=(Suppression(kind="inSource", justification="partner router only does group 2 until Q3",
                                               source="configs/edge-1.cfg:14"),)),
            _finding("VPN304", "psk-wildcard-peer", Severity.HIGH,
                     "the key of 'crypto isakmp key' is bound to any peer (0.0.0.0 0.0.0.0)", ios, 8, ios, "psk:0.0.0.0"),
            _finding("VPN301", "psk-plaintext", Severity.MEDIUM,
                     "the pre-shared key for 203.0.113.1 is stored in clear text (type 0)", ios, 12, ios, "psk:203.0.113.1"),
            _finding("VPN301", "psk-plaintext", Severity.MEDIUM,
                     "the pre-shared key of tunnel-group 203.0.113.9 is stored in clear text", asa, 10, asa, "psk:203.0.113.9"),
            _finding("VPN301", "psk-plaintext", Severity.MEDIUM,
                     "the pre-shared key of ike-pol-vpn-1 is stored as $9$ (reversible)", junos, 6, junos, "psk:ike-pol-vpn-1"),
            _finding("VPN301", "psk-plaintext", Severity.MEDIUM,
                     "secret ike-1 is stored in clear text", swan, 11, swan, "psk:ike-1"),
            _finding("VPN301", "psk-plaintext", Severity.MEDIUM,
                     "the PSK for %any is stored in clear text", "swan/ipsec.secrets", 2, swan, "psk:%any"),
            _finding("VPN101", "ike-aggressive-mode", Severity.HIGH,
                     "conn aws-1 uses IKEv1 aggressive mode <script>alert(1)</script>", swan, 4, swan, "conn:aws-1"),
            _finding("VPN502", "aws-ikev1-allowed", Severity.MEDIUM,
                     "tunnel 203.0.113.1 allows IKEv1 (IkeVersions unset: AWS default ikev1,ikev2)", "aws/vpn-0abc.json", 7,
                     aws, "aws-tunnel:203.0.113.1", "203.0.113.1"),
            _finding("VPN606", "psk-mismatch", Severity.CRITICAL,
                     "the pre-shared key of Tunnel1 differs from AWS tunnel 203.0.113.1", ios, 12, ios,
                     "tunnel:Tunnel1", "Tunnel1"),
            _finding("VPN502", "aws-ikev1-allowed", Severity.MEDIUM,
                     "tunnel 203.0.113.9 allows IKEv1", "aws/vpn-0abc.json", None, aws, "aws-tunnel:203.0.113.9",
                     suppressions=(Suppression(kind="external", justification="lab connection",
                                               source=".vpnaudit-waivers.toml:1"),)),
        ],
        key=Finding.sort_key,
    )


def _Pair(device: Device, aws: Device):
    """A device/AWS pairing as vpnaudit.pairing builds it, with the simulated negotiation."""
    from vpnaudit.negotiate import negotiate
    from vpnaudit.pairing import Pair, TunnelPair

    d, a = device.tunnels[0], aws.tunnels[0]
    return Pair(device=device, aws=aws, tunnels=[TunnelPair(aws=a, device=d, negotiation=negotiate(d, a))])


def sample_devices() -> list[Device]:
    return [
        _ios_device(),
        Device(source="configs/fw-1.asa", vendor="cisco-asa", hostname="fw-1"),
        Device(source="configs/srx.conf", vendor="junos"),
        Device(source="swan/swanctl.conf", vendor="strongswan", files=("swan/swanctl.conf", "swan/ipsec.secrets")),
        _aws_device(),
    ]


def sample_report(with_pairs: bool = True) -> Report:
    devices = sample_devices()
    pairs = [_Pair(devices[0], devices[4])] if with_pairs else []
    notification = _finding("VPN000", "parse-error", Severity.HIGH, "vendor not recognised", "configs/notes.txt", None,
                            "configs/notes.txt", "problem:vendor")
    return Report(findings=sample_findings(), devices=devices, rules=list(RULES), notifications=[notification],
                  fixed=[{"identity": "f" * 32, "rule_id": "VPN405", "device": "configs/edge-1.cfg",
                          "target": "tunnel:Tunnel9", "message": "no MSS clamp on Tunnel9"}],
                  pairs=pairs, profile="recommended")


def sample_sources() -> dict[str, str]:
    """The sources as ``api`` hands them to reporters: masked when loaded."""
    from vpnaudit.secrets import mask

    return {path: mask(text) for path, text in {
        "configs/edge-1.cfg": IOS_TEXT,
        "configs/fw-1.asa": ASA_TEXT,
        "configs/srx.conf": JUNOS_TEXT,
        "swan/swanctl.conf": SWANCTL_TEXT,
        "swan/ipsec.secrets": IPSEC_SECRETS_TEXT,
        "aws/vpn-0abc.json": AWS_JSON_TEXT,
    }.items()}
