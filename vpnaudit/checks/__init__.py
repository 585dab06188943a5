"""The explicit rule registry. One module per rule; each module defines ``RULE`` (a
``findings.Rule``), a docstring that is the rule's documentation (why it matters, the source, how
to fix it on each vendor) and ``check(device, policy)`` -> Iterator[Violation] (device rules) or
``check(pair, policy)`` (pair rules, scope "pair").

A meta-test asserts that every rule ID of ../shared/spec/rules.md is listed here exactly once.
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
)


@cache
def rule_modules() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in RULE_MODULES)


@cache
def rules_by_id() -> dict[str, ModuleType]:
    return {m.RULE.id: m for m in rule_modules()}
