"""EXT-03: migrating a deployed service to or from EXTERNAL."""

from pathlib import Path

from helpers import line_of, located, pair_update

HERE = Path(__file__).parent


def test_ecs_to_external_is_a_warning():
    found = pair_update(HERE, "warn_ecs_to_external.yaml")
    assert located(found, "9C93") == [("W9C93", "Service", line_of(HERE / "warn_ecs_to_external.yaml",
                                                                   "DeploymentController"))]
    assert "ACTIVE" in found[0].message


def test_external_to_ecs_is_a_warning():
    found = pair_update(HERE, "warn_external_to_ecs.yaml")
    assert [f.rule for f in found] == ["W9C93"] and "TaskSet" in found[0].message


def test_unchanged_external_adds_nothing():
    assert pair_update(HERE, "good_external_unchanged.yaml") == []
