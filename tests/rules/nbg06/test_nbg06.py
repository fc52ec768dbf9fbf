"""NBG-06: ProductionListenerRule is a listener rule (ALB) or a listener (NLB)."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_alb_listener_as_production_rule_is_an_error():
    path = HERE / "bad_alb_listener.yaml"
    found = findings(path)
    assert summary(found) == [("E9D06", "Service", line_of(path, "ProductionListenerRule: !Ref Listener"))]
    assert "Must be RuleArn for ALB or ListenerArn for NLB" in found[0].message
    assert [r.resource for r in found[0].related] == ["Listener"]


def test_missing_production_rule_is_a_warning():
    path = HERE / "warn_no_production_rule.yaml"
    assert summary(findings(path)) == [("W9D06", "Service", line_of(path, "AdvancedConfiguration:"))]


def test_production_rule_from_a_parameter_cannot_be_verified():
    path = HERE / "info_rule_parameter.yaml"
    found = findings(path)
    line = line_of(path, "ProductionListenerRule: !Ref ProdRuleArn")
    assert summary(found) == [("I9D06", "Service", line), ("I9D08", "Service", line)]
    assert found[0].message.startswith("cannot verify") and "ProdRuleArn" in found[0].message


def test_listener_rule_has_no_finding():
    assert findings(HERE / "good_native.yaml") == []


def test_listeners_of_a_load_balancer_outside_the_run_are_nlb_listeners_by_their_protocol():
    """The NLB comes from a parameter; the TCP listeners can only be on a Network Load Balancer. Before the one reader
    of load balancer types, NBG-06 said it could not verify them while LB-09 read the protocol."""
    assert findings(HERE / "good_nlb_listeners_of_an_imported_load_balancer.yaml") == []
