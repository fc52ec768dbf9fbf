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

## CDK (TypeScript) fix
```ts
const ordersTest = nlb.addListener('OrdersTest', { port: 8080,
  defaultAction: elbv2.NetworkListenerAction.forward([ordersGreenTg]) });
new ecs.AlternateTarget('Alt', { alternateTargetGroup: ordersGreenTg,
  productionListener: ecs.ListenerRuleConfiguration.networkListener(ordersListener),
  testListener: ecs.ListenerRuleConfiguration.networkListener(ordersTest) });   // one test port per service
// for LINEAR/CANARY prefer an Application Load Balancer, or deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/nlb-resources-for-blue-green.html ;
https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ecs/README.md
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.elb import show
from cfncheck.model.native import NativeEntry
from cfncheck.rules.base import WARNING, Rule, Violation
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
    fix_typescript = ("Give every service on a Network Load Balancer its own test listener (its own port): "
                      "testListener: ecs.ListenerRuleConfiguration.networkListener(nlb.addListener('Test', "
                      "{ port: 8080, ... })); for deploymentStrategy LINEAR or CANARY prefer an Application Load "
                      "Balancer.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/nlb-resources-for-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        strategy_seen: set[tuple[object, object]] = set()
        for entry in model.native_entries:
            yield from self._shared_test_listener(model, entry)
            if (entry.service.node, entry.conds) not in strategy_seen:
                found = list(self._linear_or_canary(entry))
                if found:
                    strategy_seen.add((entry.service.node, entry.conds))
                yield from found

    @staticmethod
    def _shared_test_listener(model: Model, entry: NativeEntry) -> Iterable[Violation]:
        test = entry.test
        if test is None or test.key is None or not test.nlb_listener:
            return
        for other in model.nlb_listener_uses.get(test.key, []):
            if (other.entry.service.node, other.entry.index) == (entry.service.node, entry.index):
                continue
            conds = merge(entry.conds, other.entry.conds)
            if conds is None:
                continue
            yield Violation(WARNING, entry.at("TestListenerRule"),
                            f"{entry.label} (LoadBalancers[{entry.index}]): its test listener {test.shown} on a "
                            f"Network Load Balancer is also the {ROLE_NAMES[other.role]} listener of "
                            f"{other.entry.label} (LoadBalancers[{other.entry.index}]); an NLB cannot route by "
                            "content, so each test route needs a listener (port) of its own, or ECS shifts the other "
                            "entry's traffic too (AWS error text: unconfirmed)", [other.where], conds)
            return

    @staticmethod
    def _linear_or_canary(entry: NativeEntry) -> Iterable[Violation]:
        if entry.strategy not in ("LINEAR", "CANARY"):
            return
        prod = next((u.route for u in entry.route_uses() if u.role == "ProductionListenerRule"), None)
        if prod is None or not prod.nlb_listener:
            return
        related = [entry.at("ProductionListenerRule")]
        if prod.node is not None:
            related.append(prod.node.at("Properties", "LoadBalancerArn"))
        yield Violation(WARNING, entry.service.at("Properties", "DeploymentConfiguration", "Strategy"),
                        f"{entry.label}: Strategy {entry.strategy} with production listener {show(prod.key)} on a "
                        "Network Load Balancer; the AWS CDK documents linear and canary deployments as requiring "
                        "an Application Load Balancer while the ECS guide lists NLB support, and ECS adds a "
                        "10-minute delay to the test and production traffic shifts on an NLB: check that ECS "
                        "accepts it in your Region or use an Application Load Balancer (AWS error text: "
                        "unconfirmed)", related, entry.conds)
