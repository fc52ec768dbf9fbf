"""CTRL-05: BakeTimeInMinutes is not supported with CODE_DEPLOY or EXTERNAL (also the bake-time part of EXT-03)."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_bake_time_on_code_deploy_service_is_a_warning():
    path = HERE / "bad_code_deploy_bake_time.yaml"
    found = findings(path)
    assert summary(found) == [("W9C05", "Service", line_of(path, "BakeTimeInMinutes:"))]
    assert "CODE_DEPLOY deployment controller" in found[0].message
    assert "do not support the BakeTimeInMinutes parameter" in found[0].message
    assert [r.resource for r in found[0].related] == ["DeploymentGroup"]


def test_bake_time_on_external_service_is_a_warning():
    path = HERE / "bad_external_bake_time.yaml"
    found = findings(path)
    assert summary(found) == [("W9C05", "Service", line_of(path, "BakeTimeInMinutes:"))]
    assert "EXTERNAL deployment controller" in found[0].message


def test_unknown_controller_cannot_be_verified():
    path = HERE / "info_parameter_controller.yaml"
    ours = [f for f in findings(path) if f.rule.endswith("9C05")]
    assert summary(ours) == [("I9C05", "Service", line_of(path, "BakeTimeInMinutes:"))]
    assert "parameter ControllerType" in ours[0].message


def test_fixed_and_rolling_services_have_no_finding():
    assert findings(HERE / "good_code_deploy_termination_wait.yaml") == []
    assert findings(HERE / "good_rolling_bake_time.yaml") == []
