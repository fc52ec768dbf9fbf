"""REPL-02: a renamed logical ID that keeps its custom name."""

from pathlib import Path

from helpers import line_of, located, pair_update

HERE = Path(__file__).parent


def test_renamed_logical_id_with_the_same_table_name_is_an_error():
    name = "bad_table_logical_id_renamed.yaml"
    found = pair_update(HERE, name)
    assert located(found, "9D72") == [("E9D72", "OrdersTable", line_of(HERE / name, "TableName"))]
    assert [r.resource for r in found[0].related] == ["Table"]
    assert located(found, "9D73") == []


def test_renamed_logical_id_without_a_name_only_loses_the_data():
    found = pair_update(HERE, "good_table_logical_id_renamed_without_name.yaml")
    assert located(found, "9D72") == [] and [f.rule for f in found] == ["W9D73"]
