"""LB-02: the service's target group must be one of the deployment group's pair."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_target_group_outside_the_pair_is_an_error():
    path = HERE / "bad_target_group_outside_pair.yaml"
    found = findings(path)
    assert summary(found) == [("E9C22", "Service", line_of(path, "TargetGroupArn: !Ref LegacyTG", 2))]
    assert "target group LegacyTG, which is not one of the pair (BlueTG, GreenTG)" in found[0].message
    assert [r.resource for r in found[0].related] == ["DeploymentGroup"]


def test_literal_target_group_names_match_the_resources():
    assert findings(HERE / "good_literal_names.yaml") == []
