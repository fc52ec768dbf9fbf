"""IAM-05: the native lifecycle hook role is trusted by ECS and may invoke the hook function."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_wrong_trust_and_invoke_on_another_function_are_errors():
    path = HERE / "bad_hook_role.yaml"
    found = findings(path)
    assert summary(found) == [
        ("E9C85", "HookRole", line_of(path, "AssumeRolePolicyDocument:", 3)),
        ("E9C85", "HookRole", line_of(path, "Policies:")),
    ]
    assert "ECS was unable to assume role" in found[0].message
    assert "lambda:InvokeFunction on the hook target HookFunction" in found[1].message


def test_hook_role_from_a_parameter_cannot_be_verified():
    path = HERE / "info_hook_role_parameter.yaml"
    found = findings(path)
    assert summary(found) == [("I9C85", "Service", line_of(path, "RoleArn: !Ref HookRoleArn"))]


def test_cdk_hook_role_with_default_policy_is_silent():
    assert findings(HERE / "good_cdk_hook_role.yaml") == []


def test_a_controller_parameter_is_checked_as_nbg13_checks_it():
    """The controller is a parameter that may be ECS: the hooks are used then, so IAM-05 judges the hook role as NBG-13
    judges the hooks (before, IAM-05 looked only at services known to use ECS and NBG-13 at every one)."""
    path = HERE / "bad_hook_role_controller_parameter.yaml"
    found = [f for f in findings(path) if f.check in ("IAM-05", "NBG-13")]
    assert summary(found) == [
        ("E9C85", "HookRole", line_of(path, "AssumeRolePolicyDocument:", 3)),
        ("E9C85", "HookRole", line_of(path, "Policies:")),
        ("E9D13", "Service", line_of(path, "LifecycleStages: [PRODUCTION_TRAFFIC_SHIFT]")),
    ]
