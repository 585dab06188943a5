"""api.load_devices / audit: how files become devices."""

from __future__ import annotations

from pathlib import Path

from vpnaudit.api import AuditOptions, audit, load_devices

SWANCTL = """connections {{
  {name} {{
    version = 2
    remote_addrs = {peer}
    proposals = aes256-sha256-ecp384
    children {{ net {{ esp_proposals = aes256gcm16-ecp384 }} }}
  }}
}}
"""


def test_directory_of_strongswan_gateways_gives_one_device_each(tmp_path: Path) -> None:
    (tmp_path / "gw-a.swanctl.conf").write_text(SWANCTL.format(name="a", peer="203.0.113.1"))
    (tmp_path / "gw-b.swanctl.conf").write_text(SWANCTL.format(name="b", peer="203.0.113.2"))
    devices, problems, _, errors, count = load_devices([str(tmp_path)])
    assert (problems, errors, count) == ([], [], 2)
    assert sorted((Path(d.source).name, [t.peer_address for t in d.tunnels]) for d in devices) == [
        ("gw-a.swanctl.conf", ["203.0.113.1"]),
        ("gw-b.swanctl.conf", ["203.0.113.2"]),
    ]


def _conn(name: str, peer: str) -> str:
    return f"conn {name}\n  left=198.51.100.2\n  right={peer}\n  authby=secret\n  keyexchange=ikev2\n  auto=start\n"


def test_a_gateways_secrets_file_goes_to_the_gateway_it_is_named_for(tmp_path: Path) -> None:
    (tmp_path / "gw-a.conf").write_text(_conn("a", "203.0.113.1"))
    (tmp_path / "gw-b.ipsec.conf").write_text(_conn("b", "203.0.113.2"))
    (tmp_path / "gw-a.secrets").write_text('198.51.100.2 203.0.113.1 : PSK "Example_Key_For_Gateway_A"\n')
    (tmp_path / "gw-b.secrets").write_text('198.51.100.2 203.0.113.2 : PSK "Example_Key_For_Gateway_B_"\n')
    (tmp_path / "site.secrets").write_text('198.51.100.2 203.0.113.9 : PSK "Example_Key_Shared_By_Every_Gateway"\n')
    devices, problems, _, _, count = load_devices([str(tmp_path)])
    assert (problems, count) == ([], 5)
    by_name = {Path(d.source).name: d for d in devices}
    assert {name: sorted(Path(f).name for f in d.files) for name, d in by_name.items()} == {
        "gw-a.conf": ["gw-a.conf", "gw-a.secrets", "site.secrets"],  # its own, and the one named for no gateway
        "gw-b.ipsec.conf": ["gw-b.ipsec.conf", "gw-b.secrets", "site.secrets"],  # named up to the first dot
    }
    assert [sorted(k.length for k in d.keys) for d in (by_name["gw-a.conf"], by_name["gw-b.ipsec.conf"])] == [
        [25, 35], [26, 35]]  # each gateway's key and the shared one, not the other gateway's
    assert [t.ike.psk.length for d in devices for t in d.tunnels] == [25, 26]


def test_a_secrets_file_named_for_two_gateways_goes_to_both(tmp_path: Path) -> None:
    (tmp_path / "site.a.conf").write_text(_conn("a", "203.0.113.1"))
    (tmp_path / "site.b.conf").write_text(_conn("b", "203.0.113.2"))
    (tmp_path / "site.secrets").write_text('198.51.100.2 %any : PSK "Example_Key_For_Every_Peer"\n')
    devices, _, _, _, _ = load_devices([str(tmp_path)])
    assert [sorted(Path(f).name for f in d.files) for d in devices] == [
        ["site.a.conf", "site.secrets"], ["site.b.conf", "site.secrets"]]


def test_ipsec_conf_and_secrets_form_one_device(tmp_path: Path) -> None:
    (tmp_path / "ipsec.conf").write_text(
        "conn aws1\n  left=198.51.100.2\n  right=203.0.113.1\n  authby=secret\n  keyexchange=ikev2\n  auto=start\n"
    )
    (tmp_path / "ipsec.secrets").write_text('198.51.100.2 203.0.113.1 : PSK "Example_Key_For_Tunnel_1"\n')
    devices, problems, _, _, _ = load_devices([str(tmp_path)])
    assert len(devices) == 1 and not problems
    tunnel = devices[0].tunnels[0]
    assert tunnel.ike.psk is not None and tunnel.ike.psk.length == 24
    assert set(devices[0].files) == {str(tmp_path / "ipsec.conf"), str(tmp_path / "ipsec.secrets")}


def test_markdown_page_is_read_from_its_fences_with_page_lines(tmp_path: Path) -> None:
    page = tmp_path / "sample.md"
    page.write_text("# Sample\n\nProse about crypto isakmp policy.\n\n```\nhostname r1\ncrypto isakmp policy 10\n encr des\n```\n")
    report = audit([str(page)], AuditOptions(select=("VPN110",)))
    assert [(f.rule_id, f.line) for f in report.findings] == [("VPN110", 8)]  # the encr line


def test_explicit_files_form_one_named_device(tmp_path: Path) -> None:
    conf_dir, secrets_dir = tmp_path / "etc", tmp_path / "secrets"
    conf_dir.mkdir()
    secrets_dir.mkdir()
    (conf_dir / "gw.conf").write_text(
        "conn aws1\n  left=198.51.100.2\n  right=203.0.113.1\n  authby=secret\n  keyexchange=ikev2\n  auto=start\n"
    )
    (secrets_dir / "gw.secrets").write_text('198.51.100.2 203.0.113.1 : PSK "Example_Key_For_Tunnel_1"\n')
    paths = [str(conf_dir / "gw.conf"), str(secrets_dir / "gw.secrets")]
    apart, _, _, _, _ = load_devices(paths)
    assert len(apart) == 2  # two directories: two devices, the tunnel without its key
    (device,) = load_devices(paths, device="edge-gw")[0]
    assert device.hostname == "edge-gw"
    assert device.tunnels[0].ike.psk is not None and device.tunnels[0].ike.psk.file == paths[1]
