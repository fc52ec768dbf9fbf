"""LB-01: a CODE_DEPLOY service must have exactly one ELBv2 `LoadBalancers` entry.

## What it does
Reports an `AWS::ECS::Service` with `DeploymentController.Type: CODE_DEPLOY` whose `LoadBalancers` list
is missing or empty, has more than one entry, or uses a Classic Load Balancer (`LoadBalancerName`).
These are errors; the finding names the deployment groups that target the service. A `LoadBalancers`
list computed by an intrinsic function cannot be counted (info).

## Why is this bad?
CodeDeploy blue/green shifts traffic between the two target groups of its pair behind an ALB or NLB; the
service must start registered in one of them (the "blue" one). AWS: "If the service is using the
CODE_DEPLOY deployment controller, the service is required to use either an Application Load Balancer or
Network Load Balancer", and multiple target groups on a service are supported only with the ECS
controller. Load balancers cannot be added later: `Unable to update load balancers on services with a
CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.` A service created
without one can never be deployed by CodeDeploy (reports show the first deployment stuck in Install).
The CDK adds one entry per `attach_to_application_target_group` / `add_targets` call and checks nothing.

## Example
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"DeploymentController": {"Type": "CODE_DEPLOY"}}}
```

## Use instead
```json
"Service": {"Type": "AWS::ECS::Service", "Properties": {"DeploymentController": {"Type": "CODE_DEPLOY"},
  "LoadBalancers": [{"ContainerName": "web", "ContainerPort": 8080, "TargetGroupArn": {"Ref": "BlueTG"}}]}}
```

## CDK (Python) fix
```python
service.attach_to_application_target_group(blue_tg)   # exactly once, the blue target group only
# or, as an escape hatch, with the ordering CDK would otherwise add:
service.node.default_child.add_property_override("LoadBalancers", [
    {"ContainerName": "web", "ContainerPort": 8080, "TargetGroupArn": blue_tg.target_group_arn}])
service.node.add_dependency(prod_listener)
```

## CDK (TypeScript) fix
```ts
service.attachToApplicationTargetGroup(blueTg);   // exactly once, the blue target group only
// or, as an escape hatch, with the ordering CDK would otherwise add:
(service.node.defaultChild as ecs.CfnService).addPropertyOverride('LoadBalancers', [
  { ContainerName: 'web', ContainerPort: 8080, TargetGroupArn: blueTg.targetGroupArn }]);
service.node.addDependency(prodListener);
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/register-multiple-targetgroups.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import Counted
from cfncheck.model.ecs import Service
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import Unknown


class CodeDeployNeedsOneLoadBalancer(Rule):
    code = "9C21"
    name = "LB-01"
    title = "A CODE_DEPLOY service must have exactly one ELBv2 LoadBalancers entry"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Attach the service to its blue target group exactly once: service.attach_to_application_target_group("
           "blue_tg) (never the green one; it belongs only to the deployment group), or add_property_override("
           "\"LoadBalancers\", [...]) plus service.node.add_dependency(prod_listener).")
    fix_typescript = ("Attach the service to its blue target group exactly once: "
                      "service.attachToApplicationTargetGroup(blueTg) (never the green one; it belongs only to the "
                      "deployment group), or addPropertyOverride('LoadBalancers', [...]) plus "
                      "service.node.addDependency(prodListener).")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for ctrl in service.controllers():
                if ctrl.value.kind != "CODE_DEPLOY":
                    continue
                for lists in service.counted("LoadBalancers", conds=ctrl.conds, absent=True):
                    if isinstance(lists.members, Unknown):
                        yield Violation(INFO, lists.where,
                                        f"cannot verify that {service.label} (CODE_DEPLOY) has exactly one load "
                                        "balancer: its LoadBalancers list is computed", service.related_groups,
                                        lists.conds)
                    else:
                        yield from self._judge(service, lists)

    def _judge(self, service: Service, lists: Counted) -> Iterable[Violation]:
        label, related, members = service.label, service.related_groups, lists.members
        assert not isinstance(members, Unknown)
        if not members:
            yield Violation(ERROR, lists.where,
                            f"{label} uses the CODE_DEPLOY deployment controller but has no LoadBalancers entry; "
                            "CodeDeploy blue/green needs the service registered in the blue target group of an "
                            "ALB or NLB, and load balancers cannot be added to a CODE_DEPLOY service later",
                            related, lists.conds)
            return
        if len(members) > 1:
            yield Violation(ERROR, lists.at(members[1].value[0]),
                            f"{label} uses the CODE_DEPLOY deployment controller but has {len(members)} "
                            "LoadBalancers entries; only one (the blue target group) is supported with CodeDeploy",
                            related, lists.conds)
            return
        index = members[0].value[0]
        for entry in service.load_balancers(lists.conds):
            for kind in entry.kinds() if entry.index == index else ():
                if kind.value == "v1":
                    yield Violation(ERROR, kind.where,
                                    f"{label} uses the CODE_DEPLOY deployment controller with a Classic Load "
                                    "Balancer; CodeDeploy blue/green needs an Application or Network Load Balancer "
                                    "target group", related, kind.conds)
