"""HOOK-04: the blue/green hook's listeners forward with ForwardConfig target groups that carry a Weight."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_prod_listener_target_group_without_weight():
    path = HERE / "bad_forward_config_without_weight.yaml"
    found = findings(path)
    assert summary(found) == [("E9D54", "ProdListener", line_of(path, "- TargetGroupArn: !Ref BlueTG"))]
    assert "production listener of blue/green hook CodeDeployBlueGreenHook" in found[0].message
    assert "failed with message: Internal Failure" in found[0].message


def test_test_listener_weight_missing_on_one_fn_if_branch():
    path = HERE / "bad_test_listener_weight_on_one_branch.yaml"
    found = findings(path)
    assert summary(found) == [("E9D54", "TestListener", line_of(path, "- TargetGroupArn: !Ref BlueTG", 2))]
    assert "test listener" in found[0].message and "when WeightedTest=false" in found[0].message


def test_weights_or_a_plain_target_group_arn_are_fine():
    assert findings(HERE / "good_plain_forward.yaml") == []
