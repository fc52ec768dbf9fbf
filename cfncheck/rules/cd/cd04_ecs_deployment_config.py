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

Names are read as the model reads them for every rule: whether CodeDeploy matches a name regardless of
letter case is documented nowhere (AWS fixed the guide's own lower-case `percent` in 2020, and no deploy
report of a case variant exists), so a name that differs from an ECS configuration only in letter case is
taken as that configuration, here and in LB-09, with this rule's warning to spell it exactly. Any other name
starting with `CodeDeployDefault.` (in any letter case: custom names may not use the prefix) is a predefined
configuration of another platform: an error here, and LB-09 says nothing about it. A custom name is matched
among the configurations of the deployment group's own Stage first, as CD-05 does, so two Stages that both
define `quotes-canary` each resolve to their own.

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

## CDK (TypeScript) fix
```ts
new codedeploy.EcsDeploymentGroup(this, 'DG', { service, blueGreenDeploymentConfig: { /* ... */ },
  deploymentConfig: codedeploy.EcsDeploymentConfig.CANARY_10PERCENT_5MINUTES });
// L1: new codedeploy.CfnDeploymentGroup(this, 'DG', { /* ..., */
//   deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' });
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import reason
from cfncheck.model.codedeploy import ECS_CONFIGS, ConfigName, DeploymentConfig, DeploymentGroup
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit, ResRef


class EcsDeploymentConfig(Rule):
    code = "9C44"
    name = "CD-04"
    title = "An ECS deployment group's DeploymentConfigName must be an ECS deployment configuration"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Use deployment_config=codedeploy.EcsDeploymentConfig.ALL_AT_ONCE (or CANARY_10_PERCENT_5_MINUTES, "
           "LINEAR_10_PERCENT_EVERY_1_MINUTES, ...), or a codedeploy.EcsDeploymentConfig you define; with L1 "
           "CfnDeploymentGroup set deployment_config_name=\"CodeDeployDefault.ECSAllAtOnce\".")
    fix_typescript = ("Use deploymentConfig: codedeploy.EcsDeploymentConfig.ALL_AT_ONCE (or "
                      "CANARY_10PERCENT_5MINUTES, LINEAR_10PERCENT_EVERY_1MINUTES, ...), or a "
                      "codedeploy.EcsDeploymentConfig you define; with L1 CfnDeploymentGroup set "
                      "deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce'.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            for f in group.configs():
                config = f.value
                if config.value is MISSING:
                    yield Violation(WARNING, group.at("Properties"),
                                    f"{group.label} deploys ECS services but sets no DeploymentConfigName; the API "
                                    "default is CodeDeployDefault.OneAtATime, a Server configuration: set an ECS one "
                                    "explicitly", conds=f.conds)
                elif isinstance(config.value, ResRef):
                    yield from self._config_resource(group, config, f.conds)
                elif config.name is not None:
                    yield from self._name(group, config, f.conds)
                else:
                    yield Violation(INFO, group.config_where,
                                    f"cannot verify the deployment configuration of {group.label}: "
                                    f"{reason(config.value)}", conds=f.conds)

    def _name(self, group: DeploymentGroup, config: ConfigName, conds: Conds) -> Iterable[Violation]:
        name = config.name
        if config.exact:
            return
        if config.ecs is not None:
            yield Violation(WARNING, group.config_where,
                            f"{group.label} uses {name!r}, which differs from the ECS configuration {config.ecs!r} "
                            "only in letter case; use the exact name", conds=conds)
        elif config.predefined:
            yield Violation(ERROR, group.config_where,
                            f"{group.label} deploys ECS services with {name!r}, which is not an ECS deployment "
                            f"configuration (those are {', '.join(ECS_CONFIGS)})", conds=conds)
        elif config.config is not None:
            yield from self._config_resource(group, config, conds)
        else:
            yield Violation(INFO, group.config_where,
                            f"cannot verify that the custom deployment configuration {name!r} of {group.label} is "
                            "an ECS one: it is not defined in this run", conds=conds)

    def _config_resource(self, group: DeploymentGroup, config: ConfigName, conds: Conds) -> Iterable[Violation]:
        resource = config.config
        if not isinstance(resource, DeploymentConfig):
            other = config.other
            yield Violation(INFO, group.config_where,
                            f"cannot verify the deployment configuration of {group.label}: it refers to {other!r}, a "
                            f"{(other.type if other else '') or 'resource of unknown type'}", conds=conds)
            return
        for platform in resource.platforms(conds):
            value = platform.value
            if value == Lit("ECS"):
                continue
            related = [resource.at("Properties", "ComputePlatform")]
            if isinstance(value, Lit) or value is MISSING:
                shown = "Server (ComputePlatform is not set)" if value is MISSING else repr(value.value)
                yield Violation(ERROR, group.config_where,
                                f"{group.label} deploys ECS services with deployment configuration "
                                f"{resource.logical_id} (stack {resource.stack.name}) whose compute platform is "
                                f"{shown}, not ECS", related, platform.conds)
            else:
                yield Violation(INFO, group.config_where,
                                f"cannot verify the compute platform of deployment configuration "
                                f"{resource.logical_id} used by {group.label}: {reason(value)}", related,
                                platform.conds)
