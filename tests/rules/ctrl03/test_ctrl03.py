"""CTRL-03: deployment alarms need the ECS controller, even the disabled default block."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_disabled_alarms_block_on_code_deploy_is_an_error():
    path = HERE / "bad_disabled_alarms.yaml"
    found = findings(path)
    assert summary(found) == [("E9C03", "Service", line_of(path, "Alarms:"))]
    assert "Alarm based rollback feature is only supported with ECS deployment controller" in found[0].message


def test_alarms_on_the_ecs_controller_are_fine():
    assert findings(HERE.parent / "ctrl02" / "good_rolling_with_breaker.yaml") == []
