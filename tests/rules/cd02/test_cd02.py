"""CD-02: an ECS deployment group's DeploymentStyle must be BLUE_GREEN with WITH_TRAFFIC_CONTROL."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def group_properties_line(path: Path) -> int:
    start = line_of(path, "  DeploymentGroup:")
    lines = path.read_text().splitlines()
    return next(n for n in range(start, len(lines) + 1) if lines[n - 1].strip() == "Properties:")


def test_missing_style_means_in_place():
    path = HERE / "bad_missing_style.yaml"
    found = findings(path)
    assert summary(found) == [("E9C42", "DeploymentGroup", group_properties_line(path))]
    assert "sets no DeploymentStyle" in found[0].message
    assert "For ECS deployment, the deployment type must be BLUE_GREEN" in found[0].message


def test_in_place_without_traffic_control_is_one_error():
    path = HERE / "bad_in_place.yaml"
    found = findings(path)
    assert summary(found) == [("E9C42", "DeploymentGroup", line_of(path, "DeploymentType: IN_PLACE"))]
    assert "'IN_PLACE' and DeploymentOption is 'WITHOUT_TRAFFIC_CONTROL'" in found[0].message


def test_missing_option_points_at_the_style():
    path = HERE / "bad_missing_option.yaml"
    found = findings(path)
    assert summary(found) == [("E9C42", "DeploymentGroup", line_of(path, "DeploymentStyle:"))]
    assert "DeploymentOption is not set (so WITHOUT_TRAFFIC_CONTROL)" in found[0].message


def test_parameter_cannot_be_verified():
    path = HERE / "info_parameter_type.yaml"
    found = findings(path)
    assert summary(found) == [("I9C42", "DeploymentGroup", line_of(path, "DeploymentType: !Ref DeploymentType"))]
    assert "parameter DeploymentType" in found[0].message


def test_blue_green_with_traffic_control_is_fine():
    assert findings(HERE.parent / "good_baseline.yaml") == []


def test_blue_green_with_traffic_control_in_any_key_order_is_fine():
    assert findings(HERE / "good_blue_green_with_traffic_control.yaml") == []
