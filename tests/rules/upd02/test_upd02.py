"""UPD-02: LoadBalancers of a deployed CODE_DEPLOY service must not change."""

from pathlib import Path

from helpers import line_of, update_findings

HERE = Path(__file__).parent


def _update(name: str):
    return update_findings(HERE / name, HERE / "previous" / name)


def _lines(found, code: str):
    return [(f.rule, f.location.resource, f.location.line) for f in found if f.rule[1:] == code]


def test_changed_container_port_is_an_error():
    name = "bad_container_port_changed.yaml"
    found = _update(name)
    assert _lines(found, "9D62") == [("E9D62", "Service", line_of(HERE / name, "LoadBalancers:"))]
    assert "Unable to update load balancers" in found[0].message


def test_rolling_service_may_change_its_load_balancers():
    assert _update("good_rolling_service_port_changed.yaml") == []
