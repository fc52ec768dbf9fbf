"""LB-06: one production listener, at most one test listener."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_two_production_listeners_are_an_error():
    path = HERE / "bad_two_prod_listeners.yaml"
    found = findings(path)
    assert summary(found) == [("E9C26", "DeploymentGroup", line_of(path, "ListenerArns: [!Ref ProdListener, "))]
    assert "lists 2 listeners; CodeDeploy takes exactly one production listener" in found[0].message


def test_an_empty_test_route_is_an_error():
    path = HERE / "bad_empty_test_route.yaml"
    found = findings(path)
    assert summary(found) == [("E9C26", "DeploymentGroup", line_of(path, "ListenerArns: []"))]
    assert "TestTrafficRoute" in found[0].message and "lists 0 listeners" in found[0].message


def test_a_missing_production_route_is_an_error():
    path = HERE / "bad_missing_prod_route.yaml"
    found = findings(path)
    assert summary(found) == [("E9C26", "DeploymentGroup", line_of(path, "- TargetGroups:"))]
    assert "has no ProdTrafficRoute" in found[0].message


def test_no_test_route_is_fine():
    assert findings(HERE / "good_no_test_route.yaml") == []
