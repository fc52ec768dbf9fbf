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

## CDK (TypeScript) fix
```ts
const testListener = alb.addListener('Test', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP,
  defaultTargetGroups: [greenTg] });   // the same ALB as the prod listener
const blueGreen: codedeploy.EcsBlueGreenDeploymentConfig = { blueTargetGroup: blueTg, greenTargetGroup: greenTg,
  listener: prodListener, testListener };
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cfncheck.model import Model
from cfncheck.model.codedeploy import DeploymentGroup
from cfncheck.model.elb import show
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import Node, Unknown, merge


class ListenersOnOneLoadBalancer(Rule):
    code = "9C27"
    name = "LB-07"
    title = "Prod and test listeners on the same load balancer; no target group of the pair on another one"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Create the test listener on the prod listener's load balancer: alb.add_listener(\"Test\", port=8080, "
           "default_target_groups=[green_tg]), and pass both to EcsBlueGreenDeploymentConfig(listener=..., "
           "test_listener=...); never forward to the green target group from another load balancer.")
    fix_typescript = ("Create the test listener on the prod listener's load balancer: alb.addListener('Test', { port: "
                      "8080, defaultTargetGroups: [greenTg] }), and pass both to the EcsBlueGreenDeploymentConfig { "
                      "listener: ..., testListener: ... }; never forward to the green target group from another load "
                      "balancer.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            prod = self._lbs(model, group, "ProdTrafficRoute")
            test = self._lbs(model, group, "TestTrafficRoute")
            label = group.label
            where = group.pair_where("TestTrafficRoute", "ListenerArns", 0)
            for p_listener, p_lb, p_conds in prod:
                for t_listener, t_lb, t_conds in test:
                    conds = merge(p_conds, t_conds)
                    if conds is None:
                        continue
                    if p_listener == t_listener and not isinstance(p_listener, Unknown):
                        yield Violation(WARNING, where,
                                        f"{label} uses the same listener for production and test traffic; a test "
                                        "listener lets you check the green tasks before traffic shifts", conds=conds)
                        continue
                    if isinstance(p_lb, Unknown) or isinstance(t_lb, Unknown):
                        reason = p_lb.reason if isinstance(p_lb, Unknown) else t_lb.reason
                        yield Violation(INFO, where,
                                        f"cannot verify that the prod and test listeners of {label} share a load "
                                        f"balancer: {reason}", conds=conds)
                        continue
                    verdict = model.same(p_lb, t_lb, "Name")
                    if verdict is None:
                        yield Violation(INFO, where,
                                        f"cannot verify that the prod and test listeners of {label} share a load "
                                        f"balancer: {show(p_lb)} and {show(t_lb)} cannot be compared before "
                                        "deploy", conds=conds)
                    elif not verdict:
                        yield Violation(ERROR, where,
                                        f"{label} routes production traffic through listener {show(p_listener)} on "
                                        f"load balancer {show(p_lb)} and test traffic through listener "
                                        f"{show(t_listener)} on load balancer {show(t_lb)}; both listeners must "
                                        "belong to the same load balancer",
                                        [x.at() for x in (p_listener, t_listener) if isinstance(x, Node)], conds)
            yield from self._pair_on_other_lb(model, group, prod)

    @staticmethod
    def _lbs(model: Model, group: DeploymentGroup, route: str) -> list[tuple[Any, Any, frozenset]]:
        """(listener, its load balancer, choices) of a route: keys, or Unknown."""
        out = []
        for br in group.routes(route):
            listener = br.value[1]
            for lb in model.listener_load_balancers(listener, br.conds):
                out.append((listener, lb.value, lb.conds))
        return out

    @staticmethod
    def _pair_on_other_lb(model: Model, group: DeploymentGroup, prod: list) -> Iterable[Violation]:
        attached = model.target_group_load_balancers
        for tg in group.pair():
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
                    others = ", ".join(sorted(show(lb) for lb in lbs))
                    yield Violation(ERROR, group.pair_where("TargetGroups", index),
                                    f"target group {show(key)} of {group.label} is attached only to load balancer "
                                    f"{others}, not to {show(p_lb)} of the production listener; both target groups "
                                    "must belong to the production listener's load balancer",
                                    [key.at()] if isinstance(key, Node) else [], conds)
