"""NBG-08: both target groups associated with the production (or test) listener rule."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_alternate_target_group_on_no_rule_is_an_error():
    path = HERE / "bad_green_on_no_rule.yaml"
    found = findings(path)
    assert summary(found) == [("E9D08", "Service", line_of(path, "AlternateTargetGroupArn: !Ref GreenTG"))]
    assert "is not associated with either productionListenerRule or testListenerRule" in found[0].message
    assert sorted(r.resource for r in found[0].related) == ["ProdRule", "TestRule"]


def test_production_rule_without_blue_and_no_test_rule_is_an_error():
    path = HERE / "bad_prod_rule_only_green.yaml"
    found = findings(path)
    assert summary(found) == [("E9D08", "Service", line_of(path, "ProductionListenerRule: !Ref ProdRule"))]
    assert "testListenerRule is required when productionListenerRule is not associated" in found[0].message


def test_cdk_readme_shape_prod_rule_only_blue_without_test_rule_is_a_warning():
    path = HERE / "warn_prod_rule_only_blue.yaml"
    found = findings(path)
    assert summary(found) == [("W9D08", "Service", line_of(path, "ProductionListenerRule: !Ref ProdRule"))]
    assert "unconfirmed" in found[0].message


def test_test_rule_forwarding_to_green_has_no_finding():
    assert findings(HERE / "good_test_rule_forwards_green.yaml") == []
