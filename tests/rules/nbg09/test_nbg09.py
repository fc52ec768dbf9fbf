"""NBG-09: exactly one target group serving traffic on the production rule."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_two_serving_target_groups_is_an_error():
    path = HERE / "bad_two_serving.yaml"
    found = findings(path)
    assert summary(found) == [("E9D09", "Service", line_of(path, "ProductionListenerRule: !Ref ProdRule"))]
    assert "should have exactly one target group serving traffic but found 2" in found[0].message


def test_weights_100_and_0_have_no_finding():
    assert findings(HERE / "good_native.yaml") == []
