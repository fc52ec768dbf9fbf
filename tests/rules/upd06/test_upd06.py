"""UPD-06: a replacement of a deployed ECS service with a fixed ServiceName."""

from pathlib import Path

from helpers import line_of, update_findings

HERE = Path(__file__).parent


def _update(name: str):
    return update_findings(HERE / name, HERE / "previous" / name)


def _lines(found, code: str):
    return [(f.rule, f.location.resource, f.location.line) for f in found if f.rule[1:] == code]


def test_named_service_moved_to_a_new_cluster_is_an_error():
    name = "bad_named_service_new_cluster.yaml"
    found = _update(name)
    assert _lines(found, "9D66") == [("E9D66", "Service", line_of(HERE / name, "Cluster: !Ref Cluster2"))]
    assert "ServiceName is configured" in found[0].message


def test_unnamed_service_may_be_replaced():
    assert _update("good_unnamed_service_new_cluster.yaml") == []
