"""LB-05: an ECS deployment group needs LoadBalancerInfo with only TargetGroupPairInfoList."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_missing_load_balancer_info_is_an_error():
    path = HERE / "bad_missing_load_balancer_info.yaml"
    found = findings(path)
    assert summary(found) == [("E9C25", "DeploymentGroup", line_of(path, "  DeploymentGroup:") + 2)]
    assert "For ECS deployment group, loadBalancerInfo must be specified" in found[0].message


def test_ec2_style_lists_are_errors():
    path = HERE / "bad_ec2_style_lists.yaml"
    found = findings(path)
    assert summary(found) == [
        ("E9C25", "DeploymentGroup", line_of(path, "LoadBalancerInfo:")),
        ("E9C25", "DeploymentGroup", line_of(path, "TargetGroupInfoList:")),
        ("E9C25", "DeploymentGroup", line_of(path, "ElbInfoList:")),
    ]
    assert "no TargetGroupPairInfoList" in found[0].message
    assert "loadBalancerInfo must not contain targetGroupInfo list" in found[1].message
    assert "loadBalancerInfo must not contain elbInfo list" in found[2].message


def test_a_pair_only_load_balancer_info_has_no_finding():
    assert findings(HERE / "good_pair_only.yaml") == []
