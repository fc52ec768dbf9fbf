"""UPD-01: a CODE_DEPLOY service should name its task definition by family, not by a reference to the revision.

## What it does
Warns about an `AWS::ECS::Service` with `DeploymentController.Type: CODE_DEPLOY` whose `TaskDefinition` is
a `Ref` or `Fn::GetAtt` (also through `Fn::ImportValue`, `Fn::GetStackOutput` or a nested-stack parameter)
to an `AWS::ECS::TaskDefinition`, i.e. to one revision's ARN. The family string (what the CDK renders for
CODE_DEPLOY services, together with a `DependsOn` on the task definition) is fine. This is the
single-template signal; comparing with the deployed template (a changed `TaskDefinition`) is not done.
Such a reference on a service whose controller is not known from the templates gives an info.

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

## Source
https://github.com/aws/aws-cdk/issues/23564 ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-codedeploy/lib/ecs/deployment-group.ts ;
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import Model
from cfncheck.rules._legacy_base import (
    INFO,
    WARNING,
    Rule,
    Violation,
    related_groups,
    service_label,
    services_with_controller,
    unknown_reason,
)
from cfncheck.rules._task_mapping import is_task_definition, show
from cfncheck.template.values import Lit

AWS_ERROR = ("UpdateService error: Unable to update task definition on services with a CODE_DEPLOY deployment "
             "controller. Use AWS CodeDeploy to trigger a new deployment.")
PATH = ("Properties", "TaskDefinition")


class CodeDeployTaskDefinitionReference(Rule):
    code = "9D61"
    name = "UPD-01"
    title = "A CODE_DEPLOY service should name its task definition by family, not reference a revision"
    severity = WARNING
    severities = (WARNING, INFO)
    fix = ("Use the L2 service (ecs.FargateService / ecs.Ec2Service with deployment_controller=CODE_DEPLOY), "
           "which renders the family name plus a DependsOn; with an L1 CfnService pass task_definition=task_def.family "
           "and add cfn_service.add_dependency(...) on the task definition; ship new revisions through CodeDeploy.")
    source_url = "https://github.com/aws/aws-cdk/issues/23564"

    def check(self, model: Model) -> Iterable[Violation]:
        for service, controller, conds in services_with_controller(model):
            if isinstance(controller, Lit) and controller.value != "CODE_DEPLOY":
                continue
            for br in model.values(service, "TaskDefinition", conds=conds):
                if not is_task_definition(br.value):
                    continue
                td = br.value.node
                label = service_label(model, service)
                related = [(td, ("Properties",))] + related_groups(model, service)
                if not isinstance(controller, Lit):
                    yield Violation(INFO, service, PATH,
                                    f"cannot verify the deployment controller of {label}, whose TaskDefinition "
                                    f"refers to the revision of {show(td)}: {unknown_reason(controller)}",
                                    related, br.conds)
                    continue
                yield Violation(WARNING, service, PATH,
                                f"{label} uses the CODE_DEPLOY deployment controller but its TaskDefinition refers "
                                f"to the revision ARN of {show(td)}; the next change of that task definition makes "
                                f"the stack update fail: \"{AWS_ERROR}\" Name the family instead and ship new "
                                "revisions through CodeDeploy", related, br.conds)
