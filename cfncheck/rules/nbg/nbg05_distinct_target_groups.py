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

## CDK (TypeScript) fix
```ts
const greenTg = new elbv2.ApplicationTargetGroup(this, 'Green', { vpc, port: 8080, targetType: elbv2.TargetType.IP });
service.loadBalancerTarget({ containerName: 'web', containerPort: 8080,
  alternateTarget: new ecs.AlternateTarget('Alt', { alternateTargetGroup: greenTg,   // not blueTg
    productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(prodRule) }),
}).attachToApplicationTargetGroup(blueTg);
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import Key
from cfncheck.model.ecs import Service
from cfncheck.model.elb import show
from cfncheck.model.entries import LoadBalancerEntry
from cfncheck.rules.base import ERROR, WARNING, Rule, Violation
from cfncheck.template.values import Conds, Unknown, Where, merge

Use = tuple[LoadBalancerEntry, str, Key, Where, Conds]  # (entry, "primary" | "alternate", target group, ...)


class DistinctTargetGroups(Rule):
    code = "9D05"
    name = "NBG-05"
    title = "Target groups of a service are distinct: no duplicate TargetGroupArn, alternate different from primary"
    severity = ERROR
    severities = (ERROR, WARNING)
    fix = ("Give every load_balancer_target(...) its own target group and pass a separate green target group "
           "(elbv2.ApplicationTargetGroup(..., target_type=elbv2.TargetType.IP)) as "
           "ecs.AlternateTarget(alternate_target_group=green_tg, ...).")
    fix_typescript = ("Give every loadBalancerTarget({...}) its own target group and pass a separate green target "
                      "group (new elbv2.ApplicationTargetGroup(this, 'Green', { ..., targetType: elbv2.TargetType.IP "
                      "})) as new ecs.AlternateTarget('Alt', { alternateTargetGroup: greenTg, ... }).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for ctrl in service.on_ecs():
                uses = list(self._uses(service, ctrl.conds))
                for n, (entry, role, tg, where, c) in enumerate(uses):
                    for other_entry, other_role, other, other_where, oc in uses[:n]:
                        both = merge(c, oc)
                        if both is None or (entry.index == other_entry.index and role == other_role) or \
                                not model.same(tg, other, "Name"):
                            continue
                        yield self._violation(service, (entry.index, role, where), (other_entry.index, other_role,
                                                                                    other_where), tg, both)
                        break

    @staticmethod
    def _violation(service: Service, this: tuple[int, str, Where], first: tuple[int, str, Where], tg: Key,
                   conds: Conds) -> Violation:
        (i, role, where), (j, other_role, other_where) = this, first
        if role == other_role == "primary":
            return Violation(ERROR, where,
                             f"{service.label}: LoadBalancers[{i}] and LoadBalancers[{j}] both use target group "
                             f"{show(tg)}; ECS rejects the service: \"Duplicate targetGroupArn found: <arn>\"",
                             [other_where], conds)
        shared = "its own TargetGroupArn" if i == j else f"a target group of LoadBalancers[{j}]"
        return Violation(WARNING, where,
                         f"{service.label}: the {role} target group {show(tg)} of LoadBalancers[{i}] is also "
                         f"{shared}; blue/green needs two distinct target groups per entry to move traffic between "
                         "(AWS error text: unconfirmed)", [other_where], conds)

    @staticmethod
    def _uses(service: Service, conds: Conds) -> Iterable[Use]:
        for entry in service.load_balancers(conds):
            for f in entry.target_groups():
                if not isinstance(f.value, Unknown):
                    yield entry, "primary", f.value, f.where, f.conds
            for f in entry.advanced.alternates():
                if not isinstance(f.value, Unknown):
                    yield entry, "alternate", f.value, f.where, f.conds
