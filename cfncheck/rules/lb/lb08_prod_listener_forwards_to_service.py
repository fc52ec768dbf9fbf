"""LB-08: the production listener must forward to the service's (blue) target group.

## What it does
For every deployment group that deploys an ECS service of the run, resolves the production listener
(`ProdTrafficRoute.ListenerArns`) to an `AWS::ElasticLoadBalancingV2::Listener` and the service's
`LoadBalancers[0].TargetGroupArn` to a target group of the pair. Reports the listener (error) when neither its
default action nor any of its listener rules in the run forwards traffic to that target group, e.g. it
forwards to the green target group, to a third one, with weight 0, or only redirects. A listener or
target that cannot be resolved from the files is reported as info. (That the target group is attached
before the service is created is GEN-05.)

## Why is this bad?
CodeDeploy shifts the production listener's traffic from the target group the service was created with
("the target group routes traffic to the original task set in a service through the production
listener") to the other one of the pair. When the listener sends production traffic elsewhere at create
time, the original task set never receives it and the first deployment cannot shift it: the deployment
fails or users are routed to the wrong (empty) target group. AWS error text: unconfirmed.

## Example
```yaml
ProdListener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties:
    DefaultActions:
      - Type: forward
        TargetGroupArn: !Ref GreenTG      # the service is registered in BlueTG
```

## Use instead
```yaml
ProdListener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties:
    DefaultActions:
      - Type: forward
        TargetGroupArn: !Ref BlueTG
```

## CDK (Python) fix
```python
prod_listener = alb.add_listener("Prod", port=80, default_target_groups=[blue_tg])
test_listener = alb.add_listener("Test", port=8080, default_target_groups=[green_tg])
service.attach_to_application_target_group(blue_tg)
codedeploy.EcsBlueGreenDeploymentConfig(blue_target_group=blue_tg, green_target_group=green_tg,
    listener=prod_listener, test_listener=test_listener)
```

## CDK (TypeScript) fix
```ts
const prodListener = alb.addListener('Prod', { port: 80, defaultTargetGroups: [blueTg] });
const testListener = alb.addListener('Test', { port: 8080, defaultTargetGroups: [greenTg] });
service.attachToApplicationTargetGroup(blueTg);
const blueGreen: codedeploy.EcsBlueGreenDeploymentConfig = { blueTargetGroup: blueTg, greenTargetGroup: greenTg,
  listener: prodListener, testListener };
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/migrate-codedeploy-to-ecs-bluegreen.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import Key
from cfncheck.model.codedeploy import DeploymentGroup
from cfncheck.model.ecs import Service
from cfncheck.model.elb import Listener, show
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import Conds, Unknown, Where, merge


class ProdListenerForwardsToService(Rule):
    code = "9C28"
    name = "LB-08"
    title = "The production listener must forward to the service's (blue) target group"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Create the production listener with default_target_groups=[blue_tg] (the target group the service is "
           "attached to with service.attach_to_application_target_group(blue_tg)) and pass it as listener= to "
           "EcsBlueGreenDeploymentConfig; the green target group belongs on the test listener only.")
    fix_typescript = ("Create the production listener with defaultTargetGroups: [blueTg] (the target group the service "
                      "is attached to with service.attachToApplicationTargetGroup(blueTg)) and pass it as listener: in "
                      "the EcsBlueGreenDeploymentConfig; the green target group belongs on the test listener only.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            pair = group.pair()
            listeners = group.routes("ProdTrafficRoute")
            for target in group.targets:
                service = target.service
                conds = merge(target.conds, service.conds) if service is not None and service.exists else None
                if service is None or conds is None:
                    continue
                for tg in service.target_groups(conds):
                    if isinstance(tg.value, Unknown) or _outside_pair(model, tg.value, pair, tg.conds):
                        continue  # unknown or outside the pair: LB-02
                    for br in listeners:
                        both = merge(tg.conds, br.conds)
                        if both is not None:
                            yield from self._judge(model, group, service, tg.value, tg.where, br.value, both)

    def _judge(self, model: Model, group: DeploymentGroup, service: Service, tg: Key, tg_where: Where,
               entry: tuple, conds: Conds) -> Iterable[Violation]:
        index, listener = entry
        where = group.pair_where("ProdTrafficRoute", "ListenerArns", index)
        label, svc = group.label, service.label
        entity = model.entity(listener) if not isinstance(listener, Unknown) else None
        if not isinstance(entity, Listener):
            if not isinstance(listener, Unknown) and _rule_forwards_to(model, listener, tg):
                return  # an imported listener (by ARN) with a rule in the run forwarding to the service's TG
            reason = listener.reason if isinstance(listener, Unknown) else f"{listener} is not defined in this run"
            yield Violation(INFO, where,
                            f"cannot verify that the production listener of {label} forwards to target group "
                            f"{show(tg)} of {svc}: {reason}", [tg_where], conds)
            return
        related = [entity.at("Properties", "DefaultActions"), tg_where]
        for traffic in entity.traffic(conds):
            verdict = traffic.receives(model, tg)
            if verdict:
                continue
            if verdict is None:
                reason = traffic.unknown[0] if traffic.unknown else "a target group name is computed at deploy time"
                yield Violation(INFO, where,
                                f"cannot verify that production listener {show(entity.node)} of {label} forwards to "
                                f"target group {show(tg)} of {svc}: {reason}", related, traffic.conds)
                continue
            elsewhere = sorted(show(k) for k in traffic.targets)
            does = f"forwards to {', '.join(elsewhere)}" if elsewhere else "does not forward to any target group"
            yield Violation(ERROR, where,
                            f"production listener {show(entity.node)} of {label} {does}, not to target group "
                            f"{show(tg)} in which {svc} is registered; CodeDeploy shifts the production "
                            "listener's traffic from the service's target group to the other one of the pair, so "
                            f"the listener must forward 100% to {show(tg)} when the service is created",
                            related, traffic.conds)


def _rule_forwards_to(model: Model, listener: Key, tg: Key) -> bool:
    """Whether a listener rule in the run, on ``listener``, forwards to ``tg``."""
    return any(f.receiving and not isinstance(f.tg, Unknown) and model.same(tg, f.tg, "Name") is True
               for rule in model.listener_rules_of.get(listener, []) for f in rule.forwards)


def _outside_pair(model: Model, key: Key, pair: list, conds: Conds) -> bool:
    verdicts = [model.same_target_group(key, br.value[1]) for br in pair if merge(conds, br.conds) is not None]
    return bool(verdicts) and all(v is False for v in verdicts)
