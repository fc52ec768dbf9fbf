"""HOOK-05: the blue/green hook's `TrafficRoutingConfig` stays within the hook's traffic-routing limits.

## What it does
For every `AWS::CodeDeploy::BlueGreen` hook, reads `Properties.TrafficRoutingConfig` and the production
listener (`ECSAttributes.TrafficRouting.ProdTrafficRoute`) and reports:
- a production listener on a Network Load Balancer (load balancer `Type: network`, or listener protocol
  TCP, TLS, UDP or TCP_UDP) with any routing type other than `AllAtOnce`, including the default canary that
  applies when `TrafficRoutingConfig` is omitted (error);
- `TimeBasedCanary.StepPercentage` or `TimeBasedLinear.StepPercentage` below 14 (warning: the limit comes
  from the 2023 user guide and is unconfirmed for today's service);
- a `TimeBasedCanary` or `TimeBasedLinear` block that the `Type` does not name, next to the one it names
  (error: aws-cdk 1.x's `CfnCodeDeployBlueGreenHook` rendered an empty second block, and the stack failed,
  aws/aws-cdk#10803; corpus case `tests/corpus/aws-aws-cdk/issue10803-hook-canary-plus-linear`);
- an omitted `TrafficRoutingConfig` (info: the hook then shifts traffic as a time-based canary, 15 % and
  5 minutes).
When the load balancer type cannot be known from the files while the routing is not `AllAtOnce`, it says
so as info. Findings are reported on the hook's target service and name the hook.

## Why is this bad?
With a Network Load Balancer the hook can only shift all traffic at once (AWS staff in
aws-cloudformation/cloudformation-coverage-roadmap#37, matching CodeDeploy, which supports only
`CodeDeployDefault.ECSAllAtOnce` behind a Network Load Balancer); canary or linear routing fails the green
deployment and the stack rolls back. The 2023 user guide also states "The step percentage must be 14% or
greater". AWS error text: unconfirmed.

## Example
```yaml
Hooks:
  CodeDeployBlueGreenHook:
    Type: AWS::CodeDeploy::BlueGreen
    Properties:
      TrafficRoutingConfig:
        Type: TimeBasedLinear
        TimeBasedLinear: {StepPercentage: 10, BakeTimeMins: 5}
      Applications: [...]   # ProdTrafficRoute: a TCP listener of a network load balancer
```

## Use instead
```yaml
Hooks:
  CodeDeployBlueGreenHook:
    Type: AWS::CodeDeploy::BlueGreen
    Properties:
      TrafficRoutingConfig:
        Type: AllAtOnce       # with an ALB also e.g. TimeBasedCanary {StepPercentage: 15, BakeTimeMins: 5}
      Applications: [...]
```

## CDK (Python) fix
```python
traffic_routing_config=cdk.CfnTrafficRoutingConfig(type=cdk.CfnTrafficRoutingType.TIME_BASED_CANARY,
    time_based_canary=cdk.CfnTrafficRoutingTimeBasedCanary(step_percentage=15, bake_time_mins=5))
# behind a Network Load Balancer:
traffic_routing_config=cdk.CfnTrafficRoutingConfig(type=cdk.CfnTrafficRoutingType.ALL_AT_ONCE)
```

## CDK (TypeScript) fix
```ts
trafficRoutingConfig: {
  type: cdk.CfnTrafficRoutingType.TIME_BASED_CANARY,
  timeBasedCanary: { stepPercentage: 15, bakeTimeMins: 5 },
},
// behind a Network Load Balancer:
trafficRoutingConfig: { type: cdk.CfnTrafficRoutingType.ALL_AT_ONCE },
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green.html
https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/37
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from typing import Any

from cfncheck.model import Model
from cfncheck.model.elb import Listener
from cfncheck.model.hooks import Hook
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Unknown, Where

ALL_AT_ONCE = "AllAtOnce"
TIME_BASED = ("TimeBasedCanary", "TimeBasedLinear")
MIN_STEP = 14


class HookTrafficRouting(Rule):
    code = "9D55"
    name = "HOOK-05"
    title = "The blue/green hook's TrafficRoutingConfig stays within the hook's traffic-routing limits"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Set traffic_routing_config explicitly: cdk.CfnTrafficRoutingConfig(type=cdk.CfnTrafficRoutingType."
           "ALL_AT_ONCE) behind a Network Load Balancer; with an Application Load Balancer a canary or linear "
           "config with step_percentage of at least 14 (e.g. cdk.CfnTrafficRoutingTimeBasedCanary("
           "step_percentage=15, bake_time_mins=5)).")
    fix_typescript = ("Set trafficRoutingConfig explicitly: { type: cdk.CfnTrafficRoutingType.ALL_AT_ONCE } behind a "
                      "Network Load Balancer; with an Application Load Balancer a canary or linear config with "
                      "stepPercentage of at least 14 (e.g. timeBasedCanary: { stepPercentage: 15, bakeTimeMins: 5 }).")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for _, found in model.hook_stacks:
            for hook in found:
                if hook.anchor is not None:
                    yield from self._hook(hook)

    def _hook(self, hook: Hook) -> Iterable[Violation]:
        config = hook.traffic_routing
        if config is MISSING:
            routing = "TimeBasedCanary"
            shown = "the default time-based canary (TrafficRoutingConfig is omitted)"
        elif isinstance(config, dict):
            routing = config.get("Type", MISSING)
            shown = f"TrafficRoutingConfig.Type {routing!r}" if routing is not MISSING else \
                "TrafficRoutingConfig without Type"
            yield from self._step(hook, config, routing)
            for other in TIME_BASED:
                if other != routing and other in config:
                    yield Violation(ERROR, _at(hook, other),
                                    f"{hook.label} declares TrafficRoutingConfig.{other} next to {shown}; the hook "
                                    f"takes only the block its Type names, and the stack operation fails: remove "
                                    f"{other} (aws-cdk 1.x CfnCodeDeployBlueGreenHook rendered both, "
                                    "aws/aws-cdk#10803)")
        else:
            return
        nlb = False
        if routing != ALL_AT_ONCE:
            nlb = yield from self._nlb(hook, shown)
        if config is MISSING and not nlb:
            yield Violation(INFO, _at(hook),
                            f"{hook.label} has no TrafficRoutingConfig: it shifts traffic as a time-based canary, "
                            "15% first and the rest after 5 minutes; set TrafficRoutingConfig to choose")

    def _step(self, hook: Hook, config: dict[str, Any], routing: Any) -> Iterable[Violation]:
        if routing not in TIME_BASED:
            return
        block = config.get(routing)
        step = block.get("StepPercentage", MISSING) if isinstance(block, dict) else MISSING
        if isinstance(step, (int, float)) and not isinstance(step, bool) and step < MIN_STEP:
            yield Violation(WARNING, _at(hook, routing, "StepPercentage"),
                            f"{hook.label} has {routing}.StepPercentage {step}; the CloudFormation user guide (2023) "
                            f"says \"The step percentage must be 14% or greater\" (unconfirmed for today's service)")

    def _nlb(self, hook: Hook, shown: str) -> Generator[Violation, None, bool]:
        """Report a non-AllAtOnce routing behind an NLB; returns whether an error was reported."""
        listener = hook.listener("ProdTrafficRoute")
        if not isinstance(listener, Listener) or not listener.exists:
            return False  # HOOK-01 reports the missing listener
        reported = False
        related = [listener.at("Properties", "LoadBalancerArn")]
        for kind in listener.kinds():
            if kind.value == "network":
                reported = True
                yield Violation(ERROR, _at(hook, "Type"),
                                f"{hook.label} routes traffic with {shown}, but its production listener "
                                f"{listener.logical_id} is on a Network Load Balancer, where the hook only supports "
                                "AllAtOnce; set TrafficRoutingConfig.Type to AllAtOnce", related, kind.conds)
            elif isinstance(kind.value, Unknown):
                yield Violation(INFO, _at(hook, "Type"),
                                f"cannot verify that {hook.label} may route traffic with {shown} (a Network Load "
                                f"Balancer only supports AllAtOnce): {kind.value.reason}", related, kind.conds)
        return reported


def _at(hook: Hook, *keys: str) -> Where:
    return hook.at("Properties", "TrafficRoutingConfig", *keys)
