from __future__ import annotations

from pathlib import Path

from vpnaudit.checks import rule_modules
from vpnaudit.docs import main


def test_make_docs_writes_a_page_per_rule(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 0
    for module in rule_modules():
        page = (tmp_path / f"{module.RULE.id}.md").read_text("utf-8")
        assert page.startswith(f"# {module.RULE.id} {module.RULE.name}")
        assert "How to fix" in page
    assert "| [VPN000](VPN000.md) |" in (tmp_path / "README.md").read_text("utf-8")


def test_committed_rule_docs_are_current(tmp_path: Path) -> None:
    """docs/rules/ is generated from the rule modules and their cases and kept in the repository
    (SARIF helpUri points there): it must not go stale. Fix: `make docs`."""
    committed = Path(__file__).resolve().parent.parent / "docs" / "rules"
    main([str(tmp_path)])
    generated = {p.name: p.read_text("utf-8") for p in tmp_path.iterdir()}
    existing = {p.name: p.read_text("utf-8") for p in committed.glob("*.md")} if committed.is_dir() else {}
    stale = sorted(name for name in generated.keys() | existing.keys() if generated.get(name) != existing.get(name))
    assert not stale, f"docs/rules is stale for {stale[:5]}{'...' if len(stale) > 5 else ''}: run `make docs`"
