"""EXT-02: task sets only for EXTERNAL services, one load balancer each, one primary task set per service."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_task_set_on_ecs_service():
    path = HERE / "bad_task_set_on_ecs_service.yaml"
    found = findings(path)
    assert summary(found) == [("E9C92", "BlueTaskSet", line_of(path, "Service: !Ref Service"))]
    assert "task sets are only for EXTERNAL services" in found[0].message
    assert [r.resource for r in found[0].related] == ["Service"]


def test_task_set_with_two_load_balancers():
    path = HERE / "bad_two_load_balancers.yaml"
    found = findings(path)
    assert summary(found) == [("E9C92", "BlueTaskSet", line_of(path, "- ContainerName: web", 2))]
    assert "more than one LoadBalancers entry" in found[0].message


def test_two_primary_task_sets_for_one_service():
    path = HERE / "bad_two_primary_task_sets.yaml"
    found = findings(path)
    assert summary(found) == [("E9C92", "SecondPrimary", line_of(path, "Service: !GetAtt Service.Name"))]
    assert "more than one AWS::ECS::PrimaryTaskSet (PrimaryTaskSet and SecondPrimary)" in found[0].message


def test_identical_duplicate_primary_is_left_to_cfn_lint():
    # same Cluster and Service expressions in one template: cfn-lint E3019 reports it
    assert findings(HERE / "cfnlint_duplicate_primary.yaml") == []


def test_primary_task_set_promoting_another_services_task_set():
    path = HERE / "bad_primary_of_other_service.yaml"
    found = findings(path)
    assert summary(found) == [("E9C92", "PrimaryTaskSet", line_of(path, "TaskSetId: !GetAtt ApiTaskSet.Id", 2))]
    assert "belongs to service ApiService" in found[0].message


def test_several_task_sets_without_primary_is_a_warning():
    path = HERE / "warn_two_task_sets_no_primary.yaml"
    found = findings(path)
    assert summary(found) == [("W9C92", "Service", line_of(path, "Type: EXTERNAL"))]
    assert sorted(r.resource for r in found[0].related) == ["BlueTaskSet", "GreenTaskSet"]


def test_service_outside_the_run_is_info():
    path = HERE / "info_service_outside_run.yaml"
    assert summary(findings(path)) == [("I9C92", "BlueTaskSet", line_of(path, "Service: checkout"))]


def test_fixed_task_sets_have_no_finding():
    assert findings(HERE / "good_external_task_sets.yaml") == []
    assert findings(HERE / "good_two_task_sets_one_primary.yaml") == []
