"""REPL-03: a resource that holds data is replaced or removed."""

from pathlib import Path

from helpers import line_of, update_findings

HERE = Path(__file__).parent


def _update(name: str):
    return update_findings(HERE / name, HERE / "previous" / name)


def _lines(found, code: str):
    return [(f.rule, f.location.resource, f.location.line) for f in found if f.rule[1:] == code]


def test_removed_bucket_with_delete_policy_is_a_warning():
    found = _update("warn_bucket_removed.yaml")
    prev = HERE / "previous" / "warn_bucket_removed.yaml"
    assert _lines(found, "9D73") == [("W9D73", "Bucket", line_of(prev, "Bucket:"))]
    assert found[0].location.template.endswith("previous/warn_bucket_removed.yaml")


def test_replaced_table_loses_its_data():
    name = "warn_unnamed_table_replaced.yaml"
    found = _update(name)
    assert _lines(found, "9D73") == [("W9D73", "Table", line_of(HERE / name, "KeySchema"))]
    assert "UpdateReplacePolicy is Delete" in found[0].message


def test_retained_bucket_may_be_removed():
    assert _update("good_retained_bucket_removed.yaml") == []
