"""LB-04: TargetGroupInfo.Name takes a target-group name, not an ARN."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_target_group_arns_are_errors():
    path = HERE / "bad_ref_returns_arn.yaml"
    found = findings(path)
    assert summary(found) == [
        ("E9C24", "DeploymentGroup", line_of(path, "- Name: !Ref BlueTG")),
        ("E9C24", "DeploymentGroup", line_of(path, "- Name: !GetAtt GreenTG.TargetGroupArn")),
    ]
    assert "Ref of BlueTG (bad_ref_returns_arn), which returns its ARN" in found[0].message
    assert "Fn::GetAtt .TargetGroupArn of GreenTG (bad_ref_returns_arn), which returns its ARN" in found[1].message
    assert [r.resource for r in found[0].related] == ["BlueTG"]


def test_target_group_names_have_no_finding():
    assert findings(HERE / "good_target_group_names.yaml") == []
