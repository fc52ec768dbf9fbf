"""CTRL-04: min/max percent with CODE_DEPLOY: warning on EC2 (custom values), info on Fargate."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_ec2_with_custom_percent_is_a_warning():
    path = HERE / "warn_ec2_custom_percent.yaml"
    found = findings(path)
    assert summary(found) == [("W9C04", "Service", line_of(path, "MinimumHealthyPercent: 50"))]
    assert "EC2 launch type" in found[0].message


def test_fargate_percent_is_only_info():
    path = HERE / "info_fargate_percent.yaml"
    found = findings(path)
    assert summary(found) == [("I9C04", "Service", line_of(path, "MinimumHealthyPercent: 50"))]
    assert "Fargate" in found[0].message


def test_ec2_with_the_default_percent_is_fine():
    assert findings(HERE / "good_ec2_default_percent.yaml") == []


def test_ec2_capacity_provider_resource_counts_as_ec2():
    corpus = HERE.parents[2].parent / "shared" / "corpus" / "aws-cdk" / "ecs-capacity-provider-codedeploy"
    rules = {(f.rule, f.location.resource) for f in findings(corpus)}
    assert ("W9C04", "Ec2Service04A33183") in rules
