"""UPD-01: a CODE_DEPLOY service should name its task definition by family, not reference a revision."""

from pathlib import Path

from helpers import findings, line_of, summary, update_findings

HERE = Path(__file__).parent


def test_code_deploy_service_referencing_the_revision_is_a_warning():
    path = HERE / "warn_task_definition_ref.yaml"
    found = findings(path)
    assert summary(found) == [("W9D61", "Service", line_of(path, "TaskDefinition: !Ref TaskDef"))]
    assert "Unable to update task definition on services with a CODE_DEPLOY deployment controller" in found[0].message
    assert [r.resource for r in found[0].related] == ["TaskDef", "DeploymentGroup"]


def test_family_string_has_no_finding():
    assert findings(HERE / "good_task_definition_family.yaml") == []


def test_ecs_controller_may_reference_the_revision():
    assert findings(HERE / "good_rolling_task_definition_ref.yaml") == []


def test_a_controller_parameter_that_cannot_be_code_deploy_has_nothing_to_verify():
    assert findings(HERE / "good_controller_parameter_cannot_be_code_deploy.yaml") == []


def test_changed_task_definition_of_a_deployed_code_deploy_service_is_an_error():
    name = "bad_code_deploy_task_definition_changed.yaml"
    found = update_findings(HERE / name, HERE / "previous" / name)
    assert summary(found) == [("E9D61", "Service", line_of(HERE / name, "TaskDefinition: web-v2"))]
    assert "Unable to update task definition" in found[0].message
