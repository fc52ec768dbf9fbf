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

## Source
https://repost.aws/ko/knowledge-center/cloudformation-blue-green-errors
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import Model
from cfncheck.rules._hook import Hook, hook_stacks
from cfncheck.rules._legacy_base import ERROR, Rule, Violation
from cfncheck.template.values import MISSING, Node, Unknown, merge

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
    source_url = "https://repost.aws/ko/knowledge-center/cloudformation-blue-green-errors"

    def check(self, model: Model) -> Iterable[Violation]:
        for _, found in hook_stacks(model):
            for hook in found:
                seen: set[Node] = set()
                for route, role in ROUTES:
                    listener = hook.listener(route)
                    if listener is None or listener in seen:
                        continue
                    seen.add(listener)
                    yield from self._listener(model, hook, listener, role)

    def _listener(self, model: Model, hook: Hook, listener: Node, role: str) -> Iterable[Violation]:
        exists = model.exists(listener)
        if exists is None:
            return
        stack = listener.stack
        for actions in model.raw(listener, "DefaultActions", conds=exists):
            for item in model.r.items(stack, actions.value):
                if isinstance(item.value, Unknown):
                    continue
                index, action = item.value
                base = merge(actions.conds, item.conds)
                if base is None:
                    continue
                for fc in model.r.get(stack, action, "ForwardConfig", "TargetGroups"):
                    conds = merge(base, fc.conds)
                    if conds is None or fc.value is MISSING:
                        continue
                    for tg in model.r.items(stack, fc.value):
                        if isinstance(tg.value, Unknown):
                            continue
                        position, entry = tg.value
                        here = merge(conds, tg.conds)
                        for weight in model.r.get(stack, entry, "Weight") if here is not None else []:
                            where = merge(here, weight.conds)
                            if weight.value is not MISSING or where is None:
                                continue
                            path = ("Properties", "DefaultActions", index, "ForwardConfig", "TargetGroups", position)
                            yield Violation(ERROR, listener, path,
                                            f"listener {listener.logical_id}, the {role} listener of {hook.label}, "
                                            f"forwards to a ForwardConfig target group without Weight; the hook "
                                            f"fails: \"'{hook.logical_id}' of type AWS::CodeDeploy::BlueGreen "
                                            "failed with message: Internal Failure\"", conds=where)
