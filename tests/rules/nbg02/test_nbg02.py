"""NBG-02: a native strategy needs AdvancedConfiguration on every load balancer entry."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_blue_green_entry_without_advanced_configuration_is_an_error():
    path = HERE / "bad_no_advanced_configuration.yaml"
    found = findings(path)
    assert summary(found) == [("E9D02", "Service", line_of(path, "- ContainerName: web"))]
    assert "advancedConfiguration field is required for all loadBalancers" in found[0].message


def test_correct_native_blue_green_and_headless_service_have_no_finding():
    assert findings(HERE / "good_native.yaml") == []
    assert findings(HERE / "good_headless.yaml") == []
