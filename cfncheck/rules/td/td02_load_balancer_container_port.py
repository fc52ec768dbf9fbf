"""TD-02: `LoadBalancers[].ContainerPort` must be a `containerPort` of that container's `PortMappings`.

## What it does
For every `LoadBalancers` entry of an `AWS::ECS::Service` (and of an `AWS::ECS::TaskSet`) whose
`ContainerName` is a container of the task definition, reports a `ContainerPort` that is not the
`ContainerPort` (or inside the `ContainerPortRange`) of one of that container's `PortMappings` (error). A
port or task definition that cannot be resolved from the templates gives an info (cannot verify).

## Why is this bad?
ECS rejects CreateService (and CreateTaskSet) and CloudFormation rolls back:

    InvalidParameterException: The container <name> did not have a container port <port> defined.

The CDK's `attach_to_application_target_group(tg)` uses the default container (the first essential one)
and its first port mapping; with sidecars, or with a hand-written `LoadBalancers` override, the port easily
ends up being one the container does not map.

## Example
```yaml
TaskDef:
  Type: AWS::ECS::TaskDefinition
  Properties:
    Family: web
    ContainerDefinitions: [{Name: web, Image: nginx, PortMappings: [{ContainerPort: 8080}]}]
Service:
  Type: AWS::ECS::Service
  Properties:
    TaskDefinition: web
    LoadBalancers: [{ContainerName: web, ContainerPort: 80, TargetGroupArn: !Ref BlueTG}]
```

## Use instead
```yaml
    LoadBalancers: [{ContainerName: web, ContainerPort: 8080, TargetGroupArn: !Ref BlueTG}]
```

## CDK (Python) fix
```python
container = task_def.add_container("web", image=image,
    port_mappings=[ecs.PortMapping(container_port=8080)])
blue_tg.add_target(service.load_balancer_target(container_name="web", container_port=8080))
```

## CDK (TypeScript) fix
```ts
const container = taskDef.addContainer('web', { image,
  portMappings: [{ containerPort: 8080 }] });   // an ecs.PortMapping
blueTg.addTarget(service.loadBalancerTarget({ containerName: 'web', containerPort: 8080 }));
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-loadbalancer.html ;
https://github.com/pulumi/pulumi-awsx/issues/1172
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.entries import LoadBalancerEntry
from cfncheck.model.tasks import Container, TaskDefinition, container_name, port
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Unknown, Where


class LoadBalancerContainerPort(Rule):
    code = "9C62"
    name = "TD-02"
    title = "LoadBalancers[].ContainerPort must be a containerPort of that container's PortMappings"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Map the port on the container and name both explicitly: task_def.add_container(\"web\", ..., "
           "port_mappings=[ecs.PortMapping(container_port=8080)]) and "
           "blue_tg.add_target(service.load_balancer_target(container_name=\"web\", container_port=8080)).")
    fix_typescript = ("Map the port on the container and name both explicitly: taskDef.addContainer('web', { ..., "
                      "portMappings: [{ containerPort: 8080 }] }) and blueTg.addTarget(service.loadBalancerTarget({ "
                      "containerName: 'web', containerPort: 8080 })).")
    source_url = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
                  "aws-properties-ecs-service-loadbalancer.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for entry in model.load_balancer_entries:
            for name in entry.prop("ContainerName"):
                if name.value is MISSING:
                    continue
                for wanted in entry.prop("ContainerPort", conds=name.conds):
                    if wanted.value is MISSING:
                        continue
                    for td in entry.owner.task_definitions(wanted.conds):
                        if isinstance(td.value, TaskDefinition):
                            for container in td.value.containers(td.conds):
                                # an unknown name matches only the same unknown (TD-01 reports the rest)
                                if container.name == container_name(name.value):
                                    yield from self._mapped(entry, wanted.where, td.value, container,
                                                            port(wanted.value), container.conds)

    def _mapped(self, entry: LoadBalancerEntry, where: Where, td: TaskDefinition, container: Container,
                wanted: int | Unknown | None, conds: Conds) -> Iterable[Violation]:
        mapped = td.maps_port(container.index, wanted, conds)
        if mapped is True:
            return
        if isinstance(mapped, Unknown):
            yield Violation(INFO, where,
                            f"cannot verify that container {_name(container)} of task definition {td.shown()} maps "
                            f"the ContainerPort of LoadBalancers[{entry.index}] of {entry.label}: {mapped.reason}",
                            conds=conds)
            return
        mappings = td.port_mappings(container.index, conds)
        listed = ", ".join(m.shown for m in mappings if m.shown) or "no port at all"
        base = td.at("Properties", "ContainerDefinitions", container.index)
        yield Violation(ERROR, where,
                        f"LoadBalancers[{entry.index}] of {entry.label} sends traffic to port {wanted} of container "
                        f"{_name(container)}, but in task definition {td.shown()} that container maps {listed}; ECS "
                        f"rejects it: \"The container {_raw(container)} did not have a container port {wanted} "
                        "defined.\"", [base.at("PortMappings") if mappings else base], conds)


def _name(container: Container) -> str:
    return repr(container.name) if isinstance(container.name, str) else "(its name is known only at deploy time)"


def _raw(container: Container) -> str:
    return container.name if isinstance(container.name, str) else "<name>"
