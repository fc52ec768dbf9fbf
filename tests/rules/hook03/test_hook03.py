"""HOOK-03: a hook-driven green deployment mixed with other changes."""

from pathlib import Path

from helpers import line_of, pair_update

HERE = Path(__file__).parent


def test_image_and_target_group_changed_together_is_an_error():
    name = "bad_image_and_target_group_changed.yaml"
    found = pair_update(HERE, name)
    assert [(f.rule, f.location.line) for f in found] == [("E9D53", line_of(HERE / name, "CodeDeployBlueGreenHook:"))]
    assert "Diff resource logical Ids: [BlueTG]" in found[0].message


def test_image_changed_alone_adds_nothing():
    assert pair_update(HERE, "good_image_changed_alone.yaml") == []
