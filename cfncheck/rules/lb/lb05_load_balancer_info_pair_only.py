"""LB-05: an ECS deployment group needs `LoadBalancerInfo`, with only `TargetGroupPairInfoList`.

## What it does
For every `AWS::CodeDeploy::DeploymentGroup` that deploys ECS services, reports a missing
`LoadBalancerInfo`, a `LoadBalancerInfo` that carries `ElbInfoList` or `TargetGroupInfoList` (the EC2/on-premises
forms), and one without `TargetGroupPairInfoList` (errors). A `LoadBalancerInfo` computed by an intrinsic function
cannot be checked (info).

## Why is this bad?
CreateDeploymentGroup rejects the group (`InvalidLoadBalancerInfoException`) and CloudFormation rolls back:

    For ECS deployment group, loadBalancerInfo must be specified
    For ECS deployment group, loadBalancerInfo must not contain elbInfo list
    For ECS deployment group, loadBalancerInfo must not contain targetGroupInfo list

(The CloudFormation `DeploymentStyle` text "don't specify LoadBalancerInfo" for blue/green is EC2 guidance.)

## Example
```yaml
LoadBalancerInfo:
  TargetGroupInfoList:
    - Name: !GetAtt BlueTG.TargetGroupName
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
# codedeploy.EcsDeploymentGroup renders only TargetGroupPairInfoList; with L1:
codedeploy.CfnDeploymentGroup(self, "DG", ...,
    load_balancer_info=codedeploy.CfnDeploymentGroup.LoadBalancerInfoProperty(
        target_group_pair_info_list=[codedeploy.CfnDeploymentGroup.TargetGroupPairInfoProperty(
            target_groups=[codedeploy.CfnDeploymentGroup.TargetGroupInfoProperty(name=blue_tg.target_group_name),
                           codedeploy.CfnDeploymentGroup.TargetGroupInfoProperty(name=green_tg.target_group_name)],
            prod_traffic_route=codedeploy.CfnDeploymentGroup.TrafficRouteProperty(
                listener_arns=[prod_listener.listener_arn]))]))
```

## CDK (TypeScript) fix
```ts
// codedeploy.EcsDeploymentGroup renders only TargetGroupPairInfoList; with L1:
new codedeploy.CfnDeploymentGroup(this, 'DG', { /* ... */
  loadBalancerInfo: {
    targetGroupPairInfoList: [{
      targetGroups: [{ name: blueTg.targetGroupName },
                     { name: greenTg.targetGroupName }],
      prodTrafficRoute: { listenerArns: [prodListener.listenerArn] } }] } });
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_LoadBalancerInfo.html ;
https://github.com/cloudposse/terraform-aws-code-deploy/issues/5
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import MISSING

FORBIDDEN = (("ElbInfoList", "elbInfo list"), ("TargetGroupInfoList", "targetGroupInfo list"))


class LoadBalancerInfoPairOnly(Rule):
    code = "9C25"
    name = "LB-05"
    title = "An ECS deployment group needs LoadBalancerInfo with only TargetGroupPairInfoList"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Use codedeploy.EcsDeploymentGroup (it renders only TargetGroupPairInfoList); with L1 CfnDeploymentGroup "
           "set only load_balancer_info=LoadBalancerInfoProperty(target_group_pair_info_list=[...]), never "
           "elb_info_list or target_group_info_list.")
    fix_typescript = ("Use codedeploy.EcsDeploymentGroup (it renders only TargetGroupPairInfoList); with L1 "
                      "CfnDeploymentGroup set only loadBalancerInfo: { targetGroupPairInfoList: [...] } (a "
                      "LoadBalancerInfoProperty), never elbInfoList or targetGroupInfoList.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_LoadBalancerInfo.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            label = group.label
            for info in group.load_balancer_info():
                if info.value is MISSING:
                    yield Violation(ERROR, group.at("Properties"),
                                    f"{label} deploys ECS services but has no LoadBalancerInfo; CreateDeploymentGroup "
                                    "fails: \"For ECS deployment group, loadBalancerInfo must be specified\"",
                                    conds=info.conds)
                    continue
                if not isinstance(info.value, dict) or group.computed(info.value):
                    yield Violation(INFO, info.where,
                                    f"cannot verify the LoadBalancerInfo of {label}: it is computed by an "
                                    "intrinsic function", conds=info.conds)
                    continue
                for key, api in FORBIDDEN:
                    for br in group.info_lists(key, conds=info.conds):
                        if br.value is not MISSING:
                            yield Violation(ERROR, br.where,
                                            f"{label} deploys ECS services but its LoadBalancerInfo has {key}; "
                                            "CreateDeploymentGroup fails: \"For ECS deployment group, "
                                            f"loadBalancerInfo must not contain {api}\"", conds=br.conds)
                for br in group.pairs_written(info.conds):
                    if br.value is MISSING:
                        yield Violation(ERROR, info.where,
                                        f"{label} deploys ECS services but its LoadBalancerInfo has no "
                                        "TargetGroupPairInfoList; an ECS deployment group needs the blue/green "
                                        "target-group pair and its production listener there", conds=br.conds)
