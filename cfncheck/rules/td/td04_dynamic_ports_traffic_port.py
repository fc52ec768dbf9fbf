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

## CDK (TypeScript) fix
```ts
const greenTg = new elbv2.ApplicationTargetGroup(this, 'Green', { vpc, port: 8080,
  protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.INSTANCE,
  healthCheck: { port: 'traffic-port' } });   // the default when port is not set
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.deployments import TargetGroupUse
from cfncheck.model.ecs import TASK_DEFINITION
from cfncheck.model.elb import TARGET_GROUP, TargetGroup
from cfncheck.model.tasks import Mapping, TaskDefinition, port
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit, Unknown


class DynamicPortsTrafficPort(Rule):
    code = "9C64"
    name = "TD-04"
    title = "With dynamic host ports, the green target group's health check must use traffic-port"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Leave the health-check port of both target groups at its default, or set it explicitly: "
           "elbv2.ApplicationTargetGroup(self, \"Green\", ..., health_check=elbv2.HealthCheck(port=\"traffic-port\")).")
    fix_typescript = ("Leave the health-check port of both target groups at its default, or set it explicitly: new "
                      "elbv2.ApplicationTargetGroup(this, 'Green', { ..., healthCheck: { port: 'traffic-port' } }).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for use in model.target_group_uses:
            tg = use.target_group
            if tg is None:
                continue
            for mapping, td, conds in self._dynamic(use):
                if use.role == "service" and _cfn_lint_sees(use, td, mapping):
                    continue  # cfn-lint E3049 reports this one
                yield from self._health_check(use, tg, td, conds)

    def _dynamic(self, use: TargetGroupUse) -> Iterable[tuple[Mapping, TaskDefinition, Conds]]:
        """The port mappings with a dynamic host port that the entry of ``use`` sends traffic to."""
        entry = use.entry
        for name in entry.prop("ContainerName", conds=use.conds):
            if not isinstance(name.value, Lit):
                continue
            for wanted in entry.prop("ContainerPort", conds=name.conds):
                target = port(wanted.value)
                if not isinstance(target, int):
                    continue
                for td in entry.owner.task_definitions(wanted.conds):
                    if not isinstance(td.value, TaskDefinition):
                        continue
                    for mode in td.value.network_modes(td.conds):
                        if mode.value != "bridge":
                            continue
                        for container in td.value.containers(mode.conds):
                            if container.name != name.value.value:
                                continue
                            for m in td.value.port_mappings(container.index, container.conds):
                                if m.container_port == target and m.dynamic_host_port:
                                    yield m, td.value, m.conds

    def _health_check(self, use: TargetGroupUse, tg: TargetGroup, td: TaskDefinition,
                      conds: Conds) -> Iterable[Violation]:
        related = [use.ref, td.at("Properties", "ContainerDefinitions")]
        for br in tg.prop("HealthCheckPort", conds=conds):
            value = br.value
            if value is MISSING or (isinstance(value, Lit) and str(value.value) == "traffic-port"):
                continue
            if isinstance(value, Unknown):
                yield Violation(INFO, br.where,
                                f"cannot verify that target group {tg.logical_id}, {use.where_text} for "
                                f"{use.entry.label}, health-checks the traffic port of its dynamic host ports: "
                                f"{value.reason}", related, br.conds)
                continue
            shown = repr(value.value) if isinstance(value, Lit) else "a resource attribute"
            yield Violation(ERROR, br.where,
                            f"target group {tg.logical_id} health-checks port {shown}, but it is {use.where_text} for "
                            f"{use.entry.label}, whose task definition {td.shown()} maps the load-balanced container "
                            "port to a dynamic host port (bridge network mode, HostPort 0 or not set); every "
                            "replacement task fails its health check: set HealthCheckPort to traffic-port",
                            related, br.conds)


def _cfn_lint_sees(use: TargetGroupUse, td: TaskDefinition, mapping: Mapping) -> bool:
    """Whether cfn-lint's E3049 checks this service target group: TaskDefinition and TargetGroupArn are Ref or
    GetAtt to resources of the service's template, and HostPort is literally 0."""
    entry = use.entry
    owner = entry.owner
    if td.stack is not owner.stack or mapping.host_port != 0:
        return False
    return owner.refers_locally(("TaskDefinition",), TASK_DEFINITION, use.conds) and \
        owner.refers_locally(("LoadBalancers", entry.index, "TargetGroupArn"), TARGET_GROUP, use.conds)
