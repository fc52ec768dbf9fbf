"""NBG-06: `ProductionListenerRule`/`TestListenerRule` must be a listener rule (ALB) or a listener (NLB).

## What it does
For every `LoadBalancers[].AdvancedConfiguration` of a native blue/green, linear or canary service,
resolves `ProductionListenerRule` and `TestListenerRule` (in any stack of the run, through `Ref`,
`Fn::ImportValue` and nested-stack parameters, or as a literal ARN). Reports:
- a listener of an Application Load Balancer (`Ref AWS::ElasticLoadBalancingV2::Listener`), where ECS
  needs a listener rule (error);
- anything that is neither a listener rule nor a listener, e.g. a target group or load balancer (error);
- a missing `ProductionListenerRule` (warning: what ECS does without it is unconfirmed);
- a value that cannot be resolved, or a listener whose load balancer type is unknown (info).

A listener's load balancer type is read as for every rule: from its load balancer in the run, else from the load
balancer's ARN (`loadbalancer/net/...`), else from the listener's protocol (TCP, UDP, TCP_UDP and TLS exist only
on a Network Load Balancer).

## Why is this bad?
ECS rejects CreateService/UpdateService and CloudFormation rolls back:

    productionListenerRule has an invalid ARN format. Must be RuleArn for ALB or ListenerArn for NLB. Got: <arn>

## Example
```yaml
AdvancedConfiguration:
  AlternateTargetGroupArn: !Ref GreenTG
  ProductionListenerRule: !Ref AlbListener      # an ALB listener, not a rule
  RoleArn: !GetAtt InfraRole.Arn
```

## Use instead
```yaml
ProdRule:
  Type: AWS::ElasticLoadBalancingV2::ListenerRule
  Properties:
    ListenerArn: !Ref AlbListener
    Priority: 10
    Conditions: [{Field: path-pattern, PathPatternConfig: {Values: ["/*"]}}]
    Actions: [{Type: forward, ForwardConfig: {TargetGroups: [{TargetGroupArn: !Ref BlueTG, Weight: 100},
                                                             {TargetGroupArn: !Ref GreenTG, Weight: 0}]}}]
# ...
  ProductionListenerRule: !Ref ProdRule
```

## CDK (Python) fix
```python
prod_rule = elbv2.ApplicationListenerRule(self, "ProdRule", listener=listener, priority=10,
    conditions=[elbv2.ListenerCondition.path_patterns(["/*"])],
    action=elbv2.ListenerAction.weighted_forward([elbv2.WeightedTargetGroup(target_group=blue_tg, weight=100),
                                                  elbv2.WeightedTargetGroup(target_group=green_tg, weight=0)]))
ecs.AlternateTarget("Alt", alternate_target_group=green_tg,
    production_listener=ecs.ListenerRuleConfiguration.application_listener_rule(prod_rule))
# NLB: production_listener=ecs.ListenerRuleConfiguration.network_listener(nlb_listener)
```

## CDK (TypeScript) fix
```ts
const prodRule = new elbv2.ApplicationListenerRule(this, 'ProdRule', { listener, priority: 10,
  conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
  action: elbv2.ListenerAction.weightedForward([{ targetGroup: blueTg, weight: 100 },
                                                { targetGroup: greenTg, weight: 0 }]) });
new ecs.AlternateTarget('Alt', { alternateTargetGroup: greenTg,
  productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(prodRule) });
// NLB: productionListener: ecs.ListenerRuleConfiguration.networkListener(nlbListener)
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/nlb-resources-for-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.native import NativeEntry, Route
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation

FIELDS = (("ProductionListenerRule", "productionListenerRule", "prod"),
          ("TestListenerRule", "testListenerRule", "test"))


def aws_error(field: str, got: str) -> str:
    return f"{field} has an invalid ARN format. Must be RuleArn for ALB or ListenerArn for NLB. Got: {got}"


class ListenerRuleArnKind(Rule):
    code = "9D06"
    name = "NBG-06"
    title = "ProductionListenerRule/TestListenerRule must be a listener rule (ALB) or a listener (NLB)"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Pass an elbv2.ApplicationListenerRule through "
           "ecs.ListenerRuleConfiguration.application_listener_rule(rule) for an ALB, or the NLB listener through "
           "ecs.ListenerRuleConfiguration.network_listener(listener), as "
           "production_listener= (and test_listener=) of ecs.AlternateTarget.")
    fix_typescript = ("Pass an elbv2.ApplicationListenerRule through "
                      "ecs.ListenerRuleConfiguration.applicationListenerRule(rule) for an ALB, or the NLB listener "
                      "through ecs.ListenerRuleConfiguration.networkListener(listener), as "
                      "productionListener (and testListener) of new ecs.AlternateTarget('Alt', {...}).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for entry in model.native_entries:
            for prop, api_name, which in FIELDS:
                route = entry.prod if which == "prod" else entry.test
                if route is None:
                    if which == "prod":
                        yield Violation(WARNING, entry.at(),
                                        f"{entry.label}: AdvancedConfiguration of LoadBalancers[{entry.index}] has no "
                                        "ProductionListenerRule; ECS has no listener rule to shift production traffic "
                                        "with (AWS error text: unconfirmed)", conds=entry.conds)
                    continue
                yield from self._route(entry, route, prop, api_name)

    def _route(self, entry: NativeEntry, route: Route, prop: str, api_name: str) -> Iterable[Violation]:
        where = entry.at(prop)
        related = [route.node.at()] if route.node is not None else []
        what = f"{prop} of {entry.label} (LoadBalancers[{entry.index}])"
        if route.invalid is not None:
            yield Violation(ERROR, where,
                            f"{what} is neither a listener rule nor a listener: {route.invalid}; ECS rejects it: "
                            f"\"{aws_error(api_name, '<arn>')}\"", related, entry.conds)
        elif route.kind == "listener" and route.lb_type == "application":
            yield Violation(ERROR, where,
                            f"{what} is listener {route.shown} of an Application Load Balancer; for an ALB ECS needs "
                            f"a listener rule: \"{aws_error(api_name, '<listener arn>')}\"", related, entry.conds)
        elif route.kind == "listener" and route.lb_type not in (None, "network"):
            yield Violation(ERROR, where,
                            f"{what} is listener {route.shown} of a {route.lb_type} load balancer; ECS blue/green "
                            f"needs an ALB listener rule or an NLB listener: \"{aws_error(api_name, '<arn>')}\"",
                            related, entry.conds)
        elif route.kind is None and route.unknown is not None:
            yield Violation(INFO, where,
                            f"cannot verify that {what} is a listener rule (ALB) or listener (NLB): {route.unknown}",
                            conds=entry.conds)
        elif route.kind == "listener" and route.lb_type is None:
            yield Violation(INFO, where,
                            f"cannot verify {what}: listener {route.shown} needs to be on a Network Load Balancer "
                            "(an ALB needs a listener rule), and its load balancer type is not known from the "
                            "templates", related, entry.conds)
