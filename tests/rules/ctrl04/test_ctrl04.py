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


def test_what_the_cdk_renders_by_itself_on_fargate_is_no_note():
    """A FargateService without min_healthy_percent renders MinimumHealthyPercent 50 / MaximumPercent 200; the
    user chose neither (issue 14). Recognised by the resource's aws:cdk:path: made by an L2's "Service" child."""
    assert findings(HERE / "good_fargate_cdk_rendered_percent.yaml") == []


def test_ecs_own_defaults_spelled_out_on_fargate_are_no_note():
    assert findings(HERE / "good_fargate_ecs_default_percent.yaml") == []


def test_the_same_values_on_an_l1_the_user_wrote_keep_the_note():
    path = HERE / "info_fargate_l1_percent.yaml"
    found = findings(path)
    assert summary(found) == [("I9C04", "Service", line_of(path, "MinimumHealthyPercent: 50"))]
    assert "MinimumHealthyPercent=50 is not used" in found[0].message


def test_on_ec2_the_cdk_rendered_value_is_still_a_warning_that_says_where_it_comes_from():
    """On EC2 the value is not allowed, whoever chose it: the message says the CDK rendered it."""
    path = HERE / "warn_ec2_cdk_rendered_percent.yaml"
    found = findings(path)
    assert summary(found) == [("W9C04", "Service", line_of(path, "MinimumHealthyPercent: 50"))]
    assert "MinimumHealthyPercent=50 (what the CDK renders when min_healthy_percent is not set)" in found[0].message
    assert "min_healthy_percent=100" in found[0].fix


def test_a_cdk_template_without_construct_paths_is_recognised_by_its_bootstrap_parameter():
    assert findings(HERE / "good_fargate_cdk_snapshot_percent.yaml") == []
