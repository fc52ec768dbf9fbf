"""Every case of the shared corpus (real templates by others): no crash, and the verdicts of EXPECTED.md."""

import pytest
from helpers import SHARED, run_json

CORPUS = SHARED / "corpus"
CASES = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/*") if p.is_dir())

# EXPECTED.md: the BROKEN cases and the errors a blue/green cross-checker should report on them.
EXPECTED_ERRORS = {
    # deployment alarms on a CODE_DEPLOY service
    "aws-cdk/codedeploy-ecs-deployment-group": {("E9C03", "aws-cdk-codedeploy-ecs-dg", "FargateServiceAC2B3B85")},
    # CODE_DEPLOY service without a load balancer
    "aws-cdk/ecs-capacity-provider-codedeploy": {
        ("E9C21", "aws-ecs-capacity-provider-codedeploy-integ", "Ec2Service04A33183")},
}


def test_the_corpus_is_there():
    assert len(CASES) >= 18, CASES


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case):
    code, report, stderr = run_json(str(CORPUS / case))
    assert "Traceback" not in stderr
    assert code in (0, 1), stderr
    assert report["errors"] == []
    ours = [f for f in report["findings"] if f["source"] == "cfncheck"]
    errors = {(f["rule"], f["stack"], f["resource"]) for f in ours if f["severity"] == "error"}
    assert errors == EXPECTED_ERRORS.get(case, set())
    # cfn-lint's own rules ran in the same pass; the exit code counts their errors too
    assert code == (1 if report["summary"]["error"] else 0)


def test_cfn_lint_findings_are_merged_with_their_source():
    """EXPECTED.md: cfn-lint reports E3002 for the non-schema DeploymentConfiguration.TriggerHash."""
    _, report, _ = run_json(str(CORPUS / "aws-cdk/ecs-capacity-provider-codedeploy"))
    lint = [f for f in report["findings"] if f["source"] == "cfn-lint"]
    assert any(f["rule"] == "E3002" and "TriggerHash" in f["message"] and f["resource"] == "Ec2Service04A33183"
               for f in lint), lint
    assert any(f["rule"] == "E9C21" and f["source"] == "cfncheck" for f in report["findings"])


def test_cfn_lint_hooks_false_positive_is_dropped_with_its_reason():
    """EXPECTED.md: cfn-lint 1.58 reports E1001 "'Hooks' was unexpected" on transform templates, a false positive."""
    for name in ("template.json", "template.yaml"):
        code, report, _ = run_json(str(CORPUS / "awsdocs-cfn-userguide/bluegreen-transform-example" / name))
        assert code == 0 and report["findings"] == []
        assert [(d["rule"], d["path"]) for d in report["dropped"]] == [("E1001", ["Hooks"])]
        assert "AWS::CodeDeployBlueGreen" in report["dropped"][0]["reason"]


def test_code_deploy_service_with_no_group_in_the_assembly_is_reported_as_cannot_verify():
    """EXPECTED.md: "not referenced by any deployment group in the assembly (... since a DG could live outside
    the assembly)". Groups made by the CLI or another app are common in the wild, so it is an info, not a
    warning (issue 14)."""
    _, report, _ = run_json("--no-cfn-lint", str(CORPUS / "aws-cdk/ecs-capacity-provider-codedeploy"))
    ours = {(f["rule"], f["resource"]) for f in report["findings"]}
    assert ("I9C01", "Ec2Service04A33183") in ours and ("E9C21", "Ec2Service04A33183") in ours
