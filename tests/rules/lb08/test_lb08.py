"""LB-08: the production listener must forward to the service's (blue) target group."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_production_listener_forwarding_to_green_is_an_error():
    path = HERE / "bad_prod_forwards_to_green.yaml"
    found = findings(path)
    assert summary(found) == [("E9C28", "DeploymentGroup", line_of(path, "ListenerArns: [!Ref ProdListener]"))]
    assert "forwards to GreenTG (bad_prod_forwards_to_green), not to target group BlueTG" in found[0].message
    assert [r.resource for r in found[0].related] == ["ProdListener", "Service"]


def test_weight_zero_for_the_blue_target_group_is_an_error():
    path = HERE / "bad_zero_weight.yaml"
    found = findings(path)
    assert summary(found) == [("E9C28", "DeploymentGroup", line_of(path, "ListenerArns: [!Ref ProdListener]"))]
    assert "forwards to GreenTG (bad_zero_weight), not to target group BlueTG" in found[0].message


def test_a_listener_rule_forwarding_to_blue_is_fine():
    assert findings(HERE / "good_rule_forwards_to_blue.yaml") == []


def test_a_listener_outside_the_run_cannot_be_verified():
    path = HERE / "info_imported_listener.yaml"
    found = findings(path)
    assert summary(found) == [
        ("I9C28", "DeploymentGroup", line_of(path, "ListenerArns: [arn:aws:elasticloadbalancing:")),
        ("I9C27", "DeploymentGroup", line_of(path, "ListenerArns: [!Ref TestListener]")),
    ]
    assert "is not defined in this run" in found[0].message


def test_imported_prod_listener_with_a_rule_to_blue_is_fine():
    # CDK: an imported prod listener; listener.add_target_groups(..., conditions=[...], target_groups=[blue_tg])
    assert findings(HERE / "good_imported_listener_rule_forwards_to_blue.yaml") == []
