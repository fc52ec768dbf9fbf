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
    errors = {(f["rule"], f["stack"], f["resource"]) for f in report["findings"] if f["severity"] == "error"}
    assert errors == EXPECTED_ERRORS.get(case, set())
    assert code == (1 if errors else 0)
