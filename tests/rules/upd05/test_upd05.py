"""UPD-05: a listener that a deployed CodeDeploy group rewrites changes."""

from pathlib import Path

from helpers import line_of, located, pair_update

HERE = Path(__file__).parent


def test_changed_prod_listener_is_a_warning():
    name = "warn_prod_listener_changed.yaml"
    found = pair_update(HERE, name)
    assert located(found, "9D65") == [("W9D65", "ProdListener", line_of(HERE / name, "Port: 81"))]
    assert [r.resource for r in found[0].related] == ["DeploymentGroup", "ProdListener"]


def test_a_group_created_by_this_update_has_shifted_no_traffic():
    assert pair_update(HERE, "good_listener_changed_with_new_group.yaml") == []
