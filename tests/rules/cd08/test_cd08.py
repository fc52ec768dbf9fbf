"""CD-08: automatic rollback and alarm configuration consistency."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_rollback_enabled_without_events_is_an_error():
    path = HERE / "bad_rollback_without_events.yaml"
    found = findings(path)
    assert summary(found) == [("E9C48", "DeploymentGroup", line_of(path, "Enabled: true"))]
    assert "no event types were listed" in found[0].message


def test_enabled_alarm_configuration_without_alarms_is_an_error():
    path = HERE / "bad_empty_alarm_list.yaml"
    found = findings(path)
    assert summary(found) == [("E9C48", "DeploymentGroup", line_of(path, "Alarms: []"))]
    assert "The alarm configuration is enabled, but the alarm list is empty." in found[0].message


def test_more_than_ten_alarms_is_an_error():
    path = HERE / "bad_eleven_alarms.yaml"
    found = findings(path)
    assert summary(found) == [("E9C48", "DeploymentGroup", line_of(path, "- Name: web-alarm-11"))]
    assert "AlarmsLimitExceededException" in found[0].message


def test_one_alarm_by_ref_and_by_name_is_a_duplicate():
    path = HERE / "bad_duplicate_alarm.yaml"
    found = findings(path)
    assert summary(found) == [("E9C48", "DeploymentGroup", line_of(path, "- Name: web-5xx"))]
    assert "InvalidAlarmConfigException" in found[0].message


def test_rollback_with_deployment_is_an_error_and_not_repeated_by_cd09():
    path = HERE / "bad_rollback_with_deployment.yaml"
    found = findings(path)
    assert summary(found) == [("E9C48", "DeploymentGroup", line_of(path, "Deployment:"))]


def test_rollback_on_alarm_without_alarms_is_a_warning():
    path = HERE / "warn_stop_on_alarm_without_alarms.yaml"
    found = findings(path)
    assert summary(found) == [("W9C48", "DeploymentGroup", line_of(path, "Events: [DEPLOYMENT_FAILURE"))]
    assert "has no AlarmConfiguration" in found[0].message


def test_disabled_rollback_is_a_warning():
    path = HERE / "warn_rollback_disabled.yaml"
    assert summary(findings(path)) == [("W9C48", "DeploymentGroup", line_of(path, "Enabled: false"))]


def test_alarm_named_by_logical_id_or_arn_is_a_warning():
    path = HERE / "warn_alarm_logical_id_and_arn.yaml"
    found = findings(path)
    assert summary(found) == [
        ("W9C48", "DeploymentGroup", line_of(path, "- Name: Http5xxAlarm")),
        ("W9C48", "DeploymentGroup", line_of(path, "- Name: !GetAtt Http5xxAlarm.Arn")),
    ]
    assert "which is named 'web-5xx'" in found[0].message
    assert "as an ARN" in found[1].message


def test_rollback_on_alarm_with_an_alarm_and_the_baseline_are_fine():
    assert findings(HERE / "good_rollback_on_alarm.yaml") == []
    assert findings(HERE.parent / "good_baseline.yaml") == []
