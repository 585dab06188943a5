"""``vpnaudit aws`` live and offline give the same findings; a failed call shows in every output.

The live path is ``api.audit_aws`` -> ``aws.fetch.collect`` over two accounts (``--assume-role``)
x two regions, with botocore clients that never reach the network: every EC2 client is a real
botocore client behind a ``Stubber`` (parameters and responses are validated against the
installed service model) that answers with the real DescribeVpnConnections dumps of the corpus
(fixtures/corpus/aws-xml). STS is answered by a ``before-call`` hook instead of a Stubber: the
AssumeRole calls run in parallel threads, and a FIFO Stubber queue would hand one account's
credentials to the other.

The offline path is ``audit_aws(from_json=...)`` over the same data laid out the way a user saves
it (``aws ec2 describe-vpn-connections`` / ``describe-customer-gateways`` /
``describe-vpn-gateways`` output in one directory per region), and over vpnaudit's own
``--save-json`` dump.
"""

from __future__ import annotations

import html
import json
import re
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

boto3 = pytest.importorskip("boto3")
from botocore.awsrequest import AWSResponse
from botocore.session import get_session
from botocore.stub import Stubber
from botocore.utils import parse_timestamp

from vpnaudit.api import AuditOptions, audit_aws
from vpnaudit.aws import fetch
from vpnaudit.findings import Finding, Report

from .conftest import CORPUS

AWS_XML = CORPUS / "aws-xml"
EC2 = get_session().get_service_model("ec2")
ME = "999999999999"  # the caller (organization management account); not audited itself
A, B = "111111111111", "222222222222"
ROLE = "VpnAuditReadOnly"
REGIONS = ["us-west-2", "us-east-2"]
ESTATE = {  # (account, region) -> the corpus DescribeVpnConnections dump that region answers with
    (A, "us-west-2"): "batfish-VpnConnectionWithTunnelOptions.json",
    (A, "us-east-2"): "pybatfish-hybrid-cloud-us-east-2-VpnConnections-tgw.json",
    (B, "us-west-2"): "batfish-test-vpn-gateway-VpnConnections-vpn-03701a53bba3c48b7-plus-empty.json",
    (B, "us-east-2"): "batfish-VpnConnectionTransitGatewayTest-tgw-bgp.json",
}
CONNECTIONS = {  # what each region holds (the "plus-empty" dump also holds a deleted connection)
    (A, "us-west-2"): ["vpn-ba2e34a8"],
    (A, "us-east-2"): ["vpn-01c45673532d3e33e"],
    (B, "us-west-2"): ["vpn-03701a53bba3c48b7"],
    (B, "us-east-2"): ["vpn-034885b776a3f8a80"],
}
STATE_FILTER = {"Name": "state", "Values": ["pending", "available", "deleting"]}
# A pre-shared key of the corpus dump (DescribeVpnConnections returns keys in clear text).
CORPUS_PSK = "QMP5tKPP5qk95Y1Eee9c_82.MofNUJQV"


@pytest.fixture(autouse=True)
def fake_credentials(monkeypatch):
    """No real profile, no instance metadata: nothing here may reach AWS."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"):
        monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------------------------------------
# The fake AWS estate


def corpus_dump(name: str) -> dict[str, Any]:
    return json.loads((AWS_XML / name).read_text("utf-8"))


def as_parsed(shape, value):
    """What botocore hands the caller for ``value``: timestamps become aware datetimes."""
    if shape.type_name == "structure" and isinstance(value, dict):
        return {k: as_parsed(shape.members[k], v) if k in shape.members else v for k, v in value.items()}
    if shape.type_name == "list" and isinstance(value, list):
        return [as_parsed(shape.member, v) for v in value]
    if shape.type_name == "timestamp" and isinstance(value, str):
        return parse_timestamp(value)
    return value


def live_answer(name: str) -> dict[str, Any]:
    """The corpus dump as DescribeVpnConnections returns it to boto3 (the Stubber does not parse)."""
    return as_parsed(EC2.operation_model("DescribeVpnConnections").output_shape, corpus_dump(name))


def live_connections(response: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in response["VpnConnections"] if c.get("State") != "deleted"]


def gateway_answers(response: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    """What DescribeCustomerGateways / DescribeVpnGateways answer for the connections of a region."""
    conns = live_connections(response)
    cgws = sorted({c["CustomerGatewayId"] for c in conns if c.get("CustomerGatewayId")})
    vgws = sorted({c["VpnGatewayId"] for c in conns if c.get("VpnGatewayId")})
    return (
        [{"CustomerGatewayId": g, "IpAddress": f"198.51.100.{10 + i}", "BgpAsn": "65010", "State": "available",
          "Type": "ipsec.1"} for i, g in enumerate(cgws)],
        [{"VpnGatewayId": g, "AmazonSideAsn": 64512, "State": "available", "Type": "ipsec.1"} for g in vgws],
    )


def tunnel_ips(conn: dict[str, Any]) -> list[str]:
    opts = (conn.get("Options") or {}).get("TunnelOptions") or conn.get("VgwTelemetry") or []
    return [t["OutsideIpAddress"] for t in opts]


STRONG = {"IkeVersion": "ikev2", "Phase1EncryptionAlgorithm": "AES256", "Phase1IntegrityAlgorithm": "SHA2-256",
          "Phase1DHGroup": 20, "Phase2EncryptionAlgorithm": "AES256", "Phase2IntegrityAlgorithm": "SHA2-256",
          "Phase2DHGroup": 20, "ProvisioningStatus": "available"}
LEGACY = {"IkeVersion": "ikev1", "Phase1EncryptionAlgorithm": "AES128", "Phase1IntegrityAlgorithm": "SHA1",
          "Phase1DHGroup": 2, "Phase2EncryptionAlgorithm": "AES128", "Phase2IntegrityAlgorithm": "SHA1",
          "Phase2DHGroup": 2, "ProvisioningStatus": "available"}
AUTO_APPLY = datetime(2030, 1, 15, 4, 0, tzinfo=UTC)


class FakeAws:
    """Stubbed answers per (account, service, region), and a log of every call made.

    ``per_tunnel``: "answered" (GetActiveVpnTunnelStatus: the first tunnel of a connection
    negotiated strong crypto, the second AWS's legacy AES128/SHA1/group 2; the second tunnel of
    account A's us-west-2 connection has pending maintenance) or "unsupported" (both per-tunnel
    operations answer UnsupportedOperation, as in a region that does not offer them).
    ``fail``: (account, region) -> error code of DescribeVpnConnections there.
    ``deny``: accounts whose role cannot be assumed.
    """

    def __init__(self, estate=ESTATE, per_tunnel="answered", fail=None, deny=()):
        self.estate = estate
        self.per_tunnel = per_tunnel
        self.fail = dict(fail or {})
        self.deny = set(deny)
        self.calls: list[tuple[str, str, str]] = []  # (account, region, "service:Operation")
        self.stubbers: list[Stubber] = []
        self.keys: dict[str, str] = {}  # access key id of an assumed role -> account
        self.lock = threading.Lock()

    # boto3.session.Session(**kwargs) stand-in
    def session(self, **kwargs: Any) -> FakeSession:
        account = self.keys.get(kwargs.get("aws_access_key_id") or "", ME)
        return FakeSession(self, account, kwargs.get("region_name") or "us-east-1")

    def assert_done(self) -> None:
        for stubber in self.stubbers:
            stubber.assert_no_pending_responses()

    def ops(self, account: str, region: str) -> list[str]:
        return [op for a, r, op in self.calls if (a, r) == (account, region)]

    def queue_ec2(self, stubber: Stubber, account: str, region: str) -> None:
        """The calls collect() makes in one region, in order."""
        vpn_filter = {"Filters": [STATE_FILTER]}
        if (account, region) in self.fail:
            stubber.add_client_error("describe_vpn_connections", service_error_code=self.fail[(account, region)],
                                     service_message="You are not authorized to perform this operation.",
                                     http_status_code=403, expected_params=vpn_filter)
            return
        response = live_answer(self.estate[(account, region)])
        stubber.add_response("describe_vpn_connections", response, vpn_filter)
        cgws, vgws = gateway_answers(response)
        if cgws:
            stubber.add_response("describe_customer_gateways", {"CustomerGateways": cgws},
                                 {"Filters": [{"Name": "customer-gateway-id",
                                               "Values": [g["CustomerGatewayId"] for g in cgws]}]})
        if vgws:
            stubber.add_response("describe_vpn_gateways", {"VpnGateways": vgws},
                                 {"Filters": [{"Name": "vpn-gateway-id", "Values": [g["VpnGatewayId"] for g in vgws]}]})
        for n, conn in enumerate(live_connections(response)):
            vpn_id = conn["VpnConnectionId"]
            for k, ip in enumerate(tunnel_ips(conn)):
                params = {"VpnConnectionId": vpn_id, "VpnTunnelOutsideIpAddress": ip}
                if self.per_tunnel == "unsupported":
                    if n == 0 and k == 0:  # collect() stops asking once the region says "unsupported"
                        for method in ("get_active_vpn_tunnel_status", "get_vpn_tunnel_replacement_status"):
                            stubber.add_client_error(method, service_error_code="UnsupportedOperation",
                                                     service_message="not supported in this Region",
                                                     expected_params=params)
                    continue
                stubber.add_response("get_active_vpn_tunnel_status",
                                     {"ActiveVpnTunnelStatus": STRONG if k == 0 else LEGACY}, params)
                details: dict[str, Any] = {"PendingMaintenance": "None"}
                if (account, region, k) == (A, "us-west-2", 1):
                    details = {"PendingMaintenance": "Tunnel endpoint replacement",
                               "MaintenanceAutoAppliedAfter": AUTO_APPLY}
                stubber.add_response("get_vpn_tunnel_replacement_status",
                                     {**params, "MaintenanceDetails": details}, params)

    def answer_sts(self, account: str, model, params: dict, **_: Any):
        """GetCallerIdentity / AssumeRole, answered by what is asked (the calls run in threads)."""
        if model.name == "GetCallerIdentity":
            parsed = {"Account": account, "Arn": f"arn:aws:iam::{account}:user/auditor", "UserId": "AIDAEXAMPLE"}
            return AWSResponse(None, 200, {}, None), {**parsed, "ResponseMetadata": {"HTTPStatusCode": 200}}
        assert model.name == "AssumeRole", model.name
        target = re.fullmatch(r"arn:aws:iam::(\d{12}):role/" + ROLE, params["body"]["RoleArn"])
        assert target and params["body"]["RoleSessionName"] == "vpnaudit"
        wanted = target.group(1)
        if wanted in self.deny:
            error = {"Code": "AccessDenied", "Message": f"not authorized to perform: sts:AssumeRole on {ROLE}"}
            return AWSResponse(None, 403, {}, None), {"Error": error, "ResponseMetadata": {"HTTPStatusCode": 403}}
        key = f"ASIA{wanted}"
        with self.lock:
            self.keys[key] = wanted
        creds = {"AccessKeyId": key, "SecretAccessKey": "s", "SessionToken": "t",
                 "Expiration": datetime(2030, 1, 1, tzinfo=UTC)}
        return AWSResponse(None, 200, {}, None), {"Credentials": creds, "ResponseMetadata": {"HTTPStatusCode": 200}}


class FakeSession:
    def __init__(self, aws: FakeAws, account: str, region: str):
        self.aws, self.account, self.region_name = aws, account, region
        self.clients: dict[tuple[str, str], Any] = {}
        self.lock = threading.Lock()

    def client(self, service: str, region_name: str | None = None, config: Any = None) -> Any:
        region = region_name or self.region_name
        with self.lock:
            if (service, region) in self.clients:
                return self.clients[(service, region)]
            real = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                         aws_session_token="testing", region_name=region)
            client = real.client(service, region_name=region, config=config)
            account, aws = self.account, self.aws

            def log(model, **_: Any) -> None:
                with aws.lock:
                    aws.calls.append((account, region, f"{service}:{model.name}"))
                if not model.name.startswith(fetch.READ_ONLY_PREFIXES):
                    raise AssertionError(f"vpnaudit made a non-read-only call: {model.name}")

            client.meta.events.register_first(f"before-parameter-build.{service}.*", log)
            if service == "sts":
                client.meta.events.register_first(
                    "before-call.sts.*", lambda model, params, **kw: aws.answer_sts(account, model, params))
            elif service == "ec2":
                stubber = Stubber(client)
                aws.queue_ec2(stubber, account, region)
                stubber.activate()
                with aws.lock:
                    aws.stubbers.append(stubber)
            else:
                raise AssertionError(f"unexpected service {service}")
            self.clients[(service, region)] = client
            return client


OPTIONS = AuditOptions(profile="strict")  # every rule that can fire on AWS-only input runs


def live(aws: FakeAws, **fetch_args: Any) -> Report:
    args: dict[str, Any] = {"regions": REGIONS, "assume_role": ROLE, "accounts": [A, B], "max_workers": 4}
    args.update(fetch_args)
    return audit_aws(OPTIONS, session_factory=aws.session, **args)


def write_cli_dumps(root: Path, estate=ESTATE) -> list[str]:
    """The estate as a user saves it with the AWS CLI: ROOT/ACCOUNT/REGION/*.json."""
    dirs = []
    for (account, region), name in estate.items():
        folder = root / account / region
        folder.mkdir(parents=True)
        text = (AWS_XML / name).read_text("utf-8")
        (folder / "describe-vpn-connections.json").write_text(text, "utf-8")
        cgws, vgws = gateway_answers(json.loads(text))
        if cgws:
            (folder / "describe-customer-gateways.json").write_text(json.dumps({"CustomerGateways": cgws}, indent=2))
        if vgws:
            (folder / "describe-vpn-gateways.json").write_text(json.dumps({"VpnGateways": vgws}, indent=2))
        dirs.append(str(folder))
    return dirs


def comparable(findings: list[Finding], where) -> list[tuple]:
    """Findings without the parts that differ by nature: the path (aws://... vs a file) and line."""
    return sorted(
        (where(f), f.rule_id, f.severity.value, f.device, f.target, f.tunnel or "", f.message, f.fix or "")
        for f in findings
    )


def live_where(f: Finding) -> str:
    match = re.fullmatch(r"aws://(\d{12})/([a-z0-9-]+)/(vpn-[0-9a-f]+)", f.path)
    assert match, f.path
    assert match.group(3) == f.device
    return f"{match.group(1)}/{match.group(2)}"


# ---------------------------------------------------------------------------------------------
# Live == offline


def test_live_audit_equals_offline_cli_dumps(tmp_path):
    aws = FakeAws(per_tunnel="unsupported")  # the CLI dumps carry no per-tunnel status either
    report = live(aws)
    aws.assert_done()
    assert report.errors == []
    assert sorted(report.notices) == sorted(
        f"{account}/{region}: {op} not available in {region} (UnsupportedOperation)"
        for account, region in ESTATE for op in ("GetActiveVpnTunnelStatus", "GetVpnTunnelReplacementStatus"))
    assert sorted(d.source for d in report.devices) == sorted(
        f"aws://{account}/{region}/{vpn}" for (account, region), vpns in CONNECTIONS.items() for vpn in vpns)
    assert {(d.connection.account, d.connection.region) for d in report.devices} == set(ESTATE)

    dirs = write_cli_dumps(tmp_path)
    offline = audit_aws(OPTIONS, from_json=dirs)
    assert (offline.errors, offline.notices, offline.files_read) == ([], [], 4)

    def offline_where(f: Finding) -> str:
        rel = Path(f.path).relative_to(tmp_path)
        assert rel.name == "describe-vpn-connections.json", f.path
        return "/".join(rel.parts[:2])

    assert comparable(report.findings, live_where) == comparable(offline.findings, offline_where)
    # the same data produced findings of these rules (a regression that silences one shows here)
    assert sorted({f.rule_id for f in report.findings}) == [
        "VPN501", "VPN502", "VPN503", "VPN504", "VPN505", "VPN506", "VPN509"]
    assert [(f.device, f.tunnel) for f in report.findings if f.rule_id == "VPN501"] == [
        (vpn, ip) for vpn, ip in sorted(
            (d.connection.id, t.name) for d in report.devices for t in d.tunnels if t.aws.telemetry_status == "DOWN")]
    # live findings have no file line; offline ones point into the saved JSON
    assert {f.line for f in report.findings} == {None}
    assert all(f.line for f in offline.findings)
    # the same connections were modelled with the same gateways on both paths
    assert sorted((d.connection.id, d.connection.customer_gateway_ip, d.connection.amazon_side_asn)
                  for d in report.devices) == sorted(
        (d.connection.id, d.connection.customer_gateway_ip, d.connection.amazon_side_asn) for d in offline.devices)


def test_live_audit_equals_its_saved_dump(tmp_path):
    aws = FakeAws(per_tunnel="answered")
    dump = tmp_path / "estate.json"
    report = live(aws, save_json=str(dump))
    aws.assert_done()
    assert (report.errors, report.notices) == ([], [])
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    assert CORPUS_PSK in dump.read_text("utf-8")  # the dump holds the keys, so it is the owner's only

    offline = audit_aws(OPTIONS, from_json=[str(dump)])
    assert offline.errors == []
    homes = {d.connection.id: f"{d.connection.account}/{d.connection.region}" for d in offline.devices}
    assert sorted(homes.items()) == sorted(
        (vpn, f"{account}/{region}") for (account, region), vpns in CONNECTIONS.items() for vpn in vpns)
    assert {f.path for f in offline.findings} == {str(dump)}
    assert comparable(report.findings, live_where) == comparable(offline.findings, lambda f: homes[f.device])

    # what only the per-tunnel calls know made it through both paths
    weak = sorted((f.device, f.tunnel) for f in offline.findings if f.rule_id == "VPN507")
    assert weak == sorted((d.connection.id, d.tunnels[1].name) for d in report.devices)
    (maintenance,) = [f for f in report.findings if f.rule_id == "VPN510"]
    assert (maintenance.device, maintenance.tunnel) == ("vpn-ba2e34a8", "52.39.121.126")
    assert "2030-01-15" in maintenance.message
    # no output carries a key
    assert CORPUS_PSK not in json.dumps([f.model_dump(mode="json") for f in report.findings + offline.findings])


def test_save_json_replaces_an_existing_file_only_when_asked_and_tightens_it(tmp_path):
    dump = tmp_path / "estate.json"
    dump.write_text("old\n")
    dump.chmod(0o644)
    with pytest.raises(ValueError, match="the file exists .use --overwrite to replace it."):
        live(FakeAws(), save_json=str(dump))
    assert dump.read_text("utf-8") == "old\n"
    live(FakeAws(), save_json=str(dump), overwrite=True)
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    assert CORPUS_PSK in dump.read_text("utf-8")


def test_save_json_never_follows_a_symlink(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("precious\n")
    link = tmp_path / "estate.json"
    link.symlink_to(target)
    with pytest.raises(ValueError, match="the file exists"):
        live(FakeAws(), save_json=str(link))
    report = live(FakeAws(), save_json=str(link), overwrite=True)
    assert report.errors == [f"--save-json {link}: is a symbolic link; not followed"]
    assert target.read_text("utf-8") == "precious\n"
    dangling = tmp_path / "planted.json"
    dangling.symlink_to(tmp_path / "not-yet.json")  # a link to a file the attacker reads later
    with pytest.raises(ValueError, match="the file exists"):
        live(FakeAws(), save_json=str(dangling))
    assert not (tmp_path / "not-yet.json").exists()


@pytest.mark.parametrize("written", [
    "2019-11-30T01:22:13.000Z",  # AWS CLI v1 (the wire format)
    "2019-11-30T01:22:13+00:00",  # AWS CLI v2, vpnaudit --save-json
    "2019-11-30 01:22:13+00:00",  # Python's str(datetime), as in the corpus
])
def test_saved_timestamps_print_like_live_ones(tmp_path, written):
    estate = {(B, "us-east-2"): ESTATE[(B, "us-east-2")]}
    report = live(FakeAws(estate=estate), regions=["us-east-2"], accounts=[B])
    folder = tmp_path / B / "us-east-2"
    folder.mkdir(parents=True)
    doc = corpus_dump(estate[(B, "us-east-2")])
    for telemetry in doc["VpnConnections"][0]["VgwTelemetry"]:
        telemetry["LastStatusChange"] = telemetry["LastStatusChange"].replace("2019-11-30 01:22:13+00:00", written)
    (folder / "vpn.json").write_text(json.dumps(doc, indent=2))
    offline = audit_aws(OPTIONS, from_json=[str(folder)])
    down = [f.message for f in report.findings if f.rule_id == "VPN501"]
    assert down == [f.message for f in offline.findings if f.rule_id == "VPN501"]
    assert down[0] == "AWS tunnel 3.130.56.250 is DOWN (IPSEC IS DOWN), status last changed 2019-11-30T01:22:13+00:00"


def test_api_calls_per_region(tmp_path):
    """The cost docs/aws.md states: per region 1 DescribeVpnConnections, then (when the region has
    connections) 1 DescribeCustomerGateways, 1 DescribeVpnGateways when a connection ends on a
    virtual private gateway, and 2 calls per tunnel; per run 1 GetCallerIdentity and 1 AssumeRole
    per assumed account."""
    aws = FakeAws(per_tunnel="answered")
    live(aws, max_workers=1)
    for (account, region), name in ESTATE.items():
        response = corpus_dump(name)
        tunnels = sum(len(tunnel_ips(c)) for c in live_connections(response))
        vgw = any(c.get("VpnGatewayId") for c in live_connections(response))
        expected = (["ec2:DescribeVpnConnections", "ec2:DescribeCustomerGateways"]
                    + ["ec2:DescribeVpnGateways"] * vgw
                    + ["ec2:GetActiveVpnTunnelStatus", "ec2:GetVpnTunnelReplacementStatus"] * tunnels)
        assert aws.ops(account, region) == expected, (account, region)
        assert len(expected) == 2 + vgw + 2 * tunnels
    assert sorted(op for a, r, op in aws.calls if op.startswith("sts:")) == [
        "sts:AssumeRole", "sts:AssumeRole", "sts:GetCallerIdentity"]
    assert len(aws.calls) == 3 + sum(len(aws.ops(a, r)) for a, r in ESTATE)


def test_failed_region_and_role_are_errors_not_gaps():
    aws = FakeAws(fail={(B, "us-east-2"): "UnauthorizedOperation"})
    report = live(aws)
    aws.assert_done()
    assert report.errors == [
        (f"{B}/us-east-2: ec2:DescribeVpnConnections failed: An error occurred (UnauthorizedOperation) when "
         "calling the DescribeVpnConnections operation: You are not authorized to perform this operation.")]
    assert sorted(d.connection.id for d in report.devices) == [
        "vpn-01c45673532d3e33e", "vpn-03701a53bba3c48b7", "vpn-ba2e34a8"]
    (notification,) = report.notifications
    assert (notification.rule_id, notification.path, notification.message) == (
        "VPN000", f"{B}/us-east-2", report.errors[0])

    aws = FakeAws(deny={B})
    report = live(aws)
    assert [e.split(": ", 2)[:2] for e in report.errors] == [[B, "sts:AssumeRole failed"]]
    assert sorted({d.connection.account for d in report.devices}) == [A]
    assert [op for a, _, op in aws.calls if a == B] == []  # nothing read with credentials it did not get


# ---------------------------------------------------------------------------------------------
# The CLI: a failed region in every output format, exit code 2

FAILED = (f"{ME}/eu-central-1: ec2:DescribeVpnConnections failed: An error occurred (UnauthorizedOperation) "
          "when calling the DescribeVpnConnections operation: You are not authorized to perform this operation.")


@pytest.fixture
def failing_region(monkeypatch):
    """``vpnaudit aws`` against the caller's own account: us-west-2 reads, eu-central-1 is denied."""
    estate = {(ME, "us-west-2"): ESTATE[(A, "us-west-2")]}
    fakes: list[FakeAws] = []
    original = fetch.collect

    def collect(**kwargs: Any):
        fakes.append(FakeAws(estate=estate, fail={(ME, "eu-central-1"): "UnauthorizedOperation"}))
        return original(session_factory=fakes[-1].session, **kwargs)

    monkeypatch.setattr(fetch, "collect", collect)
    yield fakes
    for aws in fakes:
        aws.assert_done()


def run_cli(fmt: str, *extra: str):
    testing = pytest.importorskip("typer.testing")
    from vpnaudit.cli import app

    return testing.CliRunner().invoke(app, ["aws", "--region", "us-west-2", "--region", "eu-central-1", "--format", fmt,
                               "--no-color", *extra])


def test_failed_region_in_text_output(failing_region):
    result = run_cli("text")
    assert result.exit_code == 2, result.output
    # the error on stderr (issue 19: stdout holds only the report), the report says it is incomplete
    assert f"vpnaudit: error: {FAILED}" in result.stderr.splitlines() and FAILED not in result.stdout
    assert "incomplete: 1 error (on stderr)" in result.stdout.splitlines()[-1]
    assert f"{ME}/us-west-2/vpn-ba2e34a8" in result.stdout  # what could be read is still reported
    assert "VPN502" in result.stdout


def test_failed_region_in_json_output(failing_region):
    result = run_cli("json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["errors"] == [FAILED]
    assert {f["device"] for f in doc["findings"]} == {"vpn-ba2e34a8"}
    assert f"vpnaudit: error: {FAILED}" in result.stderr.splitlines()


def test_failed_region_in_sarif_output(failing_region):
    result = run_cli("sarif")
    assert result.exit_code == 2
    (run,) = json.loads(result.stdout)["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert {"level": "error", "message": {"text": FAILED}} in invocation["toolExecutionNotifications"]
    assert {r["ruleId"] for r in run["results"]} >= {"VPN502", "VPN503", "VPN504"}
    assert f"vpnaudit: error: {FAILED}" in result.stderr.splitlines()


def test_failed_region_in_html_output(failing_region):
    result = run_cli("html")
    assert result.exit_code == 2
    page = result.stdout
    section = page[page.index('<section id="notifications">'):]
    section = section[:section.index("</section>")]
    assert "<h2>Not analysed</h2>" in section
    assert f'<tr><td class="wrap">{ME}/eu-central-1</td><td class="wrap">{html.escape(FAILED)}</td></tr>' in section
    assert '<div class="card" id="count-notifications"><b>1</b><span>Not analysed</span></div>' in page
    assert f"vpnaudit: error: {FAILED}" in result.stderr.splitlines()


def test_failed_region_in_markdown_output(failing_region):
    result = run_cli("markdown")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    at = lines.index("## Not analysed")
    assert lines[at + 2:at + 5] == ["| Location | Problem |", "| --- | --- |", f"| {ME}/eu-central-1 | {FAILED} |"]
    assert f"vpnaudit: error: {FAILED}" in result.stderr.splitlines()


def test_exit_zero_does_not_hide_a_failed_region(failing_region, tmp_path):
    out = tmp_path / "report.sarif"
    result = run_cli("sarif", "--exit-zero", "--output", str(out))
    assert result.exit_code == 2
    assert json.loads(out.read_text())["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert f"vpnaudit: error: {FAILED}" in result.stderr.splitlines()


# ---------------------------------------------------------------------------------------------
# Remediation text of the rules whose fix can be on the AWS side


AWS_SIDE_FIXES = ["VPN501", "VPN502", "VPN503", "VPN504", "VPN505", "VPN506", "VPN507", "VPN508", "VPN509",
                  "VPN510", "VPN603", "VPN604", "VPN605", "VPN606", "VPN607", "VPN609", "VPN611"]


@pytest.mark.parametrize("rule_id", AWS_SIDE_FIXES)
def test_aws_side_fix_gives_cli_and_terraform_one_tunnel_at_a_time(rule_id):
    from vpnaudit.checks import rule_modules

    (module,) = [m for m in rule_modules() if m.RULE.id == rule_id]
    fix = module.__doc__.split("How to fix\n----------\n", 1)[1]
    assert "aws ec2 " in fix
    assert "aws_vpn_connection" in fix and re.search(r"\b(tunnel1_[a-z0-9_]+|preshared_key_storage)\b", fix)
    assert "Change one tunnel at a time" in fix
    assert "registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpn_connection" in fix
