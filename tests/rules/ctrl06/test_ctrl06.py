"""CTRL-06 (and NBG-01): native-strategy fields only with the ECS controller and the matching strategy."""

from pathlib import Path

from helpers import findings, line_of, summary

from cfncheck.engine import check_paths
from cfncheck.rules import find_rule

HERE = Path(__file__).parent


def test_native_strategy_on_code_deploy_service_is_an_error():
    path = HERE / "bad_code_deploy_strategy.yaml"
    found = findings(path)
    assert summary(found) == [("E9C06", "Service", line_of(path, "Strategy: BLUE_GREEN"))]
    assert "CODE_DEPLOY deployment controller" in found[0].message and "Strategy BLUE_GREEN" in found[0].message
    assert [r.resource for r in found[0].related] == ["DeploymentGroup"]


def test_lifecycle_hooks_and_alternate_target_on_code_deploy_service():
    path = HERE / "bad_code_deploy_hooks_and_alternate.yaml"
    found = findings(path)
    assert summary(found) == [
        ("E9C06", "Service", line_of(path, "LifecycleHooks:")),
        ("E9C06", "Service", line_of(path, "AdvancedConfiguration:")),
    ]
    assert "Deployment lifecycle hooks requires the ECS deployment controller." in found[0].message
    assert "LoadBalancers[0].AdvancedConfiguration" in found[1].message


def test_linear_configuration_without_linear_strategy():
    path = HERE / "bad_linear_without_strategy.yaml"
    found = findings(path)
    assert summary(found) == [("E9C06", "Service", line_of(path, "LinearConfiguration:"))]
    assert "ROLLING (the default: Strategy is not set)" in found[0].message


def test_early_success_criteria_with_blue_green():
    path = HERE / "bad_early_success_blue_green.yaml"
    found = findings(path)
    assert summary(found) == [("E9C06", "Service", line_of(path, "EarlySuccessCriteria:"))]
    assert "only with rolling deployment strategy" in found[0].message


def test_unknown_strategy_cannot_be_verified():
    path = HERE / "info_parameter_strategy.yaml"
    assert summary(findings(path)) == [("I9C06", "Service", line_of(path, "LinearConfiguration:"))]


def test_matching_strategy_is_silent():
    rule = find_rule("CTRL-06")
    result = check_paths([HERE / "ok_canary_with_strategy.yaml"], rules=[rule])
    assert result.findings == []


def test_fixed_services_have_no_finding():
    for name in ("good_code_deploy_rolling_strategy.yaml", "good_rolling_without_linear.yaml",
                 "good_early_success_rolling.yaml"):
        assert findings(HERE / name) == [], name
