"""``--jobs``: parsing and the per-device rules in a process pool; the pair rules after the join.

The output is byte-identical to one process: whatever order the work units are parsed in, their
results are merged in the order one process handles them, and the findings are tagged with the
position of their rule and device (``engine.Tagged``), so ``engine.run`` merges them exactly as one
process would have produced them (even the choice among duplicates). Devices, problems and findings
come back pickled. With the ``fork`` start method (Linux) the workers inherit the units (a batch is
a list of positions; 12.7 MB of text were pickled, piped and unpickled before) and every module
the parent has imported; elsewhere the texts go out with the units.

Scheduling: the units go out costliest first, in batches that shrink as the work left shrinks
(guided self-scheduling), so the last batches to finish are short and the workers finish together;
each worker reads the policy and selects the rules once, not per batch. The cost of a unit is
estimated from the size of its text at its vendor's parse rate (``_RATES``, measured): a PAN-OS byte
costs a fifth of a Terraform byte, and batches cut by bytes alone, in unit order, left one worker
idle for the last 0.05 s while the other parsed the two costliest batches.

A run with little to do never starts a pool: a pre-commit hook over a few files must not be slower
than ``--jobs 1``. Below ``MIN_UNITS`` work units or ``MIN_BYTES`` of text, everything runs here.
Where there is no ``fork`` (Windows) a worker starts a new interpreter and imports vpnaudit (0.15 s
before its first unit, against 0.02 s): a pool then needs ``MIN_BYTES_SPAWN``. Measured on two
cores: with ``spawn`` the 1.4 MB corpus took 0.38-0.39 s against 0.26 s in one process, 4.7 MB
broke even (0.63-0.64 s against 0.61-0.65 s); with ``fork`` both were faster (0.23 and 0.45-0.49 s).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

MIN_UNITS = 16
MIN_BYTES = 512 * 1024
MIN_BYTES_SPAWN = 8 * 1024 * 1024
_FORK = hasattr(os, "fork")  # every POSIX system (macOS too, though spawn is its default); not Windows
BATCHES_PER_JOB = 64  # the smallest batch: this fraction of a worker's share (each costs a round trip)

# Parse rate (MB/s, parsing, masking and per-device rules, one process) by vendor, from the 1,000-file
# bench set (bench/RESULTS.md, round 6). Only the ratios matter; a vendor not listed gets ``_RATE``.
_RATES = {"panos": 19.0, "checkpoint": 40.0, "cisco-asa": 8.0, "cisco-ios": 6.0, "junos": 5.0, "fortios": 4.5,
          "strongswan": 2.0}
_RATE = 3.5
_UNIT_COST = 2_000  # a unit's fixed cost (a device to build and check), in bytes at ``_RATE``


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


def _cost(unit) -> float:
    """The estimated cost of parsing and checking ``unit`` (see ``_RATES``)."""
    return _UNIT_COST + _size(unit) * _RATE / _RATES.get(unit[0], _RATE)


def worth_a_pool(units: Sequence, requested: int | None) -> bool:
    if jobs_for(requested) <= 1 or len(units) < MIN_UNITS:
        return False
    size = sum(map(_size, units))
    return size >= (MIN_BYTES if _FORK else MIN_BYTES_SPAWN)


def _batches(units: Sequence, jobs: int) -> list[list[int]]:
    """Unit positions in batches, the costliest units first (each batch in ascending position).

    Guided sizes: each batch takes about ``1 / (2 * jobs)`` of the estimated cost still left, down to
    ``1 / (jobs * BATCHES_PER_JOB)`` of the whole. The first batches are large (few round trips),
    the last ones small, so the workers run out of work at about the same time."""
    costs = [_cost(unit) for unit in units]
    left = sum(costs)
    smallest = left / (max(jobs, 1) * BATCHES_PER_JOB)
    batches: list[list[int]] = []
    share = filled = 0.0
    for index in sorted(range(len(units)), key=lambda i: (-costs[i], i)):
        if not batches or batches[-1] and filled + costs[index] / 2 > share:
            batches.append([])
            share, filled = max(left / (2 * max(jobs, 1)), smallest), 0.0
        batches[-1].append(index)
        filled += costs[index]
        left -= costs[index]
    return [sorted(batch) for batch in batches]


_prepared: dict[tuple, tuple] = {}  # per worker and run: the policy and rules of a selection, read once


def _work(batch: list, device: str | None, selection: tuple) -> list[tuple[list, list, list]]:
    """In a worker: parse each unit and run the per-device rules on its devices."""
    from . import engine
    from .api import parse_unit

    profile, policy_name, select, ignore, severity, vendor, libreswan_version = selection
    if libreswan_version is not None:  # the worker's own context (a fork copies it, spawn would not)
        from .parsers.strongswan import libreswan

        libreswan.VERSION.set(libreswan_version)
    key = (profile, policy_name, select, ignore, tuple(sorted(severity.items())))
    if key not in _prepared:
        from .policy import load_policy

        _prepared[key] = (load_policy(policy_name or profile), engine.select_rules(profile, select, ignore, severity))
    policy, modules = _prepared[key]
    results = []
    for unit in batch:
        problems: list = []
        devices = parse_unit(unit, problems, device, vendor)
        results.append((devices, problems, engine.device_findings(devices, policy, modules, severity)))
    return results


def _context():
    """``fork`` where the platform has it (the workers inherit the units and the imported modules),
    else the platform's default start method (the units are sent)."""
    import multiprocessing  # here: a run without a pool (a pre-commit hook) does not pay for it

    return multiprocessing.get_context("fork" if _FORK else None)


# How often a worker checks that the process that started it is still there (``_watch_parent``).
PARENT_CHECK_SECONDS = 0.2


def _worker_start(parent: int, adopt=None, args: tuple = ()) -> None:
    """A worker's first step: watch its parent (``_watch_parent``), then ``adopt(*args)`` (the run's
    key, for a worker that was not forked: ``secrets.run_key_initializer``)."""
    _watch_parent(parent)
    if adopt is not None:
        adopt(*args)


def _watch_parent(parent: int) -> None:
    """End this worker as soon as ``parent`` (the vpnaudit process that started the pool) is gone.

    A run killed with SIGTERM or SIGKILL (a CI step's timeout, ``timeout 60 vpnaudit lint ...``, the
    out-of-memory killer) does not shut its pool down. A forked worker holds both ends of the pool's
    queues, so it waited for its next batch forever, and it held the run's stdout and stderr open:
    whoever read them (a CI runner, pre-commit) waited as well. A thread of the worker looks at its
    parent's process id every ``PARENT_CHECK_SECONDS``; once the worker has another parent (init or
    a subreaper adopted it), it ends at once. Portable (Linux and macOS alike), unlike Linux's
    ``PR_SET_PDEATHSIG``; the cost is one wake-up of a sleeping thread five times a second."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="vpnaudit-watch-parent", daemon=True).start()


_inherited: Sequence | None = None  # the run's units, in the parent and in the workers it forks


def _work_inherited(positions: list[int], device: str | None, selection: tuple) -> list[tuple[list, list, list]]:
    """``_work`` on the units at ``positions`` of those a forked worker inherited (no texts to send)."""
    if _inherited is None:
        raise RuntimeError("a worker without the units of the run: not forked from the parent")
    return _work([_inherited[i] for i in positions], device, selection)


def parse_and_check(units: Sequence, problems: list, options,
                    notices: list[str] | None = None) -> tuple[list, tuple[int, list]]:
    """(devices in one-process order, (number of devices, their tagged per-device findings)).

    Parse problems are appended to ``problems`` in unit order. A worker that dies (killed, out of
    memory) breaks the pool: the units whose results did not come back are parsed here instead, and
    ``notices`` says so; the report is the one ``--jobs 1`` writes."""
    from concurrent.futures import ProcessPoolExecutor  # here: a run without a pool does not pay for it
    from concurrent.futures.process import BrokenProcessPool

    jobs = jobs_for(options.jobs)
    batches = _batches(units, jobs)
    selection = (options.profile, options.policy, tuple(options.select), tuple(options.ignore), dict(options.severity),
                 options.vendor, options.libreswan_version)
    context = _context()
    fork = context.get_start_method() == "fork"
    results: list = [None] * len(units)
    _prepared.clear()  # per run: a policy file may change between two runs of one process (library use)
    global _inherited
    _inherited = units if fork else None  # the workers are forked at the first submit: they have the units
    try:
        from .secrets import run_key_initializer

        adopt, key = (None, ()) if fork else run_key_initializer()  # a fork inherits the key
        workers = min(jobs, len(batches), 61 if sys.platform == "win32" else jobs)  # Windows: at most 61
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=_worker_start, initargs=(os.getpid(), adopt, key)) as pool:
            futures = [(batch, pool.submit(_work_inherited, batch, options.device, selection) if fork
                        else pool.submit(_work, [units[i] for i in batch], options.device, selection))
                       for batch in batches]
            for batch, future in futures:
                try:
                    done = future.result()
                except BrokenProcessPool:
                    continue
                for index, result in zip(batch, done):
                    results[index] = result
    finally:
        _inherited = None
    missing = [index for index, result in enumerate(results) if result is None]
    if missing:
        if notices is not None:
            notices.append(f"a --jobs worker process stopped abruptly (killed, or out of memory?): "
                           f"{len(missing)} of {len(units)} work units were parsed in the main process instead")
        for index, result in zip(missing, _work([units[i] for i in missing], options.device, selection)):
            results[index] = result
    devices: list = []
    tagged: list = []
    for unit_devices, unit_problems, unit_findings in results:  # the order one process would have used
        start = len(devices)
        devices.extend(unit_devices)
        problems.extend(unit_problems)
        tagged.extend((rule, start + position, finding) for rule, position, finding in unit_findings)
    return devices, (len(devices), tagged)
