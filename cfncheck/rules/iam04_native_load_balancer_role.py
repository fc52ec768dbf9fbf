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

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import Model
from cfncheck.rules._iam import (
    ECS_LB_ACTIONS,
    ECS_LB_MODIFY,
    ECS_LB_POLICY,
    RoleView,
    ecs_controller_services,
    granted,
    permissions_path,
    role_label,
)
from cfncheck.rules._iam_ecs_role import ecs_assumed_role
from cfncheck.rules._legacy_base import ERROR, INFO, WARNING, Rule, Violation, service_label
from cfncheck.template.values import MISSING, Conds, Lit, Node, Unknown

NATIVE = ("BLUE_GREEN", "LINEAR", "CANARY")
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
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshooting-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service, conds in ecs_controller_services(model):
            for strategy in model.values(service, "DeploymentConfiguration", "Strategy", conds=conds):
                if isinstance(strategy.value, Lit) and strategy.value.value in NATIVE:
                    yield from self._entries(model, service, str(strategy.value.value), strategy.conds)

    def _entries(self, model: Model, service: Node, strategy: str, conds: Conds) -> Iterable[Violation]:
        label = service_label(model, service)
        for item in model.elements(service, "LoadBalancers", conds=conds):
            base = item.conds
            if isinstance(item.value, Unknown):
                continue
            index = item.value[0]
            for adv in model.raw(service, "LoadBalancers", index, "AdvancedConfiguration", conds=base):
                if adv.value is MISSING:
                    continue  # NBG-02/NBG-03
                path = ("Properties", "LoadBalancers", index, "AdvancedConfiguration")
                for br in model.values(service, "LoadBalancers", index, "AdvancedConfiguration", "RoleArn",
                                       conds=adv.conds):
                    yield from self._role(model, service, label, strategy, path, br.value, br.conds)

    def _role(self, model: Model, service: Node, label: str, strategy: str, path: tuple, value: object,
              conds: Conds) -> Iterable[Violation]:
        if value is MISSING:
            yield Violation(WARNING, service, path,
                            f"{label} uses the {strategy} strategy but LoadBalancers[{path[2]}].AdvancedConfiguration "
                            "has no RoleArn: ECS needs an infrastructure role (ecs.amazonaws.com, "
                            f"{ECS_LB_POLICY}) to manage the load balancer; behaviour without it is UNCONFIRMED",
                            conds=conds)
            return
        what = f"the load-balancer infrastructure role of {label}"
        yield from ecs_assumed_role(model, service, path + ("RoleArn",), value, what, conds, AWS_ERROR,
                                    lambda view, role, related: self._permissions(view, role, related, label))

    def _permissions(self, view: RoleView, role: Node, related: list, label: str) -> Iterable[Violation]:
        rlabel = role_label(role)
        results = {a: granted(view, a) for a in ECS_LB_ACTIONS}
        modify = [granted(view, a) for a in ECS_LB_MODIFY]
        results["elasticloadbalancing:ModifyRule or ModifyListener"] = \
            True if True in modify else (None if None in modify else False)
        missing = [a for a, r in results.items() if r is False]
        unsure = [a for a, r in results.items() if r is None]
        if missing:
            yield Violation(ERROR, role, permissions_path(role),
                            f"{rlabel}, the load-balancer infrastructure role of {label}, has no "
                            f"{ECS_LB_POLICY} and is not allowed {', '.join(missing)}; the deployment "
                            f"rolls back: \"{AWS_ERROR}\"", related, view.conds)
        elif unsure:
            reasons = "; ".join(dict.fromkeys(view.unknown)) or "a policy statement is only known at deploy time"
            yield Violation(INFO, role, permissions_path(role),
                            f"cannot verify that {rlabel} (infrastructure role of {label}) is allowed "
                            f"{', '.join(unsure)}: {reasons}", related, view.conds)
