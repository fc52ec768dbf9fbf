"""REPL-01: a replacement of a resource with a custom physical name."""

from pathlib import Path

from helpers import line_of, located, pair_update

HERE = Path(__file__).parent


def test_key_change_of_a_named_table_is_an_error():
    name = "bad_named_table_key_changed.yaml"
    found = pair_update(HERE, name)
    assert located(found, "9D71") == [("E9D71", "Table", line_of(HERE / name, "KeySchema"))]
    assert "Rename orders and update the stack again" in found[0].message
    assert located(found, "9D73") == []  # the update fails before any data is lost


def test_renaming_the_table_with_the_key_change_replaces_it():
    found = pair_update(HERE, "good_table_renamed_with_key.yaml")
    assert located(found, "9D71") == [] and [f.rule for f in found] == ["W9D73"]
