"""cfncheck's CDK validation plugin (cfncheck.cdk_plugin): a real aws-cdk-lib synth of a small app with the
plugin registered (the broken variant fails with cfncheck's finding in the CDK's validation report, the
acknowledged and the fixed ones synthesize); then the plugin's report building, in process, on the sample
assemblies."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import SAMPLES, TESTS

from cfncheck.engine import Result, check_paths
from cfncheck.findings import Finding, Location, Severity

APP = TESTS / "cdk_plugin_app" / "app.py"
SILENCE_NODE = {
    # jsii prints a large banner on every run when the local Node.js release is past its end of life.
    "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20",
    "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
}
# What `cdk synth` puts into the app's context (path metadata on), as the samples' synth.py does.
CLI_CONTEXT = {
    "aws:cdk:enable-path-metadata": True,
    "aws:cdk:enable-asset-metadata": True,
    "aws:cdk:disable-version-reporting": True,
}
SERVICE = "BlueGreen/Service/Service"
GROUP = "BlueGreen/DeploymentGroup/Resource"


def _start_synth(flavour: str, out_dir: Path) -> subprocess.Popen:
    """Run the app the way the CDK CLI does: context in CDK_CONTEXT_JSON, output directory in CDK_OUTDIR."""
    # PYTEST_* in the environment switches the CDK to its in-memory (unit test) mode, where the report
    # comes back only inside the exception; a user's `cdk synth` runs the app without them.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    for key in ("CDK_DEFAULT_ACCOUNT", "CDK_DEFAULT_REGION", "CDK_DEBUG", "CDK_APP_MODE"):
        env.pop(key, None)
    env.update(SILENCE_NODE)
    env.update({
        # Turns off only the CDK's built-in "CloudFormation Validate" plugin (about 6 s per synth);
        # plugins registered with Validations.of(app).add_plugins() still run.
        "CDK_VALIDATION": "false",
        "CDK_OUTDIR": str(out_dir),
        "CDK_CONTEXT_JSON": json.dumps({**CLI_CONTEXT, "flavour": flavour}),
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    return subprocess.Popen([sys.executable, str(APP)], cwd=out_dir.parent, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def synths(tmp_path_factory) -> dict[str, SimpleNamespace]:
    """Every variant, synthesized in parallel (a second or two each)."""
    root = tmp_path_factory.mktemp("cdk_plugin")
    started = {flavour: (_start_synth(flavour, root / f"cdk.out.{flavour}"), root / f"cdk.out.{flavour}")
               for flavour in ("broken", "acknowledged", "fixed")}
    done = {}
    for flavour, (proc, out_dir) in started.items():
        try:
            stdout, stderr = proc.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        done[flavour] = SimpleNamespace(returncode=proc.returncode, stdout=stdout, stderr=stderr, out=out_dir)
    return done


def _cfncheck_report(out_dir: Path) -> dict:
    report = json.loads((out_dir / "validation-report.json").read_text())
    mine = [r for r in report["pluginReports"] if r["pluginName"] == "cfncheck"]
    assert len(mine) == 1, report
    return mine[0]


def test_broken_app_fails_synth_with_the_finding_in_the_cdk_report(synths):
    run = synths["broken"]
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "ValidationFailed" in output, output
    # The CDK's printed report: severity, the rule, the construct path with its logical ID, the fix, and
    # the acknowledgement the CDK derives from the rule name.
    assert re.search(r"ERROR \[CTRL-01\] A service targeted by a CodeDeploy deployment group", output), output
    assert re.search(rf"{SERVICE} \(Service[0-9A-F]{{8}}\) aws-cdk-lib\.aws_ecs\.CfnService", output), output
    assert "Suggested fix: Set deployment_controller=ecs.DeploymentController(" in output
    assert "Acknowledge with 'cfncheck::E9C01'" in output

    report = _cfncheck_report(run.out)
    assert report["conclusion"] == "failure"
    assert report["pluginVersion"]
    errors = [v for v in report["violations"] if v["severity"] == "error"]
    assert [v["ruleName"] for v in errors] == ["E9C01"], report
    (violation,) = errors
    assert violation["ruleMetadata"]["check"] == "CTRL-01"
    assert violation["ruleMetadata"]["related"].startswith(GROUP)
    assert "circuit_breaker=" in violation["suggestedFix"]
    (construct,) = violation["violatingConstructs"]
    assert construct["constructPath"] == SERVICE
    assert construct["constructFqn"] == "aws-cdk-lib.aws_ecs.CfnService"
    resource = construct["cloudFormationResource"]
    assert resource["templatePath"] == "BlueGreen.template.json"
    assert resource["propertyPaths"] == ["Properties.DeploymentController.Type"]
    template = json.loads((run.out / "BlueGreen.template.json").read_text())
    assert template["Resources"][resource["logicalId"]]["Type"] == "AWS::ECS::Service"

    # The plugin reports what the cfncheck CLI finds in the same cloud assembly.
    found = check_paths([run.out]).findings
    assert sorted((f.rule, f.location.construct_path.strip("/")) for f in found) == sorted(
        (v["ruleName"], c["constructPath"]) for v in report["violations"] for c in v["violatingConstructs"])


def test_fixed_app_synthesizes(synths):
    run = synths["fixed"]
    assert run.returncode == 0, run.stdout + run.stderr
    assert (run.out / "BlueGreen.template.json").is_file()
    report = json.loads((run.out / "validation-report.json").read_text())
    mine = [r for r in report["pluginReports"] if r["pluginName"] == "cfncheck"]
    # Nothing at or above the default fail_on (error): success, and nothing else worth reporting either.
    assert all(r["conclusion"] == "success" for r in mine), report
    assert {v["severity"] for r in mine for v in r["violations"]} <= {"info"}, report
    assert "E9C01" not in run.stdout + run.stderr


def test_acknowledged_finding_does_not_fail_synth(synths):
    run = synths["acknowledged"]
    assert run.returncode == 0, run.stdout + run.stderr
    assert "E9C01" not in run.stdout + run.stderr
    report = _cfncheck_report(run.out)
    assert report["conclusion"] == "success"
    assert [v["severity"] for v in report["violations"]] == [], report
    # The CDK itself matched the acknowledgement it suggests ('cfncheck::E9C01') to the violation.
    (suppressed,) = report["suppressedViolations"]
    assert (suppressed["ruleName"], suppressed["acknowledgedId"]) == ("E9C01", "cfncheck::E9C01")
    assert suppressed["acknowledgedAt"] == "BlueGreen/Service"
    assert suppressed["reason"] == "the controller is switched before the first deploy"
    assert suppressed["violatingConstructs"][0]["constructPath"] == SERVICE


# -- the plugin in process: what it makes of cfncheck's results ---------------------------------------------


@pytest.fixture(scope="module")
def plugin_module():
    with pytest.MonkeyPatch.context() as mp:
        for key, value in SILENCE_NODE.items():
            mp.setenv(key, value)
        import cfncheck.cdk_plugin as module  # starts the jsii runtime on first import
    return module


def _context(*template_paths: Path, stacks: dict[str, str] | None = None) -> SimpleNamespace:
    """What the CDK passes to validate(): the templates' absolute paths and their stacks' construct paths."""
    stack_templates = [SimpleNamespace(template_path=str(p), stack_construct_path=(stacks or {}).get(p.name, p.stem))
                       for p in template_paths]
    return SimpleNamespace(template_paths=[str(p) for p in template_paths], stack_templates=stack_templates)


def _templates(assembly: Path) -> list[Path]:
    manifest = json.loads((assembly / "manifest.json").read_text())
    return [assembly / a["properties"]["templateFile"] for a in manifest["artifacts"].values()
            if a["type"] == "aws:cloudformation:stack"]


def test_sample_assembly_every_finding_becomes_a_violation(plugin_module):
    assembly = SAMPLES / "payment-platform" / "cdk.out.broken-sibling"
    report = plugin_module.CfncheckValidationPlugin().validate(_context(*_templates(assembly)))
    assert isinstance(report, plugin_module.cdk.PolicyValidationPluginReport)
    assert report.success is False
    expected = check_paths([assembly]).findings
    assert [(v.rule_name, v.severity) for v in report.violations] == [(f.rule, f.severity.label) for f in expected]
    assert report.metadata["stacks"] == "8"
    by_rule = {v.rule_name: v for v in report.violations}
    e9c01 = by_rule["E9C01"]
    assert e9c01.description.startswith("[CTRL-01] A service targeted by a CodeDeploy deployment group")
    assert e9c01.fix and "CODE_DEPLOY" in e9c01.fix
    (resource,) = e9c01.violating_resources
    assert resource.construct_path == "PaymentPlatform-Ecs/PaymentsApiService/Service"
    assert resource.resource_logical_id == "PaymentsApiServiceB855542B"
    assert resource.template_path == str(assembly.resolve() / "PaymentPlatform-Ecs.template.json")
    assert all("/" not in loc and not loc.startswith("Resources") for loc in resource.locations)
    assert {v.severity for v in report.violations} == {"error"}


def test_nested_stacks_are_checked_from_the_assembly(plugin_module):
    assembly = SAMPLES / "payment-platform" / "cdk.out.broken-nested"
    templates = _templates(assembly)
    assert [p.name for p in templates] == ["PaymentPlatform.template.json"]  # nested templates are assets
    assert plugin_module.assembly_inputs([str(p) for p in templates]) == [assembly]
    report = plugin_module.CfncheckValidationPlugin().validate(_context(*templates))
    e9c01 = next(v for v in report.violations if v.rule_name == "E9C01")
    assert e9c01.violating_resources[0].template_path.endswith(".nested.template.json")
    assert report.success is False


def test_fail_on_and_report_on(plugin_module):
    # a template whose only finding is an info (a CODE_DEPLOY service no group of the run deploys)
    context = _context(TESTS / "regressions" / "select_unicode_digit.json")
    default = plugin_module.CfncheckValidationPlugin().validate(context)
    assert default.success is True
    assert {v.rule_name for v in default.violations} == {"I9C01"}
    strict = plugin_module.CfncheckValidationPlugin(fail_on="info").validate(context)
    assert strict.success is False
    quiet = plugin_module.CfncheckValidationPlugin(report_on=Severity.WARNING).validate(context)
    assert (quiet.success, quiet.violations) == (True, [])
    with pytest.raises(ValueError, match="fail_on='fatal'"):
        plugin_module.CfncheckValidationPlugin(fail_on="fatal")


def test_acknowledged_findings_do_not_count(plugin_module):
    assembly = SAMPLES / "payment-platform" / "cdk.out.broken-sibling"
    result = check_paths([assembly])
    for f in result.findings:
        f.suppressed = "acknowledged on PaymentPlatform-Ecs: known"
    ecs = next(s for s in result.stacks if s.name == "PaymentPlatform-Ecs")
    ecs.acknowledgements = {"PaymentPlatform-Ecs/PaymentsApiService": {"cfncheck::E9C01": "known"},
                            "PaymentPlatform-Ecs": {"cfncheck::CTRL-02": "known"}}
    report = plugin_module.CfncheckValidationPlugin().report(result)
    assert report.success is True
    # Acknowledged as the CDK suggests: reported, for the CDK to list under suppressedViolations.
    assert [v.rule_name for v in report.violations] == ["E9C01"]
    # Acknowledged under another name: only in the metadata.
    assert "E9C02 PaymentPlatform-Ecs/NotificationsService/Service" in report.metadata["acknowledged"]
    assert "E9C01" not in report.metadata["acknowledged"]


def test_input_error_is_a_violation_not_a_crash(plugin_module, tmp_path):
    bad = tmp_path / "Broken.template.json"
    bad.write_text("{not json")
    report = plugin_module.CfncheckValidationPlugin().validate(_context(bad, stacks={bad.name: "Broken"}))
    assert report.success is False
    (violation,) = report.violations
    assert (violation.rule_name, violation.severity) == ("input-error", "error")
    assert "Broken.template.json" in violation.description
    (resource,) = violation.violating_resources
    assert (resource.template_path, resource.construct_path) == (str(bad), "Broken")


def test_a_crash_is_reported_not_raised(plugin_module, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("kaput")

    monkeypatch.setattr(plugin_module, "run", boom)
    report = plugin_module.CfncheckValidationPlugin().validate(_context(Path("/nowhere/X.template.json")))
    assert (report.success, report.violations) == (False, [])
    assert report.metadata["error"] == "cfncheck failed: RuntimeError: kaput"


def test_beta1_structs_for_older_aws_cdk_lib(plugin_module, monkeypatch, tmp_path):
    cdk = plugin_module.cdk
    monkeypatch.setattr(plugin_module, "STABLE_API", False)
    monkeypatch.setattr(plugin_module, "_Report", cdk.PolicyValidationPluginReportBeta1)
    monkeypatch.setattr(plugin_module, "_Violation", cdk.PolicyViolationBeta1)
    monkeypatch.setattr(plugin_module, "_Resource", cdk.PolicyViolatingResourceBeta1)
    assembly = SAMPLES / "payment-platform" / "cdk.out.broken-sibling"
    context = SimpleNamespace(template_paths=[str(p) for p in _templates(assembly)])  # Beta1: no stack_templates
    report = plugin_module.CfncheckValidationPlugin().validate(context)
    assert isinstance(report, cdk.PolicyValidationPluginReportBeta1)
    assert report.success is False
    assert isinstance(report.violations[0], cdk.PolicyViolationBeta1)
    missing = plugin_module.CfncheckValidationPlugin().validate(SimpleNamespace(template_paths=[str(tmp_path / "x")]))
    assert missing.violations[0].violating_resources[0].resource_logical_id == ""


def test_cfn_lint_findings(plugin_module, monkeypatch):
    template = SAMPLES / "payment-platform" / "cdk.out.fixed-sibling" / "PaymentPlatform-Ecs.template.json"
    linted = Finding(rule="E3002", check="E3002", severity=Severity.ERROR, message="Additional properties",
                     location=Location(stack="PaymentPlatform-Ecs", template=str(template), resource="Svc",
                                       resource_type="AWS::ECS::Service", path=("Resources", "Svc", "Properties"),
                                       line=3, column=5),
                     source="cfn-lint")
    calls = []

    def fake_run(request):
        calls.append(request.cfn_lint)
        return Result(findings=[linted])

    monkeypatch.setattr(plugin_module, "run", fake_run)
    report = plugin_module.CfncheckValidationPlugin(cfn_lint=True).validate(_context(template))
    assert calls == [True]
    (violation,) = report.violations
    # Named in cfn-lint's namespace: the CDK suggests acknowledging 'cfn-lint::E3002', which cfncheck accepts.
    assert (violation.rule_name, violation.description) == ("cfn-lint::E3002", "Additional properties")
    assert violation.violating_resources[0].locations == ["Properties"]
    assert report.success is False


def test_property_path(plugin_module):
    assert plugin_module.property_path(("Resources", "Svc", "Properties", "LoadBalancers", 0, "TargetGroupArn")) == (
        "Properties.LoadBalancers.0.TargetGroupArn")
    assert plugin_module.property_path(("Resources", "Svc")) == ""
    assert plugin_module.property_path(("Outputs", "Name", "Value")) == "Outputs.Name.Value"


def test_cfncheck_works_without_aws_cdk_lib():
    code = (
        "import sys\n"
        "sys.modules['aws_cdk'] = None  # as if aws-cdk-lib were not installed\n"
        "import cfncheck.cli, cfncheck.engine\n"
        "try:\n"
        "    import cfncheck.cdk_plugin\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "pip install 'cfncheck[cdk]'" in proc.stdout


def test_result_type_is_the_engines(plugin_module):
    report = plugin_module.CfncheckValidationPlugin().report(Result())
    assert (report.success, report.violations, report.metadata["stacks"]) == (True, [], "0")
