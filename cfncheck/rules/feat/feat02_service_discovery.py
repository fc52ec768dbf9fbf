"""FEAT-02: ServiceRegistries: one registry, container/port that fit the network mode, set once with CODE_DEPLOY.

## What it does
For every `AWS::ECS::Service` with `ServiceRegistries`:
- more than one entry is an error;
- an entry must fit the network mode of the service's task definition (found by `Ref`, family name or ARN,
  in any stack of the run): `bridge`/`host` need `ContainerName` **and** `ContainerPort`; `awsvpc` takes either
  that pair or `Port`, not both; `ContainerName` without `ContainerPort` (or the reverse) is an error in any
  mode. A container name that is not in the task definition, or a port that none of that container's
  `PortMappings` takes (its `ContainerPort`, or within its `ContainerPortRange`, as for TD-02), is a warning;
- on a `CODE_DEPLOY` service, any registry is a warning: it can only be set when the service is created.

When the task definition is not in the run, a mode-dependent entry is reported as info ("cannot verify"). A task
definition without `NetworkMode` uses `bridge`, except one that requires Fargate: ECS rejects that task definition
(cfn-lint E3048 reports it), so its registries are not judged against a `bridge` default that never applies.

## Why is this bad?
The CloudFormation schema: "Each service may be associated with one service registry. Multiple service
registries for each service isn't supported", and "If the task definition ... uses the bridge or host network
mode, you must specify a containerName and containerPort combination ... If [it] uses the awsvpc network mode
and a type SRV DNS record is used, you must specify either a containerName and containerPort combination or a
port value. However, you can't specify both." ECS rejects CreateService otherwise.

With CODE_DEPLOY, UpdateService accepts only a few fields, so adding or changing `cloud_map_options` later fails
(cdklabs/cdk-ecs-codedeploy#121):

    Invalid request provided: UpdateService error: Unable to update task definition on services with a
    CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.

and Cloud Map DNS does not follow CodeDeploy's traffic shift: it keeps returning the blue tasks during the
termination wait (aws/containers-roadmap#648).

## Example
```yaml
Service:
  Type: AWS::ECS::Service
  Properties:
    TaskDefinition: !Ref TaskDef          # NetworkMode: awsvpc
    ServiceRegistries:
      - RegistryArn: !GetAtt DiscoveryService.Arn
        ContainerName: web
        ContainerPort: 8080
        Port: 8080
```

## Use instead
```yaml
Service:
  Type: AWS::ECS::Service
  Properties:
    TaskDefinition: !Ref TaskDef
    ServiceRegistries:
      - RegistryArn: !GetAtt DiscoveryService.Arn
        ContainerName: web
        ContainerPort: 8080
```

## CDK (Python) fix
```python
service = ecs.FargateService(self, "Service", cluster=cluster, task_definition=task_def,
    cloud_map_options=ecs.CloudMapOptions(name="orders", cloud_map_namespace=namespace,
        dns_record_type=servicediscovery.DnsRecordType.SRV, container=task_def.default_container, container_port=8080))
# With CODE_DEPLOY: decide cloud_map_options when the service is created and never change them in place;
# for DNS that follows the traffic shift use ECS-native blue/green with Service Connect instead.
```

## CDK (TypeScript) fix
```ts
const service = new ecs.FargateService(this, 'Service', { cluster, taskDefinition: taskDef,
  cloudMapOptions: { name: 'orders', cloudMapNamespace: namespace,
    dnsRecordType: servicediscovery.DnsRecordType.SRV, container: taskDef.defaultContainer, containerPort: 8080 } });
// With CODE_DEPLOY: decide cloudMapOptions when the service is created and never change them in place;
// for DNS that follows the traffic shift use ECS-native blue/green with Service Connect instead.
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-serviceregistry.html ;
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html ;
https://github.com/cdklabs/cdk-ecs-codedeploy/issues/121 ; https://github.com/aws/containers-roadmap/issues/648
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import Fact, reason
from cfncheck.model.ecs import Service
from cfncheck.model.tasks import TaskDefinition
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit, Unknown, Where, merge, number, scenarios, text

CD_ERROR = ("Invalid request provided: UpdateService error: Unable to update task definition on services with a "
            "CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.")


class ServiceDiscovery(Rule):
    code = "9C72"
    name = "FEAT-02"
    title = "ServiceRegistries: one registry, container/port that fit the network mode, set once with CODE_DEPLOY"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Pass one ecs.CloudMapOptions(...) per service; for bridge/host tasks or SRV records give container= and "
           "container_port= of a mapped port, never a separate port as well with awsvpc.")
    fix_typescript = ("Pass one cloudMapOptions: { ... } (an ecs.CloudMapOptions) per service; for bridge/host tasks "
                      "or SRV records give container: and containerPort: of a mapped port, never a separate port as "
                      "well with awsvpc.")
    code_deploy_fix = ("Keep cloud_map_options exactly as the service was created with them (on CODE_DEPLOY a "
                       "later change fails: only a new service takes new ones), and let clients reach the service "
                       "through the load balancer, which follows CodeDeploy's traffic shift. To keep service "
                       "discovery, move to ECS-native blue/green: deployment_controller ECS with "
                       "deployment_strategy=ecs.DeploymentStrategy.BLUE_GREEN and service_connect_configuration=..., "
                       "whose endpoints follow the shift.")
    code_deploy_fix_typescript = ("Keep cloudMapOptions exactly as the service was created with them (on CODE_DEPLOY "
                                  "a later change fails: only a new service takes new ones), and let clients reach "
                                  "the service through the load balancer, which follows CodeDeploy's traffic shift. "
                                  "To keep service discovery, move to ECS-native blue/green: deploymentController ECS "
                                  "with deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN and "
                                  "serviceConnectConfiguration: { ... }, whose endpoints follow the shift.")
    source_url = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
                  "aws-properties-ecs-service-serviceregistry.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            entries = service.elements("ServiceRegistries")
            if not entries:
                continue
            where = service.at("Properties", "ServiceRegistries")
            yield from self._count(service, entries, where)
            yield from self._code_deploy(service, entries, where)
            for entry in entries:
                if not isinstance(entry.value, Unknown):
                    yield from self._entry(service, entry.value[0], entry.where, entry.conds)

    def _count(self, service: Service, entries: list[Fact], where: Where) -> Iterable[Violation]:
        for choice, members in scenarios(entries):
            indexes = sorted({m.value[0] for m in members if not isinstance(m.value, Unknown)})
            if len(indexes) > 1:
                yield Violation(ERROR, where.at(indexes[1]),
                                f"{service.label} has {len(indexes)} ServiceRegistries entries; \"Multiple service "
                                "registries for each service isn't supported\"", conds=choice)

    def _code_deploy(self, service: Service, entries: list[Fact], where: Where) -> Iterable[Violation]:
        reported: list[Conds] = []
        for entry in entries:
            for ctrl in service.controllers(entry.conds):
                if ctrl.value.kind != "CODE_DEPLOY" or ctrl.conds in reported:
                    continue
                if any(lt.value == Lit("EXTERNAL") for lt in service.prop("LaunchType", conds=ctrl.conds)):
                    continue  # FEAT-04 reports registries with the EXTERNAL launch type as an error
                reported.append(ctrl.conds)
                yield Violation(WARNING, where,
                                f"{service.label} uses the CODE_DEPLOY deployment controller and registers in Cloud "
                                "Map: the registry can only be set when the service is created (a later change "
                                f"fails with \"{CD_ERROR}\"), and its DNS answers do not follow CodeDeploy's traffic "
                                "shift", service.related_groups, ctrl.conds, fix=self.code_deploy_fix,
                                fix_typescript=self.code_deploy_fix_typescript)

    def _entry(self, service: Service, index: int, where: Where, conds: Conds) -> Iterable[Violation]:
        label = service.label
        for name in service.prop("ServiceRegistries", index, "ContainerName", conds=conds):
            for port in service.prop("ServiceRegistries", index, "ContainerPort", conds=name.conds):
                for srv in service.prop("ServiceRegistries", index, "Port", conds=port.conds):
                    has_name, has_port, has_srv = (name.value is not MISSING, port.value is not MISSING,
                                                   srv.value is not MISSING)
                    if has_name != has_port:
                        given, other = (name, "ContainerPort") if has_name else (port, "ContainerName")
                        key = "ContainerName" if has_name else "ContainerPort"
                        yield Violation(ERROR, given.where,
                                        f"ServiceRegistries[{index}] of {label} sets {key} without {other}; ECS takes "
                                        "a containerName and containerPort combination from the task definition",
                                        conds=srv.conds)
                        continue
                    yield from self._mode(service, index, where, (has_name, has_srv), srv, srv.conds)
                    if has_name:
                        yield from self._in_task_definition(service, index, where, name.value, port.value,
                                                            srv.conds)

    def _mode(self, service: Service, index: int, where: Where, given: tuple[bool, bool], srv: Fact,
              conds: Conds) -> Iterable[Violation]:
        pair, has_srv = given
        for mode in service.network_modes(conds):
            value = mode.value
            if value is MISSING or value is None:
                continue  # no task definition (EXTERNAL), or a Fargate one without NetworkMode (ECS rejects it)
            if isinstance(value, Unknown):
                if (pair and has_srv) or not pair:
                    yield Violation(INFO, where,
                                    f"cannot verify ServiceRegistries[{index}] of {service.label} against the task "
                                    f"network mode: {reason(value)}", conds=mode.conds)
                continue
            network = str(value.value)
            if network == "awsvpc" and pair and has_srv:
                yield Violation(ERROR, srv.where,
                                f"ServiceRegistries[{index}] of {service.label} sets both ContainerName/ContainerPort "
                                "and Port; with the awsvpc network mode ECS takes one or the other, \"you can't "
                                "specify both\"", conds=mode.conds)
            elif network in ("bridge", "host") and not pair:
                yield Violation(ERROR, where,
                                f"ServiceRegistries[{index}] of {service.label} has no ContainerName/ContainerPort; "
                                f"with the {network} network mode ECS needs \"a containerName and containerPort "
                                "combination from the task definition\"", conds=mode.conds)

    def _in_task_definition(self, service: Service, index: int, where: Where, name_value: object,
                            port_value: object, conds: Conds) -> Iterable[Violation]:
        name, port = text(name_value), number(port_value)
        if name is None:
            return
        for td in service.task_definitions(conds):
            if not isinstance(td.value, TaskDefinition):
                continue
            found = [c for c in td.value.containers(td.conds) if merge(c.conds, td.conds) is not None]
            if not all(isinstance(c.name, str) for c in found):  # a container name known only at deploy
                continue
            match = [c for c in found if c.name == name]
            related = [td.value.at("Properties", "ContainerDefinitions")]
            if not match:
                yield Violation(WARNING, where.at("ContainerName"),
                                f"ServiceRegistries[{index}] of {service.label} names container {name!r}, which is "
                                f"not in task definition {td.value.logical_id} (containers: "
                                f"{', '.join(sorted(str(c.name) for c in found)) or 'none'})", related, td.conds)
                continue
            if port is None:
                continue
            if td.value.maps_port(match[0].index, int(port), td.conds) is False:
                shown = ", ".join(m.shown for m in td.value.port_mappings(match[0].index, td.conds)
                                  if m.shown) or "none"
                yield Violation(WARNING, where.at("ContainerPort"),
                                f"ServiceRegistries[{index}] of {service.label} uses port {int(port)} of container "
                                f"{name!r}, which maps only container ports {shown} in task definition "
                                f"{td.value.logical_id}", related, td.conds)
