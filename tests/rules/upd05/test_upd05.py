"""UPD-05: a listener that a deployed CodeDeploy group rewrites changes."""

from pathlib import Path

from helpers import line_of, update_findings

HERE = Path(__file__).parent


def _update(name: str):
    return update_findings(HERE / name, HERE / "previous" / name)


def _lines(found, code: str):
    return [(f.rule, f.location.resource, f.location.line) for f in found if f.rule[1:] == code]


def test_changed_prod_listener_is_a_warning():
    name = "warn_prod_listener_changed.yaml"
    found = _update(name)
    assert _lines(found, "9D65") == [("W9D65", "ProdListener", line_of(HERE / name, "Port: 81"))]
    assert [r.resource for r in found[0].related] == ["DeploymentGroup", "ProdListener"]


def test_a_group_created_by_this_update_has_shifted_no_traffic():
    assert _update("good_listener_changed_with_new_group.yaml") == []
