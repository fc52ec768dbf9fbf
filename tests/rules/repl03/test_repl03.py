"""REPL-03: a resource that holds data is replaced or removed."""

from pathlib import Path

from helpers import line_of, located, pair_update

HERE = Path(__file__).parent


def test_removed_bucket_with_delete_policy_is_a_warning():
    found = pair_update(HERE, "warn_bucket_removed.yaml")
    prev = HERE / "previous" / "warn_bucket_removed.yaml"
    assert located(found, "9D73") == [("W9D73", "Bucket", line_of(prev, "Bucket:"))]
    assert found[0].location.template.endswith("previous/warn_bucket_removed.yaml")


def test_replaced_table_loses_its_data():
    name = "warn_unnamed_table_replaced.yaml"
    found = pair_update(HERE, name)
    assert located(found, "9D73") == [("W9D73", "Table", line_of(HERE / name, "KeySchema"))]
    assert "UpdateReplacePolicy is Delete" in found[0].message


def test_retained_bucket_may_be_removed():
    assert pair_update(HERE, "good_retained_bucket_removed.yaml") == []
