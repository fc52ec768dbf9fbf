"""CD-09: no EC2/on-premises-only properties on an ECS deployment group."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_each_ec2_property_is_a_warning():
    path = HERE / "warn_ec2_properties.yaml"
    found = findings(path)
    assert summary(found) == [
        ("W9C49", "DeploymentGroup", line_of(path, "AutoScalingGroups: [web-asg]")),
        ("W9C49", "DeploymentGroup", line_of(path, "TerminationHookEnabled: true")),
    ]
    assert "sets AutoScalingGroups" in found[0].message


def test_a_revision_is_a_warning():
    path = HERE / "warn_deployment_revision.yaml"
    assert summary(findings(path)) == [("W9C49", "DeploymentGroup", line_of(path, "Deployment:"))]


def test_settings_turned_off_and_the_baseline_are_fine():
    assert findings(HERE / "good_ec2_settings_off.yaml") == []
    assert findings(HERE.parent / "good_baseline.yaml") == []
