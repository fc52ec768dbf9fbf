"""The blue-green-scenarios sample (samples/blue-green-scenarios): four set-ups users get wrong most, each
synthesized broken (one planted defect) and fixed (must be silent apart from infos)."""

import pytest
from helpers import REPO, SAMPLES, run_json

SAMPLE = SAMPLES / "blue-green-scenarios"

# variant -> the one planted error: (rule, stack, logical id, the key the reported line shows)
PLANTED = {
    # the green target group of an ECS-native blue/green service has no TargetType (CDK's empty-TG trap)
    "native-two-stacks": ("E9C30", "Storefront-Network", "Green9DCBBC03", None),
    # a template with the AWS::CodeDeployBlueGreen transform exports an output
    "external-hook": ("E9D52", "Catalog-BlueGreenHook", None, '"Outputs"'),
    # CodeDeploy canary over a Network Load Balancer
    "nlb-codedeploy": ("E9C29", "Quotes-Nlb", "DeploymentGroup6D277AF0", '"DeploymentConfigName"'),
    # Service Connect on a CODE_DEPLOY service
    "service-connect-codedeploy": ("E9C71", "Orders-ServiceConnect", "ServiceD69D759B",
                                   "\"ServiceConnectConfiguration\""),
}


@pytest.mark.parametrize("scenario", sorted(PLANTED))
def test_broken_scenario_reports_exactly_its_planted_defect(scenario):
    code, report, stderr = run_json("--no-cfn-lint", str(SAMPLE / f"cdk.out.{scenario}-broken"), cwd=REPO)
    assert code == 1, stderr
    assert report["errors"] == []
    rule, stack, logical, key = PLANTED[scenario]
    problems = [f for f in report["findings"] if f["severity"] != "info"]
    assert [(f["rule"], f["stack"], f["resource"]) for f in problems] == [(rule, stack, logical)]
    finding = problems[0]
    if key:
        line = (REPO / finding["template"]).read_text().splitlines()[finding["line"] - 1]
        assert key in line, line
    assert finding["fix"]
    if logical:
        assert finding["construct_path"]


@pytest.mark.parametrize("scenario", sorted(PLANTED))
def test_fixed_scenario_is_silent(scenario):
    code, report, stderr = run_json("--no-cfn-lint", str(SAMPLE / f"cdk.out.{scenario}-fixed"), cwd=REPO)
    assert code == 0, stderr
    assert report["errors"] == []
    assert [f["rule"] for f in report["findings"] if f["severity"] != "info"] == []


def test_fixed_scenarios_pass_cfn_lint_too():
    """The whole post-synth step, cfn-lint's rules included (its Hooks false positive is dropped, not shown)."""
    paths = [str(SAMPLE / f"cdk.out.{scenario}-fixed") for scenario in sorted(PLANTED)]
    code, report, stderr = run_json(*paths, cwd=REPO)
    assert report["errors"] == [], stderr
    assert [(f["rule"], f["resource"]) for f in report["findings"] if f["severity"] == "error"] == []
    assert code == 0
