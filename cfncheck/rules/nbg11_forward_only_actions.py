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

## Source
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html ;
https://docs.aws.amazon.com/de_de/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import Model
from cfncheck.rules._legacy_base import INFO, WARNING, Rule, Violation
from cfncheck.rules._native import show, views
from cfncheck.rules._native_extra import ActionSet, RouteUse, action_sets, route_uses
from cfncheck.template.values import Conds, Node, Unknown, merge

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
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html"

    def check(self, model: Model) -> Iterable[Violation]:
        seen: set[tuple[Node, str, Conds]] = set()
        for view in views(model):
            for use in route_uses(view):
                node = use.route.node
                if node is None or use.route.kind is None:
                    continue  # not in the run: nothing to read (NBG-08 says so)
                prop = use.route.actions_prop
                for actions in action_sets(model, node, prop):
                    conds = merge(view.conds, actions.conds)
                    if conds is None or (node, prop, conds) in seen:
                        continue
                    found = self._mixed(use, node, prop, actions, conds)
                    if found is not None:
                        seen.add((node, prop, conds))
                        yield found

    def _mixed(self, use: RouteUse, node: Node, prop: str, actions: ActionSet, conds: Conds) -> Violation | None:
        types = actions.types
        if not any(t == "forward" for _, t in types):
            return None  # no forward at all: NBG-08 reports the missing target groups
        what = (f"{'listener rule' if use.route.kind == 'rule' else 'listener'} {show(node)}, the "
                f"{ROLE_NAMES[use.role]} {'listener rule' if use.route.kind == 'rule' else 'listener'} of "
                f"{use.view.label} (LoadBalancers[{use.view.index}]),")
        related = [(use.view.service, use.path)]
        other = [(i, t) for i, t in types if isinstance(t, str) and t != "forward"]
        if other:
            i, kind = other[0]
            return Violation(WARNING, node, ("Properties", prop, i, "Type"),
                             f"{what} mixes a forward action with an action of type {kind} ({prop}[{i}]); ECS native "
                             "blue/green expects the rules it shifts traffic on to hold forward actions only "
                             "(ALB resources page, limitations; AWS error text: unconfirmed)", related, conds)
        unknown = [(i, t) for i, t in types if isinstance(t, Unknown)]
        if unknown:
            i, kind = unknown[0]
            return Violation(INFO, node, ("Properties", prop, i, "Type"),
                             f"cannot verify that {what} holds forward actions only: the Type of {prop}[{i}] is "
                             f"not known: {kind.reason}", related, conds)  # type: ignore[union-attr]
        return None
