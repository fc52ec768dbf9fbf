"""LB-07: prod and test listeners on one load balancer; the pair not attached elsewhere."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_test_listener_on_another_alb_is_reported_twice():
    path = HERE / "bad_test_listener_other_alb.yaml"
    found = findings(path)
    assert summary(found) == [
        ("E9C27", "DeploymentGroup", line_of(path, "- Name: !GetAtt GreenTG.TargetGroupName")),
        ("E9C27", "DeploymentGroup", line_of(path, "ListenerArns: [!Ref TestListener]")),
    ]
    assert "target group GreenTG" in found[0].message and "OtherAlb" in found[0].message
    assert "load balancer Alb" in found[1].message and "load balancer OtherAlb" in found[1].message
    assert sorted(r.resource for r in found[1].related) == ["ProdListener", "TestListener"]


def test_same_listener_for_prod_and_test_is_a_warning():
    path = HERE / "warn_same_listener.yaml"
    assert summary(findings(path)) == [
        ("W9C27", "DeploymentGroup", line_of(path, "ListenerArns: [!Ref ProdListener]", 2))]


def test_test_listener_on_the_production_load_balancer_is_fine():
    assert findings(HERE / "good_test_listener_same_alb.yaml") == []


def test_imported_listeners_on_one_load_balancer_are_fine():
    # CDK: ApplicationListener.from_application_listener_attributes(listener_arn=...) for prod and test
    assert findings(HERE / "good_imported_listeners_same_alb.yaml") == []


def test_imported_listeners_on_two_load_balancers_are_an_error():
    path = HERE / "bad_imported_listeners_other_alb.yaml"
    found = findings(path)
    assert summary(found) == [("E9C27", "DeploymentGroup", line_of(path, "listener/app/other/", 2))]
    assert "loadbalancer/app/shared/50dc6c495c0c9188" in found[0].message
