"""CD-05: a custom DeploymentConfig for ECS must be an ECS traffic-routing configuration."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def config_properties_line(path: Path) -> int:
    start = line_of(path, "  Config:")
    lines = path.read_text().splitlines()
    return next(n for n in range(start, len(lines) + 1) if lines[n - 1].strip() == "Properties:")


def test_forgotten_compute_platform_fails_the_config_and_the_group():
    path = HERE / "bad_missing_compute_platform.yaml"
    found = findings(path)
    # CD-05 on the configuration (its creation fails), CD-04 on the group that uses it
    assert summary(found) == [
        ("E9C45", "Config", config_properties_line(path)),
        ("E9C44", "DeploymentGroup", line_of(path, "DeploymentConfigName: !Ref Config")),
    ]
    assert "minimum healthy hosts argument is missing" in found[0].message
    assert [r.resource for r in found[0].related] == ["DeploymentGroup"]


def test_server_only_setting_on_an_ecs_config_is_an_error():
    path = HERE / "bad_server_settings.yaml"
    found = findings(path)
    assert summary(found) == [("E9C45", "Config", line_of(path, "MinimumHealthyHosts:"))]
    assert "Server-only" in found[0].message


def test_type_needs_its_own_object():
    path = HERE / "bad_linear_without_object.yaml"
    found = findings(path)
    assert summary(found) == [
        ("E9C45", "Config", line_of(path, "Type: TimeBasedLinear")),
        ("W9C45", "Config", line_of(path, "TimeBasedCanary:")),
    ]
    assert "no TimeBasedLinear object" in found[0].message


def test_unused_ecs_config_without_traffic_routing_is_still_judged():
    path = HERE / "bad_no_traffic_routing.yaml"
    found = findings(path)
    assert summary(found) == [("E9C45", "Config", config_properties_line(path))]
    assert "no TrafficRoutingConfig" in found[0].message


def test_used_ecs_config_and_unused_server_and_lambda_configs_are_fine():
    assert findings(HERE / "good_canary_and_unused_server_configs.yaml") == []
    assert findings(HERE.parent / "good_baseline.yaml") == []
