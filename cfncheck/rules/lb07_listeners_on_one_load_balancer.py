"""LB-07: prod and test listeners on the same load balancer; no target group of the pair on another one.

## What it does
For every deployment group with ECS services, resolves `ProdTrafficRoute.ListenerArns` and
`TestTrafficRoute.ListenerArns` to `AWS::ElasticLoadBalancingV2::Listener` resources (in any stack of the
run) and their `LoadBalancerArn`. Reports when the two listeners sit on different load balancers, and
when a target group of the pair is forwarded to only by listeners or rules of a load balancer other than
the prod listener's (errors). The same listener used for prod and test traffic is a warning. Listeners or
load balancers that cannot be resolved or compared from the templates give an info (cannot verify).

## Why is this bad?
AWS: "Both the production and test listeners must belong to the same load balancer", and the second
target group "can't be associated with a different load balancer than the one the service uses".
CodeDeploy re-points these listeners between the two target groups; across load balancers that is
impossible and the deployment fails. No exact AWS error text has been captured.

## Example
```json
"DG": {"Properties": {"LoadBalancerInfo": {"TargetGroupPairInfoList": [{
  "ProdTrafficRoute": {"ListenerArns": [{"Ref": "AlbAProd"}]},
  "TestTrafficRoute": {"ListenerArns": [{"Ref": "AlbBTest"}]}}]}}}
```

## Use instead
```json
"ProdTrafficRoute": {"ListenerArns": [{"Ref": "AlbAProd"}]},
"TestTrafficRoute": {"ListenerArns": [{"Ref": "AlbATest"}]}
```

## CDK (Python) fix
```python
test_listener = alb.add_listener("Test", port=8080, protocol=elbv2.ApplicationProtocol.HTTP,
    default_target_groups=[green_tg])   # the same ALB as the prod listener
codedeploy.EcsBlueGreenDeploymentConfig(blue_target_group=blue_tg, green_target_group=green_tg,
    listener=prod_listener, test_listener=test_listener)
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import DeploymentGroup, Model, pair_target_groups, route_listeners
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation, group_label
from cfncheck.template.values import Node, Unknown, merge

PAIR_PATH = ("Properties", "LoadBalancerInfo", "TargetGroupPairInfoList", 0)

class ListenersOnOneLoadBalancer(Rule):
    code = "9C27"
    name = "LB-07"
    title = "Prod and test listeners on the same load balancer; no target group of the pair on another one"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Create the test listener on the prod listener's load balancer: alb.add_listener(\"Test\", port=8080, "
           "default_target_groups=[green_tg]), and pass both to EcsBlueGreenDeploymentConfig(listener=..., "
           "test_listener=...); never forward to the green target group from another load balancer.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            prod = self._lbs(model, group, "ProdTrafficRoute")
            test = self._lbs(model, group, "TestTrafficRoute")
            label = group_label(group.node)
            for p_listener, p_lb, p_conds in prod:
                for t_listener, t_lb, t_conds in test:
                    conds = merge(p_conds, t_conds)
                    if conds is None:
                        continue
                    path = PAIR_PATH + ("TestTrafficRoute", "ListenerArns", 0)
                    if p_listener == t_listener and not isinstance(p_listener, Unknown):
                        yield Violation(WARNING, group.node, path,
                                        f"{label} uses the same listener for production and test traffic; a test "
                                        "listener lets you check the green tasks before traffic shifts", conds=conds)
                        continue
                    if isinstance(p_lb, Unknown) or isinstance(t_lb, Unknown):
                        reason = p_lb.reason if isinstance(p_lb, Unknown) else t_lb.reason  # type: ignore[union-attr]
                        yield Violation(INFO, group.node, path,
                                        f"cannot verify that the prod and test listeners of {label} share a load "
                                        f"balancer: {reason}", conds=conds)
                        continue
                    verdict = model.same(p_lb, t_lb, "Name")
                    if verdict is None:
                        yield Violation(INFO, group.node, path,
                                        f"cannot verify that the prod and test listeners of {label} share a load "
                                        f"balancer: {_show(p_lb)} and {_show(t_lb)} cannot be compared before "
                                        "deploy", conds=conds)
                    elif not verdict:
                        yield Violation(ERROR, group.node, path,
                                        f"{label} routes production traffic through listener {_show(p_listener)} on "
                                        f"load balancer {_show(p_lb)} and test traffic through listener "
                                        f"{_show(t_listener)} on load balancer {_show(t_lb)}; both listeners must "
                                        "belong to the same load balancer", _related(p_listener, t_listener), conds)
            yield from self._pair_on_other_lb(model, group, prod, label)

    def _lbs(self, model: Model, group: DeploymentGroup, route: str) -> list[tuple[object, object, frozenset]]:
        out = []
        for br in route_listeners(model, group, route):
            _, listener = br.value
            if isinstance(listener, Unknown):
                out.append((listener, listener, br.conds))
                continue
            arn_lb = _load_balancer_of_listener_arn(listener)
            if arn_lb is not None:  # an imported listener: its ARN names its load balancer
                out.append((listener, arn_lb, br.conds))
                continue
            for lb in model.load_balancer_of(listener, br.conds):
                out.append((listener, lb.value, lb.conds))
        return out

    def _pair_on_other_lb(self, model: Model, group: DeploymentGroup, prod: list, label: str) -> Iterable[Violation]:
        attached = model.target_group_load_balancers()
        for tg in pair_target_groups(model, group):
            index, key = tg.value
            if isinstance(key, Unknown) or key not in attached:
                continue
            lbs = attached[key]
            for _, p_lb, p_conds in prod:
                conds = merge(tg.conds, p_conds)
                if conds is None or isinstance(p_lb, Unknown):
                    continue
                verdicts = [model.same(p_lb, lb, "Name") for lb in lbs]
                if lbs and True not in verdicts and None not in verdicts:
                    others = ", ".join(sorted(_show(lb) for lb in lbs))
                    yield Violation(ERROR, group.node, PAIR_PATH + ("TargetGroups", index),
                                    f"target group {_show(key)} of {label} is attached only to load balancer "
                                    f"{others}, not to {_show(p_lb)} of the production listener; both target groups "
                                    "must belong to the production listener's load balancer",
                                    [(key, ())] if isinstance(key, Node) else [], conds)

def _load_balancer_of_listener_arn(listener: object) -> str | None:
    """The load balancer ARN inside a literal listener ARN (``...:listener/app/NAME/LB-ID/LISTENER-ID``)."""
    if not isinstance(listener, str) or not listener.startswith("arn:"):
        return None
    head, sep, resource = listener.partition(":listener/")
    parts = resource.split("/")
    if not sep or len(parts) != 4 or parts[0] not in ("app", "net", "gwy") or not all(parts):
        return None
    return f"{head}:loadbalancer/{'/'.join(parts[:3])}"


def _related(*listeners: object) -> list:
    return [(x, ()) for x in listeners if isinstance(x, Node)]

def _show(key: object) -> str:
    if isinstance(key, Node):
        return f"{key.logical_id} ({key.stack.name})"
    return str(key)
