"""NBG-03: AdvancedConfiguration on all load balancer entries or on none."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_entry_without_advanced_configuration_next_to_one_with_it_is_an_error():
    path = HERE / "bad_mixed_entries.yaml"
    found = findings(path)
    assert summary(found) == [("E9D03", "Service", line_of(path, "ContainerPort: 9090", 2) - 1)]
    assert "Either all or none of the provided loadBalancers" in found[0].message


def test_single_entry_with_advanced_configuration_has_no_finding():
    assert findings(HERE / "good_native.yaml") == []
