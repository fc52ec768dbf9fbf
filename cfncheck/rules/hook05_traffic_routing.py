"""HOOK-05: the blue/green hook's `TrafficRoutingConfig` stays within the hook's traffic-routing limits.

## What it does
For every `AWS::CodeDeploy::BlueGreen` hook, reads `Properties.TrafficRoutingConfig` and the production
listener (`ECSAttributes.TrafficRouting.ProdTrafficRoute`) and reports:
- a production listener on a Network Load Balancer (load balancer `Type: network`, or listener protocol
  TCP, TLS, UDP or TCP_UDP) with any routing type other than `AllAtOnce`, including the default canary that
  applies when `TrafficRoutingConfig` is omitted (error);
- `TimeBasedCanary.StepPercentage` or `TimeBasedLinear.StepPercentage` below 14 (warning: the limit comes
  from the 2023 user guide and is unconfirmed for today's service);
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

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green.html
https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/37
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from typing import Any

from cfncheck.model.legacy import Model
from cfncheck.rules._hook import Hook, Path, anchor, at_template, hook_stacks
from cfncheck.rules._legacy_base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.rules._topology import load_balancer_kind
from cfncheck.template.values import MISSING, Lit, Node, Unknown

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
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for stack, found in hook_stacks(model):
            for hook in found:
                node = anchor(stack, hook)
                if node is not None:
                    yield from self._hook(model, hook, node)

    def _hook(self, model: Model, hook: Hook, node: Node) -> Iterable[Violation]:
        config = hook.properties.get("TrafficRoutingConfig", MISSING)
        if config is MISSING:
            routing = "TimeBasedCanary"
            shown = "the default time-based canary (TrafficRoutingConfig is omitted)"
        elif isinstance(config, dict):
            routing = config.get("Type", MISSING)
            shown = f"TrafficRoutingConfig.Type {routing!r}" if routing is not MISSING else \
                "TrafficRoutingConfig without Type"
            yield from self._step(hook, node, config, routing)
        else:
            return
        nlb = False
        if routing != ALL_AT_ONCE:
            nlb = yield from self._nlb(model, hook, node, shown)
        if config is MISSING and not nlb:
            yield at_template(INFO, node, _root(hook),
                              f"{hook.label} has no TrafficRoutingConfig: it shifts traffic as a time-based canary, "
                              "15% first and the rest after 5 minutes; set TrafficRoutingConfig to choose")

    def _step(self, hook: Hook, node: Node, config: dict[str, Any], routing: Any) -> Iterable[Violation]:
        if routing not in TIME_BASED:
            return
        block = config.get(routing)
        step = block.get("StepPercentage", MISSING) if isinstance(block, dict) else MISSING
        if isinstance(step, (int, float)) and not isinstance(step, bool) and step < MIN_STEP:
            yield at_template(WARNING, node, _root(hook, routing, "StepPercentage"),
                              f"{hook.label} has {routing}.StepPercentage {step}; the CloudFormation user guide "
                              f"(2023) says \"The step percentage must be 14% or greater\" (unconfirmed for today's "
                              "service)")

    def _nlb(self, model: Model, hook: Hook, node: Node, shown: str) -> Generator[Violation, None, bool]:
        """Report a non-AllAtOnce routing behind an NLB; returns whether an error was reported."""
        listener = hook.listener("ProdTrafficRoute")
        if listener is None:
            return False  # HOOK-01 reports the missing listener
        exists = model.exists(listener)
        if exists is None:
            return False
        reported = False
        for kind in load_balancer_kind(model, listener, exists):
            related = [(listener, ("Properties", "LoadBalancerArn"))]
            if kind.value == Lit("network"):
                reported = True
                yield at_template(ERROR, node, _root(hook, "Type"),
                                  f"{hook.label} routes traffic with {shown}, but its production listener "
                                  f"{listener.logical_id} is on a Network Load Balancer, where the hook only "
                                  "supports AllAtOnce; set TrafficRoutingConfig.Type to AllAtOnce", related, kind.conds)
            elif isinstance(kind.value, Unknown):
                yield at_template(INFO, node, _root(hook, "Type"),
                                  f"cannot verify that {hook.label} may route traffic with {shown} (a Network Load "
                                  f"Balancer only supports AllAtOnce): {kind.value.reason}", related, kind.conds)
        return reported


def _root(hook: Hook, *keys: str) -> Path:
    return ("Hooks", hook.logical_id, "Properties", "TrafficRoutingConfig") + keys
