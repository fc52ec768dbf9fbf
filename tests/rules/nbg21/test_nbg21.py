"""NBG-21: VPC Lattice AdvancedConfiguration mirrors the load-balancer model (info only)."""

from pathlib import Path

import pytest
from helpers import findings, line_of, summary

HERE = Path(__file__).parent


@pytest.mark.parametrize(("fixture", "anchor", "text"), [
    ("bad_no_alternate.yaml", "AdvancedConfiguration:", "has no AlternateTargetGroupArn"),
    ("bad_alternate_is_primary.yaml", "AlternateTargetGroupArn: !Ref BlueLatticeTG", "entry's own TargetGroupArn"),
    ("bad_same_prod_and_test.yaml", "TestListenerRule: !Ref LatticeRule", "both the production and the test"),
    ("bad_green_not_forwarded.yaml", "AlternateTargetGroupArn: !Ref GreenLatticeTG", "is forwarded to by neither"),
])
def test_lattice_mismatch_is_an_info(fixture: str, anchor: str, text: str):
    path = HERE / fixture
    found = findings(path)
    assert summary(found) == [("I9D21", "Service", line_of(path, anchor))]
    assert text in found[0].message and "unconfirmed" in found[0].message


def test_unforwarded_target_group_points_at_the_rule():
    path = HERE / "bad_green_not_forwarded.yaml"
    (found,) = findings(path)
    assert [r.line for r in found.related] == [line_of(path, "TargetGroups:")]


@pytest.mark.parametrize("fixture", ["good_lattice.yaml", "good_lattice_test_rule.yaml"])
def test_wired_lattice_blue_green_has_no_finding(fixture: str):
    assert findings(HERE / fixture) == []
