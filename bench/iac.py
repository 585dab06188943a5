"""Infrastructure code: lint of a folder of Terraform files against a device lint of the same size.

Target (issue 15): a Terraform folder costs no more than twice a device config folder of the same
number of bytes. Both folders hold 200 files: Terraform modules (one ``aws_vpn_connection`` with
tunnel options, a customer gateway, variables) and IOS configs; the IOS files are cut to the same
total size. Also one CloudFormation folder of the same size, and the parse-only times.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import machine, table  # noqa: E402
from throughput import ios_config  # noqa: E402

from vpnaudit.api import AuditOptions, audit, load_devices  # noqa: E402

FILES = 200


def terraform_module(i: int) -> str:
    return f"""variable "psk_{i}" {{
  type      = string
  sensitive = true
}}

locals {{
  ike_{i} = ["ikev2"]
}}

resource "aws_customer_gateway" "edge_{i}" {{
  bgp_asn    = {65000 + i}
  ip_address = "198.51.{i // 250}.{i % 250}"
  type       = "ipsec.1"
  tags = {{
    Name = "edge-{i}"
  }}
}}

resource "aws_vpn_connection" "edge_{i}" {{
  customer_gateway_id   = aws_customer_gateway.edge_{i}.id
  transit_gateway_id    = aws_ec2_transit_gateway.tgw.id
  type                  = "ipsec.1"
  static_routes_only    = false
  preshared_key_storage = "SecretsManager"

  tunnel1_inside_cidr                  = "169.254.{i % 250}.8/30"
  tunnel1_ike_versions                 = local.ike_{i}
  tunnel1_phase1_encryption_algorithms = ["AES256-GCM-16"]
  tunnel1_phase1_integrity_algorithms  = ["SHA2-384"]
  tunnel1_phase1_dh_group_numbers      = [20]
  tunnel1_phase2_encryption_algorithms = ["AES256-GCM-16"]
  tunnel1_phase2_integrity_algorithms  = ["SHA2-384"]
  tunnel1_phase2_dh_group_numbers      = [20]
  tunnel1_preshared_key                = var.psk_{i}
  tunnel1_log_options {{
    cloudwatch_log_options {{
      log_enabled   = true
      log_group_arn = aws_cloudwatch_log_group.vpn.arn
    }}
  }}

  tunnel2_inside_cidr                  = "169.254.{i % 250}.12/30"
  tunnel2_ike_versions                 = ["ikev1", "ikev2"]
  tunnel2_phase1_integrity_algorithms  = ["SHA1", "SHA2-256"]
  tunnel2_startup_action               = "start"
  tunnel2_dpd_timeout_action           = "restart"
}}
"""


def template(i: int) -> str:
    return f"""AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Psk:
    Type: String
    NoEcho: true
Resources:
  Cgw:
    Type: AWS::EC2::CustomerGateway
    Properties:
      BgpAsn: {65000 + i}
      IpAddress: 198.51.{i // 250}.{i % 250}
      Type: ipsec.1
  Vpn:
    Type: AWS::EC2::VPNConnection
    Properties:
      Type: ipsec.1
      CustomerGatewayId: !Ref Cgw
      TransitGatewayId: !ImportValue tgw-id
      PreSharedKeyStorage: SecretsManager
      VpnTunnelOptionsSpecifications:
        - TunnelInsideCidr: 169.254.{i % 250}.8/30
          IKEVersions: [{{Value: ikev2}}]
          Phase1EncryptionAlgorithms: [{{Value: AES256-GCM-16}}]
          Phase1IntegrityAlgorithms: [{{Value: SHA2-384}}]
          Phase1DHGroupNumbers: [{{Value: 20}}]
          PreSharedKey: !Ref Psk
        - TunnelInsideCidr: 169.254.{i % 250}.12/30
          IKEVersions: [{{Value: ikev1}}, {{Value: ikev2}}]
"""


def timed(fn, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="vpnaudit-bench-iac-"))
    try:
        tf_dir, ios_dir, cfn_dir = root / "terraform", root / "ios", root / "cloudformation"
        for d in (tf_dir, ios_dir, cfn_dir):
            d.mkdir()
        total = 0
        for i in range(FILES):  # one module folder per connection, as Terraform repositories have them
            module = tf_dir / f"vpn-{i:03d}"
            module.mkdir()
            text = terraform_module(i)
            (module / "main.tf").write_text(text)
            total += len(text.encode())
        per_file = total // FILES
        ios = ios_config(2000)
        for i in range(FILES):
            (ios_dir / f"edge-{i:03d}.cfg").write_text(ios.encode()[:per_file].decode(errors="ignore").rsplit("\n", 1)[0] + "\n")
        cfn_total = 0
        for i in range(FILES):
            text = template(i)
            (cfn_dir / f"vpn-{i:03d}.yaml").write_text(text)
            cfn_total += len(text.encode())

        options = AuditOptions(profile="strict")
        rows = []
        results = {}
        for name, folder, size in (("IOS configs", ios_dir, total), ("Terraform modules", tf_dir, total),
                                   ("CloudFormation templates", cfn_dir, cfn_total)):
            report = audit([str(folder)], options)
            lint = timed(lambda folder=folder: audit([str(folder)], options))
            parse = timed(lambda folder=folder: load_devices([str(folder)]))
            results[name] = lint
            rows.append([name, f"{FILES}", f"{size / 1e6:.2f}", f"{parse * 1000:.0f}", f"{lint * 1000:.0f}",
                         f"{len(report.findings)}"])
        print(f"## Infrastructure code vs device configs ({machine()})\n")
        print(table(rows, ("input", "files", "MB", "parse ms", "lint ms", "findings")))
        ratio = results["Terraform modules"] / results["IOS configs"]
        print(f"\nTerraform lint / IOS lint of the same size: {ratio:.2f}x (target: at most 2x)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
