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


def test_task_definition_outside_the_run_is_an_info():
    path = HERE / "info_task_definition_outside_run.yaml"
    found = findings(path)
    assert summary(found) == [("I9C30", "Service", line_of(path, "TaskDefinition: arn:")),
                              ("I9C61", "Service", line_of(path, "- ContainerName: web"))]
    assert "no task definition in this run has the family 'legacy-web'" in found[1].message


def test_existing_containers_have_no_finding():
    assert findings(HERE / "good_container_name.yaml") == []
    assert findings(HERE / "good_task_set_container.yaml") == []
