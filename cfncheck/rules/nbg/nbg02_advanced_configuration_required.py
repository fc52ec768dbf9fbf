"""NBG-02: with a native blue/green, linear or canary strategy every load balancer entry needs `AdvancedConfiguration`.

## What it does
For every `AWS::ECS::Service` on the ECS deployment controller whose `DeploymentConfiguration.Strategy` is
`BLUE_GREEN`, `LINEAR` or `CANARY` and which has `LoadBalancers`, reports each entry without
`AdvancedConfiguration` (error) when no entry has one (a mix of entries with and without it is NBG-03).
A service without load balancers (headless blue/green) is fine and not reported.

## Why is this bad?
ECS needs the alternate target group and the production listener rule to shift traffic; CreateService
and UpdateService fail and CloudFormation rolls back:

    advancedConfiguration field is required for all loadBalancers when using a non-ROLLING deployment strategy

(observed variants end in "when using the Blue/green deployment strategy" and "when using the canary
deployment strategy").

## Example
```yaml
Service:
  Type: AWS::ECS::Service
  Properties:
    DeploymentConfiguration: {Strategy: BLUE_GREEN}
    LoadBalancers:
      - {ContainerName: web, ContainerPort: 8080, TargetGroupArn: !Ref BlueTG}
```

## Use instead
```yaml
    LoadBalancers:
      - ContainerName: web
        ContainerPort: 8080
        TargetGroupArn: !Ref BlueTG
        AdvancedConfiguration:
          AlternateTargetGroupArn: !Ref GreenTG
          ProductionListenerRule: !Ref ProdRule
          RoleArn: !GetAtt EcsInfrastructureRole.Arn
```

## CDK (Python) fix
```python
target = service.load_balancer_target(container_name="web", container_port=8080,
    alternate_target=ecs.AlternateTarget("Alt", alternate_target_group=green_tg,
        production_listener=ecs.ListenerRuleConfiguration.application_listener_rule(prod_rule)))
target.attach_to_application_target_group(blue_tg)
```

## CDK (TypeScript) fix
```ts
const target = service.loadBalancerTarget({ containerName: 'web', containerPort: 8080,
  alternateTarget: new ecs.AlternateTarget('Alt', { alternateTargetGroup: greenTg,
    productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(prodRule) }) });
target.attachToApplicationTargetGroup(blueTg);
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, Rule, Violation
from cfncheck.template.values import merge

AWS_ERROR = "advancedConfiguration field is required for all loadBalancers when using a non-ROLLING deployment strategy"


class AdvancedConfigurationRequired(Rule):
    code = "9D02"
    name = "NBG-02"
    title = "With a native blue/green, linear or canary strategy every load balancer entry needs AdvancedConfiguration"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Attach the service with service.load_balancer_target(container_name=..., container_port=..., "
           "alternate_target=ecs.AlternateTarget(\"Alt\", alternate_target_group=green_tg, production_listener="
           "ecs.ListenerRuleConfiguration.application_listener_rule(prod_rule))) and call "
           "attach_to_application_target_group(blue_tg) on the result, for every target group of the service.")
    fix_typescript = ("Attach the service with service.loadBalancerTarget({ containerName: ..., containerPort: ..., "
                      "alternateTarget: new ecs.AlternateTarget('Alt', { alternateTargetGroup: greenTg, "
                      "productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(prodRule) }) }) "
                      "and call attachToApplicationTargetGroup(blueTg) on the result, for every target group of the "
                      "service.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for strategy in service.native_strategies():
                states = [(entry, w) for entry in service.load_balancers(strategy.conds)
                          for w in entry.advanced.written()]
                with_adv = [w for _, w in states if w.value]
                for entry, state in states:
                    if state.value or any(merge(state.conds, other.conds) is not None for other in with_adv):
                        continue  # it has one, or some entries have it: NBG-03
                    yield Violation(ERROR, entry.at(),
                                    f"{service.label} uses the {strategy.value.name} deployment strategy but "
                                    f"LoadBalancers[{entry.index}] has no AdvancedConfiguration (alternate target "
                                    f"group, production listener rule); CreateService fails: \"{AWS_ERROR}\"",
                                    conds=state.conds)
