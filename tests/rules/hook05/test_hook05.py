"""HOOK-05: the blue/green hook's TrafficRoutingConfig stays within the hook's traffic-routing limits."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent



def at_template(path: Path, key: str, nth: int = 1) -> tuple[str | None, int]:
    """A finding about a template section (Transform, Hooks, Outputs, Parameters) sits on that key."""
    return None, line_of(path, key, nth)


def test_canary_behind_a_network_load_balancer():
    path = HERE / "bad_nlb_canary.yaml"
    found = findings(path)
    assert summary(found) == [("E9D55", *at_template(path, "Type: TimeBasedCanary"))]
    assert "TimeBasedCanary" in found[0].message and "Network Load Balancer" in found[0].message
    assert [r.resource for r in found[0].related] == ["ProdListener"]


def test_default_routing_behind_a_network_load_balancer_is_an_error_not_info():
    path = HERE / "bad_nlb_default_routing.yaml"
    found = findings(path)
    assert summary(found) == [("E9D55", *at_template(path, "    Properties:"))]
    assert "default time-based canary" in found[0].message


def test_step_percentage_below_14_is_a_warning():
    path = HERE / "warn_small_step.yaml"
    found = findings(path)
    assert summary(found) == [("W9D55", *at_template(path, "StepPercentage: 10"))]
    assert "The step percentage must be 14% or greater" in found[0].message


def test_omitted_traffic_routing_config_is_info():
    path = HERE / "info_default_routing.yaml"
    found = findings(path)
    assert summary(found) == [("I9D55", *at_template(path, "    Properties:"))]
    assert "time-based canary, 15%" in found[0].message


def test_unknown_load_balancer_type_is_info():
    path = HERE / "info_load_balancer_unknown.yaml"
    found = [f for f in findings(path) if f.rule.endswith("9D55")]
    assert summary(found) == [("I9D55", *at_template(path, "Type: TimeBasedCanary"))]
    assert "cannot verify" in found[0].message and "parameter" in found[0].message


def test_all_at_once_behind_a_network_load_balancer_is_fine():
    assert findings(HERE / "good_nlb_all_at_once.yaml") == []


def test_a_second_time_based_block_next_to_the_type_is_an_error():
    """aws/aws-cdk#10803: aws-cdk 1.x rendered TimeBasedLinear: {} next to a TimeBasedCanary Type; it fails."""
    path = HERE / "bad_two_routing_blocks.yaml"
    found = findings(path)
    assert summary(found) == [("E9D55", *at_template(path, "TimeBasedCanary: {}"))]
    assert "declares TrafficRoutingConfig.TimeBasedCanary next to TrafficRoutingConfig.Type 'TimeBasedLinear'" \
        in found[0].message
