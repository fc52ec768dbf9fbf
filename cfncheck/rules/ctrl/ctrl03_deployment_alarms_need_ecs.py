"""CTRL-03: deployment alarms (`DeploymentConfiguration.Alarms`) only with the ECS deployment controller.

## What it does
Reports an `AWS::ECS::Service` with `DeploymentController.Type` `CODE_DEPLOY` or `EXTERNAL` that has a
`DeploymentConfiguration.Alarms` block in any form, even the disabled default
`{"AlarmNames": [], "Enable": false, "Rollback": false}` (error). When the controller is not known from the
templates, it says it cannot verify the service (info).

## Why is this bad?
ECS rejects CreateService and CloudFormation rolls back:

    Invalid request provided: CreateService error: Alarm based rollback feature is only supported with
    ECS deployment controller. Update to ECS deployment controller and try again.

CDK releases from mid-2023 (between aws/aws-cdk PRs #25840 and #26317) emitted the disabled block on every
service, and `service.enable_deployment_alarms()` or an escape hatch still can.

## Example
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {
  "DeploymentController": {"Type": "CODE_DEPLOY"},
  "DeploymentConfiguration": {"Alarms": {"AlarmNames": [], "Enable": false, "Rollback": false}}}}
```

## Use instead
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"DeploymentController": {"Type": "CODE_DEPLOY"}}},
"DG": {"Type": "AWS::CodeDeploy::DeploymentGroup", "Properties": {
  "AlarmConfiguration": {"Enabled": true, "Alarms": [{"Name": "payments-5xx"}]}}}
```

## CDK (Python) fix
```python
service.node.default_child.add_property_deletion_override("DeploymentConfiguration.Alarms")
codedeploy.EcsDeploymentGroup(self, "DG", service=service, blue_green_deployment_config=...,
    alarms=[alarm], auto_rollback=codedeploy.AutoRollbackConfig(deployment_in_alarm=True))
```

## CDK (TypeScript) fix
```ts
(service.node.defaultChild as ecs.CfnService).addPropertyDeletionOverride('DeploymentConfiguration.Alarms');
new codedeploy.EcsDeploymentGroup(this, 'DG', { service, blueGreenDeploymentConfig: { /* ... */ },
  alarms: [alarm], autoRollback: { deploymentInAlarm: true } });
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-deployment-controller-migration.html ;
aws/aws-cdk#26307 and its fix aws/aws-cdk#26317
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, INFO, Rule, Violation, ecs_only_settings

AWS_ERROR = ("CreateService error: Alarm based rollback feature is only supported with ECS deployment "
             "controller. Update to ECS deployment controller and try again.")


class DeploymentAlarmsNeedEcs(Rule):
    code = "9C03"
    name = "CTRL-03"
    title = "Deployment alarms (DeploymentConfiguration.Alarms) only with the ECS deployment controller"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Remove the service's deployment alarms (deployment_alarms=, enable_deployment_alarms(), or "
           "add_property_deletion_override(\"DeploymentConfiguration.Alarms\")) and pass the alarms to the "
           "EcsDeploymentGroup: alarms=[alarm], auto_rollback=codedeploy.AutoRollbackConfig(deployment_in_alarm=True).")
    fix_typescript = ("Remove the service's deployment alarms (deploymentAlarms:, enableDeploymentAlarms(), or "
                      "addPropertyDeletionOverride('DeploymentConfiguration.Alarms')) and pass the alarms to the "
                      "EcsDeploymentGroup: alarms: [alarm], autoRollback: { deploymentInAlarm: true }.")
    source_url = ("https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
                  "troubleshooting-deployment-controller-migration.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for found in ecs_only_settings(model, "DeploymentConfiguration", "Alarms"):
            if not found.controller.known:
                yield found.cannot_verify("DeploymentConfiguration.Alarms")
                continue
            yield Violation(ERROR, found.where,
                            f"{found.label} uses the {found.controller.kind} deployment controller and has "
                            f"DeploymentConfiguration.Alarms; ECS rejects it: \"{AWS_ERROR}\"",
                            found.related, found.conds)
