"""CD-04: an ECS deployment group's `DeploymentConfigName` must be an ECS deployment configuration.

## What it does
Checks `DeploymentConfigName` of every `AWS::CodeDeploy::DeploymentGroup` that deploys ECS services:
- a `CodeDeployDefault.*` name must be one of the five ECS ones (`ECSAllAtOnce`,
  `ECSLinear10PercentEvery1Minutes`, `ECSLinear10PercentEvery3Minutes`, `ECSCanary10Percent5Minutes`,
  `ECSCanary10Percent15Minutes`); the Server (`AllAtOnce`, `HalfAtATime`, `OneAtATime`) and Lambda ones,
  and misspellings such as `ECSLinear10PercentEvery1Minute`, are errors; a difference only in letter case
  is a warning (the AWS guide itself writes `ECSCanary10percent5Minutes`);
- a `Ref` to (or the name of) an `AWS::CodeDeploy::DeploymentConfig` in the run must have
  `ComputePlatform: ECS` (omitted means `Server`);
- a missing `DeploymentConfigName` is a warning (the API default is `CodeDeployDefault.OneAtATime`, a
  Server configuration); a custom name that is not in the run cannot be verified (info).

## Why is this bad?
An ECS deployment needs a traffic-shifting (AllAtOnce, canary or linear) ECS configuration; a Server or
Lambda configuration does not apply to an ECS deployment group and CodeDeploy rejects it. No exact AWS
error text has been captured. The CDK accepts any string through
`EcsDeploymentConfig.from_ecs_deployment_config_name()` and an L1 `CfnDeploymentGroup` accepts anything.

## Example
```json
"DG": {"Type": "AWS::CodeDeploy::DeploymentGroup", "Properties": {
  "DeploymentConfigName": "CodeDeployDefault.AllAtOnce", "ECSServices": [...]}}
```

## Use instead
```json
"DG": {"Type": "AWS::CodeDeploy::DeploymentGroup", "Properties": {
  "DeploymentConfigName": "CodeDeployDefault.ECSAllAtOnce", "ECSServices": [...]}}
```

## CDK (Python) fix
```python
codedeploy.EcsDeploymentGroup(self, "DG", service=service, blue_green_deployment_config=...,
    deployment_config=codedeploy.EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES)
# L1: CfnDeploymentGroup(..., deployment_config_name="CodeDeployDefault.ECSAllAtOnce")
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import DEPLOYMENT_CONFIG, Model
from cfncheck.rules._legacy_base import ERROR, INFO, WARNING, Rule, Violation, group_label, unknown_reason
from cfncheck.template.values import MISSING, Lit, ResRef

ECS_CONFIGS = (
    "CodeDeployDefault.ECSAllAtOnce",
    "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
    "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
    "CodeDeployDefault.ECSCanary10Percent5Minutes",
    "CodeDeployDefault.ECSCanary10Percent15Minutes",
)
PATH = ("Properties", "DeploymentConfigName")


class EcsDeploymentConfig(Rule):
    code = "9C44"
    name = "CD-04"
    title = "An ECS deployment group's DeploymentConfigName must be an ECS deployment configuration"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Use deployment_config=codedeploy.EcsDeploymentConfig.ALL_AT_ONCE (or CANARY_10_PERCENT_5_MINUTES, "
           "LINEAR_10_PERCENT_EVERY_1_MINUTES, ...), or a codedeploy.EcsDeploymentConfig you define; with L1 "
           "CfnDeploymentGroup set deployment_config_name=\"CodeDeployDefault.ECSAllAtOnce\".")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            label = group_label(group.node)
            for br in model.values(group.node, "DeploymentConfigName", conds=group.conds):
                value = br.value
                if value is MISSING:
                    yield Violation(WARNING, group.node, ("Properties",),
                                    f"{label} deploys ECS services but sets no DeploymentConfigName; the API default "
                                    "is CodeDeployDefault.OneAtATime, a Server configuration: set an ECS one "
                                    "explicitly", conds=br.conds)
                elif isinstance(value, ResRef):
                    yield from self._config_resource(model, group.node, value.node, label, br.conds)
                elif isinstance(value, Lit) and isinstance(value.value, str):
                    yield from self._name(model, group.node, value.value, label, br.conds)
                else:
                    yield Violation(INFO, group.node, PATH,
                                    f"cannot verify the deployment configuration of {label}: {unknown_reason(value)}",
                                    conds=br.conds)

    def _name(self, model: Model, dg, name: str, label: str, conds) -> Iterable[Violation]:  # noqa: ANN001
        if name in ECS_CONFIGS:
            return
        folded = {c.lower(): c for c in ECS_CONFIGS}
        if name.lower() in folded:
            yield Violation(WARNING, dg, PATH,
                            f"{label} uses {name!r}, which differs from the ECS configuration "
                            f"{folded[name.lower()]!r} only in letter case; use the exact name", conds=conds)
            return
        if name.startswith("CodeDeployDefault."):
            yield Violation(ERROR, dg, PATH,
                            f"{label} deploys ECS services with {name!r}, which is not an ECS deployment "
                            f"configuration (those are {', '.join(ECS_CONFIGS)})", conds=conds)
            return
        configs = model.names(DEPLOYMENT_CONFIG, "DeploymentConfigName").get(name, [])
        if len(configs) == 1:
            yield from self._config_resource(model, dg, configs[0], label, conds)
            return
        yield Violation(INFO, dg, PATH,
                        f"cannot verify that the custom deployment configuration {name!r} of {label} is an ECS "
                        "one: it is not defined in this run", conds=conds)

    def _config_resource(self, model: Model, dg, config, label: str, conds) -> Iterable[Violation]:  # noqa: ANN001
        if config.type != DEPLOYMENT_CONFIG:
            yield Violation(INFO, dg, PATH,
                            f"cannot verify the deployment configuration of {label}: it refers to {config!r}, a "
                            f"{config.type or 'resource of unknown type'}", conds=conds)
            return
        for platform in model.values(config, "ComputePlatform", conds=conds):
            value = platform.value
            if value == Lit("ECS"):
                continue
            if isinstance(value, Lit) or value is MISSING:
                shown = "Server (ComputePlatform is not set)" if value is MISSING else repr(value.value)  # type: ignore[union-attr]
                yield Violation(ERROR, dg, PATH,
                                f"{label} deploys ECS services with deployment configuration {config.logical_id} "
                                f"(stack {config.stack.name}) whose compute platform is {shown}, not ECS",
                                [(config, ("Properties", "ComputePlatform"))], platform.conds)
            else:
                yield Violation(INFO, dg, PATH,
                                f"cannot verify the compute platform of deployment configuration "
                                f"{config.logical_id} used by {label}: {unknown_reason(value)}",
                                [(config, ("Properties", "ComputePlatform"))], platform.conds)
