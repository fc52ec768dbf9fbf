"""NBG-04: load balancer entries are all Classic (ELBv1) or all ELBv2; no `AdvancedConfiguration` on a Classic entry.

## What it does
For every `AWS::ECS::Service` on the ECS deployment controller, classifies each `LoadBalancers` entry as
ELBv1 (`LoadBalancerName`) or ELBv2 (`TargetGroupArn`). Reports a service that mixes both kinds (or an
entry that sets both), and `AdvancedConfiguration` on an ELBv1 entry (errors).

## Why is this bad?
ECS rejects CreateService/UpdateService and CloudFormation rolls back:

    All loadBalancers must be strictly either ELBv1 (defining loadBalancerName) or ELBv2 (defining targetGroupArn)

    advancedConfiguration field is not allowed with ELBv1 loadBalancers

Blue/green, linear and canary deployments shift traffic between target groups, which Classic Load
Balancers do not have.

## Example
```yaml
LoadBalancers:
  - {LoadBalancerName: legacy-clb, ContainerName: web, ContainerPort: 8080,
     AdvancedConfiguration: {AlternateTargetGroupArn: !Ref GreenTG, ProductionListenerRule: !Ref ProdRule}}
```

## Use instead
```yaml
LoadBalancers:
  - {TargetGroupArn: !Ref BlueTG, ContainerName: web, ContainerPort: 8080,
     AdvancedConfiguration: {AlternateTargetGroupArn: !Ref GreenTG, ProductionListenerRule: !Ref ProdRule,
                             RoleArn: !GetAtt InfraRole.Arn}}
```

## CDK (Python) fix
```python
# Replace the Classic Load Balancer (service.attach_to_classic_lb(clb)) by an ALB target group:
service.load_balancer_target(container_name="web", container_port=8080,
    alternate_target=ecs.AlternateTarget("Alt", alternate_target_group=green_tg,
        production_listener=ecs.ListenerRuleConfiguration.application_listener_rule(prod_rule))
).attach_to_application_target_group(blue_tg)
```

## CDK (TypeScript) fix
```ts
// Replace the Classic Load Balancer (service.attachToClassicLB(clb)) by an ALB target group:
service.loadBalancerTarget({ containerName: 'web', containerPort: 8080,
  alternateTarget: new ecs.AlternateTarget('Alt', { alternateTargetGroup: greenTg,
    productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(prodRule) }),
}).attachToApplicationTargetGroup(blueTg);
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.ecs import Service
from cfncheck.model.entries import LoadBalancerEntry
from cfncheck.rules.base import ERROR, Rule, Violation
from cfncheck.template.values import Conds, merge

MIXED = ("All loadBalancers must be strictly either ELBv1 (defining loadBalancerName) or ELBv2 "
         "(defining targetGroupArn)")
ADVANCED_V1 = "advancedConfiguration field is not allowed with ELBv1 loadBalancers"


class ElbV1ElbV2NotMixed(Rule):
    code = "9D04"
    name = "NBG-04"
    title = "Load balancer entries are all Classic (ELBv1) or all ELBv2; no AdvancedConfiguration on a Classic entry"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Use only ELBv2 target groups on the service (service.attach_to_application_target_group / "
           "load_balancer_target(...).attach_to_network_target_group) and drop attach_to_classic_lb; "
           "blue/green needs target groups.")
    fix_typescript = ("Use only ELBv2 target groups on the service (service.attachToApplicationTargetGroup / "
                      "loadBalancerTarget({...}).attachToNetworkTargetGroup) and drop attachToClassicLB; "
                      "blue/green needs target groups.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for ctrl in service.on_ecs():
                yield from self._service(service, ctrl.conds)

    def _service(self, service: Service, conds: Conds) -> Iterable[Violation]:
        kinds = list(self._kinds(service, conds))
        label = service.label
        reported: set[int] = set()
        for entry, kind, adv, kconds in kinds:
            if kind == "both":
                reported.add(entry.index)
                yield Violation(ERROR, entry.at("LoadBalancerName"),
                                f"{label}: LoadBalancers[{entry.index}] sets both LoadBalancerName and TargetGroupArn; "
                                f"ECS rejects it: \"{MIXED}\"", conds=kconds)
            elif kind == "v1" and adv:
                yield Violation(ERROR, entry.advanced.at(),
                                f"{label}: LoadBalancers[{entry.index}] is a Classic Load Balancer (LoadBalancerName) "
                                f"with AdvancedConfiguration; ECS rejects it: \"{ADVANCED_V1}\"", conds=kconds)
        for entry, kind, _, kconds in kinds:
            if kind != "v1" or entry.index in reported:
                continue
            other = next(((e, c) for e, k, _, c in kinds if k == "v2" and merge(kconds, c) is not None), None)
            if other is not None:
                reported.add(entry.index)
                yield Violation(ERROR, entry.at("LoadBalancerName"),
                                f"{label}: LoadBalancers[{entry.index}] is a Classic Load Balancer while "
                                f"LoadBalancers[{other[0].index}] is an ELBv2 target group; ECS rejects the mix: "
                                f"\"{MIXED}\"", [other[0].at("TargetGroupArn")], merge(kconds, other[1]) or kconds)

    @staticmethod
    def _kinds(service: Service, conds: Conds) -> Iterable[tuple[LoadBalancerEntry, str, bool, Conds]]:
        for entry in service.load_balancers(conds):
            for kind in entry.kinds():
                for adv in entry.advanced.written(kind.conds):
                    yield entry, kind.value, adv.value, adv.conds
