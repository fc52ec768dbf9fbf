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

## Source
https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TrafficRoute.html ;
https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import DeploymentGroup, Model
from cfncheck.rules._topology import PAIR_PATH, counted
from cfncheck.rules.base import ERROR, INFO, Rule, Violation, group_label
from cfncheck.template.values import MISSING, Unknown

ROUTES = (("ProdTrafficRoute", "production"), ("TestTrafficRoute", "test"))


class ListenerCounts(Rule):
    code = "9C26"
    name = "LB-06"
    title = "A deployment group needs exactly one production listener and at most one test listener"
    severity = ERROR
    severities = (ERROR, INFO)
    fix = ("Pass one listener object each: EcsBlueGreenDeploymentConfig(listener=prod_listener, "
           "test_listener=test_listener); leave test_listener out rather than passing an empty route.")
    source_url = "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TrafficRoute.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for group in model.groups:
            for pair in model.raw(group.node, *PAIR_PATH[1:], conds=group.conds):
                if pair.value is MISSING:
                    continue  # no pair: LB-03 / LB-05
                for route, what in ROUTES:
                    yield from self._route(model, group, route, what, pair.conds)

    def _route(self, model: Model, group: DeploymentGroup, route: str, what: str, conds) -> Iterable[Violation]:  # noqa: ANN001
        label = group_label(group.node)
        for br in model.raw(group.node, *PAIR_PATH[1:], route, conds=conds):
            if br.value is MISSING:
                if route == "ProdTrafficRoute":
                    yield Violation(ERROR, group.node, PAIR_PATH,
                                    f"{label} has no ProdTrafficRoute; an ECS deployment group needs the production "
                                    "listener whose traffic CodeDeploy shifts", conds=br.conds)
                continue
            path = PAIR_PATH + (route, "ListenerArns")
            lists = counted(model, group.node, path[1:], br.conds)
            if not lists:
                yield Violation(ERROR, group.node, PAIR_PATH + (route,),
                                f"the {route} of {label} has no ListenerArns; it needs exactly one {what} listener",
                                conds=br.conds)
            for scenario, members in lists:
                if isinstance(members, Unknown):
                    yield Violation(INFO, group.node, path,
                                    f"cannot verify that the {route} of {label} has exactly one listener: "
                                    f"{members.reason}", conds=scenario)
                elif len(members) != 1:
                    at = path + ((members[1].value[0],) if len(members) > 1 else ())
                    yield Violation(ERROR, group.node, at,
                                    f"the {route} of {label} lists {len(members)} listeners; CodeDeploy takes "
                                    f"exactly one {what} listener (ListenerArns has a maximum size of one)",
                                    conds=scenario)
