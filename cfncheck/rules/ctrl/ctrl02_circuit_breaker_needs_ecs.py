"""CTRL-02: the deployment circuit breaker works only with the ECS deployment controller.

## What it does
Reports an `AWS::ECS::Service` whose `DeploymentController.Type` is `CODE_DEPLOY` or `EXTERNAL` and whose
`DeploymentConfiguration.DeploymentCircuitBreaker` is enabled (error), or present but disabled (warning:
remove it; whether ECS rejects a disabled block is not confirmed, and it causes a permanent diff). When the
controller or `Enable` is not known from the templates, it says it cannot verify the service (info).

## Why is this bad?
ECS rejects CreateService:

    Deployment circuit breaker feature is only supported with ECS deployment controller.
    Update to ECS deployment controller and try again.

The CDK refuses `circuit_breaker=` with an explicit CODE_DEPLOY controller, but not a circuit breaker
added with an escape hatch (`add_property_override`) or an L1 `CfnService`. Rollback for CodeDeploy
deployments is configured on the deployment group instead.

## Example
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {
  "DeploymentController": {"Type": "CODE_DEPLOY"},
  "DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": true}}}}
```

## Use instead
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"DeploymentController": {"Type": "CODE_DEPLOY"}}},
"DG": {"Type": "AWS::CodeDeploy::DeploymentGroup", "Properties": {
  "AutoRollbackConfiguration": {"Enabled": true, "Events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]}}}
```

## CDK (Python) fix
```python
# drop circuit_breaker=; for an escape-hatch leftover:
service.node.default_child.add_property_deletion_override("DeploymentConfiguration.DeploymentCircuitBreaker")
codedeploy.EcsDeploymentGroup(self, "DG", service=service, blue_green_deployment_config=...,
    auto_rollback=codedeploy.AutoRollbackConfig(failed_deployment=True, deployment_in_alarm=True), alarms=[alarm])
```

## CDK (TypeScript) fix
```ts
// drop circuitBreaker; for an escape-hatch leftover:
(service.node.defaultChild as ecs.CfnService)
  .addPropertyDeletionOverride('DeploymentConfiguration.DeploymentCircuitBreaker');
new codedeploy.EcsDeploymentGroup(this, 'DG', { service, blueGreenDeploymentConfig: { /* ... */ },
  autoRollback: { failedDeployment: true, deploymentInAlarm: true }, alarms: [alarm] });
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-deployment-controller-migration.html ;
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-deploymentcircuitbreaker.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import reason
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation, ecs_only_settings
from cfncheck.template.values import MISSING, truth

AWS_ERROR = ("Deployment circuit breaker feature is only supported with ECS deployment controller. "
             "Update to ECS deployment controller and try again.")
BREAKER = ("DeploymentConfiguration", "DeploymentCircuitBreaker")


class CircuitBreakerNeedsEcs(Rule):
    code = "9C02"
    name = "CTRL-02"
    title = "Deployment circuit breaker only with the ECS deployment controller"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Remove circuit_breaker= from the service (or add_property_deletion_override("
           "\"DeploymentConfiguration.DeploymentCircuitBreaker\") for an escape-hatch leftover) and configure "
           "rollback on the EcsDeploymentGroup: auto_rollback=codedeploy.AutoRollbackConfig(failed_deployment=True).")
    fix_typescript = ("Remove circuitBreaker: from the service (or "
                      "addPropertyDeletionOverride('DeploymentConfiguration.DeploymentCircuitBreaker') for an "
                      "escape-hatch leftover) and configure rollback on the EcsDeploymentGroup: autoRollback: { "
                      "failedDeployment: true }.")
    source_url = ("https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
                  "troubleshooting-deployment-controller-migration.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for found in ecs_only_settings(model, *BREAKER):
            if not found.controller.known:
                yield found.cannot_verify("a DeploymentCircuitBreaker")
                continue
            kind = found.controller.kind
            for enable in found.service.prop(*BREAKER, "Enable", conds=found.conds):
                value = enable.value
                enabled = truth(value)
                if enabled:
                    yield Violation(ERROR, found.where,
                                    f"{found.label} uses the {kind} deployment controller and enables the deployment "
                                    f"circuit breaker; ECS rejects it: \"{AWS_ERROR}\"", found.related, enable.conds)
                elif enabled is False or value is MISSING:
                    yield Violation(WARNING, found.where,
                                    f"{found.label} uses the {kind} deployment controller and carries a disabled "
                                    "DeploymentCircuitBreaker block; remove it (ECS ignores or rejects it)",
                                    found.related, enable.conds)
                else:
                    yield Violation(INFO, found.where,
                                    f"cannot verify {found.label}: whether its circuit breaker is enabled is unknown "
                                    f"({reason(value)}); the {kind} controller does not support it",
                                    found.related, enable.conds)
