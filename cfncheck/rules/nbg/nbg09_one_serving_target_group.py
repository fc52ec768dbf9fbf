"""NBG-09: the production listener rule must serve traffic from exactly one target group.

## What it does
For every `LoadBalancers[].AdvancedConfiguration` of a native blue/green, linear or canary service,
reads the forward actions of `ProductionListenerRule` (listener rule `Actions`, or NLB listener
`DefaultActions`, in any stack of the run) and counts the target groups with a weight above 0. Reports
more than one, or none (all weights 0), as an error. Left-out weights in a `ForwardConfig` with several target groups
make it a warning (the ELB default weight is unconfirmed); weights that cannot be resolved give an info.

## Why is this bad?
Before a deployment ECS expects the primary (blue) target group alone to serve production traffic; with
two serving target groups the deployment rolls back (and the CloudFormation update fails):

    Service deployment rolled back because of invalid networking configuration. productionListenerRule <arn>
    should have exactly one target group serving traffic but found 2 target groups which are serving traffic

## Example
```yaml
Actions:
  - Type: forward
    ForwardConfig:
      TargetGroups: [{TargetGroupArn: !Ref BlueTG, Weight: 50}, {TargetGroupArn: !Ref GreenTG, Weight: 50}]
```

## Use instead
```yaml
      TargetGroups: [{TargetGroupArn: !Ref BlueTG, Weight: 100}, {TargetGroupArn: !Ref GreenTG, Weight: 0}]
```

## CDK (Python) fix
```python
action=elbv2.ListenerAction.weighted_forward([elbv2.WeightedTargetGroup(target_group=blue_tg, weight=100),
                                              elbv2.WeightedTargetGroup(target_group=green_tg, weight=0)])
```

## CDK (TypeScript) fix
```ts
action: elbv2.ListenerAction.weightedForward([{ targetGroup: blueTg, weight: 100 },
                                              { targetGroup: greenTg, weight: 0 }]),
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.elb import show
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import Unknown


class OneServingTargetGroup(Rule):
    code = "9D09"
    name = "NBG-09"
    title = "The production listener rule must serve traffic from exactly one target group"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Give the blue target group all the weight and the green one 0: elbv2.ListenerAction.weighted_forward("
           "[elbv2.WeightedTargetGroup(target_group=blue_tg, weight=100), "
           "elbv2.WeightedTargetGroup(target_group=green_tg, weight=0)]).")
    fix_typescript = ("Give the blue target group all the weight and the green one 0: "
                      "elbv2.ListenerAction.weightedForward([{ targetGroup: blueTg, weight: 100 }, "
                      "{ targetGroup: greenTg, weight: 0 }]).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for entry in model.native_entries:
            prod = entry.prod
            if prod is None or prod.broken:
                continue
            fw = prod.forwards(entry.conds)
            if not fw:
                continue  # not in the run (NBG-08 says so) or no forward action at all (NBG-08)
            where = entry.at("ProductionListenerRule")
            what = f"production listener rule {prod.shown} of {entry.label} (LoadBalancers[{entry.index}])"
            if any(f.serving is None or isinstance(f.tg, Unknown) for f in fw):
                yield Violation(INFO, where,
                                f"cannot verify that {what} serves traffic from exactly one target group: a weight or "
                                "target group is only known at deploy time", prod.related, entry.conds)
                continue
            serving = {f.tg for f in fw if f.serving}
            if len(serving) == 1:
                continue
            names = ", ".join(sorted(show(t) for t in serving)) or "none"
            text = (f"\"Service deployment rolled back because of invalid networking configuration. "
                    f"productionListenerRule <arn> should have exactly one target group serving traffic but found "
                    f"{len(serving)} target groups which are serving traffic\"")
            if len(serving) > 1 and any(f.default_weight for f in fw):
                yield Violation(WARNING, where,
                                f"{what} leaves out Weight in a forward to several target groups ({names}); if ELB "
                                f"gives them equal weights, more than one serves traffic and ECS rolls back: {text}",
                                prod.related, entry.conds)
                continue
            yield Violation(ERROR, where,
                            f"{what} serves traffic from {len(serving)} target groups ({names}); exactly one (the "
                            f"primary, {show(entry.blue)}) must have a weight above 0: {text}", prod.related,
                            entry.conds)
