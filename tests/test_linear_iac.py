"""Terraform / CloudFormation readers: values the evaluator builds have a size budget, and a big
list variable or parameter referenced by many connections is normalised once.

Before the fix: a 992-byte doubling chain of locals took 18.7 s and 415 MB, ``"abcdefgh" *
200000000`` built 1.6 GB, and N connections referencing a list of 10N items took quadratic time.
"""

from __future__ import annotations

import json
import time
import tracemalloc

from tests.test_complexity import _ratio
from vpnaudit.parsers import SourceFile, cloudformation, terraform
from vpnaudit.parsers._hcl import Scope, Unknown, parse_body


def _chains(levels: int, chains: int = 1) -> str:
    """``chains`` independent doubling chains of ``levels`` locals: strings and concat() lists."""
    out = ["locals {"]
    for c in range(chains):
        out += [f'  s{c}_0 = "abcdefgh"', f'  l{c}_0 = ["x", "y"]']
        for i in range(1, levels + 1):
            out.append(f'  s{c}_{i} = "${{local.s{c}_{i - 1}}}${{local.s{c}_{i - 1}}}"')
            out.append(f"  l{c}_{i} = concat(local.l{c}_{i - 1}, local.l{c}_{i - 1})")
    out.append("}")
    return "\n".join(out) + "\n"


def _evaluate_locals(text: str) -> dict:
    root = parse_body(text, "main.tf")
    locals_ = {}
    for block in root.children("locals"):
        locals_.update(block.attrs)
    scope = Scope({}, locals_)
    return {name: scope.local(name) for name in locals_}


def _bounded(fn):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = fn()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, time.perf_counter() - start, peak


def test_doubling_chain_is_unknown_fast_and_small() -> None:
    values, seconds, peak = _bounded(lambda: _evaluate_locals(_chains(22)))
    assert seconds < 5.0 and peak < 64 * 2**20, (seconds, peak)
    assert isinstance(values["s0_22"], Unknown) and isinstance(values["l0_22"], Unknown)
    assert values["s0_3"] == "abcdefgh" * 8 and values["l0_3"] == ["x", "y"] * 8


def test_huge_string_repetition_is_unknown_fast_and_small() -> None:
    text = 'locals {\n  big = "abcdefgh" * 200000000\n  n = 6 * 7\n  huge = 99999999999999999999 * 99999999999999999999\n}\n'
    values, seconds, peak = _bounded(lambda: _evaluate_locals(text))
    assert seconds < 5.0 and peak < 64 * 2**20, (seconds, peak)
    assert isinstance(values["big"], Unknown)
    assert values["n"] == 42


def test_huge_values_in_a_connection_are_unknown_not_a_crash() -> None:
    text = _chains(22) + '''resource "aws_vpn_connection" "c" {
  customer_gateway_id = "cgw-1"
  vpn_gateway_id = "vgw-1"
  type = "ipsec.1"
  tunnel1_preshared_key = "${local.s0_22}x"
  tunnel2_preshared_key = local.s0_22
  tunnel1_ike_versions = local.l0_22
}
'''
    devices, seconds, peak = _bounded(lambda: terraform.parse([SourceFile("main.tf", text)]))
    assert seconds < 5.0 and peak < 64 * 2**20, (seconds, peak)
    (device,) = devices
    assert "psk" in device.tunnels[0].unknown and "psk" in device.tunnels[1].unknown
    assert "ike_versions" in device.tunnels[0].unknown


def test_doubling_a_chain_of_locals_at_most_roughly_doubles_evaluation_time() -> None:
    ratio = _ratio(lambda n: _chains(n, chains=20), _evaluate_locals, 8)
    assert ratio < 3.0, f"doubling the chains took {ratio:.1f}x the time"


# The two tests below check what a big list variable / parameter reads as (the list, or unknown
# past 1,024 items) and that doubling stays roughly linear. At sizes this suite can afford they do
# not catch the old per-reference re-expansion (CloudFormation: 3.2x only at n=100, 5 s a run);
# the before / after of that fix is in bench/RESULTS.md (round 12).
def _tf_variable_list(n: int) -> str:
    """A variable with a default list of 10n items, n connections referencing it twice."""
    out = ['variable "algs" {\n  default = [' + ", ".join(['"AES256"'] * (10 * n)) + "]\n}"]
    for i in range(n):
        out.append(f'resource "aws_vpn_connection" "c{i}" {{\n  customer_gateway_id = "cgw-1"\n'
                   '  vpn_gateway_id = "vgw-1"\n  type = "ipsec.1"\n'
                   "  tunnel1_phase1_encryption_algorithms = var.algs\n"
                   "  tunnel2_phase1_encryption_algorithms = var.algs\n}")
    return "\n".join(out) + "\n"


def test_doubling_references_to_a_list_variable_at_most_roughly_doubles_time() -> None:
    def run(text: str) -> object:
        devices = terraform.parse([SourceFile("main.tf", text)])
        tunnel = devices[0].tunnels[0]  # over 1,024 items the list is unknown, never a crash
        assert tunnel.ike.proposals[0].encryption == ("AES256",) or "phase1_encryption" in tunnel.unknown
        return devices

    ratio = _ratio(_tf_variable_list, run, 50)
    assert ratio < 3.0, f"doubling connections and list took {ratio:.1f}x the time"


def _cfn_parameter_list(n: int) -> str:
    """A CommaDelimitedList parameter default of 20n items, n connections referencing it twice."""
    resources = {}
    for i in range(n):
        resources[f"C{i}"] = {"Type": "AWS::EC2::VPNConnection", "Properties": {
            "Type": "ipsec.1", "CustomerGatewayId": "cgw-1", "VpnGatewayId": "vgw-1",
            "VpnTunnelOptionsSpecifications": [{"Phase1EncryptionAlgorithms": {"Ref": "Algs"}},
                                               {"Phase2EncryptionAlgorithms": {"Ref": "Algs"}}]}}
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources, "Parameters": {
        "Algs": {"Type": "CommaDelimitedList", "Default": ",".join(["AES256"] * (20 * n))}}})


def test_doubling_refs_to_a_list_parameter_at_most_roughly_doubles_time() -> None:
    def run(text: str) -> object:
        devices = cloudformation.parse([SourceFile("t.template.json", text)])
        assert devices[0].tunnels[0].ike.proposals[0].encryption == ("AES256",)
        return devices

    ratio = _ratio(_cfn_parameter_list, run, 50)
    assert ratio < 3.0, f"doubling connections and list took {ratio:.1f}x the time"
