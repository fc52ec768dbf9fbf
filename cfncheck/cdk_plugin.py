"""A CDK validation plugin: cfncheck's checks run inside ``cdk synth``, findings in the CDK's validation report.

Install cfncheck with the ``cdk`` extra, which brings aws-cdk-lib::

    pip install 'cfncheck[cdk]'

Register the plugin on the app (or on a ``Stage``, to check only that stage's stacks)::

    import aws_cdk as cdk
    from cfncheck.cdk_plugin import CfncheckValidationPlugin

    app = cdk.App()
    cdk.Validations.of(app).add_plugins(CfncheckValidationPlugin())
    # ... the app's stacks ...
    app.synth()

Keyword options:

- ``fail_on`` (``"error"``, the default, ``"warning"`` or ``"info"``): the lowest severity that fails synth.
- ``report_on`` (``"info"``, the default): the lowest severity reported at all.
- ``cfn_lint`` (``False``): also run cfn-lint's own rules in the same pass.
- ``config`` (``True``): apply the project's ``[tool.cfncheck]`` / ``.cfncheck.toml`` (found from the current
  directory upward, where ``cdk synth`` runs the app) as ``cfncheck check`` does: its ``ignore`` and
  ``severity``. A broken configuration file fails synth with an ``input-error`` violation naming it.

(aws-cdk-lib releases older than ``Validations`` take the plugin as
``cdk.App(policy_validation_beta1=[CfncheckValidationPlugin()])``; the plugin then builds the ``...Beta1``
report types.)

After the CDK has written the templates it calls the plugin with their paths. The plugin checks the
cloud assembly they lie in, so that cross-stack references resolve and nested stacks are found, and turns
every finding into a violation in the CDK's validation report. ``cdk synth`` prints the report and writes
it to ``cdk.out/validation-report.json``; when a finding is at or above ``fail_on`` the plugin reports
failure and synth fails (``Synthesis finished with errors``). A violation as printed::

    ERROR [CTRL-01] A service targeted by a CodeDeploy deployment group must use the CODE_DEPLOY deployment
    controller: ECS service 'bluegreen-web' (ServiceD69D759B) uses the ECS deployment controller, but
    deployment group DeploymentGroup6D277AF0 in stack BlueGreen deploys it with CodeDeploy; ... (cfncheck)
       BlueGreen/Service/Service (ServiceD69D759B) aws-cdk-lib.aws_ecs.CfnService
       Suggested fix: Set deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.
       CODE_DEPLOY) on the service and remove circuit_breaker= and deployment_alarms= (CODE_DEPLOY ...).
       Acknowledge with 'cfncheck::E9C01'

and in ``validation-report.json`` (abridged)::

    {"ruleName": "E9C01", "severity": "error",
     "description": "[CTRL-01] A service targeted by ...: ECS service 'bluegreen-web' ...",
     "suggestedFix": "Set deployment_controller=...",
     "ruleMetadata": {"check": "CTRL-01", "id": "E9C01", "source": "cfncheck",
                      "location": "cdk.out/BlueGreen.template.json:429:6", "documentation": "https://...",
                      "related": "BlueGreen/DeploymentGroup/Resource (cdk.out/BlueGreen.template.json:745)"},
     "violatingConstructs": [{"constructPath": "BlueGreen/Service/Service",
                              "constructFqn": "aws-cdk-lib.aws_ecs.CfnService",
                              "cloudFormationResource": {"templatePath": "BlueGreen.template.json",
                                                         "logicalId": "ServiceD69D759B",
                                                         "propertyPaths": ["Properties.DeploymentController.Type"]}}]}

``ruleName`` is the bare cfncheck ID (cfn-lint's findings: ``cfn-lint::E3002``) because the CDK derives the
acknowledgement it suggests from it, and ``cfncheck::E9C01`` is a name cfncheck accepts too::

    cdk.Validations.of(service).acknowledge(cdk.Acknowledgment(id="cfncheck::E9C01", reason="..."))

on the resource's construct or an ancestor: the finding no longer counts, and the CDK lists it under the
report's ``suppressedViolations``. (Acknowledged under another name cfncheck accepts, e.g.
``cfncheck::CTRL-01``, it is left out of the violations and named in the report's metadata.)

A file cfncheck cannot read becomes an ``input-error`` violation, which fails synth (the check did not run);
an unexpected failure becomes the plugin's error in the report. The plugin never raises into the CDK.

Only this module imports aws-cdk-lib; the rest of cfncheck works without it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

try:
    import aws_cdk as cdk
    import jsii
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("cfncheck.cdk_plugin needs aws-cdk-lib: pip install 'cfncheck[cdk]'") from exc

from cfncheck import __version__
from cfncheck.config import find_config
from cfncheck.engine import Request, Result, run
from cfncheck.errors import InputError
from cfncheck.findings import Finding, Location, Severity
from cfncheck.policy import Policy
from cfncheck.rules import all_rules, find_rule

PLUGIN_NAME = "cfncheck"  # also the namespace of acknowledgements: cfncheck::E9C01
INPUT_ERROR_RULE = "input-error"

# The stable API (IPolicyValidationPlugin, Validations.of(app).add_plugins) where the installed
# aws-cdk-lib has it, else the deprecated Beta1 one (App(policy_validation_beta1=[...])).
STABLE_API = hasattr(cdk, "IPolicyValidationPlugin") and hasattr(cdk, "Validations")
if STABLE_API:
    _Plugin: Any = cdk.IPolicyValidationPlugin
    _Report: Any = cdk.PolicyValidationPluginReport
    _Violation: Any = cdk.PolicyViolation
    _Resource: Any = cdk.PolicyViolatingResource
else:  # pragma: no cover - older aws-cdk-lib
    _Plugin = cdk.IPolicyValidationPluginBeta1
    _Report = cdk.PolicyValidationPluginReportBeta1
    _Violation = cdk.PolicyViolationBeta1
    _Resource = cdk.PolicyViolatingResourceBeta1


def _severity(value: Severity | str, option: str) -> Severity:
    if isinstance(value, Severity):
        return value
    try:
        return Severity.parse(str(value))
    except KeyError:
        choices = ", ".join(s.label for s in Severity)
        raise ValueError(f"{option}={value!r}: expected one of {choices}") from None


@jsii.implements(_Plugin)
class CfncheckValidationPlugin:
    """Runs cfncheck on the templates the CDK synthesizes; see the module docstring."""

    def __init__(self, *, fail_on: Severity | str = Severity.ERROR, report_on: Severity | str = Severity.INFO,
                 cfn_lint: bool = False, config: bool = True) -> None:
        self.fail_on = _severity(fail_on, "fail_on")
        self.report_on = _severity(report_on, "report_on")
        self.cfn_lint = bool(cfn_lint)
        self.config = bool(config)

    # -- the plugin interface ------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return PLUGIN_NAME

    @property
    def version(self) -> str:
        return __version__

    @property
    def rule_ids(self) -> list[str]:
        return [rule_id for rule in all_rules() for rule_id in rule.reportable_ids]

    def validate(self, context: Any) -> Any:
        """Check the app's templates. Never raises: a failure becomes a report the CDK shows."""
        try:
            template_paths = [os.path.abspath(p) for p in context.template_paths]
            stacks = _stack_paths(context)
            try:
                policy = Policy.of(find_config() if self.config else None)
            except InputError as exc:  # a broken configuration file: the check cannot run as configured
                return self.report(Result(errors=[exc]), stacks)
            return self.report(run(Request(assembly_inputs(template_paths), policy, cfn_lint=self.cfn_lint,
                                               keep_model=False)), stacks)
        except Exception as exc:  # noqa: BLE001 - the CDK must get a report, not a Python traceback
            # No violations and success=False: the CDK shows metadata["error"] as the plugin's failure.
            return _Report(success=False, violations=[], plugin_version=__version__,
                           metadata={"error": f"cfncheck failed: {type(exc).__name__}: {exc}"})

    # -- building the report -------------------------------------------------------------------------

    def report(self, result: Result, stack_paths: dict[str, str] | None = None) -> Any:
        """The CDK report for a cfncheck result; ``stack_paths`` maps absolute template paths to the
        construct paths of their stacks (for violations that are not about one resource)."""
        stack_paths = stack_paths or {}
        violations = [_input_violation(err, stack_paths) for err in result.errors]
        acks = _acknowledgements(result)
        acknowledged: list[str] = []
        failed = bool(result.errors)
        for finding in result.findings:
            if finding.severity < self.report_on:
                continue
            violation = _violation(finding, stack_paths)
            if getattr(finding, "suppressed", None):  # acknowledged in the app: does not count
                if _cdk_suppresses(violation.rule_name, finding.location, acks):
                    violations.append(violation)  # the CDK moves it to the report's suppressedViolations
                else:  # acknowledged under another name cfncheck accepts (cfncheck::CTRL-01)
                    acknowledged.append(f"{finding.rule} {_where(finding.location)}: {finding.suppressed}")
                continue
            violations.append(violation)
            failed = failed or finding.severity >= self.fail_on
        metadata = {"stacks": str(len(result.stacks)), "fail_on": self.fail_on.label}
        if acknowledged:
            metadata["acknowledged"] = "; ".join(acknowledged)
        notes = getattr(result, "notes", None)
        if notes:
            metadata["notes"] = "; ".join(notes)
        return _Report(success=not failed, violations=violations, plugin_version=__version__, metadata=metadata)


def assembly_inputs(template_paths: Sequence[str]) -> list[Path]:
    """What to give cfncheck for the CDK's template paths: the cloud assembly directory they lie in (its
    ``manifest.json`` leads to nested stacks, Stage assemblies and construct paths), else the files."""
    if not template_paths:
        return []
    common = Path(os.path.commonpath([os.path.dirname(p) for p in template_paths]))
    if (common / "manifest.json").is_file():
        return [common]
    return [Path(p) for p in template_paths]


def _stack_paths(context: Any) -> dict[str, str]:
    """Absolute template path -> the stack's construct path (the Beta1 context has no ``stack_templates``)."""
    stacks = getattr(context, "stack_templates", None) or []
    return {os.path.abspath(s.template_path): s.stack_construct_path for s in stacks}


def _acknowledgements(result: Result) -> dict[str, set[str]]:
    """Construct path -> the rule IDs acknowledged on it (``Validations.of(c).acknowledge()``), all stacks."""
    out: dict[str, set[str]] = {}
    for stack in result.stacks:
        for path, rules in (getattr(stack, "acknowledgements", None) or {}).items():
            out.setdefault(path.strip("/"), set()).update(rules)
    return out


def _cdk_suppresses(rule_name: str, location: Location, acks: dict[str, set[str]]) -> bool:
    """Whether the CDK will match the violation to an acknowledgement itself: it looks for exactly
    ``<namespace>::<rule name>`` on the violating construct or one of its ancestors."""
    wanted = rule_name if "::" in rule_name else f"{PLUGIN_NAME}::{rule_name}"
    path = (location.construct_path or "").strip("/")
    while True:
        if wanted in acks.get(path, ()):
            return True
        if not path:
            return False
        path = path.rpartition("/")[0]


def property_path(path: Sequence[str | int]) -> str:
    """A template key path as the CDK wants a violation's location: relative to the resource,
    dot-separated (``Properties.DeploymentController.Type``); from the template root when the path is
    not inside a resource (``Outputs.ServiceName``)."""
    keys = list(path)
    if len(keys) >= 2 and keys[0] == "Resources":
        keys = keys[2:]
    return ".".join(str(k) for k in keys)


def _construct_path(location: Location, stack_paths: dict[str, str]) -> str | None:
    if location.construct_path:
        return location.construct_path.strip("/")
    if location.resource is None:  # about the stack itself
        return stack_paths.get(os.path.abspath(location.template))
    return None  # the CDK finds it from the template and the logical ID


def _resource(location: Location, stack_paths: dict[str, str]) -> Any:
    prop = property_path(location.path)
    template = os.path.abspath(location.template)
    if not STABLE_API:  # Beta1 requires a logical ID and a template, and has no construct path
        return _Resource(resource_logical_id=location.resource or "", template_path=template,
                         locations=[prop] if prop else [])
    return _Resource(resource_logical_id=location.resource, template_path=template,
                     locations=[prop] if prop else [], construct_path=_construct_path(location, stack_paths))


def _where(location: Location) -> str:
    name = location.construct_path.strip("/") if location.construct_path else location.resource
    return f"{name or location.stack} ({location.template}:{location.line})"


def _violation(finding: Finding, stack_paths: dict[str, str]) -> Any:
    rule = find_rule(finding.rule) if finding.source == "cfncheck" else None
    title = getattr(finding, "title", None) or (rule.title if rule else None)
    help_uri = getattr(finding, "help_uri", None) or (rule.source_url if rule else None)
    own = finding.source == "cfncheck"
    description = f"{title}: {finding.message}" if title else finding.message
    if own:
        description = f"[{finding.check}] {description}"
    metadata = {"check": finding.check, "id": finding.rule, "source": finding.source,
                "location": f"{finding.location.template}:{finding.location.line}:{finding.location.column}"}
    if help_uri:
        metadata["documentation"] = help_uri
    if finding.related:
        metadata["related"] = "; ".join(_where(r) for r in finding.related)
    fix = finding.fix or (f"See {help_uri}" if help_uri else None)
    return _Violation(
        rule_name=finding.rule if own else f"{finding.source}::{finding.rule}",
        description=description,
        fix=fix,
        severity=finding.severity.label,
        rule_metadata=metadata,
        violating_resources=[_resource(finding.location, stack_paths)],
    )


def _input_violation(error: InputError, stack_paths: dict[str, str]) -> Any:
    template = os.path.abspath(error.path) if error.path is not None else None
    if STABLE_API:
        resource = _Resource(locations=[], template_path=template,
                             construct_path=stack_paths.get(template) if template else None)
    else:
        resource = _Resource(resource_logical_id="", template_path=template or "", locations=[])
    return _Violation(
        rule_name=INPUT_ERROR_RULE,
        description=f"cfncheck could not check the templates: {error}",
        severity=Severity.ERROR.label,
        violating_resources=[resource],
    )
