"""IAM-01: a deployment group's `ServiceRoleArn` must be trusted by CodeDeploy and carry the ECS permissions.

## What it does
Follows `ServiceRoleArn` of every ECS `AWS::CodeDeploy::DeploymentGroup` to its `AWS::IAM::Role` in the run
(`Fn::GetAtt Role.Arn`, a cross-stack import, or a literal ARN matched on `RoleName`) and checks:
- the trust policy allows `codedeploy.amazonaws.com` to `sts:AssumeRole` (`Principal.Service` as a string,
  a list, or CDK's `Fn::Join`; statements chosen by `Fn::If` are read on each branch);
- the role has `AWSCodeDeployRoleForECS` or `AWSCodeDeployRoleForECSLimited`
  (`arn:${AWS::Partition}:iam::aws:policy/...`), or inline/attached policy statements that grant the same ECS
  and load-balancer actions (`ecs:DescribeServices`, `ecs:CreateTaskSet`, `ecs:UpdateServicePrimaryTaskSet`,
  `ecs:DeleteTaskSet`, `elasticloadbalancing:Describe{TargetGroups,Listeners,Rules}`,
  `elasticloadbalancing:Modify{Listener,Rule}`; wildcards such as `ecs:*` count), plus
  `cloudwatch:DescribeAlarms` when the group has alarms: error when missing;
- `.../policy/service-role/AWSCodeDeployRoleForECS` (a path that does not exist for the ECS policies): error;
- the Limited policy: warning about its caveats.

A role it cannot read (a parameter, an unresolved import, a customer managed policy outside the run) gives
an info "cannot verify". A literal ARN of a role that is not defined in the run is not checked.

## Why is this bad?
CreateDeploymentGroup checks the service with the role. Without trust or permissions it fails:

    Could not load ECS service information for cluster: <c>, service: <s>. Cause: User:
    arn:aws:sts::<acct>:assumed-role/<role>/... is not authorized to perform: ecs:DescribeServices

The ECS policies have no `service-role/` path (unlike `service-role/AWSCodeDeployRole` for Server and
`service-role/AWSCodeDeployRoleForLambdaLimited`); attaching a policy that does not exist fails the role
(AWS error text: unconfirmed). `AWSCodeDeployRoleForECSLimited` allows `lambda:InvokeFunction` only on
functions named `CodeDeployHook_*` and `iam:PassRole` only on roles named `ecsTaskExecutionRole` /
`ECSTaskExecution*`, so hooks and task roles with other names fail at deployment time.

## Example
```yaml
CodeDeployRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: sts:AssumeRole}]
    ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForECS]
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    ServiceRoleArn: !GetAtt CodeDeployRole.Arn
```

## Use instead
```yaml
CodeDeployRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Statement: [{Effect: Allow, Principal: {Service: codedeploy.amazonaws.com}, Action: sts:AssumeRole}]
    ManagedPolicyArns: [!Sub "arn:${AWS::Partition}:iam::aws:policy/AWSCodeDeployRoleForECS"]
```

## CDK (Python) fix
```python
role = iam.Role(self, "CdRole", assumed_by=iam.ServicePrincipal("codedeploy.amazonaws.com"),
    managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("AWSCodeDeployRoleForECS")])
codedeploy.EcsDeploymentGroup(self, "DG", service=service, role=role, blue_green_deployment_config=...)
# or leave out role= and let EcsDeploymentGroup create exactly this role
```

## CDK (TypeScript) fix
```ts
const role = new iam.Role(this, 'CdRole', { assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSCodeDeployRoleForECS')] });
new codedeploy.EcsDeploymentGroup(this, 'DG', { service, role, blueGreenDeploymentConfig: { ... } });
// or leave out role and let EcsDeploymentGroup create exactly this role
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-codedeploy/lib/ecs/deployment-group.ts
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.iam import GroupRole, RoleView, unknown_role_reason
from cfncheck.model.policies import CODEDEPLOY_ECS, CODEDEPLOY_ECS_ACTIONS, CODEDEPLOY_ECS_LIMITED, MISPLACED
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation

PRINCIPAL = "codedeploy.amazonaws.com"
AWS_ERROR = ("Could not load ECS service information for cluster: <c>, service: <s>. Cause: User: "
             "arn:aws:sts::<acct>:assumed-role/<role>/... is not authorized to perform: ecs:DescribeServices")
LIMITED_CAVEATS = ("it allows lambda:InvokeFunction only on functions named CodeDeployHook_* and iam:PassRole "
                   "only on roles named ecsTaskExecutionRole or ECSTaskExecution*; lifecycle hooks and task "
                   "roles with other names fail at deployment time")


class CodeDeployServiceRole(Rule):
    code = "9C81"
    name = "IAM-01"
    title = "A deployment group's ServiceRoleArn must be trusted by CodeDeploy and carry the ECS permissions"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Let EcsDeploymentGroup create its role, or pass role=iam.Role(self, \"CdRole\", "
           "assumed_by=iam.ServicePrincipal(\"codedeploy.amazonaws.com\"), managed_policies=["
           "iam.ManagedPolicy.from_aws_managed_policy_name(\"AWSCodeDeployRoleForECS\")]) (no service-role/ "
           "prefix).")
    fix_typescript = ("Let EcsDeploymentGroup create its role, or pass role: new iam.Role(this, 'CdRole', { "
                      "assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'), managedPolicies: ["
                      "iam.ManagedPolicy.fromAwsManagedPolicyName('AWSCodeDeployRoleForECS')] }) (no service-role/ "
                      "prefix).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html"

    def check(self, model: Model) -> Iterable[Violation]:
        roles, unknown = model.group_roles
        for group, value, conds in unknown:
            yield Violation(INFO, group.role_where,
                            f"cannot verify the service role of {group.label}: {unknown_role_reason(value)}",
                            conds=conds)
        for use in roles:
            for view in use.role.views(use.conds):
                yield from self._trust(use, view)
                wrong = list(self._managed(use, view))
                yield from wrong
                if not any(v.severity is ERROR for v in wrong):  # a policy that does not exist says it all
                    yield from self._permissions(use, view)

    def _trust(self, use: GroupRole, view: RoleView) -> Iterable[Violation]:
        trusted = view.trusts(PRINCIPAL)
        role = use.role
        if trusted is False:
            yield Violation(ERROR, role.trust_where,
                            f"{role.label} is the service role of {use.labels}, but its trust policy does not let "
                            f"{PRINCIPAL} assume it; CodeDeploy cannot use the role and CreateDeploymentGroup fails",
                            use.related, view.conds)
        elif trusted is None:
            yield Violation(INFO, role.trust_where,
                            f"cannot verify that the trust policy of {role.label} (service role of {use.labels}) "
                            f"lets {PRINCIPAL} assume it: its principal is only known at deploy time",
                            use.related, view.conds)

    def _managed(self, use: GroupRole, view: RoleView) -> Iterable[Violation]:
        role = use.role
        for managed in view.managed:
            if managed.name in MISPLACED:
                right = managed.name.split("/", 1)[1]
                yield Violation(ERROR, role.managed_where(managed),
                                f"{role.label} (service role of {use.labels}) attaches the AWS managed policy "
                                f"{managed.name}, which does not exist: the ECS CodeDeploy policies have no "
                                f"service-role/ path; use arn:${{AWS::Partition}}:iam::aws:policy/{right} "
                                "(IAM's error text is unconfirmed)", use.related, view.conds)
            elif managed.name == CODEDEPLOY_ECS_LIMITED and view.has_managed(CODEDEPLOY_ECS) is None:
                yield Violation(WARNING, role.managed_where(managed),
                                f"{role.label} (service role of {use.labels}) uses {CODEDEPLOY_ECS_LIMITED}: "
                                f"{LIMITED_CAVEATS}", use.related, view.conds)

    def _permissions(self, use: GroupRole, view: RoleView) -> Iterable[Violation]:
        needed = list(CODEDEPLOY_ECS_ACTIONS)
        if any(g.alarms_enabled() for g in use.groups):
            needed.append("cloudwatch:DescribeAlarms")
        results = {action: view.granted(action) for action in needed}
        missing = [a for a, r in results.items() if r is False]
        unsure = [a for a, r in results.items() if r is None]
        role = use.role
        if missing:
            yield Violation(ERROR, role.permissions_where,
                            f"{role.label} (service role of {use.labels}) has neither {CODEDEPLOY_ECS} nor "
                            f"{CODEDEPLOY_ECS_LIMITED} and is not allowed {', '.join(missing)}; CodeDeploy "
                            f"fails with \"{AWS_ERROR}\"", use.related, view.conds)
        elif unsure:
            reasons = view.unknown_reasons("a policy statement is only known at deploy time")
            yield Violation(INFO, role.permissions_where,
                            f"cannot verify that {role.label} (service role of {use.labels}) is allowed "
                            f"{', '.join(unsure)}: {reasons}", use.related, view.conds)
