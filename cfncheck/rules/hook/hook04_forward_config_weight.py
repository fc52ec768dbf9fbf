"""HOOK-04: the blue/green hook's listeners forward with `ForwardConfig` target groups that carry a `Weight`.

## What it does
For the production and test listeners named in an `AWS::CodeDeploy::BlueGreen` hook
(`ECSAttributes.TrafficRouting.ProdTrafficRoute` / `TestTrafficRoute`), reports (error) every `DefaultActions`
entry whose `ForwardConfig.TargetGroups` has a target group without `Weight` (also on one `Fn::If` branch).
A plain `TargetGroupArn` forward action is not reported.

## Why is this bad?
The hook shifts traffic by rewriting the weights of the listener's forward action. Without a `Weight` on
the target group the hook fails and CloudFormation rolls the stack back (re:Post knowledge center
"cloudformation-blue-green-errors"):

    'CodeDeployBlueGreenHook' of type AWS::CodeDeploy::BlueGreen failed with message: Internal Failure

## Example
```yaml
ProdListener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties:
    DefaultActions:
      - Type: forward
        ForwardConfig:
          TargetGroups:
            - TargetGroupArn: !Ref BlueTG
```

## Use instead
```yaml
ProdListener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties:
    DefaultActions:
      - Type: forward
        ForwardConfig:
          TargetGroups:
            - TargetGroupArn: !Ref BlueTG
              Weight: 1
```

## CDK (Python) fix
```python
elbv2.CfnListener(self, "ProdListener", load_balancer_arn=alb.load_balancer_arn, port=80, protocol="HTTP",
    default_actions=[elbv2.CfnListener.ActionProperty(type="forward",
        forward_config=elbv2.CfnListener.ForwardConfigProperty(target_groups=[
            elbv2.CfnListener.TargetGroupTupleProperty(target_group_arn=blue_tg.target_group_arn, weight=1)]))])
```

## CDK (TypeScript) fix
```ts
new elbv2.CfnListener(this, 'ProdListener', {
  loadBalancerArn: alb.loadBalancerArn, port: 80, protocol: 'HTTP',
  defaultActions: [{
    type: 'forward',
    forwardConfig: { targetGroups: [{ targetGroupArn: blueTg.targetGroupArn, weight: 1 }] },
  }],
});
```

## Source
https://repost.aws/ko/knowledge-center/cloudformation-blue-green-errors
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.elb import Listener
from cfncheck.model.hooks import Hook
from cfncheck.rules.base import ERROR, Rule, Violation
from cfncheck.template.values import merge

ROUTES = (("ProdTrafficRoute", "production"), ("TestTrafficRoute", "test"))


class HookForwardConfigWeight(Rule):
    code = "9D54"
    name = "HOOK-04"
    title = "The blue/green hook's listeners forward with ForwardConfig target groups that carry a Weight"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Give every target group of the listener's forward action a weight: "
           "elbv2.CfnListener.ForwardConfigProperty(target_groups=[elbv2.CfnListener.TargetGroupTupleProperty("
           "target_group_arn=blue_tg.target_group_arn, weight=1)]).")
    fix_typescript = ("Give every target group of the listener's forward action a weight: forwardConfig: { "
                      "targetGroups: [{ targetGroupArn: blueTg.targetGroupArn, weight: 1 }] } (an "
                      "elbv2.CfnListener.ForwardConfigProperty).")
    source_url = "https://repost.aws/ko/knowledge-center/cloudformation-blue-green-errors"

    def check(self, model: Model) -> Iterable[Violation]:
        for _, found in model.hook_stacks:
            for hook in found:
                seen: list[Listener] = []
                for route, role in ROUTES:
                    listener = hook.listener(route)
                    if not isinstance(listener, Listener) or listener in seen:
                        continue
                    seen.append(listener)
                    yield from self._listener(hook, listener, role)

    @staticmethod
    def _listener(hook: Hook, listener: Listener, role: str) -> Iterable[Violation]:
        if not listener.exists:
            return
        for forward in listener.forwards:
            for omitted in forward.omitted:
                conds = merge(listener.conds, merge(forward.conds, omitted) or forward.conds)
                if conds is None:
                    continue
                yield Violation(ERROR, forward.where,
                                f"listener {listener.logical_id}, the {role} listener of {hook.label}, forwards to a "
                                "ForwardConfig target group without Weight; the hook fails: "
                                f"\"'{hook.logical_id}' of type AWS::CodeDeploy::BlueGreen failed with message: "
                                "Internal Failure\"", conds=conds)
