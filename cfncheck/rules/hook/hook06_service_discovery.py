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

## CDK (TypeScript) fix
```ts
const blue = new ecs.CfnTaskSet(this, 'BlueTaskSet', {
  cluster: cluster.clusterName, service: service.attrName,
  taskDefinition: blueTd.taskDefinitionArn, loadBalancers: [/* ... */],   // no serviceRegistries
});
// service-to-service calls go to the load balancer: alb.loadBalancerDnsName
```

## Source
https://github.com/aws/containers-roadmap/issues/1185
"""

from __future__ import annotations

from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.hooks import Hook
from cfncheck.model.tasks import TaskSet
from cfncheck.rules.base import WARNING, Rule, Violation


class HookServiceDiscovery(Rule):
    code = "9D56"
    name = "HOOK-06"
    title = "No service discovery (ServiceRegistries) on task sets the blue/green hook manages"
    severity = WARNING
    severities = (WARNING,)
    fix = ("Drop service_registries from the ecs.CfnTaskSet the CfnCodeDeployBlueGreenHook manages and let "
           "clients reach the service through the load balancer (alb.load_balancer_dns_name).")
    fix_typescript = ("Drop serviceRegistries from the ecs.CfnTaskSet the CfnCodeDeployBlueGreenHook manages and let "
                      "clients reach the service through the load balancer (alb.loadBalancerDnsName).")
    source_url = "https://github.com/aws/containers-roadmap/issues/1185"

    def check(self, model: Model) -> Iterable[Violation]:
        for _, found in model.hook_stacks:
            for hook in found:
                for task_set in _managed(model, hook):
                    if not task_set.exists:
                        continue
                    for br in task_set.given("ServiceRegistries"):
                        yield Violation(WARNING, br.where,
                                        f"task set {task_set.logical_id} is managed by {hook.label} and has "
                                        "ServiceRegistries; the green deployment re-registers the Cloud Map service "
                                        "and fails because it \"already exist[s]\" (aws/containers-roadmap#1185)",
                                        conds=br.conds)


def _managed(model: Model, hook: Hook) -> list[TaskSet]:
    """The blue task set of the hook and every task set of its target service (in hook order, no repeats)."""
    out: list[TaskSet] = []
    blue = hook.blue("TaskSets")
    if isinstance(blue, TaskSet):
        out.append(blue)
    target = hook.target
    if target is None:
        return out
    for ts in model.task_sets:
        if ts in out or ts.stack is not target.stack:
            continue
        if any(o.service is target for o in ts.owners()):
            out.append(ts)
    return out
