"""HOOK-03: a hook-driven green deployment mixed with other changes."""

from pathlib import Path

from helpers import line_of, update_findings

HERE = Path(__file__).parent


def _update(name: str):
    return update_findings(HERE / name, HERE / "previous" / name)


def _lines(found, code: str):
    return [(f.rule, f.location.resource, f.location.line) for f in found if f.rule[1:] == code]


def test_image_and_target_group_changed_together_is_an_error():
    name = "bad_image_and_target_group_changed.yaml"
    found = _update(name)
    assert [(f.rule, f.location.line) for f in found] == [("E9D53", line_of(HERE / name, "CodeDeployBlueGreenHook:"))]
    assert "Diff resource logical Ids: [BlueTG]" in found[0].message


def test_image_changed_alone_adds_nothing():
    assert _update("good_image_changed_alone.yaml") == []
