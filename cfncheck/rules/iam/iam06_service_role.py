"""IAM-06: AWS::ECS::Service.Role only with a load balancer and a non-awsvpc task definition.

## What it does
Warns about an `AWS::ECS::Service` that sets `Role` when the service cannot use one: its task definition (found by
`Ref`, family name or ARN, in any stack of the run; a Fargate service is always `awsvpc`) uses the `awsvpc`
network mode, it has no `LoadBalancers`, or it needs the ECS service-linked role anyway (the `EXTERNAL`
deployment controller, `ServiceRegistries`, or more than one load-balancer entry). When the network mode
cannot be told from the files, it is info; a Fargate task definition without `NetworkMode` (which ECS rejects, and
cfn-lint E3048 reports) is not taken for `bridge`.

## Why is this bad?
The CloudFormation schema for `Role`: "This parameter is only permitted if you are using a load balancer with
your service and your task definition doesn't use the awsvpc network mode. If you specify the role parameter,
you must also specify a load balancer object", and "The service-linked role is required if your task definition
uses the awsvpc network mode or if the service is configured to use service discovery, an external deployment
controller, multiple target groups ... in which case you don't specify a role here." CreateService is expected
to fail (AWS error text: unconfirmed, hence a warning).

## Example
```yaml
Service:
  Type: AWS::ECS::Service
  Properties:
    TaskDefinition: !Ref TaskDef      # NetworkMode: awsvpc
    Role: !Ref EcsServiceRole
    LoadBalancers: [{ContainerName: web, ContainerPort: 8080, TargetGroupArn: !Ref BlueTG}]
```

## Use instead
```yaml
Service:
  Type: AWS::ECS::Service
  Properties:
    TaskDefinition: !Ref TaskDef      # ECS uses its service-linked role
    LoadBalancers: [{ContainerName: web, ContainerPort: 8080, TargetGroupArn: !Ref BlueTG}]
```

## CDK (Python) fix
```python
# The L2 services never render Role; remove an escape hatch that adds it:
service.node.default_child.add_property_deletion_override("Role")
# (L1) ecs.CfnService(self, "Service", ..., role=None)
```

## CDK (TypeScript) fix
```ts
// The L2 services never render Role; remove an escape hatch that adds it:
(service.node.defaultChild as ecs.CfnService).addPropertyDeletionOverride('Role');
// (L1) new ecs.CfnService(this, 'Service', { ..., role: undefined })
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import reason
from cfncheck.model.ecs import Service
from cfncheck.rules.base import INFO, WARNING, Rule, Violation
from cfncheck.template.values import Conds, Lit, Unknown, Where


class ServiceRole(Rule):
    code = "9C86"
    name = "IAM-06"
    title = "AWS::ECS::Service.Role only with a load balancer and a non-awsvpc task definition"
    severity = WARNING
    severities = (WARNING, INFO)
    fix = ("Do not set the service Role (CDK's L2 services never do): remove the escape hatch with "
           "service.node.default_child.add_property_deletion_override(\"Role\"); ECS then uses its service-linked "
           "role, which awsvpc tasks, service discovery, the EXTERNAL controller and multiple target groups require.")
    fix_typescript = ("Do not set the service Role (CDK's L2 services never do): remove the escape hatch with "
                      "(service.node.defaultChild as ecs.CfnService).addPropertyDeletionOverride('Role'); ECS then "
                      "uses its service-linked role, which awsvpc tasks, service discovery, the EXTERNAL controller "
                      "and multiple target groups require.")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for role in service.has("Role"):
                yield from self._role(service, role.where, role.conds)

    def _role(self, service: Service, where: Where, conds: Conds) -> Iterable[Violation]:
        label = service.label
        if not service.nonempty("LoadBalancers", conds=conds):
            yield Violation(WARNING, where,
                            f"{label} sets Role but has no LoadBalancers; \"If you specify the role parameter, you "
                            "must also specify a load balancer object\"", conds=conds)
            return
        for why, branch in self._service_linked(service, conds):
            yield Violation(WARNING, where,
                            f"{label} sets Role, but {why}, which requires the ECS service-linked role: \"in which "
                            "case you don't specify a role here\"", conds=branch)
        for mode in service.network_modes(conds):
            if mode.value == Lit("awsvpc"):
                yield Violation(WARNING, where,
                                f"{label} sets Role, but its task definition uses the awsvpc network mode; Role \"is "
                                "only permitted if ... your task definition doesn't use the awsvpc network mode\"",
                                conds=mode.conds)
            elif isinstance(mode.value, Unknown):
                yield Violation(INFO, where,
                                f"cannot verify that {label} may set Role: the task network mode is unknown: "
                                f"{reason(mode.value)}", conds=mode.conds)

    @staticmethod
    def _service_linked(service: Service, conds: Conds) -> Iterable[tuple[str, Conds]]:
        for ctrl in service.controllers(conds):
            if ctrl.value.kind == "EXTERNAL":
                yield "it uses the EXTERNAL deployment controller", ctrl.conds
        for reg in service.nonempty("ServiceRegistries", conds=conds):
            yield "it uses service discovery (ServiceRegistries)", reg.conds
        for lists in service.counted("LoadBalancers", conds=conds):
            if not isinstance(lists.members, Unknown) and len(lists.members) > 1:
                yield "it has more than one LoadBalancers entry (multiple target groups)", lists.conds
