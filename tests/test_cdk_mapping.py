"""Findings point back at the CDK code: construct paths and types, and the CDK's own acknowledgements."""

import json
import shutil

from helpers import SAMPLES, run_cli, run_json

BROKEN = SAMPLES / "payment-platform" / "cdk.out.broken-nested"


def test_text_output_shows_construct_path_and_the_construct_the_user_wrote():
    proc = run_cli("check", "--no-cfn-lint", str(SAMPLES / "payment-platform" / "cdk.out.broken-sibling"))
    lines = proc.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("error E9C01 "))
    # where, on the first line: the construct path; below it the app's line (the sample records creation
    # stacks, see tests/test_source_lines.py) with the construct written, its code, then the template position
    assert lines[first].endswith(": PaymentPlatform-Ecs/PaymentsApiService/Service")
    assert lines[first + 1].startswith("    at samples/payment-platform/payment_platform/ecs_services.py:")
    assert lines[first + 1].endswith(" (aws-cdk-lib.aws_ecs.FargateService)")
    assert lines[first + 3] == ("    template: samples/payment-platform/cdk.out.broken-sibling/"
                                "PaymentPlatform-Ecs.template.json:184:4")
    # the notifications group was written as an L1: that is what the user has to change
    group = next(i for i, line in enumerate(lines) if line.startswith("error E9C44 "))
    assert lines[group].endswith(": PaymentPlatform-Deployment/NotificationsDeploymentGroup")
    assert lines[group + 1].endswith("(aws-cdk-lib.aws_codedeploy.CfnDeploymentGroup)")


def _acknowledge(tmp_path, construct: str, rule: str):
    assembly = tmp_path / "cdk.out"
    shutil.copytree(BROKEN, assembly)
    metadata_file = assembly / "PaymentPlatform.metadata.json"
    metadata = json.loads(metadata_file.read_text())
    # what Validations.of(construct).acknowledge(Acknowledgment(id=rule, reason=...)) records
    metadata.setdefault(construct, []).append(
        {"type": "aws:cdk:acknowledged-rules", "data": {rule: "migrating to CODE_DEPLOY next sprint"}})
    metadata_file.write_text(json.dumps(metadata, indent=2))
    return assembly


def test_an_acknowledged_rule_is_listed_as_suppressed_and_does_not_count(tmp_path):
    assembly = _acknowledge(tmp_path, "/PaymentPlatform/Ecs/PaymentsApiService", "cfncheck::CTRL-01")
    code, report, _ = run_json("--no-cfn-lint", str(assembly))
    assert code == 1  # the other six errors still fail the run
    assert report["summary"]["error"] == 6
    e9c01 = next(f for f in report["findings"] if f["rule"] == "E9C01")
    assert e9c01["suppressed"] == ("acknowledged on PaymentPlatform/Ecs/PaymentsApiService: "
                                   "migrating to CODE_DEPLOY next sprint")
    sarif = tmp_path / "out.sarif"
    run_cli("check", "--no-cfn-lint", "--format", f"sarif:{sarif}", str(assembly))
    result = next(r for r in json.loads(sarif.read_text())["runs"][0]["results"] if r["ruleId"] == "E9C01")
    assert result["suppressions"][0]["kind"] == "inSource"
    text = run_cli("check", "--no-cfn-lint", str(assembly)).stdout
    assert "E9C01" not in text and "1 acknowledged in the CDK app (not counted)" in text


def test_an_acknowledgement_elsewhere_or_of_another_rule_does_not_apply(tmp_path):
    assembly = _acknowledge(tmp_path, "/PaymentPlatform/Ecs/LedgerService", "cfncheck::CTRL-01")
    _, report, _ = run_json("--no-cfn-lint", str(assembly))
    assert report["summary"]["error"] == 7
    assembly2 = _acknowledge(tmp_path / "b", "/PaymentPlatform", "cfncheck::E9C21")  # the whole app, LB-01 only
    _, report, _ = run_json("--no-cfn-lint", str(assembly2))
    assert [f["rule"] for f in report["findings"] if f["suppressed"]] == ["E9C21"]
