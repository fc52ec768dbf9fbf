"""IAM-05: a native lifecycle hook's `RoleArn` must be trusted by ECS and allowed to invoke the hook.

## What it does
For every ECS-controller service, reads `DeploymentConfiguration.LifecycleHooks[]` with a `HookTargetArn`
(PAUSE hooks have no role) and follows `RoleArn` to its `AWS::IAM::Role` in the run (`Fn::GetAtt
Role.Arn`, an import, or a literal ARN matched on `RoleName`). Reports an error when the trust policy does not
let `ecs.amazonaws.com` assume the role, or when no statement allows `lambda:InvokeFunction` on the
`HookTargetArn` (a `Fn::GetAtt Function.Arn` of the same function, the same import, a matching ARN or
`function:` name pattern, or `*`). A role or function only known at deploy time gives an info; a literal
ARN of a role outside the run is not checked.

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

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cfncheck.model.legacy import Model
from cfncheck.rules._iam import (
    RoleView,
    ecs_controller_services,
    granted,
    permissions_path,
    role_label,
)
from cfncheck.rules._iam_ecs_role import ecs_assumed_role
from cfncheck.rules._legacy_base import ERROR, INFO, Rule, Violation, service_label
from cfncheck.template.values import MISSING, Conds, Lit, Node, ResRef, Unknown, merge

HOOKS = ("DeploymentConfiguration", "LifecycleHooks")
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
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service, conds in ecs_controller_services(model):
            for lst in model.raw(service, *HOOKS, conds=conds):
                if lst.value is MISSING:
                    continue
                for item in model.r.items(service.stack, lst.value):
                    base = merge(lst.conds, item.conds)
                    if base is not None and not isinstance(item.value, Unknown):
                        yield from self._hook(model, service, item.value[0], base)

    def _hook(self, model: Model, service: Node, index: int, conds: Conds) -> Iterable[Violation]:
        keys = HOOKS + (index,)
        for kind in model.values(service, *keys, "TargetType", conds=conds):
            if kind.value == Lit("PAUSE"):
                continue
            for target in model.values(service, *keys, "HookTargetArn", conds=kind.conds):
                if target.value is MISSING:
                    continue  # NBG-13
                for role in model.values(service, *keys, "RoleArn", conds=target.conds):
                    if role.value is not MISSING:
                        yield from self._role(model, service, index, target.value, role.value, role.conds)

    def _role(self, model: Model, service: Node, index: int, target: Any, value: Any,
              conds: Conds) -> Iterable[Violation]:
        label = service_label(model, service)
        role_path = ("Properties",) + HOOKS + (index, "RoleArn")
        what = f"the role of lifecycle hook {index} of {label}"
        yield from ecs_assumed_role(model, service, role_path, value, what, conds, ASSUME_ERROR,
                                    lambda view, role, related: self._invoke(model, view, role, related, target, what))

    def _invoke(self, model: Model, view: RoleView, role: Node, related: list, target: Any,
                what: str) -> Iterable[Violation]:
        rlabel, hook = role_label(role), _shown(target)
        allowed = granted(view, "lambda:InvokeFunction", target, model)
        if allowed is False:
            yield Violation(ERROR, role, permissions_path(role),
                            f"{rlabel}, {what}, is not allowed "
                            f"lambda:InvokeFunction on the hook target {hook}; the deployment rolls back: "
                            "\"ECS was unable to invoke hook target <lambda-arn> due to User: ... is not "
                            "authorized to perform: lambda:InvokeFunction\"", related, view.conds)
        elif allowed is None:
            reasons = "; ".join(dict.fromkeys(view.unknown)) or "the function or the policy resource is only " \
                "known at deploy time"
            yield Violation(INFO, role, permissions_path(role),
                            f"cannot verify that {rlabel} ({what}) may "
                            f"invoke the hook target {hook}: {reasons}", related, view.conds)


def _shown(value: Any) -> str:
    if isinstance(value, ResRef):
        return f"{value.node.logical_id} (stack {value.node.stack.name})"
    if isinstance(value, Lit):
        return str(value.value)
    return "(known at deploy time)"
