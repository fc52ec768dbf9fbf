"""NBG-14: linear, canary and bake-time ranges."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_linear_step_percent_and_step_bake_time_out_of_range():
    path = HERE / "bad_linear_ranges.yaml"
    found = findings(path)
    assert summary(found) == [("E9D14", "Service", line_of(path, "StepPercent: 2.5")),
                              ("E9D14", "Service", line_of(path, "StepBakeTimeInMinutes: 2000"))]
    assert "from 3 to 100" in found[0].message and "from 0 to 1440" in found[1].message


def test_canary_percent_not_a_multiple_of_a_tenth():
    path = HERE / "bad_canary_percent.yaml"
    found = findings(path)
    assert summary(found) == [("E9D14", "Service", line_of(path, "CanaryPercent: 5.05"))]
    assert "multiple of 0.1" in found[0].message


def test_linear_within_range_has_no_finding():
    assert findings(HERE / "good_linear.yaml") == []
