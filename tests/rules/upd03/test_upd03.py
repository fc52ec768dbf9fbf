"""UPD-03: network, platform, registries and capacity of a deployed CODE_DEPLOY service."""

from pathlib import Path

from helpers import line_of, located, pair_update

HERE = Path(__file__).parent


def test_changed_security_group_is_an_error():
    name = "bad_security_group_changed.yaml"
    found = pair_update(HERE, name)
    assert located(found, "9D63") == [("E9D63", "Service", line_of(HERE / name, "NetworkConfiguration:"))]
    assert "Unable to update network parameters" in found[0].message


def test_changed_platform_version_is_an_error():
    name = "bad_platform_version_changed.yaml"
    assert located(pair_update(HERE, name), "9D63") == [("E9D63", "Service", line_of(HERE / name, "PlatformVersion:"))]


def test_desired_count_is_an_allowed_update():
    assert pair_update(HERE, "good_desired_count_changed.yaml") == []
