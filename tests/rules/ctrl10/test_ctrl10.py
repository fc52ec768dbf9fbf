"""CTRL-10: changing the deployment controller of a deployed service."""

from pathlib import Path

from helpers import line_of, located, pair_update

HERE = Path(__file__).parent


def test_ecs_to_code_deploy_with_the_family_is_an_error():
    name = "bad_ecs_to_code_deploy_with_family.yaml"
    found = pair_update(HERE, name)
    assert located(found, "9C10") == [("E9C10", "Service", line_of(HERE / name, "TaskDefinition: web"))]
    assert "Unable to update task definition on services with a CODE_DEPLOY" in found[0].message
    assert {r.template for r in found[0].related} == {"tests/rules/ctrl10/previous/" + name}


def test_controller_change_alone_is_a_warning():
    name = "warn_ecs_to_code_deploy_same_task_definition.yaml"
    found = pair_update(HERE, name)
    assert located(found, "9C10") == [("W9C10", "Service", line_of(HERE / name, "DeploymentController"))]


def test_unchanged_controller_adds_nothing():
    assert pair_update(HERE, "good_controller_unchanged.yaml") == []
