"""FEAT-04: The EXTERNAL launch type (ECS Anywhere): no service registries; no CodeDeploy load-balancer deployments.

## What it does
For every `AWS::ECS::Service` with `LaunchType: EXTERNAL` (ECS Anywhere, tasks on your own servers):
- `ServiceRegistries` (Cloud Map) is an error;
- the `CODE_DEPLOY` deployment controller together with `LoadBalancers` is a warning.

When the launch type is a parameter and the service has registries, it is info ("cannot verify").
Not checked here (they need the previous template): `PlatformVersion` changes on a CODE_DEPLOY service.

## Why is this bad?
ECS rejects CreateService for a service with registries:

    Service registries are not supported for external launch type.

ECS Anywhere has no Elastic Load Balancing target registration for external instances, so a CodeDeploy
blue/green deployment, which shifts load-balancer traffic between task sets, cannot work on them. How ECS or
CodeDeploy fails is not documented (AWS error text: unconfirmed), hence a warning.

## Example
```yaml
Service:
  Type: AWS::ECS::Service
  Properties:
    LaunchType: EXTERNAL
    ServiceRegistries:
      - RegistryArn: !GetAtt DiscoveryService.Arn
```

## Use instead
```yaml
Service:
  Type: AWS::ECS::Service
  Properties:
    LaunchType: EXTERNAL
    # no ServiceRegistries: publish the on-premises endpoints another way, or run the service on EC2/Fargate
```

## CDK (Python) fix
```python
service = ecs.ExternalService(self, "Service", cluster=cluster, task_definition=external_task_def)
# no cloud_map_options and no CODE_DEPLOY controller with load balancers on an ExternalService;
# use ecs.Ec2Service / ecs.FargateService when the service needs Cloud Map or a CodeDeploy blue/green deployment
```

## CDK (TypeScript) fix
```ts
const service = new ecs.ExternalService(this, 'Service', { cluster, taskDefinition: externalTaskDef });
// no cloudMapOptions and no CODE_DEPLOY controller with load balancers on an ExternalService;
// use ecs.Ec2Service / ecs.FargateService when the service needs Cloud Map or a CodeDeploy blue/green deployment
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-deployment-controller-migration.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import reason
from cfncheck.model.ecs import Service
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import Conds, Lit, Unknown

REGISTRIES_ERROR = "Service registries are not supported for external launch type."


class ExternalLaunchType(Rule):
    code = "9C74"
    name = "FEAT-04"
    title = "The EXTERNAL launch type (ECS Anywhere): no service registries; no CodeDeploy load-balancer deployments"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Do not pass cloud_map_options to an ecs.ExternalService, and do not deploy it with CODE_DEPLOY behind a "
           "load balancer; run the service as ecs.Ec2Service or ecs.FargateService when it needs Cloud Map or a "
           "CodeDeploy blue/green deployment.")
    fix_typescript = ("Do not pass cloudMapOptions to an ecs.ExternalService, and do not deploy it with CODE_DEPLOY "
                      "behind a load balancer; run the service as ecs.Ec2Service or ecs.FargateService when it needs "
                      "Cloud Map or a CodeDeploy blue/green deployment.")
    source_url = ("https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
                  "troubleshooting-deployment-controller-migration.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for lt in service.prop("LaunchType"):
                if lt.value == Lit("EXTERNAL"):
                    yield from self._external(service, lt.conds)
                elif isinstance(lt.value, Unknown):
                    for reg in service.nonempty("ServiceRegistries", conds=lt.conds):
                        yield Violation(INFO, reg.where,
                                        f"cannot verify {service.label}: it has ServiceRegistries, which the EXTERNAL "
                                        f"launch type does not support, and its launch type is unknown: "
                                        f"{reason(lt.value)}", conds=reg.conds)

    def _external(self, service: Service, conds: Conds) -> Iterable[Violation]:
        launch_type = service.at("Properties", "LaunchType")
        for reg in service.nonempty("ServiceRegistries", conds=conds):
            yield Violation(ERROR, reg.where,
                            f"{service.label} uses the EXTERNAL launch type and has ServiceRegistries; ECS rejects it: "
                            f"\"{REGISTRIES_ERROR}\"", [launch_type], reg.conds)
        for ctrl in service.controllers(conds):
            if ctrl.value.kind != "CODE_DEPLOY":
                continue
            for lbs in service.nonempty("LoadBalancers", conds=ctrl.conds):
                yield Violation(WARNING, lbs.where,
                                f"{service.label} uses the EXTERNAL launch type (ECS Anywhere) with the CODE_DEPLOY "
                                "controller and a load balancer; ECS Anywhere lacks Elastic Load Balancing support, "
                                "so CodeDeploy cannot shift load-balancer traffic to these tasks",
                                [launch_type, *service.related_groups], lbs.conds)
