"""NBG-13: lifecycle hooks are well formed."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_pause_hook_at_production_traffic_shift_is_an_error():
    path = HERE / "bad_pause_at_traffic_shift.yaml"
    found = findings(path)
    assert summary(found) == [("E9D13", "Service", line_of(path, "LifecycleStages: [PRODUCTION_TRAFFIC_SHIFT]"))]
    assert "Invalid lifecycle stage provided for Pause Hook" in found[0].message


def test_lambda_hook_without_target_and_role_is_an_error_for_each():
    path = HERE / "bad_lambda_without_target.yaml"
    found = findings(path)
    line = line_of(path, "- LifecycleStages: [POST_TEST_TRAFFIC_SHIFT]")
    assert summary(found) == [("E9D13", "Service", line), ("E9D13", "Service", line)]
    assert "without HookTargetArn" in found[0].message and "without RoleArn" in found[1].message


def test_pause_after_test_shift_and_lambda_with_role_have_no_finding():
    assert findings(HERE / "good_hooks.yaml") == []


def test_a_controller_parameter_that_cannot_be_ecs_leaves_the_hooks_alone():
    """AllowedValues [CODE_DEPLOY, EXTERNAL]: the hooks are never used; CTRL-06 says it cannot verify them."""
    found = findings(HERE / "good_controller_cannot_be_ecs.yaml")
    assert [f for f in found if f.check in ("IAM-05", "NBG-13")] == []
    assert any(f.check == "CTRL-06" and "deployment LifecycleHooks" in f.message for f in found)
