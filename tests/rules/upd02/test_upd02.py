"""UPD-02: LoadBalancers of a deployed CODE_DEPLOY service must not change."""

from pathlib import Path

from helpers import line_of, located, pair_update

HERE = Path(__file__).parent


def test_changed_container_port_is_an_error():
    name = "bad_container_port_changed.yaml"
    found = pair_update(HERE, name)
    assert located(found, "9D62") == [("E9D62", "Service", line_of(HERE / name, "LoadBalancers:"))]
    assert "Unable to update load balancers" in found[0].message


def test_rolling_service_may_change_its_load_balancers():
    assert pair_update(HERE, "good_rolling_service_port_changed.yaml") == []
