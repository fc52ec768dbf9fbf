"""CD-04: an ECS deployment group needs an ECS deployment configuration."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_server_config_name_is_an_error():
    path = HERE / "bad_server_config.yaml"
    found = findings(path)
    assert summary(found) == [("E9C44", "DeploymentGroup", line_of(path, "DeploymentConfigName:"))]
    assert "'CodeDeployDefault.AllAtOnce', which is not an ECS deployment configuration" in found[0].message


def test_custom_config_without_compute_platform_is_an_error():
    path = HERE / "bad_custom_server_config.yaml"
    found = findings(path)
    assert summary(found) == [("E9C44", "DeploymentGroup", line_of(path, "DeploymentConfigName: !Ref Config"))]
    assert "Server (ComputePlatform is not set)" in found[0].message
    assert [r.resource for r in found[0].related] == ["Config"]


def test_missing_config_and_letter_case_are_warnings():
    missing = HERE / "warn_missing_config.yaml"
    case = HERE / "warn_letter_case.yaml"
    assert summary(findings(missing)) == [("W9C44", "DeploymentGroup", line_of(missing, "Properties:", 9))]
    assert summary(findings(case)) == [("W9C44", "DeploymentGroup", line_of(case, "DeploymentConfigName:"))]


def test_custom_ecs_config_is_fine():
    assert findings(HERE / "good_custom_ecs_config.yaml") == []


def test_a_misspelt_predefined_name_is_cd04s_error_alone():
    """CodeDeployDefault.ECSLinear10PercentEvery1Minute is no configuration at all: CD-04 says so, and LB-09 no
    longer judges it as a linear configuration behind the NLB."""
    path = HERE / "bad_typo_behind_nlb.yaml"
    found = findings(path)
    assert summary(found) == [("E9C44", "DeploymentGroup", line_of(path, "DeploymentConfigName:"))]
