"""NBG-15: CloudFormation's 33-hour guard for linear and canary deployments."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_linear_deployment_over_33_hours_is_an_error():
    path = HERE / "bad_linear_over_33_hours.yaml"
    found = findings(path)
    assert summary(found) == [("E9D15", "Service", line_of(path, "LinearConfiguration:"))]
    assert "× 19 steps = 2340 minutes" in found[0].message and "exceeds 33 hours" in found[0].message


def test_hook_timeouts_past_36_hours_are_a_warning():
    path = HERE / "warn_hooks_past_36_hours.yaml"
    found = findings(path)
    assert summary(found) == [("W9D15", "Service", line_of(path, "LifecycleHooks:"))]
    assert "1900 minutes" in found[0].message and "300 minutes" in found[0].message


def test_linear_deployment_under_33_hours_has_no_finding():
    assert findings(HERE / "good_linear_under_33_hours.yaml") == []
