"""FEAT-04: the EXTERNAL launch type (ECS Anywhere) with service registries or CodeDeploy load balancing."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_registries_on_external_launch_type_are_an_error():
    path = HERE / "bad_registries.yaml"
    found = findings(path)
    assert summary(found) == [("E9C74", "Service", line_of(path, "ServiceRegistries:"))]
    assert "Service registries are not supported for external launch type." in found[0].message


def test_code_deploy_load_balancer_on_external_launch_type_is_a_warning():
    path = HERE / "warn_code_deploy_load_balancer.yaml"
    found = findings(path)
    assert summary(found) == [("W9C74", "Service", line_of(path, "LoadBalancers:"))]
    assert [r.resource for r in found[0].related] == ["Service", "DeploymentGroup"]


def test_unknown_launch_type_with_registries_is_an_info():
    path = HERE / "info_launch_type_parameter.yaml"
    assert summary(findings(path)) == [("I9C74", "Service", line_of(path, "ServiceRegistries:"))]


def test_external_launch_type_without_registries_has_no_finding():
    assert findings(HERE / "good_external.yaml") == []
