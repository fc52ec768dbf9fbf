"""NBG-18: with a Network Load Balancer, each test route needs its own listener, and linear/canary is doubtful.

## What it does
For every `LoadBalancers[].AdvancedConfiguration` of a native blue/green, linear or canary service whose
production or test route is a listener of a Network Load Balancer (in any stack of the run, or a literal
`.../listener/net/...` ARN), reports:
- a `TestListenerRule` listener that another native entry (of this or another service) also uses as its
  production or test listener (warning). The same listener as production and test route of one entry is
  NBG-07's error;
- `Strategy: LINEAR` or `CANARY` with an NLB production listener (warning).

## Why is this bad?
An NLB has no content-based routing: a listener is one port with one forward action, so test traffic can
only be told apart from production traffic, and one service's test traffic from another's, by a listener
(port) of its own. ECS rewrites the weights of the test listener's forward action during
`TEST_TRAFFIC_SHIFT`; a listener shared with another entry moves that entry's traffic too, and the
target groups of both entries fight over one forward action.

The AWS CDK README (aws-cdk-lib 2.275.0) says linear and canary deployments "require an Application Load
Balancer", while the ECS guide titles its NLB page "Network Load Balancer resources for Amazon ECS
blue/green, linear and canary deployments". On an NLB, ECS also adds a 10-minute delay to the
`TEST_TRAFFIC_SHIFT` and `PRODUCTION_TRAFFIC_SHIFT` stages. Check that ECS accepts linear/canary with an
NLB in your Region before relying on it.

    AWS error text: unconfirmed

## Example
```yaml
# two services on one NLB, both with TestListenerRule: !Ref TestListener (port 8080)
AdvancedConfiguration:
  AlternateTargetGroupArn: !Ref OrdersGreenTG
  ProductionListenerRule: !Ref OrdersListener
  TestListenerRule: !Ref TestListener
```

## Use instead
```yaml
OrdersTestListener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties: {LoadBalancerArn: !Ref Nlb, Port: 8080, Protocol: TCP,
               DefaultActions: [{Type: forward, TargetGroupArn: !Ref OrdersGreenTG}]}
# ... TestListenerRule: !Ref OrdersTestListener; the other service gets its own port (8081)
```

## CDK (Python) fix
```python
orders_test = nlb.add_listener("OrdersTest", port=8080,
    default_action=elbv2.NetworkListenerAction.forward([orders_green_tg]))
ecs.AlternateTarget("Alt", alternate_target_group=orders_green_tg,
    production_listener=ecs.ListenerRuleConfiguration.network_listener(orders_listener),
    test_listener=ecs.ListenerRuleConfiguration.network_listener(orders_test))   # one test port per service
# for LINEAR/CANARY prefer an Application Load Balancer, or deployment_strategy=ecs.DeploymentStrategy.BLUE_GREEN
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/nlb-resources-for-blue-green.html ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ecs/README.md
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import Model
from cfncheck.rules._legacy_base import WARNING, Rule, Violation
from cfncheck.rules._native import View, show, views
from cfncheck.rules._native_extra import nlb_listener, nlb_listener_uses, route_uses
from cfncheck.template.values import merge

ROLE_NAMES = {"ProductionListenerRule": "production", "TestListenerRule": "test"}


class NlbRoutes(Rule):
    code = "9D18"
    name = "NBG-18"
    title = "With a Network Load Balancer, each test route needs its own listener, and linear/canary is doubtful"
    severity = WARNING
    severities = (WARNING,)
    fix = ("Give every service on a Network Load Balancer its own test listener (its own port): "
           "test_listener=ecs.ListenerRuleConfiguration.network_listener(nlb.add_listener('Test', port=8080, ...)); "
           "for deployment_strategy LINEAR or CANARY prefer an Application Load Balancer.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/nlb-resources-for-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        strategy_seen: set[tuple[object, object]] = set()
        for view in views(model):
            yield from self._shared_test_listener(model, view)
            if (view.service, view.conds) not in strategy_seen:
                found = list(self._linear_or_canary(view))
                if found:
                    strategy_seen.add((view.service, view.conds))
                yield from found

    def _shared_test_listener(self, model: Model, view: View) -> Iterable[Violation]:
        test = view.test
        if test is None or test.key is None or not nlb_listener(test):
            return
        what = f"{view.label} (LoadBalancers[{view.index}])"
        for other in nlb_listener_uses(model).get(test.key, []):
            if (other.view.service, other.view.index) == (view.service, view.index):
                continue
            conds = merge(view.conds, other.view.conds)
            if conds is None:
                continue
            yield Violation(WARNING, view.service, view.path("TestListenerRule"),
                            f"{what}: its test listener {test.shown} on a Network Load Balancer is also the "
                            f"{ROLE_NAMES[other.role]} listener of {other.view.label} "
                            f"(LoadBalancers[{other.view.index}]); an NLB cannot route by content, so each test "
                            "route needs a listener (port) of its own, or ECS shifts the other entry's traffic too "
                            "(AWS error text: unconfirmed)", [(other.view.service, other.path)], conds)
            return

    def _linear_or_canary(self, view: View) -> Iterable[Violation]:
        if view.strategy not in ("LINEAR", "CANARY"):
            return
        prod = next((u.route for u in route_uses(view) if u.role == "ProductionListenerRule"), None)
        if prod is None or not nlb_listener(prod):
            return
        related = [(view.service, view.path("ProductionListenerRule"))]
        if prod.node is not None:
            related.append((prod.node, ("Properties", "LoadBalancerArn")))
        yield Violation(WARNING, view.service, ("Properties", "DeploymentConfiguration", "Strategy"),
                        f"{view.label}: Strategy {view.strategy} with production listener {show(prod.key)} on a "
                        "Network Load Balancer; the AWS CDK documents linear and canary deployments as requiring "
                        "an Application Load Balancer while the ECS guide lists NLB support, and ECS adds a "
                        "10-minute delay to the test and production traffic shifts on an NLB: check that ECS "
                        "accepts it in your Region or use an Application Load Balancer (AWS error text: "
                        "unconfirmed)", related, view.conds)
