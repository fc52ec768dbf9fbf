"""IAM-04: the ECS infrastructure role of a native blue/green load balancer (`AdvancedConfiguration.RoleArn`).

## What it does
For every ECS-controller service with `DeploymentConfiguration.Strategy` `BLUE_GREEN`, `LINEAR` or `CANARY`,
reads `LoadBalancers[].AdvancedConfiguration.RoleArn`:
- missing: warning (ECS needs the role to move traffic; what ECS does without it is UNCONFIRMED);
- a role of the run (`Fn::GetAtt Role.Arn`, an import, or a literal ARN matched on `RoleName`): its trust
  policy must let `ecs.amazonaws.com` assume it, and it must have
  `AmazonECSInfrastructureRolePolicyForLoadBalancers` or statements granting the same actions
  (`elasticloadbalancing:Describe{Listeners,Rules,TargetGroups,TargetHealth}`,
  `elasticloadbalancing:{Register,Deregister}Targets`, and `ModifyRule` or `ModifyListener`): error;
- a value only known at deploy time: info. A literal ARN of a role outside the run is not checked.

This rule also implements catalog item NBG-12 (`AdvancedConfiguration.RoleArn` present, trusted by
`ecs.amazonaws.com`, with ELB permissions).

## Why is this bad?
ECS uses the role to register the green tasks and to switch the listener rule. Without trust or
permissions the deployment rolls back:

    Service deployment rolled back because of invalid networking configuration. ECS was unable to manage
    the ELB resources due to missing permissions on ECS Infrastructure Role '<arn>'.

or `... is not authorized to perform: elasticloadbalancing:DescribeTargetHealth` /
`elasticloadbalancing:RegisterTargets`, and for the traffic shift
`Service deployment rolled back because TEST_TRAFFIC_SHIFT lifecycle hook(s) failed. User: ... is not
authorized to perform: elasticloadbalancing:ModifyListener ...`.

## Example
```yaml
EcsLbRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: sts:AssumeRole}]
Service:
  Type: AWS::ECS::Service
  Properties:
    DeploymentConfiguration: {Strategy: BLUE_GREEN}
    LoadBalancers:
      - TargetGroupArn: !Ref BlueTG
        AdvancedConfiguration:
          AlternateTargetGroupArn: !Ref GreenTG
          ProductionListenerRule: !Ref ProdRule
          RoleArn: !GetAtt EcsLbRole.Arn
```

## Use instead
```yaml
EcsLbRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Statement: [{Effect: Allow, Principal: {Service: ecs.amazonaws.com}, Action: sts:AssumeRole}]
    ManagedPolicyArns:
      - !Sub arn:${AWS::Partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers
```

## CDK (Python) fix
```python
role = iam.Role(self, "EcsInfra", assumed_by=iam.ServicePrincipal("ecs.amazonaws.com"),
    managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(
        "AmazonECSInfrastructureRolePolicyForLoadBalancers")])
# or let ecs.AlternateTarget(...) create this role (leave out role=)
```

## CDK (TypeScript) fix
```ts
const role = new iam.Role(this, 'EcsInfra', { assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(
    'AmazonECSInfrastructureRolePolicyForLoadBalancers')] });
// or let new ecs.AlternateTarget(...) create this role (leave out role)
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.ecs import Service
from cfncheck.model.iam import Role, RoleView
from cfncheck.model.policies import ECS_LB_ACTIONS, ECS_LB_MODIFY, ECS_LB_POLICY, any_of
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation, ecs_assumed_role
from cfncheck.template.values import MISSING, Where

AWS_ERROR = ("Service deployment rolled back because of invalid networking configuration. ECS was unable to "
             "manage the ELB resources due to missing permissions on ECS Infrastructure Role '<arn>'.")


class NativeLoadBalancerRole(Rule):
    code = "9C84"
    name = "IAM-04"
    aliases = ("NBG-12",)
    title = "The ECS infrastructure role of a native blue/green load balancer (AdvancedConfiguration.RoleArn)"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Let ecs.AlternateTarget(...) create the role, or pass role=iam.Role(self, \"EcsInfra\", "
           "assumed_by=iam.ServicePrincipal(\"ecs.amazonaws.com\"), managed_policies=[iam.ManagedPolicy."
           "from_aws_managed_policy_name(\"AmazonECSInfrastructureRolePolicyForLoadBalancers\")]).")
    fix_typescript = ("Let new ecs.AlternateTarget(...) create the role, or pass role: new iam.Role(this, "
                      "'EcsInfra', { assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'), managedPolicies: ["
                      "iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonECSInfrastructureRolePolicyForLoadBalancers')"
                      "] }).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for strategy in service.native_strategies():
                for entry in service.load_balancers(strategy.conds):
                    for role in entry.advanced.roles():
                        if role.value is MISSING:
                            yield Violation(WARNING, entry.advanced.at(),
                                            f"{service.label} uses the {strategy.value.name} strategy but "
                                            f"LoadBalancers[{entry.index}].AdvancedConfiguration has no RoleArn: ECS "
                                            f"needs an infrastructure role (ecs.amazonaws.com, {ECS_LB_POLICY}) to "
                                            "manage the load balancer; behaviour without it is UNCONFIRMED",
                                            conds=role.conds)
                            continue
                        what = f"the load-balancer infrastructure role of {service.label}"
                        yield from ecs_assumed_role(
                            model, service, role.where, role.value, what, role.conds, AWS_ERROR,
                            lambda view, r, related, s=service: self._permissions(view, r, related, s))

    @staticmethod
    def _permissions(view: RoleView, role: Role, related: list[Where], service: Service) -> Iterable[Violation]:
        results = {a: view.granted(a) for a in ECS_LB_ACTIONS}
        results["elasticloadbalancing:ModifyRule or ModifyListener"] = any_of(view.granted(a) for a in ECS_LB_MODIFY)
        missing = [a for a, r in results.items() if r is False]
        unsure = [a for a, r in results.items() if r is None]
        if missing:
            yield Violation(ERROR, role.permissions_where,
                            f"{role.label}, the load-balancer infrastructure role of {service.label}, has no "
                            f"{ECS_LB_POLICY} and is not allowed {', '.join(missing)}; the deployment "
                            f"rolls back: \"{AWS_ERROR}\"", related, view.conds)
        elif unsure:
            reasons = view.unknown_reasons("a policy statement is only known at deploy time")
            yield Violation(INFO, role.permissions_where,
                            f"cannot verify that {role.label} (infrastructure role of {service.label}) is allowed "
                            f"{', '.join(unsure)}: {reasons}", related, view.conds)
