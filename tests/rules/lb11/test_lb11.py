"""LB-11: the two target groups of a blue/green pair should be configured alike."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_different_health_check_path_is_a_warning_on_the_green_target_group():
    path = HERE / "warn_health_check_path.yaml"
    found = findings(path)
    assert summary(found) == [("W9C31", "GreenTG", line_of(path, "Properties:", 4))]
    assert "differ in HealthCheckPath ('/health' and '/')" in found[0].message
    assert [(r.resource, r.line) for r in found[0].related] == [("BlueTG", line_of(path, "HealthCheckPath: /health"))]


def test_native_pair_with_different_protocol_version_is_a_warning():
    path = HERE / "warn_native_protocol_version.yaml"
    found = findings(path)
    assert summary(found) == [("W9C31", "GreenTG", line_of(path, "ProtocolVersion: HTTP2"))]
    assert "differ in ProtocolVersion ('HTTP1' and 'HTTP2')" in found[0].message
    assert "blue/green pair of LoadBalancers[0] of ECS service 'web'" in found[0].message


def test_vpc_from_a_parameter_is_an_info():
    path = HERE / "info_vpc_parameter.yaml"
    found = findings(path)
    assert summary(found) == [("I9C31", "GreenTG", line_of(path, "VpcId: !Ref GreenVpc"))]
    assert "cannot verify" in found[0].message and "same VpcId" in found[0].message


def test_alike_target_groups_have_no_finding():
    assert findings(HERE / "good_same_health_check.yaml") == []


def test_different_ports_with_ip_targets_are_harmless():
    """EXPECTED.md, cdklabs-cdk-ecs-codedeploy/alb-codedeployed-fargate-service: ECS registers the container port."""
    assert findings(HERE / "good_ports_differ_with_ip_targets.yaml") == []
