"""EXT-03: migrating a deployed service to or from the EXTERNAL deployment controller.

## What it does
With `--previous`, warns about an `AWS::ECS::Service` whose `DeploymentController.Type` changes to or from
`EXTERNAL`. (The EXTERNAL controller's incompatibilities within one template are CTRL-02, CTRL-03, CTRL-05,
FEAT-01 and cfn-lint E3044; ECS <-> CODE_DEPLOY is CTRL-10.)

## Why is this bad?
The resource schema's migration notes: after ECS -> EXTERNAL "you need to manually remove the ACTIVE task set"
that ECS made for the service; EXTERNAL -> ECS after the `AWS::ECS::TaskSet` resources are removed from the
template makes their delete fail ("delete failure on the task set resources, even though the stack
transitions to UPDATE_COMPLETE"), and the old task sets stay. A controller update also needs exactly one task
set in the service ("Updating the deployment controller is not supported when there are multiple tasksets").

## Example
```yaml
# deployed: DeploymentController: {Type: EXTERNAL} + AWS::ECS::TaskSet Blue + PrimaryTaskSet
# next:     DeploymentController: {Type: ECS}, the task sets removed
```

## Use instead
Before the update, leave one task set (primary) in the service; after it, delete leftover task sets with
`aws ecs delete-task-set` (or keep the TaskSet resources until the service runs on the new controller).

## CDK (Python) fix
```python
# keep ecs.CfnTaskSet / ecs.CfnPrimaryTaskSet until the controller change is deployed, then remove them;
# after ECS -> EXTERNAL: aws ecs delete-task-set --cluster C --service S --task-set <the ACTIVE one>
```

## CDK (TypeScript) fix
```ts
// keep ecs.CfnTaskSet / ecs.CfnPrimaryTaskSet until the controller change is deployed, then remove them;
// after ECS -> EXTERNAL: aws ecs delete-task-set --cluster C --service S --task-set <the ACTIVE one>
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-deployment-controller-migration.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import WARNING, Rule, Violation


class ExternalMigration(Rule):
    code = "9C93"
    name = "EXT-03"
    title = "Migrating a deployed service to or from the EXTERNAL deployment controller"
    severity = WARNING
    severities = (WARNING,)
    fix = ("Deploy the controller change alone with one (primary) task set in the service; afterwards delete the "
           "task sets ECS or the removed CfnTaskSet resources leave behind (aws ecs delete-task-set).")
    fix_typescript = ("Deploy the controller change alone with one (primary) task set in the service; afterwards "
                      "delete the task sets ECS or the removed ecs.CfnTaskSet resources leave behind (aws ecs "
                      "delete-task-set).")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html"

    def check(self, model: Model) -> Iterable[Violation]:
        if model.update is None:
            return
        for su in model.update.services:
            for cc in su.controller_changes():
                if cc.after == "EXTERNAL":
                    what = ("the task set ECS made for the service stays ACTIVE and has to be removed by hand "
                            "(aws ecs delete-task-set)")
                elif cc.before == "EXTERNAL":
                    what = ("deleting the service's AWS::ECS::TaskSet resources fails although the stack reaches "
                            "UPDATE_COMPLETE, and the old task sets stay in the service")
                else:
                    continue
                yield Violation(WARNING, cc.where,
                                f"{su.label} changes its deployment controller from {cc.before} to {cc.after} in "
                                f"place: {what}; the update also needs exactly one task set in the service",
                                [cc.before_where], cc.conds)
