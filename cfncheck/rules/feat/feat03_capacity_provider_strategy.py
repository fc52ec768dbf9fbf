"""FEAT-03: Capacity provider strategy: not with LaunchType, providers associated with the cluster, sane Base/Weight.

## What it does
For every `AWS::ECS::Service` with a `CapacityProviderStrategy`:
- `LaunchType` set as well is an error;
- a capacity provider that is not associated with the service's cluster is an error. The associations are
  read from `AWS::ECS::Cluster.CapacityProviders` and from every `AWS::ECS::ClusterCapacityProviderAssociations`
  in the run, in any stack (`Ref`, `Fn::GetAtt`, `Fn::ImportValue`, nested-stack parameters, names and ARNs).
  When the cluster is not in the run (imported, a parameter, the `default` cluster), it is info;
- more than one item with a `Base` above 0, or two or more items whose weights are all 0, is an error;
- `CapacityProviderStrategy: []` is a warning.

## Why is this bad?
ECS rejects CreateService:

    InvalidParameterException: Specifying both a launch type and capacity provider strategy is not supported.
    Remove one and try again.

"Only capacity providers that are already associated with a cluster and have an ACTIVE or UPDATING status can
be used in a capacity provider strategy", "Only one capacity provider in a strategy can have a base defined",
and "If you specify multiple capacity providers in a strategy that all have a weight of 0, any RunTask or
CreateService actions using the capacity provider strategy will fail" (the CloudFormation schema).
Since 2025-06-12 an empty list is no longer ignored: it *removes* the service's capacity providers, and without
a cluster default strategy the update fails with

    No launch type to fall back to for empty capacity provider strategy. Your service was not created with a
    launch type.

## Example
```yaml
Service:
  Type: AWS::ECS::Service
  Properties:
    Cluster: !Ref Cluster            # CapacityProviders: [FARGATE]
    LaunchType: FARGATE
    CapacityProviderStrategy:
      - {CapacityProvider: FARGATE_SPOT, Base: 1, Weight: 1}
```

## Use instead
```yaml
Cluster:
  Type: AWS::ECS::Cluster
  Properties:
    CapacityProviders: [FARGATE, FARGATE_SPOT]
Service:
  Type: AWS::ECS::Service
  Properties:
    Cluster: !Ref Cluster
    CapacityProviderStrategy:
      - {CapacityProvider: FARGATE, Base: 1, Weight: 1}
      - {CapacityProvider: FARGATE_SPOT, Weight: 2}
```

## CDK (Python) fix
```python
cluster = ecs.Cluster(self, "Cluster", vpc=vpc, enable_fargate_capacity_providers=True)
service = ecs.FargateService(self, "Service", cluster=cluster, task_definition=task_def,
    capacity_provider_strategies=[
        ecs.CapacityProviderStrategy(capacity_provider="FARGATE", base=1, weight=1),
        ecs.CapacityProviderStrategy(capacity_provider="FARGATE_SPOT", weight=2)])
# never set launch_type as well; an Auto Scaling group provider: cluster.add_asg_capacity_provider(provider)
```

## CDK (TypeScript) fix
```ts
const cluster = new ecs.Cluster(this, 'Cluster', { vpc, enableFargateCapacityProviders: true });
const service = new ecs.FargateService(this, 'Service', { cluster, taskDefinition: taskDef,
  capacityProviderStrategies: [   // ecs.CapacityProviderStrategy[]
    { capacityProvider: 'FARGATE', base: 1, weight: 1 },
    { capacityProvider: 'FARGATE_SPOT', weight: 2 }] });
// never set launchType as well; an Auto Scaling group provider: cluster.addAsgCapacityProvider(provider)
```

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html ;
https://github.com/terraform-linters/tflint-ruleset-aws/issues/349 ; https://github.com/aws/containers-roadmap/issues/631
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from cfncheck.model import Model
from cfncheck.model.base import Fact, Key, reason
from cfncheck.model.capacity import Associated, Cluster, amount, same_capacity_provider
from cfncheck.model.ecs import Service
from cfncheck.rules.base import ERROR, INFO, WARNING, Rule, Violation
from cfncheck.template.values import MISSING, Branch, Conds, Lit, Node, Unknown, Where, merge, scenarios

BOTH_ERROR = ("InvalidParameterException: Specifying both a launch type and capacity provider strategy is not "
              "supported. Remove one and try again.")
EMPTY_ERROR = ("No launch type to fall back to for empty capacity provider strategy. Your service was not created "
               "with a launch type.")
STRATEGY = "CapacityProviderStrategy"


class CapacityProviderStrategy(Rule):
    code = "9C73"
    name = "FEAT-03"
    title = "Capacity provider strategy: not with LaunchType, providers associated with the cluster, sane Base/Weight"
    severity = ERROR
    severities = (ERROR, WARNING, INFO)
    fix = ("Give the service capacity_provider_strategies=[ecs.CapacityProviderStrategy(capacity_provider=\"FARGATE\", "
           "base=1, weight=1), ...] and no launch_type; associate every provider with the service's cluster "
           "(ecs.Cluster(..., enable_fargate_capacity_providers=True) or cluster.add_asg_capacity_provider(provider)); "
           "at most one base, at least one weight above 0.")
    fix_typescript = ("Give the service capacityProviderStrategies: [{ capacityProvider: 'FARGATE', base: 1, weight: "
                      "1 }, ...] (ecs.CapacityProviderStrategy) and no launchType; associate every provider with the "
                      "service's cluster (new ecs.Cluster(this, 'Cluster', { ..., enableFargateCapacityProviders: "
                      "true }) or cluster.addAsgCapacityProvider(provider)); at most one base, at least one weight "
                      "above 0.")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html"

    def check(self, model: Model) -> Iterable[Violation]:
        for service in model.services:
            for strategy in service.has(STRATEGY):
                if strategy.value == []:
                    yield Violation(WARNING, strategy.where,
                                    f"{service.label} sets CapacityProviderStrategy to an empty list, which removes "
                                    "the service's capacity providers on update; without a cluster default strategy "
                                    f"the update fails: \"{EMPTY_ERROR}\" Remove the property (or use AWS::NoValue)",
                                    conds=strategy.conds)
                    continue
                yield from self._launch_type(service, strategy.where, strategy.conds)
                items = service.elements(STRATEGY, conds=strategy.conds)
                yield from self._base_and_weight(service, strategy.where, items)
                yield from self._associated(model, service, strategy.where, items)

    def _launch_type(self, service: Service, where: Where, conds: Conds) -> Iterable[Violation]:
        for lt in service.prop("LaunchType", conds=conds):
            if lt.value is MISSING:
                continue
            shown = f" {lt.value.value}" if isinstance(lt.value, Lit) else ""
            yield Violation(ERROR, lt.where,
                            f"{service.label} sets both LaunchType{shown} and CapacityProviderStrategy; ECS rejects "
                            f"it: \"{BOTH_ERROR}\"", [where], lt.conds)

    def _base_and_weight(self, service: Service, where: Where, items: list[Fact]) -> Iterable[Violation]:
        if any(isinstance(item.value, Unknown) for item in items):
            return
        numbers: list[Branch] = []
        for item in items:
            index = item.value[0]
            for base in service.prop(STRATEGY, index, "Base", conds=item.conds):
                for weight in service.prop(STRATEGY, index, "Weight", conds=base.conds):
                    numbers.append(Branch((index, amount(base.value), amount(weight.value)), weight.conds))
        for choice, members in scenarios(numbers):
            by_index: dict[int, list[tuple[float | None, float | None]]] = defaultdict(list)
            for m in members:
                by_index[m.value[0]].append(m.value[1:])
            if any(len(v) != 1 for v in by_index.values()):
                continue  # too many Fn::If choices to tell the items apart
            values = {i: v[0] for i, v in by_index.items()}
            with_base = [i for i, (b, _) in sorted(values.items()) if b is not None and b > 0]
            if len(with_base) > 1:
                yield Violation(ERROR, where.at(with_base[1], "Base"),
                                f"{service.label} gives a Base to {len(with_base)} capacity providers; \"Only one "
                                "capacity provider in a strategy can have a base defined\"", conds=choice)
            weights = [w for _, w in values.values()]
            if len(weights) > 1 and all(w == 0 for w in weights):
                yield Violation(ERROR, where,
                                f"{service.label} has {len(weights)} capacity providers that all have weight 0 (the "
                                "default when Weight is not set); at least one needs a weight above 0 or "
                                "CreateService fails", conds=choice)

    def _associated(self, model: Model, service: Service, where: Where, items: list[Fact]) -> Iterable[Violation]:
        for item in items:
            if isinstance(item.value, Unknown):
                continue
            index = item.value[0]
            for provider in service.prop(STRATEGY, index, "CapacityProvider", conds=item.conds):
                if provider.value is MISSING:
                    continue
                key = model.capacity_provider_key(provider.value)
                for cluster in service.clusters(provider.conds):
                    yield from self._check_one(model, service, where, provider.where, key, provider.value,
                                               cluster.value, cluster.conds)

    def _check_one(self, model: Model, service: Service, strategy: Where, where: Where, key: Key | None,
                   provider: object, cluster_key: Key | Unknown, conds: Conds) -> Iterable[Violation]:
        label = service.label
        shown = f"CapacityProviderStrategy[{where.path[-2]}]"
        if key is None:
            yield Violation(INFO, where,
                            f"cannot verify that capacity provider {shown} of {label} is associated with its cluster: "
                            f"{reason(provider)}", conds=conds)
            return
        cluster = model.entity(cluster_key) if isinstance(cluster_key, Node) else None
        if not isinstance(cluster, Cluster):
            why = reason(cluster_key) if isinstance(cluster_key, Unknown) else \
                f"cluster {_show(cluster_key)} is not in this run"
            yield Violation(INFO, strategy,
                            f"cannot verify that the capacity providers of {label} are associated with its cluster: "
                            f"{why}", conds=conds)
            return
        table, loose = model.capacities
        associated = table.get(cluster.node, Associated([], []))
        unknown = associated.unknown + loose
        # one branch per association (its verdict) plus the service's own: split by the Fn::If choices involved
        branches = [Branch((same_capacity_provider(model, key, other), other, at), both)
                    for other, other_conds, at in associated.providers
                    if (both := merge(conds, other_conds)) is not None]
        for choice, members in scenarios([*branches, Branch(None, conds)]):
            if not any(m.value is None for m in members):
                continue  # a combination of choices under which this strategy item does not exist
            found = [m.value for m in members if m.value is not None]
            verdicts = [v[0] for v in found]
            if True in verdicts:
                continue
            if None in verdicts or unknown:
                why = unknown[0] if unknown else "a capacity provider name is only known at deploy time"
                yield Violation(INFO, where,
                                f"cannot verify that capacity provider {_show(key)} of {label} is associated with "
                                f"cluster {cluster.logical_id}: {why}", conds=choice)
                continue
            names = sorted({_show(v[1]) for v in found})
            related = [v[2] for v in found[:1]] or [cluster.at()]
            yield Violation(ERROR, where,
                            f"{label} uses capacity provider {_show(key)}, which is not associated with cluster "
                            f"{cluster.logical_id} (stack {cluster.stack.name}; associated: "
                            f"{', '.join(names) or 'none'}); \"Only capacity providers that are already associated "
                            "with a cluster ... can be used in a capacity provider strategy\", so CreateService fails",
                            related, choice)


def _show(thing: object) -> str:
    if isinstance(thing, Node):
        return f"{thing.logical_id} ({thing.stack.name})"
    return repr(thing) if isinstance(thing, str) else str(thing)
