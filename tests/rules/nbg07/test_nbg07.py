"""NBG-07: production and test listener rules differ."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_same_rule_for_production_and_test_is_an_error():
    path = HERE / "bad_same_rule.yaml"
    found = findings(path)
    assert summary(found) == [("E9D07", "Service", line_of(path, "TestListenerRule: !Ref ProdRule"))]
    assert "cannot be used as both production and test listener rules" in found[0].message


def test_separate_rules_have_no_finding():
    assert findings(HERE / "good_prod_and_test_rules.yaml") == []
