"""LB-03: exactly one target-group pair of two distinct target groups.

## What it does
For every deployment group that deploys ECS services, counts the entries of
`LoadBalancerInfo.TargetGroupPairInfoList` (exactly one) and the `TargetGroups` of that pair (exactly two),
and reports a pair whose two entries name the same target group (the same resource, the same name, or the
same expression). These are errors; a computed list cannot be counted (info).

## Why is this bad?
CodeDeploy takes "an array of TargetGroupPairInfo objects with a maximum size of one", and that pair holds
the two target groups it switches the service between. CreateDeploymentGroup rejects anything else; for
a pair that repeats one target group the error is:

    Target group pair must have distinct target groups.

## Example
```yaml
LoadBalancerInfo:
  TargetGroupPairInfoList:
    - TargetGroups:
        - Name: !GetAtt BlueTG.TargetGroupName
        - Name: !GetAtt BlueTG.TargetGroupName
      ProdTrafficRoute: {ListenerArns: [!Ref ProdListener]}
```

## Use instead
```yaml
LoadBalancerInfo:
  TargetGroupPairInfoList:
    - TargetGroups:
        - Name: !GetAtt BlueTG.TargetGroupName
        - Name: !GetAtt GreenTG.TargetGroupName
      ProdTrafficRoute: {ListenerArns: [!Ref ProdListener]}
```

## CDK (Python) fix
```python
codedeploy.EcsDeploymentGroup(self, "DG", service=service,
    blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(
        blue_target_group=blue_tg, green_target_group=green_tg,   # two different ApplicationTargetGroups
        listener=prod_listener, test_listener=test_listener))
```

## CDK (TypeScript) fix
```ts
new codedeploy.EcsDeploymentGroup(this, 'DG', { service,
  blueGreenDeploymentConfig: {
    blueTargetGroup: blueTg, greenTargetGroup: greenTg,   // two different ApplicationTargetGroups
    listener: prodListener, testListener } });
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html ;
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TargetGroupPairInfo.html ;
https://cloudaffaire.com/aws/aws-codedeploy-requires-two-target-groups-but-why/
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.codedeploy import DeploymentGroup
from cfncheck.model.elb import show
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import Conds, Unknown, merge

DISTINCT = "Target group pair must have distinct target groups."


class DistinctTargetGroupPair(Rule):
    code = "9C23"
    name = "LB-03"
    title = "A deployment group needs exactly one target-group pair of two distinct target groups"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Use codedeploy.EcsDeploymentGroup with EcsBlueGreenDeploymentConfig(blue_target_group=blue_tg, "
           "green_target_group=green_tg, listener=prod_listener), passing two different target group objects; "
           "with L1 CfnDeploymentGroup give one TargetGroupPairInfo with exactly two TargetGroupInfo names.")
    fix_typescript = ("Use codedeploy.EcsDeploymentGroup with blueGreenDeploymentConfig: { blueTargetGroup: blueTg, "
                      "greenTargetGroup: greenTg, listener: prodListener }, passing two different target group "
                      "objects; with L1 CfnDeploymentGroup give one TargetGroupPairInfo with exactly two "
                      "TargetGroupInfo names.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TargetGroupPairInfo.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            for pairs in group.pair_lists():
                if isinstance(pairs.members, Unknown):
                    yield Violation(INFO, pairs.where,
                                    f"cannot verify that {group.label} has exactly one target-group pair: "
                                    f"{pairs.members.reason}", conds=pairs.conds)
                elif len(pairs.members) != 1:
                    where = pairs.at(pairs.members[1].value[0]) if len(pairs.members) > 1 else pairs.where
                    yield Violation(ERROR, where,
                                    f"{group.label} has {len(pairs.members)} entries in TargetGroupPairInfoList; "
                                    "CodeDeploy takes exactly one pair of target groups for an ECS deployment group",
                                    conds=pairs.conds)
                else:
                    yield from self._pair(model, group, pairs.conds)

    def _pair(self, model: Model, group: DeploymentGroup, conds: Conds) -> Iterable[Violation]:
        lists = group.pair_target_group_lists(conds)
        if not lists:
            yield Violation(ERROR, group.pair_where(),
                            f"{group.label} has a target-group pair without TargetGroups; it needs the service's "
                            "target group and a second one to shift traffic to", conds=conds)
        for tgs in lists:
            if isinstance(tgs.members, Unknown):
                yield Violation(INFO, tgs.where,
                                f"cannot verify that the pair of {group.label} has two target groups: "
                                f"{tgs.members.reason}", conds=tgs.conds)
            elif len(tgs.members) != 2:
                yield Violation(ERROR, tgs.where,
                                f"the target-group pair of {group.label} has {len(tgs.members)} target group(s); it "
                                "needs exactly two: the one the service is registered in and the one CodeDeploy "
                                "shifts traffic to", conds=tgs.conds)
            else:
                yield from self._distinct(model, group, tgs.members, tgs.conds)

    def _distinct(self, model: Model, group: DeploymentGroup, members: list, conds: Conds) -> Iterable[Violation]:
        (i0, e0), (i1, e1) = members[0].value, members[1].value
        where = group.pair_where("TargetGroups", i1, "Name")
        if isinstance(e0, dict) and isinstance(e1, dict) and "Name" in e0 and e0.get("Name") == e1.get("Name"):
            yield Violation(ERROR, where,
                            f"both target groups of the pair of {group.label} are the same expression; "
                            f"CreateDeploymentGroup fails: \"{DISTINCT}\"", conds=conds)
            return
        keys: dict[int, list] = {}
        for br in group.pair():
            if merge(br.conds, conds) is not None and br.value[0] in (i0, i1):
                keys.setdefault(br.value[0], []).append(br)
        for a in keys.get(i0, []):
            for b in keys.get(i1, []):
                pair = merge(a.conds, b.conds)
                both = merge(pair, conds) if pair is not None else None
                if both is None:
                    continue
                ka, kb = a.value[1], b.value[1]
                if isinstance(ka, Unknown) or isinstance(kb, Unknown):
                    continue  # LB-02 says it cannot verify the pair
                if model.same(ka, kb, "Name"):
                    yield Violation(ERROR, where,
                                    f"the target-group pair of {group.label} names target group {show(ka)} twice; "
                                    f"CreateDeploymentGroup fails: \"{DISTINCT}\"", conds=both)
