"""NBG-05: distinct target groups across load balancer entries."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_duplicate_target_group_is_an_error_and_shared_alternate_a_warning():
    path = HERE / "bad_duplicate_target_group.yaml"
    found = findings(path)
    assert summary(found) == [
        ("E9D05", "Service", line_of(path, "TargetGroupArn: !Ref BlueTG", 3)),
        ("W9D05", "Service", line_of(path, "AlternateTargetGroupArn: !Ref GreenTG", 2)),
    ]
    assert "Duplicate targetGroupArn found" in found[0].message
    assert [r.line for r in found[0].related] == [line_of(path, "TargetGroupArn: !Ref BlueTG", 2)]


def test_alternate_equal_to_primary_is_a_warning():
    path = HERE / "warn_alternate_is_primary.yaml"
    found = findings(path)
    assert summary(found) == [("W9D05", "Service", line_of(path, "AlternateTargetGroupArn: !Ref BlueTG"))]
    assert "its own TargetGroupArn" in found[0].message


def test_distinct_target_groups_have_no_finding():
    assert findings(HERE / "good_native.yaml") == []
