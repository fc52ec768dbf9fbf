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

## CDK (TypeScript) fix
```ts
// no L2 support yet: set the L1 property of the service
const cfnService = service.node.defaultChild as ecs.CfnService;
cfnService.vpcLatticeConfigurations = [{
  roleArn: infraRole.roleArn, targetGroupArn: blueLatticeTg.attrArn, portName: 'web',
  advancedConfiguration: {
    alternateTargetGroupArn: greenLatticeTg.attrArn,   // not blueLatticeTg
    productionListenerRule: latticeRule.attrArn,      // forwards to blue (100) and green (0)
  },
}];
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
(and the `AWS::ECS::Service` resource schema, `VpcLatticeAdvancedConfiguration`)
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.elb import show
from cfncheck.model.native import LatticeEntry
from cfncheck.rules.base import INFO, Rule, Violation
from cfncheck.template.values import MISSING, Unknown

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
    fix_typescript = ("Give VpcLatticeConfigurations[].AdvancedConfiguration a second VPC Lattice target group "
                      "(AlternateTargetGroupArn: greenLatticeTg.attrArn), a production rule that forwards to both "
                      "target groups (blue weight 100, green 0) and, if any, a different test rule, through "
                      "cfnService.vpcLatticeConfigurations = [{ ..., advancedConfiguration: { ... } }] "
                      "(ecs.CfnService.VpcLatticeConfigurationProperty with "
                      "ecs.CfnService.VpcLatticeAdvancedConfigurationProperty).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for entry in model.lattice_entries:
            yield from self._entry(model, entry)

    def _entry(self, model: Model, entry: LatticeEntry) -> Iterable[Violation]:
        what = f"{entry.label} (VpcLatticeConfigurations[{entry.index}])"
        if entry.green is None:
            yield Violation(INFO, entry.at(),
                            f"{what}: AdvancedConfiguration has no AlternateTargetGroupArn, so ECS has no second "
                            f"target group to register the green tasks in; {MIRROR}", conds=entry.conds)
            return
        if _same(model, entry.blue, entry.green):
            yield Violation(INFO, entry.at("AlternateTargetGroupArn"),
                            f"{what}: the alternate target group {show(entry.green)} is the entry's own "
                            f"TargetGroupArn; blue/green needs two distinct target groups; {MIRROR}",
                            [entry.entry_at("TargetGroupArn")], entry.conds)
            return
        prod, test = entry.route_key(entry.prod), entry.route_key(entry.test)
        if prod is not None and test is not None and prod == test:
            yield Violation(INFO, entry.at("TestListenerRule"),
                            f"{what}: {show(prod)} is both the production and the test listener rule; ECS rejects "
                            "this for load balancers (\"The following rules cannot be used as both production and "
                            f"test listener rules: <arn>\"); {MIRROR}", [entry.at("ProductionListenerRule")],
                            entry.conds)
            return
        yield from self._association(model, entry, what)

    def _association(self, model: Model, entry: LatticeEntry, what: str) -> Iterable[Violation]:
        if entry.prod is MISSING:
            return
        p_fw = entry.forwards(entry.prod)
        t_fw = [] if entry.test is MISSING else entry.forwards(entry.test)
        if p_fw is None or t_fw is None:
            return  # a route outside the run or not a VPC Lattice rule/listener: nothing to compare
        related = [w for r in (entry.prod, entry.test) for w in entry.forward_where(r)]
        for name, tg, where in (("TargetGroupArn", entry.blue, entry.entry_at("TargetGroupArn")),
                                ("AlternateTargetGroupArn", entry.green, entry.at("AlternateTargetGroupArn"))):
            if tg is None or isinstance(tg, Unknown):
                continue
            verdicts = [_same(model, tg, f) for f in p_fw + t_fw]
            if any(v is None for v in verdicts) or any(verdicts):
                continue
            yield Violation(INFO, where,
                            f"{what}: {name} {show(tg)} is forwarded to by neither the production rule "
                            f"{show(entry.route_key(entry.prod))} nor the test rule, so ECS cannot shift traffic to "
                            "it (for load balancers: \"Target group <arn> is not associated with either "
                            f"productionListenerRule or testListenerRule.\"); {MIRROR}", related, entry.conds)


def _same(model: Model, a: object, b: object) -> bool | None:
    """Whether two lattice target-group identities are the same; None when either is unknown."""
    if a is None or b is None or isinstance(a, Unknown) or isinstance(b, Unknown):
        return None
    return model.same(a, b, "Name")  # type: ignore[arg-type]
