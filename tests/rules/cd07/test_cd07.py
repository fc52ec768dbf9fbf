"""CD-07: one CodeDeploy deployment group per ECS service."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_second_group_for_the_same_service_is_an_error():
    path = HERE / "bad_two_groups.yaml"
    found = findings(path)
    assert summary(found) == [
        ("E9C47", "PipelineDeploymentGroup", line_of(path, "ServiceName: !GetAtt Service.Name", 2))]
    assert "ECSServiceMappingLimitExceededException" in found[0].message
    assert sorted(r.resource for r in found[0].related) == ["DeploymentGroup", "Service"]


def test_group_in_another_stack_is_the_second_one():
    folder = HERE / "bad_group_in_pipeline_stack"
    found = findings(folder)
    pipeline = folder / "pipeline.yaml"
    assert summary(found) == [
        ("E9C47", "PipelineDeploymentGroup", line_of(pipeline, "ServiceName: !ImportValue web-ServiceName"))]
    assert found[0].location.stack == "pipeline"
    assert ("web", "DeploymentGroup") in [(r.stack, r.resource) for r in found[0].related]


def test_groups_on_exclusive_conditions_do_not_clash():
    assert findings(HERE / "good_exclusive_groups.yaml") == []
    assert findings(HERE.parent / "good_baseline.yaml") == []
