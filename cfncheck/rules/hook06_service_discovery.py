"""HOOK-06: no service discovery (`ServiceRegistries`) on task sets the blue/green hook manages.

## What it does
For every `AWS::CodeDeploy::BlueGreen` hook, finds the task sets it manages: the blue task set named in
`ECSAttributes.TaskSets` and every other `AWS::ECS::TaskSet` of the hook's target service. Warns about each of
them that has a non-empty `ServiceRegistries` (also on one `Fn::If` branch).

## Why is this bad?
During a green deployment the hook copies the blue task set, registries included, and the copy tries to
register the Cloud Map service again; green deployments then fail because the service "already exist[s]"
(aws/containers-roadmap#1185). The blue stack deploys, so this is a warning, but the first update that
starts a green deployment rolls back. AWS error text: unconfirmed beyond that issue.

## Example
```yaml
BlueTaskSet:
  Type: AWS::ECS::TaskSet
  Properties:
    Cluster: !Ref Cluster
    Service: !Ref Service
    TaskDefinition: !Ref BlueTaskDefinition
    ServiceRegistries:
      - RegistryArn: !GetAtt DiscoveryService.Arn
```

## Use instead
```yaml
BlueTaskSet:
  Type: AWS::ECS::TaskSet
  Properties:
    Cluster: !Ref Cluster
    Service: !Ref Service
    TaskDefinition: !Ref BlueTaskDefinition
    # no ServiceRegistries: callers use the load balancer's DNS name
```

## CDK (Python) fix
```python
blue = ecs.CfnTaskSet(self, "BlueTaskSet", cluster=cluster.cluster_name, service=service.attr_name,
    task_definition=blue_td.task_definition_arn, load_balancers=[...])   # no service_registries=
# service-to-service calls go to the load balancer: alb.load_balancer_dns_name
```

## Source
https://github.com/aws/containers-roadmap/issues/1185
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model.legacy import Model
from cfncheck.rules._hook import TASK_SET, Hook, hook_stacks
from cfncheck.rules._legacy_base import WARNING, Rule, Violation
from cfncheck.rules._service_settings import owners
from cfncheck.template.values import MISSING, Node

PATH = ("Properties", "ServiceRegistries")


class HookServiceDiscovery(Rule):
    code = "9D56"
    name = "HOOK-06"
    title = "No service discovery (ServiceRegistries) on task sets the blue/green hook manages"
    severity = WARNING
    severities = (WARNING,)
    fix = ("Drop service_registries from the ecs.CfnTaskSet the CfnCodeDeployBlueGreenHook manages and let "
           "clients reach the service through the load balancer (alb.load_balancer_dns_name).")
    source_url = "https://github.com/aws/containers-roadmap/issues/1185"

    def check(self, model: Model) -> Iterable[Violation]:
        for _, found in hook_stacks(model):
            for hook in found:
                for task_set in _managed(model, hook):
                    yield from self._registries(model, hook, task_set)

    def _registries(self, model: Model, hook: Hook, task_set: Node) -> Iterable[Violation]:
        exists = model.exists(task_set)
        if exists is None:
            return
        for br in model.raw(task_set, "ServiceRegistries", conds=exists):
            if br.value is MISSING or br.value == []:
                continue
            yield Violation(WARNING, task_set, PATH,
                            f"task set {task_set.logical_id} is managed by {hook.label} and has ServiceRegistries; "
                            "the green deployment re-registers the Cloud Map service and fails because it "
                            "\"already exist[s]\" (aws/containers-roadmap#1185)", conds=br.conds)


def _managed(model: Model, hook: Hook) -> list[Node]:
    """The blue task set of the hook and every task set of its target service (in hook order, no repeats)."""
    out: list[Node] = []
    blue = hook.blue("TaskSets")
    if blue is not None:
        out.append(blue)
    target = hook.target
    if target is None:
        return out
    for ts in model.by_type[TASK_SET]:
        if ts in out or ts.stack is not target.stack:
            continue
        conds = model.exists(ts)
        if conds is not None and any(o.node == target for o in owners(model, ts, conds)):
            out.append(ts)
    return out
