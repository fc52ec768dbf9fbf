"""FEAT-03: capacity provider strategy vs launch type, cluster associations, Base/Weight, empty list."""

from pathlib import Path

import pytest
from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_launch_type_with_strategy_is_an_error():
    path = HERE / "bad_launch_type_and_strategy.yaml"
    found = findings(path)
    assert summary(found) == [("E9C73", "Service", line_of(path, "LaunchType: FARGATE"))]
    assert "Specifying both a launch type and capacity provider strategy is not supported" in found[0].message


def test_provider_not_associated_with_the_cluster_is_an_error():
    path = HERE / "bad_provider_not_associated.yaml"
    found = findings(path)
    assert summary(found) == [("E9C73", "Service", line_of(path, "- CapacityProvider: FARGATE_SPOT"))]
    assert "not associated with cluster Cluster" in found[0].message
    assert [r.resource for r in found[0].related] == ["Cluster"]


def test_provider_not_associated_across_stacks_is_an_error():
    cluster, service = HERE / "cluster_stack.yaml", HERE / "bad_cross_stack_service.yaml"
    found = findings(cluster, service)
    assert summary(found) == [("E9C73", "Service", line_of(service, "- CapacityProvider: FARGATE_SPOT"))]
    assert "stack cluster_stack" in found[0].message
    assert [(r.stack, r.resource) for r in found[0].related] == [("cluster_stack", "ClusterCapacityProviders")]


def test_provider_associated_across_stacks_has_no_finding():
    assert findings(HERE / "cluster_stack.yaml", HERE / "good_cross_stack_service.yaml") == []


def test_cluster_outside_the_run_is_an_info():
    path = HERE / "info_imported_cluster.yaml"
    assert summary(findings(path)) == [("I9C73", "Service", line_of(path, "CapacityProviderStrategy:"))]


@pytest.mark.parametrize(("name", "key", "text"), [
    ("bad_two_bases.yaml", "Base: 2", "Only one capacity provider in a strategy can have a base defined"),
    ("bad_all_weights_zero.yaml", "CapacityProviderStrategy:", "all have weight 0"),
])
def test_base_and_weight_errors(name, key, text):
    path = HERE / name
    found = findings(path)
    assert summary(found) == [("E9C73", "Service", line_of(path, key))]
    assert text in found[0].message


def test_empty_strategy_is_a_warning():
    path = HERE / "warn_empty_strategy.yaml"
    found = findings(path)
    assert summary(found) == [("W9C73", "Service", line_of(path, "CapacityProviderStrategy: []"))]
    assert "No launch type to fall back to for empty capacity provider strategy" in found[0].message


def test_associated_fargate_providers_have_no_finding():
    assert findings(HERE / "good_fargate_spot.yaml") == []


def test_provider_associated_only_on_one_branch_is_an_error_on_the_other():
    path = HERE / "bad_conditional_association.yaml"
    found = findings(path)
    assert summary(found) == [("E9C73", "Service", line_of(path, "- CapacityProvider: FARGATE_SPOT"))]
    assert found[0].message.endswith("(when IsProd=false)")
