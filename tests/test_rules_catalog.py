"""The rule catalog as users see it: IDs by family, `cfncheck rules`, `explain`, and the generated docs/rules.md."""

import re

import pytest
from helpers import REPO, TESTS, run_cli

from cfncheck.rules import all_rules, find_rule
from cfncheck.rules_doc import FAMILIES, markdown

# catalog family -> (ID block, offset): CTRL-05 -> 9C05, LB-03 -> 9C23, NBG-08 -> 9D08, HOOK-02 -> 9D52 ...
ID_BLOCKS = {"CTRL": ("9C", 0), "LB": ("9C", 20), "CD": ("9C", 40), "TD": ("9C", 60), "FEAT": ("9C", 70),
             "IAM": ("9C", 80), "EXT": ("9C", 90), "NBG": ("9D", 0), "GEN": ("9D", 40), "HOOK": ("9D", 50),
             "UPD": ("9D", 60), "REPL": ("9D", 70)}


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.name)
def test_rule_id_follows_its_catalog_name(rule):
    prefix, number = rule.name.split("-")
    block, offset = ID_BLOCKS[prefix]
    assert rule.code == f"{block}{offset + int(number):02d}"
    assert len({r.code for r in all_rules()}) == len(all_rules())
    assert prefix in dict(FAMILIES)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.name)
def test_rule_has_fixtures_that_fail_and_pass(rule):
    prefix, number = rule.name.split("-")
    folder = TESTS / "rules" / f"{prefix.lower()}{number}"
    fixtures = [p.name for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".json")]
    assert list(folder.glob("test_*.py")), folder
    assert any(name.startswith("bad") or name.startswith("warn") for name in fixtures), fixtures
    tests = "".join(p.read_text() for p in folder.glob("test_*.py"))
    assert any(name.startswith("good") for name in fixtures) or "good_" in tests, fixtures


def test_rules_lists_every_rule_once_with_all_its_ids():
    proc = run_cli("rules")
    assert proc.returncode == 0
    listed = [line.split()[0] for line in proc.stdout.splitlines()]
    assert listed == [rule.id for rule in all_rules()]
    for rule, line in zip(all_rules(), proc.stdout.splitlines(), strict=True):
        assert rule.name in line and rule.title in line
        assert all(i in line for i in rule.ids)


def test_explain_finds_rules_by_any_id_or_name():
    for rule in all_rules():
        for key in (*rule.ids, rule.code, rule.name, rule.name.lower()):
            assert find_rule(key) is rule, key
    proc = run_cli("explain", "LB-01")
    assert proc.returncode == 0 and "## Why is this bad?" in proc.stdout
    assert run_cli("explain", "XX-99").returncode == 2


def test_docs_rules_md_is_generated_from_the_docstrings_and_current():
    committed = (REPO / "docs" / "rules.md").read_text()
    generated = run_cli("rules", "--markdown").stdout
    assert generated == markdown(all_rules())
    assert committed == generated, "docs/rules.md is stale: run `cfncheck rules --markdown > docs/rules.md`"
    for rule in all_rules():
        assert f"### {rule.name}\n" in committed
        assert rule.doc.splitlines()[-1].strip() in committed  # the sources, the doc's last line
    assert not re.search(r"^## What it does", committed, re.M), "rule sections are demoted under their rule"


def test_every_catalog_constraint_is_a_rule_or_says_why_not():
    """domain-rules.md §3-§12: each constraint is a rule (or a rule's alias), or docs/rules.md says why not."""
    from helpers import SHARED

    from cfncheck.rules_doc import NOT_RULES, _names

    text = (SHARED / "docs" / "domain-rules.md").read_text()
    body = text[text.index("## 3. "):text.index("## 13. ")]
    catalog = set(re.findall(r"^### ((?:CTRL|LB|CD|TD|FEAT|UPD|IAM|EXT|HOOK)-\d\d)", body, re.M))
    catalog |= set(re.findall(r"^\| ((?:NBG|GEN)-\d\d) \|", body, re.M))
    assert len(catalog) >= 89, len(catalog)
    ruled = {name for rule in all_rules() for name in (rule.name, *rule.aliases)}
    # an entry about a part of a constraint ("FEAT-03 (DependsOn)") does not explain the constraint away
    explained = set().union(*(_names(name) for name, _ in NOT_RULES if " (" not in name))
    assert catalog - ruled - explained == set()
    assert {rule.name for rule in all_rules()} & explained == set(), "a rule is also explained away"


def test_explain_says_why_a_catalog_constraint_has_no_rule():
    proc = run_cli("explain", "nbg-14")
    assert proc.returncode == 0 and "NBG-14 has no rule of its own" in proc.stdout and "E3034" in proc.stdout
    proc = run_cli("explain", "UPD-04")
    assert proc.returncode == 0 and "UPD-04 has no rule of its own" in proc.stdout and "noise" in proc.stdout


PYTHON_KWARG = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+=")  # deployment_controller=
PYTHON_WORDS = re.compile(r"\b(?:None|True|False|default_child|add_property_override)\b")
TYPESCRIPT_ONLY = re.compile(r"\bnew [a-z0-9]+\.[A-Z]|\b[a-z]+[A-Z][A-Za-z]*: |\bdefaultChild\b|\bundefined\b")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.name)
def test_rule_fix_in_python_and_in_typescript(rule):
    assert rule.fix.strip() and rule.fix_typescript.strip()
    assert not PYTHON_KWARG.search(rule.fix_typescript), rule.fix_typescript
    assert not PYTHON_WORDS.search(rule.fix_typescript), rule.fix_typescript
    assert not TYPESCRIPT_ONLY.search(rule.fix), rule.fix
    doc = rule.doc
    python, typescript, source = (doc.index("## CDK (Python) fix\n"), doc.index("## CDK (TypeScript) fix\n"),
                                  doc.index("## Source"))
    assert python < typescript < source
    block = doc[typescript:source]
    assert "```ts\n" in block and not PYTHON_KWARG.search(block), block


def test_every_case_specific_fix_has_its_typescript_twin():
    """A rule that gives a Violation its own Python fix gives the TypeScript one with it."""
    import ast

    calls = 0
    for path in sorted((REPO / "cfncheck" / "rules").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Violation":
                names = {k.arg for k in node.keywords}
                if "fix" in names:
                    calls += 1
                    assert "fix_typescript" in names, f"{path.name}:{node.lineno}"
    assert calls >= 4
