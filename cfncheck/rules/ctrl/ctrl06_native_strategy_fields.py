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

## CDK (TypeScript) fix
```ts
// CODE_DEPLOY/EXTERNAL: remove deploymentStrategy:, lifecycleHooks:, alternateTarget: and bakeTime:
// ECS-native: pair the configuration with its strategy
new ecs.FargateService(this, 'Svc', { cluster, taskDefinition: taskDef,
  deploymentStrategy: ecs.DeploymentStrategy.LINEAR,
  linearConfiguration: { stepPercent: 10, stepBakeTime: Duration.minutes(5) } });
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-deploymentconfiguration.html
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ecs/lib/base/base-service.ts
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.ecs import Controller, Service
from cfncheck.rules.base import ERROR, INFO, EcsOnlySetting, Rule, Violation
from cfncheck.template.values import Conds, Where

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
    fix_typescript = ("On CODE_DEPLOY/EXTERNAL services remove deploymentStrategy:, lifecycleHooks:, alternateTarget: "
                      "(AdvancedConfiguration) and bakeTime:; on ECS-controller services pair linearConfiguration with "
                      "deploymentStrategy: ecs.DeploymentStrategy.LINEAR and canaryConfiguration with CANARY, and use "
                      "early success criteria only with ROLLING.")
    source_url = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
                  "aws-properties-ecs-service-deploymentconfiguration.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for ctrl in service.off_ecs():
                yield from self._needs_ecs(service, ctrl.value, ctrl.conds)
            for ctrl in service.controllers():
                yield from self._strategy_mismatch(service, ctrl.conds)

    # ------------------------------------------------------------------ bullet 1 (NBG-01)
    def _needs_ecs(self, service: Service, controller: Controller, conds: Conds) -> Iterable[Violation]:
        for strategy in service.strategies(conds):
            s = strategy.value
            if s.name is not None and s.name != "ROLLING":
                yield self._wrong_controller(service, controller, strategy.where,
                                             f"DeploymentConfiguration.Strategy {s.name}", strategy.conds)
            elif s.name is None and controller.known:
                yield Violation(INFO, strategy.where,
                                f"cannot verify {service.label}: it uses the {controller.kind} deployment controller, "
                                f"which allows only the ROLLING strategy, and its Strategy is unknown: {s.reason}",
                                service.related_groups, strategy.conds)
        for hooks in service.has_lifecycle_hooks(conds):
            yield self._wrong_controller(service, controller, hooks.where, "deployment LifecycleHooks", hooks.conds)
        for entry in service.load_balancers(conds):
            for written in entry.advanced.written():
                if written.value:
                    yield self._wrong_controller(service, controller, written.where,
                                                 f"LoadBalancers[{entry.index}].AdvancedConfiguration (an alternate "
                                                 "target group for ECS-native blue/green)", written.conds)

    def _wrong_controller(self, service: Service, controller: Controller, where: Where, what: str,
                          conds: Conds) -> Violation:
        if not controller.known:
            return EcsOnlySetting(service, controller, conds, where).cannot_verify(what)
        return Violation(ERROR, where,
                         f"{service.label} uses the {controller.kind} deployment controller but has {what}; "
                         f"ECS-native strategies, lifecycle hooks and alternate target groups need the ECS controller "
                         f"(CDK: \"{CDK_TEXT}\")", service.related_groups, conds)

    # ------------------------------------------------------------------ bullets 2 and 3
    def _strategy_mismatch(self, service: Service, conds: Conds) -> Iterable[Violation]:
        label = service.label
        for strategy in service.strategies(conds):
            s = strategy.value
            for prop, wanted in MATCHING:
                for block in service.given("DeploymentConfiguration", prop, conds=strategy.conds):
                    if s.name is None:
                        yield Violation(INFO, block.where,
                                        f"cannot verify {label}: {prop} is only valid with Strategy {wanted}, and its "
                                        f"Strategy is unknown: {s.reason}", conds=block.conds)
                    elif s.name != wanted:
                        yield Violation(ERROR, block.where,
                                        f"{label} has DeploymentConfiguration.{prop} but its Strategy is {s.shown}; "
                                        f"{prop} is \"Only valid when the deployment strategy is {wanted}\"",
                                        conds=block.conds)
            for block in service.given("DeploymentConfiguration", "EarlySuccessCriteria", conds=strategy.conds):
                if s.name is None:
                    yield Violation(INFO, block.where,
                                    f"cannot verify {label}: EarlySuccessCriteria is only valid with the ROLLING "
                                    f"strategy, and its Strategy is unknown: {s.reason}", conds=block.conds)
                elif s.name != "ROLLING":
                    yield Violation(ERROR, block.where,
                                    f"{label} has DeploymentConfiguration.EarlySuccessCriteria with Strategy "
                                    f"{s.name}; \"You can use early success criteria only with rolling deployment "
                                    "strategy\"", conds=block.conds)
