"""NBG-11: the production/test listener rules of a native blue/green service hold forward actions only."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_authenticate_before_forward_on_the_production_rule_is_a_warning():
    path = HERE / "bad_authenticate_and_forward.yaml"
    found = findings(path)
    assert summary(found) == [("W9D11", "ProdRule", line_of(path, "- Type: authenticate-oidc"))]
    assert "mixes a forward action with an action of type authenticate-oidc" in found[0].message
    assert "unconfirmed" in found[0].message
    assert [r.line for r in found[0].related] == [line_of(path, "ProductionListenerRule: !Ref ProdRule")]


def test_action_type_from_a_parameter_cannot_be_verified():
    path = HERE / "info_parameter_action_type.yaml"
    found = findings(path)
    assert summary(found) == [("I9D11", "ProdRule", line_of(path, "- Type: !Ref ProdActionType"))]
    assert found[0].message.startswith("cannot verify")


def test_forward_only_rule_with_fixed_response_listener_default_has_no_finding():
    assert findings(HERE / "good_forward_only.yaml") == []
