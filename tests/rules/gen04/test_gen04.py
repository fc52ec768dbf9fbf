"""GEN-04: a load-balanced service whose container needs start-up time should set a health check grace period."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_no_grace_period_for_a_slow_starting_container_is_an_info():
    path = HERE / "bad_no_grace_period.yaml"
    found = findings(path)
    assert summary(found) == [("I9D44", "Service", line_of(path, "- ContainerName: web"))]
    assert "set HealthCheckGracePeriodSeconds to at least 90" in found[0].message
    assert [(r.resource, r.line) for r in found[0].related] == [("TaskDef", line_of(path, "StartPeriod: 90"))]


def test_grace_period_covering_the_start_period_has_no_finding():
    assert findings(HERE / "good_grace_period.yaml") == []


def test_baseline_without_a_start_period_has_no_finding():
    assert findings(HERE.parent / "good_baseline.yaml") == []
