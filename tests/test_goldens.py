"""Golden reports: what cfncheck's own pass reports on every sample assembly, rule fixture, regression case and
corpus case, recorded in ``tests/goldens/*.json`` and compared case by case.

A change that moves code must leave these identical; a change that means to alter a finding updates the golden
in the same commit, with a fixture of its own that shows why. Regenerate after such a change with

    CFNCHECK_UPDATE_GOLDENS=1 python -m pytest tests/test_goldens.py

and read the diff of ``tests/goldens/`` before committing it. cfn-lint's own findings are left out: they come
from an unpinned third party and say nothing about cfncheck's pass (tests/test_cfnlint_adapters.py covers
the merge).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import REPO, SAMPLES, SHARED, TESTS

from cfncheck.engine import check_paths
from cfncheck.report import json_report

GOLDENS = TESTS / "goldens"
TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")


def _fixture_cases(root: Path) -> list[Path]:
    """Every template file and every folder below ``root`` (a folder is checked as one run), and ``root``."""
    cases = [root]
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        if path.is_dir() or path.suffix in TEMPLATE_SUFFIXES:
            cases.append(path)
    return cases


def _cases() -> dict[str, dict[str, Path]]:
    rules = TESTS / "rules"
    return {
        "rules": {p.relative_to(REPO).as_posix(): p
                  for folder in sorted(x for x in rules.iterdir() if x.is_dir())
                  for p in _fixture_cases(folder)}
                 | {p.relative_to(REPO).as_posix(): p for p in sorted(rules.glob("*.yaml"))},
        "regressions": {p.relative_to(REPO).as_posix(): p
                        for folder in (TESTS / "regressions", TESTS / "crossstack", TESTS / "suppression")
                        for p in _fixture_cases(folder)},
        "samples": {p.relative_to(REPO).as_posix(): p for p in sorted(SAMPLES.glob("*/cdk.out.*"))},
        "corpus": {p.relative_to(SHARED).as_posix(): p for p in sorted((SHARED / "corpus").glob("*/*"))
                   if p.is_dir()},
        "third-party": {p.relative_to(REPO).as_posix(): p for p in sorted((TESTS / "corpus").glob("*/*"))
                        if p.is_dir()},
    }


CASES = _cases()


def report(path: Path) -> dict:
    """cfncheck's own JSON report on ``path`` (cfn-lint off), paths relative to the repository."""
    cwd = Path.cwd()
    os.chdir(REPO)
    try:
        result = check_paths([path])
    finally:
        os.chdir(cwd)
    doc = json.loads(json_report.render(result.findings, [str(e) for e in result.errors], result.dropped,
                                        result.notes))
    del doc["tool"]
    return doc


def _load(kind: str) -> dict:
    file = GOLDENS / f"{kind}.json"
    return json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_reports_match_the_goldens(kind: str) -> None:
    current = {name: report(path) for name, path in CASES[kind].items()}
    golden = _load(kind)
    if os.environ.get("CFNCHECK_UPDATE_GOLDENS"):
        GOLDENS.mkdir(exist_ok=True)
        (GOLDENS / f"{kind}.json").write_text(json.dumps(current, indent=1, sort_keys=True) + "\n",
                                              encoding="utf-8")
        if current != golden:  # never green on a rewrite: the diff is for a person to read
            pytest.fail(f"tests/goldens/{kind}.json rewritten: review the diff before committing")
    assert sorted(current) == sorted(golden), "cases were added or removed: regenerate the goldens"
    changed = [name for name in current if current[name] != golden[name]]
    assert not changed, f"reports differ from tests/goldens/{kind}.json: {changed}"


def test_the_goldens_cover_every_kind_of_input() -> None:
    assert len(CASES["rules"]) > 250
    assert len(CASES["samples"]) >= 9
    assert len(CASES["corpus"]) >= 18
    assert all(_load(kind) for kind in CASES), "a golden file is missing"
