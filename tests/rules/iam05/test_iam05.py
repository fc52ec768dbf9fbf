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
