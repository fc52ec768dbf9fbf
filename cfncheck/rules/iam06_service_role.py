"""IAM-06: AWS::ECS::Service.Role only with a load balancer and a non-awsvpc task definition.

## What it does
Warns about an `AWS::ECS::Service` that sets `Role` when the service cannot use one: its task definition (found by
`Ref`, family name or ARN, in any stack of the run; a Fargate service is always `awsvpc`) uses the `awsvpc`
network mode, it has no `LoadBalancers`, or it needs the ECS service-linked role anyway (the `EXTERNAL`
deployment controller, `ServiceRegistries`, or more than one load-balancer entry). When the network mode
cannot be told from the files, it is info.

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

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import Model, scenarios
from cfncheck.rules._features import existing_services, network_modes, non_empty
from cfncheck.rules._legacy_base import INFO, WARNING, Rule, Violation, service_label, unknown_reason
from cfncheck.template.values import MISSING, Conds, Lit, Node, Unknown, merge

PATH = ("Properties", "Role")


class ServiceRole(Rule):
    code = "9C86"
    name = "IAM-06"
    title = "AWS::ECS::Service.Role only with a load balancer and a non-awsvpc task definition"
    severity = WARNING
    severities = (WARNING, INFO)
    fix = ("Do not set the service Role (CDK's L2 services never do): remove the escape hatch with "
           "service.node.default_child.add_property_deletion_override(\"Role\"); ECS then uses its service-linked "
           "role, which awsvpc tasks, service discovery, the EXTERNAL controller and multiple target groups require.")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service, exists in existing_services(model):
            for role in model.raw(service, "Role", conds=exists):
                if role.value is MISSING:
                    continue
                yield from self._role(model, service, role.conds)

    def _role(self, model: Model, service: Node, conds: Conds) -> Iterable[Violation]:
        label = service_label(model, service)
        if not non_empty(model, service, "LoadBalancers", conds=conds):
            yield Violation(WARNING, service, PATH,
                            f"{label} sets Role but has no LoadBalancers; \"If you specify the role parameter, you "
                            "must also specify a load balancer object\"", conds=conds)
            return
        for reason, branch in self._service_linked(model, service, conds):
            yield Violation(WARNING, service, PATH,
                            f"{label} sets Role, but {reason}, which requires the ECS service-linked role: \"in which "
                            "case you don't specify a role here\"", conds=branch)
        for mode in network_modes(model, service, conds):
            if mode.value == Lit("awsvpc"):
                yield Violation(WARNING, service, PATH,
                                f"{label} sets Role, but its task definition uses the awsvpc network mode; Role \"is "
                                "only permitted if ... your task definition doesn't use the awsvpc network mode\"",
                                conds=mode.conds)
            elif isinstance(mode.value, Unknown):
                yield Violation(INFO, service, PATH,
                                f"cannot verify that {label} may set Role: the task network mode is unknown: "
                                f"{unknown_reason(mode.value)}", conds=mode.conds)

    def _service_linked(self, model: Model, service: Node, conds: Conds) -> Iterable[tuple[str, Conds]]:
        for ctrl in model.controller(service, conds):
            if ctrl.value == Lit("EXTERNAL"):
                yield "it uses the EXTERNAL deployment controller", ctrl.conds
        for reg in non_empty(model, service, "ServiceRegistries", conds=conds):
            yield "it uses service discovery (ServiceRegistries)", reg.conds
        entries = model.elements(service, "LoadBalancers", conds=conds)
        for choice, members in scenarios(entries):
            both = merge(conds, choice)
            if both is not None and len({m.value[0] for m in members if not isinstance(m.value, Unknown)}) > 1:
                yield "it has more than one LoadBalancers entry (multiple target groups)", both
