"""EXT-01: an EXTERNAL service carries no task-level settings.

## What it does
Reports an `AWS::ECS::Service` with `DeploymentController.Type: EXTERNAL` that sets any of `LoadBalancers`,
`NetworkConfiguration`, `LaunchType`, `PlatformVersion`, `CapacityProviderStrategy` or `ServiceRegistries`
(error, one finding per setting; an empty list counts as not set). `TaskDefinition` is the same kind of
setting and is reported by CTRL-09. When the controller is not known from the templates (a parameter whose
`AllowedValues` do not rule out `EXTERNAL`), it says once per service that it cannot verify these settings
(info).

## Why is this bad?
With the EXTERNAL controller these settings belong to each `AWS::ECS::TaskSet`. CreateService: "When
creating a service that uses the EXTERNAL deployment controller, you can specify only parameters that
aren't controlled at the task set level. The only required parameter is the service name." ECS rejects
the service, for example:

    InvalidParameterException: LoadBalancers must be empty or null.
    Invalid request provided: CreateService error: NetworkConfiguration must be null.

The CDK blanks the task definition and launch type of an EXTERNAL service (with the warning
`taskDefinition and launchType are blanked out when using external deployment controller.`) and, since
aws/aws-cdk#26338, its network configuration; an L1 `CfnService` or an escape hatch is not checked.

## Example
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {
  "DeploymentController": {"Type": "EXTERNAL"}, "LaunchType": "FARGATE",
  "LoadBalancers": [{"ContainerName": "web", "ContainerPort": 8080, "TargetGroupArn": {"Ref": "BlueTG"}}]}}
```

## Use instead
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"DeploymentController": {"Type": "EXTERNAL"}}},
"BlueTaskSet": {"Type": "AWS::ECS::TaskSet", "Properties": {
  "Cluster": {"Ref": "Cluster"}, "Service": {"Ref": "Service"}, "TaskDefinition": {"Ref": "TaskDef"},
  "LaunchType": "FARGATE",
  "LoadBalancers": [{"ContainerName": "web", "ContainerPort": 8080, "TargetGroupArn": {"Ref": "BlueTG"}}]}}
```

## CDK (Python) fix
```python
service = ecs.CfnService(self, "Svc", cluster=cluster.cluster_name, desired_count=2,
    deployment_controller=ecs.CfnService.DeploymentControllerProperty(type="EXTERNAL"))
blue = ecs.CfnTaskSet(self, "Blue", cluster=cluster.cluster_name, service=service.attr_name,
    task_definition=task_def.task_definition_arn, launch_type="FARGATE",
    network_configuration=..., load_balancers=[ecs.CfnTaskSet.LoadBalancerProperty(
        container_name="web", container_port=8080, target_group_arn=blue_tg.target_group_arn)])
# for an escape-hatch leftover on the service:
service.add_property_deletion_override("LoadBalancers")
```

## CDK (TypeScript) fix
```ts
const service = new ecs.CfnService(this, 'Svc', {
  cluster: cluster.clusterName, desiredCount: 2,
  deploymentController: { type: 'EXTERNAL' },
});
const blue = new ecs.CfnTaskSet(this, 'Blue', {
  cluster: cluster.clusterName, service: service.attrName,
  taskDefinition: taskDef.taskDefinitionArn, launchType: 'FARGATE',
  networkConfiguration: { /* ... */ },
  loadBalancers: [{ containerName: 'web', containerPort: 8080, targetGroupArn: blueTg.targetGroupArn }],
});
// for an escape-hatch leftover on the service:
service.addPropertyDeletionOverride('LoadBalancers');
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
https://github.com/hashicorp/terraform-provider-aws/issues/27291
https://github.com/aws/aws-cdk/issues/26335
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.ecs import Service
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import Conds

SETTINGS = ("LoadBalancers", "NetworkConfiguration", "LaunchType", "PlatformVersion", "CapacityProviderStrategy",
            "ServiceRegistries")
AWS_ERRORS = {
    "LoadBalancers": "InvalidParameterException: LoadBalancers must be empty or null.",
    "NetworkConfiguration": "Invalid request provided: CreateService error: NetworkConfiguration must be null.",
}


class ExternalServiceTaskSettings(Rule):
    code = "9C91"
    name = "EXT-01"
    title = "An EXTERNAL service carries no task-level settings (they belong on AWS::ECS::TaskSet)"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Keep only service-level settings (cluster, desired count, placement, tags, controller) on the EXTERNAL "
           "service and move load_balancers, network_configuration, launch_type, platform_version, "
           "capacity_provider_strategy and service_registries to each ecs.CfnTaskSet.")
    fix_typescript = ("Keep only service-level settings (cluster, desired count, placement, tags, controller) on the "
                      "EXTERNAL service and move loadBalancers, networkConfiguration, launchType, platformVersion, "
                      "capacityProviderStrategy and serviceRegistries to each ecs.CfnTaskSet.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for ctrl in service.controllers():
                c = ctrl.value
                if c.known:
                    if c.kind == "EXTERNAL":
                        yield from self._external(service, ctrl.conds)
                    continue
                if not c.may_be("EXTERNAL"):
                    continue  # the controller's parameter cannot be EXTERNAL
                found = [(prop, br) for prop in SETTINGS for br in service.given(prop, conds=ctrl.conds)]
                if found:
                    _, br = found[0]
                    names = ", ".join(dict.fromkeys(p for p, _ in found))
                    yield Violation(INFO, br.where,
                                    f"cannot verify {service.label}: it sets {names}, which an EXTERNAL service may "
                                    f"not, and its controller is unknown: {c.reason}", conds=br.conds)

    def _external(self, service: Service, conds: Conds) -> Iterable[Violation]:
        for prop in SETTINGS:
            for br in service.given(prop, conds=conds):
                known = AWS_ERRORS.get(prop)
                why = f"ECS rejects it: \"{known}\"" if known else "ECS accepts only settings that are not " \
                    "controlled at the task set level"
                yield Violation(ERROR, br.where,
                                f"{service.label} uses the EXTERNAL deployment controller and sets {prop}, which "
                                f"belongs on its AWS::ECS::TaskSet resources; {why}", conds=br.conds)
