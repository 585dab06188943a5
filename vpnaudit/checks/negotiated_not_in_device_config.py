"""VPN610 negotiated-not-in-device-config: what AWS negotiated is not allowed by the committed device config.

Why it matters
--------------
``GetActiveVpnTunnelStatus`` reports the crypto a tunnel actually runs. If that is something the
config in git does not allow (3DES when git says AES-256 only, IKEv1 when git says IKEv2), the device
runs another config than the one that was reviewed: a drifted or hand-edited device, or a tunnel
terminating on a different box. The reviewed config is not the deployed one.

How to fix
----------
Find out which config the device really runs (``show running-config`` / ``show configuration``),
commit it or push the reviewed one, and re-run the audit. If the tunnel terminates on another
device, fix the device inventory.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..policy import Policy
from ._pair import at_device, label

RULE = Rule(
    id="VPN610",
    name="negotiated-not-in-device-config",
    severity=Severity.HIGH,
    profile="recommended",
    summary="The crypto AWS reports as negotiated is not allowed by the committed device config",
    references=("https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetActiveVpnTunnelStatus.html",),
    tags=("pairing", "drift"),
    scope="pair",
)


def check(pair, policy: Policy) -> Iterator[Violation]:
    for tp in pair.matched():
        active = tp.aws.aws
        if active is None or not (active.active_ike_version or active.active_phase1_encryption):
            continue
        device = tp.device
        ike, ipsec = device.ike, device.ipsec
        p1 = ike.proposals if ike else ()
        p2 = ipsec.proposals if ipsec else ()
        drift = []
        if active.active_ike_version and ike and ike.versions and active.active_ike_version not in ike.versions:
            drift.append(f"IKEv{active.active_ike_version}")
        checks = [
            ("phase-1 encryption", active.active_phase1_encryption, {e for p in p1 for e in p.encryption}),
            ("phase-1 integrity", active.active_phase1_integrity, {m for p in p1 for m in (*p.integrity, *p.prf)}),
            ("phase-1 DH group", active.active_phase1_dh_group, {g for p in p1 for g in p.dh_groups}),
            ("phase-2 encryption", active.active_phase2_encryption, {e for p in p2 for e in p.encryption}),
            ("phase-2 integrity", active.active_phase2_integrity, {m for p in p2 for m in p.integrity}),
            ("PFS group", active.active_phase2_dh_group,
             set(ipsec.pfs_groups if ipsec else ()) | {g for p in p2 for g in p.dh_groups}),
        ]
        for what, value, allowed in checks:
            if value in (None, "", "NONE") or not allowed:
                continue
            if value not in allowed:
                drift.append(f"{what} {value}")
        if drift:
            yield at_device(
                pair, device,
                f"{label(pair, device, tp.aws)}: AWS reports {', '.join(drift)} in use, which this config does not "
                f"allow: the device runs something else than the committed config",
                "negotiated",
            )
