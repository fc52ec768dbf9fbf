"""HOOK-02: a template with the blue/green hook has no exports, imports, nested stacks or obfuscated parameters."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def at_template(path: Path, key: str, nth: int = 1) -> tuple[str | None, int]:
    """A finding about a template section (Transform, Hooks, Outputs, Parameters) sits on that key."""
    return None, line_of(path, key, nth)


def test_outputs_and_import_value():
    path = HERE / "bad_outputs_and_import.yaml"
    found = findings(path)
    assert sorted(summary(found), key=str) == sorted([
        ("E9D52", *at_template(path, "Outputs:")),
        ("E9D52", "Service", line_of(path, "Value: !ImportValue platform-team-name"))], key=str)
    found.sort(key=lambda f: "Outputs" not in f.message)
    assert "exports Outputs (ServiceName)" in found[0].message
    assert "Declaring output values or importing values from other stacks isn't currently supported" in found[0].message
    assert "uses Fn::ImportValue" in found[1].message and "CodeDeployBlueGreenHook" in found[1].message


def test_nested_stack_resource_in_the_hook_template():
    path = HERE / "bad_nested_stack_resource.yaml"
    found = findings(path)
    assert summary(found) == [("E9D52", "Monitoring", line_of(path, "Type: AWS::CloudFormation::Stack"))]
    assert "cannot contain nested stacks" in found[0].message


def test_hook_template_that_is_itself_a_nested_stack():
    assembly = HERE / "nested.out"
    child = assembly / "WebChild.nested.template.json"
    found = findings(assembly)
    assert summary(found) == [("E9D52", *at_template(child, '"CodeDeployBlueGreenHook": {'))]
    assert found[0].location.stack == "Platform/Web"
    assert "is a nested stack of Platform (Web)" in found[0].message
    assert [(r.stack, r.resource) for r in found[0].related] == [("Platform", "Web")]


def test_consumer_of_the_hook_stacks_export():
    folder = HERE / "consumer"
    found = findings(folder)
    assert [(f.rule, f.location.stack, f.location.resource) for f in found] == [
        ("E9D52", "dashboard", "Dashboard"), ("E9D52", "web", at_template(folder / "web.yaml", "Outputs:")[0])]
    assert found[0].location.line == line_of(folder / "dashboard.yaml", "Name: !ImportValue web-service-name")
    assert "imports 'web-service-name', an export of stack web" in found[0].message


def test_no_echo_parameter_and_dynamic_reference_are_warnings():
    path = HERE / "warn_no_echo_and_dynamic_reference.yaml"
    found = findings(path)
    assert summary(found) == [
        ("W9D52", "BlueTaskDefinition", line_of(path, "Image: '{{resolve:ssm:/web/image-uri}}'")),
        ("W9D52", "BlueTaskDefinition", line_of(path, "Value: !Ref ApiKey")),
    ]
    assert "dynamic reference" in found[0].message
    assert "parameter ApiKey" in found[1].message and "NoEcho" in found[1].message


def test_fixed_template_is_silent():
    assert findings(HERE / "good_no_outputs.yaml") == []


def test_plain_outputs_without_export_are_not_reported():
    """AWS's own hook sample (aws-reinvent-trivia-game) deploys plain Outputs; only exports are reported."""
    assert findings(HERE / "good_plain_outputs.yaml") == []
