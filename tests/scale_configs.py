"""Generated configs of N tunnels per vendor format, with distinct names and addresses: for the
linearity test (``test_linear``) and the per-format scaling bench (``bench/vendor_scale.py``).

Each generator returns the lines of one file (``FORMATS`` gives its name), or file name -> lines for a
device of several files; ``FORMATS`` also says about how many lines one tunnel takes.
"""

from __future__ import annotations

from collections.abc import Callable
def ip(i, base=203):
    a, b = divmod(i, 250)
    return f"{base}.{a % 250}.{b}.1"
def inside(i):
    return f"169.254.{(i // 63) % 250}.{(i % 63) * 4}"

def junos_set(n):
    out = ["set system host-name big", "set version 21.4R3"]
    for i in range(n):
        out += [
            f"set security ike proposal P{i} authentication-method pre-shared-keys",
            f"set security ike proposal P{i} dh-group group14",
            f"set security ike proposal P{i} authentication-algorithm sha-256",
            f"set security ike proposal P{i} encryption-algorithm aes-256-cbc",
            f"set security ike proposal P{i} lifetime-seconds 28800",
            f"set security ike policy POL{i} mode main",
            f"set security ike policy POL{i} proposals P{i}",
            f'set security ike policy POL{i} pre-shared-key ascii-text "$9$abcdefghijk{i}"',
            f"set security ike gateway GW{i} ike-policy POL{i}",
            f"set security ike gateway GW{i} address {ip(i)}",
            f"set security ike gateway GW{i} dead-peer-detection interval 10 threshold 3",
            f"set security ike gateway GW{i} external-interface ge-0/0/0.0",
            f"set security ike gateway GW{i} version v2-only",
            f"set security ipsec proposal IP{i} protocol esp",
            f"set security ipsec proposal IP{i} authentication-algorithm hmac-sha-256-128",
            f"set security ipsec proposal IP{i} encryption-algorithm aes-256-cbc",
            f"set security ipsec proposal IP{i} lifetime-seconds 3600",
            f"set security ipsec policy IPOL{i} perfect-forward-secrecy keys group14",
            f"set security ipsec policy IPOL{i} proposals IP{i}",
            f"set security ipsec vpn VPN{i} bind-interface st0.{i}",
            f"set security ipsec vpn VPN{i} ike gateway GW{i}",
            f"set security ipsec vpn VPN{i} ike ipsec-policy IPOL{i}",
            f"set security ipsec vpn VPN{i} df-bit clear",
            f"set security ipsec vpn VPN{i} establish-tunnels immediately",
            f"set interfaces st0 unit {i} family inet address {inside(i)[:-1]}{(i % 63) * 4 + 2}/30",
            f"set interfaces st0 unit {i} family inet mtu 1436",
        ]
    return out

def fortios(n):
    out = ["#config-version=FGT60F-7.2.5-FW-build1517-230606:opmode=0:vdom=0", "config vpn ipsec phase1-interface"]
    for i in range(n):
        out += [f'    edit "aws{i}"', '        set interface "wan1"', "        set ike-version 2", "        set keylife 28800",
                "        set proposal aes256-sha256", "        set dhgrp 14", f"        set remote-gw {ip(i)}",
                "        set psksecret ENC abcdefghijklmnop", "        set dpd-retryinterval 10", "    next"]
    out += ["end", "config vpn ipsec phase2-interface"]
    for i in range(n):
        out += [f'    edit "aws{i}-p2"', f'        set phase1name "aws{i}"', "        set proposal aes256-sha256",
                "        set dhgrp 14", "        set keylifeseconds 3600", "    next"]
    out += ["end", "config system interface"]
    for i in range(n):
        out += [f'    edit "aws{i}"', '        set vdom "root"', f"        set ip 169.254.{(i // 63) % 250}.{(i % 63) * 4 + 2} 255.255.255.255",
                f"        set remote-ip 169.254.{(i // 63) % 250}.{(i % 63) * 4 + 1} 255.255.255.252", '        set type tunnel',
                '        set interface "wan1"', "    next"]
    out += ["end"]
    return out

def asa(n):
    out = [": Saved", "ASA Version 9.16(4)", "hostname big", "crypto ikev2 policy 10", " encryption aes-256", " integrity sha256",
           " group 14", " prf sha256", " lifetime seconds 28800", "crypto ikev2 enable outside"]
    for i in range(n):
        out += [f"crypto ipsec ikev2 ipsec-proposal PROP{i}", " protocol esp encryption aes-256", " protocol esp integrity sha-256",
                f"crypto ipsec profile PROF{i}", f" set ikev2 ipsec-proposal PROP{i}", " set pfs group14",
                " set security-association lifetime seconds 3600",
                f"interface Tunnel{i}", f" nameif aws{i}", f" ip address 169.254.{(i // 63) % 250}.{(i % 63) * 4 + 2} 255.255.255.252",
                " tunnel source interface outside", f" tunnel destination {ip(i)}", " tunnel mode ipsec ipv4",
                f" tunnel protection ipsec profile PROF{i}",
                f"group-policy GP{i} internal", f"group-policy GP{i} attributes", " vpn-tunnel-protocol ikev2",
                f"tunnel-group {ip(i)} type ipsec-l2l", f"tunnel-group {ip(i)} general-attributes", f" default-group-policy GP{i}",
                f"tunnel-group {ip(i)} ipsec-attributes", " isakmp keepalive threshold 10 retry 10",
                " ikev2 remote-authentication pre-shared-key *****", " ikev2 local-authentication pre-shared-key *****"]
    return out

def swan(n):
    out = ["config setup", "    uniqueids=no", ""]
    for i in range(n):
        out += [f"conn aws{i}", "    auto=start", "    left=%defaultroute", "    leftid=198.51.100.2", f"    right={ip(i)}",
                "    type=tunnel", "    leftauth=psk", "    rightauth=psk", "    keyexchange=ikev2", "    ike=aes256-sha256-modp2048",
                "    ikelifetime=8h", "    esp=aes256-sha256-modp2048", "    lifetime=1h", "    keyingtries=%forever",
                "    leftsubnet=0.0.0.0/0", "    rightsubnet=0.0.0.0/0", "    dpddelay=10s", "    dpdtimeout=30s", "    dpdaction=restart",
                f"    mark=100{i}", f"    vti-interface=vti{i}", "    vti-routing=no", ""]
    return out

def checkpoint(n):
    out = ["set hostname big"]
    for i in range(n):
        out += [f"add vpn tunnel {i + 1} type numbered local 169.254.{(i // 63) % 250}.{(i % 63) * 4 + 2} remote 169.254.{(i // 63) % 250}.{(i % 63) * 4 + 1} peer AWS{i}",
                f"set interface vpnt{i + 1} state on", f"set interface vpnt{i + 1} mtu 1436",
                f"set bgp external remote-as 64512 peer 169.254.{(i // 63) % 250}.{(i % 63) * 4 + 1} on",
                f"set bgp external remote-as 64512 peer 169.254.{(i // 63) % 250}.{(i % 63) * 4 + 1} holdtime 30",
                f"set bgp external remote-as 64512 peer 169.254.{(i // 63) % 250}.{(i % 63) * 4 + 1} keepalive 10"]
    return out

def terraform(n):
    out = []
    for i in range(n):
        out += [f'resource "aws_customer_gateway" "cgw{i}" {{', '  bgp_asn    = 65000', f'  ip_address = "{ip(i, 198)}"',
                '  type       = "ipsec.1"', "}", "",
                f'resource "aws_vpn_connection" "vpn{i}" {{', f"  customer_gateway_id = aws_customer_gateway.cgw{i}.id",
                "  transit_gateway_id  = aws_ec2_transit_gateway.tgw.id", '  type                = "ipsec.1"',
                '  tunnel1_ike_versions = ["ikev2"]', '  tunnel1_phase1_encryption_algorithms = ["AES256"]',
                '  tunnel1_phase1_integrity_algorithms = ["SHA2-256"]', "  tunnel1_phase1_dh_group_numbers = [14]",
                '  tunnel2_ike_versions = ["ikev2"]', '  tunnel2_phase1_encryption_algorithms = ["AES256"]',
                '  tunnel2_phase1_integrity_algorithms = ["SHA2-256"]', "  tunnel2_phase1_dh_group_numbers = [14]",
                f'  tunnel1_inside_cidr = "{inside(2 * i)}/30"', f'  tunnel2_inside_cidr = "{inside(2 * i + 1)}/30"', "}", ""]
    return ['resource "aws_ec2_transit_gateway" "tgw" {', "}", ""] + out


def ios_cryptomap(n):
    out = ["hostname big", "crypto isakmp policy 10", " encr aes 256", " hash sha256", " authentication pre-share", " group 14"]
    for i in range(n):
        out += [f"crypto isakmp key Key{i:06d}abcdefgh address {ip(i)}",
                f"crypto ipsec transform-set TS{i} esp-aes 256 esp-sha256-hmac", " mode tunnel",
                f"ip access-list extended VPN{i}", f" permit ip 10.{i % 250}.{i // 250 % 250}.0 0.0.0.255 172.{16 + i % 16}.{i % 250}.0 0.0.0.255",
                f"crypto map CMAP {i + 1} ipsec-isakmp", f" set peer {ip(i)}", f" set transform-set TS{i}", " set pfs group14",
                f" match address VPN{i}", "!"]
    out += ["interface GigabitEthernet0/0", " ip address 198.51.100.2 255.255.255.0", " crypto map CMAP"]
    return out

def asa_cryptomap(n):
    out = [": Saved", "ASA Version 9.16(4)", "hostname big", "interface GigabitEthernet0/0", " nameif outside", " security-level 0",
           " ip address 198.51.100.2 255.255.255.0", "crypto ikev1 enable outside", "crypto ikev1 policy 10", " authentication pre-share",
           " encryption aes-256", " hash sha", " group 14", " lifetime 28800"]
    for i in range(n):
        out += [f"object network NET{i}", f" subnet 10.{i % 250}.{i // 250 % 250}.0 255.255.255.0",
                f"access-list ACL{i} extended permit ip object NET{i} 172.16.{i % 250}.0 255.255.255.0",
                f"crypto ipsec ikev1 transform-set TS{i} esp-aes-256 esp-sha-hmac",
                f"crypto map outside_map {i + 1} match address ACL{i}", f"crypto map outside_map {i + 1} set peer {ip(i)}",
                f"crypto map outside_map {i + 1} set ikev1 transform-set TS{i}", f"crypto map outside_map {i + 1} set pfs group14",
                f"tunnel-group {ip(i)} type ipsec-l2l", f"tunnel-group {ip(i)} ipsec-attributes",
                " ikev1 pre-shared-key *****"]
    out += ["crypto map outside_map interface outside"]
    return out

def junos_curly(n):
    out = ["system {", "    host-name big;", "}", "security {", "    ike {"]
    for i in range(n):
        out += [f"        proposal P{i} {{", "            authentication-method pre-shared-keys;", "            dh-group group14;",
                "            authentication-algorithm sha-256;", "            encryption-algorithm aes-256-cbc;", "        }",
                f"        policy POL{i} {{", "            mode main;", f"            proposals P{i};",
                f'            pre-shared-key ascii-text "$9$abcdefg{i}"; ## SECRET-DATA', "        }",
                f"        gateway GW{i} {{", f"            ike-policy POL{i};", f"            address {ip(i)};",
                "            external-interface ge-0/0/0.0;", "            version v2-only;", "        }"]
    out += ["    }", "    ipsec {"]
    for i in range(n):
        out += [f"        proposal IP{i} {{", "            protocol esp;", "            authentication-algorithm hmac-sha-256-128;",
                "            encryption-algorithm aes-256-cbc;", "        }", f"        policy IPOL{i} {{",
                "            perfect-forward-secrecy {", "                keys group14;", "            }", f"            proposals IP{i};", "        }",
                f"        vpn VPN{i} {{", f"            bind-interface st0.{i};", "            ike {", f"                gateway GW{i};",
                f"                ipsec-policy IPOL{i};", "            }", "        }"]
    out += ["    }", "}", "interfaces {", "    st0 {"]
    for i in range(n):
        out += [f"        unit {i} {{", "            family inet {", f"                address 169.254.{(i // 63) % 250}.{(i % 63) * 4 + 2}/30;",
                "            }", "        }"]
    out += ["    }", "}"]
    return out

def swanctl(n):
    out = ["connections {"]
    for i in range(n):
        out += [f"    aws{i} {{", "        version = 2", "        local_addrs = 198.51.100.2", f"        remote_addrs = {ip(i)}",
                "        proposals = aes256-sha256-modp2048", "        local {", "            auth = psk", "        }",
                "        remote {", "            auth = psk", "        }", "        children {", f"            aws{i}c {{",
                "                local_ts = 0.0.0.0/0", "                remote_ts = 0.0.0.0/0",
                "                esp_proposals = aes256-sha256-modp2048", "                start_action = start", "            }",
                "        }", "    }"]
    out += ["}", "secrets {"]
    for i in range(n):
        out += [f"    ike-aws{i} {{", f"        id = {ip(i)}", f'        secret = "Key{i:06d}abcdefgh"', "    }"]
    out += ["}"]
    return out

def cfn_yaml(n):
    out = ["AWSTemplateFormatVersion: '2010-09-09'", "Resources:"]
    for i in range(n):
        out += [f"  CGW{i}:", "    Type: AWS::EC2::CustomerGateway", "    Properties:", "      BgpAsn: 65000",
                f"      IpAddress: {ip(i, 198)}", "      Type: ipsec.1",
                f"  VPN{i}:", "    Type: AWS::EC2::VPNConnection", "    Properties:", "      Type: ipsec.1",
                f"      CustomerGatewayId: !Ref CGW{i}", "      VpnGatewayId: vgw-0123456789abcdef0",
                "      VpnTunnelOptionsSpecifications:", f"        - TunnelInsideCidr: {inside(2 * i)}/30",
                "          IKEVersions:", "            - Value: ikev2",
                f"        - TunnelInsideCidr: {inside(2 * i + 1)}/30", "          IKEVersions:", "            - Value: ikev2"]
    return out

def fortios_bgp(n):
    out = fortios(n) + ["config router bgp", "    set as 65000", "    config neighbor"]
    for i in range(n):
        out += [f'        edit "169.254.{(i // 63) % 250}.{(i % 63) * 4 + 1}"', "            set remote-as 64512",
                "            set holdtime-timer 30", "            set keep-alive-timer 10", "        next"]
    out += ["    end", "end"]
    return out


def fortios_policy(n):
    out = ["#config-version=FGT60F-7.2.5-FW-build1517-230606:opmode=0:vdom=0", "config vpn ipsec phase1"]
    for i in range(n):
        out += [f'    edit "pb{i}"', '        set interface "wan1"', "        set proposal aes256-sha256", "        set dhgrp 14",
                f"        set remote-gw {ip(i)}", "        set psksecret ENC abcdefghijklmnop", "    next"]
    out += ["end", "config vpn ipsec phase2"]
    for i in range(n):
        out += [f'    edit "pb{i}-p2"', f'        set phase1name "pb{i}"', "        set proposal aes256-sha256", "    next"]
    out += ["end", "config firewall policy"]
    for i in range(n):
        out += [f"    edit {i + 1}", '        set srcintf "internal"', '        set dstintf "wan1"', '        set srcaddr "all"',
                '        set dstaddr "all"', "        set action ipsec", f'        set vpntunnel "pb{i}"', "    next"]
    out += ["end"]
    return out


def panos_set(n):
    out = []
    for i in range(n):
        o = f"169.254.{(i // 63) % 250}.{(i % 63) * 4}"
        out += [f"set network ike crypto-profiles ike-crypto-profiles IKE{i} encryption aes-256-cbc",
                f"set network ike crypto-profiles ike-crypto-profiles IKE{i} hash sha384",
                f"set network ike crypto-profiles ike-crypto-profiles IKE{i} dh-group group20",
                f"set network ike crypto-profiles ipsec-crypto-profiles ESP{i} esp encryption aes-256-gcm",
                f"set network ike crypto-profiles ipsec-crypto-profiles ESP{i} dh-group group20 lifetime seconds 3600",
                f"set network ike gateway GW{i} protocol version ikev2",
                f"set network ike gateway GW{i} protocol ikev2 ike-crypto-profile IKE{i} dpd enable yes interval 10",
                f"set network ike gateway GW{i} authentication pre-shared-key key -AQ==c2VjcmV0aXNoCg==",
                f"set network ike gateway GW{i} peer-address ip {ip(i)}",
                f"set network interface tunnel units tunnel.{i + 1} ip {o[:-1]}{(i % 63) * 4 + 2}/30",
                f"set network tunnel ipsec T{i} auto-key ike-gateway GW{i}",
                f"set network tunnel ipsec T{i} auto-key ipsec-crypto-profile ESP{i}",
                f"set network tunnel ipsec T{i} tunnel-interface tunnel.{i + 1}",
                f"set network virtual-router default protocol bgp peer-group AWS peer P{i} peer-address ip {o[:-1]}{(i % 63) * 4 + 1}",
                f"set network virtual-router default protocol bgp peer-group AWS peer P{i} local-address interface tunnel.{i + 1}"]
    return out


def swan_with_secrets(n):
    """ipsec.conf and ipsec.secrets: every secret names the host's own address and one peer's."""
    conf, secrets = ["config setup", ""], []
    for i in range(n):
        conf += [f"conn aws{i}", "    auto=start", "    left=%defaultroute", "    leftid=198.51.100.2", f"    right={ip(i)}",
                 f"    rightid={ip(i)}", "    authby=secret", "    keyexchange=ikev2", "    ike=aes256-sha256-modp2048",
                 "    esp=aes256-sha256-modp2048", ""]
        secrets.append(f'198.51.100.2 {ip(i)} : PSK "Key{i:06d}abcdefghij"')
    return {"ipsec.conf": conf, "ipsec.secrets": secrets}


def swan_gateways(n):
    """One directory of gateways (a repository, an ``ipsec.d``): ``gwN.conf`` and ``gwN.secrets`` each."""
    files = {}
    for i in range(n):
        files[f"gw{i}.conf"] = [f"conn aws{i}", "    auto=start", "    left=%defaultroute", "    leftid=198.51.100.2",
                                f"    right={ip(i)}", "    authby=secret", "    keyexchange=ikev2",
                                "    ike=aes256-sha256-modp2048", "    esp=aes256-sha256-modp2048"]
        files[f"gw{i}.secrets"] = [f'198.51.100.2 {ip(i)} : PSK "Key{i:06d}abcdefghij"']
    return files


def ios_suppressed(n):
    """Route-based IOS tunnels whose keyring stanza carries an inline suppression each."""
    out = ["hostname big", "crypto isakmp policy 10", " encr aes 256", " hash sha256", " authentication pre-share", " group 14"]
    for i in range(n):
        out += [f"crypto keyring KR{i}", " ! vpnaudit: disable=VPN301 -- keys are rotated from the vault",
                f" pre-shared-key address {ip(i)} key BenchKey{i:06d}abcdefgh", f"crypto isakmp profile IP{i}", f" keyring KR{i}",
                f" match identity address {ip(i)} 255.255.255.255", f"crypto ipsec transform-set TS{i} esp-aes 256 esp-sha256-hmac",
                f"crypto ipsec profile PR{i}", f" set transform-set TS{i}", f" set isakmp-profile IP{i}", f"interface Tunnel{i}",
                f" ip address 169.254.{(i // 63) % 250}.{(i % 63) * 4 + 2} 255.255.255.252", " tunnel source 198.51.100.2",
                " tunnel mode ipsec ipv4", f" tunnel destination {ip(i)}", f" tunnel protection ipsec profile PR{i}", "!"]
    return out


# format -> (generator, lines per tunnel, file name)
FORMATS: dict[str, tuple[Callable[[int], list[str] | dict[str, list[str]]], int, str]] = {
    "cisco-ios crypto maps": (ios_cryptomap, 12, "edge.cfg"),
    "cisco-ios, a suppression per tunnel": (ios_suppressed, 17, "edge.cfg"),
    "cisco-asa VTIs": (asa, 25, "asa.cfg"),
    "cisco-asa crypto maps": (asa_cryptomap, 11, "asa.cfg"),
    "junos set": (junos_set, 26, "srx.conf"),
    "junos braces": (junos_curly, 45, "srx.conf"),
    "fortios route-based": (fortios, 23, "fgt.conf"),
    "fortios route-based, BGP": (fortios_bgp, 28, "fgt.conf"),
    "fortios policy-based": (fortios_policy, 21, "fgt.conf"),
    "strongswan ipsec.conf": (swan, 23, "ipsec.conf"),
    "strongswan swanctl.conf": (swanctl, 24, "swanctl.conf"),
    "strongswan ipsec.conf + ipsec.secrets": (swan_with_secrets, 12, ""),
    "strongswan, a directory of gateways": (swan_gateways, 10, ""),
    "checkpoint clish": (checkpoint, 6, "gaia.txt"),
    "terraform": (terraform, 21, "vpn.tf"),
    "cloudformation yaml": (cfn_yaml, 19, "vpn.yaml"),
    "panos set": (panos_set, 15, "pan.set"),
}


def write(folder, name: str, generated) -> None:
    """Write what a generator returned into ``folder`` (a pathlib.Path that exists)."""
    files = generated if isinstance(generated, dict) else {name: generated}
    for file_name, lines in files.items():
        (folder / file_name).write_text("\n".join(lines) + "\n")
