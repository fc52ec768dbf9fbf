"""The layers hold (ast only): rules ask the model and nothing else; each relation has one reader; data flows one way
(inputs -> template -> model -> rules -> findings -> reporters). See shared/docs/model-layer.md, "How to tell it is
done", points 2 and 3."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import REPO

PACKAGE = REPO / "cfncheck"
RULES = PACKAGE / "rules"
RULE_MODULES = sorted(p for p in RULES.rglob("*.py") if p.name != "__init__.py" and p.parent != RULES)
ALLOWED_IN_RULES = ("cfncheck.rules.base", "cfncheck.model", "cfncheck.template.values", "cfncheck.findings")
# one reader per relation: this key is spelled (outside docstrings) in that module only
ONE_READER = {
    "ForwardConfig": "model/elb.py",
    "TargetGroupPairInfoList": "model/codedeploy.py",
    "DeploymentConfigName": "model/codedeploy.py",
    "AdvancedConfiguration": "model/native.py",
    "LifecycleHooks": "model/ecs.py",
}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(path: Path) -> list[str]:
    out = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
    return out


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant outside docstrings (f-string pieces included)."""
    tree = _tree(path)
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def _in(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_the_rules_package_holds_rules_only() -> None:
    assert RULE_MODULES, "no rule module found"
    private = [p.relative_to(PACKAGE).as_posix() for p in RULES.rglob("*.py") if p.name.startswith("_")
               and p.name != "__init__.py"]
    assert private == []
    flat = sorted(p.name for p in RULES.glob("*.py") if p.name not in ("__init__.py", "base.py"))
    assert flat == [], "rules live in their family's package (rules/ctrl/, rules/lb/, ...)"
    for init in RULES.rglob("__init__.py"):
        if init.parent != RULES:
            assert not [n for n in _tree(init).body if not isinstance(n, ast.Expr)], f"{init}: docstring only"


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.stem)
def test_a_rule_imports_only_the_rule_base_the_model_values_and_findings(path: Path) -> None:
    foreign = [m for m in _imports(path) if m.startswith("cfncheck") and not _in(m, *ALLOWED_IN_RULES)]
    assert foreign == []


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.stem)
def test_a_rule_spells_no_intrinsic_function_and_touches_no_resolver(path: Path) -> None:
    spelled = [(line, s) for line, s in _strings(path) if s == "Ref" or s == "Condition" or s.startswith("Fn::")
               and " " not in s]
    assert spelled == []
    tree = _tree(path)
    attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert not attributes & {"r", "t", "resolve", "names", "by_type", "raw_template", "template"}, \
        "a rule reads the model's facts, not the template layer"


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.stem)
def test_one_rule_per_module_with_its_doc(path: Path) -> None:
    tree = _tree(path)
    rules = [n for n in tree.body if isinstance(n, ast.ClassDef)
             and any(isinstance(b, ast.Name) and b.id == "Rule" for b in n.bases)]
    assert len(rules) == 1
    doc = ast.get_docstring(tree) or ""
    for part in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Source"):
        assert part in doc, part


def test_no_rule_imports_another_rule() -> None:
    for path in RULE_MODULES:
        assert not [m for m in _imports(path) if _in(m, "cfncheck.rules") and m != "cfncheck.rules.base"], path


def test_data_flows_one_way() -> None:
    checks = [("template", ("cfncheck.model", "cfncheck.rules", "cfncheck.engine")),
              ("model", ("cfncheck.rules", "cfncheck.engine", "cfncheck.report")),
              ("report", ("cfncheck.model", "cfncheck.template", "cfncheck.rules.base"))]
    for folder, forbidden in checks:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            wrong = [m for m in _imports(path) if _in(m, *forbidden)]
            assert wrong == [], f"{path.relative_to(PACKAGE)} imports {wrong}"


@pytest.mark.parametrize("key", sorted(ONE_READER))
def test_each_relation_has_one_reader(key: str) -> None:
    spelling = sorted({path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
                       for _, s in _strings(path) if s == key})
    assert spelling == [ONE_READER[key]]


def test_the_model_hangs_no_facts_on_itself_from_outside() -> None:
    for path in PACKAGE.rglob("*.py"):
        assert "WeakKeyDictionary" not in path.read_text(encoding="utf-8"), path


def test_no_module_is_over_about_400_lines() -> None:
    long = {p.relative_to(PACKAGE).as_posix(): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420}
    assert long == {}
