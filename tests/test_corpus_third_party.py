"""The project's own corpus (tests/corpus): public third-party templates and assemblies with ECS deployments,
each with its source, commit, licence and verdict in ``case.json`` (issue 14, item 4).

Every case: no crash, the errors its verdict calls for and no other cfncheck error, the input errors it is
known to carry (files cfncheck refuses), and a CDK assembly among the correct cases shows no CDK-generated
cfn-lint finding. ``expected_errors`` were judged from each case's evidence (a fix commit, an issue with the
deploy error, a README that deploys it), not taken from cfncheck's output; FINDINGS.md has the runs.
"""

from __future__ import annotations

import json
import re

import pytest
from helpers import TESTS, run_json

CORPUS = TESTS / "corpus"
CASES = sorted(p.parent.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/*/case.json"))
FIELDS = ("source", "repo", "commit", "paths", "licence", "kind", "how", "verdict", "evidence", "expected_errors")
# licences that allow copying the files into this repository's tests
LICENCES = re.compile(r"^(MIT|MIT-0|Apache-2\.0|BSD|CC-BY-SA)")


def _case(name: str) -> dict:
    return json.loads((CORPUS / name / "case.json").read_text(encoding="utf-8"))


def test_the_corpus_has_its_cases():
    assert len(CASES) >= 15, CASES
    listed = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    assert all(name in listed for name in CASES), [n for n in CASES if n not in listed]


@pytest.mark.parametrize("name", CASES)
def test_case_says_where_it_comes_from_and_why_its_verdict(name):
    case = _case(name)
    assert all(case.get(f) not in (None, "", []) for f in FIELDS if f not in ("expected_errors", "commit")), case
    assert case["verdict"].split(" ")[0] in ("BROKEN", "VALID")
    assert (case["verdict"].startswith("BROKEN")) == bool(case["expected_errors"])
    assert LICENCES.match(case["licence"]), case["licence"]
    assert case["commit"] is None or re.fullmatch(r"[0-9a-f]{40}", case["commit"])
    assert case["source"].startswith("https://github.com/")


@pytest.mark.parametrize("name", CASES)
def test_case_gets_its_verdict(name):
    case = _case(name)
    code, report, stderr = run_json(str(CORPUS / name))
    assert "Traceback" not in stderr
    prefix = f"{(CORPUS / name).relative_to(TESTS.parent).as_posix()}/"
    input_errors = sorted(e.removeprefix(prefix) for e in report.get("errors", []))
    assert input_errors == sorted(case.get("expected_input_errors", []))
    assert code == (2 if input_errors else 1 if report["summary"]["error"] else 0), stderr
    ours = [f for f in report["findings"] if f["source"] == "cfncheck"]
    errors = {(f["rule"], f["stack"], f["resource"]) for f in ours if f["severity"] == "error"}
    assert errors == {tuple(e) for e in case["expected_errors"]}


@pytest.mark.parametrize("name", [n for n in CASES if _case(n)["kind"] == "assembly"
                                  and not _case(n)["verdict"].startswith("BROKEN")])
def test_a_correct_cdk_assembly_shows_no_cdk_generated_lint_finding(name):
    """What cfn-lint still shows on a correct CDK assembly is what the app's own code wrote: ``user_lint`` of
    the case lists those rule IDs, each explained in its notes."""
    _, report, _ = run_json(str(CORPUS / name))
    lint = sorted({f["rule"] for f in report["findings"] if f["source"] == "cfn-lint"})
    assert lint == sorted(_case(name).get("user_lint", [])), [f["message"] for f in report["findings"]]
