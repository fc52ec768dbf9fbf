"""FEAT-02: service discovery registries (count, container/port vs network mode, CODE_DEPLOY caveat)."""

from pathlib import Path

import pytest
from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_two_registries_is_an_error():
    path = HERE / "bad_two_registries.yaml"
    found = findings(path)
    assert summary(found) == [("E9C72", "Service", line_of(path, "- RegistryArn:", 2))]
    assert "Multiple service registries for each service isn't supported" in found[0].message


@pytest.mark.parametrize(("name", "key", "text"), [
    ("bad_awsvpc_container_and_port.yaml", " Port: 8080", "you can't specify both"),
    ("bad_bridge_without_container.yaml", "- RegistryArn:", "with the bridge network mode"),
    ("bad_container_name_only.yaml", "ContainerName: web", "sets ContainerName without ContainerPort"),
])
def test_container_and_port_that_do_not_fit_the_network_mode_are_errors(name, key, text):
    path = HERE / name
    found = findings(path)
    assert summary(found) == [("E9C72", "Service", line_of(path, key))]
    assert text in found[0].message


def test_registry_on_code_deploy_service_is_a_warning():
    path = HERE / "warn_code_deploy.yaml"
    found = findings(path)
    assert summary(found) == [("W9C72", "Service", line_of(path, "ServiceRegistries:"))]
    assert "Unable to update task definition on services with a CODE_DEPLOY deployment controller" in found[0].message
    assert [r.resource for r in found[0].related] == ["DeploymentGroup"]
    # the fix speaks to Cloud Map on a CODE_DEPLOY service, not to bridge/host container ports
    assert "cloud_map_options" in found[0].fix and "Service Connect" not in found[0].fix.split("move to")[0]
    assert "service_connect_configuration" in found[0].fix and "container_port" not in found[0].fix


def test_an_entry_that_does_not_fit_the_network_mode_gets_the_container_port_fix():
    path = HERE / "bad_bridge_without_container.yaml"
    (finding,) = findings(path)
    assert "container_port=" in finding.fix and "CODE_DEPLOY" not in finding.fix


def test_container_not_in_the_task_definition_is_a_warning():
    path = HERE / "warn_unknown_container.yaml"
    found = findings(path)
    assert summary(found) == [("W9C72", "Service", line_of(path, "ContainerName: app"))]
    assert [r.resource for r in found[0].related] == ["TaskDef"]


def test_unknown_task_definition_is_an_info():
    path = HERE / "info_task_definition_parameter.yaml"
    ours = [s for s in summary(findings(path)) if s[0].endswith("9C72")]
    assert ours == [("I9C72", "Service", line_of(path, "- RegistryArn:"))]


@pytest.mark.parametrize("name", ["good_awsvpc_srv.yaml", "good_bridge_with_container.yaml",
                                  # a Fargate task definition without NetworkMode is not judged as bridge (cfn-lint
                                  # E3048 reports the missing awsvpc); before one reader of the network mode, it was
                                  "good_fargate_without_network_mode.yaml",
                                  # a ContainerPortRange maps the port (as for TD-02: one Mapping.covers)
                                  "good_container_port_in_a_port_range.yaml"])
def test_valid_registries_have_no_finding(name):
    assert findings(HERE / name) == []


def test_a_port_outside_the_containers_port_range_is_a_warning():
    path = HERE / "warn_container_port_outside_port_range.yaml"
    found = findings(path)
    assert summary(found) == [("W9C72", "Service", line_of(path, "ContainerPort: 8080"))]
    assert "which maps only container ports 9000-9100" in found[0].message
