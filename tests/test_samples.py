"""The payment-platform sample (samples/payment-platform/README.md): the designed defects, in every layout."""

import json

import pytest
from helpers import REPO, SAMPLES, run_json

SAMPLE = SAMPLES / "payment-platform"
NESTED_ECS = "PaymentPlatform/EcsNestedStackEcsNestedStackResource718222D4"
NESTED_DEPLOY = "PaymentPlatform/DeploymentNestedStackDeploymentNestedStackResource781006B0"
LAYOUTS = {  # variant -> (stack of the services, stack of the deployment groups)
    "nested": (NESTED_ECS, NESTED_DEPLOY),
    "sibling": ("PaymentPlatform-Ecs", "PaymentPlatform-Deployment"),  # Fn::GetStackOutput
    "sibling-exports": ("PaymentPlatform-Ecs", "PaymentPlatform-Deployment"),  # Fn::ImportValue
}

# From the sample's design (its README), one entry per planted defect:
# (rule, where: "ecs"|"deploy", logical id, the key the reported line must show, related logical ids)
BROKEN = [
    # payments-api: default controller + circuit breaker, deployed by an imported-service EcsDeploymentGroup
    ("E9C01", "ecs", "PaymentsApiServiceB855542B", '"Properties"', ["PaymentsApiDeploymentGroupD15B6391"]),
    # ledger: CODE_DEPLOY without a load balancer, plus escape-hatch deployment alarms
    ("E9C21", "ecs", "LedgerService4B131B90", '"LoadBalancers"', ["LedgerDeploymentGroupBDEEAFF5"]),
    ("E9C03", "ecs", "LedgerService4B131B90", '"Alarms"', ["LedgerDeploymentGroupBDEEAFF5"]),
    # notifications: service on a legacy target group, escape-hatch circuit breaker, L1 group with
    # a Server deployment config and the ledger ALB's test listener
    ("E9C22", "ecs", "NotificationsServiceB95468EA", '"TargetGroupArn"', ["NotificationsDeploymentGroup"]),
    ("E9C02", "ecs", "NotificationsServiceB95468EA", '"DeploymentCircuitBreaker"', ["NotificationsDeploymentGroup"]),
    ("E9C27", "deploy", "NotificationsDeploymentGroup", "", ["NotificationsLoadBalancerProdListener616467E8",
                                                             "LedgerLoadBalancerTestListener0CE2596D"]),
    ("E9C44", "deploy", "NotificationsDeploymentGroup", '"DeploymentConfigName"', []),
]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_broken_sample_reports_exactly_the_planted_defects(layout):
    code, report, stderr = run_json("--no-cfn-lint", str(SAMPLE / f"cdk.out.broken-{layout}"), cwd=REPO)
    assert code == 1, stderr
    assert {f["source"] for f in report["findings"]} == {"cfncheck"}
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    ecs_stack, deploy_stack = LAYOUTS[layout]
    expected = {(rule, ecs_stack if where == "ecs" else deploy_stack, logical)
                for rule, where, logical, _, _ in BROKEN}
    assert {(f["rule"], f["stack"], f["resource"]) for f in errors} == expected
    assert len(errors) == len(BROKEN)
    for rule, _, logical, key, related in BROKEN:
        f = next(f for f in errors if (f["rule"], f["resource"]) == (rule, logical))
        assert f["template"].startswith(f"samples/payment-platform/cdk.out.broken-{layout}/")
        line = (REPO / f["template"]).read_text().splitlines()[f["line"] - 1]
        assert key in line, (rule, line)
        assert [r["resource"] for r in f["related"]] == related
        assert f["construct_path"] and f["construct_path"].startswith("PaymentPlatform")
        assert f["fix"]


def test_broken_sample_names_the_imported_service_group_across_stacks():
    _, report, _ = run_json("--no-cfn-lint", str(SAMPLE / "cdk.out.broken-sibling-exports"))
    f = next(f for f in report["findings"] if f["rule"] == "E9C01")
    assert f["related"][0]["stack"] == "PaymentPlatform-Deployment"
    assert f["construct_path"] == "PaymentPlatform-Ecs/PaymentsApiService/Service"
    assert "ECS (the default: DeploymentController is not set)" in f["message"]


@pytest.mark.parametrize("layout", ["nested", "sibling"])
def test_fixed_sample_has_no_error_or_warning(layout):
    code, report, stderr = run_json(str(SAMPLE / f"cdk.out.fixed-{layout}"))
    assert code == 0, stderr
    assert report["summary"]["error"] == 0
    ours = [f for f in report["findings"] if f["source"] == "cfncheck"]
    # nothing: min_healthy_percent=100 / max_healthy_percent=200 are ECS's own defaults, no note (issue 14)
    assert ours == []
    # nothing from cfn-lint either (issue 14): the nested layout's W3005 are the DependsOn the CDK writes
    # between sibling nested stacks, the sibling layout's E1022 is cfn-lint not knowing Fn::GetStackOutput
    assert report["findings"] == []
    expected = {"nested": ("W3005", "CDK-generated"), "sibling": ("E1022", "cfn-lint gap")}[layout]
    assert report["dropped"] and {(d["rule"], d["reason"].split(" — ")[0]) for d in report["dropped"]} == {expected}
    if layout == "sibling":
        assert all("Fn::GetStackOutput" in d["reason"] for d in report["dropped"])


def test_both_samples_in_one_run_resolve_within_their_own_assembly():
    """Two assemblies with the same stack names: references resolve inside each one, not across."""
    code, report, _ = run_json("--no-cfn-lint", str(SAMPLE / "cdk.out.broken-sibling"),
                               str(SAMPLE / "cdk.out.fixed-sibling"))
    assert code == 1
    assert report["summary"]["error"] == len(BROKEN)
    assert all("cdk.out.broken-sibling/" in f["template"] for f in report["findings"] if f["severity"] == "error")


def test_the_committed_manifest_is_a_real_cdk_assembly():
    manifest = json.loads((SAMPLE / "cdk.out.broken-nested" / "manifest.json").read_text())
    assert manifest["artifacts"]["PaymentPlatform"]["type"] == "aws:cloudformation:stack"
