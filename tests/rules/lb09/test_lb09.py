"""LB-09: behind a Network Load Balancer only CodeDeployDefault.ECSAllAtOnce."""

from pathlib import Path

from helpers import SAMPLES, findings, line_of, summary

HERE = Path(__file__).parent


def test_canary_behind_an_nlb_is_an_error():
    path = HERE / "bad_nlb_canary.yaml"
    found = findings(path)
    assert summary(found) == [("E9C29", "DeploymentGroup", line_of(path, "DeploymentConfigName:"))]
    assert "CodeDeployDefault.ECSCanary10Percent5Minutes" in found[0].message
    assert "only the CodeDeployDefault.ECSAllAtOnce deployment configuration is supported" in found[0].message


def test_custom_all_at_once_behind_an_nlb_is_a_warning():
    path = HERE / "warn_custom_all_at_once.yaml"
    found = findings(path)
    assert summary(found) == [("W9C29", "DeploymentGroup", line_of(path, "DeploymentConfigName:"))]
    assert [r.resource for r in found[0].related] == ["ProdListener", "AllAtOnceConfig"]


def test_a_configuration_outside_the_run_cannot_be_verified():
    path = HERE / "info_config_outside_run.yaml"
    found = [f for f in findings(path) if f.rule.endswith("9C29")]  # CD-04 cannot verify it either
    assert summary(found) == [("I9C29", "DeploymentGroup", line_of(path, "DeploymentConfigName:"))]


def test_all_at_once_behind_an_nlb_has_no_finding():
    assert findings(HERE / "good_nlb_all_at_once.yaml") == []


def test_cdk_nlb_scenario():
    broken = findings(SAMPLES / "blue-green-scenarios" / "cdk.out.nlb-codedeploy-broken")
    fixed = findings(SAMPLES / "blue-green-scenarios" / "cdk.out.nlb-codedeploy-fixed")
    assert [f.rule for f in broken if f.check == "LB-09"] == ["E9C29"]
    assert [f.rule for f in fixed if f.check == "LB-09"] == []


def test_the_same_custom_config_name_in_two_stages_resolves_in_each_stage():
    """Two Stages (accounts) of one app each define quotes-canary: each deployment group uses its own Stage's, a
    canary configuration behind an NLB. Before the model matched names by Stage, LB-09 and CD-04 called the name
    undefined (two configurations have it) while CD-05 resolved it."""
    found = findings(HERE / "stages_same_custom_config")
    assert sorted((f.rule, f.location.stack) for f in found) == [("E9C29", "Beta-Quotes"), ("E9C29", "Prod-Quotes")]
    assert all("canary/linear configuration CanaryConfig" in f.message for f in found)


def test_a_letter_case_variant_is_judged_as_the_configuration_it_spells():
    path = HERE / "bad_case_variant_canary.yaml"
    found = findings(path)
    assert summary(found) == [("E9C29", "DeploymentGroup", line_of(path, "DeploymentConfigName:")),
                              ("W9C44", "DeploymentGroup", line_of(path, "DeploymentConfigName:"))]
    assert "differs from the ECS configuration 'CodeDeployDefault.ECSCanary10Percent5Minutes'" in found[1].message


def test_a_production_listener_imported_by_arn_is_on_the_nlb_its_arn_names():
    path = HERE / "bad_imported_nlb_listener.yaml"
    found = [f for f in findings(path) if f.check == "LB-09"]
    assert summary(found) == [("E9C29", "DeploymentGroup", line_of(path, "DeploymentConfigName:"))]
    assert "listener/net/quotes" in found[0].message
