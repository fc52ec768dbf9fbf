"""CTRL-01: a service that a CodeDeploy deployment group deploys must use CODE_DEPLOY."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_incident_default_controller_is_an_error_on_the_service_naming_the_group():
    path = HERE / "bad_default_controller.yaml"
    found = findings(path)
    # DeploymentController is absent, so the finding points at the service's Properties key
    assert summary(found) == [("E9C01", "Service", line_of(path, "Properties:", 7))]
    f = found[0]
    assert "ECS (the default: DeploymentController is not set)" in f.message
    assert "Deployment group's ECS service must be configured for a CODE_DEPLOY deployment controller." in f.message
    assert "DeploymentCircuitBreaker must go too" in f.message
    assert [r.resource for r in f.related] == ["DeploymentGroup"]
    assert f.related[0].line == line_of(path, "ServiceName: !GetAtt Service.Name")
    assert "DeploymentControllerType.CODE_DEPLOY" in f.fix


def test_literal_service_name_is_matched_and_explicit_controller_named():
    path = HERE / "bad_external_controller_by_name.yaml"
    found = findings(path)
    assert summary(found) == [("E9C01", "Service", line_of(path, "Type: EXTERNAL"))]
    assert "uses the EXTERNAL deployment controller" in found[0].message


def test_service_outside_the_run_cannot_be_verified_and_is_only_info():
    path = HERE / "info_service_outside_run.yaml"
    found = findings(path)
    assert summary(found) == [("I9C01", "DeploymentGroup", line_of(path, "ServiceName: checkout"))]
    assert "no ECS service named 'checkout'" in found[0].message
    assert found[0].fix is None


def test_correct_wiring_has_no_finding():
    assert findings(HERE.parent / "good_baseline.yaml") == []


def test_code_deploy_service_without_a_group_in_the_run_is_only_an_info():
    """Its group is often made by the CLI, a pipeline or another app: the run cannot tell that from a forgotten
    group, so it is a "cannot verify", with no fix."""
    path = HERE / "info_code_deploy_without_group.yaml"
    found = findings(path)
    assert summary(found) == [("I9C01", "Service", line_of(path, "Type: CODE_DEPLOY"))]
    assert found[0].message.startswith("cannot verify who deploys")
    assert "no AWS::CodeDeploy::DeploymentGroup of this run deploys it" in found[0].message
    assert found[0].fix is None


def test_a_custom_resource_that_creates_deployment_groups_keeps_it_quiet():
    assert findings(HERE / "good_custom_resource_group.yaml") == []


def test_a_controller_parameter_that_cannot_be_code_deploy_is_an_error():
    # AllowedValues [ECS]: whatever is passed at deploy time, CreateDeploymentGroup fails
    path = HERE / "bad_controller_parameter_cannot_be_code_deploy.yaml"
    found = findings(path)
    assert summary(found) == [("E9C01", "Service", line_of(path, "Type: !Ref Controller"))]
    assert "can only use the ECS deployment controller" in found[0].message


def test_a_controller_left_out_by_fn_if_is_the_default_on_that_branch():
    path = HERE / "bad_default_controller_on_one_branch.yaml"
    found = findings(path)
    assert summary(found) == [("E9C01", "Service", line_of(path, "DeploymentController: !If"))]
    assert "uses the ECS (the default: DeploymentController is not set) deployment controller" in found[0].message
    assert found[0].message.endswith("(when BlueGreen=false)")
