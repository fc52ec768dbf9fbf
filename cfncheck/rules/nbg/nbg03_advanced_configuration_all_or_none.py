"""NBG-03: `AdvancedConfiguration` on all load balancer entries of a service or on none.

## What it does
For every `AWS::ECS::Service` on the ECS deployment controller (any strategy), reports each
`LoadBalancers` entry without `AdvancedConfiguration` when another entry of the same service has one (error).

## Why is this bad?
ECS rejects CreateService/UpdateService and CloudFormation rolls back:

    Either all or none of the provided loadBalancers must have advancedConfiguration defined

## Example
```yaml
LoadBalancers:
  - TargetGroupArn: !Ref WebBlueTG
    ContainerName: web
    ContainerPort: 8080
    AdvancedConfiguration: {AlternateTargetGroupArn: !Ref WebGreenTG, ProductionListenerRule: !Ref WebRule,
                            RoleArn: !GetAtt InfraRole.Arn}
  - {TargetGroupArn: !Ref AdminTG, ContainerName: web, ContainerPort: 9090}
```

## Use instead
```yaml
  - TargetGroupArn: !Ref AdminBlueTG
    ContainerName: web
    ContainerPort: 9090
    AdvancedConfiguration: {AlternateTargetGroupArn: !Ref AdminGreenTG, ProductionListenerRule: !Ref AdminRule,
                            RoleArn: !GetAtt InfraRole.Arn}
```

## CDK (Python) fix
```python
for blue, green, rule, port in ((web_blue, web_green, web_rule, 8080), (admin_blue, admin_green, admin_rule, 9090)):
    service.load_balancer_target(container_name="web", container_port=port,
        alternate_target=ecs.AlternateTarget(f"Alt{port}", alternate_target_group=green,
            production_listener=ecs.ListenerRuleConfiguration.application_listener_rule(rule))
    ).attach_to_application_target_group(blue)
```

## CDK (TypeScript) fix
```ts
const entries = [[webBlue, webGreen, webRule, 8080], [adminBlue, adminGreen, adminRule, 9090]] as const;
for (const [blue, green, rule, port] of entries) {
  service.loadBalancerTarget({ containerName: 'web', containerPort: port,
    alternateTarget: new ecs.AlternateTarget(`Alt${port}`, { alternateTargetGroup: green,
      productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(rule) }),
  }).attachToApplicationTargetGroup(blue);
}
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, Rule, Violation
from cfncheck.template.values import merge

AWS_ERROR = "Either all or none of the provided loadBalancers must have advancedConfiguration defined"


class AdvancedConfigurationAllOrNone(Rule):
    code = "9D03"
    name = "NBG-03"
    title = "AdvancedConfiguration on all load balancer entries of a service or on none"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Give every load_balancer_target(...) of a native blue/green service its own alternate_target="
           "ecs.AlternateTarget(...), or none of them for a rolling service.")
    fix_typescript = ("Give every loadBalancerTarget({...}) of a native blue/green service its own alternateTarget: "
                      "new ecs.AlternateTarget(...), or none of them for a rolling service.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for ctrl in service.on_ecs():
                states = [(entry, w) for entry in service.load_balancers(ctrl.conds)
                          for w in entry.advanced.written()]
                with_adv = [(entry, w) for entry, w in states if w.value]
                for entry, state in states:
                    if state.value:
                        continue
                    for other, adv in with_adv:
                        both = merge(state.conds, adv.conds)
                        if both is None or other.index == entry.index:
                            continue
                        yield Violation(ERROR, entry.at(),
                                        f"{service.label}: LoadBalancers[{entry.index}] has no AdvancedConfiguration "
                                        f"but LoadBalancers[{other.index}] has one; ECS rejects the service: "
                                        f"\"{AWS_ERROR}\"", [adv.where], both)
                        break
