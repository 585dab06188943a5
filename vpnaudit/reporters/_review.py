"""What the HTML and Markdown reports add for sign-off: the run header, and which examples apply.

The header says when (UTC), with which vpnaudit, profile and policy pack (name, files and a
digest of its effective values), which config file, which inputs (path and size: never a content
hash, which could be brute-forced for a file holding a key) and which git commit the audit saw.

AWS CLI examples in a rule's "How to fix" text carry made-up IDs; they are shown only under a
device that this run paired with a real AWS connection (the remediation plan then has the exact
commands), never under an unpaired device, where they would read as real.
"""

from __future__ import annotations

import os
import re
from .._struct import dataclass

from ..discover import config_label, plural
from ..findings import Report
from ..limits import printable
from . import _summary as S

MAX_INPUTS_LISTED = 100


@dataclass(frozen=True, slots=True)
class Header:
    rows: tuple[tuple[str, str], ...]  # (label, value) in reading order
    inputs: tuple[tuple[str, int], ...]  # (path, bytes), at most MAX_INPUTS_LISTED
    more_inputs: int  # inputs not listed


def _policy(run) -> str:
    sources = [s.removeprefix("builtin:") + " (built-in)" if s.startswith("builtin:") else config_label(s)
               for s in run.policy_sources]
    where = f" from {' + '.join(sources)}" if sources else ""
    digest = f", sha256:{run.policy_digest}" if run.policy_digest else ""
    return f"{run.policy}{where}{digest}"


def _size(size: int) -> str:
    return f"{size:,} bytes" if size < 10_000 else f"{size / 1024:,.1f} KiB"


def header(report: Report, max_inputs: int = MAX_INPUTS_LISTED) -> Header:
    from .. import __version__

    run = report.run
    if run is None:  # a Report built without api.audit (library use, tests)
        rows = [("vpnaudit", __version__), ("Profile", report.profile),
                ("Config file", config_label(report.config_file))]
        inputs = tuple(report.inputs)
    else:
        moment = run.finished or run.started
        rows = [
            ("Date (UTC)", moment.strftime("%Y-%m-%d %H:%M:%S UTC")),
            ("vpnaudit", run.version),
            ("Profile", run.profile),
            ("Policy pack", _policy(run)),
            ("Config file", config_label(run.config_file)),
        ]
        if run.git is not None and run.git.commit:
            where = [f"branch {run.git.branch}"] if run.git.branch else []
            if run.git.remote:
                where.append(run.git.remote)
            rows.append(("Git commit", run.git.commit + (f" ({', '.join(where)})" if where else "")))
        inputs = tuple(run.inputs)
    total = sum(size for _, size in inputs)
    rows.append(("Inputs", f"{plural(len(inputs), 'file')}, {_size(total)}"))
    shown = tuple((_display(p), size) for p, size in inputs[:max_inputs])
    # File names and the config path come from outside: escaped like every name (no raw control
    # characters or terminal escape sequences in a report).
    rows = [(label, printable(str(value))) for label, value in rows]
    return Header(tuple(rows), shown, max(0, len(inputs) - max_inputs))


def _display(path: str) -> str:
    rel = os.path.relpath(path) if os.path.isabs(path) else path
    return printable(path if rel.startswith("..") else rel)


def size_text(size: int) -> str:
    return _size(size)


def paired_devices(report: Report) -> set[str]:
    """Labels (engine.device_label) of the devices paired with an AWS connection in this run."""
    from ..engine import device_label

    labels = set()
    for pair in report.pairs:
        device = getattr(pair, "device", None)
        if device is not None:
            labels.add(device_label(device))
    return labels


_AWS_EXAMPLE = re.compile(r"\baws[ \t]+ec2[ \t]+[a-z-]+")


def examples_apply(finding, paired: set[str]) -> bool:
    """AWS CLI examples belong under AWS findings and devices paired with a real connection."""
    return finding.device in paired or finding.device.startswith("vpn-") or "://" in finding.device


def without_aws_examples(blocks: tuple[S.Block, ...]) -> tuple[S.Block, ...]:
    """The blocks minus paragraphs and bullets that hold an ``aws ec2 ...`` example command."""
    out = []
    for block in blocks:
        if block.items:
            items = tuple(i for i in block.items if not _AWS_EXAMPLE.search(i.text + "\n" + (i.code or "")))
            if items:
                out.append(S.Block(items=items))
        elif not _AWS_EXAMPLE.search(block.text + "\n" + (block.code or "")):
            out.append(block)
    return tuple(out)


def doc_blocks(text: str, aws_examples: bool = True) -> tuple[S.Block, ...]:
    """A rule's documentation blocks; without ``aws_examples``, the AWS CLI examples replaced by a note."""
    blocks = S.blocks(text)
    if aws_examples:
        return blocks
    kept = without_aws_examples(blocks)
    return blocks if kept == blocks else (*kept, S.Block(text=UNPAIRED_NOTE))


UNPAIRED_NOTE = ("AWS CLI examples are left out: this device is not paired with an AWS connection in this run "
                 "(give its dump with --aws-json, or use `vpnaudit check`, for the exact commands).")
