"""cfn-lint loads cfncheck's rules (--append-rules, both forms, and .cfnlintrc) and reports what the CLI reports."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, SAMPLES, TESTS, run_json

CFN_LINT = str(Path(sys.executable).parent / "cfn-lint")
BROKEN_NESTED = SAMPLES / "payment-platform" / "cdk.out.broken-nested"
NESTED_ECS = BROKEN_NESTED / "PaymentPlatformEcs1B9A4B17.nested.template.json"
NESTED_DEPLOY = BROKEN_NESTED / "PaymentPlatformDeploymentBB108E87.nested.template.json"


def cfn_lint(*args: str, cwd: Path) -> tuple[int, list[dict]]:
    proc = subprocess.run([CFN_LINT, "--format", "json", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout or "[]")


def ours(matches: list[dict]) -> list[tuple[str, int, int]]:
    return sorted((m["Rule"]["Id"], m["Location"]["Start"]["LineNumber"], m["Location"]["Start"]["ColumnNumber"])
                  for m in matches if m["Rule"]["Id"][1:3] in ("9C", "9D"))


def ours_by_file(matches: list[dict], cwd: Path) -> dict[Path, list[tuple[str, int, int]]]:
    out: dict[Path, list[dict]] = {}
    for m in matches:
        out.setdefault((cwd / m["Filename"]).resolve(), []).append(m)
    return {path: ours(ms) for path, ms in out.items() if ours(ms)}


def test_directory_form_from_the_repository():
    template = TESTS / "rules" / "ctrl02" / "bad_enabled.yaml"
    code, matches = cfn_lint("--append-rules", "custom_rules", "--", str(template), cwd=REPO)
    assert ours(matches) == [("E9C02", 68, 9)]
    assert code == 2  # cfn-lint's exit code for errors
    assert "Deployment circuit breaker feature is only supported" in matches[0]["Message"]
    assert matches[0]["Rule"]["Source"].startswith("https://docs.aws.amazon.com/")


def test_module_form_from_anywhere_sees_the_deployment_group_in_another_nested_stack(tmp_path):
    code, matches = cfn_lint("--append-rules", "cfncheck.cfnlint_rules", "--", str(NESTED_ECS), cwd=tmp_path)
    found = ours(matches)
    assert ("E9C01", 154, 4) in found  # the service; its deployment group is in the Deployment nested stack
    assert [r for r, _, _ in found] == ["E9C01", "E9C02", "E9C03", "E9C21", "E9C22"]
    e9c01 = next(m for m in matches if m["Rule"]["Id"] == "E9C01")
    assert "PaymentsApiDeploymentGroupD15B6391" in e9c01["Message"]
    assert e9c01["Location"]["Path"][:2] == ["Resources", "PaymentsApiServiceB855542B"]


def test_cfnlintrc_append_rules(tmp_path):
    (tmp_path / ".cfnlintrc").write_text("append_rules:\n  - cfncheck.cfnlint_rules\n")
    shutil.copy(TESTS / "rules" / "lb01" / "bad_no_load_balancer.yaml", tmp_path / "t.yaml")
    _, matches = cfn_lint("t.yaml", cwd=tmp_path)
    assert [r for r, _, _ in ours(matches)] == ["E9C21"]


@pytest.mark.parametrize("cdk_out", ["broken-nested", "broken-sibling", "broken-sibling-exports"])
def test_lines_and_columns_match_the_cli_for_every_finding(cdk_out):
    assembly = SAMPLES / "payment-platform" / f"cdk.out.{cdk_out}"
    _, report, _ = run_json("--no-cfn-lint", "--fail-on", "never", str(assembly), cwd=REPO)
    by_file: dict[str, list[tuple[str, int, int]]] = {}
    for f in report["findings"]:
        if f["severity"] != "info":  # cfn-lint hides informational matches unless asked
            by_file.setdefault(f["template"], []).append((f["rule"], f["line"], f["column"]))
    assert len(by_file) == 2
    _, matches = cfn_lint("--append-rules", "cfncheck.cfnlint_rules", "--", *by_file, cwd=REPO)
    assert ours_by_file(matches, REPO) == {(REPO / t).resolve(): sorted(e) for t, e in by_file.items()}


def test_lines_and_columns_match_on_yaml_fixtures():
    # an update fixture (a previous/ twin) may have no finding on its own: the cfn-lint door sees one template
    templates = sorted(t for t in (TESTS / "rules").glob("*/bad_*.yaml")
                       if not (t.parent / "previous" / t.name).exists())
    _, report, _ = run_json("--no-cfn-lint", *map(str, templates), cwd=REPO)
    expected: dict[Path, list] = {}
    for f in report["findings"]:
        expected.setdefault((REPO / f["template"]).resolve(), []).append((f["rule"], f["line"], f["column"]))
    assert len(expected) == len(templates)
    # cfn-lint shows informational rules (I...) only when asked to
    _, matches = cfn_lint("--append-rules", "cfncheck.cfnlint_rules", "--include-checks", "I", "--",
                          *map(str, templates), cwd=REPO)
    assert ours_by_file(matches, REPO) == {path: sorted(found) for path, found in expected.items()}


@pytest.mark.parametrize("name", ["resource_ignore_checks.yaml", "template_ignore_checks.yaml"])
def test_cfn_lint_metadata_suppresses_in_both_front_doors(name):
    template = TESTS / "suppression" / name
    _, matches = cfn_lint("--append-rules", "cfncheck.cfnlint_rules", "--", str(template), cwd=REPO)
    assert ours(matches) == []
    code, report, _ = run_json(str(template))
    assert code == 0 and report["findings"] == []


def test_a_broken_sibling_degrades_to_single_template_checks(tmp_path):
    assembly = tmp_path / "cdk.out"
    shutil.copytree(BROKEN_NESTED, assembly)
    (assembly / "PaymentPlatformSecurity4DA1A790.nested.template.json").write_text('{"Resources": ')
    code, matches = cfn_lint("--append-rules", "cfncheck.cfnlint_rules", "--",
                             str(assembly / NESTED_ECS.name), cwd=tmp_path)
    assert not any(m["Rule"]["Id"] == "E0002" for m in matches)  # no rule crashed
    found = [r for r, _, _ in ours(matches)]
    # alone, the ECS template shows the single-template defects; CTRL-01 needs the other stack
    assert "E9C21" in found and "E9C03" in found and "E9C01" not in found


def test_cfncheck_check_prints_both_sources_once(tmp_path):
    (tmp_path / ".cfnlintrc").write_text("append_rules:\n  - cfncheck.cfnlint_rules\n")  # would double up
    code, report, _ = run_json(str(BROKEN_NESTED), cwd=tmp_path)
    assert code == 1
    assert {f["source"] for f in report["findings"]} == {"cfncheck"}
    # cfn-lint ran: what it says on this assembly is all CDK-generated (issue 14), so it sits in dropped
    assert report["dropped"] and {d["source"] for d in report["dropped"]} == {"cfn-lint"}
    assert not any(d["rule"].startswith(("E9", "W9", "I9")) for d in report["dropped"])
    keys = [(f["rule"], f["template"], f["line"], f["column"], f["message"]) for f in report["findings"]]
    assert len(keys) == len(set(keys))
    assert sum(1 for f in report["findings"] if f["rule"] == "E9C01") == 1
    no_lint_code, no_lint, _ = run_json("--no-cfn-lint", str(BROKEN_NESTED), cwd=tmp_path)
    assert {f["source"] for f in no_lint["findings"]} == {"cfncheck"}
