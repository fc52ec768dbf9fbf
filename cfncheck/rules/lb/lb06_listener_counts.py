"""LB-06: one production listener, and at most one test listener.

## What it does
For the target-group pair of every deployment group that deploys ECS services, reports a missing
`ProdTrafficRoute` (or one without `ListenerArns`), a `ProdTrafficRoute.ListenerArns` that does not hold
exactly one listener, and a `TestTrafficRoute` that is present but does not hold exactly one listener
(errors). `TestTrafficRoute` itself is optional. A list computed by an intrinsic function cannot be counted (info).

## Why is this bad?
CodeDeploy's `TrafficRoute.listenerArns` is "an array of strings with a maximum size of one", and an ECS
deployment needs the production listener it shifts traffic on ("One production listener is required. You
can specify an optional second test listener"). CreateDeploymentGroup rejects other counts and CloudFormation
rolls back. AWS error text: unconfirmed.

## Example
```yaml
ProdTrafficRoute:
  ListenerArns: [!Ref HttpListener, !Ref HttpsListener]
TestTrafficRoute:
  ListenerArns: []
```

## Use instead
```yaml
ProdTrafficRoute:
  ListenerArns: [!Ref HttpsListener]
TestTrafficRoute:
  ListenerArns: [!Ref TestListener]
```

## CDK (Python) fix
```python
codedeploy.EcsBlueGreenDeploymentConfig(blue_target_group=blue_tg, green_target_group=green_tg,
    listener=prod_listener, test_listener=test_listener)   # one listener object each
```

## CDK (TypeScript) fix
```ts
const blueGreen: codedeploy.EcsBlueGreenDeploymentConfig = { blueTargetGroup: blueTg, greenTargetGroup: greenTg,
  listener: prodListener, testListener };   // one listener object each
```

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TrafficRoute.html ;
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.codedeploy import DeploymentGroup
from cfncheck.rules.base import ERROR, INFO, Rule, Violation
from cfncheck.template.values import MISSING, Conds, Unknown

ROUTES = (("ProdTrafficRoute", "production"), ("TestTrafficRoute", "test"))


class ListenerCounts(Rule):
    code = "9C26"
    name = "LB-06"
    title = "A deployment group needs exactly one production listener and at most one test listener"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Pass one listener object each: EcsBlueGreenDeploymentConfig(listener=prod_listener, "
           "test_listener=test_listener); leave test_listener out rather than passing an empty route.")
    fix_typescript = ("Pass one listener object each: EcsBlueGreenDeploymentConfig { listener: prodListener, "
                      "testListener: testListener }; leave testListener out rather than passing an empty route.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TrafficRoute.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            for pair in group.pair_written():
                if pair.value is MISSING:
                    continue  # no pair: LB-03 / LB-05
                for route, what in ROUTES:
                    yield from self._route(group, route, what, pair.conds)

    def _route(self, group: DeploymentGroup, route: str, what: str, conds: Conds) -> Iterable[Violation]:
        label = group.label
        for br in group.route_written(route, conds):
            if br.value is MISSING:
                if route == "ProdTrafficRoute":
                    yield Violation(ERROR, group.pair_where(),
                                    f"{label} has no ProdTrafficRoute; an ECS deployment group needs the production "
                                    "listener whose traffic CodeDeploy shifts", conds=br.conds)
                continue
            lists = group.route_lists(route, br.conds)
            if not lists:
                yield Violation(ERROR, br.where,
                                f"the {route} of {label} has no ListenerArns; it needs exactly one {what} listener",
                                conds=br.conds)
            for listeners in lists:
                members = listeners.members
                if isinstance(members, Unknown):
                    yield Violation(INFO, listeners.where,
                                    f"cannot verify that the {route} of {label} has exactly one listener: "
                                    f"{members.reason}", conds=listeners.conds)
                elif len(members) != 1:
                    where = listeners.at(members[1].value[0]) if len(members) > 1 else listeners.where
                    yield Violation(ERROR, where,
                                    f"the {route} of {label} lists {len(members)} listeners; CodeDeploy takes "
                                    f"exactly one {what} listener (ListenerArns has a maximum size of one)",
                                    conds=listeners.conds)
