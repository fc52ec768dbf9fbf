"""NBG-08: both target groups must be associated with the production (or test) listener rule.

## What it does
For every `LoadBalancers[].AdvancedConfiguration` of a native blue/green, linear or canary service,
resolves the entry's `TargetGroupArn` (blue), `AlternateTargetGroupArn` (green) and the forward actions of
`ProductionListenerRule` and `TestListenerRule` (listener rule `Actions`, or NLB listener `DefaultActions`,
in any stack of the run). Reports:
- a target group forwarded to by neither the production nor the test rule (error);
- without a test rule, a production rule that does not forward to both target groups (error), except
  the exact CDK README shape, a production rule forwarding only to the blue target group, which is a
  warning (whether ECS accepts it on the first deployment is unconfirmed);
- rules or target groups that are not known from the templates (info).

## Why is this bad?
ECS registers the green tasks in the alternate target group and shifts traffic by rewriting the weights
of the rules' forward actions. A target group that no rule forwards to cannot receive traffic:

    Service deployment rolled back because of invalid networking configuration: Target group <arn> is not
    associated with either productionListenerRule or testListenerRule.

    For Application LoadBalancer, testListenerRule is required when productionListenerRule is not associated
    with both targetGroup and alternateTargetGroup

## Example
```yaml
ProdRule:
  Type: AWS::ElasticLoadBalancingV2::ListenerRule
  Properties:
    Actions: [{Type: forward, TargetGroupArn: !Ref OldTG}]
# service: TargetGroupArn BlueTG, AlternateTargetGroupArn GreenTG, ProductionListenerRule ProdRule, no test rule
```

## Use instead
```yaml
    Actions:
      - Type: forward
        ForwardConfig:
          TargetGroups: [{TargetGroupArn: !Ref BlueTG, Weight: 100}, {TargetGroupArn: !Ref GreenTG, Weight: 0}]
```

## CDK (Python) fix
```python
prod_rule = elbv2.ApplicationListenerRule(self, "ProdRule", listener=listener, priority=10,
    conditions=[elbv2.ListenerCondition.path_patterns(["/*"])],
    action=elbv2.ListenerAction.weighted_forward([elbv2.WeightedTargetGroup(target_group=blue_tg, weight=100),
                                                  elbv2.WeightedTargetGroup(target_group=green_tg, weight=0)]))
```

## CDK (TypeScript) fix
```ts
const prodRule = new elbv2.ApplicationListenerRule(this, 'ProdRule', { listener, priority: 10,
  conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
  action: elbv2.ListenerAction.weightedForward([{ targetGroup: blueTg, weight: 100 },
                                                { targetGroup: greenTg, weight: 0 }]) });
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/migrate-codedeploy-to-ecs-bluegreen.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.elb import show
from cfncheck.model.native import NativeEntry, member
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import Unknown

NOT_ASSOCIATED = ("Service deployment rolled back because of invalid networking configuration: Target group <arn> "
                  "is not associated with either productionListenerRule or testListenerRule.")
ALB_TEST_REQUIRED = ("For Application LoadBalancer, testListenerRule is required when productionListenerRule is not "
                     "associated with both targetGroup and alternateTargetGroup")


class TargetGroupsOnListenerRules(Rule):
    code = "9D08"
    name = "NBG-08"
    title = "Both target groups must be associated with the production (or test) listener rule"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Make the production rule forward to both target groups, only the blue one serving: "
           "action=elbv2.ListenerAction.weighted_forward([elbv2.WeightedTargetGroup(target_group=blue_tg, weight=100), "
           "elbv2.WeightedTargetGroup(target_group=green_tg, weight=0)]), or add a test rule that forwards to the "
           "green target group and pass it as test_listener= of ecs.AlternateTarget.")
    fix_typescript = ("Make the production rule forward to both target groups, only the blue one serving: "
                      "action: elbv2.ListenerAction.weightedForward([{ targetGroup: blueTg, weight: 100 }, "
                      "{ targetGroup: greenTg, weight: 0 }]), or add a test rule that forwards to the green target "
                      "group and pass it as testListener of new ecs.AlternateTarget(...).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for entry in model.native_entries:
            yield from self._entry(model, entry)

    def _entry(self, model: Model, entry: NativeEntry) -> Iterable[Violation]:
        prod, test = entry.prod, entry.test
        if prod is None or prod.broken or (test is not None and test.broken):
            return  # NBG-06
        what = f"{entry.label} (LoadBalancers[{entry.index}])"
        p_fw = prod.forwards(entry.conds)
        t_fw = test.forwards(entry.conds) if test is not None else []
        if p_fw is None or t_fw is None:
            reason = (prod if p_fw is None else test).unknown or "the rule is not in this run"  # type: ignore[union-attr]
            yield Violation(INFO, entry.at("ProductionListenerRule" if p_fw is None else "TestListenerRule"),
                            f"cannot verify that the target groups of {what} are associated with its listener rules: "
                            f"{reason}", conds=entry.conds)
            return
        tgs = [("TargetGroupArn", entry.blue, entry.entry_at("TargetGroupArn")),
               ("AlternateTargetGroupArn", entry.green, entry.at("AlternateTargetGroupArn"))]
        found: dict[str, tuple[bool | None, bool | None]] = {}
        for name, tg, where in tgs:
            if tg is None:
                return  # no target group at all: schema error, not this rule's
            if isinstance(tg, Unknown):
                yield Violation(INFO, where,
                                f"cannot verify that {name} of {what} is associated with its listener rules: "
                                f"{tg.reason}", conds=entry.conds)
                return
            found[name] = (member(model, tg, [f.tg for f in p_fw]), member(model, tg, [f.tg for f in t_fw]))
        if any(v is None for pair in found.values() for v in pair):
            yield Violation(INFO, entry.at("ProductionListenerRule"),
                            f"cannot verify that the target groups of {what} are associated with its listener rules: "
                            "a target group identity is only known at deploy time", conds=entry.conds)
            return
        related = prod.related + (test.related if test is not None else [])
        blue_p, green_p = found["TargetGroupArn"][0], found["AlternateTargetGroupArn"][0]
        if test is None and blue_p and not green_p:
            yield Violation(WARNING, entry.at("ProductionListenerRule"),
                            f"{what}: production listener rule {prod.shown} forwards only to the blue target group "
                            f"{show(entry.blue)} and there is no test listener rule, so the alternate target group "
                            f"{show(entry.green)} is associated with no rule; ECS documents \"{ALB_TEST_REQUIRED}\" "
                            "(whether the first deployment tolerates it is unconfirmed); forward to both target groups "
                            "with weights 100/0", related, entry.conds)
            return
        if test is None and prod.kind == "rule" and not (blue_p and green_p):
            yield Violation(ERROR, entry.at("ProductionListenerRule"),
                            f"{what}: production listener rule {prod.shown} is not associated with both the target "
                            f"group {show(entry.blue)} and the alternate target group {show(entry.green)}, and there "
                            f"is no test listener rule: \"{ALB_TEST_REQUIRED}\"", related, entry.conds)
            return
        for name, tg, where in tgs:
            in_p, in_t = found[name]
            if not in_p and not in_t:
                yield Violation(ERROR, where,
                                f"{what}: {name} {show(tg)} is forwarded to by neither the production listener rule "
                                f"{prod.shown} nor the test listener rule"
                                f"{' ' + test.shown if test is not None else ''}; the deployment rolls back: "
                                f"\"{NOT_ASSOCIATED}\"", related, entry.conds)
