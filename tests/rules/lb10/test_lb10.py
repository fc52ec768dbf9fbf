"""LB-10: the target type of both target groups must match the task definition's network mode."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_green_target_group_without_target_type_is_an_error():
    path = HERE / "bad_green_without_target_type.yaml"
    found = findings(path)
    assert summary(found) == [("E9C30", "GreenTG", line_of(path, "Properties:", 4))]
    message = found[0].message
    assert "target type instance (TargetType is not set)" in message and "awsvpc network mode" in message
    assert "green target group of the pair of deployment group DeploymentGroup" in message
    assert "which is incompatible with the awsvpc network mode specified in the task definition" in message
    assert [r.resource for r in found[0].related] == ["DeploymentGroup", "TaskDef", "Service"]


def test_service_target_group_with_instance_target_type_is_an_error():
    path = HERE / "bad_service_target_group_instance.yaml"
    found = findings(path)
    assert summary(found) == [("E9C30", "BlueTG", line_of(path, "TargetType: instance"))]
    assert "CreateService fails" in found[0].message


def test_native_alternate_target_group_without_target_type_is_an_error():
    path = HERE / "bad_native_alternate_without_target_type.yaml"
    found = findings(path)
    assert summary(found) == [("E9C30", "GreenTG", line_of(path, "Properties:", 4))]
    assert "alternate target group of LoadBalancers[0]" in found[0].message


def test_bridge_mode_with_ip_target_groups_reports_both():
    path = HERE / "bad_bridge_with_ip_target_groups.yaml"
    found = findings(path)
    assert summary(found) == [("E9C30", "BlueTG", line_of(path, "TargetType: ip", 1)),
                              ("E9C30", "GreenTG", line_of(path, "TargetType: ip", 2))]
    assert "has target type ip, which is incompatible with the bridge network mode" in found[1].message


def test_target_type_from_a_parameter_is_an_info():
    path = HERE / "info_target_type_parameter.yaml"
    found = findings(path)
    assert summary(found) == [("I9C30", "GreenTG", line_of(path, "TargetType: !Ref GreenTargetType"))]
    assert found[0].message.startswith("cannot verify")


def test_matching_target_types_have_no_finding():
    assert findings(HERE / "good_green_with_target_type.yaml") == []
    assert findings(HERE / "good_bridge_with_instance_target_groups.yaml") == []
