"""NBG-18: NLB routes of native blue/green services: own test listener, linear/canary doubtful."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_test_listener_shared_by_two_services_is_a_warning_on_each():
    path = HERE / "bad_shared_test_listener.yaml"
    found = findings(path)
    assert summary(found) == [
        ("W9D18", "QuotesService", line_of(path, "TestListenerRule: !Ref TestListener", 1)),
        ("W9D18", "PricesService", line_of(path, "TestListenerRule: !Ref TestListener", 2)),
    ]
    assert "is also the test listener of ECS service 'prices'" in found[0].message
    assert [r.line for r in found[0].related] == [line_of(path, "TestListenerRule: !Ref TestListener", 2)]


def test_linear_strategy_on_an_nlb_is_a_warning():
    path = HERE / "bad_linear_on_nlb.yaml"
    found = findings(path)
    assert summary(found) == [("W9D18", "Service", line_of(path, "Strategy: LINEAR"))]
    assert "Network Load Balancer" in found[0].message and "10-minute delay" in found[0].message


def test_own_test_listener_per_service_has_no_finding():
    assert findings(HERE / "good_own_test_listeners.yaml") == []


def test_blue_green_on_an_nlb_has_no_finding():
    assert findings(HERE / "good_nlb_blue_green.yaml") == []
