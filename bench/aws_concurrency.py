"""AWS fetch concurrency: ``aws.fetch.collect()`` over N fake accounts x M regions, with a fake
``session_factory`` whose clients answer from the corpus dumps after a fixed latency per call (the
round trip a real API call costs). Prints the time of one account x one region, then the whole estate
(default 3 accounts x 16 regions, 200 ms per call) for several ``max_workers`` against that time.
No network, no credentials.

    python bench/aws_concurrency.py [ACCOUNTS] [REGIONS] [LATENCY_MS]
"""

from __future__ import annotations

import copy
import json
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import CORPUS, machine, table  # noqa: E402

from vpnaudit.aws.fetch import collect  # noqa: E402

OPERATIONS = ["DescribeRegions", "DescribeVpnConnections", "DescribeCustomerGateways", "DescribeVpnGateways",
              "GetActiveVpnTunnelStatus", "GetVpnTunnelReplacementStatus"]


def corpus_connections() -> list[dict]:
    """Every VpnConnection of the corpus DescribeVpnConnections dumps."""
    found = []
    for path in sorted((CORPUS / "aws-xml").glob("*.json")):
        doc = json.loads(path.read_text("utf-8"))
        found += [c for c in doc.get("VpnConnections", []) if isinstance(c, dict)]
    return found


class FakeClient:
    """Answers like boto3's ec2 / sts client, after ``latency`` seconds per call."""

    def __init__(self, service: str, region: str, account: str, latency: float, counter: list[int],
                 connections: list[dict], regions: list[str]):
        self.service, self.region, self.account = service, region, account
        self.latency, self.counter, self.connections, self.regions = latency, counter, connections, regions
        self.meta = SimpleNamespace(service_model=SimpleNamespace(operation_names=OPERATIONS))

    def _call(self) -> None:
        self.counter[0] += 1  # GIL-atomic enough for a count
        time.sleep(self.latency)

    def get_caller_identity(self) -> dict:
        self._call()
        return {"Account": self.account, "Arn": f"arn:aws:iam::{self.account}:user/bench"}

    def assume_role(self, RoleArn: str, RoleSessionName: str) -> dict:  # noqa: N803 - boto3 names
        self._call()
        account = RoleArn.split(":")[4]
        return {"Credentials": {"AccessKeyId": account, "SecretAccessKey": "x", "SessionToken": "x"}}

    def describe_regions(self, **_: object) -> dict:
        self._call()
        return {"Regions": [{"RegionName": r, "OptInStatus": "opt-in-not-required"} for r in self.regions]}

    def describe_vpn_connections(self, **_: object) -> dict:
        self._call()
        conns = copy.deepcopy(self.connections)
        for i, conn in enumerate(conns):
            conn["VpnConnectionId"] = f"vpn-{self.account[-4:]}{self.region.replace('-', '')}{i:04d}"
        return {"VpnConnections": conns}

    def describe_customer_gateways(self, **_: object) -> dict:
        self._call()
        return {"CustomerGateways": []}

    def describe_vpn_gateways(self, **_: object) -> dict:
        self._call()
        return {"VpnGateways": []}

    def get_active_vpn_tunnel_status(self, **_: object) -> dict:
        self._call()
        return {"ActiveVpnTunnelStatus": {"Phase1EncryptionAlgorithm": "AES256", "IkeVersion": "ikev2",
                                          "ProvisioningStatus": "available"}}

    def get_vpn_tunnel_replacement_status(self, **kwargs: object) -> dict:
        self._call()
        return {"VpnConnectionId": kwargs.get("VpnConnectionId"), "MaintenanceDetails": {}}


def session_factory(latency: float, counter: list[int], connections: list[dict], regions: list[str]):
    def make(**kwargs: object) -> SimpleNamespace:
        account = str(kwargs.get("aws_access_key_id") or "111111111111")
        client = lambda service, region_name=None, config=None: FakeClient(  # noqa: E731
            service, region_name or "us-east-1", account, latency, counter, connections, regions)
        return SimpleNamespace(region_name="us-east-1", client=client)
    return make


def run(accounts: int, regions: int, latency: float, workers: int) -> tuple[float, int, int, int]:
    counter = [0]
    region_names = [f"xx-bench-{i + 1}" for i in range(regions)]
    ids = [f"{200000000000 + i:012d}" for i in range(accounts)]
    start = time.perf_counter()
    result = collect(assume_role="VpnAuditRead", accounts=ids, max_workers=workers,
                     session_factory=session_factory(latency, counter, corpus_connections(), region_names))
    elapsed = time.perf_counter() - start
    assert not result.errors, result.errors[:3]
    return elapsed, counter[0], result.counts["connections"], result.counts["tunnels"]


def main(argv: list[str]) -> None:
    accounts = int(argv[1]) if len(argv) > 1 else 3
    regions = int(argv[2]) if len(argv) > 2 else 16
    latency = (float(argv[3]) if len(argv) > 3 else 200.0) / 1000
    one, calls, conns, tunnels = run(1, 1, latency, 1)
    rows = [("1 x 1 region", "1", f"{one:.2f} s", "1.0x", str(calls), f"{conns} / {tunnels}")]
    for workers in (8, 32, accounts * regions):
        elapsed, calls, conns, tunnels = run(accounts, regions, latency, workers)
        rows.append((f"{accounts} x {regions} regions", str(workers), f"{elapsed:.2f} s", f"{elapsed / one:.1f}x",
                     str(calls), f"{conns} / {tunnels}"))
    print(f"AWS fetch, {latency * 1000:.0f} ms per API call (fake session_factory; each region holds the "
          f"{len(corpus_connections())} corpus connections), on {machine()}; default --max-workers is 32")
    print(table(rows, ("accounts x regions", "max_workers", "wall", "vs one region", "API calls",
                       "connections / tunnels")))
    print(f"threads left after the runs: {threading.active_count()}")


if __name__ == "__main__":
    main(sys.argv)
