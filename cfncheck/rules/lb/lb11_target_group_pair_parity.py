"""LB-11: the two target groups of a blue/green pair should be configured alike.

## What it does
Compares the two target groups of every blue/green pair: the `TargetGroupPairInfoList[0].TargetGroups` of a
CodeDeploy deployment group for ECS, and the `TargetGroupArn` / `AdvancedConfiguration.AlternateTargetGroupArn`
of an ECS-native blue/green `LoadBalancers` entry. Warns when they differ in `Protocol`, `Port`, `VpcId`,
`ProtocolVersion` or the health check (`HealthCheckProtocol`, `HealthCheckPort`, `HealthCheckPath`,
`Matcher`). Unset properties are compared with their ELB defaults (health-check port `traffic-port`, path
`/`, matcher `200` on an ALB and `200-399` on an NLB, ...). `Port` is not compared when both target groups
have target type `ip`: ECS registers every task with its container port, so the target group's port is
never used. A value known only at deploy time gives an info.

## Why is this bad?
On every deployment the replacement tasks register in the *other* target group. AWS: "Both target groups
should be configured with the following settings: Target type, Protocol, Port, VPC (the same VPC as your
Amazon ECS tasks), Health check settings". A different health-check path or port makes the green tasks
unhealthy, a different protocol or VPC makes them unreachable, and the deployment stalls or rolls back.
There is no error when the stack is deployed; no AWS error text has been captured.

## Example
```yaml
BlueTG:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties: {Port: 8080, Protocol: HTTP, TargetType: ip, VpcId: vpc-0a1b2c3d, HealthCheckPath: /health}
GreenTG:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties: {Port: 8080, Protocol: HTTP, TargetType: ip, VpcId: vpc-0a1b2c3d}   # health check on /
```

## Use instead
```yaml
GreenTG:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties: {Port: 8080, Protocol: HTTP, TargetType: ip, VpcId: vpc-0a1b2c3d, HealthCheckPath: /health}
```

## CDK (Python) fix
```python
def target_group(id: str) -> elbv2.ApplicationTargetGroup:
    return elbv2.ApplicationTargetGroup(self, id, vpc=vpc, port=8080, protocol=elbv2.ApplicationProtocol.HTTP,
        target_type=elbv2.TargetType.IP,
        health_check=elbv2.HealthCheck(path="/health", healthy_http_codes="200"))

blue_tg, green_tg = target_group("Blue"), target_group("Green")
```

## CDK (TypeScript) fix
```ts
const targetGroup = (id: string): elbv2.ApplicationTargetGroup =>
  new elbv2.ApplicationTargetGroup(this, id, { vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    healthCheck: { path: '/health', healthyHttpCodes: '200' } });

const [blueTg, greenTg] = [targetGroup('Blue'), targetGroup('Green')];
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/nlb-resources-for-blue-green.html ;
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-load-balancer-for-ecs.html
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cfncheck.model import Model
from cfncheck.model.codedeploy import DeploymentGroup
from cfncheck.model.elb import TargetGroup
from cfncheck.rules.base import INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Lit, ResRef, Unknown, merge

HEALTH = "the replacement tasks are health-checked differently from the original ones, so a deployment can stall " \
         "or roll back"
WHY = {
    "Protocol": "the load balancer talks to the replacement tasks in another protocol",
    "Port": "the replacement tasks are registered on another port",
    "VpcId": "the tasks run in one VPC, so they cannot register in a target group of another VPC",
    "ProtocolVersion": "the load balancer talks to the replacement tasks in another protocol version",
}
PROPS: tuple[tuple[str, ...], ...] = (
    ("Protocol",), ("Port",), ("VpcId",), ("ProtocolVersion",), ("HealthCheckProtocol",), ("HealthCheckPort",),
    ("HealthCheckPath",), ("Matcher", "HttpCode"), ("Matcher", "GrpcCode"),
)


@dataclass
class Pair:
    original: TargetGroup
    other: TargetGroup  # the one reported: green / alternate
    context: str
    conds: Conds


class TargetGroupPairParity(Rule):
    code = "9C31"
    name = "LB-11"
    title = "The two target groups of a blue/green pair should have the same protocol, port, VPC and health check"
    severity = WARNING
    severities = (WARNING, INFO)
    fix = ("Build both target groups with one helper so they cannot drift apart: "
           "elbv2.ApplicationTargetGroup(self, id, vpc=vpc, port=8080, protocol=elbv2.ApplicationProtocol.HTTP, "
           "target_type=elbv2.TargetType.IP, health_check=elbv2.HealthCheck(path=\"/health\", "
           "healthy_http_codes=\"200\")) for both the blue and the green target group.")
    fix_typescript = ("Build both target groups with one helper so they cannot drift apart: new "
                      "elbv2.ApplicationTargetGroup(this, id, { vpc, port: 8080, protocol: "
                      "elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP, healthCheck: { path: "
                      "'/health', healthyHttpCodes: '200' } }) for both the blue and the green target group.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for pair in self._pairs(model):
            for keys in PROPS:
                if keys == ("Port",) and self._both_ip(pair):
                    continue
                yield from self._compare(pair, keys)

    # ------------------------------------------------------------------ the pairs
    def _pairs(self, model: Model) -> Iterable[Pair]:
        for group in model.groups:
            own = self._service_target_groups(model, group)
            members = group.pair()
            for first in members:
                for second in members:
                    if first.value[0] != 0 or second.value[0] != 1:
                        continue
                    conds = merge(first.conds, second.conds)
                    a, b = _entity(model, first.value[1]), _entity(model, second.value[1])
                    if conds is None or a is None or b is None or a is b:
                        continue
                    original, other = (b, a) if b.node in own else (a, b)
                    yield Pair(original, other, f"the target-group pair of {group.label}", conds)
        for use in model.target_group_uses:
            if use.role != "alternate":
                continue
            a, b = _entity(model, use.partner), use.target_group
            if a is not None and b is not None and a is not b:
                yield Pair(a, b, f"the blue/green pair of LoadBalancers[{use.entry.index}] of {use.entry.label}",
                           use.conds)

    @staticmethod
    def _service_target_groups(model: Model, group: DeploymentGroup) -> set[Any]:
        out: set[Any] = set()
        for target in group.targets:
            if target.service is None:
                continue
            for tg in target.service.target_groups(target.conds):
                entity = _entity(model, tg.value)
                if entity is not None:
                    out.add(entity.node)
        return out

    @staticmethod
    def _both_ip(pair: Pair) -> bool:
        types = {br.value[0] for tg in (pair.original, pair.other) for br in tg.target_types(pair.conds)}
        return types == {"ip"}

    # ------------------------------------------------------------------ one property
    def _compare(self, pair: Pair, keys: tuple[str, ...]) -> Iterable[Violation]:
        a, b = pair.original, pair.other
        for va in a.setting(keys, pair.conds):
            for vb in b.setting(keys, va.conds):
                left, right = va.value, vb.value
                if left == right:
                    continue
                yield self._violation(pair, keys, left, right, _comparable(left, right), vb.conds)

    @staticmethod
    def _violation(pair: Pair, keys: tuple[str, ...], left: Any, right: Any, known: bool,
                   conds: Conds) -> Violation:
        a, b = pair.original, pair.other
        name = ".".join(keys)
        related = [a.written(keys)]
        if not known:
            unknown = left if isinstance(left, Unknown) else right if isinstance(right, Unknown) else None
            reason = unknown.reason if unknown else "the values cannot be compared before deploy"
            return Violation(INFO, b.written(keys),
                             f"cannot verify that target groups {a.logical_id} and {b.logical_id} of {pair.context} "
                             f"have the same {name}: {reason}", related, conds)
        why = WHY.get(keys[0], HEALTH)
        return Violation(WARNING, b.written(keys),
                         f"target groups {a.logical_id} and {b.logical_id} of {pair.context} differ in {name} "
                         f"({_show(left)} and {_show(right)}); {why}. AWS recommends configuring both target "
                         "groups of a blue/green pair alike", related, conds)


def _entity(model: Model, key: object) -> TargetGroup | None:
    entity = model.entity(key)  # type: ignore[arg-type]
    return entity if isinstance(entity, TargetGroup) else None


def _comparable(left: Any, right: Any) -> bool:
    """Whether two different normalised values really differ (False: one is known only at deploy time)."""
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return False
    if isinstance(left, ResRef) and isinstance(right, ResRef):
        return True
    if isinstance(left, ResRef) or isinstance(right, ResRef):
        return left is MISSING or right is MISSING  # a resource attribute and a literal may be equal
    return isinstance(left, (Lit, ResRef)) or isinstance(right, (Lit, ResRef))


def _show(value: Any) -> str:
    if value is MISSING:
        return "not set"
    if isinstance(value, Lit):
        return repr(value.value)
    if isinstance(value, ResRef):
        return f"{value.node.logical_id}{'.' + value.attr if value.attr else ''}"
    return "(unknown)"
