"""IAM-03: a deployment group must wait for the separate policy that gives its role the ECS permissions.

## What it does
For every ECS deployment group whose `ServiceRoleArn` is a role of the run, finds the CodeDeploy actions
(`ecs:DescribeServices`, `ecs:CreateTaskSet`, ..., `elasticloadbalancing:ModifyRule`) that the role gets
only from a separate `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy` (through its `Roles`) or
`AWS::IAM::RolePolicy` in the group's stack, not from the role's own `Policies`/`ManagedPolicyArns`.
Reports a warning when the deployment group does not depend on that policy (no `DependsOn`, directly or
through the resources it references).

## Why is this bad?
A separate policy references the role, so CloudFormation creates the role, then the policy and the
deployment group in parallel. CreateDeploymentGroup validates the ECS service with the role and can run
before the policy is attached:

    Could not load ECS service information for cluster: <c>, service: <s>. Cause: User:
    arn:aws:sts::<acct>:assumed-role/<role>/... is not authorized to perform: ecs:DescribeServices

The ordering requirement is inferred from that error, not documented (UNCONFIRMED), hence a warning.
CDK's `role.add_to_policy()` / `grant_*()` on a custom role render exactly such an `AWS::IAM::Policy`
(`<Role>DefaultPolicy`), and `EcsDeploymentGroup` does not depend on it.

## Example
```yaml
CodeDeployRolePolicy:
  Type: AWS::IAM::Policy
  Properties:
    PolicyName: codedeploy-ecs
    Roles: [!Ref CodeDeployRole]
    PolicyDocument: {Statement: [{Effect: Allow, Action: ["ecs:*", "elasticloadbalancing:*"], Resource: "*"}]}
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  Properties:
    ServiceRoleArn: !GetAtt CodeDeployRole.Arn
```

## Use instead
```yaml
DeploymentGroup:
  Type: AWS::CodeDeploy::DeploymentGroup
  DependsOn: CodeDeployRolePolicy
  Properties:
    ServiceRoleArn: !GetAtt CodeDeployRole.Arn
```

## CDK (Python) fix
```python
dg = codedeploy.EcsDeploymentGroup(self, "DG", service=service, role=cd_role, blue_green_deployment_config=...)
dg.node.add_dependency(cd_role)   # a Role dependency includes its DefaultPolicy
# simplest: managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("AWSCodeDeployRoleForECS")]
```

## CDK (TypeScript) fix
```ts
const dg = new codedeploy.EcsDeploymentGroup(this, 'DG', { service, role: cdRole,
  blueGreenDeploymentConfig: { ... } });
dg.node.addDependency(cdRole);   // a Role dependency includes its DefaultPolicy
// simplest: managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSCodeDeployRoleForECS')]
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.policies import CODEDEPLOY_ECS_ACTIONS
from cfncheck.rules.base import WARNING, Rule, Violation


class DeploymentGroupWaitsForRolePolicy(Rule):
    code = "9C83"
    name = "IAM-03"
    title = "A deployment group must wait for the separate policy that gives its role the ECS permissions"
    severity = WARNING
    severities = (WARNING,)
    fix = ("Give the role its permissions through managed_policies=[...] on the Role, or make the deployment "
           "group wait for the policy: dg.node.add_dependency(cd_role) (which includes its DefaultPolicy) or "
           "dg.node.add_dependency(policy) for a separate iam.Policy/iam.ManagedPolicy.")
    fix_typescript = ("Give the role its permissions through managedPolicies: [...] on the Role, or make the "
                      "deployment group wait for the policy: dg.node.addDependency(cdRole) (which includes its "
                      "DefaultPolicy) or dg.node.addDependency(policy) for a separate iam.Policy/iam.ManagedPolicy.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html"

    def check(self, model: Model) -> Iterable[Violation]:
        roles, _ = model.group_roles
        for use in roles:
            for view in use.role.views(use.conds):
                for policy, actions in view.only_separately(CODEDEPLOY_ECS_ACTIONS).items():
                    for group in use.groups:
                        if policy.stack is not group.stack or model.created_before(group, [policy]):
                            continue
                        shown = ", ".join(actions[:3]) + (", ..." if len(actions) > 3 else "")
                        yield Violation(WARNING, group.role_where,
                                        f"{group.label} uses {use.role.label}, which gets {shown} only from "
                                        f"{policy.logical_id} (a separate {policy.type}), but the deployment group "
                                        "does not depend on it: CloudFormation can create the group before the "
                                        "policy is attached, and CreateDeploymentGroup then fails with \"... is not "
                                        "authorized to perform: ecs:DescribeServices\" (ordering requirement "
                                        f"UNCONFIRMED); add DependsOn: {policy.logical_id}",
                                        [policy.at("Properties", "PolicyDocument")], view.conds)
