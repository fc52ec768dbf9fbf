"""NBG-04: no AdvancedConfiguration on a Classic Load Balancer entry, no ELBv1/ELBv2 mix."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_classic_entry_with_advanced_configuration_is_an_error():
    path = HERE / "bad_classic_with_advanced.yaml"
    found = findings(path)
    assert summary(found) == [("E9D04", "Service", line_of(path, "AdvancedConfiguration:"))]
    assert "advancedConfiguration field is not allowed with ELBv1 loadBalancers" in found[0].message


def test_target_group_entry_has_no_finding():
    assert findings(HERE / "good_native.yaml") == []
