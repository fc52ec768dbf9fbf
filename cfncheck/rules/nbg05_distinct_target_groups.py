"""NBG-05: target groups of a service are distinct: no duplicate `TargetGroupArn`, alternate ≠ primary.

## What it does
For every `AWS::ECS::Service` on the ECS deployment controller, resolves `LoadBalancers[].TargetGroupArn`
and `AdvancedConfiguration.AlternateTargetGroupArn` to target groups (in any stack of the run). Reports
the same target group in two entries' `TargetGroupArn` (error), and an alternate target group that is the
entry's own `TargetGroupArn` or another target group of the service (warning: AWS error text unconfirmed).

## Why is this bad?
ECS rejects a duplicate target group and CloudFormation rolls back:

    Duplicate targetGroupArn found: <arn>

With the alternate target group equal to the primary one, ECS has no second target group to register
the green tasks in and cannot shift traffic (AWS error text: unconfirmed).

## Example
```yaml
LoadBalancers:
  - TargetGroupArn: !Ref BlueTG
    ContainerName: web
    ContainerPort: 8080
    AdvancedConfiguration: {AlternateTargetGroupArn: !Ref BlueTG, ProductionListenerRule: !Ref ProdRule}
```

## Use instead
```yaml
    AdvancedConfiguration: {AlternateTargetGroupArn: !Ref GreenTG, ProductionListenerRule: !Ref ProdRule,
                            RoleArn: !GetAtt InfraRole.Arn}
```

## CDK (Python) fix
```python
green_tg = elbv2.ApplicationTargetGroup(self, "Green", vpc=vpc, port=8080, target_type=elbv2.TargetType.IP)
service.load_balancer_target(container_name="web", container_port=8080,
    alternate_target=ecs.AlternateTarget("Alt", alternate_target_group=green_tg,   # not blue_tg
        production_listener=ecs.ListenerRuleConfiguration.application_listener_rule(prod_rule))
).attach_to_application_target_group(blue_tg)
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import Key, Model
from cfncheck.rules._legacy_base import ERROR, WARNING, Rule, Violation, service_label
from cfncheck.rules._native import ecs_services, entry_path, show
from cfncheck.template.values import MISSING, Conds, Node, merge

Use = tuple[int, str, Key, Conds]  # (entry index, "primary" | "alternate", target group, choices)


class DistinctTargetGroups(Rule):
    code = "9D05"
    name = "NBG-05"
    title = "Target groups of a service are distinct: no duplicate TargetGroupArn, alternate different from primary"
    severity = ERROR
    severities = (ERROR, WARNING)
    fix = ("Give every load_balancer_target(...) its own target group and pass a separate green target group "
           "(elbv2.ApplicationTargetGroup(..., target_type=elbv2.TargetType.IP)) as "
           "ecs.AlternateTarget(alternate_target_group=green_tg, ...).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service, conds in ecs_services(model):
            uses = list(self._uses(model, service, conds))
            if len(uses) < 2:
                continue
            label = service_label(model, service)
            for n, (i, role, tg, c) in enumerate(uses):
                for j, other_role, other, oc in uses[:n]:
                    both = merge(c, oc)
                    if both is None or (i == j and role == other_role) or not model.same(tg, other, "Name"):
                        continue
                    yield self._violation(service, label, (i, role), (j, other_role), tg, both)
                    break

    def _violation(self, service: Node, label: str, this: tuple[int, str], first: tuple[int, str], tg: Key,
                   conds: Conds) -> Violation:
        (i, role), (j, other_role) = this, first
        path = entry_path(i, "TargetGroupArn") if role == "primary" else \
            entry_path(i, "AdvancedConfiguration", "AlternateTargetGroupArn")
        other_path = entry_path(j, "TargetGroupArn") if other_role == "primary" else \
            entry_path(j, "AdvancedConfiguration", "AlternateTargetGroupArn")
        if role == other_role == "primary":
            return Violation(ERROR, service, path,
                             f"{label}: LoadBalancers[{i}] and LoadBalancers[{j}] both use target group {show(tg)}; "
                             f"ECS rejects the service: \"Duplicate targetGroupArn found: <arn>\"",
                             [(service, other_path)], conds)
        where = "its own TargetGroupArn" if i == j else f"a target group of LoadBalancers[{j}]"
        return Violation(WARNING, service, path,
                         f"{label}: the {role} target group {show(tg)} of LoadBalancers[{i}] is also {where}; "
                         "blue/green needs two distinct target groups per entry to move traffic between "
                         "(AWS error text: unconfirmed)", [(service, other_path)], conds)

    def _uses(self, model: Model, service: Node, conds: Conds) -> Iterable[Use]:
        for item in model.elements(service, "LoadBalancers", conds=conds):
            base = item.conds
            if not isinstance(item.value, tuple):
                continue
            i = item.value[0]
            for role, keys in (("primary", ("TargetGroupArn",)),
                               ("alternate", ("AdvancedConfiguration", "AlternateTargetGroupArn"))):
                for br in model.values(service, "LoadBalancers", i, *keys, conds=base):
                    key = model.target_group(br.value) if br.value is not MISSING else None
                    if key is not None:
                        yield i, role, key, br.conds
