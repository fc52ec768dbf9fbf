"""CD-01: the CodeDeploy application of an ECS deployment group must have ComputePlatform ECS."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_application_without_compute_platform_is_a_server_one():
    path = HERE / "bad_server_application.yaml"
    found = findings(path)
    assert summary(found) == [("E9C41", "DeploymentGroup", line_of(path, "ApplicationName: !Ref App"))]
    assert "Server (ComputePlatform is not set)" in found[0].message
    assert "Should not specify ECS services parameter for Server deployment group" in found[0].message
    assert [r.resource for r in found[0].related] == ["App"]


def test_application_named_by_its_physical_name_is_followed():
    path = HERE / "bad_application_by_name.yaml"
    found = findings(path)
    assert summary(found) == [("E9C41", "DeploymentGroup", line_of(path, "ApplicationName: web-app", 2))]
    assert "compute platform 'Lambda'" in found[0].message
    assert found[0].related[0].line == line_of(path, "ComputePlatform: Lambda")


def test_application_imported_from_another_stack_is_followed():
    folder = HERE / "bad_imported_server_application"
    found = findings(folder)
    web = folder / "web.yaml"
    assert summary(found) == [("E9C41", "DeploymentGroup", line_of(web, "ApplicationName: !ImportValue"))]
    assert "WebApp (stack apps)" in found[0].message
    assert [(r.stack, r.resource) for r in found[0].related] == [("apps", "WebApp")]


def test_application_outside_the_run_is_only_info():
    path = HERE / "info_application_outside_run.yaml"
    found = findings(path)
    assert summary(found) == [("I9C41", "DeploymentGroup", line_of(path, "ApplicationName: legacy-web"))]
    assert "cannot verify" in found[0].message and "'legacy-web'" in found[0].message


def test_ecs_application_by_name_and_the_baseline_are_fine():
    assert findings(HERE / "good_application_by_name.yaml") == []
    assert findings(HERE.parent / "good_baseline.yaml") == []
