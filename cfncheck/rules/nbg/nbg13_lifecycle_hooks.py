"""NBG-13: native deployment lifecycle hooks must be well formed.

## What it does
For every `DeploymentConfiguration.LifecycleHooks[]` entry of an `AWS::ECS::Service` on the ECS deployment
controller, reports (errors):
- a `TargetType` other than `AWS_LAMBDA` (the default) or `PAUSE`;
- an `AWS_LAMBDA` hook without `HookTargetArn` or without `RoleArn`;
- a `PAUSE` hook at `TEST_TRAFFIC_SHIFT` or `PRODUCTION_TRAFFIC_SHIFT`;
- missing or empty `LifecycleStages`;
- `TimeoutConfiguration.TimeoutInMinutes` outside 1 to 20160.
A target type that is only known at deploy time gives an info. A service whose controller is a parameter is
checked too, unless the parameter's `AllowedValues` rule out `ECS`: the hooks are used when it is `ECS` (IAM-05
and NBG-13 read the same services; CTRL-06 says it cannot verify hooks on a controller that may be CODE_DEPLOY
or EXTERNAL).

## Why is this bad?
ECS rejects CreateService/UpdateService and CloudFormation rolls back, e.g.:

    Invalid targetType. Valid values are: AWS_LAMBDA, PAUSE

    Invalid lifecycle stage provided for Pause Hook

Without a role ECS cannot invoke the Lambda function and the hook, then the deployment, fails.

## Example
```yaml
LifecycleHooks:
  - TargetType: PAUSE
    LifecycleStages: [PRODUCTION_TRAFFIC_SHIFT]
  - LifecycleStages: [POST_TEST_TRAFFIC_SHIFT]          # AWS_LAMBDA without HookTargetArn/RoleArn
```

## Use instead
```yaml
LifecycleHooks:
  - TargetType: PAUSE
    LifecycleStages: [POST_TEST_TRAFFIC_SHIFT]
  - HookTargetArn: !GetAtt CheckFunction.Arn
    RoleArn: !GetAtt HookRole.Arn
    LifecycleStages: [POST_TEST_TRAFFIC_SHIFT]
```

## CDK (Python) fix
```python
service.add_lifecycle_hook(ecs.DeploymentLifecycleLambdaTarget(check_fn, "Check",
    lifecycle_stages=[ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT]))   # CDK creates the role
```

## CDK (TypeScript) fix
```ts
service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(checkFn, 'Check', {
  lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT] }));   // CDK creates the role
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import reason
from cfncheck.model.ecs import LifecycleHook
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit, Unknown, number

TARGET_TYPES = ("AWS_LAMBDA", "PAUSE")
NO_PAUSE = ("TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT")


class LifecycleHooks(Rule):
    code = "9D13"
    name = "NBG-13"
    title = "Native deployment lifecycle hooks must be well formed"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Add hooks with service.add_lifecycle_hook(ecs.DeploymentLifecycleLambdaTarget(fn, \"Hook\", "
           "lifecycle_stages=[...])), which sets the target ARN and creates the role; use PAUSE hooks only at "
           "stages other than TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT.")
    fix_typescript = ("Add hooks with service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(fn, 'Hook', "
                      "{ lifecycleStages: [...] })), which sets the target ARN and creates the role; use PAUSE hooks "
                      "only at stages other than TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for ctrl in service.on_ecs():
                for hook in service.lifecycle_hooks(ctrl.conds):
                    yield from self._hook(hook)

    def _hook(self, hook: LifecycleHook) -> Iterable[Violation]:
        label = f"lifecycle hook {hook.index} of {hook.service.label}"
        for tt in hook.prop("TargetType"):
            value = tt.value
            if value is MISSING:
                kind = "AWS_LAMBDA"
            elif isinstance(value, Unknown):
                yield Violation(INFO, tt.where, f"cannot verify {label}: its TargetType is not known: {reason(value)}",
                                conds=tt.conds)
                continue
            elif isinstance(value, Lit) and value.value in TARGET_TYPES:
                kind = value.value
            else:
                shown = value.value if isinstance(value, Lit) else value
                yield Violation(ERROR, tt.where,
                                f"{label} has TargetType {shown!r}; ECS rejects it: \"Invalid targetType. Valid "
                                "values are: AWS_LAMBDA, PAUSE\"", conds=tt.conds)
                continue
            yield from self._stages(hook, kind, label, tt.conds)
            if kind == "AWS_LAMBDA":
                yield from self._lambda(hook, label, tt.conds)
        yield from self._timeout(hook, label)

    def _lambda(self, hook: LifecycleHook, label: str, conds: Conds) -> Iterable[Violation]:
        for prop, why in (("HookTargetArn", "ECS has no Lambda function to invoke; HookTargetArn is required "
                                            "for AWS_LAMBDA hooks"),
                          ("RoleArn", "ECS needs a role (trusted by ecs.amazonaws.com, allowed "
                                      "lambda:InvokeFunction) to invoke the function, and the hook fails without it")):
            for br in hook.raw(prop, conds=conds):
                if br.value is MISSING:
                    yield Violation(ERROR, hook.at(),
                                    f"{label} is an AWS_LAMBDA hook (the default TargetType) without {prop}: {why}",
                                    conds=br.conds)

    def _stages(self, hook: LifecycleHook, kind: str, label: str, conds: Conds) -> Iterable[Violation]:
        for lst in hook.raw("LifecycleStages", conds=conds):
            items = hook.elements("LifecycleStages", conds=lst.conds) if lst.value is not MISSING else []
            if lst.value is MISSING or (isinstance(lst.value, list) and not items):
                yield Violation(ERROR, lst.where if lst.value is not MISSING else hook.at(),
                                f"{label} has no LifecycleStages; a hook needs at least one stage", conds=lst.conds)
                continue
            if kind != "PAUSE":
                continue
            for item in items:
                if not isinstance(item.value, tuple):
                    continue
                for br in hook.prop("LifecycleStages", item.value[0], conds=item.conds):
                    if isinstance(br.value, Lit) and br.value.value in NO_PAUSE:
                        yield Violation(ERROR, br.where,
                                        f"{label} is a PAUSE hook at {br.value.value}; PAUSE hooks cannot run at "
                                        "TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT: \"Invalid lifecycle stage "
                                        "provided for Pause Hook\"", conds=br.conds)

    def _timeout(self, hook: LifecycleHook, label: str) -> Iterable[Violation]:
        for br in hook.prop("TimeoutConfiguration", "TimeoutInMinutes"):
            if br.value is MISSING or isinstance(br.value, Unknown):
                continue
            num = number(br.value)
            if num is None or not 1 <= num <= 20160 or num != int(num):
                shown = br.value.value if isinstance(br.value, Lit) else br.value
                yield Violation(ERROR, br.where,
                                f"{label} has TimeoutInMinutes {shown!r}; it must be a whole number from 1 to 20160",
                                conds=br.conds)
