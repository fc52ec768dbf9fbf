"""CTRL-09: TaskDefinition required for ECS/CODE_DEPLOY, absent for EXTERNAL."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_code_deploy_service_without_task_definition():
    path = HERE / "bad_code_deploy_no_task_definition.yaml"
    found = findings(path)
    # TaskDefinition is absent, so the finding points at the service's Properties key
    assert summary(found) == [("E9C09", "Service", line_of(path, "Properties:", 7))]
    assert "A task definition must be specified" in found[0].message


def test_external_service_with_task_definition():
    path = HERE / "bad_external_task_definition.yaml"
    found = findings(path)
    assert summary(found) == [("E9C09", "Service", line_of(path, "TaskDefinition: !Ref TaskDef"))]
    assert "EXTERNAL deployment controller" in found[0].message


def test_external_service_with_blank_task_definition_quotes_the_aws_error():
    path = HERE / "bad_external_blank_task_definition.yaml"
    found = findings(path)
    assert summary(found) == [("E9C09", "Service", line_of(path, 'TaskDefinition: ""'))]
    assert "Family should not be null or empty." in found[0].message


def test_unknown_controller_without_task_definition_is_info():
    path = HERE / "info_parameter_controller.yaml"
    ours = [f for f in findings(path) if f.rule.endswith("9C09")]
    assert summary(ours) == [("I9C09", "Service", line_of(path, "Properties:", 5))]


def test_fixed_services_have_no_finding():
    assert findings(HERE / "good_code_deploy_task_definition.yaml") == []
    assert findings(HERE / "good_external_task_sets.yaml") == []
