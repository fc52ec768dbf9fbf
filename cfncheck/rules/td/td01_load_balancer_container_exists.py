"""TD-01: `LoadBalancers[].ContainerName` must be a container of the task definition.

## What it does
For every `LoadBalancers` entry of an `AWS::ECS::Service` (and of an `AWS::ECS::TaskSet`), finds the task
definition (`Ref`, the family string CDK renders for CODE_DEPLOY services, an ARN, or a cross-stack
reference) and reports a `ContainerName` that is not the `Name` of one of its `ContainerDefinitions` (error). A task
definition or container name that cannot be resolved from the templates gives an info (cannot verify).

## Why is this bad?
ECS rejects CreateService (and CreateTaskSet) and CloudFormation rolls back:

    The container <name> does not exist in the task definition. (Service: AmazonECS; Status Code: 400;
    Error Code: InvalidParameterException ...)

It typically happens with a hand-written `LoadBalancers` escape hatch after a container was renamed, or
when the service points at another family than intended.

## Example
```yaml
TaskDef:
  Type: AWS::ECS::TaskDefinition
  Properties:
    Family: web
    ContainerDefinitions: [{Name: app, Image: nginx, PortMappings: [{ContainerPort: 8080}]}]
Service:
  Type: AWS::ECS::Service
  Properties:
    TaskDefinition: web
    LoadBalancers: [{ContainerName: web, ContainerPort: 8080, TargetGroupArn: !Ref BlueTG}]
```

## Use instead
```yaml
    LoadBalancers: [{ContainerName: app, ContainerPort: 8080, TargetGroupArn: !Ref BlueTG}]
```

## CDK (Python) fix
```python
blue_tg.add_target(service.load_balancer_target(container_name=container.container_name, container_port=8080))
# instead of cfn_service.add_property_override("LoadBalancers", [...]) with a hand-written name
```

## CDK (TypeScript) fix
```ts
blueTg.addTarget(service.loadBalancerTarget({ containerName: container.containerName, containerPort: 8080 }));
// instead of cfnService.addPropertyOverride('LoadBalancers', [...]) with a hand-written name
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-loadbalancer.html ;
https://github.com/boltops-tools/ufo/issues/114
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.entries import LoadBalancerEntry
from cfncheck.model.tasks import TaskDefinition, container_name
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Unknown, Where, outside_run


class LoadBalancerContainerExists(Rule):
    code = "9C61"
    name = "TD-01"
    title = "LoadBalancers[].ContainerName must be a container of the task definition"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Let the CDK write the load-balancer mapping from the container object: "
           "blue_tg.add_target(service.load_balancer_target(container_name=container.container_name, "
           "container_port=8080)), or service.attach_to_application_target_group(blue_tg) for the default "
           "container, instead of a LoadBalancers property override with a hand-written name.")
    fix_typescript = ("Let the CDK write the load-balancer mapping from the container object: "
                      "blueTg.addTarget(service.loadBalancerTarget({ containerName: container.containerName, "
                      "containerPort: 8080 })), or service.attachToApplicationTargetGroup(blueTg) for the default "
                      "container, instead of a LoadBalancers property override with a hand-written name.")
    source_url = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
                  "aws-properties-ecs-service-loadbalancer.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for entry in model.load_balancer_entries:
            for name in entry.prop("ContainerName"):
                if name.value is MISSING:
                    continue
                wanted = container_name(name.value)
                for td in entry.owner.task_definitions(name.conds):
                    if isinstance(td.value, Unknown):
                        if not outside_run(td.value):  # registered outside these templates: nothing to check
                            yield Violation(INFO, name.where,
                                            f"cannot verify that the container of LoadBalancers[{entry.index}] of "
                                            f"{entry.label} is in its task definition: {td.value.reason}",
                                            conds=td.conds)
                    elif isinstance(td.value, TaskDefinition):
                        yield from self._check(entry, name.where, td.value, wanted, td.conds)

    def _check(self, entry: LoadBalancerEntry, where: Where, td: TaskDefinition, name: str | Unknown,
               conds: Conds) -> Iterable[Violation]:
        found = td.containers(conds)
        names = [c.name for c in found]
        if not found or name in names:
            return  # the same parameter or import on both sides counts as the same name
        unknown = name if isinstance(name, Unknown) else next((n for n in names if isinstance(n, Unknown)), None)
        if unknown is not None:
            shown = "the container" if isinstance(name, Unknown) else f"container {name!r}"
            yield Violation(INFO, where,
                            f"cannot verify that {shown} of LoadBalancers[{entry.index}] of {entry.label} is in "
                            f"task definition {td.shown()}: {unknown.reason}", conds=conds)
            return
        listed = ", ".join(repr(n) for n in names)
        yield Violation(ERROR, where,
                        f"LoadBalancers[{entry.index}] of {entry.label} names container {name!r}, but task "
                        f"definition {td.shown()} has only {listed}; ECS rejects it: \"The container {name} does not "
                        "exist in the task definition.\"", [td.at("Properties", "ContainerDefinitions")], conds)
