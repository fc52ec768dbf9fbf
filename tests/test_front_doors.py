"""One policy for every front door: for the same input and configuration, ``cfncheck check``, the cfn-lint
adapters, the CDK plugin and ``cfncheck graph`` report the same findings.

The project: the broken nested sample, with a ``.cfncheck.toml`` that ignores CTRL-02 and re-grades LB-01 to a
warning and CD-04 to info, a template suppression of E9C03 on the ledger service, and CTRL-01 acknowledged in the
CDK app on the payments service.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import SAMPLES, run_cli, run_json

CFN_LINT = str(Path(sys.executable).parent / "cfn-lint")
ECS = "PaymentPlatformEcs1B9A4B17.nested.template.json"
# what the policy leaves counted
EXPECTED_RULES = ["E9C22", "E9C27", "I9C44", "W9C21"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    assembly = root / "cdk.out"
    shutil.copytree(SAMPLES / "payment-platform" / "cdk.out.broken-nested", assembly)
    (root / ".cfncheck.toml").write_text('ignore = ["CTRL-02"]\nseverity = { "LB-01" = "warning", "CD-04" = "info" }\n')
    metadata_file = assembly / "PaymentPlatform.metadata.json"
    metadata = json.loads(metadata_file.read_text())
    metadata.setdefault("/PaymentPlatform/Ecs/PaymentsApiService", []).append(
        {"type": "aws:cdk:acknowledged-rules", "data": {"cfncheck::CTRL-01": "migrating next sprint"}})
    metadata_file.write_text(json.dumps(metadata, indent=1))
    ecs = json.loads((assembly / ECS).read_text())
    ledger = ecs["Resources"]["LedgerService4B131B90"]
    ledger.setdefault("Metadata", {})["cfn-lint"] = {"config": {"ignore_checks": ["E9C03"]}}
    (assembly / ECS).write_text(json.dumps(ecs, indent=1))
    return root


def _templates(assembly: Path) -> list[Path]:
    return sorted(assembly.glob("*.template.json"))


def test_check_applies_the_whole_policy(project: Path) -> None:
    _, report, _ = run_json("--no-cfn-lint", "cdk.out", cwd=project)
    counted = sorted(f["rule"] for f in report["findings"] if not f["suppressed"])
    assert counted == EXPECTED_RULES
    assert [f["rule"] for f in report["findings"] if f["suppressed"]] == ["E9C01"]


def _check(project: Path) -> set[tuple[str, str, int]]:
    _, report, _ = run_json("--no-cfn-lint", "cdk.out", cwd=project)
    return {(f["rule"], Path(f["template"]).name, f["line"]) for f in report["findings"] if not f["suppressed"]}


def test_cfn_lint_adapters_report_what_check_reports(project: Path) -> None:
    templates = [str(p.relative_to(project)) for p in _templates(project / "cdk.out")]
    # cfn-lint leaves informational rules out unless asked for them
    proc = subprocess.run([CFN_LINT, "--format", "json", "--include-checks", "I", "--append-rules",
                           "cfncheck.cfnlint_rules", "--", *templates],
                          capture_output=True, text=True, cwd=project, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    ours = {(m["Rule"]["Id"], Path(m["Filename"]).name, m["Location"]["Start"]["LineNumber"])
            for m in json.loads(proc.stdout) if m["Rule"]["Id"][1:3] in ("9C", "9D")}
    assert ours == _check(project)


def test_the_cdk_plugin_reports_what_check_reports(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cfncheck.cdk_plugin import CfncheckValidationPlugin

    monkeypatch.chdir(project)  # cdk synth runs the app in the project: the configuration is found from there
    paths = [str(p) for p in _templates(project / "cdk.out")]
    context = SimpleNamespace(template_paths=paths, stack_templates=[])
    plugin = CfncheckValidationPlugin()
    report = plugin.validate(context)
    # the plugin declares every ID it may report, the re-graded W9C21 (LB-01 as a warning) too
    assert {v.rule_name for v in report.violations} <= set(plugin.rule_ids)
    got = set()
    for v in report.violations:
        template, line, _ = v.rule_metadata["location"].rsplit(":", 2)
        got.add((v.rule_name, Path(template).name, int(line)))
    assert got == _check(project)
    assert "cfncheck::" not in "".join(v.rule_name for v in report.violations)
    assert "E9C01" in report.metadata["acknowledged"]  # acknowledged under its catalog name: left out


def test_graph_marks_what_check_reports(project: Path) -> None:
    proc = run_cli("graph", "cdk.out", cwd=project)
    assert proc.returncode == 0, proc.stderr
    marked = set(re.findall(r"[EWI]9[CD]\d\d", proc.stdout))
    counted = {rule for rule, _, _ in _check(project) if rule[0] in "EW"}  # the graph marks errors and warnings
    # what the graph draws: the deployment group, its service, target groups and listeners
    assert marked == counted & {"E9C22", "E9C27", "W9C21"}
    assert not marked & {"E9C01", "E9C02", "E9C03", "E9C21", "E9C44"}  # acknowledged, ignored, suppressed, re-graded
