"""UPD-05: an update of a listener or listener rule that a blue/green deployment rewrites.

## What it does
With `--previous`, warns when the update modifies a listener of a deployed CodeDeploy deployment group's
`ProdTrafficRoute`/`TestTrafficRoute`, or a `ProductionListenerRule`/`TestListenerRule` of a deployed
ECS-native blue/green service (NBG-19). A group or native strategy that this update creates has shifted no
traffic yet and is left alone.

## Why is this bad?
After a deployment CodeDeploy leaves the production listener forwarding to the other target group (weights
such as TG2: 100, TG1: 0), and ECS-native blue/green rewrites the rule into a weighted `ForwardConfig`. A
CloudFormation update of that listener or rule writes the template's action back, e.g. forward to the target
group that has no tasks any more: an outage, not a failed update (aws/aws-cdk#36649).

## Example
```yaml
# deployed: ProdListener: {Port: 80, DefaultActions: [{Type: forward, TargetGroupArn: !Ref Blue}]}
# next:     ProdListener: {Port: 81, DefaultActions: [{Type: forward, TargetGroupArn: !Ref Blue}]}
```

## Use instead
Leave the managed listeners and rules alone; before a necessary change, read the live weights and write them
into the template (`elbv2.ListenerAction.weighted_forward([...])`).

## CDK (Python) fix
```python
listener = lb.add_listener("Prod", port=80, default_action=elbv2.ListenerAction.weighted_forward([
    elbv2.WeightedTargetGroup(target_group=green_tg, weight=100),   # what is live now
    elbv2.WeightedTargetGroup(target_group=blue_tg, weight=0)]))
```

## CDK (TypeScript) fix
```ts
const listener = lb.addListener('Prod', {
  port: 80,
  defaultAction: elbv2.ListenerAction.weightedForward([
    { targetGroup: greenTg, weight: 100 },   // what is live now
    { targetGroup: blueTg, weight: 0 },
  ]),
});
```

## Source
https://github.com/aws/aws-cdk/issues/36649 ;
https://github.com/go-to-k/cdk-real-drift/issues/1730
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.rules.base import WARNING, Rule, Violation


class ManagedRouteChange(Rule):
    code = "9D65"
    name = "UPD-05"
    title = "An update of a listener or rule that a blue/green deployment rewrites reverts the live traffic"
    severity = WARNING
    severities = (WARNING,)
    aliases = ("NBG-19",)
    fix = ("Keep the managed listener or rule as deployed; if it must change, first read the live forward weights "
           "and write them with elbv2.ListenerAction.weighted_forward([...]).")
    fix_typescript = ("Keep the managed listener or rule as deployed; if it must change, first read the live forward "
                      "weights and write them with elbv2.ListenerAction.weightedForward([...]).")
    source_url = "https://github.com/aws/aws-cdk/issues/36649"

    def check(self, model: Model) -> Iterable[Violation]:
        if model.update is None:
            return
        for rc in model.update.routes:
            keys = sorted(rc.change.properties)
            where = rc.change.next_at("Properties", keys[0]) if keys else rc.change.next_at()
            kind = "listener" if rc.change.type.endswith("::Listener") else "listener rule"
            yield Violation(WARNING, where,
                            f"this update changes {kind} {rc.change.logical_id} ({', '.join(keys)}), which "
                            f"{rc.deployer} rewrites on every deployment: CloudFormation writes the template's "
                            "actions back and may send the traffic to the target group without tasks",
                            [rc.deployer_where, rc.change.previous_at("Properties", keys[0]) if keys
                             else rc.change.previous_at()])
