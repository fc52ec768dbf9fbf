"""NBG-07: the production and test listener rules of a native blue/green service must differ.

## What it does
For every `LoadBalancers[].AdvancedConfiguration` of a native blue/green, linear or canary service,
reports a `TestListenerRule` that resolves to the same listener rule (or NLB listener) as
`ProductionListenerRule`, in any stack of the run or as the same literal ARN (error).

## Why is this bad?
ECS moves test traffic and production traffic separately; the same rule cannot play both roles.
CreateService/UpdateService fail and CloudFormation rolls back:

    The following rules cannot be used as both production and test listener rules: <arn>

## Example
```yaml
AdvancedConfiguration:
  AlternateTargetGroupArn: !Ref GreenTG
  ProductionListenerRule: !Ref ProdRule
  TestListenerRule: !Ref ProdRule
```

## Use instead
```yaml
  ProductionListenerRule: !Ref ProdRule
  TestListenerRule: !Ref TestRule    # e.g. a rule on a test listener (port 8080) or with a header condition
```

## CDK (Python) fix
```python
test_rule = elbv2.ApplicationListenerRule(self, "TestRule", listener=test_listener, priority=10,
    conditions=[elbv2.ListenerCondition.path_patterns(["/*"])],
    action=elbv2.ListenerAction.weighted_forward([elbv2.WeightedTargetGroup(target_group=blue_tg, weight=100),
                                                  elbv2.WeightedTargetGroup(target_group=green_tg, weight=0)]))
ecs.AlternateTarget("Alt", alternate_target_group=green_tg,
    production_listener=ecs.ListenerRuleConfiguration.application_listener_rule(prod_rule),
    test_listener=ecs.ListenerRuleConfiguration.application_listener_rule(test_rule))
```

## CDK (TypeScript) fix
```ts
const testRule = new elbv2.ApplicationListenerRule(this, 'TestRule', { listener: testListener, priority: 10,
  conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
  action: elbv2.ListenerAction.weightedForward([{ targetGroup: blueTg, weight: 100 },
                                                { targetGroup: greenTg, weight: 0 }]) });
new ecs.AlternateTarget('Alt', { alternateTargetGroup: greenTg,
  productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(prodRule),
  testListener: ecs.ListenerRuleConfiguration.applicationListenerRule(testRule) });
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, Rule, Violation


class DistinctProdAndTestRules(Rule):
    code = "9D07"
    name = "NBG-07"
    title = "The production and test listener rules of a native blue/green service must differ"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Create a separate test rule (elbv2.ApplicationListenerRule on a test listener or with a header "
           "condition) and pass it as "
           "test_listener=ecs.ListenerRuleConfiguration.application_listener_rule(test_rule), "
           "or leave test_listener out.")
    fix_typescript = ("Create a separate test rule (elbv2.ApplicationListenerRule on a test listener or with a "
                      "header condition) and pass it as "
                      "testListener: ecs.ListenerRuleConfiguration.applicationListenerRule(testRule), "
                      "or leave testListener out.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for entry in model.native_entries:
            if entry.prod is None or entry.test is None:
                continue
            prod, test = entry.prod.key, entry.test.key
            if prod is None or test is None or prod != test:
                continue
            yield Violation(ERROR, entry.at("TestListenerRule"),
                            f"{entry.label}: LoadBalancers[{entry.index}] uses {entry.prod.shown} as both the "
                            "production and the test listener rule; ECS rejects it: \"The following rules cannot be "
                            "used as both production and test listener rules: <arn>\"",
                            [entry.at("ProductionListenerRule")], entry.conds)
