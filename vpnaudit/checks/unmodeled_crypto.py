"""VPN001 unmodeled-crypto: a crypto / VPN line is present that the parser did not model.

Why it matters
--------------
Every other rule judges the model the parser built. A crypto line vpnaudit does not understand
(a new IOS-XE keyword, a vendor extension, a typo) could change what the device negotiates, so the
verdict on that device is incomplete. Reporting the line keeps the gap visible instead of silent.

How to fix
----------
- If the line is a typo, correct it: the device would reject it too.
- If it is valid syntax vpnaudit does not know yet, suppress the finding in place with the reason
  (``! vpnaudit: disable=VPN001 -- IOS-XE 17.9 keyword, reviewed``) and open an issue with the line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Rule, Severity, Violation
from ..model import Device
from ..policy import Policy

RULE = Rule(
    id="VPN001",
    name="unmodeled-crypto",
    severity=Severity.MEDIUM,
    profile="aws",
    summary="A crypto or VPN line is present that vpnaudit did not model",
    tags=("analysis",),
)


def check(device: Device, policy: Policy) -> Iterator[Violation]:
    for item in device.unmodeled:
        words = item.text.split()  # masked by the model (``Unmodeled.text`` is ``Masked``)
        # At most five words: a short message, and less config text in shared reports.
        shown = " ".join(words[:5]) + (" ..." if len(words) > 5 else "")
        yield Violation(
            message=f"line not modelled by vpnaudit: '{shown}'; its effect on the tunnel is not checked",
            line=item.line,
            file=item.file,
            target=f"unmodeled:{item.file or ''}:{' '.join(words[:4])}",
        )
