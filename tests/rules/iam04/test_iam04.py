"""IAM-04 (also NBG-12): the native blue/green load-balancer infrastructure role."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_wrong_trust_and_missing_load_balancer_actions_are_errors():
    path = HERE / "bad_wrong_trust_no_permissions.yaml"
    found = findings(path)
    assert summary(found) == [
        ("E9C84", "InfraRole", line_of(path, "AssumeRolePolicyDocument:")),
        ("E9C84", "InfraRole", line_of(path, "Policies:")),
    ]
    assert "does not let ecs.amazonaws.com assume it" in found[0].message
    assert "elasticloadbalancing:RegisterTargets" in found[1].message
    assert "ECS was unable to manage the ELB resources" in found[1].message
    assert [r.resource for r in found[1].related] == ["Service"]


def test_missing_role_arn_is_a_warning():
    path = HERE / "warn_missing_role_arn.yaml"
    found = findings(path)
    assert summary(found) == [("W9C84", "Service", line_of(path, "AdvancedConfiguration:"))]
    assert "UNCONFIRMED" in found[0].message


def test_cdk_role_and_separate_policies_are_silent():
    assert findings(HERE / "good_cdk_infrastructure_role.yaml") == []
    assert findings(HERE / "good_separate_policies.yaml") == []
