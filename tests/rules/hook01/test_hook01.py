"""HOOK-01: the AWS::CodeDeployBlueGreen transform and its AWS::CodeDeploy::BlueGreen hook are wired up."""

from pathlib import Path

from helpers import SHARED, findings, line_of, summary

HERE = Path(__file__).parent


def at_template(path: Path, key: str, nth: int = 1) -> tuple[str | None, int]:
    """A finding about a template section (Transform, Hooks, Outputs, Parameters) sits on that key."""
    return None, line_of(path, key, nth)


def test_hook_without_the_transform():
    path = HERE / "bad_no_transform.yaml"
    found = findings(path)
    assert summary(found) == [("E9D51", *at_template(path, "  CodeDeployBlueGreenHook:"))]
    assert "CodeDeployBlueGreenHook" in found[0].message and "no Transform section" in found[0].message


def test_transform_without_the_hook_is_only_an_info_that_it_does_nothing():
    """Such templates deploy and serve traffic (issue 14): the transform is a no-op, not an error."""
    path = HERE / "info_transform_without_hook.yaml"
    found = findings(path)
    assert summary(found) == [("I9D51", *at_template(path, "Transform:"))]
    assert "Hooks section has no entry of type AWS::CodeDeploy::BlueGreen" in found[0].message
    assert "the transform does nothing" in found[0].message and found[0].fix is None


def test_green_task_set_declared_in_the_template():
    path = HERE / "bad_green_task_set_declared.yaml"
    found = findings(path)
    assert summary(found) == [("E9D51", "GreenTaskSet", line_of(path, "Type: AWS::ECS::TaskSet", 2))]
    assert "generates the green task set" in found[0].message
    assert [r.resource for r in found[0].related] == ["Service"]


def test_logical_ids_that_name_nothing_or_the_wrong_type():
    path = HERE / "bad_wrong_logical_ids.yaml"
    found = findings(path)
    expected = [at_template(path, "- WebTaskDefinition"), at_template(path, "LogicalID: BlueTG"),
                at_template(path, "- GreenTargetGroup")]
    assert sorted(summary(found), key=str) == sorted((("E9D51", *e) for e in expected), key=str)
    messages = " | ".join(f.message for f in found)
    assert "TaskDefinitions[0] (the blue task definition) 'WebTaskDefinition', which is not a resource" in messages
    assert "ProdTrafficRoute.LogicalID 'BlueTG', which is an AWS::ElasticLoadBalancingV2::TargetGroup" in messages
    assert "TargetGroups[1] 'GreenTargetGroup'" in messages


def test_target_service_not_external():
    path = HERE / "bad_ecs_controller.yaml"
    found = findings(path)
    # EXT-02 reports the task set of an ECS-controller service as well
    assert summary(found) == [("E9D51", "Service", line_of(path, "Type: ECS")),
                              ("E9C92", "BlueTaskSet", line_of(path, "Service: !Ref Service"))]
    assert "uses the ECS deployment controller" in found[0].message and "must use EXTERNAL" in found[0].message


def test_two_applications():
    path = HERE / "bad_two_applications.yaml"
    found = findings(path)
    assert summary(found) == [("E9D51", *at_template(path, "- Target:", 2))]
    assert "has 2 Applications; only a single ECS service" in found[0].message


def test_controller_from_a_parameter_is_info():
    path = HERE / "info_controller_parameter.yaml"
    found = [f for f in findings(path) if f.rule.endswith("9D51")]
    assert summary(found) == [("I9D51", "Service", line_of(path, "Type: !Ref ControllerType"))]
    assert "cannot verify" in found[0].message


def test_fixed_template_and_the_official_example_are_silent():
    assert findings(HERE / "good_hook.yaml") == []
    example = SHARED / "corpus" / "awsdocs-cfn-userguide" / "bluegreen-transform-example"
    assert findings(example / "template.yaml") == []
    assert findings(example / "template.json") == []


def test_a_target_whose_controller_parameter_cannot_be_external():
    # AllowedValues [ECS, CODE_DEPLOY]: HOOK-01, CTRL-09 and EXT-02 all know it is not EXTERNAL
    path = HERE / "bad_controller_parameter_cannot_be_external.yaml"
    found = findings(path)
    assert sorted(summary(found)) == [
        ("E9C09", "Service", line_of(path, "ServiceName: web") - 1),  # TaskDefinition is absent: its Properties
        ("E9C92", "BlueTaskSet", line_of(path, "Service: !Ref Service")),
        ("E9D51", "Service", line_of(path, "Type: !Ref ControllerType")),
    ]
    assert all("can only use the CODE_DEPLOY or ECS deployment controller" in f.message for f in found)
