"""TD-04: with dynamic host ports, the green target group's health check must use `traffic-port`.

## What it does
For a `bridge`-mode task definition whose load-balanced container port has `HostPort: 0` (or no
`HostPort`, which is the same: ECS picks an ephemeral host port), checks `HealthCheckPort` of every target
group the tasks get registered in: the green target group of the CodeDeploy deployment group's pair, the
ECS-native `AdvancedConfiguration.AlternateTargetGroupArn`, and the service's (or task set's) own target
group where cfn-lint's E3049 cannot see it (a family-string `TaskDefinition`, a target group in another
stack, a missing `HostPort`). A fixed `HealthCheckPort` is an error; unset means `traffic-port` and is fine;
a `HealthCheckPort` that is not known from the templates (a parameter) gives an info.

## Why is this bad?
With dynamic host ports every task listens on a different host port. A health check on a fixed port hits
nothing, every replacement task is unhealthy, and every CodeDeploy or ECS blue/green deployment fails or
rolls back. cfn-lint's E3049 checks only the target group in the service's own `LoadBalancers`, never the
green one, which is where the replacement tasks register. AWS error text: unconfirmed (the deployment fails
on unhealthy targets).

## Example
```yaml
TaskDef:
  Type: AWS::ECS::TaskDefinition
  Properties:
    NetworkMode: bridge
    ContainerDefinitions: [{Name: web, Image: nginx, Memory: 512, PortMappings: [{ContainerPort: 8080, HostPort: 0}]}]
GreenTG:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties: {Port: 8080, Protocol: HTTP, TargetType: instance, VpcId: vpc-0a1b2c3d, HealthCheckPort: "8080"}
```

## Use instead
```yaml
GreenTG:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties: {Port: 8080, Protocol: HTTP, TargetType: instance, VpcId: vpc-0a1b2c3d, HealthCheckPort: traffic-port}
```

## CDK (Python) fix
```python
green_tg = elbv2.ApplicationTargetGroup(self, "Green", vpc=vpc, port=8080,
    protocol=elbv2.ApplicationProtocol.HTTP, target_type=elbv2.TargetType.INSTANCE,
    health_check=elbv2.HealthCheck(port="traffic-port"))   # the default when port is not set
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cfncheck.model.legacy import TARGET_GROUP, TASK_DEFINITION, Model
from cfncheck.rules._legacy_base import ERROR, INFO, Rule, Violation
from cfncheck.rules._task_mapping import (
    Mapping,
    Use,
    containers,
    dynamic_host_port,
    entry_values,
    network_modes,
    port,
    port_mappings,
    show,
    target_group_node,
    task_definitions,
    uses,
)
from cfncheck.template.values import MISSING, Conds, Lit, Node, Unknown


class DynamicPortsTrafficPort(Rule):
    code = "9C64"
    name = "TD-04"
    title = "With dynamic host ports, the green target group's health check must use traffic-port"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Leave the health-check port of both target groups at its default, or set it explicitly: "
           "elbv2.ApplicationTargetGroup(self, \"Green\", ..., health_check=elbv2.HealthCheck(port=\"traffic-port\")).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for use in uses(model):
            tg = target_group_node(use.tg)
            if tg is None:
                continue
            for mapping, td, conds in self._dynamic(model, use):
                if use.role == "service" and _cfn_lint_sees(model, use, td, mapping):
                    continue  # cfn-lint E3049 reports this one
                yield from self._health_check(model, use, tg, td, conds)

    def _dynamic(self, model: Model, use: Use) -> Iterable[tuple[Mapping, Node, Conds]]:
        """The port mappings with a dynamic host port that the entry of ``use`` sends traffic to."""
        entry = use.entry
        for name in entry_values(model, entry, "ContainerName", conds=use.conds):
            if not isinstance(name.value, Lit):
                continue
            for wanted in entry_values(model, entry, "ContainerPort", conds=name.conds):
                target = port(wanted.value)
                if not isinstance(target, int):
                    continue
                for td in task_definitions(model, entry.owner, wanted.conds):
                    if not isinstance(td.value, Node):
                        continue
                    for mode in network_modes(model, td.value, td.conds):
                        if mode.value != "bridge":
                            continue
                        for container in containers(model, td.value, mode.conds):
                            if container.name != name.value.value:
                                continue
                            for m in port_mappings(model, td.value, container.index, container.conds):
                                if m.container_port == target and dynamic_host_port("bridge", m):
                                    yield m, td.value, m.conds

    def _health_check(self, model: Model, use: Use, tg: Node, td: Node, conds: Conds) -> Iterable[Violation]:
        path = ("Properties", "HealthCheckPort")
        related = [use.ref, (td, ("Properties", "ContainerDefinitions"))]
        for br in model.values(tg, "HealthCheckPort", conds=conds):
            value = br.value
            if value is MISSING or (isinstance(value, Lit) and str(value.value) == "traffic-port"):
                continue
            if isinstance(value, Unknown):
                yield Violation(INFO, tg, path,
                                f"cannot verify that target group {tg.logical_id}, {use.where} for "
                                f"{use.entry.label}, health-checks the traffic port of its dynamic host ports: "
                                f"{value.reason}", related, br.conds)
                continue
            shown = repr(value.value) if isinstance(value, Lit) else "a resource attribute"
            yield Violation(ERROR, tg, path,
                            f"target group {tg.logical_id} health-checks port {shown}, but it is {use.where} for "
                            f"{use.entry.label}, whose task definition {show(td)} maps the load-balanced container "
                            "port to a dynamic host port (bridge network mode, HostPort 0 or not set); every "
                            "replacement task fails its health check: set HealthCheckPort to traffic-port",
                            related, br.conds)


def _cfn_lint_sees(model: Model, use: Use, td: Node, mapping: Mapping) -> bool:
    """Whether cfn-lint's E3049 checks this service target group: TaskDefinition and TargetGroupArn are Ref or
    GetAtt to resources of the service's template, and HostPort is literally 0."""
    entry = use.entry
    stack = entry.owner.stack
    if td.stack is not stack or mapping.host_port != 0:
        return False
    if not all(_local_ref(b.value, stack, TASK_DEFINITION) for b in model.raw(entry.owner, "TaskDefinition",
                                                                                 conds=use.conds)):
        return False
    return all(_local_ref(b.value, stack, TARGET_GROUP)
               for b in model.raw(entry.owner, "LoadBalancers", entry.index, "TargetGroupArn", conds=use.conds))


def _local_ref(expr: Any, stack: Any, rtype: str) -> bool:
    if not isinstance(expr, dict) or len(expr) != 1:
        return False
    (fn, arg), = expr.items()
    if fn == "Ref":
        name = arg
    elif fn == "Fn::GetAtt":
        name = arg[0] if isinstance(arg, list) and arg else arg.split(".")[0] if isinstance(arg, str) else None
    else:
        return False
    resource = stack.resource(name) if isinstance(name, str) else None
    return isinstance(resource, dict) and resource.get("Type") == rtype
