"""HOOK-06: no service discovery (ServiceRegistries) on task sets the blue/green hook manages."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_blue_task_set_with_service_registries():
    path = HERE / "warn_task_set_service_registries.yaml"
    found = findings(path)
    assert summary(found) == [("W9D56", "BlueTaskSet", line_of(path, "ServiceRegistries:"))]
    assert "managed by blue/green hook CodeDeployBlueGreenHook" in found[0].message
    assert "already exist[s]" in found[0].message


def test_task_set_without_registries_is_silent():
    assert findings(HERE / "good_no_service_registries.yaml") == []
