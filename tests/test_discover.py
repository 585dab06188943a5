"""Which files a run reads (issue 19 obs. 3, issue 13): include / exclude with gitignore semantics
relative to the config file's folder, however the paths are typed; hook mode; config discovery that
stops at the repository root or home; symlinks leaving a scanned directory."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vpnaudit.cli import app
from vpnaudit.config import load_config, search_path
from vpnaudit.discover import Selector

runner = CliRunner()

IOS_WEAK = "hostname edge\ncrypto isakmp policy 10\n encr 3des\n hash md5\n authentication pre-share\n group 2\n"


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """repo/.git, repo/.vpnaudit.toml excluding archive/, configs/{edge,archive/old}.cfg."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".vpnaudit.toml").write_text('exclude = ["archive/", "*.bak"]\n')
    configs = root / "configs"
    (configs / "archive").mkdir(parents=True)
    (configs / "edge.cfg").write_text(IOS_WEAK)
    (configs / "archive" / "old.cfg").write_text(IOS_WEAK)
    (configs / "edge.cfg.bak").write_text(IOS_WEAK)
    monkeypatch.chdir(root)
    return root


def linted(*args: str) -> tuple[set[str], dict, str]:
    result = runner.invoke(app, ["lint", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    return {os.path.normpath(f["path"]) for f in doc["findings"]}, doc, result.stderr


@pytest.mark.parametrize("typed", [".", "configs", "configs/", "./configs", "ABS"])
def test_exclude_is_relative_to_the_config_file_however_paths_are_typed(repo: Path, typed: str) -> None:
    path = str(repo / "configs") if typed == "ABS" else typed
    files, _, _ = linted(path)
    assert {Path(f).name for f in files} == {"edge.cfg"}


def test_exclude_from_a_sub_folder_and_for_named_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "configs")
    files, doc, stderr = linted(".", "archive/old.cfg", str(repo / "configs" / "edge.cfg.bak"))
    assert files == {"edge.cfg"}
    # named explicitly (what pre-commit passes) and excluded: said so, on stderr, not linted
    notice = f"excluded by {repo / '.vpnaudit.toml'}: archive/old.cfg, {repo / 'configs' / 'edge.cfg.bak'}"
    assert notice in doc["notices"] and f"vpnaudit: notice: {notice}" in stderr


def test_hook_invocation_names_each_file(repo: Path) -> None:
    (repo / "configs" / "README.md").write_text("# configs\n")
    files, doc, _ = linted("--hook", "configs/edge.cfg", "configs/archive/old.cfg", "configs/README.md")
    assert files == {"configs/edge.cfg"}
    assert doc["notices"] == [
        "excluded by .vpnaudit.toml: configs/archive/old.cfg",
        "skipped 1 file not recognised as a VPN configuration: configs/README.md",
    ]
    # without --hook a named file that is not a config stays VPN000
    files, _, _ = linted("configs/README.md")
    assert files == {"configs/README.md"}


@pytest.mark.parametrize(
    ("pattern", "excluded", "kept"),
    [
        ("archive/", ["archive/a.cfg", "x/archive/b.cfg"], ["archive.cfg", "x/archives/c.cfg"]),
        ("/archive", ["archive/a.cfg"], ["x/archive/b.cfg"]),
        ("archive/**", ["archive/a.cfg", "archive/d/e.cfg"], ["x/archive/b.cfg"]),
        ("**/archive/**", ["archive/a.cfg", "x/archive/b.cfg"], ["archive.cfg"]),
        ("x/**/old.cfg", ["x/old.cfg", "x/y/z/old.cfg"], ["old.cfg", "y/x/old.cfg"]),
        ("*.bak", ["a.bak", "d/b.bak"], ["a.bak.cfg"]),
        ("d?.cfg", ["d1.cfg", "x/d2.cfg"], ["d10.cfg"]),
        ("[ab].cfg", ["a.cfg"], ["c.cfg"]),
    ],
)
def test_gitignore_semantics(tmp_path: Path, pattern: str, excluded: list[str], kept: list[str]) -> None:
    selector = Selector(str(tmp_path), exclude=[pattern])
    for rel in excluded:
        assert selector.excluded(str(tmp_path / rel)), (pattern, rel)
    for rel in kept:
        assert not selector.excluded(str(tmp_path / rel)), (pattern, rel)
    assert not selector.excluded(str(tmp_path.parent / "archive" / "a.cfg"))  # outside the config folder


def test_negation_and_include(tmp_path: Path) -> None:
    selector = Selector(str(tmp_path), exclude=["*.cfg", "!keep.cfg"], include=["configs/"])
    assert selector.excluded(str(tmp_path / "configs" / "a.cfg"))
    assert not selector.excluded(str(tmp_path / "configs" / "keep.cfg"))
    assert selector.included(str(tmp_path / "configs" / "keep.cfg"))
    assert not selector.included(str(tmp_path / "other" / "keep.cfg"))


def test_config_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".vpnaudit.toml").write_text('profile = "strict"\n')  # planted above the repository
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    sub = repo / "a" / "b"
    sub.mkdir(parents=True)
    assert search_path(sub, home=tmp_path / "elsewhere") == [sub, repo / "a", repo]
    assert load_config(start=sub).source is None
    (repo / ".vpnaudit.toml").write_text('profile = "aws"\n')
    assert load_config(start=sub).source == str(repo / ".vpnaudit.toml")


def test_config_search_never_climbs_out_of_an_unowned_folder(tmp_path: Path) -> None:
    """Outside a repository and home (say /tmp/x), only the folder itself is searched."""
    (tmp_path / ".vpnaudit.toml").write_text('profile = "strict"\n')
    work = tmp_path / "x"
    work.mkdir()
    assert search_path(work, home=tmp_path / "home") == [work]
    assert load_config(start=work).source is None
    home = tmp_path / "home"
    inner = home / "p"
    inner.mkdir(parents=True)
    (home / ".vpnaudit.toml").write_text('profile = "aws"\n')
    assert search_path(inner, home=home) == [inner, home]


def test_reports_name_the_config_file(repo: Path) -> None:
    result = runner.invoke(app, ["lint", "configs"])
    assert result.stdout.splitlines()[-1].endswith("; config .vpnaudit.toml")
    (repo / ".vpnaudit.toml").unlink()
    result = runner.invoke(app, ["lint", "configs"])
    assert result.stdout.splitlines()[-1].endswith("; config none (built-in defaults)")


def test_symlink_out_of_the_scanned_folder_is_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "id.cfg").write_text(IOS_WEAK)
    scanned = tmp_path / "configs"
    scanned.mkdir()
    (scanned / "edge.cfg").write_text(IOS_WEAK)
    os.symlink(outside / "id.cfg", scanned / "planted.cfg")
    os.symlink(scanned / "edge.cfg", scanned / "alias.cfg")  # stays inside: read
    files, doc, stderr = linted(str(scanned))
    assert files == {str(scanned / "edge.cfg"), str(scanned / "alias.cfg")}
    notice = f"skipped symlinks that lead out of the scanned directory: {scanned / 'planted.cfg'}"
    assert notice in doc["notices"] and notice in stderr
