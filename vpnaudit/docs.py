"""Generate docs/rules/VPNxxx.md from the rule modules and their fixture cases (`make docs`).

Usage: python -m vpnaudit.docs OUTPUT_DIR [CASES_DIR]
The generated pages are not committed: the modules and the cases are the source of truth.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .checks import rule_modules


def _cases(cases_dir: Path, rule_id: str) -> list[dict]:
    """The cases of ``VPNxxx.yaml`` and of the per-vendor files ``<vendor>/VPNxxx.yaml``."""
    import yaml

    paths = [cases_dir / f"{rule_id}.yaml", *sorted(cases_dir.glob(f"*/{rule_id}.yaml"))]
    return [case for path in paths if path.is_file()
            for case in yaml.safe_load(path.read_text("utf-8")).get("cases", [])]


def page(module, cases: list[dict]) -> str:
    rule = module.RULE
    doc = (module.__doc__ or rule.summary).strip()
    title, _, body = doc.partition("\n")
    out = [
        f"# {rule.id} {rule.name}",
        "",
        f"**Severity** {rule.severity.value} · **profile** `{rule.profile}` and above · "
        f"`vpnaudit explain {rule.id}`",
        "",
        f"> {rule.summary}",
        "",
        body.strip(),
        "",
    ]
    if rule.references:
        out += ["## References", "", *[f"- {ref}" for ref in rule.references], ""]
    if cases:
        out += ["## Examples", "", "These are the rule's test cases (`fixtures/rules/" + rule.id + ".yaml`).", ""]
        for case in cases:
            verdict = "fails" if case.get("expect") else "passes"
            out += [f"### {case['name']} ({case['vendor']}, {verdict})", ""]
            config = case.get("config") or "\n".join(f"# {k}\n{v}" for k, v in (case.get("files") or {}).items())
            from .secrets import mask

            out += ["```", mask(config).rstrip(), "```", ""]
            for expected in case.get("expect") or []:
                words = ", ".join(f"`{w}`" for w in expected.get("message", []))
                out.append(f"- line {expected.get('line')}: message mentions {words}")
            out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out_dir = Path(argv[0] if argv else "docs/rules")
    cases_dir = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parent.parent / "fixtures" / "rules")
    out_dir.mkdir(parents=True, exist_ok=True)
    index = ["# vpnaudit rules", "", "| id | name | severity | profile | summary |", "|---|---|---|---|---|"]
    for module in rule_modules():
        rule = module.RULE
        (out_dir / f"{rule.id}.md").write_text(page(module, _cases(cases_dir, rule.id)), encoding="utf-8")
        index.append(f"| [{rule.id}]({rule.id}.md) | {rule.name} | {rule.severity.value} | {rule.profile} | {rule.summary} |")
    (out_dir / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    print(f"wrote {len(rule_modules())} rule pages to {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
