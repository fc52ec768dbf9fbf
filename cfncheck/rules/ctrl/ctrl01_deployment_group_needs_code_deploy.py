"""CTRL-01: a service targeted by a CodeDeploy deployment group must use the CODE_DEPLOY controller.

## What it does
Follows every `AWS::CodeDeploy::DeploymentGroup` with `ECSServices` to the `AWS::ECS::Service` it
names (by `Fn::GetAtt Service.Name`, a literal name, an ARN, `Fn::ImportValue`, `Fn::GetStackOutput` or a
nested-stack parameter, in any stack of the run) and checks that the service's
`DeploymentController.Type` is `CODE_DEPLOY`. A missing `DeploymentController` means `ECS`. Any other
controller is an error; a service that cannot be found in the run, or whose controller is not known from
the templates (a parameter), gives an info (cannot verify); a parameter whose `AllowedValues` rule out
`CODE_DEPLOY` is an error like a literal.

The other way round, a `CODE_DEPLOY` service that no deployment group of the run deploys is an info
(cannot verify): CloudFormation creates it, but only CodeDeploy can ever deploy a new task definition to
it. Its group is often made outside the app (the CLI, a pipeline, another app or account), which is fine,
so the run cannot tell a forgotten group from one made elsewhere. A custom resource that creates deployment
groups, or a group whose service cannot be resolved, keeps this quiet.

## Why is this bad?
CodeDeploy can only shift traffic for a service whose deployments it controls. CloudFormation creates
the service, then fails creating the deployment group and rolls the whole stack back:

    Deployment group's ECS service must be configured for a CODE_DEPLOY deployment controller.
    (InvalidECSServiceException)

The CDK checks this at synth time (`The ECS service associated with the deployment group must use the
CODE_DEPLOY deployment controller type`) only for services it owns: not for imported services
(`from_fargate_service_attributes`, `from_service_arn_with_cluster`), an L1 `CfnDeploymentGroup`, or a
service in another app. In the CDK a `circuit_breaker=` without an explicit controller renders
`DeploymentController: {Type: ECS}`.

## Example
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {
  "DeploymentController": {"Type": "ECS"},
  "DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": true}}}},
"DG": {"Type": "AWS::CodeDeploy::DeploymentGroup", "Properties": {
  "ECSServices": [{"ClusterName": {"Ref": "Cluster"}, "ServiceName": {"Fn::GetAtt": ["Service", "Name"]}}]}}
```

## Use instead
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"DeploymentController": {"Type": "CODE_DEPLOY"}}}
```

## CDK (Python) fix
```python
service = ecs.FargateService(self, "Svc", cluster=cluster, task_definition=task_def,
    deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY))
# and drop circuit_breaker= / deployment_alarms=: CODE_DEPLOY supports neither (CTRL-02, CTRL-03)
```

## CDK (TypeScript) fix
```ts
const service = new ecs.FargateService(this, 'Svc', { cluster, taskDefinition: taskDef,
  deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } });
// and drop circuitBreaker / deploymentAlarms: CODE_DEPLOY supports neither (CTRL-02, CTRL-03)
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html ; aws/aws-cdk#20199
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import merge

AWS_ERROR = "Deployment group's ECS service must be configured for a CODE_DEPLOY deployment controller."


class DeploymentGroupNeedsCodeDeploy(Rule):
    code = "9C01"
    name = "CTRL-01"
    title = "A service targeted by a CodeDeploy deployment group must use the CODE_DEPLOY deployment controller"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Set deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY) "
           "on the service and remove circuit_breaker= and deployment_alarms= (CODE_DEPLOY supports neither).")
    fix_typescript = ("Set deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } on the service and "
                      "remove circuitBreaker: and deploymentAlarms: (CODE_DEPLOY supports neither).")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html"

    def check(self, model: Model) -> Iterable[Violation]:
        yield from self._groups_need_code_deploy(model)
        yield from self._code_deploy_needs_a_group(model)

    def _code_deploy_needs_a_group(self, model: Model) -> Iterable[Violation]:
        if any(target.service is None for group in model.groups for target in group.targets):
            return  # a group whose service is not resolved may be the one
        if any("DeploymentGroup" in rtype for rtype in model.custom_resource_types):
            return  # a custom resource creates deployment groups (e.g. Custom::CodeDeployDeploymentGroup)
        for service in model.services:
            if service.deployers:
                continue
            for ctrl in service.controllers():
                if ctrl.value.kind == "CODE_DEPLOY":
                    yield Violation(INFO, ctrl.where,
                                    f"cannot verify who deploys {service.label}: it uses the CODE_DEPLOY deployment "
                                    "controller and no AWS::CodeDeploy::DeploymentGroup of this run deploys it; only "
                                    "CodeDeploy can bring it a new task definition, so its group has to be made "
                                    "elsewhere (the CLI, a pipeline, another app)", conds=ctrl.conds)

    def _groups_need_code_deploy(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            for target in group.targets:
                if target.service is None:
                    yield Violation(INFO, target.where,
                                    "cannot verify the deployment controller of the service that "
                                    f"{group.label} deploys: {target.reason}", conds=target.conds)
                    continue
                service = target.service
                conds = merge(target.conds, service.conds) if service.exists else None
                if conds is None:
                    continue
                for ctrl in service.controllers(conds):
                    c = ctrl.value
                    if c.may_be("CODE_DEPLOY"):
                        if not c.known:
                            yield Violation(INFO, ctrl.where,
                                            f"cannot verify that {service.label} uses CODE_DEPLOY, which "
                                            f"{group.label} requires: {c.reason}", [target.where], ctrl.conds)
                        continue
                    shown = c.uses if c.explicit else "uses the ECS (the default: DeploymentController is not set)"
                    extra = ""
                    if service.has("DeploymentConfiguration", "DeploymentCircuitBreaker", conds=ctrl.conds):
                        extra = " Its DeploymentCircuitBreaker must go too: CODE_DEPLOY does not support it."
                    yield Violation(ERROR, ctrl.where,
                                    f"{service.label} {shown} deployment controller, but {group.label} "
                                    f"deploys it with CodeDeploy; creating the deployment group fails: "
                                    f"\"{AWS_ERROR}\"{extra}", [target.where], ctrl.conds)
