"""NBG-10: the production listener rule forwards only to the service's target group and alternate target group.

## What it does
For every `LoadBalancers[].AdvancedConfiguration` of a native blue/green, linear or canary service,
resolves the target groups of the forward actions of `ProductionListenerRule` (listener rule `Actions`,
or NLB listener `DefaultActions`, in any stack of the run) and reports (error) each one that is neither the
entry's `TargetGroupArn` nor its `AlternateTargetGroupArn`. Identities only known at deploy time give an
info.

## Why is this bad?
ECS rewrites the production rule to move traffic between exactly these two target groups; any other
target group makes the deployment roll back (and the CloudFormation update fail):

    Service deployment rolled back because of invalid networking configuration. Production listener rule is
    forwarding traffic to unexpected target group <arn>. Expected traffic to be forwarded to either
    targetGroupArn: <a> or alternateTargetGroupArn: <b>

## Example
```yaml
Actions:
  - Type: forward
    ForwardConfig:
      TargetGroups: [{TargetGroupArn: !Ref BlueTG, Weight: 100}, {TargetGroupArn: !Ref LegacyTG, Weight: 0}]
```

## Use instead
```yaml
      TargetGroups: [{TargetGroupArn: !Ref BlueTG, Weight: 100}, {TargetGroupArn: !Ref GreenTG, Weight: 0}]
```

## CDK (Python) fix
```python
# the same green_tg object in the rule and in the service's AlternateTarget
action=elbv2.ListenerAction.weighted_forward([elbv2.WeightedTargetGroup(target_group=blue_tg, weight=100),
                                              elbv2.WeightedTargetGroup(target_group=green_tg, weight=0)])
ecs.AlternateTarget("Alt", alternate_target_group=green_tg,
    production_listener=ecs.ListenerRuleConfiguration.application_listener_rule(prod_rule))
```

## CDK (TypeScript) fix
```ts
// the same greenTg object in the rule and in the service's AlternateTarget
action: elbv2.ListenerAction.weightedForward([{ targetGroup: blueTg, weight: 100 },
                                              { targetGroup: greenTg, weight: 0 }]),
new ecs.AlternateTarget('Alt', { alternateTargetGroup: greenTg,
  productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(prodRule) });
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.elb import show
from cfncheck.model.native import NativeEntry, member
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import Unknown

UNEXPECTED = ("\"Service deployment rolled back because of invalid networking configuration. Production listener "
              "rule is forwarding traffic to unexpected target group <arn>. Expected traffic to be forwarded to either "
              "targetGroupArn: <a> or alternateTargetGroupArn: <b>\"")


class ProdRuleForwardsOnlyToPair(Rule):
    code = "9D10"
    name = "NBG-10"
    title = "The production listener rule forwards only to the service's target group and alternate target group"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Forward the production rule only to the target group the service is attached to and the green "
           "target group passed to ecs.AlternateTarget(alternate_target_group=green_tg, ...); move other target "
           "groups to their own rules.")
    fix_typescript = ("Forward the production rule only to the target group the service is attached to and the "
                      "green target group passed to new ecs.AlternateTarget('Alt', { alternateTargetGroup: greenTg, "
                      "... }); move other target groups to their own rules.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for entry in model.native_entries:
            yield from self._entry(model, entry)

    def _entry(self, model: Model, entry: NativeEntry) -> Iterable[Violation]:
        prod = entry.prod
        if prod is None or prod.broken or entry.blue is None or entry.green is None:
            return
        fw = prod.forwards(entry.conds)
        if not fw:
            return
        pair = [entry.blue, entry.green]
        what = f"production listener rule {prod.shown} of {entry.label} (LoadBalancers[{entry.index}])"
        reported = set()
        for f in fw:
            if f.tg in reported:
                continue
            verdict = None if isinstance(f.tg, Unknown) else member(model, f.tg, pair)
            if verdict:
                continue
            reported.add(f.tg)
            related = [f.where]
            if verdict is None:
                if isinstance(entry.blue, Unknown) or isinstance(entry.green, Unknown):
                    continue  # NBG-08 already says the service's target groups are unknown
                yield Violation(INFO, entry.at("ProductionListenerRule"),
                                f"cannot verify that {what} forwards only to {show(entry.blue)} and "
                                f"{show(entry.green)}: a target group identity is only known at deploy time",
                                related, entry.conds)
                continue
            yield Violation(ERROR, entry.at("ProductionListenerRule"),
                            f"{what} forwards to target group {show(f.tg)}, which is neither the service's target "
                            f"group {show(entry.blue)} nor its alternate target group {show(entry.green)}; the "
                            f"deployment rolls back: {UNEXPECTED}", related, entry.conds)
