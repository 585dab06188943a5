"""``--jobs``: the same bytes as one process, in every format; no pool for a few files."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vpnaudit import parallel, runinfo
from vpnaudit.api import AuditOptions, audit, load_devices
from vpnaudit.cli import app
from vpnaudit.parsers._base import SourceFile

from .conftest import CORPUS


@pytest.fixture(scope="module")
def twice_the_corpus(tmp_path_factory) -> Path:
    """The corpus twice, so the same device / AWS pairs appear in two folders (more work units than
    the pool threshold, devices paired across folders)."""
    root = tmp_path_factory.mktemp("jobs")
    for copy in ("a", "b"):
        shutil.copytree(CORPUS, root / copy)
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "html", "markdown"])
def test_jobs_output_is_byte_identical(fmt, twice_the_corpus, monkeypatch):
    monkeypatch.setattr(runinfo, "now", lambda: datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    monkeypatch.setattr(parallel, "MIN_UNITS", 2)  # a pool even if the corpus shrinks
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    monkeypatch.chdir(twice_the_corpus)
    runs = {}
    for jobs in ("1", "2"):
        result = CliRunner().invoke(app, ["lint", "a", "b", "--format", fmt, "--jobs", jobs, "--no-color"])
        assert result.exit_code == 1, result.output
        runs[jobs] = result.stdout_bytes
    assert runs["1"] == runs["2"]
    assert b"VPN" in runs["1"]


def test_the_pool_really_runs(twice_the_corpus, monkeypatch):
    used = []
    original = parallel.parse_and_check
    monkeypatch.setattr(parallel, "parse_and_check", lambda *a: used.append(1) or original(*a))
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    report = audit([str(twice_the_corpus)], AuditOptions(jobs=2))
    assert used and report.pairs and report.findings


def test_no_pool_for_a_few_files(monkeypatch):
    units, *_ = load_devices([str(CORPUS / "cisco-ios")], parse=False)
    assert not parallel.worth_a_pool(units, 8)  # a pre-commit run: never slower than --jobs 1
    assert not parallel.worth_a_pool(units * 100, 1)


def test_without_fork_a_pool_needs_more_work(monkeypatch):
    """A spawned worker starts a new interpreter: below ``MIN_BYTES_SPAWN`` one process is faster."""
    units, *_ = load_devices([str(CORPUS)], parse=False)
    assert parallel.worth_a_pool(units, 2)
    monkeypatch.setattr(parallel, "_FORK", False)
    assert not parallel.worth_a_pool(units, 2)
    many = units * (parallel.MIN_BYTES_SPAWN // sum(map(parallel._size, units)) + 1)
    assert parallel.worth_a_pool(many, 2)


def test_batches_cover_every_unit_once_costliest_first():
    units, *_ = load_devices([str(CORPUS)], parse=False)
    batches = parallel._batches(units, 2)
    assert sorted(i for batch in batches for i in batch) == list(range(len(units)))
    assert all(batch == sorted(batch) for batch in batches)  # a batch is parsed in one-process order
    costs = [sum(parallel._cost(units[i]) for i in batch) for batch in batches]
    assert 2 < len(batches) <= 2 * parallel.BATCHES_PER_JOB + 1
    assert costs[0] == max(costs) and costs[-1] < costs[0] / 4  # guided: the last batches are short
    assert max(map(parallel._cost, units)) <= costs[0]


def test_cost_weighs_bytes_by_vendor():
    text = "x" * 100_000
    panos = ("panos", [SourceFile(path="a.xml", text=text)], None)
    terraform = ("terraform", [SourceFile(path="a.tf", text=text)], None)
    assert parallel._cost(panos) < parallel._cost(terraform) / 3  # an XML byte costs far less to parse


def test_default_jobs_is_the_usable_cpus():
    assert parallel.jobs_for(None) == parallel.usable_cpus() >= 1
    assert parallel.jobs_for(3) == 3


def test_a_worker_reads_the_policy_once(monkeypatch):
    from vpnaudit import policy

    units, *_ = load_devices([str(CORPUS / "cisco-ios")], parse=False)
    reads = []
    original = policy.load_policy
    monkeypatch.setattr(policy, "load_policy", lambda ref: reads.append(ref) or original(ref))
    monkeypatch.setattr(parallel, "_prepared", {})
    selection = ("recommended", None, (), (), {}, None, None)
    first = parallel._work(units[:1], None, selection)
    second = parallel._work(units[:1], None, selection)
    assert reads == ["recommended"] and first == second and first[0][2]


def test_a_worker_that_was_not_forked_says_so():
    with pytest.raises(RuntimeError, match="not forked"):
        parallel._work_inherited([0], None, ("recommended", None, (), (), {}, None, None))


def test_without_fork_the_units_are_sent_and_the_output_is_the_same(twice_the_corpus, monkeypatch):
    """Windows starts workers with ``spawn``: nothing is inherited. The units travel pickled,
    and the workers get the run's key for the PSK digests: with a key of their own, keys parsed in
    different processes never matched and VPN606 called every device / AWS key pair different."""
    import multiprocessing

    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context("spawn"))
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    inherited = []
    original = parallel._work_inherited
    monkeypatch.setattr(parallel, "_work_inherited", lambda *a: inherited.append(1) or original(*a))
    one = audit([str(twice_the_corpus)], AuditOptions(jobs=1))
    two = audit([str(twice_the_corpus)], AuditOptions(jobs=2))
    assert not inherited
    assert [f.model_dump() for f in two.findings] == [f.model_dump() for f in one.findings]
    assert [d.model_dump() for d in two.devices] == [d.model_dump() for d in one.devices]


def test_python_m_vpnaudit_does_not_run_again_in_a_spawned_worker():
    """A ``spawn`` worker of ``python -m vpnaudit`` imports the main module as ``__mp_main__``: it must
    not start the command a second time (multiprocessing would fail while bootstrapping)."""
    import subprocess
    import sys

    code = "import runpy, sys; sys.argv = ['vpnaudit', '--version']; runpy.run_module('vpnaudit', run_name='__mp_main__')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == "", done
    again = subprocess.run([sys.executable, "-m", "vpnaudit", "--version"], capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and again.stdout.strip(), again


_WORK_INHERITED = parallel._work_inherited


def _dies_on_the_second_half(positions, *rest):
    """A worker killed while parsing (module level: the pool pickles the function by name)."""
    import os

    if max(positions) > len(parallel._inherited) // 2:
        os._exit(9)
    return _WORK_INHERITED(positions, *rest)


def test_a_worker_that_dies_leaves_its_units_to_the_main_process(twice_the_corpus, monkeypatch):
    """Killed or out of memory: the report is still complete, and a notice says what happened."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    one = audit([str(twice_the_corpus)], AuditOptions(jobs=1))
    monkeypatch.setattr(parallel, "_work_inherited", _dies_on_the_second_half)
    two = audit([str(twice_the_corpus)], AuditOptions(jobs=2))
    assert [f.model_dump() for f in two.findings] == [f.model_dump() for f in one.findings]
    assert [d.model_dump() for d in two.devices] == [d.model_dump() for d in one.devices]
    assert any("worker process stopped abruptly" in n for n in two.notices)
    assert not any("worker process" in n for n in one.notices)


def test_a_changed_policy_file_is_read_again_by_the_next_run(twice_the_corpus, tmp_path, monkeypatch):
    """Library use: two audits in one process; the second must see the edited policy pack, also in
    the main process's fallback after a worker died."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    monkeypatch.setattr(parallel, "_work_inherited", _dies_on_the_second_half)
    pack = tmp_path / "pack.toml"
    pack.write_text('extends = "recommended"\n')
    first = audit([str(twice_the_corpus)], AuditOptions(jobs=2, policy=str(pack)))
    pack.write_text('extends = "recommended"\n\n[weak]\nintegrity = ["MD5", "NULL"]\n')  # SHA1 no longer weak
    second = audit([str(twice_the_corpus)], AuditOptions(jobs=2, policy=str(pack)))
    assert len(second.findings) != len(first.findings)


_SLOW_RUN = """
import os, sys, time
from vpnaudit import parallel
from vpnaudit.api import AuditOptions, audit

parallel.MIN_BYTES = 1

def busy(positions, *rest):  # a batch that takes two minutes (in a worker)
    os.write(1, b"%d\\n" % os.getpid())  # one write: the two workers' lines never interleave
    time.sleep(120)

parallel._work_inherited = busy
audit([sys.argv[1]], AuditOptions(jobs=2))
"""


def _ended(pid: int) -> bool:
    """The process is gone or a zombie (its new parent may not reap it at once)."""
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False


@pytest.mark.skipif(not parallel._FORK or not Path("/proc/self/stat").exists(), reason="forked workers, /proc")
def test_workers_end_when_the_run_is_killed(twice_the_corpus):
    """A CI step's timeout kills ``vpnaudit`` (SIGTERM, SIGKILL) in the middle of a ``--jobs`` run. Its
    workers must not outlive it: they held the run's stdout and stderr open, so whoever read them
    (the CI runner, pre-commit) waited for workers that waited for their next batch forever."""
    import os
    import select
    import signal
    import subprocess
    import sys
    import time

    run = subprocess.Popen([sys.executable, "-c", _SLOW_RUN, str(twice_the_corpus)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline:  # each worker says its pid at its first batch
            if select.select([run.stdout], [], [], 1)[0]:
                line = run.stdout.readline()
                if not line:
                    break
                workers.add(int(line))
        assert len(workers) == 2, run.stderr.read1().decode(errors="replace")
        run.kill()
        run.communicate(timeout=60)  # the pipes close: no worker holds them any more
        deadline = time.monotonic() + 60
        while not all(map(_ended, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(map(_ended, workers))
    finally:
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, OverflowError):
                pass
        if run.poll() is None:
            run.kill()
