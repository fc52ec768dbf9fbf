"""LB-10: the target type of both target groups must match the task definition's network mode.

## What it does
For every `LoadBalancers` entry of an `AWS::ECS::Service` (and `AWS::ECS::TaskSet`), finds the task
definition (`Ref`, family string, ARN or cross-stack reference) and every target group its tasks get
registered in: the entry's `TargetGroupArn`, the ECS-native blue/green
`AdvancedConfiguration.AlternateTargetGroupArn`, and the other target group of the CodeDeploy deployment
group's pair. Reports a target group whose `TargetType` does not fit the network mode: `awsvpc` (always on
Fargate) needs `ip`; `bridge` and `host` need `instance`. A missing `TargetType` means `instance`; a
missing `NetworkMode` means `bridge`. A mismatch is an error; a target group, target type or task
definition that cannot be resolved from the templates gives an info (cannot verify).

## Why is this bad?
ECS cannot register the tasks. For the service's own target group CreateService fails; for the green
(or alternate) target group the first blue/green deployment fails:

    InvalidParameterException: The provided target group <arn> has target type instance, which is
    incompatible with the awsvpc network mode specified in the task definition.

The CDK trap: "If you register targets to the TargetGroup in the CDK app, the TargetType is determined
automatically". The green target group has no targets in the CDK app, so it is rendered without
`TargetType` and defaults to `instance`.

## Example
```yaml
TaskDef:
  Type: AWS::ECS::TaskDefinition
  Properties: {NetworkMode: awsvpc, RequiresCompatibilities: [FARGATE], ...}
GreenTG:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties: {Port: 8080, Protocol: HTTP, VpcId: vpc-0a1b2c3d}   # no TargetType: instance
```

## Use instead
```yaml
GreenTG:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties: {Port: 8080, Protocol: HTTP, TargetType: ip, VpcId: vpc-0a1b2c3d}
```

## CDK (Python) fix
```python
green_tg = elbv2.ApplicationTargetGroup(self, "Green", vpc=vpc, port=8080,
    protocol=elbv2.ApplicationProtocol.HTTP, target_type=elbv2.TargetType.IP,
    health_check=elbv2.HealthCheck(path="/health"))
```

## CDK (TypeScript) fix
```ts
const greenTg = new elbv2.ApplicationTargetGroup(this, 'Green', { vpc, port: 8080,
  protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP,
  healthCheck: { path: '/health' } });
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-loadbalancer.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html ;
https://github.com/riboseinc/terraform-aws-ecs-gitlab/issues/5
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.deployments import TargetGroupUse
from cfncheck.model.tasks import TaskDefinition
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import Conds, Unknown, outside_run

EXPECTED_TARGET = {"awsvpc": "ip", "bridge": "instance", "host": "instance"}


class TargetTypeMatchesNetworkMode(Rule):
    code = "9C30"
    name = "LB-10"
    title = "The target type of both target groups must match the task definition's network mode"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Create both target groups with the target type of the tasks: "
           "elbv2.ApplicationTargetGroup(self, \"Green\", vpc=vpc, port=8080, target_type=elbv2.TargetType.IP, ...) "
           "for awsvpc/Fargate (TargetType.INSTANCE for bridge or host); the CDK only infers it for a target group "
           "with registered targets, so the green target group needs it explicitly.")
    fix_typescript = ("Create both target groups with the target type of the tasks: new "
                      "elbv2.ApplicationTargetGroup(this, 'Green', { vpc, port: 8080, targetType: elbv2.TargetType.IP, "
                      "... }) for awsvpc/Fargate (TargetType.INSTANCE for bridge or host); the CDK only infers it for "
                      "a target group with registered targets, so the green target group needs it explicitly.")
    source_url = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
                  "aws-properties-ecs-service-loadbalancer.html")

    def check(self, model: Model) -> Iterable[Violation]:
        for use in model.target_group_uses:
            for td in use.entry.owner.task_definitions(use.conds):
                if isinstance(td.value, Unknown):
                    if not outside_run(td.value):  # registered outside these templates: nothing to check
                        yield self._unknown(use, td.value.reason, td.conds)
                    continue
                if not isinstance(td.value, TaskDefinition):
                    continue  # no task definition
                for mode in td.value.network_modes(td.conds):
                    if isinstance(mode.value, Unknown):
                        yield self._unknown(use, f"the network mode of {td.value.shown()} is not known: "
                                                 f"{mode.value.reason}", mode.conds)
                    elif mode.value in EXPECTED_TARGET:
                        yield from self._check(use, td.value, mode.value, mode.conds)

    def _check(self, use: TargetGroupUse, td: TaskDefinition, mode: str, conds: Conds) -> Iterable[Violation]:
        tg = use.target_group
        label = use.entry.label
        mode_where = td.at("Properties", "NetworkMode")
        if tg is None:
            if isinstance(use.tg, Unknown):  # a name or ARN of a target group outside the templates: nothing to check
                yield Violation(INFO, use.ref,
                                f"cannot verify that the target type of ({use.where_text} for {label}) fits the "
                                f"{mode} network mode of {td.shown()}: {use.tg.reason}", [mode_where], conds)
            return
        expected = EXPECTED_TARGET[mode]
        for br in tg.target_types(conds):
            target_type, explicit = br.value
            where = br.where if explicit else tg.at("Properties")
            related = [use.ref, mode_where]
            if isinstance(target_type, Unknown):
                yield Violation(INFO, where,
                                f"cannot verify that target group {tg.logical_id}, {use.where_text} for {label}, has "
                                f"target type {expected} for the {mode} network mode of {td.shown()}: "
                                f"{target_type.reason}", related, br.conds)
            elif target_type != expected:
                owner = use.entry.owner
                extra = [] if use.ref.logical_id == owner.logical_id and use.ref.stack is owner.stack else \
                    [owner.at("Properties", "TaskDefinition")]
                yield Violation(ERROR, where, self._message(use, tg.logical_id, td, mode, target_type, explicit),
                                related + extra, br.conds)

    @staticmethod
    def _message(use: TargetGroupUse, tg: str, td: TaskDefinition, mode: str, target_type: str,
                 explicit: bool) -> str:
        expected = EXPECTED_TARGET[mode]
        shown = target_type if explicit else "instance (TargetType is not set)"
        when = ("CreateService fails" if use.role in ("service", "task set")
                else "the first blue/green deployment fails when the new tasks register in it")
        trap = ("; the CDK renders no TargetType for a target group without registered targets, such as a green "
                "one" if not explicit and use.role in ("green", "alternate") else "")
        return (f"target group {tg} has target type {shown}, but it is {use.where_text} for "
                f"{use.entry.label}, whose task definition {td.shown()} uses the {mode} network mode, which needs "
                f"target type {expected}{trap}; {when}: \"The provided target group <arn> has target type "
                f"{target_type}, which is incompatible with the {mode} network mode specified in the task "
                "definition.\"")

    @staticmethod
    def _unknown(use: TargetGroupUse, reason: str, conds: Conds) -> Violation:
        return Violation(INFO, use.entry.owner.at("Properties", "TaskDefinition"),
                         f"cannot verify that the target types of the target groups of {use.entry.label} fit its "
                         f"task definition's network mode: {reason}", conds=conds)
