"""What a report says about its own run, for sign-off: when, which tool, which policy, which inputs.

Read without running ``git``: the repository root is the nearest folder holding ``.git`` (a
folder, or a file pointing at one in a worktree); commit and branch come from ``HEAD`` and the
refs, the remote URL from the repository's ``config`` with any user name or token removed.
Inputs are listed by path and size only: a content hash of a file holding a key can be brute-forced
when the rest of the file is known, so none is ever computed.
"""

from __future__ import annotations

import hashlib
import os
import re
from ._struct import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import __version__

_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?\Z")


@dataclass(frozen=True)
class GitInfo:
    root: str
    commit: str | None = None
    branch: str | None = None
    remote: str | None = None  # the origin (else first) remote URL, credentials removed


@dataclass
class RunInfo:
    started: datetime
    finished: datetime | None = None
    version: str = __version__
    profile: str = "recommended"
    policy: str = "recommended"  # the pack's name
    policy_sources: tuple[str, ...] = ()
    policy_digest: str = ""  # sha256 of the effective pack values (not of any input)
    config_file: str | None = None
    root: str = "."  # what SARIF URIs are relative to: repository root, else config folder, else cwd
    git: GitInfo | None = None
    exit_code: int | None = None
    inputs: list[tuple[str, int]] = field(default_factory=list)

    def display_path(self, path: str) -> str:
        """``path`` relative to the root ("/"-separated) when it lies inside, else as given."""
        if "://" in path:
            return path
        full = os.path.abspath(path)
        rel = os.path.relpath(full, self.root)
        if rel == ".." or rel.startswith(".." + os.sep):
            real = os.path.relpath(os.path.realpath(full), os.path.realpath(self.root))
            if real == ".." or real.startswith(".." + os.sep):
                return full.replace(os.sep, "/")
            rel = real
        return rel.replace(os.sep, "/")


def now() -> datetime:
    """UTC, whole seconds; ``SOURCE_DATE_EPOCH`` (reproducible-builds.org) pins it for byte-identical reports."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if pinned.isdigit():
        return datetime.fromtimestamp(int(pinned), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def find_git_root(start: str | os.PathLike[str]) -> Path | None:
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _git_dirs(root: Path) -> tuple[Path, Path] | None:
    """(git dir, common dir): they differ in a linked worktree."""
    dot = root / ".git"
    if dot.is_dir():
        return dot, dot
    try:
        line = dot.read_text("utf-8", errors="replace").strip()
    except OSError:
        return None
    if not line.startswith("gitdir:"):
        return None
    gitdir = Path(line[len("gitdir:"):].strip())
    gitdir = gitdir if gitdir.is_absolute() else (root / gitdir).resolve()
    common = gitdir
    try:
        common_ref = (gitdir / "commondir").read_text("utf-8").strip()
        common = Path(common_ref) if Path(common_ref).is_absolute() else (gitdir / common_ref).resolve()
    except OSError:
        pass
    return gitdir, common


def _ref(gitdir: Path, common: Path, ref: str) -> str | None:
    for base in (gitdir, common):
        try:
            value = (base / ref).read_text("utf-8").strip()
        except OSError:
            continue
        if _SHA.match(value):
            return value
    try:
        packed = (common / "packed-refs").read_text("utf-8")
    except OSError:
        return None
    for line in packed.splitlines():
        parts = line.split(" ", 1)
        if len(parts) == 2 and parts[1] == ref and _SHA.match(parts[0]):
            return parts[0]
    return None


def _remote(common: Path) -> str | None:
    try:
        text = (common / "config").read_text("utf-8", errors="replace")
    except OSError:
        return None
    remotes: dict[str, str] = {}
    section = None
    for line in text.splitlines():
        stripped = line.strip()
        header = re.match(r'\[remote "([^"]*)"\]\Z', stripped)
        if header:
            section = header.group(1)
        elif stripped.startswith("["):
            section = None
        elif section is not None and re.match(r"url[ \t]*=", stripped):
            remotes.setdefault(section, stripped.split("=", 1)[1].strip())
    url = remotes.get("origin") or next(iter(remotes.values()), None)
    if not url:
        return None
    return re.sub(r"^([a-z][a-z0-9+.-]*://)[^/@]*@", r"\1", url, flags=re.I)  # drop user:token@


def git_info(root: Path) -> GitInfo:
    info = GitInfo(root=str(root))
    dirs = _git_dirs(root)
    if dirs is None:
        return info
    gitdir, common = dirs
    try:
        head = (gitdir / "HEAD").read_text("utf-8").strip()
    except OSError:
        return info
    branch = None
    if head.startswith("ref:"):
        ref = head[4:].strip()
        branch = ref.removeprefix("refs/heads/")
        commit = _ref(gitdir, common, ref)
    else:
        commit = head if _SHA.match(head) else None
    return GitInfo(root=str(root), commit=commit, branch=branch, remote=_remote(common))


def policy_digest(policy) -> str:
    """sha256 over the effective pack values (sorted JSON), so two runs can show they used the same."""
    data = policy.model_dump_json(exclude={"sources"})
    return hashlib.sha256(data.encode()).hexdigest()


def collect(started: datetime, options, inputs: list[tuple[str, int]], first_input: str | None = None) -> RunInfo:
    """The run's metadata; ``options`` is the api.AuditOptions used."""
    from .policy import PolicyError, load_policy

    try:
        policy = load_policy(options.policy or options.profile)
        name, sources, digest = policy.name, policy.sources, policy_digest(policy)
    except PolicyError:
        name, sources, digest = options.policy or options.profile, (), ""
    root = find_git_root(Path.cwd())
    if root is None and first_input and "://" not in first_input:
        root = find_git_root(os.path.abspath(first_input))
    git = git_info(root) if root is not None else None
    if root is None and options.config_file:
        root = Path(options.config_file).resolve().parent
    return RunInfo(
        started=started,
        profile=options.profile,
        policy=name,
        policy_sources=tuple(sources),
        policy_digest=digest,
        config_file=options.config_file,
        root=str(root or Path.cwd().resolve()),
        git=git,
        inputs=list(inputs),
    )
