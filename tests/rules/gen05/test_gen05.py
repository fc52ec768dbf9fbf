"""GEN-05: the service's target group is attached to a listener, and the service is created after it."""

from pathlib import Path

from helpers import SAMPLES, findings, line_of, summary

HERE = Path(__file__).parent


def test_target_group_forwarded_to_by_no_listener_is_an_error():
    path = HERE / "bad_listener_redirects.yaml"
    found = findings(path)
    assert summary(found) == [("E9D45", "Service", line_of(path, "TargetGroupArn: !Ref WebTG"))]
    assert "does not have an associated load balancer" in found[0].message
    assert [r.resource for r in found[0].related] == ["WebTG"]


def test_listener_created_after_the_service_is_an_error():
    path = HERE / "bad_listener_depends_on_service.yaml"
    found = findings(path)
    assert summary(found) == [("E9D45", "Service", line_of(path, "TargetGroupArn: !Ref BlueTG", 2))]
    assert "created after the service" in found[0].message


def test_no_creation_order_is_a_warning():
    path = HERE / "warn_no_depends_on.yaml"
    found = findings(path)
    assert summary(found) == [("W9D45", "Service", line_of(path, "TargetGroupArn: !Ref BlueTG", 2))]
    assert "nothing orders its creation after the listener or rule" in found[0].message
    assert [r.resource for r in found[0].related] == ["ProdListener"]


def test_target_group_parameter_cannot_be_verified():
    path = HERE / "info_target_group_parameter.yaml"
    found = [f for f in findings(path) if f.rule.endswith("9D45")]  # LB-10 cannot verify it either
    assert summary(found) == [("I9D45", "Service", line_of(path, "TargetGroupArn: !Ref TargetGroupArn"))]


def test_ordered_services_have_no_finding():
    assert findings(HERE / "good_https_listener.yaml") == []
    assert findings(HERE / "good_reference_chain.yaml") == []
    assert findings(HERE / "cross_stack") == []  # the import orders the service stack after the listener


def test_cdk_synthesized_services_are_silent():
    assembly = SAMPLES / "payment-platform"
    for flavour in ("fixed-nested", "fixed-sibling", "broken-nested", "broken-sibling", "broken-sibling-exports"):
        assert [f for f in findings(assembly / f"cdk.out.{flavour}") if f.check == "GEN-05"] == [], flavour
