"""UPD-06: a replacement of a deployed ECS service with a fixed ServiceName."""

from pathlib import Path

from helpers import line_of, located, pair_update

HERE = Path(__file__).parent


def test_named_service_moved_to_a_new_cluster_is_an_error():
    name = "bad_named_service_new_cluster.yaml"
    found = pair_update(HERE, name)
    assert located(found, "9D66") == [("E9D66", "Service", line_of(HERE / name, "Cluster: !Ref Cluster2"))]
    assert "ServiceName is configured" in found[0].message


def test_unnamed_service_may_be_replaced():
    assert pair_update(HERE, "good_unnamed_service_new_cluster.yaml") == []
