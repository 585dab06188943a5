"""VPN000 parse-error: a file could not be read or parsed, or its vendor could not be detected.

Why it matters
--------------
A linter that skips what it cannot read reports "clean" for exactly the configs it understood
least. vpnaudit turns every such case into a finding, so CI fails closed: an unreadable file, a
binary or empty file, text that is not UTF-8, a config whose vendor nobody recognises, or a part of
a config the parser could not read (an unbalanced brace, a truncated stanza).

How to fix
----------
- Check the file is a configuration export (``show running-config``, ``show configuration``,
  ``show configuration | display set``, ``ipsec.conf`` / ``swanctl.conf``, a Check Point clish or
  management API export, or ``aws ec2 describe-vpn-connections`` JSON).
- If vpnaudit guessed the vendor wrongly, or could not guess it, pass ``--vendor``.
- If the file is not a VPN config at all, exclude it from the pre-commit hook's ``files:`` pattern.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy

RULE = Rule(
    id="VPN000",
    name="parse-error",
    severity=Severity.HIGH,
    profile="aws",
    summary="A file could not be read or parsed, or its vendor could not be detected",
    references=("https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html",),
    tags=("analysis",),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for problem in device.problems:
        yield Violation(
            message=problem.message,
            line=problem.line,
            file=problem.file,
            target=f"problem:{problem.message}",
        )
