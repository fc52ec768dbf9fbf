"""NBG-11: listener rules used for native blue/green must not mix forward and non-forward actions.

## What it does
For every `LoadBalancers[].AdvancedConfiguration` of a native blue/green, linear or canary service,
reads the own actions of its `ProductionListenerRule` and `TestListenerRule` (a listener rule's
`Actions`, or the `DefaultActions` of a listener used directly, in any stack of the run) and warns about a
list that has a `forward` action together with a non-forward one (`authenticate-oidc`,
`authenticate-cognito`, `redirect`, `fixed-response`, ...). Other rules and the default actions of the
listener that holds the production rule are not looked at: a `fixed-response` default action next to a
forwarding production rule is the normal CDK shape. An action type only known at deploy time gives an info.

## Why is this bad?
ECS shifts traffic by rewriting the weighted forward action of the production and test rules. The ECS
"Application Load Balancer resources" page lists, under its limitations, that listeners and rules used
for blue/green deployments must not combine forward actions with other action types such as redirects,
fixed responses or authentication; the deployment then fails.

    AWS error text: unconfirmed

## Example
```yaml
ProdRule:
  Type: AWS::ElasticLoadBalancingV2::ListenerRule
  Properties:
    Actions:
      - Type: authenticate-cognito
        Order: 1
        AuthenticateCognitoConfig: {UserPoolArn: !GetAtt Pool.Arn, UserPoolClientId: !Ref Client,
                                    UserPoolDomain: auth-example}
      - Type: forward
        Order: 2
        ForwardConfig:
          TargetGroups: [{TargetGroupArn: !Ref BlueTG, Weight: 100}, {TargetGroupArn: !Ref GreenTG, Weight: 0}]
```

## Use instead
```yaml
ProdRule:
  Type: AWS::ElasticLoadBalancingV2::ListenerRule
  Properties:
    Actions:
      - Type: forward
        ForwardConfig:
          TargetGroups: [{TargetGroupArn: !Ref BlueTG, Weight: 100}, {TargetGroupArn: !Ref GreenTG, Weight: 0}]
# authenticate in the application or in front of the load balancer, not in the blue/green rule
```

## CDK (Python) fix
```python
prod_rule = elbv2.ApplicationListenerRule(self, "ProdRule", listener=listener, priority=10,
    conditions=[elbv2.ListenerCondition.path_patterns(["/*"])],
    # a plain weighted forward, not ListenerAction.authenticate_oidc(next=...) around it
    action=elbv2.ListenerAction.weighted_forward([elbv2.WeightedTargetGroup(target_group=blue_tg, weight=100),
                                                  elbv2.WeightedTargetGroup(target_group=green_tg, weight=0)]))
```

## CDK (TypeScript) fix
```ts
const prodRule = new elbv2.ApplicationListenerRule(this, 'ProdRule', { listener, priority: 10,
  conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
  // a plain weighted forward, not ListenerAction.authenticateOidc({ next: ... }) around it
  action: elbv2.ListenerAction.weightedForward([{ targetGroup: blueTg, weight: 100 },
                                                { targetGroup: greenTg, weight: 0 }]) });
```

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html ;
https://docs.aws.amazon.com/de_de/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.elb import ActionSet, show
from cfncheck.model.native import RouteUse
from cfncheck.rules.base import INFO, WARNING, Rule, Violation
from cfncheck.template.values import Conds, Unknown, merge

ROLE_NAMES = {"ProductionListenerRule": "production", "TestListenerRule": "test"}


class ForwardOnlyActions(Rule):
    code = "9D11"
    name = "NBG-11"
    title = "Listener rules used for native blue/green must not mix forward and non-forward actions"
    severity = WARNING
    severities = (WARNING, INFO)
    fix = ("Give the production and test rules a single weighted forward action, "
           "action=elbv2.ListenerAction.weighted_forward([...blue_tg 100, green_tg 0...]), and move "
           "authentication, redirects and fixed responses to other rules or to the listener's default action.")
    fix_typescript = ("Give the production and test rules a single weighted forward action, "
                      "action: elbv2.ListenerAction.weightedForward([...blueTg 100, greenTg 0...]), and move "
                      "authentication, redirects and fixed responses to other rules or to the listener's default "
                      "action.")
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        seen: set[tuple] = set()
        for entry in model.native_entries:
            for use in entry.route_uses():
                route = use.route.entity
                if route is None or use.route.kind is None:
                    continue  # not in the run: nothing to read (NBG-08 says so)
                for actions in route.action_sets:
                    conds = merge(entry.conds, actions.conds)
                    if conds is None or (route.node, actions.prop, conds) in seen:
                        continue
                    found = self._mixed(use, actions, conds)
                    if found is not None:
                        seen.add((route.node, actions.prop, conds))
                        yield found

    def _mixed(self, use: RouteUse, actions: ActionSet, conds: Conds) -> Violation | None:
        types = actions.types
        if not any(t == "forward" for _, t in types):
            return None  # no forward at all: NBG-08 reports the missing target groups
        route = use.route.entity
        assert route is not None
        kind = "listener rule" if use.route.kind == "rule" else "listener"
        what = (f"{kind} {show(route.node)}, the {ROLE_NAMES[use.role]} {kind} of {use.entry.label} "
                f"(LoadBalancers[{use.entry.index}]),")
        related = [use.where]
        other = [(i, t) for i, t in types if isinstance(t, str) and t != "forward"]
        if other:
            i, kind = other[0]
            return Violation(WARNING, actions.at(route, i),
                             f"{what} mixes a forward action with an action of type {kind} ({actions.prop}[{i}]); ECS "
                             "native blue/green expects the rules it shifts traffic on to hold forward actions only "
                             "(ALB resources page, limitations; AWS error text: unconfirmed)", related, conds)
        unknown = [(i, t) for i, t in types if isinstance(t, Unknown)]
        if unknown:
            i, why = unknown[0]
            return Violation(INFO, actions.at(route, i),
                             f"cannot verify that {what} holds forward actions only: the Type of {actions.prop}[{i}] "
                             f"is not known: {why.reason}", related, conds)  # type: ignore[union-attr]
        return None
