"""aws.fetch: live collection through botocore Stubber (no network), saved dumps, read-only calls.

The EC2 responses are the real DescribeVpnConnections dumps of the corpus (fixtures/corpus/aws-xml),
trimmed to the keys the installed botocore model knows (the Stubber validates responses against the
model); every key removed is reported by ``strip_unknown`` and asserted below.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

boto3 = pytest.importorskip("boto3")
from botocore.session import get_session  # noqa: E402
from botocore.stub import Stubber  # noqa: E402

from vpnaudit.aws.fetch import READ_ONLY_PREFIXES, FetchError, collect, load_dumps, save_raw  # noqa: E402

from .conftest import CORPUS  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "aws"
ROOT = Path(__file__).resolve().parent.parent
EC2_MODEL = get_session().get_service_model("ec2")
ME = "999999999999"


@pytest.fixture(autouse=True)
def fake_credentials(monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


def strip_unknown(shape, value, path="", removed=None):
    """Drop keys the installed model does not know; return (value, removed paths)."""
    removed = [] if removed is None else removed
    if shape.type_name == "structure" and isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in shape.members:
                out[key] = strip_unknown(shape.members[key], item, f"{path}.{key}", removed)[0]
            else:
                removed.append(f"{path}.{key}")
        return out, removed
    if shape.type_name == "list" and isinstance(value, list):
        return [strip_unknown(shape.member, v, f"{path}[]", removed)[0] for v in value], removed
    return value, removed


def corpus_response(name: str) -> tuple[dict, list[str]]:
    doc = json.loads((CORPUS / "aws-xml" / name).read_text("utf-8"))
    shape = EC2_MODEL.operation_model("DescribeVpnConnections").output_shape
    return strip_unknown(shape, doc)


class Plan:
    """Queued answers per (account, service, region) and a log of every operation called."""

    def __init__(self):
        self.queues: dict[tuple[str, str, str], list] = defaultdict(list)
        self.calls: list[tuple[str, str, str, str]] = []
        self.stubbers: list[Stubber] = []
        self.keys: dict[str, str] = {}  # access key id of assumed roles -> account

    def add(self, account, service, region, method, response=None, params=None, error=None):
        self.queues[(account, service, region)].append((method, response, params, error))

    def factory(self, **kwargs):
        account = self.keys.get(kwargs.get("aws_access_key_id"), ME)
        return FakeSession(self, account, kwargs.get("region_name") or "us-east-1")

    def assert_done(self):
        for stubber in self.stubbers:
            stubber.assert_no_pending_responses()


class FakeSession:
    def __init__(self, plan: Plan, account: str, region: str):
        self.plan, self.account, self.region_name = plan, account, region
        self.clients: dict = {}

    def client(self, service, region_name=None, config=None):
        region = region_name or self.region_name
        if (service, region) in self.clients:
            return self.clients[(service, region)]
        real = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                     aws_session_token="testing", region_name=region)
        client = real.client(service, region_name=region, config=config)
        account = self.account

        def read_only(model, **_):  # fails the test on any write call
            self.plan.calls.append((account, service, region, model.name))
            if not model.name.startswith(READ_ONLY_PREFIXES):
                raise AssertionError(f"vpnaudit made a non-read-only call: {model.name}")

        client.meta.events.register_first("before-parameter-build.*.*", read_only)
        stubber = Stubber(client)
        for method, response, params, error in self.plan.queues.pop((account, service, region), []):
            if error:
                stubber.add_client_error(method, service_error_code=error, service_message=f"{error} (stubbed)",
                                         http_status_code=400, expected_params=params)
            else:
                stubber.add_response(method, response, params)
        stubber.activate()
        self.plan.stubbers.append(stubber)
        self.clients[(service, region)] = client
        return client


STATE_FILTER = {"Name": "state", "Values": ["pending", "available", "deleting"]}


def plan_region(plan, account, region, response, tunnel_errors=None):
    """Queue the calls collect() makes for one region holding ``response``."""
    plan.add(account, "ec2", region, "describe_vpn_connections", response, {"Filters": [STATE_FILTER]})
    conns = response["VpnConnections"]
    cgws = sorted({c["CustomerGatewayId"] for c in conns if c.get("CustomerGatewayId")})
    vgws = sorted({c["VpnGatewayId"] for c in conns if c.get("VpnGatewayId")})
    if cgws:
        plan.add(account, "ec2", region, "describe_customer_gateways",
                 {"CustomerGateways": [{"CustomerGatewayId": g, "IpAddress": "192.0.2.1", "BgpAsn": "65001",
                                        "State": "available", "Type": "ipsec.1"} for g in cgws]},
                 {"Filters": [{"Name": "customer-gateway-id", "Values": cgws}]})
    if vgws:
        plan.add(account, "ec2", region, "describe_vpn_gateways",
                 {"VpnGateways": [{"VpnGatewayId": g, "AmazonSideAsn": 64999, "State": "available"} for g in vgws]},
                 {"Filters": [{"Name": "vpn-gateway-id", "Values": vgws}]})
    unsupported = False
    for conn in conns:
        opts = (conn.get("Options") or {}).get("TunnelOptions") or conn.get("VgwTelemetry") or []
        for tunnel in opts:
            ip = tunnel["OutsideIpAddress"]
            params = {"VpnConnectionId": conn["VpnConnectionId"], "VpnTunnelOutsideIpAddress": ip}
            error = (tunnel_errors or {}).get(ip)
            if unsupported:
                pass  # collect() stopped asking this region for the active status
            elif error:
                plan.add(account, "ec2", region, "get_active_vpn_tunnel_status", params=params, error=error)
                unsupported = error in ("InvalidAction", "UnsupportedOperation")
            else:
                plan.add(account, "ec2", region, "get_active_vpn_tunnel_status",
                         {"ActiveVpnTunnelStatus": {"IkeVersion": "ikev1", "Phase1EncryptionAlgorithm": "AES128",
                                                    "Phase1IntegrityAlgorithm": "SHA1", "Phase1DHGroup": 2,
                                                    "Phase2EncryptionAlgorithm": "AES128", "Phase2IntegrityAlgorithm": "SHA1",
                                                    "Phase2DHGroup": 2, "ProvisioningStatus": "available"}}, params)
            plan.add(account, "ec2", region, "get_vpn_tunnel_replacement_status",
                     {"VpnConnectionId": conn["VpnConnectionId"], "VpnTunnelOutsideIpAddress": ip,
                      "MaintenanceDetails": {"PendingMaintenance": "None"}}, params)


def caller(plan, account=ME, region="us-east-1"):
    plan.add(account, "sts", region, "get_caller_identity",
             {"Account": account, "Arn": f"arn:aws:iam::{account}:user/auditor", "UserId": "AIDAEXAMPLE"})


def test_corpus_responses_need_no_stripping():
    removed = {name: corpus_response(name)[1] for name in sorted(p.name for p in (CORPUS / "aws-xml").glob("*.json"))}
    # botocore 1.43 knows every key of these dumps; a future trim would show up here.
    assert removed == {name: [] for name in removed}


def test_collect_two_regions_from_corpus():
    plan = Plan()
    caller(plan)
    west, _ = corpus_response("batfish-VpnConnectionWithTunnelOptions.json")
    east, _ = corpus_response("pybatfish-hybrid-cloud-us-east-2-VpnConnections-tgw.json")
    plan_region(plan, ME, "us-west-2", west)
    plan_region(plan, ME, "us-east-2", east)
    seen = []
    result = collect(regions=["us-west-2", "us-east-2"], session_factory=plan.factory, max_workers=2,
                     progress=seen.append)
    plan.assert_done()
    assert result.errors == []
    assert result.ok
    assert sorted(d.source for d in result.devices) == [
        f"aws://{ME}/us-east-2/vpn-01c45673532d3e33e", f"aws://{ME}/us-west-2/vpn-ba2e34a8"]
    assert result.counts == {"accounts": 1, "regions": 2, "connections": 2, "tunnels": 4}
    assert sorted(seen) == [f"reading {ME} us-east-2", f"reading {ME} us-west-2"]
    west_dev = next(d for d in result.devices if d.hostname == "vpn-ba2e34a8")
    assert (west_dev.connection.region, west_dev.connection.account) == ("us-west-2", ME)
    assert (west_dev.connection.customer_gateway_ip, west_dev.connection.customer_gateway_asn,
            west_dev.connection.amazon_side_asn) == ("192.0.2.1", 65001, 64999)
    t1 = west_dev.tunnels[0]
    assert (t1.name, t1.line, t1.ike.proposals[0].dh_groups) == ("52.27.166.152", None, (2,))
    assert (t1.aws.active_ike_version, t1.aws.active_phase1_integrity, t1.aws.pending_maintenance) == (1, "SHA1", "None")
    # every call was read-only, and these are all the operations made
    ops = sorted({c[3] for c in plan.calls})
    assert ops == ["DescribeCustomerGateways", "DescribeVpnConnections", "DescribeVpnGateways",
                   "GetActiveVpnTunnelStatus", "GetCallerIdentity", "GetVpnTunnelReplacementStatus"]
    # raw holds what --save-json writes, keys included (and only there)
    assert [d["Region"] for d in result.raw["Dumps"]] == ["us-west-2", "us-east-2"]
    assert "QMP5tKPP5qk95Y1Eee9c_82.MofNUJQV" in result.to_json()
    assert "QMP5tKPP5qk95Y1Eee9c_82.MofNUJQV" not in json.dumps([d.export() for d in result.devices])


def test_read_only_hook_catches_writes():
    plan = Plan()
    client = FakeSession(plan, ME, "us-east-1").client("ec2")
    with pytest.raises(AssertionError, match="non-read-only call: ModifyVpnTunnelOptions"):
        client.modify_vpn_tunnel_options(VpnConnectionId="vpn-1", VpnTunnelOutsideIpAddress="203.0.113.1",
                                         TunnelOptions={})


def test_failed_region_is_an_error_not_an_empty_result():
    plan = Plan()
    caller(plan)
    west, _ = corpus_response("batfish-hybrid-cloud-aws-us-west-2-VpnConnections-vgw-bgp.json")
    plan_region(plan, ME, "us-west-2", west)
    plan.add(ME, "ec2", "eu-central-1", "describe_vpn_connections", params={"Filters": [STATE_FILTER]},
             error="UnauthorizedOperation")
    result = collect(regions=["us-west-2", "eu-central-1"], session_factory=plan.factory)
    plan.assert_done()
    assert result.errors == [FetchError(ME, "eu-central-1", "ec2:DescribeVpnConnections",
                                        "An error occurred (UnauthorizedOperation) when calling the "
                                        "DescribeVpnConnections operation: UnauthorizedOperation (stubbed)")]
    assert not result.ok
    assert [d.hostname for d in result.devices] == ["vpn-ba2e34a8"]
    assert str(result.errors[0]).startswith(f"{ME}/eu-central-1: ec2:DescribeVpnConnections failed: ")


def test_unsupported_tunnel_operation_is_a_note():
    plan = Plan()
    caller(plan)
    west, _ = corpus_response("batfish-hybrid-cloud-aws-us-west-2-VpnConnections-vgw-bgp.json")
    plan_region(plan, ME, "us-west-2", west, tunnel_errors={"52.27.166.152": "InvalidAction"})
    result = collect(regions=["us-west-2"], session_factory=plan.factory)
    plan.assert_done()
    assert result.errors == []
    assert result.notes == [f"{ME}/us-west-2: GetActiveVpnTunnelStatus not available in us-west-2 (InvalidAction)"]
    device = result.devices[0]
    assert device.extra["note:GetActiveVpnTunnelStatus"] == "not available in us-west-2 (InvalidAction)"
    assert [t.aws.active_ike_version for t in device.tunnels] == [None, None]
    assert [t.aws.pending_maintenance for t in device.tunnels] == ["None", "None"]


def test_other_tunnel_call_failure_is_an_error():
    plan = Plan()
    caller(plan)
    west, _ = corpus_response("batfish-hybrid-cloud-aws-us-west-2-VpnConnections-vgw-bgp.json")
    plan_region(plan, ME, "us-west-2", west, tunnel_errors={"52.39.121.126": "AccessDenied"})
    result = collect(regions=["us-west-2"], session_factory=plan.factory)
    plan.assert_done()
    assert [(e.region, e.operation) for e in result.errors] == [
        ("us-west-2", "ec2:GetActiveVpnTunnelStatus vpn-ba2e34a8 52.39.121.126")]


def test_telemetry_joined_by_ip_when_order_differs():
    plan = Plan()
    caller(plan)
    west, _ = corpus_response("batfish-VpnConnectionWithTunnelOptions.json")
    conn = west["VpnConnections"][0]
    conn["VgwTelemetry"] = list(reversed(conn["VgwTelemetry"]))
    conn["VgwTelemetry"][0].update(Status="DOWN", StatusMessage="IPSEC IS DOWN")  # 52.39.121.126
    plan_region(plan, ME, "us-west-2", west)
    result = collect(regions=["us-west-2"], session_factory=plan.factory)
    assert [(t.name, t.aws.telemetry_status) for t in result.devices[0].tunnels] == [
        ("52.27.166.152", "UP"), ("52.39.121.126", "DOWN")]


def test_all_enabled_regions_when_none_given():
    plan = Plan()
    caller(plan)
    plan.add(ME, "ec2", "us-east-1", "describe_regions",
             {"Regions": [{"RegionName": "us-east-1", "OptInStatus": "opt-in-not-required"},
                          {"RegionName": "af-south-1", "OptInStatus": "opted-in"},
                          {"RegionName": "me-south-1", "OptInStatus": "not-opted-in"}]},
             {"Filters": [{"Name": "opt-in-status", "Values": ["opt-in-not-required", "opted-in"]}]})
    plan.add(ME, "ec2", "us-east-1", "describe_vpn_connections", {"VpnConnections": []}, {"Filters": [STATE_FILTER]})
    plan.add(ME, "ec2", "af-south-1", "describe_vpn_connections", {"VpnConnections": []}, {"Filters": [STATE_FILTER]})
    result = collect(session_factory=plan.factory)
    plan.assert_done()
    assert (result.errors, result.devices) == ([], [])
    assert [(d["Account"], d["Region"]) for d in result.raw["Dumps"]] == [(ME, "af-south-1"), (ME, "us-east-1")]


def test_vpn_ids_are_a_filter():
    plan = Plan()
    caller(plan)
    plan.add(ME, "ec2", "us-west-2", "describe_vpn_connections", {"VpnConnections": []},
             {"Filters": [STATE_FILTER, {"Name": "vpn-connection-id", "Values": ["vpn-1"]}]})
    result = collect(regions=["us-west-2"], vpn_ids=["vpn-1"], session_factory=plan.factory)
    plan.assert_done()
    assert result.errors == []


def _assume(plan, account, role, key):
    plan.keys[key] = account
    plan.add(ME, "sts", "us-east-1", "assume_role",
             {"Credentials": {"AccessKeyId": key, "SecretAccessKey": "s", "SessionToken": "t",
                              "Expiration": "2030-01-01T00:00:00Z"}},
             {"RoleArn": f"arn:aws:iam::{account}:role/{role}", "RoleSessionName": "vpnaudit"})


def test_assume_role_in_accounts_from_organizations():
    plan = Plan()
    caller(plan)
    plan.add(ME, "organizations", "us-east-1", "list_accounts",
             {"Accounts": [{"Id": "111111111111", "Status": "ACTIVE"}, {"Id": "333333333333", "Status": "SUSPENDED"}],
              "NextToken": "page2"}, {})
    plan.add(ME, "organizations", "us-east-1", "list_accounts",
             {"Accounts": [{"Id": ME, "Status": "ACTIVE"}, {"Id": "222222222222", "Status": "ACTIVE"}]},
             {"NextToken": "page2"})
    _assume(plan, "111111111111", "VpnAuditor", "ASIAEXAMPLE11111")
    _assume(plan, "222222222222", "VpnAuditor", "ASIAEXAMPLE22222")
    west, _ = corpus_response("batfish-hybrid-cloud-aws-us-west-2-VpnConnections-vgw-bgp.json")
    plan_region(plan, "111111111111", "us-west-2", west)
    plan.add("222222222222", "ec2", "us-west-2", "describe_vpn_connections", params={"Filters": [STATE_FILTER]},
             error="AuthFailure")
    plan.add(ME, "ec2", "us-west-2", "describe_vpn_connections", {"VpnConnections": []}, {"Filters": [STATE_FILTER]})
    result = collect(regions=["us-west-2"], assume_role="VpnAuditor", from_organizations=True,
                     session_factory=plan.factory, max_workers=1)
    plan.assert_done()
    assert [d.source for d in result.devices] == ["aws://111111111111/us-west-2/vpn-ba2e34a8"]
    assert [(e.account, e.operation) for e in result.errors] == [("222222222222", "ec2:DescribeVpnConnections")]
    assert result.counts["accounts"] == 3
    assert {c[3] for c in plan.calls} <= {"GetCallerIdentity", "ListAccounts", "AssumeRole", "DescribeVpnConnections",
                                           "DescribeCustomerGateways", "DescribeVpnGateways",
                                           "GetActiveVpnTunnelStatus", "GetVpnTunnelReplacementStatus"}


def test_failed_assume_role_and_missing_credentials_are_errors():
    plan = Plan()
    caller(plan)
    plan.add(ME, "sts", "us-east-1", "assume_role", error="AccessDenied",
             params={"RoleArn": "arn:aws:iam::111111111111:role/Audit", "RoleSessionName": "vpnaudit"})
    result = collect(regions=["us-west-2"], role_arn="arn:aws:iam::111111111111:role/Audit", session_factory=plan.factory)
    assert [(e.account, e.operation) for e in result.errors] == [("111111111111", "sts:AssumeRole")]
    assert result.devices == []

    plan = Plan()
    plan.add(ME, "sts", "us-east-1", "get_caller_identity", error="InvalidClientTokenId")
    result = collect(regions=["us-west-2"], session_factory=plan.factory)
    assert [(e.operation, e.region) for e in result.errors] == [("sts:GetCallerIdentity", "us-east-1")]
    assert not result.ok


def test_argument_errors():
    with pytest.raises(ValueError, match="need --assume-role"):
        collect(accounts=["111111111111"])
    with pytest.raises(ValueError, match="cannot be combined"):
        collect(role_arn="arn:aws:iam::111111111111:role/A", assume_role="B", accounts=["1"])
    with pytest.raises(ValueError, match="needs --accounts"):
        collect(assume_role="B")


def test_saved_raw_round_trip(tmp_path):
    plan = Plan()
    caller(plan)
    west, _ = corpus_response("batfish-VpnConnectionWithTunnelOptions.json")
    plan_region(plan, ME, "us-west-2", west)
    result = collect(regions=["us-west-2"], session_factory=plan.factory)
    out = tmp_path / "dump.json"
    save_raw(result, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    (device,) = load_dumps([out])
    live = result.devices[0]
    assert device.source == str(out)
    assert (device.connection.region, device.connection.account) == ("us-west-2", ME)
    assert [t.aws.active_phase1_dh_group for t in device.tunnels] == [2, 2]
    assert [t.ike.proposals[0] .dh_groups for t in device.tunnels] == [t.ike.proposals[0].dh_groups for t in live.tunnels]
    text = out.read_text()
    assert device.tunnels[0].line == next(i for i, l in enumerate(text.splitlines(), 1) if '"OutsideIpAddress": "52.27.166.152"' in l)


def test_load_dumps_directory_with_gateway_dumps(tmp_path):
    devices = load_dumps([FIXTURES / "eu-west-1"])
    assert [d.hostname for d in devices] == ["vpn-0f1e2d3c4b5a69788"]
    conn = devices[0].connection
    assert (conn.region, conn.customer_gateway_ip, conn.customer_gateway_asn, conn.amazon_side_asn) == (
        "eu-west-1", "192.0.2.50", 65010, 64520)
    # a file named alone still picks up the gateway dumps beside it
    (alone,) = load_dumps([FIXTURES / "eu-west-1" / "VpnConnections.json"])
    assert alone.connection.amazon_side_asn == 64520
    bad = tmp_path / "bad.json"
    bad.write_text('{"VpnConnections": [\n{"PreSharedKey": "Leak_Key_0123456789"\n')
    (problem,) = load_dumps([bad])
    assert problem.problems[0].line == 3
    assert "Leak_Key" not in problem.problems[0].message
    missing = load_dumps([tmp_path / "missing.json"])
    assert missing[0].problems[0].message.endswith("cannot read: No such file or directory")


def test_lint_path_does_not_import_boto3():
    code = ("import sys, vpnaudit.parsers.aws, vpnaudit.aws.convert, vpnaudit.checks; "
            "vpnaudit.checks.rule_modules(); "
            "bad = [m for m in ('boto3', 'botocore') if m in sys.modules]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
