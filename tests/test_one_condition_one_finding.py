"""Issue 18, class 8: proposals of one line that say the same thing are one finding, not one each."""

from __future__ import annotations

from vpnaudit.api import AuditOptions, audit

FORTIGATE = """config system global
    set hostname "fw1"
end
config vpn ipsec phase1-interface
    edit "aws1"
        set interface "port1"
        set ike-version 2
        set proposal aes128-sha1 aes256-sha1 aes128-sha256 aes128-md5
        set remote-gw 203.0.113.1
    next
end
config vpn ipsec phase2-interface
    edit "aws1-p2"
        set phase1name "aws1"
        set proposal aes128-sha1 aes256-sha1 aes128-sha256
    next
end
"""


def test_proposals_of_one_line_merge_per_message(tmp_path):
    path = tmp_path / "fw.conf"
    path.write_text(FORTIGATE)
    report = audit([str(path)], AuditOptions(select=("VPN111", "VPN112", "VPN211")))
    got = [(f.rule_id, f.line, f.message.split(" (weak)")[0]) for f in report.findings]
    assert got == [
        ("VPN111", 8, "phase1-interface aws1 proposal aes128-md5 uses MD5"),
        ("VPN111", 8, "phase1-interface aws1 proposals aes128-sha1, aes256-sha1 use SHA1"),
        ("VPN112", 8, "phase1-interface aws1 proposals aes128-sha1, aes256-sha1, aes128-sha256, aes128-md5: "
                      "DH group not set; the FortiOS 7.2 (assumed) default group 5 applies"),
        ("VPN211", 15, "phase2-interface aws1-p2 proposals aes128-sha1, aes256-sha1 use SHA1"),
    ]
