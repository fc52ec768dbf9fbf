"""CTRL-09: `TaskDefinition` is required with the ECS and CODE_DEPLOY controllers and must be absent with EXTERNAL.

## What it does
Checks `TaskDefinition` of every `AWS::ECS::Service` against its `DeploymentController.Type` (a missing
`DeploymentController` means `ECS`):
- `ECS` or `CODE_DEPLOY` without a `TaskDefinition` (or with an empty one) → error;
- `EXTERNAL` with a `TaskDefinition` → error (the task definition lives on each `AWS::ECS::TaskSet`);
- an unknown controller (a parameter) and no `TaskDefinition` → info (cannot verify), or error when the
  parameter's `AllowedValues` rule out `EXTERNAL`.
EXT-01 reports the other task-level settings of an EXTERNAL service; the `TaskDefinition` part is reported
here only.

## Why is this bad?
The schema says: "A task definition must be specified if the service uses either the ECS or CODE_DEPLOY
deployment controllers." An EXTERNAL service takes only the settings that are not controlled per task set
("The only required parameter is the service name"), and an empty task definition is rejected:

    InvalidParameterException: Family should not be null or empty.

The CDK blanks the task definition of an EXTERNAL service itself (`taskDefinition and launchType are
blanked out when using external deployment controller.`), so this comes from L1 `CfnService` or escape
hatches.

## Example
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {
  "DeploymentController": {"Type": "EXTERNAL"}, "TaskDefinition": {"Ref": "TaskDef"}}}
```

## Use instead
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"DeploymentController": {"Type": "EXTERNAL"}}},
"BlueTaskSet": {"Type": "AWS::ECS::TaskSet", "Properties": {"Cluster": {"Ref": "Cluster"},
  "Service": {"Ref": "Service"}, "TaskDefinition": {"Ref": "TaskDef"}}}
```

## CDK (Python) fix
```python
# EXTERNAL: no task definition on the service; define the task sets
service = ecs.CfnService(self, "Svc", cluster=cluster.cluster_name,
    deployment_controller=ecs.CfnService.DeploymentControllerProperty(type="EXTERNAL"))
blue = ecs.CfnTaskSet(self, "Blue", cluster=cluster.cluster_name, service=service.attr_name,
    task_definition=task_def.task_definition_arn)
ecs.CfnPrimaryTaskSet(self, "Primary", cluster=cluster.cluster_name, service=service.attr_name,
    task_set_id=blue.attr_id)
# ECS / CODE_DEPLOY: keep passing task_definition= (CDK renders the family for CODE_DEPLOY)
```

## CDK (TypeScript) fix
```ts
// EXTERNAL: no task definition on the service; define the task sets
const service = new ecs.CfnService(this, 'Svc', { cluster: cluster.clusterName,
  deploymentController: { type: 'EXTERNAL' } });
const blue = new ecs.CfnTaskSet(this, 'Blue', { cluster: cluster.clusterName, service: service.attrName,
  taskDefinition: taskDef.taskDefinitionArn });
new ecs.CfnPrimaryTaskSet(this, 'Primary', { cluster: cluster.clusterName, service: service.attrName,
  taskSetId: blue.attrId });
// ECS / CODE_DEPLOY: keep passing taskDefinition: (CDK renders the family for CODE_DEPLOY)
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html
https://github.com/hashicorp/terraform-provider-aws/issues/27428
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import MISSING, Lit

BLANK_TEXT = "InvalidParameterException: Family should not be null or empty."
SCHEMA_TEXT = "A task definition must be specified if the service uses either the ECS or CODE_DEPLOY deployment " \
              "controllers."


class TaskDefinitionByController(Rule):
    code = "9C09"
    name = "CTRL-09"
    title = "TaskDefinition is required with the ECS and CODE_DEPLOY controllers and must be absent with EXTERNAL"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("For ECS and CODE_DEPLOY services pass task_definition=; for an EXTERNAL service remove the task "
           "definition from the service (add_property_deletion_override(\"TaskDefinition\")) and put it on "
           "ecs.CfnTaskSet(task_definition=...) with one ecs.CfnPrimaryTaskSet.")
    fix_typescript = ("For ECS and CODE_DEPLOY services pass taskDefinition:; for an EXTERNAL service remove the task "
                      "definition from the service (addPropertyDeletionOverride('TaskDefinition')) and put it on an "
                      "ecs.CfnTaskSet ({ taskDefinition: ... }) with one ecs.CfnPrimaryTaskSet.")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            label = service.label
            for ctrl in service.controllers():
                c = ctrl.value
                for td in service.prop("TaskDefinition", conds=ctrl.conds):
                    absent = td.value is MISSING or td.value == Lit("")
                    what = "an empty TaskDefinition" if td.value is not MISSING else "no TaskDefinition"
                    if not c.known:
                        if absent and not c.may_be("EXTERNAL"):
                            yield Violation(ERROR, td.where, f"{label} {c.uses} deployment controller and has "
                                            f"{what}: \"{SCHEMA_TEXT}\"", service.related_groups, td.conds)
                        elif absent and c.may_be("ECS", "CODE_DEPLOY"):
                            yield Violation(INFO, td.where,
                                            f"cannot verify {label}: it has no TaskDefinition, which only an "
                                            f"EXTERNAL service may omit, and its controller is unknown: {c.reason}",
                                            service.related_groups, td.conds)
                        continue
                    if c.kind == "EXTERNAL" and td.value is not MISSING:
                        blank = f"; ECS rejects an empty one: \"{BLANK_TEXT}\"" if absent else ""
                        yield Violation(ERROR, td.where,
                                        f"{label} uses the EXTERNAL deployment controller and sets TaskDefinition; an "
                                        "EXTERNAL service takes no task definition (it belongs on each "
                                        f"AWS::ECS::TaskSet){blank}", service.related_groups, td.conds)
                    elif c.kind in ("ECS", "CODE_DEPLOY") and absent:
                        yield Violation(ERROR, td.where,
                                        f"{label} uses the {c.kind} deployment controller and has {what}: "
                                        f"\"{SCHEMA_TEXT}\"", service.related_groups, td.conds)
