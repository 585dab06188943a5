"""``--jobs``: parsing and the per-device rules in a process pool; the pair rules after the join.

The output is byte-identical to one process: the parser work units go out in batches and come back
in the order one process handles them, and the findings are tagged with the position of their rule
and device (``engine.Tagged``), so ``engine.run`` merges them exactly as one process would have
produced them (even the choice among duplicates). Devices, problems and findings come back pickled;
the texts go out with the units (with the ``fork`` start method the workers also inherit every
module the parent has imported).

A run with little to do never starts a pool: a pre-commit hook over a few files must not be slower
than ``--jobs 1``. Below ``MIN_UNITS`` work units or ``MIN_BYTES`` of text, everything runs here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

MIN_UNITS = 16
MIN_BYTES = 512 * 1024
BATCHES_PER_JOB = 16  # smaller batches even out the load (PAN-OS XML costs far more per byte); each costs a round trip


def usable_cpus() -> int:
    """The CPUs this process may run on (a container or ``taskset`` may allow fewer than exist)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def jobs_for(requested: int | None) -> int:
    return usable_cpus() if requested is None or requested <= 0 else requested


def _size(unit) -> int:
    return sum(len(f.text) for f in unit[1])


def worth_a_pool(units: Sequence, requested: int | None) -> bool:
    return jobs_for(requested) > 1 and len(units) >= MIN_UNITS and sum(map(_size, units)) >= MIN_BYTES


def _batches(units: Sequence, count: int) -> list[list[int]]:
    """Contiguous runs of unit positions of about equal text size (contiguous: order is kept)."""
    total = sum(map(_size, units)) or 1
    batches: list[list[int]] = [[]]
    filled = 0
    for index, unit in enumerate(units):
        if batches[-1] and filled >= total * len(batches) / count:
            batches.append([])
        batches[-1].append(index)
        filled += _size(unit)
    return batches


def _work(batch: list, device: str | None, selection: tuple) -> list[tuple[list, list, list]]:
    """In a worker: parse each unit and run the per-device rules on its devices."""
    from . import engine
    from .api import parse_unit
    from .policy import load_policy

    profile, policy_name, select, ignore, severity, vendor, libreswan_version = selection
    if libreswan_version is not None:  # the worker's own context (a fork copies it, spawn would not)
        from .parsers.strongswan import libreswan

        libreswan.VERSION.set(libreswan_version)
    policy = load_policy(policy_name or profile)
    modules = engine.select_rules(profile, select, ignore, severity)
    results = []
    for unit in batch:
        problems: list = []
        devices = parse_unit(unit, problems, device, vendor)
        results.append((devices, problems, engine.device_findings(devices, policy, modules, severity)))
    return results


def parse_and_check(units: Sequence, problems: list, options) -> tuple[list, tuple[int, list]]:
    """(devices in one-process order, (number of devices, their tagged per-device findings)).

    Parse problems are appended to ``problems`` in unit order."""
    import multiprocessing  # here: a run without a pool (a pre-commit hook) does not pay for them
    from concurrent.futures import ProcessPoolExecutor

    jobs = jobs_for(options.jobs)
    batches = _batches(units, jobs * BATCHES_PER_JOB)
    selection = (options.profile, options.policy, tuple(options.select), tuple(options.ignore), dict(options.severity),
                 options.vendor, options.libreswan_version)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    devices: list = []
    tagged: list = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(batches)), mp_context=context) as pool:
        futures = [pool.submit(_work, [units[i] for i in batch], options.device, selection) for batch in batches]
        for future in futures:  # in submission order: the order one process would have used
            for unit_devices, unit_problems, unit_findings in future.result():
                start = len(devices)
                devices.extend(unit_devices)
                problems.extend(unit_problems)
                tagged.extend((rule, start + position, finding) for rule, position, finding in unit_findings)
    return devices, (len(devices), tagged)
