"""NBG-15: a linear or canary deployment created through CloudFormation must fit in 33 hours.

## What it does
For every `AWS::ECS::Service` with `Strategy` `LINEAR` or `CANARY`, computes the deployment time
CloudFormation calculates from the template (defaults where a value is left out: `BakeTimeInMinutes`
15, `StepPercent` 10, `StepBakeTimeInMinutes` 6, `CanaryBakeTimeInMinutes` 10):
- CANARY: `BakeTimeInMinutes + CanaryBakeTimeInMinutes`;
- LINEAR: `BakeTimeInMinutes + StepBakeTimeInMinutes × steps`, where steps = `100 / StepPercent − 1`
  when StepPercent divides 100 evenly, else `floor(100 / StepPercent)`.
More than 1980 minutes (33 hours) is an error. When the explicit `TimeoutConfiguration.TimeoutInMinutes`
of the lifecycle hooks (counted once per traffic shift for the production traffic shift stages) push the
total past CloudFormation's 36-hour handler timeout (2160 minutes), it is a warning. Values out of range
are cfn-lint's (its schema checks E3034 and E3002 report them); unresolved values give an info.

## Why is this bad?
"CFN rejects deployments when the calculated deployment time exceeds 33 hours" (AWS::ECS::Service
schema, `LinearConfiguration`/`CanaryConfiguration`); and a deployment that runs longer than the 36-hour
handler timeout makes CloudFormation roll the stack back even though ECS would finish it.

## Example
```yaml
DeploymentConfiguration:
  Strategy: LINEAR
  BakeTimeInMinutes: 60
  LinearConfiguration: {StepPercent: 5.0, StepBakeTimeInMinutes: 120}   # 60 + 120 × 19 = 2340 min
```

## Use instead
```yaml
  LinearConfiguration: {StepPercent: 10.0, StepBakeTimeInMinutes: 60}   # 60 + 60 × 9 = 600 min
```

## CDK (Python) fix
```python
ecs.FargateService(self, "Svc", cluster=cluster, task_definition=task_def,
    deployment_strategy=ecs.DeploymentStrategy.LINEAR, bake_time=Duration.minutes(60),
    linear_configuration=ecs.TrafficShiftConfig(step_percent=10, step_bake_time=Duration.minutes(60)))
```

## CDK (TypeScript) fix
```ts
new ecs.FargateService(this, 'Svc', { cluster, taskDefinition: taskDef,
  deploymentStrategy: ecs.DeploymentStrategy.LINEAR, bakeTime: Duration.minutes(60),
  linearConfiguration: { stepPercent: 10, stepBakeTime: Duration.minutes(60) } });
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ecs/lib/base/base-service.ts
(AWS::ECS::Service resource schema, `LinearConfiguration` and `CanaryConfiguration`)
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import reason
from cfncheck.model.ecs import Service
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit, Unknown, number

GUARD = 1980  # 33 hours
HANDLER = 2160  # 36 hours
DEFAULTS = {"BakeTimeInMinutes": 15.0, "StepPercent": 10.0, "StepBakeTimeInMinutes": 6.0,
            "CanaryBakeTimeInMinutes": 10.0}
SHIFT_STAGES = ("PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT")
RANGES = {"BakeTimeInMinutes": (0, 1440), "StepPercent": (3, 100), "StepBakeTimeInMinutes": (0, 1440),
          "CanaryBakeTimeInMinutes": (0, 1440)}
CONFIG = "DeploymentConfiguration"


def linear_steps(percent: float) -> int:
    ratio = 100 / percent
    if abs(ratio - round(ratio)) < 1e-9:
        return round(ratio) - 1
    return math.floor(ratio)


class DeploymentTimeGuard(Rule):
    code = "9D15"
    name = "NBG-15"
    title = "A linear or canary deployment created through CloudFormation must fit in 33 hours"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Shorten bake_time and the step bake time, or use a larger step_percent, so that bake_time + "
           "step_bake_time × steps stays at or under 33 hours (linear_configuration=ecs.TrafficShiftConfig("
           "step_percent=10, step_bake_time=Duration.minutes(60))); keep lifecycle hook timeouts short.")
    fix_typescript = ("Shorten bakeTime and the step bake time, or use a larger stepPercent, so that bakeTime + "
                      "stepBakeTime × steps stays at or under 33 hours (linearConfiguration: { stepPercent: 10, "
                      "stepBakeTime: Duration.minutes(60) }); keep lifecycle hook timeouts short.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for strategy in service.native_strategies(("LINEAR", "CANARY")):
                name = strategy.value.name or ""
                block = "LinearConfiguration" if name == "LINEAR" else "CanaryConfiguration"
                fields = [("BakeTimeInMinutes", ("BakeTimeInMinutes",))]
                if name == "LINEAR":
                    fields += [("StepPercent", (block, "StepPercent")),
                               ("StepBakeTimeInMinutes", (block, "StepBakeTimeInMinutes"))]
                else:
                    fields.append(("CanaryBakeTimeInMinutes", (block, "CanaryBakeTimeInMinutes")))
                yield from self._combos(service, name, fields, {}, strategy.conds)

    def _combos(self, service: Service, strategy: str, fields: list, got: dict, conds: Conds) -> Iterable[Violation]:
        if not fields:
            yield from self._total(service, strategy, got, conds)
            return
        (name, keys), rest = fields[0], fields[1:]
        for br in service.prop(CONFIG, *keys, conds=conds):
            if br.value is MISSING:
                value: object = DEFAULTS[name]
            elif isinstance(br.value, Unknown):
                value = br.value
            else:
                value = number(br.value)
            yield from self._combos(service, strategy, rest, {**got, name: (value, br.where)}, br.conds)

    def _total(self, service: Service, strategy: str, got: dict, conds: Conds) -> Iterable[Violation]:
        label = service.label
        block = "LinearConfiguration" if strategy == "LINEAR" else "CanaryConfiguration"
        where = service.at("Properties", CONFIG, block) if service.has(CONFIG, block) else \
            service.at("Properties", CONFIG, "Strategy")
        for name, (value, at) in got.items():
            if isinstance(value, Unknown):
                yield Violation(INFO, at,
                                f"cannot verify that the {strategy} deployment of {label} fits in 33 hours: {name} "
                                f"is not known: {reason(value)}", conds=conds)
                return
            low, high = RANGES[name]
            if value is None or not low <= value <= high:
                return  # out of range: cfn-lint's schema checks (E3034) report it
        bake = got["BakeTimeInMinutes"][0]
        if strategy == "LINEAR":
            steps = linear_steps(got["StepPercent"][0])
            total = bake + got["StepBakeTimeInMinutes"][0] * steps
            formula = (f"BakeTimeInMinutes {bake:g} + StepBakeTimeInMinutes {got['StepBakeTimeInMinutes'][0]:g} × "
                       f"{steps} steps = {total:g} minutes")
            shifts = steps + 1
        else:
            total = bake + got["CanaryBakeTimeInMinutes"][0]
            formula = (f"BakeTimeInMinutes {bake:g} + CanaryBakeTimeInMinutes "
                       f"{got['CanaryBakeTimeInMinutes'][0]:g} = {total:g} minutes")
            shifts = 2
        if total > GUARD:
            yield Violation(ERROR, where,
                            f"the {strategy} deployment of {label} takes {formula}, more than 33 hours (1980 "
                            "minutes); \"CFN rejects deployments when the calculated deployment time exceeds 33 "
                            "hours\"", conds=conds)
            return
        hooks = self._hook_minutes(service, shifts, conds)
        if hooks and total + hooks > HANDLER:
            yield Violation(WARNING, service.hooks_where,
                            f"the {strategy} deployment of {label} takes {formula}, and its lifecycle hook timeouts "
                            f"add up to {hooks:g} minutes more; together over CloudFormation's 36-hour (2160 minutes) "
                            "handler timeout, after which the stack operation fails and rolls back", conds=conds)

    @staticmethod
    def _hook_minutes(service: Service, shifts: int, conds: Conds) -> float:
        total = 0.0
        for hook in service.lifecycle_hooks(conds):
            timeout = [number(b.value) for b in hook.prop("TimeoutConfiguration", "TimeoutInMinutes")
                       if b.value is not MISSING]
            minutes = max((t for t in timeout if t is not None), default=0.0)
            stages = [b.value.value for item in hook.elements("LifecycleStages") if isinstance(item.value, tuple)
                      for b in hook.prop("LifecycleStages", item.value[0], conds=item.conds)
                      if isinstance(b.value, Lit) and isinstance(b.value.value, str)]
            for stage in stages:
                total += minutes * (shifts if stage in SHIFT_STAGES else 1)
        return total
