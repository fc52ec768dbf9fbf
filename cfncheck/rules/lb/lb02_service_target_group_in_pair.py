"""LB-02: the service's target group must be one of the deployment group's target-group pair.

## What it does
For every deployment group and the ECS service it deploys, compares the service's
`LoadBalancers[0].TargetGroupArn` with the two `LoadBalancerInfo.TargetGroupPairInfoList[0].TargetGroups`
of the group (resolved to `AWS::ElasticLoadBalancingV2::TargetGroup` resources in any stack of the run,
or to names). Reports an error when the service's target group is neither of the pair; a target group
that cannot be resolved from the templates gives an info (cannot verify).

## Why is this bad?
CodeDeploy moves traffic from the target group the service was created with to the other one of the
pair. With a target group outside the pair, every deployment fails when it starts:

    A deployment group associated with an application that uses the ECS compute platform must contain
    a valid pair of target groups that identify a load balancer. ...

## Example
```json
"Service": {"Properties": {"LoadBalancers": [{"TargetGroupArn": {"Ref": "LegacyTG"}, ...}]}},
"DG": {"Properties": {"LoadBalancerInfo": {"TargetGroupPairInfoList": [{"TargetGroups": [
  {"Name": {"Fn::GetAtt": ["BlueTG", "TargetGroupName"]}},
  {"Name": {"Fn::GetAtt": ["GreenTG", "TargetGroupName"]}}]}]}}}
```

## Use instead
```json
"Service": {"Properties": {"LoadBalancers": [{"TargetGroupArn": {"Ref": "BlueTG"}, ...}]}}
```

## CDK (Python) fix
```python
service.attach_to_application_target_group(blue_tg)
codedeploy.EcsDeploymentGroup(self, "DG", service=service,
    blue_green_deployment_config=codedeploy.EcsBlueGreenDeploymentConfig(
        blue_target_group=blue_tg, green_target_group=green_tg, listener=prod_listener, test_listener=test_listener))
```

## CDK (TypeScript) fix
```ts
service.attachToApplicationTargetGroup(blueTg);
new codedeploy.EcsDeploymentGroup(this, 'DG', { service,
  blueGreenDeploymentConfig: {
    blueTargetGroup: blueTg, greenTargetGroup: greenTg, listener: prodListener, testListener } });
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html ;
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import Unknown, merge

AWS_ERROR = ("A deployment group associated with an application that uses the ECS compute platform must contain a "
             "valid pair of target groups that identify a load balancer.")


class ServiceTargetGroupInPair(Rule):
    code = "9C22"
    name = "LB-02"
    title = "The service's target group must be one of the deployment group's target-group pair"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Pass the same target group object to service.attach_to_application_target_group(blue_tg) and to "
           "EcsBlueGreenDeploymentConfig(blue_target_group=blue_tg, green_target_group=green_tg, ...).")
    fix_typescript = ("Pass the same target group object to service.attachToApplicationTargetGroup(blueTg) and to the "
                      "EcsBlueGreenDeploymentConfig { blueTargetGroup: blueTg, greenTargetGroup: greenTg, ... }.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            pair = group.pair()
            related = [group.pair_where("TargetGroups")]
            for target in group.targets:
                service = target.service
                conds = merge(target.conds, service.conds) if service is not None and service.exists else None
                if service is None or conds is None:
                    continue  # CTRL-01 already says it cannot verify the target
                for tg in service.target_groups(conds):
                    what = f"the target group of {service.label} belongs to the pair of {group.label}"
                    if isinstance(tg.value, Unknown):
                        yield Violation(INFO, tg.where, f"cannot verify that {what}: {tg.value.reason}", related,
                                        tg.conds)
                        continue
                    members = [b.value[1] for b in pair if merge(tg.conds, b.conds) is not None]
                    verdicts = [model.same_target_group(tg.value, key) for key in members]
                    if True in verdicts:
                        continue
                    if None in verdicts:
                        unknown = next((k for k in members if isinstance(k, Unknown)), None)
                        why = unknown.reason if unknown else "a target group name is computed at deploy time"
                        yield Violation(INFO, tg.where, f"cannot verify that {what}: {why}", related, tg.conds)
                        continue
                    if not members:
                        continue  # no pair at all: a LoadBalancerInfo rule's business
                    names = ", ".join(_name(k) for k in members)
                    yield Violation(ERROR, tg.where,
                                    f"{service.label} is registered in target group "
                                    f"{_name(tg.value)}, which is not one of the pair "
                                    f"({names}) of {group.label}; every CodeDeploy deployment will fail: "
                                    f"\"{AWS_ERROR}\"", related, tg.conds)



def _name(key: object) -> str:
    return getattr(key, "logical_id", None) or str(key)
