"""NBG-10: the production rule forwards only to the service's target group pair."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_third_target_group_on_the_production_rule_is_an_error():
    path = HERE / "bad_unexpected_target_group.yaml"
    found = findings(path)
    assert summary(found) == [("E9D10", "Service", line_of(path, "ProductionListenerRule: !Ref ProdRule"))]
    assert "LegacyTG" in found[0].message and "unexpected target group" in found[0].message
    assert [r.line for r in found[0].related] == [line_of(path, "- TargetGroupArn: !Ref LegacyTG")]


def test_pair_only_has_no_finding():
    assert findings(HERE / "good_native.yaml") == []
