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

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html ;
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/nlb-resources-for-blue-green.html ;
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-load-balancer-for-ecs.html
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cfncheck.model import Model, pair_target_groups
from cfncheck.rules._task_mapping import target_group_node, target_types, tg_key, uses
from cfncheck.rules.base import INFO, WARNING, Rule, Violation, group_label
from cfncheck.template.values import MISSING, Conds, Lit, Node, ResRef, Unknown, merge

ALB_PROTOCOLS = ("HTTP", "HTTPS")
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
    original: Node
    other: Node  # the one reported: green / alternate
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
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for pair in self._pairs(model):
            for keys in PROPS:
                if keys == ("Port",) and self._both_ip(model, pair):
                    continue
                yield from self._compare(model, pair, keys)

    # ------------------------------------------------------------------ the pairs
    def _pairs(self, model: Model) -> Iterable[Pair]:
        for group in model.groups:
            own = self._service_target_groups(model, group)
            members = pair_target_groups(model, group)
            for first in members:
                for second in members:
                    if first.value[0] != 0 or second.value[0] != 1:
                        continue
                    conds = merge(first.conds, second.conds)
                    a, b = target_group_node(first.value[1]), target_group_node(second.value[1])
                    if conds is None or a is None or b is None or a == b:
                        continue
                    original, other = (b, a) if b in own else (a, b)
                    yield Pair(original, other, f"the target-group pair of {group_label(group.node)}", conds)
        for use in uses(model):
            if use.role != "alternate":
                continue
            a, b = target_group_node(use.partner), target_group_node(use.tg)
            if a is not None and b is not None and a != b:
                yield Pair(a, b, f"the blue/green pair of LoadBalancers[{use.entry.index}] of {use.entry.label}",
                           use.conds)

    @staticmethod
    def _service_target_groups(model: Model, group: Any) -> set[Node]:
        out: set[Node] = set()
        for target in group.targets:
            if target.service is None:
                continue
            for br in model.values(target.service, "LoadBalancers", 0, "TargetGroupArn", conds=target.conds):
                node = target_group_node(tg_key(model, br.value)) if br.value is not MISSING else None
                if node is not None:
                    out.add(node)
        return out

    @staticmethod
    def _both_ip(model: Model, pair: Pair) -> bool:
        types = {br.value[0] for tg in (pair.original, pair.other) for br in target_types(model, tg, pair.conds)}
        return types == {"ip"}

    # ------------------------------------------------------------------ one property
    def _compare(self, model: Model, pair: Pair, keys: tuple[str, ...]) -> Iterable[Violation]:
        a, b = pair.original, pair.other
        for pa in model.values(a, "Protocol", conds=pair.conds):
            for pb in model.values(b, "Protocol", conds=pa.conds):
                for va in model.values(a, *keys, conds=pb.conds):
                    for vb in model.values(b, *keys, conds=va.conds):
                        left, right = _normal(keys, va.value, pa.value), _normal(keys, vb.value, pb.value)
                        if left == right:
                            continue
                        verdict = _comparable(left, right)
                        yield self._violation(model, pair, keys, left, right, verdict, vb.conds)

    @staticmethod
    def _violation(model: Model, pair: Pair, keys: tuple[str, ...], left: Any, right: Any, known: bool,
                   conds: Conds) -> Violation:
        a, b = pair.original, pair.other
        name = ".".join(keys)
        related = [(a, _path(model, a, keys))]
        if not known:
            unknown = left if isinstance(left, Unknown) else right if isinstance(right, Unknown) else None
            reason = unknown.reason if unknown else "the values cannot be compared before deploy"
            return Violation(INFO, b, _path(model, b, keys),
                             f"cannot verify that target groups {a.logical_id} and {b.logical_id} of {pair.context} "
                             f"have the same {name}: {reason}", related, conds)
        why = WHY.get(keys[0], HEALTH)
        return Violation(WARNING, b, _path(model, b, keys),
                         f"target groups {a.logical_id} and {b.logical_id} of {pair.context} differ in {name} "
                         f"({_show(left)} and {_show(right)}); {why}. AWS recommends configuring both target "
                         "groups of a blue/green pair alike", related, conds)


def _path(model: Model, tg: Node, keys: tuple[str, ...]) -> tuple[str, ...]:
    for n in range(len(keys), 0, -1):
        if any(br.value is not MISSING for br in model.raw(tg, *keys[:n])):
            return ("Properties",) + keys[:n]
    return ("Properties",)


def _normal(keys: tuple[str, ...], value: Any, protocol: Any) -> Any:
    """A comparable form of a resolved value, with the ELB default when it is not set."""
    proto = protocol.value.upper() if isinstance(protocol, Lit) and isinstance(protocol.value, str) else None
    if value is MISSING:
        return _default(keys, proto)
    if isinstance(value, Lit):
        text = str(value.value)
        if keys[0] in ("Protocol", "HealthCheckProtocol", "ProtocolVersion"):
            return Lit(text.upper())
        return Lit(text)
    return value


def _default(keys: tuple[str, ...], proto: str | None) -> Any:
    alb = proto in ALB_PROTOCOLS
    defaults = {
        ("HealthCheckPort",): "traffic-port",
        ("HealthCheckPath",): "/",
        ("Matcher", "GrpcCode"): "12",
        ("HealthCheckProtocol",): "HTTP" if alb else "TCP" if proto else None,
        ("ProtocolVersion",): "HTTP1" if alb else None,
        ("Matcher", "HttpCode"): "200" if alb else "200-399" if proto else None,
    }
    if keys not in defaults:
        return MISSING
    value = defaults[keys]
    return Lit(value) if value is not None else Unknown("its default depends on Protocol, which is not known")


def _comparable(left: Any, right: Any) -> bool:
    """Whether two different normalised values really differ (False: one is known only at deploy time)."""
    known = (Lit, ResRef)
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return False
    if isinstance(left, ResRef) and isinstance(right, ResRef):
        return True
    if isinstance(left, ResRef) or isinstance(right, ResRef):
        return left is MISSING or right is MISSING  # a resource attribute and a literal may be equal
    return isinstance(left, known) or isinstance(right, known)


def _show(value: Any) -> str:
    if value is MISSING:
        return "not set"
    if isinstance(value, Lit):
        return repr(value.value)
    if isinstance(value, ResRef):
        return f"{value.node.logical_id}{'.' + value.attr if value.attr else ''}"
    return "(unknown)"
