"""NBG-14: linear, canary and bake-time settings must be within their ranges.

## What it does
For every `AWS::ECS::Service`, checks the literal values of `DeploymentConfiguration`:
- `LinearConfiguration.StepPercent`: 3.0 to 100.0, a multiple of 0.1;
- `LinearConfiguration.StepBakeTimeInMinutes`: a whole number from 0 to 1440;
- `CanaryConfiguration.CanaryPercent`: 0.1 to 100.0, a multiple of 0.1;
- `CanaryConfiguration.CanaryBakeTimeInMinutes`: a whole number from 0 to 1440;
- `BakeTimeInMinutes`: a whole number from 0 to 1440.
Values that are only known at deploy time give an info. (Whether these blocks go with the matching
`Strategy` is CTRL-06.)

## Why is this bad?
CloudFormation validates the resource against its schema and the ECS API rejects values out of range, so
the stack operation fails. The CDK validates the same ranges for its L2 constructs
(`Linear deployment stepPercent must be between 3.0 and 100.0, received ...`), but not for L1
`CfnService` or property overrides. AWS error text: the CloudFormation schema validation message.

## Example
```yaml
DeploymentConfiguration:
  Strategy: LINEAR
  LinearConfiguration: {StepPercent: 2.5, StepBakeTimeInMinutes: 2000}
```

## Use instead
```yaml
DeploymentConfiguration:
  Strategy: LINEAR
  LinearConfiguration: {StepPercent: 10.0, StepBakeTimeInMinutes: 5}
```

## CDK (Python) fix
```python
ecs.FargateService(self, "Svc", cluster=cluster, task_definition=task_def,
    deployment_strategy=ecs.DeploymentStrategy.LINEAR,
    linear_configuration=ecs.TrafficShiftConfig(step_percent=10, step_bake_time=Duration.minutes(5)),
    bake_time=Duration.minutes(10))
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ecs/lib/base/base-service.ts
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cfncheck.model import Model
from cfncheck.rules._native import multiple_of_tenth, number
from cfncheck.rules.base import ERROR, INFO, Rule, Violation, service_label, unknown_reason
from cfncheck.values import MISSING, Unknown


@dataclass(frozen=True)
class Limit:
    keys: tuple[str, ...]
    low: float
    high: float
    tenth: bool  # a multiple of 0.1 (else a whole number)


LIMITS = (
    Limit(("LinearConfiguration", "StepPercent"), 3.0, 100.0, True),
    Limit(("LinearConfiguration", "StepBakeTimeInMinutes"), 0, 1440, False),
    Limit(("CanaryConfiguration", "CanaryPercent"), 0.1, 100.0, True),
    Limit(("CanaryConfiguration", "CanaryBakeTimeInMinutes"), 0, 1440, False),
    Limit(("BakeTimeInMinutes",), 0, 1440, False),
)


def in_range(limit: Limit, value: float) -> bool:
    ok = limit.low - 1e-9 <= value <= limit.high + 1e-9
    return ok and (multiple_of_tenth(value) if limit.tenth else value == int(value))


class NativeStrategyRanges(Rule):
    code = "9D14"
    name = "NBG-14"
    title = "Linear, canary and bake-time settings must be within their ranges"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Use step_percent 3-100 (linear) or 0.1-100 (canary) in steps of 0.1 and whole-minute bake times of at "
           "most 24 hours: linear_configuration=ecs.TrafficShiftConfig(step_percent=10, "
           "step_bake_time=Duration.minutes(5)), bake_time=Duration.minutes(10).")
    source_url = "https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ecs/lib/base/base-service.ts"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            exists = model.exists(service)
            if exists is None or not isinstance(service.properties.get("DeploymentConfiguration"), dict):
                continue
            for limit in LIMITS:
                for br in model.values(service, "DeploymentConfiguration", *limit.keys, conds=exists):
                    if br.value is MISSING:
                        continue
                    yield from self._value(model, service, limit, br.value, br.conds)

    def _value(self, model: Model, service, limit: Limit, value, conds) -> Iterable[Violation]:  # noqa: ANN001
        path = ("Properties", "DeploymentConfiguration") + limit.keys
        name = ".".join(limit.keys)
        label = service_label(model, service)
        if isinstance(value, Unknown):
            yield Violation(INFO, service, path, f"cannot verify the range of {name} of {label}: "
                            f"{unknown_reason(value)}", conds=conds)
            return
        num = number(value)
        if num is not None and in_range(limit, num):
            return
        shown = value.value if hasattr(value, "value") else value
        step = "a multiple of 0.1" if limit.tenth else "a whole number"
        yield Violation(ERROR, service, path,
                        f"{name} of {label} is {shown!r}; it must be {step} from {limit.low:g} to {limit.high:g}, "
                        "otherwise CloudFormation rejects the service", conds=conds)
