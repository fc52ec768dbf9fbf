"""LB-04: `TargetGroupInfo.Name` takes a target-group name, not an ARN.

## What it does
Checks every `LoadBalancerInfo.TargetGroupPairInfoList[].TargetGroups[].Name` of a deployment group that
deploys ECS services. Reports a value that resolves (also through `Fn::ImportValue`, nested-stack
parameters and outputs) to `Ref` of an `AWS::ElasticLoadBalancingV2::TargetGroup` (which returns its
ARN), to another attribute than `TargetGroupName` (`TargetGroupArn`, `TargetGroupFullName`), or to a
literal string starting with `arn:`. Each is an error.

## Why is this bad?
CodeDeploy looks the target groups up by name. An ARN is not a target-group name (names are at most 32
characters of letters, digits and hyphens), so the deployment group cannot identify its pair and
deployments fail. AWS error text: unconfirmed (cloudposse/terraform-aws-code-deploy#5: "The example was
providing `arn` instead of `name` and fixed it").

## Example
```yaml
TargetGroups:
  - Name: !Ref BlueTG
  - Name: !Ref GreenTG
```

## Use instead
```yaml
TargetGroups:
  - Name: !GetAtt BlueTG.TargetGroupName
  - Name: !GetAtt GreenTG.TargetGroupName
```

## CDK (Python) fix
```python
# EcsBlueGreenDeploymentConfig renders target_group_name for you:
codedeploy.EcsBlueGreenDeploymentConfig(blue_target_group=blue_tg, green_target_group=green_tg, listener=prod)
# with L1 CfnDeploymentGroup:
codedeploy.CfnDeploymentGroup.TargetGroupInfoProperty(name=blue_tg.target_group_name)
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TargetGroupInfo.html ;
https://github.com/cloudposse/terraform-aws-code-deploy/issues/5
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import TARGET_GROUP, Model
from cfncheck.rules._topology import show
from cfncheck.rules.base import ERROR, Rule, Violation, group_label
from cfncheck.template.values import MISSING, Lit, ResRef, Unknown, merge

LIST_PATH = ("LoadBalancerInfo", "TargetGroupPairInfoList")


class TargetGroupNameNotArn(Rule):
    code = "9C24"
    name = "LB-04"
    title = "TargetGroupInfo.Name takes a target-group name, not an ARN"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Use codedeploy.EcsBlueGreenDeploymentConfig(blue_target_group=..., green_target_group=...), which "
           "renders the names; with L1 CfnDeploymentGroup pass TargetGroupInfoProperty(name=tg.target_group_name), "
           "never tg.target_group_arn.")
    source_url = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
                  "aws-properties-codedeploy-deploymentgroup-targetgroupinfo.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            stack = group.node.stack
            for pairs in model.raw(group.node, *LIST_PATH, conds=group.conds):
                if pairs.value is MISSING:
                    continue
                for pair in model.r.items(stack, pairs.value):
                    pc = merge(pairs.conds, pair.conds)
                    if pc is None or isinstance(pair.value, Unknown):
                        continue
                    p_index, _ = pair.value
                    for tgs_br in model.raw(group.node, *LIST_PATH, p_index, "TargetGroups", conds=pc):
                        if tgs_br.value is MISSING:
                            continue
                        for tg in model.r.items(stack, tgs_br.value):
                            tc = merge(tgs_br.conds, tg.conds)
                            if tc is None or isinstance(tg.value, Unknown):
                                continue
                            path = ("Properties",) + LIST_PATH + (p_index, "TargetGroups", tg.value[0], "Name")
                            for name in model.values(group.node, *path[1:], conds=tc):
                                problem = _problem(name.value)
                                if problem:
                                    yield Violation(ERROR, group.node, path,
                                                    f"target group {tg.value[0] + 1} of the pair of "
                                                    f"{group_label(group.node)} is given as {problem}; "
                                                    "TargetGroupInfo.Name takes the target group's name "
                                                    "(Fn::GetAtt <TargetGroup>.TargetGroupName)",
                                                    _related(name.value), name.conds)


def _problem(value: object) -> str | None:
    if isinstance(value, ResRef) and value.node.type == TARGET_GROUP and value.attr != "TargetGroupName":
        what = "Ref" if value.attr is None else f"Fn::GetAtt .{value.attr}"
        returns = "its ARN" if value.attr in (None, "TargetGroupArn") else f"its {value.attr}"
        return f"{what} of {show(value.node)}, which returns {returns}"
    if isinstance(value, Lit) and isinstance(value.value, str) and value.value.startswith("arn:"):
        return f"the ARN {value.value!r}"
    return None


def _related(value: object) -> list:
    return [(value.node, ())] if isinstance(value, ResRef) else []
