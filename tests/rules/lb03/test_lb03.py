"""LB-03: exactly one target-group pair of two distinct target groups."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_the_same_target_group_twice_is_an_error():
    path = HERE / "bad_same_target_group_twice.yaml"
    found = findings(path)
    assert summary(found) == [("E9C23", "DeploymentGroup", line_of(path, "- Name: !GetAtt BlueTG.TargetGroupName", 2))]
    assert "Target group pair must have distinct target groups." in found[0].message


def test_a_pair_of_one_target_group_is_an_error():
    path = HERE / "bad_one_target_group.yaml"
    found = findings(path)
    assert summary(found) == [("E9C23", "DeploymentGroup", line_of(path, "TargetGroups:"))]
    assert "has 1 target group(s); it needs exactly two" in found[0].message


def test_a_second_pair_is_an_error():
    path = HERE / "bad_two_pairs.yaml"
    found = findings(path)
    assert summary(found) == [("E9C23", "DeploymentGroup", line_of(path, "- TargetGroups:", 2))]
    assert "has 2 entries in TargetGroupPairInfoList" in found[0].message


def test_two_distinct_target_groups_have_no_finding():
    assert findings(HERE / "good_distinct_pair.yaml") == []


def test_a_computed_target_group_list_cannot_be_verified():
    path = HERE / "info_computed_pair.yaml"
    found = [f for f in findings(path) if f.rule.endswith("9C23")]  # LB-02 and LB-10 cannot verify it either
    assert summary(found) == [("I9C23", "DeploymentGroup", line_of(path, "TargetGroups: !Ref TargetGroupNames"))]
    assert found[0].message.startswith("cannot verify")
