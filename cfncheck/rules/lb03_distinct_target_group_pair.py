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

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html ;
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TargetGroupPairInfo.html ;
https://cloudaffaire.com/aws/aws-codedeploy-requires-two-target-groups-but-why/
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import DeploymentGroup, Model, pair_target_groups
from cfncheck.rules._topology import PAIR_PATH, counted, show
from cfncheck.rules.base import ERROR, INFO, Rule, Violation, group_label
from cfncheck.template.values import Branch, Conds, Unknown, merge

LIST_PATH = ("LoadBalancerInfo", "TargetGroupPairInfoList")
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
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TargetGroupPairInfo.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            label = group_label(group.node)
            for conds, pairs in counted(model, group.node, LIST_PATH, group.conds):
                if isinstance(pairs, Unknown):
                    yield Violation(INFO, group.node, ("Properties",) + LIST_PATH,
                                    f"cannot verify that {label} has exactly one target-group pair: "
                                    f"{pairs.reason}", conds=conds)
                elif len(pairs) != 1:
                    path = ("Properties",) + LIST_PATH + ((pairs[1].value[0],) if len(pairs) > 1 else ())
                    yield Violation(ERROR, group.node, path,
                                    f"{label} has {len(pairs)} entries in TargetGroupPairInfoList; CodeDeploy takes "
                                    "exactly one pair of target groups for an ECS deployment group", conds=conds)
                else:
                    yield from self._pair(model, group, label, conds)

    def _pair(self, model: Model, group: DeploymentGroup, label: str, conds: Conds) -> Iterable[Violation]:
        path = PAIR_PATH + ("TargetGroups",)
        lists = counted(model, group.node, path[1:], conds)
        if not lists:
            yield Violation(ERROR, group.node, PAIR_PATH,
                            f"{label} has a target-group pair without TargetGroups; it needs the service's target "
                            "group and a second one to shift traffic to", conds=conds)
        for scenario, members in lists:
            if isinstance(members, Unknown):
                yield Violation(INFO, group.node, path,
                                f"cannot verify that the pair of {label} has two target groups: {members.reason}",
                                conds=scenario)
            elif len(members) != 2:
                yield Violation(ERROR, group.node, path,
                                f"the target-group pair of {label} has {len(members)} target group(s); it needs "
                                "exactly two: the one the service is registered in and the one CodeDeploy shifts "
                                "traffic to", conds=scenario)
            else:
                yield from self._distinct(model, group, label, members, scenario)

    def _distinct(self, model: Model, group: DeploymentGroup, label: str, members: list[Branch],
                  conds: Conds) -> Iterable[Violation]:
        (i0, e0), (i1, e1) = members[0].value, members[1].value
        path = PAIR_PATH + ("TargetGroups", i1, "Name")
        if isinstance(e0, dict) and isinstance(e1, dict) and "Name" in e0 and e0.get("Name") == e1.get("Name"):
            yield Violation(ERROR, group.node, path,
                            f"both target groups of the pair of {label} are the same expression; "
                            f"CreateDeploymentGroup fails: \"{DISTINCT}\"", conds=conds)
            return
        keys = {}
        for br in pair_target_groups(model, group):
            if merge(br.conds, conds) is not None and br.value[0] in (i0, i1):
                keys.setdefault(br.value[0], []).append(br)
        for a in keys.get(i0, []):
            for b in keys.get(i1, []):
                both = merge(merge(a.conds, b.conds) or conds, conds)
                if both is None or merge(a.conds, b.conds) is None:
                    continue
                ka, kb = a.value[1], b.value[1]
                if isinstance(ka, Unknown) or isinstance(kb, Unknown):
                    continue  # LB-02 says it cannot verify the pair
                if model.same(ka, kb, "Name"):
                    yield Violation(ERROR, group.node, path,
                                    f"the target-group pair of {label} names target group {show(ka)} twice; "
                                    f"CreateDeploymentGroup fails: \"{DISTINCT}\"", conds=both)
