"""IAM-03: the deployment group waits for the separate policy that grants its role the ECS permissions."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_separate_policy_without_depends_on_is_a_warning():
    path = HERE / "warn_separate_policy.yaml"
    found = findings(path)
    assert summary(found) == [("W9C83", "DeploymentGroup", line_of(path, "ServiceRoleArn:"))]
    assert "only from CodeDeployRolePolicy" in found[0].message
    assert "DependsOn: CodeDeployRolePolicy" in found[0].message
    assert [r.resource for r in found[0].related] == ["CodeDeployRolePolicy"]


def test_depends_on_the_policy_is_silent():
    assert findings(HERE / "good_depends_on_policy.yaml") == []
