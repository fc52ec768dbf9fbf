"""EXT-03: migrating a deployed service to or from EXTERNAL."""

from pathlib import Path

from helpers import line_of, update_findings

HERE = Path(__file__).parent


def _update(name: str):
    return update_findings(HERE / name, HERE / "previous" / name)


def _lines(found, code: str):
    return [(f.rule, f.location.resource, f.location.line) for f in found if f.rule[1:] == code]


def test_ecs_to_external_is_a_warning():
    found = _update("warn_ecs_to_external.yaml")
    assert _lines(found, "9C93") == [("W9C93", "Service", line_of(HERE / "warn_ecs_to_external.yaml",
                                                                   "DeploymentController"))]
    assert "ACTIVE" in found[0].message


def test_external_to_ecs_is_a_warning():
    found = _update("warn_external_to_ecs.yaml")
    assert [f.rule for f in found] == ["W9C93"] and "TaskSet" in found[0].message


def test_unchanged_external_adds_nothing():
    assert _update("good_external_unchanged.yaml") == []
