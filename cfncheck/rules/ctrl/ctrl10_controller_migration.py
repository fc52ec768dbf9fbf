"""CTRL-10: changing the deployment controller of a live service (an in-place migration).

## What it does
With `--previous` (the deployed templates), reports an `AWS::ECS::Service` whose `DeploymentController.Type`
changes between ECS and CODE_DEPLOY. It is an error when the same update also changes the service's
`TaskDefinition` on the way to CODE_DEPLOY, a warning otherwise. (Migrations to or from EXTERNAL are EXT-03.)

## Why is this bad?
CloudFormation updates `DeploymentController` in place (the current resource schema lists it neither as
create-only nor as conditionally create-only). On the way to CODE_DEPLOY the CDK also rewrites `TaskDefinition`
from the revision (`Ref`) to the family name, and ECS rejects the update (aws/aws-cdk#36012):

    Resource handler returned message: "Invalid request provided: Unable to update task definition on
    services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment."

A controller update also needs the service to have exactly one task set, the primary one ("Updating the
deployment controller is not supported when there are multiple tasksets in the service"): it fails while a
deployment is in progress. Going back from CODE_DEPLOY to ECS with a new task definition works forward, but
the rollback of a failed update hits the error above.

## Example
```yaml
# deployed:                       # next:
Service:                          Service:
  Type: AWS::ECS::Service           Type: AWS::ECS::Service
  Properties:                       Properties:
    TaskDefinition: !Ref TaskDef      DeploymentController: {Type: CODE_DEPLOY}
                                      TaskDefinition: web
```

## Use instead
Two deployments: first only the controller, with `TaskDefinition` written exactly as deployed; then the
family form (and CodeDeploy's deployment group) in a later deployment that changes nothing else.

## CDK (Python) fix
```python
service = ecs.FargateService(self, "Svc", ..., deployment_controller=ecs.DeploymentController(
    type=ecs.DeploymentControllerType.CODE_DEPLOY))
# deployment 1: keep the deployed task definition value
service.node.default_child.add_property_override("TaskDefinition", task_def.task_definition_arn)
# deployment 2: remove the override (the CDK renders the family) and add the EcsDeploymentGroup
```
Or create a new service (new construct id, no fixed `service_name`) and move the traffic to it.

## CDK (TypeScript) fix
```ts
const service = new ecs.FargateService(this, 'Svc', { /* ... */ deploymentController: {
  type: ecs.DeploymentControllerType.CODE_DEPLOY } });
// deployment 1: keep the deployed task definition value
(service.node.defaultChild as ecs.CfnService).addPropertyOverride('TaskDefinition', taskDef.taskDefinitionArn);
// deployment 2: remove the override (the CDK renders the family) and add the EcsDeploymentGroup
```
Or create a new service (new construct id, no fixed `serviceName`) and move the traffic to it.

## Source
https://github.com/aws/aws-cdk/issues/36012 ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-deployment-controller-migration.html ;
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, WARNING, Rule, Violation

AWS_ERROR = ("Invalid request provided: Unable to update task definition on services with a CODE_DEPLOY "
             "deployment controller. Use AWS CodeDeploy to trigger a new deployment.")
ONE_TASK_SET = ("the service must have exactly one task set, its primary one: the update fails while a deployment "
                "is in progress (\"Updating the deployment controller is not supported when there are multiple "
                "tasksets in the service\")")


class ControllerMigration(Rule):
    code = "9C10"
    name = "CTRL-10"
    title = "Changing the deployment controller of a deployed service"
    severity = ERROR
    severities = (ERROR, WARNING)
    aliases = ("NBG-20",)
    fix = ("Migrate in two deployments: first change only deployment_controller and keep TaskDefinition as deployed "
           "(service.node.default_child.add_property_override(\"TaskDefinition\", task_def.task_definition_arn)); "
           "then drop the override and add the deployment group in a later deployment. Or create a new service "
           "(new construct id, no fixed service_name) and move the traffic.")
    fix_typescript = ("Migrate in two deployments: first change only deploymentController and keep TaskDefinition as "
                      "deployed ((service.node.defaultChild as ecs.CfnService).addPropertyOverride('TaskDefinition', "
                      "taskDef.taskDefinitionArn)); then drop the override and add the deployment group in a later "
                      "deployment. Or create a new service (new construct id, no fixed serviceName) and move the "
                      "traffic.")
    source_url = "https://github.com/aws/aws-cdk/issues/36012"

    def check(self, model: Model) -> Iterable[Violation]:
        if model.update is None:
            return
        for su in model.update.services:
            td = su.changed("TaskDefinition")
            for cc in su.controller_changes():
                if "EXTERNAL" in (cc.before, cc.after):
                    continue  # EXT-03
                related = [cc.before_where]
                head = f"{su.label} changes its deployment controller from {cc.before} to {cc.after} in place"
                if cc.after == "CODE_DEPLOY" and td is not None:
                    related.append(su.before_at("TaskDefinition"))
                    yield Violation(ERROR, su.at("TaskDefinition"),
                                    f"{head}, and the same update changes its TaskDefinition ({td.reason}); ECS "
                                    f"rejects it: \"{AWS_ERROR}\"", related, cc.conds)
                elif cc.before == "CODE_DEPLOY" and td is not None:
                    yield Violation(WARNING, cc.where,
                                    f"{head} together with a new TaskDefinition ({td.reason}); if this update "
                                    f"rolls back, going back to CODE_DEPLOY fails: \"{AWS_ERROR}\"; and {ONE_TASK_SET}",
                                    [*related, su.before_at("TaskDefinition")], cc.conds,
                                    fix="Change the controller in a deployment of its own, with TaskDefinition as "
                                        "deployed, and ship the new task definition in the next one.",
                                    fix_typescript="Change the controller in a deployment of its own, with "
                                                   "TaskDefinition as deployed, and ship the new task definition "
                                                   "in the next one.")
                else:
                    yield Violation(WARNING, cc.where, f"{head}: {ONE_TASK_SET}", related, cc.conds,
                                    fix="Deploy the controller change alone, when no deployment of the service "
                                        "is in progress.",
                                    fix_typescript="Deploy the controller change alone, when no deployment of the "
                                                   "service is in progress.")
