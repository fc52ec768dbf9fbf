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

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html ;
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model, pair_target_groups
from cfncheck.rules.base import ERROR, INFO, Rule, Violation, group_label, service_label, unknown_reason
from cfncheck.template.values import MISSING, Unknown, merge


class ServiceTargetGroupInPair(Rule):
    code = "9C22"
    name = "LB-02"
    title = "The service's target group must be one of the deployment group's target-group pair"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Pass the same target group object to service.attach_to_application_target_group(blue_tg) and to "
           "EcsBlueGreenDeploymentConfig(blue_target_group=blue_tg, green_target_group=green_tg, ...).")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            pair = pair_target_groups(model, group)
            for target in group.targets:
                service = target.service
                if service is None:
                    continue  # CTRL-01 already says it cannot verify the target
                exists = model.exists(service)
                conds = merge(target.conds, exists) if exists is not None else None
                if conds is None:
                    continue
                label = service_label(model, service)
                for tg in model.values(service, "LoadBalancers", 0, "TargetGroupArn", conds=conds):
                    if tg.value is MISSING:
                        continue  # no load balancer: LB-01
                    path = ("Properties", "LoadBalancers", 0, "TargetGroupArn")
                    related = [(group.node, ("Properties", "LoadBalancerInfo", "TargetGroupPairInfoList", 0,
                                             "TargetGroups"))]
                    service_tg = model.target_group(tg.value)
                    if service_tg is None:
                        yield Violation(INFO, service, path,
                                        f"cannot verify that the target group of {label} belongs to the pair of "
                                        f"{group_label(group.node)}: {unknown_reason(tg.value)}", related, tg.conds)
                        continue
                    members = [(m, b.value[1]) for b in pair if (m := merge(tg.conds, b.conds)) is not None]
                    verdicts = [model.same(service_tg, key, "Name") if not isinstance(key, Unknown) else None
                                for _, key in members]
                    if True in verdicts:
                        continue
                    if None in verdicts:
                        unknown = next((k for _, k in members if isinstance(k, Unknown)), None)
                        reason = unknown.reason if unknown else "a target group name is computed at deploy time"
                        yield Violation(INFO, service, path,
                                        f"cannot verify that the target group of {label} belongs to the pair of "
                                        f"{group_label(group.node)}: {reason}", related, tg.conds)
                        continue
                    if not members:
                        continue  # no pair at all: a LoadBalancerInfo rule's business
                    names = ", ".join(_show(k) for _, k in members)
                    yield Violation(ERROR, service, path,
                                    f"{label} is registered in target group {_show(service_tg)}, which is not one of "
                                    f"the pair ({names}) of {group_label(group.node)}; every CodeDeploy deployment "
                                    "will fail: \"A deployment group associated with an application that uses the ECS "
                                    "compute platform must contain a valid pair of target groups that identify a "
                                    "load balancer.\"", related, tg.conds)


def _show(key: object) -> str:
    return getattr(key, "logical_id", None) or str(key)
