"""REPL-01: a replacement of a resource with a custom physical name."""

from pathlib import Path

from helpers import line_of, update_findings

HERE = Path(__file__).parent


def _update(name: str):
    return update_findings(HERE / name, HERE / "previous" / name)


def _lines(found, code: str):
    return [(f.rule, f.location.resource, f.location.line) for f in found if f.rule[1:] == code]


def test_key_change_of_a_named_table_is_an_error():
    name = "bad_named_table_key_changed.yaml"
    found = _update(name)
    assert _lines(found, "9D71") == [("E9D71", "Table", line_of(HERE / name, "KeySchema"))]
    assert "Rename orders and update the stack again" in found[0].message
    assert _lines(found, "9D73") == []  # the update fails before any data is lost


def test_renaming_the_table_with_the_key_change_replaces_it():
    found = _update("good_table_renamed_with_key.yaml")
    assert _lines(found, "9D71") == [] and [f.rule for f in found] == ["W9D73"]
