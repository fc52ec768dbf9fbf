"""UPD-01: a CODE_DEPLOY service should name its task definition by family, not by a reference to the revision.

## What it does
Warns about an `AWS::ECS::Service` with `DeploymentController.Type: CODE_DEPLOY` whose `TaskDefinition` is
a `Ref` or `Fn::GetAtt` (also through `Fn::ImportValue`, `Fn::GetStackOutput` or a nested-stack parameter)
to an `AWS::ECS::TaskDefinition`, i.e. to one revision's ARN. The family string (what the CDK renders for
CODE_DEPLOY services, together with a `DependsOn` on the task definition) is fine. This is the
single-template signal. With `--previous` (the deployed templates), a service that uses CODE_DEPLOY before
and after the update and whose `TaskDefinition` changes (written differently, or a reference to a revision
that is replaced) is an error: that update fails.
Such a reference on a service whose controller is not known from the templates gives an info, unless the
parameter's `AllowedValues` rule out `CODE_DEPLOY`.

## Why is this bad?
Every change of the task definition (image tag, environment variable, CPU) creates a new revision, so the
next stack update changes the service's `TaskDefinition`. On a CODE_DEPLOY service only CodeDeploy may do
that, and the update fails:

    Invalid request provided: UpdateService error: Unable to update task definition on services with a
    CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.

The CDK refuses it for its own constructs: "The ECS service associated with the deployment group must
specify the task definition using the task definition family name only. Otherwise, the task definition
cannot be updated in the stack".

## Example
```yaml
Service:
  Type: AWS::ECS::Service
  Properties:
    DeploymentController: {Type: CODE_DEPLOY}
    TaskDefinition: !Ref TaskDef
```

## Use instead
```yaml
Service:
  Type: AWS::ECS::Service
  DependsOn: TaskDef
  Properties:
    DeploymentController: {Type: CODE_DEPLOY}
    TaskDefinition: web        # the task definition's Family
```

## CDK (Python) fix
```python
service = ecs.FargateService(self, "Svc", cluster=cluster, task_definition=task_def,
    deployment_controller=ecs.DeploymentController(type=ecs.DeploymentControllerType.CODE_DEPLOY))
# the L2 renders the family; with an L1 CfnService use task_definition=task_def.family and
# cfn_service.add_dependency(task_def.node.default_child); ship new revisions through CodeDeploy
```

## CDK (TypeScript) fix
```ts
const service = new ecs.FargateService(this, 'Svc', {
  cluster, taskDefinition: taskDef,
  deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY },
});
// the L2 renders the family; with an L1 CfnService use taskDefinition: taskDef.family and
// cfnService.addDependency(taskDef.node.defaultChild as ecs.CfnTaskDefinition);
// ship new revisions through CodeDeploy
```

## Source
https://github.com/aws/aws-cdk/issues/23564 ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-codedeploy/lib/ecs/deployment-group.ts ;
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.ecs import TASK_DEFINITION
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import ResRef

AWS_ERROR = ("UpdateService error: Unable to update task definition on services with a CODE_DEPLOY deployment "
             "controller. Use AWS CodeDeploy to trigger a new deployment.")


class CodeDeployTaskDefinitionReference(Rule):
    code = "9D61"
    name = "UPD-01"
    title = "A CODE_DEPLOY service should name its task definition by family, not reference a revision"
    severity = WARNING
    severities = (WARNING, ERROR, INFO)
    fix = ("Use the L2 service (ecs.FargateService / ecs.Ec2Service with deployment_controller=CODE_DEPLOY), "
           "which renders the family name plus a DependsOn; with an L1 CfnService pass task_definition=task_def.family "
           "and add cfn_service.add_dependency(...) on the task definition; ship new revisions through CodeDeploy.")
    fix_typescript = ("Use the L2 service (new ecs.FargateService / ecs.Ec2Service with deploymentController: { type: "
                      "ecs.DeploymentControllerType.CODE_DEPLOY }), which renders the family name plus a DependsOn; "
                      "with an L1 CfnService pass taskDefinition: taskDef.family and add "
                      "cfnService.addDependency(...) on the task definition; ship new revisions through CodeDeploy.")
    source_url = "https://github.com/aws/aws-cdk/issues/23564"

    def check(self, model: Model) -> Iterable[Violation]:
        yield from self._changed(model)
        for service in model.services:
            for ctrl in service.controllers():
                c = ctrl.value
                if not c.may_be("CODE_DEPLOY"):
                    continue
                for br in service.prop("TaskDefinition", conds=ctrl.conds):
                    if not (isinstance(br.value, ResRef) and br.value.node.type == TASK_DEFINITION):
                        continue
                    td = br.value.node
                    shown = f"{td.logical_id} (stack {td.stack.name})"
                    related = [td.at("Properties"), *service.related_groups]
                    if not c.known:
                        yield Violation(INFO, br.where,
                                        f"cannot verify the deployment controller of {service.label}, whose "
                                        f"TaskDefinition refers to the revision of {shown}: {c.reason}",
                                        related, br.conds)
                        continue
                    yield Violation(WARNING, br.where,
                                    f"{service.label} uses the CODE_DEPLOY deployment controller but its "
                                    f"TaskDefinition refers to the revision ARN of {shown}; the next change of that "
                                    f"task definition makes the stack update fail: \"{AWS_ERROR}\" Name the family "
                                    "instead and ship new revisions through CodeDeploy", related, br.conds)

    def _changed(self, model: Model) -> Iterable[Violation]:
        if model.update is None:
            return
        for su, _, change in model.update.code_deploy_changes("TaskDefinition"):
            yield Violation(ERROR, su.at("TaskDefinition"),
                            f"{su.label} uses CODE_DEPLOY and this update changes its TaskDefinition "
                            f"({change.reason}); ECS rejects it: \"{AWS_ERROR}\"", [su.before_at("TaskDefinition")],
                            fix="Keep TaskDefinition as deployed (the family name) and ship the new revision "
                                "through a CodeDeploy deployment.",
                            fix_typescript="Keep TaskDefinition as deployed (the family name) and ship the new "
                                           "revision through a CodeDeploy deployment.")
