"""FEAT-01: Service Connect only with the ECS deployment controller."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_service_connect_on_code_deploy_is_an_error():
    path = HERE / "bad_code_deploy.yaml"
    found = findings(path)
    assert summary(found) == [("E9C71", "Service", line_of(path, "ServiceConnectConfiguration:"))]
    assert "Service Connect feature is only supported with ECS (rolling update) deployment controller" in (
        found[0].message)
    assert [r.resource for r in found[0].related] == ["DeploymentGroup"]


def test_service_connect_on_external_is_an_error():
    path = HERE / "bad_external.yaml"
    found = findings(path)
    assert summary(found) == [("E9C71", "Service", line_of(path, "ServiceConnectConfiguration:"))]
    assert "The EXTERNAL deployment controller type is not supported for services using Service Connect" in (
        found[0].message)


def test_unknown_controller_is_an_info():
    path = HERE / "info_controller_parameter.yaml"
    ours = [s for s in summary(findings(path)) if s[0].endswith("9C71")]
    assert ours == [("I9C71", "Service", line_of(path, "ServiceConnectConfiguration:"))]


def test_native_blue_green_with_service_connect_has_no_finding():
    assert findings(HERE / "good_native_blue_green.yaml") == []


def test_a_controller_parameter_that_allows_only_ecs_has_nothing_to_verify():
    assert findings(HERE / "good_controller_parameter_only_ecs.yaml") == []
