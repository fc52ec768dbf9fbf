"""CD-03: an ECS deployment group needs a sensible BlueGreenDeploymentConfiguration."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def group_properties_line(path: Path) -> int:
    start = line_of(path, "  DeploymentGroup:")
    lines = path.read_text().splitlines()
    return next(n for n in range(start, len(lines) + 1) if lines[n - 1].strip() == "Properties:")


def test_missing_configuration_is_an_error():
    path = HERE / "bad_missing_configuration.yaml"
    found = findings(path)
    assert summary(found) == [("E9C43", "DeploymentGroup", group_properties_line(path))]
    assert "For ECS deployment group, blueGreenDeploymentConfiguration must be specified" in found[0].message


def test_termination_wait_above_two_days_is_an_error():
    path = HERE / "bad_termination_wait.yaml"
    found = findings(path)
    assert summary(found) == [("E9C43", "DeploymentGroup", line_of(path, "TerminationWaitTimeInMinutes: 4320"))]
    assert "maximum setting is 2880 minutes" in found[0].message


def test_stop_deployment_without_wait_time_is_a_warning():
    path = HERE / "warn_stop_without_wait.yaml"
    found = findings(path)
    assert summary(found) == [("W9C43", "DeploymentGroup", line_of(path, "ActionOnTimeout: STOP_DEPLOYMENT"))]
    assert "no WaitTimeInMinutes" in found[0].message


def test_green_fleet_provisioning_is_a_warning():
    path = HERE / "warn_green_fleet.yaml"
    found = findings(path)
    assert summary(found) == [("W9C43", "DeploymentGroup", line_of(path, "GreenFleetProvisioningOption:"))]


def test_stop_deployment_with_a_wait_and_the_baseline_are_fine():
    assert findings(HERE / "good_stop_with_wait.yaml") == []
    assert findings(HERE.parent / "good_baseline.yaml") == []
