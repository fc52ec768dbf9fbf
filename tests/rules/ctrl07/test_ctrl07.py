"""CTRL-07: ForceNewDeployment only with the ECS controller."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_force_new_deployment_on_code_deploy_is_a_warning():
    path = HERE / "warn_code_deploy_force_new_deployment.yaml"
    found = findings(path)
    assert summary(found) == [("W9C07", "Service", line_of(path, "EnableForceNewDeployment:"))]
    assert "forceNewDeployment requires the ECS deployment controller." in found[0].message
    assert [r.resource for r in found[0].related] == ["DeploymentGroup"]


def test_unknown_flag_cannot_be_verified():
    path = HERE / "info_parameter_flag.yaml"
    assert summary(findings(path)) == [("I9C07", "Service", line_of(path, "EnableForceNewDeployment:"))]


def test_disabled_flag_and_rolling_service_have_no_finding():
    assert findings(HERE / "good_code_deploy_force_disabled.yaml") == []
    assert findings(HERE / "good_rolling_force_new_deployment.yaml") == []
