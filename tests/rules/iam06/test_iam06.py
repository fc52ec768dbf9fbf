"""IAM-06: the service Role only with a load balancer, a non-awsvpc task definition and no service-linked-role needs."""

from pathlib import Path

import pytest
from helpers import findings, line_of, summary

HERE = Path(__file__).parent


@pytest.mark.parametrize(("name", "text"), [
    ("warn_awsvpc.yaml", "uses the awsvpc network mode"),
    ("warn_no_load_balancer.yaml", "has no LoadBalancers"),
    ("warn_multiple_target_groups.yaml", "more than one LoadBalancers entry"),
])
def test_role_where_it_is_not_permitted_is_a_warning(name, text):
    path = HERE / name
    found = findings(path)
    assert summary(found) == [("W9C86", "Service", line_of(path, "Role: "))]
    assert text in found[0].message


def test_unknown_network_mode_is_an_info():
    path = HERE / "info_task_definition_parameter.yaml"
    ours = [s for s in summary(findings(path)) if s[0].endswith("9C86")]
    assert ours == [("I9C86", "Service", line_of(path, "Role: "))]


def test_role_with_load_balancer_and_bridge_mode_has_no_finding():
    assert findings(HERE / "good_bridge_with_load_balancer.yaml") == []
