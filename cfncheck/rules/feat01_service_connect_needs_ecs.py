"""FEAT-01: Service Connect only with the ECS deployment controller (not CODE_DEPLOY or EXTERNAL).

## What it does
Reports an `AWS::ECS::Service` whose `ServiceConnectConfiguration.Enabled` is `true` while its
`DeploymentController.Type` is `CODE_DEPLOY` or `EXTERNAL` (error); when the controller or `Enabled` is not
known from the templates, it says it cannot verify the service (info). ECS-native blue/green, linear and canary
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

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-deployment-controller-migration.html ;
https://github.com/aws/containers-roadmap/issues/1993 ; https://github.com/aws/amazon-ecs-service-connect-agent/issues/74
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import Model
from cfncheck.rules._legacy_base import (
    ERROR,
    INFO,
    Rule,
    Violation,
    is_code_deploy_or_external,
    related_groups,
    service_label,
    services_with_controller,
    unknown_reason,
)
from cfncheck.template.values import MISSING, Lit, truth

PATH = ("Properties", "ServiceConnectConfiguration")
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
    source_url = ("https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
                  "troubleshooting-deployment-controller-migration.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for service, controller, conds in services_with_controller(model):
            if is_code_deploy_or_external(controller) is False:
                continue
            label = service_label(model, service)
            for enabled in model.values(service, "ServiceConnectConfiguration", "Enabled", conds=conds):
                if enabled.value is MISSING or truth(enabled.value) is False:
                    continue
                related = related_groups(model, service)
                if not isinstance(controller, Lit):
                    yield Violation(INFO, service, PATH,
                                    f"cannot verify {label}: it uses Service Connect, which needs the ECS deployment "
                                    f"controller, and its controller is unknown: {unknown_reason(controller)}",
                                    related, enabled.conds)
                elif truth(enabled.value) is None:
                    yield Violation(INFO, service, PATH,
                                    f"cannot verify {label}: it uses the {controller.value} deployment controller, "
                                    "which does not support Service Connect, and whether Service Connect is enabled "
                                    f"is unknown: {unknown_reason(enabled.value)}", related, enabled.conds)
                else:
                    yield Violation(ERROR, service, PATH,
                                    f"{label} enables Service Connect but uses the {controller.value} deployment "
                                    f"controller; ECS rejects it: \"{AWS_ERRORS[controller.value]}\"",
                                    related, enabled.conds)
