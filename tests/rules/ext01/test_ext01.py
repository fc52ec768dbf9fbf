"""EXT-01: an EXTERNAL service carries no task-level settings."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_task_level_settings_on_external_service():
    path = HERE / "bad_external_task_settings.yaml"
    found = findings(path)
    # ServiceRegistries: [] is empty, which ECS accepts
    assert summary(found) == [
        ("E9C91", "Service", line_of(path, "LaunchType: FARGATE")),
        ("E9C91", "Service", line_of(path, "PlatformVersion: LATEST")),
        ("E9C91", "Service", line_of(path, "NetworkConfiguration:")),
        ("E9C91", "Service", line_of(path, "LoadBalancers:")),
    ]
    assert "NetworkConfiguration must be null." in found[2].message
    assert "LoadBalancers must be empty or null." in found[3].message


def test_unknown_controller_is_one_info():
    path = HERE / "info_parameter_controller.yaml"
    ours = [f for f in findings(path) if f.rule.endswith("9C91")]
    assert summary(ours) == [("I9C91", "Service", line_of(path, "LoadBalancers:"))]
    assert "LoadBalancers, NetworkConfiguration, LaunchType" in ours[0].message


def test_external_service_with_task_sets_has_no_finding():
    assert findings(HERE / "good_external_task_sets.yaml") == []


def test_controller_parameter_that_cannot_be_external_is_silent():
    # AllowedValues: [ECS, CODE_DEPLOY]
    path = HERE.parent / "ctrl05" / "info_parameter_controller.yaml"
    assert [f.rule for f in findings(path) if f.rule.endswith("9C91")] == []
