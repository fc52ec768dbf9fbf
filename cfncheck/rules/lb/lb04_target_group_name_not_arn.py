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

## CDK (TypeScript) fix
```ts
// EcsBlueGreenDeploymentConfig renders targetGroupName for you:
const blueGreen: codedeploy.EcsBlueGreenDeploymentConfig = {
  blueTargetGroup: blueTg, greenTargetGroup: greenTg, listener: prod };
// with L1 CfnDeploymentGroup:
const info: codedeploy.CfnDeploymentGroup.TargetGroupInfoProperty = { name: blueTg.targetGroupName };
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TargetGroupInfo.html ;
https://github.com/cloudposse/terraform-aws-code-deploy/issues/5
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.elb import TARGET_GROUP, show
from cfncheck.rules.base import ERROR, Rule, Violation
from cfncheck.template.values import Lit, ResRef


class TargetGroupNameNotArn(Rule):
    code = "9C24"
    name = "LB-04"
    title = "TargetGroupInfo.Name takes a target-group name, not an ARN"
    severity = ERROR
    severities = (ERROR,)
    fix = ("Use codedeploy.EcsBlueGreenDeploymentConfig(blue_target_group=..., green_target_group=...), which "
           "renders the names; with L1 CfnDeploymentGroup pass TargetGroupInfoProperty(name=tg.target_group_name), "
           "never tg.target_group_arn.")
    fix_typescript = ("Use a codedeploy.EcsBlueGreenDeploymentConfig { blueTargetGroup: ..., greenTargetGroup: ... }, "
                      "which renders the names; with L1 CfnDeploymentGroup pass a TargetGroupInfoProperty { name: "
                      "tg.targetGroupName }, never tg.targetGroupArn.")
    source_url = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
                  "aws-properties-codedeploy-deploymentgroup-targetgroupinfo.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            for name in group.target_group_names():
                position, value = name.value
                problem = _problem(value)
                if problem:
                    yield Violation(ERROR, name.where,
                                    f"target group {position + 1} of the pair of {group.label} is given as {problem}; "
                                    "TargetGroupInfo.Name takes the target group's name "
                                    "(Fn::GetAtt <TargetGroup>.TargetGroupName)",
                                    [value.node.at()] if isinstance(value, ResRef) else [], name.conds)


def _problem(value: object) -> str | None:
    if isinstance(value, ResRef) and value.node.type == TARGET_GROUP and value.attr != "TargetGroupName":
        returns = "its ARN" if value.attr in (None, "TargetGroupArn") else f"its {value.attr}"
        return f"{value.written} of {show(value.node)}, which returns {returns}"
    if isinstance(value, Lit) and isinstance(value.value, str) and value.value.startswith("arn:"):
        return f"the ARN {value.value!r}"
    return None
