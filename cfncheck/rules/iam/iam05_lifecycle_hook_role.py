"""IAM-05: a native lifecycle hook's `RoleArn` must be trusted by ECS and allowed to invoke the hook.

## What it does
For every service on the ECS deployment controller, reads `DeploymentConfiguration.LifecycleHooks[]` with a
`HookTargetArn` (PAUSE hooks have no role) and follows `RoleArn` to its `AWS::IAM::Role` in the run (`Fn::GetAtt
Role.Arn`, an import, or a literal ARN matched on `RoleName`). Reports an error when the trust policy does not
let `ecs.amazonaws.com` assume the role, or when no statement allows `lambda:InvokeFunction` on the
`HookTargetArn` (a `Fn::GetAtt Function.Arn` of the same function, the same import, a matching ARN or
`function:` name pattern, or `*`). A role or function only known at deploy time gives an info; a literal ARN of
a role outside the run is not checked. A service whose controller is a parameter is checked too, unless the
parameter's `AllowedValues` rule out `ECS`: the hooks are used when it is `ECS` (IAM-05 and NBG-13 read the same
services; CTRL-06 says it cannot verify hooks on a controller that may be CODE_DEPLOY or EXTERNAL).

## Why is this bad?
ECS assumes the role to invoke the hook function at each lifecycle stage. Without trust or permission the
service deployment rolls back:

    ECS was unable to assume role <arn>

    ECS was unable to invoke hook target <lambda-arn> due to User: ... is not authorized to perform:
    lambda:InvokeFunction ...

## Example
```yaml
HookRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
Service:
  Type: AWS::ECS::Service
  Properties:
    DeploymentConfiguration:
      Strategy: BLUE_GREEN
      LifecycleHooks:
        - HookTargetArn: !GetAtt HookFunction.Arn
          RoleArn: !GetAtt HookRole.Arn
          LifecycleStages: [POST_TEST_TRAFFIC_SHIFT]
```

## Use instead
```yaml
HookRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Statement: [{Effect: Allow, Principal: {Service: ecs.amazonaws.com}, Action: sts:AssumeRole}]
    Policies:
      - PolicyName: invoke-hook
        PolicyDocument:
          Statement: [{Effect: Allow, Action: lambda:InvokeFunction, Resource: !GetAtt HookFunction.Arn}]
```

## CDK (Python) fix
```python
service.add_lifecycle_hook(ecs.DeploymentLifecycleLambdaTarget(fn, "Hook",
    lifecycle_stages=[ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT]))  # creates the role and the grant
```

## CDK (TypeScript) fix
```ts
service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(fn, 'Hook', {
  lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT] }));  // creates the role and the grant
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cfncheck.model import Model
from cfncheck.model.ecs import LifecycleHook
from cfncheck.model.iam import Role, RoleView
from cfncheck.rules.base import ERROR, INFO, Rule, Violation, ecs_assumed_role
from cfncheck.template.values import MISSING, Lit, ResRef, Where

ASSUME_ERROR = "ECS was unable to assume role <arn>"


class LifecycleHookRole(Rule):
    code = "9C85"
    name = "IAM-05"
    title = "A native lifecycle hook's RoleArn must be trusted by ECS and allowed to invoke the hook"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Use service.add_lifecycle_hook(ecs.DeploymentLifecycleLambdaTarget(fn, \"Hook\", lifecycle_stages=[...])), "
           "which creates a role assumed by ecs.amazonaws.com with fn.grant_invoke(role); for your own role use "
           "assumed_by=iam.ServicePrincipal(\"ecs.amazonaws.com\") and fn.grant_invoke(role).")
    fix_typescript = ("Use service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(fn, 'Hook', "
                      "{ lifecycleStages: [...] })), which creates a role assumed by ecs.amazonaws.com with "
                      "fn.grantInvoke(role); for your own role use "
                      "assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com') and fn.grantInvoke(role).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for ctrl in service.on_ecs():
                for hook in service.lifecycle_hooks(ctrl.conds):
                    yield from self._hook(model, hook)

    def _hook(self, model: Model, hook: LifecycleHook) -> Iterable[Violation]:
        what = f"the role of lifecycle hook {hook.index} of {hook.service.label}"
        for kind in hook.prop("TargetType"):
            if kind.value == Lit("PAUSE"):
                continue
            for target in hook.prop("HookTargetArn", conds=kind.conds):
                if target.value is MISSING:
                    continue  # NBG-13
                for role in hook.prop("RoleArn", conds=target.conds):
                    if role.value is not MISSING:
                        yield from ecs_assumed_role(
                            model, hook.service, role.where, role.value, what, role.conds, ASSUME_ERROR,
                            lambda view, r, related, t=target.value: self._invoke(view, r, related, t, what))

    @staticmethod
    def _invoke(view: RoleView, role: Role, related: list[Where], target: Any, what: str) -> Iterable[Violation]:
        hook = _shown(target)
        allowed = view.granted("lambda:InvokeFunction", target)
        if allowed is False:
            yield Violation(ERROR, role.permissions_where,
                            f"{role.label}, {what}, is not allowed lambda:InvokeFunction on the hook target {hook}; "
                            "the deployment rolls back: \"ECS was unable to invoke hook target <lambda-arn> due to "
                            "User: ... is not authorized to perform: lambda:InvokeFunction\"", related, view.conds)
        elif allowed is None:
            reasons = view.unknown_reasons("the function or the policy resource is only known at deploy time")
            yield Violation(INFO, role.permissions_where,
                            f"cannot verify that {role.label} ({what}) may invoke the hook target {hook}: {reasons}",
                            related, view.conds)


def _shown(value: Any) -> str:
    if isinstance(value, ResRef):
        return f"{value.node.logical_id} (stack {value.node.stack.name})"
    if isinstance(value, Lit):
        return str(value.value)
    return "(known at deploy time)"
