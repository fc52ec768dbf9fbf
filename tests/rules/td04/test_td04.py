"""TD-04: with dynamic host ports, the green target group's health check must use traffic-port."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_green_target_group_with_a_fixed_health_check_port_is_an_error():
    path = HERE / "bad_green_fixed_health_check_port.yaml"
    found = findings(path)
    line = line_of(path, 'HealthCheckPort: "8080"')
    assert summary(found) == [("E9C64", "GreenTG", line), ("W9C31", "GreenTG", line)]
    assert "green target group of the pair of deployment group DeploymentGroup" in found[0].message
    assert "dynamic host port" in found[0].message and "traffic-port" in found[0].message


def test_service_target_group_is_checked_where_cfn_lint_cannot_see_it():
    """A family-string TaskDefinition and no HostPort: cfn-lint E3049 is blind to this one."""
    path = HERE / "bad_service_fixed_health_check_port.yaml"
    found = findings(path)
    assert summary(found) == [("E9C64", "BlueTG", line_of(path, 'HealthCheckPort: "8080"')),
                              ("W9C31", "GreenTG", line_of(path, "Properties:", 4))]
    assert "the target group of LoadBalancers[0]" in found[0].message


def test_service_target_group_seen_by_cfn_lint_is_left_to_e3049():
    path = HERE / "bad_both_fixed_e3049_overlap.yaml"
    assert summary(findings(path)) == [("E9C64", "GreenTG", line_of(path, 'HealthCheckPort: "8080"', 2)),
                                       ("W9D61", "Service", line_of(path, "TaskDefinition: !Ref TaskDef"))]


def test_health_check_port_from_a_parameter_is_an_info():
    path = HERE / "info_health_check_port_parameter.yaml"
    assert summary(findings(path)) == [
        ("I9C64", "BlueTG", line_of(path, "HealthCheckPort: !Ref GreenHealthPort", 1)),
        ("I9C64", "GreenTG", line_of(path, "HealthCheckPort: !Ref GreenHealthPort", 2))]


def test_traffic_port_on_both_target_groups_has_no_finding():
    assert findings(HERE / "good_green_traffic_port.yaml") == []
