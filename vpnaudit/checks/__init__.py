"""The explicit rule registry. One module per rule; each module defines ``RULE`` (a
``findings.Rule``), a docstring that is the rule's documentation (why it matters, the source, how
to fix it on each vendor) and ``check(device, policy)`` -> Iterator[Violation] (device rules) or
``check(pair, policy)`` (pair rules, scope "pair").

A meta-test asserts that every rule ID of the public catalogue (docs/rules/README.md) is listed here exactly once.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

# Literal registry: adding a rule means adding its module name here.
RULE_MODULES: tuple[str, ...] = (
    "parse_error",  # VPN000
    "unmodeled_crypto",  # VPN001
    "dangling_reference",  # VPN002
    "ike_aggressive_mode",  # VPN101
    "ike_encryption_unsupported",  # VPN102
    "ike_integrity_unsupported",  # VPN103
    "ike_dh_group_unsupported",  # VPN104
    "ike_lifetime_out_of_range",  # VPN105
    "ike_auth_unsupported",  # VPN106
    "ike_weak_encryption",  # VPN110
    "ike_weak_integrity",  # VPN111
    "ike_weak_dh_group",  # VPN112
    "ikev1_in_use",  # VPN113
    "ike_not_cnsa",  # VPN114
    "ipsec_ah",  # VPN201
    "ipsec_transport_mode",  # VPN202
    "ipsec_encryption_unsupported",  # VPN203
    "ipsec_integrity_unsupported",  # VPN204
    "pfs_disabled",  # VPN205
    "pfs_group_unsupported",  # VPN206
    "ipsec_lifetime_out_of_range",  # VPN207
    "policy_based_multiple_sas",  # VPN208
    "ipsec_weak_encryption",  # VPN210
    "ipsec_weak_integrity",  # VPN211
    "pfs_weak_group",  # VPN212
    "replay_protection_disabled",  # VPN213
    "ipsec_not_cnsa",  # VPN214
    "psk_plaintext",  # VPN301
    "psk_invalid_for_aws",  # VPN302
    "psk_weak",  # VPN303
    "psk_wildcard_peer",  # VPN304
    "psk_reused",  # VPN305
    "psk_in_code",  # VPN306
    "dpd_disabled",  # VPN401
    "dpd_slow",  # VPN402
    "df_bit_not_cleared",  # VPN403
    "no_fragmentation_before_encryption",  # VPN404
    "tcp_mss_not_clamped",  # VPN405
    "tunnel_mtu_too_high",  # VPN406
    "bgp_not_route_based",  # VPN407
    "bgp_neighbor_outside_tunnel",  # VPN408
    "inside_cidr_invalid",  # VPN409
    "bgp_timers",  # VPN410
    "single_tunnel",  # VPN411
    "bgp_asymmetric_preference",  # VPN412
    "bgp_too_many_prefixes",  # VPN413
    "extra_encapsulation",  # VPN414
    "aws_tunnel_down",  # VPN501
    "aws_ikev1_allowed",  # VPN502
    "aws_logging_disabled",  # VPN503
    "aws_weak_algorithms_allowed",  # VPN504
    "aws_psk_not_in_secrets_manager",  # VPN505
    "aws_idle_tunnel_may_drop",  # VPN506
    "aws_negotiated_weak",  # VPN507
    "aws_bgp_down",  # VPN508
    "aws_lifecycle_control_off",  # VPN509
    "aws_pending_maintenance",  # VPN510
    "aws_tunnel_not_on_device",  # VPN601
    "device_peer_not_aws",  # VPN602
    "ike_version_mismatch",  # VPN603
    "ike_proposal_mismatch",  # VPN604
    "ipsec_proposal_mismatch",  # VPN605
    "psk_mismatch",  # VPN606
    "inside_address_mismatch",  # VPN607
    "bgp_asn_mismatch",  # VPN608
    "lifetime_mismatch",  # VPN609
    "negotiated_not_in_device_config",  # VPN610
    "weak_common_proposal",  # VPN611
)


@cache
def rule_modules() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in RULE_MODULES)


@cache
def rules_by_id() -> dict[str, ModuleType]:
    return {m.RULE.id: m for m in rule_modules()}
