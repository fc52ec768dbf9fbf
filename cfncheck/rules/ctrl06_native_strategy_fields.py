"""CTRL-06: native-strategy fields only with the ECS deployment controller and the matching strategy.

## What it does
Checks the ECS-native deployment fields of every `AWS::ECS::Service` (this rule also covers catalog item
NBG-01):
- with `DeploymentController.Type` `CODE_DEPLOY` or `EXTERNAL`: a `DeploymentConfiguration.Strategy` other
  than `ROLLING`, `DeploymentConfiguration.LifecycleHooks`, or `LoadBalancers[].AdvancedConfiguration`
  (error; info when the controller is not known from the templates);
- `DeploymentConfiguration.LinearConfiguration` without `Strategy: LINEAR`, or `CanaryConfiguration` without
  `Strategy: CANARY` (error; a missing `Strategy` means `ROLLING`);
- `DeploymentConfiguration.EarlySuccessCriteria` with a `Strategy` other than `ROLLING` (error).
When the strategy is not known from the templates (a parameter), it says it cannot verify (info).

## Why is this bad?
The BLUE_GREEN, LINEAR and CANARY strategies, their lifecycle hooks and the load balancer's
`AdvancedConfiguration` (alternate target group, production/test listener rules) are how the **ECS**
controller runs a blue/green deployment itself; a CODE_DEPLOY or EXTERNAL service hands deployments to
CodeDeploy or to you, so these fields contradict the controller. The CDK refuses them at synth time
(`Deployment lifecycle hooks requires the ECS deployment controller.`), but not on an L1 `CfnService` or an
escape hatch. The schema says linear and canary settings are "Only valid when the deployment strategy is
LINEAR" / "CANARY" (CDK: `Linear configuration requires deploymentStrategy to be set to LINEAR`), and
"You can use early success criteria only with rolling deployment strategy."

AWS error text: unconfirmed.

## Example
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {
  "DeploymentController": {"Type": "CODE_DEPLOY"},
  "DeploymentConfiguration": {"Strategy": "BLUE_GREEN", "BakeTimeInMinutes": 5}}}
```

## Use instead
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"DeploymentController": {"Type": "CODE_DEPLOY"}}}
```
or, for ECS-native blue/green, drop CodeDeploy and keep the ECS controller:
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {
  "DeploymentController": {"Type": "ECS"},
  "DeploymentConfiguration": {"Strategy": "LINEAR",
    "LinearConfiguration": {"StepPercent": 10.0, "StepBakeTimeInMinutes": 5}}}}
```

## CDK (Python) fix
```python
# CODE_DEPLOY/EXTERNAL: remove deployment_strategy=, lifecycle_hooks=, alternate_target= and bake_time=
# ECS-native: pair the configuration with its strategy
ecs.FargateService(self, "Svc", cluster=cluster, task_definition=task_def,
    deployment_strategy=ecs.DeploymentStrategy.LINEAR,
    linear_configuration=ecs.TrafficShiftConfig(step_percent=10, step_bake_time=Duration.minutes(5)))
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-deploymentconfiguration.html
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ecs/lib/base/base-service.ts
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules._service_settings import load_balancer_entries, may_be, present, strategies
from cfncheck.rules.base import (
    ERROR,
    INFO,
    Rule,
    Violation,
    is_code_deploy_or_external,
    related_groups,
    service_label,
    services_with_controller,
    unknown_reason,
)
from cfncheck.template.values import MISSING, Conds, Lit, Node, Unknown, merge

CONFIG = ("Properties", "DeploymentConfiguration")
CDK_TEXT = "Deployment lifecycle hooks requires the ECS deployment controller."
MATCHING = (("LinearConfiguration", "LINEAR"), ("CanaryConfiguration", "CANARY"))


class NativeStrategyFields(Rule):
    code = "9C06"
    name = "CTRL-06"
    aliases = ("NBG-01",)
    title = "Native-strategy fields only with the ECS deployment controller and the matching strategy"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("On CODE_DEPLOY/EXTERNAL services remove deployment_strategy=, lifecycle_hooks=, alternate_target= "
           "(AdvancedConfiguration) and bake_time=; on ECS-controller services pair linear_configuration with "
           "deployment_strategy=ecs.DeploymentStrategy.LINEAR and canary_configuration with CANARY, and use "
           "early success criteria only with ROLLING.")
    source_url = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
                  "aws-properties-ecs-service-deploymentconfiguration.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for service, controller, conds in services_with_controller(model):
            non_ecs = is_code_deploy_or_external(controller)
            if non_ecs or (non_ecs is None and may_be(model, controller, "CODE_DEPLOY", "EXTERNAL")):
                yield from self._needs_ecs(model, service, controller, conds)
            yield from self._strategy_mismatch(model, service, conds)

    # ------------------------------------------------------------------ bullet 1 (NBG-01)
    def _needs_ecs(self, model: Model, service: Node, controller: object, conds: Conds) -> Iterable[Violation]:
        label = service_label(model, service)
        related = related_groups(model, service)
        for br in strategies(model, service, conds):
            if isinstance(br.value, Lit) and br.value.value != "ROLLING":
                yield self._wrong_controller(model, service, controller, CONFIG + ("Strategy",),
                                             f"DeploymentConfiguration.Strategy {br.value.value}", related, br.conds)
            elif isinstance(br.value, Unknown) and isinstance(controller, Lit):
                yield Violation(INFO, service, CONFIG + ("Strategy",),
                                f"cannot verify {label}: it uses the {controller.value} deployment controller, which "
                                f"allows only the ROLLING strategy, and its Strategy is unknown: "
                                f"{unknown_reason(br.value)}", related, br.conds)
        for br in present(model, service, "DeploymentConfiguration", "LifecycleHooks", conds=conds):
            yield self._wrong_controller(model, service, controller, CONFIG + ("LifecycleHooks",),
                                         "deployment LifecycleHooks", related, br.conds)
        for entry in load_balancer_entries(model, service, conds):
            if isinstance(entry.value, Unknown):
                continue
            index, body = entry.value
            for br in model.r.get(service.stack, body, "AdvancedConfiguration"):
                if br.value is MISSING:
                    continue
                merged = merge(entry.conds, br.conds)
                if merged is not None:
                    yield self._wrong_controller(model, service, controller,
                                                 ("Properties", "LoadBalancers", index, "AdvancedConfiguration"),
                                                 f"LoadBalancers[{index}].AdvancedConfiguration (an alternate "
                                                 "target group for ECS-native blue/green)", related, merged)

    def _wrong_controller(self, model: Model, service: Node, controller: object, path: tuple[str | int, ...],
                          what: str, related: list, conds: Conds) -> Violation:
        label = service_label(model, service)
        if not isinstance(controller, Lit):
            return Violation(INFO, service, path,
                             f"cannot verify {label}: it has {what}, which needs the ECS deployment controller, and "
                             f"its controller is unknown: {unknown_reason(controller)}", related, conds)
        return Violation(ERROR, service, path,
                         f"{label} uses the {controller.value} deployment controller but has {what}; ECS-native "
                         f"strategies, lifecycle hooks and alternate target groups need the ECS controller (CDK: "
                         f"\"{CDK_TEXT}\")", related, conds)

    # ------------------------------------------------------------------ bullets 2 and 3
    def _strategy_mismatch(self, model: Model, service: Node, conds: Conds) -> Iterable[Violation]:
        label = service_label(model, service)
        for br in strategies(model, service, conds):
            strategy = br.value
            for prop, wanted in MATCHING:
                for block in present(model, service, "DeploymentConfiguration", prop, conds=br.conds):
                    path = CONFIG + (prop,)
                    if isinstance(strategy, Unknown):
                        yield Violation(INFO, service, path,
                                        f"cannot verify {label}: {prop} is only valid with Strategy {wanted}, and its "
                                        f"Strategy is unknown: {unknown_reason(strategy)}", conds=block.conds)
                    elif strategy.value != wanted:
                        yield Violation(ERROR, service, path,
                                        f"{label} has DeploymentConfiguration.{prop} but its Strategy is "
                                        f"{_shown(model, service, strategy, br.conds)}; {prop} is \"Only valid "
                                        f"when the deployment strategy is {wanted}\"", conds=block.conds)
            for block in present(model, service, "DeploymentConfiguration", "EarlySuccessCriteria", conds=br.conds):
                path = CONFIG + ("EarlySuccessCriteria",)
                if isinstance(strategy, Unknown):
                    yield Violation(INFO, service, path,
                                    f"cannot verify {label}: EarlySuccessCriteria is only valid with the ROLLING "
                                    f"strategy, and its Strategy is unknown: {unknown_reason(strategy)}",
                                    conds=block.conds)
                elif strategy.value != "ROLLING":
                    yield Violation(ERROR, service, path,
                                    f"{label} has DeploymentConfiguration.EarlySuccessCriteria with Strategy "
                                    f"{strategy.value}; \"You can use early success criteria only with rolling "
                                    "deployment strategy\"", conds=block.conds)


def _explicit(model: Model, service: Node, conds: Conds) -> bool:
    return any(b.value is not MISSING for b in model.raw(service, "DeploymentConfiguration", "Strategy", conds=conds))


def _shown(model: Model, service: Node, strategy: Lit, conds: Conds) -> str:
    if _explicit(model, service, conds):
        return str(strategy.value)
    return "ROLLING (the default: Strategy is not set)"
