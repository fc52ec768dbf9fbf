"""NBG-21: VPC Lattice blue/green settings mirror the load-balancer model.

## What it does
For every `VpcLatticeConfigurations[].AdvancedConfiguration` of a native blue/green, linear or canary
service, applies the checks that hold for `LoadBalancers[].AdvancedConfiguration` (NBG-05, NBG-07,
NBG-08) to the VPC Lattice counterparts, and gives an info when:
- `AlternateTargetGroupArn` is missing (the ELB model requires it);
- `AlternateTargetGroupArn` is the entry's own `TargetGroupArn`;
- `TestListenerRule` is the same rule or listener as `ProductionListenerRule`;
- the production and test routes are `AWS::VpcLattice::Rule`/`AWS::VpcLattice::Listener` resources of the
  run and neither forwards to the target group or to the alternate target group.
Identities only known at deploy time are skipped.

## Why is this bad?
ECS moves traffic between the two VPC Lattice target groups by rewriting the weights of the production
(and test) rule's forward action, exactly as with an Application Load Balancer. Without a second target
group, or with a target group that no rule forwards to, there is nothing to shift. The ECS documentation
gives no VPC Lattice-specific error, so this rule only informs.

    AWS error text: unconfirmed

## Example
```yaml
VpcLatticeConfigurations:
  - RoleArn: !GetAtt InfraRole.Arn
    TargetGroupArn: !Ref BlueLatticeTG
    PortName: web
    AdvancedConfiguration:
      AlternateTargetGroupArn: !Ref BlueLatticeTG
      ProductionListenerRule: !Ref LatticeRule
```

## Use instead
```yaml
    AdvancedConfiguration:
      AlternateTargetGroupArn: !Ref GreenLatticeTG   # the rule forwards to both: Blue 100, Green 0
      ProductionListenerRule: !Ref LatticeRule
```

## CDK (Python) fix
```python
# no L2 support yet: set the L1 property of the service
cfn_service = service.node.default_child
cfn_service.vpc_lattice_configurations = [ecs.CfnService.VpcLatticeConfigurationProperty(
    role_arn=infra_role.role_arn, target_group_arn=blue_lattice_tg.attr_arn, port_name="web",
    advanced_configuration=ecs.CfnService.VpcLatticeAdvancedConfigurationProperty(
        alternate_target_group_arn=green_lattice_tg.attr_arn,   # not blue_lattice_tg
        production_listener_rule=lattice_rule.attr_arn))]      # forwards to blue (100) and green (0)
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
(and the `AWS::ECS::Service` resource schema, `VpcLatticeAdvancedConfiguration`)
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import Model
from cfncheck.rules._legacy_base import INFO, Rule, Violation
from cfncheck.rules._native import show
from cfncheck.rules._native_extra import LATTICE_FORWARD, LatticeView, lattice_forwards, lattice_views, route_key
from cfncheck.template.values import MISSING, ResRef, Unknown

MIRROR = "the VPC Lattice settings mirror the load-balancer model (AWS error text: unconfirmed)"


class VpcLatticeAdvancedConfiguration(Rule):
    code = "9D21"
    name = "NBG-21"
    title = "VPC Lattice blue/green settings mirror the load-balancer model"
    severity = INFO
    severities = (INFO,)
    fix = ("Give VpcLatticeConfigurations[].AdvancedConfiguration a second VPC Lattice target group "
           "(AlternateTargetGroupArn: green_lattice_tg.attr_arn), a production rule that forwards to both target "
           "groups (blue weight 100, green 0) and, if any, a different test rule, through "
           "cfn_service.vpc_lattice_configurations=[ecs.CfnService.VpcLatticeConfigurationProperty(..., "
           "advanced_configuration=ecs.CfnService.VpcLatticeAdvancedConfigurationProperty(...))].")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for view in lattice_views(model):
            yield from self._view(model, view)

    def _view(self, model: Model, view: LatticeView) -> Iterable[Violation]:
        what = f"{view.label} (VpcLatticeConfigurations[{view.index}])"
        if view.green is None:
            yield Violation(INFO, view.service, view.path("AdvancedConfiguration"),
                            f"{what}: AdvancedConfiguration has no AlternateTargetGroupArn, so ECS has no second "
                            f"target group to register the green tasks in; {MIRROR}", conds=view.conds)
            return
        if _same(model, view.blue, view.green):
            yield Violation(INFO, view.service, view.adv_path("AlternateTargetGroupArn"),
                            f"{what}: the alternate target group {show(view.green)} is the entry's own "
                            f"TargetGroupArn; blue/green needs two distinct target groups; {MIRROR}",
                            [(view.service, view.path("TargetGroupArn"))], view.conds)
            return
        prod, test = route_key(view.prod), route_key(view.test)
        if prod is not None and test is not None and prod == test:
            yield Violation(INFO, view.service, view.adv_path("TestListenerRule"),
                            f"{what}: {show(prod)} is both the production and the test listener rule; ECS rejects "
                            "this for load balancers (\"The following rules cannot be used as both production and "
                            f"test listener rules: <arn>\"); {MIRROR}",
                            [(view.service, view.adv_path("ProductionListenerRule"))], view.conds)
            return
        yield from self._association(model, view, what)

    def _association(self, model: Model, view: LatticeView, what: str) -> Iterable[Violation]:
        if view.prod is MISSING:
            return
        p_fw = lattice_forwards(model, view.prod)
        t_fw = [] if view.test is MISSING else lattice_forwards(model, view.test)
        if p_fw is None or t_fw is None:
            return  # a route outside the run or not a VPC Lattice rule/listener: nothing to compare
        related = [(r.node, ("Properties",) + LATTICE_FORWARD[r.node.type])
                   for r in (view.prod, view.test) if isinstance(r, ResRef)]
        for name, tg, path in (("TargetGroupArn", view.blue, view.path("TargetGroupArn")),
                               ("AlternateTargetGroupArn", view.green, view.adv_path("AlternateTargetGroupArn"))):
            if tg is None or isinstance(tg, Unknown):
                continue
            verdicts = [_same(model, tg, f) for f in p_fw + t_fw]
            if any(v is None for v in verdicts) or any(verdicts):
                continue
            yield Violation(INFO, view.service, path,
                            f"{what}: {name} {show(tg)} is forwarded to by neither the production rule "
                            f"{show(route_key(view.prod))} nor the test rule, so ECS cannot shift traffic to it "
                            f"(for load balancers: \"Target group <arn> is not associated with either "
                            f"productionListenerRule or testListenerRule.\"); {MIRROR}", related, view.conds)


def _same(model: Model, a: object, b: object) -> bool | None:
    """Whether two lattice target-group identities are the same; None when either is unknown."""
    if a is None or b is None or isinstance(a, Unknown) or isinstance(b, Unknown):
        return None
    return model.same(a, b, "Name")  # type: ignore[arg-type]
