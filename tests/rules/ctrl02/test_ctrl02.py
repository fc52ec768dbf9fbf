"""CTRL-02: the circuit breaker needs the ECS controller."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_enabled_breaker_on_code_deploy_is_an_error():
    path = HERE / "bad_enabled.yaml"
    found = findings(path)
    assert summary(found) == [("E9C02", "Service", line_of(path, "DeploymentCircuitBreaker:"))]
    assert "Deployment circuit breaker feature is only supported with ECS deployment controller" in found[0].message
    assert [r.resource for r in found[0].related] == ["DeploymentGroup"]


def test_disabled_breaker_block_is_a_warning():
    path = HERE / "warn_disabled.yaml"
    assert summary(findings(path)) == [("W9C02", "Service", line_of(path, "DeploymentCircuitBreaker:"))]


def test_rolling_service_with_breaker_and_alarms_has_no_finding():
    assert findings(HERE / "good_rolling_with_breaker.yaml") == []


def test_an_enable_flag_in_capitals_is_enabled_not_disabled():
    # the same boolean reading (values.truth) as CTRL-07 and FEAT-01
    path = HERE / "bad_enabled_as_a_capitalised_string.yaml"
    found = findings(path)
    assert summary(found) == [("E9C02", "Service", line_of(path, "DeploymentCircuitBreaker:"))]
    assert "enables the deployment circuit breaker" in found[0].message
