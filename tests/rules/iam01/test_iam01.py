"""IAM-01: the deployment group's service role is trusted by CodeDeploy and has the ECS permissions."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_wrong_trust_and_service_role_path_are_errors():
    path = HERE / "bad_trust_and_policy_path.yaml"
    found = findings(path)
    assert summary(found) == [
        ("E9C81", "CodeDeployRole", line_of(path, "AssumeRolePolicyDocument:")),
        ("E9C81", "CodeDeployRole", line_of(path, "policy/service-role/AWSCodeDeployRoleForECS")),
    ]
    assert "does not let codedeploy.amazonaws.com assume it" in found[0].message
    assert "service-role/AWSCodeDeployRoleForECS, which does not exist" in found[1].message
    assert [r.resource for r in found[0].related] == ["DeploymentGroup"]


def test_missing_ecs_actions_are_an_error():
    path = HERE / "bad_missing_permissions.yaml"
    found = findings(path)
    assert summary(found) == [("E9C81", "CodeDeployRole", line_of(path, "Policies:"))]
    assert "ecs:CreateTaskSet, ecs:UpdateServicePrimaryTaskSet, ecs:DeleteTaskSet" in found[0].message
    assert "not authorized to perform: ecs:DescribeServices" in found[0].message


def test_trust_chosen_by_fn_if_is_reported_on_its_branch():
    path = HERE / "bad_conditional_trust.yaml"
    found = findings(path)
    assert summary(found) == [("E9C81", "CodeDeployRole", line_of(path, "AssumeRolePolicyDocument:"))]
    assert found[0].message.endswith("(when UseCodeDeploy=false)")


def test_limited_policy_is_a_warning():
    path = HERE / "warn_limited_policy.yaml"
    found = findings(path)
    assert summary(found) == [("W9C81", "CodeDeployRole", line_of(path, "AWSCodeDeployRoleForECSLimited"))]
    assert "CodeDeployHook_*" in found[0].message


def test_role_from_a_parameter_cannot_be_verified():
    path = HERE / "info_role_parameter.yaml"
    found = findings(path)
    assert summary(found) == [("I9C81", "DeploymentGroup", line_of(path, "ServiceRoleArn:"))]
    assert "parameter CodeDeployRoleArn" in found[0].message


def test_cdk_rendered_role_and_custom_wildcard_policy_are_silent():
    assert findings(HERE / "good_cdk_role.yaml") == []
    assert findings(HERE / "good_custom_policy.yaml") == []
