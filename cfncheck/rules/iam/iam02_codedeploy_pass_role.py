"""IAM-02: a custom or Limited CodeDeploy role needs `iam:PassRole` for the task execution and task roles.

## What it does
For every ECS deployment group whose `ServiceRoleArn` is a role of the run, follows the group's ECS service
to its task definition and checks that the CodeDeploy role is allowed `iam:PassRole` on the task
definition's `ExecutionRoleArn` and `TaskRoleArn`. `AWSCodeDeployRoleForECS` allows it on every role;
`AWSCodeDeployRoleForECSLimited` only on roles named `ecsTaskExecutionRole` / `ECSTaskExecution*`; custom
policies are matched on their `Resource` (a `Fn::GetAtt Role.Arn`, an ARN or a name pattern). Reports a
warning when the role is not allowed to pass one of them, an info when that cannot be read from the files.

## Why is this bad?
CodeDeploy creates the replacement task set with the service's task definition and passes its roles to ECS.
The ECS guide: "If the tasks in your Amazon ECS service using the blue/green deployment type require the use
of the task execution role or a task role override, then you must add the iam:PassRole permission for each
task execution role or task role override to the CodeDeploy IAM role." Without it the deployment fails
when it creates the task set. AWS error text: unconfirmed.

## Example
```yaml
CodeDeployRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument: {...codedeploy.amazonaws.com...}
    ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSCodeDeployRoleForECSLimited]
TaskDef:
  Type: AWS::ECS::TaskDefinition
  Properties:
    ExecutionRoleArn: !GetAtt WebExecutionRole.Arn   # not named ecsTaskExecutionRole / ECSTaskExecution*
```

## Use instead
```yaml
CodeDeployRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument: {...codedeploy.amazonaws.com...}
    ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSCodeDeployRoleForECSLimited]
    Policies:
      - PolicyName: pass-task-roles
        PolicyDocument:
          Statement:
            - {Effect: Allow, Action: iam:PassRole, Resource: [!GetAtt WebExecutionRole.Arn]}
```

## CDK (Python) fix
```python
task_def.execution_role.grant_pass_role(cd_role)
task_def.task_role.grant_pass_role(cd_role)
```

## CDK (TypeScript) fix
```ts
taskDef.executionRole?.grantPassRole(cdRole);   // executionRole is typed IRole | undefined
taskDef.taskRole.grantPassRole(cdRole);
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cfncheck.model import Model
from cfncheck.model.ecs import Service
from cfncheck.model.iam import GroupRole, RoleView
from cfncheck.model.policies import CODEDEPLOY_ECS_LIMITED
from cfncheck.model.tasks import TaskDefinition
from cfncheck.rules.base import INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Conds, ResRef, merge

ROLE_PROPS = (("ExecutionRoleArn", "task execution role"), ("TaskRoleArn", "task role"))


class CodeDeployPassRole(Rule):
    code = "9C82"
    name = "IAM-02"
    title = "A custom or Limited CodeDeploy role needs iam:PassRole for the task execution and task roles"
    severity = WARNING
    severities = (WARNING, INFO)
    fix = ("When EcsDeploymentGroup gets a custom or Limited role, grant it the task roles: "
           "task_def.execution_role.grant_pass_role(cd_role) and task_def.task_role.grant_pass_role(cd_role).")
    fix_typescript = ("When EcsDeploymentGroup gets a custom or Limited role, grant it the task roles: "
                      "taskDef.executionRole?.grantPassRole(cdRole) and taskDef.taskRole.grantPassRole(cdRole).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html"

    def check(self, model: Model) -> Iterable[Violation]:
        roles, _ = model.group_roles
        for use in roles:
            for view in use.role.views(use.conds):
                for group in use.groups:
                    for target in group.targets:
                        conds = merge(view.conds, target.conds)
                        if target.service is None or conds is None:
                            continue
                        for td in target.service.task_definitions(conds):
                            if isinstance(td.value, TaskDefinition):
                                yield from self._task_roles(use, view, target.service, td.value, td.conds)

    def _task_roles(self, use: GroupRole, view: RoleView, service: Service, td: TaskDefinition,
                    conds: Conds) -> Iterable[Violation]:
        role = use.role
        for prop, what in ROLE_PROPS:
            for br in td.prop(prop, conds=conds):
                if br.value is MISSING:
                    continue
                allowed = view.granted("iam:PassRole", br.value)
                if allowed is True:
                    continue
                related = [*use.related, br.where]
                where = f"the {what} {_shown(br.value)} of task definition {td.logical_id} ({service.label})"
                if allowed is False:
                    limited = view.has_managed(CODEDEPLOY_ECS_LIMITED)
                    yield Violation(WARNING, role.managed_where(limited) if limited else role.permissions_where,
                                    f"{role.label}, the service role of {use.labels}, is not allowed iam:PassRole "
                                    f"on {where}; CodeDeploy cannot create the replacement task set",
                                    related, br.conds)
                else:
                    reasons = view.unknown_reasons("the role or the policy is only known at deploy time")
                    yield Violation(INFO, role.permissions_where,
                                    f"cannot verify that {role.label}, the service role of {use.labels}, may pass "
                                    f"{where}: {reasons}", related, br.conds)


def _shown(value: Any) -> str:
    if isinstance(value, ResRef):
        return value.node.logical_id
    text = getattr(value, "value", None)
    return str(text) if isinstance(text, str) else "(known at deploy time)"
