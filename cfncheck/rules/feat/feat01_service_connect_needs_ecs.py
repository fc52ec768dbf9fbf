"""FEAT-01: Service Connect only with the ECS deployment controller (not CODE_DEPLOY or EXTERNAL).

## What it does
Reports an `AWS::ECS::Service` whose `ServiceConnectConfiguration.Enabled` is `true` while its
`DeploymentController.Type` is `CODE_DEPLOY` or `EXTERNAL` (error); when the controller or `Enabled` is not
known from the templates, it says it cannot verify the service (info), unless the controller parameter's
`AllowedValues` rule out `CODE_DEPLOY` and `EXTERNAL`. ECS-native blue/green, linear and canary
deployments (ECS controller with `DeploymentConfiguration.Strategy`) do support Service Connect and are not
reported.

## Why is this bad?
ECS rejects CreateService (and UpdateService), so CloudFormation rolls the stack back:

    Service Connect feature is only supported with ECS (rolling update) deployment controller. Update to ECS
    deployment controller and try again.

and for the EXTERNAL controller:

    The EXTERNAL deployment controller type is not supported for services using Service Connect.

CodeDeploy blue/green moves traffic between task sets behind a load balancer; Service Connect's proxy routing
does not follow it.

## Example
```yaml
Service:
  Type: AWS::ECS::Service
  Properties:
    DeploymentController: {Type: CODE_DEPLOY}
    ServiceConnectConfiguration:
      Enabled: true
      Namespace: orders.internal
      Services: [{PortName: http, ClientAliases: [{Port: 8080}]}]
```

## Use instead
```yaml
Service:
  Type: AWS::ECS::Service
  Properties:
    DeploymentConfiguration: {Strategy: BLUE_GREEN}   # ECS-native blue/green keeps Service Connect
    ServiceConnectConfiguration:
      Enabled: true
      Namespace: orders.internal
      Services: [{PortName: http, ClientAliases: [{Port: 8080}]}]
```

## CDK (Python) fix
```python
# either drop Service Connect from the CodeDeploy-deployed service ...
service = ecs.FargateService(self, "Service", cluster=cluster, task_definition=task_def,
    deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY))
# ... or keep it and move to ECS-native blue/green (no EcsDeploymentGroup)
service = ecs.FargateService(self, "Service", cluster=cluster, task_definition=task_def,
    deployment_strategy=ecs.DeploymentStrategy.BLUE_GREEN,
    service_connect_configuration=ecs.ServiceConnectProps(services=[ecs.ServiceConnectService(port_mapping_name="http")]))
```

## CDK (TypeScript) fix
```ts
// either drop Service Connect from the CodeDeploy-deployed service ...
const service = new ecs.FargateService(this, 'Service', { cluster, taskDefinition: taskDef,
  deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } });
// ... or keep it and move to ECS-native blue/green (no EcsDeploymentGroup)
const service = new ecs.FargateService(this, 'Service', { cluster, taskDefinition: taskDef,
  deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN,
  serviceConnectConfiguration: { services: [{ portMappingName: 'http' }] } });
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-deployment-controller-migration.html ;
https://github.com/aws/containers-roadmap/issues/1993 ; https://github.com/aws/amazon-ecs-service-connect-agent/issues/74
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import reason
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import MISSING, truth

AWS_ERRORS = {
    "CODE_DEPLOY": ("Service Connect feature is only supported with ECS (rolling update) deployment controller. "
                    "Update to ECS deployment controller and try again."),
    "EXTERNAL": "The EXTERNAL deployment controller type is not supported for services using Service Connect.",
}


class ServiceConnectNeedsEcs(Rule):
    code = "9C71"
    name = "FEAT-01"
    title = "Service Connect only with the ECS deployment controller (not CODE_DEPLOY or EXTERNAL)"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Remove service_connect_configuration / enable_service_connect() from the CODE_DEPLOY or EXTERNAL "
           "service, or keep Service Connect and switch to ECS-native blue/green: "
           "deployment_strategy=ecs.DeploymentStrategy.BLUE_GREEN without an EcsDeploymentGroup.")
    fix_typescript = ("Remove serviceConnectConfiguration / enableServiceConnect() from the CODE_DEPLOY or EXTERNAL "
                      "service, or keep Service Connect and switch to ECS-native blue/green: deploymentStrategy: "
                      "ecs.DeploymentStrategy.BLUE_GREEN without an EcsDeploymentGroup.")
    source_url = ("https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
                  "troubleshooting-deployment-controller-migration.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            where = service.at("Properties", "ServiceConnectConfiguration")
            for ctrl in service.off_ecs():
                c = ctrl.value
                for enabled in service.prop("ServiceConnectConfiguration", "Enabled", conds=ctrl.conds):
                    if enabled.value is MISSING or truth(enabled.value) is False:
                        continue
                    related = service.related_groups
                    if not c.known:
                        yield Violation(INFO, where,
                                        f"cannot verify {service.label}: it uses Service Connect, which needs the ECS "
                                        f"deployment controller, and its controller is unknown: {c.reason}",
                                        related, enabled.conds)
                    elif truth(enabled.value) is None:
                        yield Violation(INFO, where,
                                        f"cannot verify {service.label}: it uses the {c.kind} deployment controller, "
                                        "which does not support Service Connect, and whether Service Connect is "
                                        f"enabled is unknown: {reason(enabled.value)}", related, enabled.conds)
                    else:
                        yield Violation(ERROR, where,
                                        f"{service.label} enables Service Connect but uses the {c.kind} deployment "
                                        f"controller; ECS rejects it: \"{AWS_ERRORS[c.kind]}\"", related,
                                        enabled.conds)
