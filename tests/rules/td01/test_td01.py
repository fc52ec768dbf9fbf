"""TD-01: LoadBalancers[].ContainerName must be a container of the task definition."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_unknown_container_of_a_family_string_task_definition_is_an_error():
    path = HERE / "bad_container_name.yaml"
    found = findings(path)
    assert summary(found) == [("E9C61", "Service", line_of(path, "- ContainerName: nginx"))]
    assert "The container nginx does not exist in the task definition." in found[0].message
    assert "has only 'web'" in found[0].message
    assert [r.resource for r in found[0].related] == ["TaskDef"]


def test_unknown_container_of_a_task_set_is_an_error():
    path = HERE / "bad_task_set_container.yaml"
    found = findings(path)
    assert summary(found) == [("E9C61", "BlueTaskSet", line_of(path, "- ContainerName: nginx"))]
    assert "ECS task set BlueTaskSet" in found[0].message


def test_task_definition_given_as_a_parameter_is_an_info():
    path = HERE / "info_task_definition_outside_run.yaml"
    found = findings(path)
    assert summary(found) == [("I9C30", "Service", line_of(path, "TaskDefinition: !Ref")),
                              ("I9C61", "Service", line_of(path, "- ContainerName: web"))]
    assert "LegacyTaskDefinition" in found[1].message


def test_task_definition_registered_outside_the_templates_is_not_reported(tmp_path):
    """A family or ARN that no task definition of the run has: nothing to compare with, so no finding."""
    text = (HERE / "info_task_definition_outside_run.yaml").read_text()
    outside = tmp_path / "outside.yaml"
    outside.write_text(text.replace("TaskDefinition: !Ref LegacyTaskDefinition",
                                    "TaskDefinition: arn:aws:ecs:eu-west-1:123456789012:task-definition/legacy-web:7"))
    assert findings(outside) == []


def test_existing_containers_have_no_finding():
    assert findings(HERE / "good_container_name.yaml") == []
    assert findings(HERE / "good_task_set_container.yaml") == []
