"""IAM-02: a custom or Limited CodeDeploy role may pass the task execution and task roles."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_limited_policy_cannot_pass_an_execution_role_with_another_name():
    path = HERE / "warn_limited_no_pass_role.yaml"
    found = findings(path)
    line = line_of(path, "AWSCodeDeployRoleForECSLimited")
    assert summary(found) == [("W9C81", "CodeDeployRole", line), ("W9C82", "CodeDeployRole", line)]
    assert "not allowed iam:PassRole on the task execution role WebExecutionRole" in found[1].message
    assert sorted(r.resource for r in found[1].related) == ["DeploymentGroup", "TaskDef"]


def test_custom_role_passing_only_another_role_is_a_warning():
    path = HERE / "warn_custom_pass_role_other_role.yaml"
    found = findings(path)
    assert summary(found) == [("W9C82", "CodeDeployRole", line_of(path, "Policies:"))]


def test_pass_role_granted_or_full_policy_is_silent():
    assert findings(HERE / "good_custom_pass_role.yaml") == []
    assert findings(HERE / "good_full_policy.yaml") == []
