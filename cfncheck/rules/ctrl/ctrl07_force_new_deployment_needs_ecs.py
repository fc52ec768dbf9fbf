"""CTRL-07: `ForceNewDeployment` only with the ECS deployment controller.

## What it does
Reports an `AWS::ECS::Service` whose `DeploymentController.Type` is `CODE_DEPLOY` or `EXTERNAL` and whose
`ForceNewDeployment.EnableForceNewDeployment` is true (warning). When the controller or the flag is not
known from the templates, it says it cannot verify the service (info). A disabled flag is left alone.

## Why is this bad?
Forcing a new deployment is an UpdateService feature of the ECS (rolling) controller. A CODE_DEPLOY
service is deployed by CodeDeploy: UpdateService on such a service accepts only a short list of fields
(desired count, deployment configuration, health-check grace period, placement, tags), and new task
definitions, platform versions or images must go through a CodeDeploy deployment. An EXTERNAL service is
deployed through its task sets. The CDK refuses the flag at synth time for any controller but ECS
(`forceNewDeployment requires the ECS deployment controller.`), but not on an L1 `CfnService` or an escape
hatch. What CloudFormation/ECS do with the flag on these controllers is not confirmed (ignored or
rejected), hence a warning: either way it does not roll out new tasks.

AWS error text: unconfirmed.

## Example
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {
  "DeploymentController": {"Type": "CODE_DEPLOY"},
  "ForceNewDeployment": {"EnableForceNewDeployment": true}}}
```

## Use instead
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"DeploymentController": {"Type": "CODE_DEPLOY"}}}
```
and start a CodeDeploy deployment (AppSpec with the new task definition) to roll out new tasks.

## CDK (Python) fix
```python
# drop force_new_deployment= (or the escape hatch) from CODE_DEPLOY/EXTERNAL services
service.node.default_child.add_property_deletion_override("ForceNewDeployment")
# roll out through CodeDeploy instead, e.g. @cdklabs/cdk-ecs-codedeploy EcsDeployment(deployment_group=dg, ...)
```

## CDK (TypeScript) fix
```ts
// drop forceNewDeployment: (or the escape hatch) from CODE_DEPLOY/EXTERNAL services
(service.node.defaultChild as ecs.CfnService).addPropertyDeletionOverride('ForceNewDeployment');
// roll out through CodeDeploy instead, e.g. @cdklabs/cdk-ecs-codedeploy new EcsDeployment({ deploymentGroup: dg, ... })
```

## Source
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ecs/lib/base/base-service.ts
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import reason
from cfncheck.rules.base import INFO, WARNING, Rule, Violation, ecs_only_settings
from cfncheck.template.values import truth

CDK_TEXT = "forceNewDeployment requires the ECS deployment controller."


class ForceNewDeploymentNeedsEcs(Rule):
    code = "9C07"
    name = "CTRL-07"
    title = "ForceNewDeployment only with the ECS deployment controller"
    severity = WARNING
    severities = (WARNING, INFO)
    fix = ("Remove force_new_deployment= (or add_property_deletion_override(\"ForceNewDeployment\")) from the "
           "CODE_DEPLOY/EXTERNAL service and roll out new tasks with a CodeDeploy deployment (or new task sets).")
    fix_typescript = ("Remove forceNewDeployment: (or addPropertyDeletionOverride('ForceNewDeployment')) from the "
                      "CODE_DEPLOY/EXTERNAL service and roll out new tasks with a CodeDeploy deployment (or new task "
                      "sets).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for found in ecs_only_settings(model, "ForceNewDeployment"):
            kind = found.controller.kind
            for enable in found.service.prop("ForceNewDeployment", "EnableForceNewDeployment", conds=found.conds):
                flag = truth(enable.value)
                if flag is False:
                    continue
                if flag is None:
                    if kind is not None:
                        yield Violation(INFO, enable.where,
                                        f"cannot verify {found.label}: it uses the {kind} deployment controller and "
                                        "whether EnableForceNewDeployment is true is unknown: "
                                        f"{reason(enable.value)}", found.related, enable.conds)
                    continue
                if kind is None:
                    yield found.cannot_verify("ForceNewDeployment enabled", enable.conds, enable.where)
                    continue
                yield Violation(WARNING, enable.where,
                                f"{found.label} uses the {kind} deployment controller and enables "
                                f"ForceNewDeployment, which only the ECS controller supports (CDK: \"{CDK_TEXT}\"); "
                                "remove it and roll out new tasks through the deployment controller",
                                found.related, enable.conds)
