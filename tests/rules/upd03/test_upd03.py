"""UPD-03: network, platform, registries and capacity of a deployed CODE_DEPLOY service."""

from pathlib import Path

from helpers import line_of, update_findings

HERE = Path(__file__).parent


def _update(name: str):
    return update_findings(HERE / name, HERE / "previous" / name)


def _lines(found, code: str):
    return [(f.rule, f.location.resource, f.location.line) for f in found if f.rule[1:] == code]


def test_changed_security_group_is_an_error():
    name = "bad_security_group_changed.yaml"
    found = _update(name)
    assert _lines(found, "9D63") == [("E9D63", "Service", line_of(HERE / name, "NetworkConfiguration:"))]
    assert "Unable to update network parameters" in found[0].message


def test_changed_platform_version_is_an_error():
    name = "bad_platform_version_changed.yaml"
    assert _lines(_update(name), "9D63") == [("E9D63", "Service", line_of(HERE / name, "PlatformVersion:"))]


def test_desired_count_is_an_allowed_update():
    assert _update("good_desired_count_changed.yaml") == []
