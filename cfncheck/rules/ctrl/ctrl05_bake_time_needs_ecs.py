"""CTRL-05: `BakeTimeInMinutes` is not supported with the CODE_DEPLOY or EXTERNAL deployment controller.

## What it does
Reports an `AWS::ECS::Service` whose `DeploymentController.Type` is `CODE_DEPLOY` or `EXTERNAL` and that
sets `DeploymentConfiguration.BakeTimeInMinutes` (warning). When the controller is not known from the
templates (a parameter), it says it cannot verify the service (info). This rule also covers the bake-time
part of EXT-03 (EXTERNAL incompatibilities); the circuit breaker and alarms parts are CTRL-02/CTRL-03,
Service Connect is FEAT-01 and DAEMON scheduling is cfn-lint E3044.

## Why is this bad?
The bake time belongs to the ECS controller (rolling updates and the ECS-native blue/green, linear and
canary strategies). The CloudFormation schema says: "The external deployment controller (EXTERNAL) and the
ACD blue/green deployment controller (CODE_DEPLOY) do not support the BakeTimeInMinutes parameter."
Whether ECS rejects the service or silently ignores the value is not confirmed, so this is a warning;
either way the value does not do what it says. With CodeDeploy, the time the old (blue) tasks are kept is
`TerminationWaitTimeInMinutes` on the deployment group.

AWS error text: unconfirmed.

## Example
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {
  "DeploymentController": {"Type": "CODE_DEPLOY"},
  "DeploymentConfiguration": {"BakeTimeInMinutes": 10}}}
```

## Use instead
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"DeploymentController": {"Type": "CODE_DEPLOY"}}},
"DG": {"Type": "AWS::CodeDeploy::DeploymentGroup", "Properties": {"BlueGreenDeploymentConfiguration": {
  "TerminateBlueInstancesOnDeploymentSuccess": {"Action": "TERMINATE", "TerminationWaitTimeInMinutes": 10}}}}
```

## CDK (Python) fix
```python
# drop bake_time= from the CODE_DEPLOY/EXTERNAL service; keep the old tasks on the deployment group instead
codedeploy.EcsDeploymentGroup(self, "DG", service=service,
    blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(
        blue_target_group=blue_tg, green_target_group=green_tg, listener=listener,
        termination_wait_time=Duration.minutes(10)))
# escape-hatch leftover:
service.node.default_child.add_property_deletion_override("DeploymentConfiguration.BakeTimeInMinutes")
```

## CDK (TypeScript) fix
```ts
// drop bakeTime from the CODE_DEPLOY/EXTERNAL service; keep the old tasks on the deployment group instead
new codedeploy.EcsDeploymentGroup(this, 'DG', { service,
  blueGreenDeploymentConfig: {
    blueTargetGroup: blueTg, greenTargetGroup: greenTg, listener,
    terminationWaitTime: Duration.minutes(10) } });
// escape-hatch leftover:
(service.node.defaultChild as ecs.CfnService)
  .addPropertyDeletionOverride('DeploymentConfiguration.BakeTimeInMinutes');
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-deploymentconfiguration.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import INFO, WARNING, Rule, Violation, ecs_only_settings

SCHEMA_TEXT = ("The external deployment controller (EXTERNAL) and the ACD blue/green deployment controller "
               "(CODE_DEPLOY) do not support the BakeTimeInMinutes parameter.")


class BakeTimeNeedsEcs(Rule):
    code = "9C05"
    name = "CTRL-05"
    title = "BakeTimeInMinutes is not supported with the CODE_DEPLOY or EXTERNAL deployment controller"
    severity = WARNING
    severities = (WARNING, INFO)
    fix = ("Remove bake_time= from the CODE_DEPLOY/EXTERNAL service (or add_property_deletion_override("
           "\"DeploymentConfiguration.BakeTimeInMinutes\")); for CodeDeploy keep the old tasks with "
           "EcsBlueGreenDeploymentConfig(termination_wait_time=Duration.minutes(n)) on the EcsDeploymentGroup.")
    fix_typescript = ("Remove bakeTime: from the CODE_DEPLOY/EXTERNAL service (or "
                      "addPropertyDeletionOverride('DeploymentConfiguration.BakeTimeInMinutes')); for CodeDeploy keep "
                      "the old tasks with terminationWaitTime: Duration.minutes(n) in the EcsDeploymentGroup's "
                      "blueGreenDeploymentConfig.")
    source_url = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
                  "aws-properties-ecs-service-deploymentconfiguration.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for found in ecs_only_settings(model, "DeploymentConfiguration", "BakeTimeInMinutes"):
            if not found.controller.known:
                yield found.cannot_verify("DeploymentConfiguration.BakeTimeInMinutes")
                continue
            yield Violation(WARNING, found.where,
                            f"{found.label} uses the {found.controller.kind} deployment controller and sets "
                            f"DeploymentConfiguration.BakeTimeInMinutes, which only the ECS controller supports "
                            f"(\"{SCHEMA_TEXT}\"); remove it", found.related, found.conds)
