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
