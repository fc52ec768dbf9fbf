"""CD-06: ECSServices holds exactly one service, by name, and the group is created after it."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_two_services_in_one_group_is_an_error():
    path = HERE / "bad_two_services.yaml"
    found = findings(path)
    assert summary(found) == [("E9C46", "DeploymentGroup", line_of(path, "- ClusterName: !Ref Cluster", 2))]
    assert "lists 2 services" in found[0].message


def test_cluster_arn_is_a_warning():
    path = HERE / "warn_cluster_arn.yaml"
    found = findings(path)
    assert summary(found) == [("W9C46", "DeploymentGroup", line_of(path, "ClusterName: !GetAtt Cluster.Arn"))]
    assert "cluster as an ARN" in found[0].message


def test_service_arn_is_a_warning():
    path = HERE / "warn_service_arn.yaml"
    found = findings(path)
    assert summary(found) == [("W9C46", "DeploymentGroup", line_of(path, "ServiceName: !Ref Service"))]
    assert "service as an ARN" in found[0].message


def test_literal_name_without_ordering_is_a_warning():
    path = HERE / "warn_literal_without_depends_on.yaml"
    found = findings(path)
    assert summary(found) == [("W9C46", "DeploymentGroup", line_of(path, "ServiceName: web", 2))]
    assert "DependsOn: Service" in found[0].message
    assert [r.resource for r in found[0].related] == ["Service"]


def test_literal_name_with_depends_on_and_the_baseline_are_fine():
    assert findings(HERE / "good_literal_with_depends_on.yaml") == []
    assert findings(HERE.parent / "good_baseline.yaml") == []
