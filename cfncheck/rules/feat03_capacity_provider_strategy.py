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

## Source
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html ;
https://github.com/terraform-linters/tflint-ruleset-aws/issues/349 ; https://github.com/aws/containers-roadmap/issues/631
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from cfncheck.model.legacy import CAPACITY_ASSOCIATIONS, CLUSTER, Key, Model, scenarios
from cfncheck.rules._features import Path, existing_services, show
from cfncheck.rules._legacy_base import ERROR, INFO, WARNING, Rule, Violation, service_label, unknown_reason
from cfncheck.template.values import MISSING, Branch, Conds, Lit, Node, Unknown, merge, number

CAPACITY_PROVIDER = "AWS::ECS::CapacityProvider"
FARGATE = ("FARGATE", "FARGATE_SPOT")
PATH: Path = ("Properties", "CapacityProviderStrategy")
BOTH_ERROR = ("InvalidParameterException: Specifying both a launch type and capacity provider strategy is not "
              "supported. Remove one and try again.")
EMPTY_ERROR = ("No launch type to fall back to for empty capacity provider strategy. Your service was not created "
               "with a launch type.")


@dataclass
class Associated:
    """The capacity providers associated with one cluster, with where each association is written."""

    providers: list[tuple[Key, Conds, Node, Path]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # why some associations cannot be read


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
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html"

    def check(self, model: Model) -> Iterable[Violation]:
        table: dict[Key, Associated] | None = None
        loose: list[str] = []
        for service, exists in existing_services(model):
            for strategy in model.raw(service, *PATH[1:], conds=exists):
                if strategy.value is MISSING:
                    continue
                label = service_label(model, service)
                if strategy.value == []:
                    yield Violation(WARNING, service, PATH,
                                    f"{label} sets CapacityProviderStrategy to an empty list, which removes the "
                                    "service's capacity providers on update; without a cluster default strategy the "
                                    f"update fails: \"{EMPTY_ERROR}\" Remove the property (or use AWS::NoValue)",
                                    conds=strategy.conds)
                    continue
                yield from self._launch_type(model, service, strategy.conds, label)
                items = model.elements(service, *PATH[1:], conds=strategy.conds)
                yield from self._base_and_weight(model, service, items, label)
                if table is None:
                    table, loose = _associations(model)
                yield from self._associated(model, service, items, table, loose, label)

    def _launch_type(self, model: Model, service: Node, conds: Conds, label: str) -> Iterable[Violation]:
        for lt in model.values(service, "LaunchType", conds=conds):
            if lt.value is MISSING:
                continue
            shown = f" {lt.value.value}" if isinstance(lt.value, Lit) else ""
            yield Violation(ERROR, service, ("Properties", "LaunchType"),
                            f"{label} sets both LaunchType{shown} and CapacityProviderStrategy; ECS rejects it: "
                            f"\"{BOTH_ERROR}\"", [(service, PATH)], lt.conds)

    def _base_and_weight(self, model: Model, service: Node, items: list[Branch], label: str) -> Iterable[Violation]:
        if any(isinstance(item.value, Unknown) for item in items):
            return
        numbers: list[Branch] = []
        for item in items:
            index = item.value[0]
            for base in model.values(service, *PATH[1:], index, "Base", conds=item.conds):
                for weight in model.values(service, *PATH[1:], index, "Weight", conds=base.conds):
                    numbers.append(Branch((index, _amount(base.value), _amount(weight.value)), weight.conds))
        for choice, members in scenarios(numbers):
            by_index: dict[int, list[tuple[float | None, float | None]]] = defaultdict(list)
            for m in members:
                by_index[m.value[0]].append(m.value[1:])
            if any(len(v) != 1 for v in by_index.values()):
                continue  # too many Fn::If choices to tell the items apart
            values = {i: v[0] for i, v in by_index.items()}
            with_base = [i for i, (b, _) in sorted(values.items()) if b is not None and b > 0]
            if len(with_base) > 1:
                yield Violation(ERROR, service, PATH + (with_base[1], "Base"),
                                f"{label} gives a Base to {len(with_base)} capacity providers; \"Only one capacity "
                                "provider in a strategy can have a base defined\"", conds=choice)
            weights = [w for _, w in values.values()]
            if len(weights) > 1 and all(w == 0 for w in weights):
                yield Violation(ERROR, service, PATH,
                                f"{label} has {len(weights)} capacity providers that all have weight 0 (the default "
                                "when Weight is not set); at least one needs a weight above 0 or CreateService fails",
                                conds=choice)

    def _associated(self, model: Model, service: Node, items: list[Branch], table: dict[Key, Associated],
                    loose: list[str], label: str) -> Iterable[Violation]:
        for item in items:
            if isinstance(item.value, Unknown):
                continue
            index = item.value[0]
            path = PATH + (index, "CapacityProvider")
            for provider in model.values(service, *path[1:], conds=item.conds):
                if provider.value is MISSING:
                    continue
                key = model.key(provider.value, CAPACITY_PROVIDER, "Name")
                for cluster in model.values(service, "Cluster", conds=provider.conds):
                    value = Lit("default") if cluster.value is MISSING else cluster.value
                    yield from self._check_one(model, service, path, key, provider.value, value, cluster.conds,
                                               table, loose, label)

    def _check_one(self, model: Model, service: Node, path: Path, key: Key | None, provider: object,
                   cluster_value: object, conds: Conds, table: dict[Key, Associated], loose: list[str],
                   label: str) -> Iterable[Violation]:
        if key is None:
            yield Violation(INFO, service, path,
                            f"cannot verify that capacity provider {index_name(path)} of {label} is associated with "
                            f"its cluster: {unknown_reason(provider)}", conds=conds)
            return
        cluster = model.key(cluster_value, CLUSTER, "ClusterName", "cluster")
        if not isinstance(cluster, Node) or cluster.type != CLUSTER:
            why = unknown_reason(cluster_value) if cluster is None else f"cluster {show(cluster)} is not in this run"
            yield Violation(INFO, service, PATH,
                            f"cannot verify that the capacity providers of {label} are associated with its cluster: "
                            f"{why}", conds=conds)
            return
        associated = table.get(cluster, Associated())
        unknown = associated.unknown + loose
        # one branch per association (its verdict) plus the service's own: split by the Fn::If choices involved
        branches = [Branch((_same(model, key, other), other, node, where), both)
                    for other, other_conds, node, where in associated.providers
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
                yield Violation(INFO, service, path,
                                f"cannot verify that capacity provider {show(key)} of {label} is associated with "
                                f"cluster {cluster.logical_id}: {why}", conds=choice)
                continue
            names = sorted({show(v[1]) for v in found})
            related = [(v[2], v[3]) for v in found[:1]] or [(cluster, ())]
            yield Violation(ERROR, service, path,
                            f"{label} uses capacity provider {show(key)}, which is not associated with cluster "
                            f"{cluster.logical_id} (stack {cluster.stack.name}; associated: "
                            f"{', '.join(names) or 'none'}); \"Only capacity providers that are already associated "
                            "with a cluster ... can be used in a capacity provider strategy\", so CreateService fails",
                            related, choice)


def _same(model: Model, a: Key, b: Key) -> bool | None:
    """Whether two capacity-provider identities are the same; a provider resource is never a Fargate one."""
    for x, y in ((a, b), (b, a)):
        if isinstance(x, Node) and x.type == CAPACITY_PROVIDER and y in FARGATE:
            return False
    return model.same(a, b, "Name")


def index_name(path: Path) -> str:
    return f"CapacityProviderStrategy[{path[2]}]"


def _amount(value: object) -> float | None:
    """A Base/Weight: 0 when absent, None when not a known number."""
    return 0.0 if value is MISSING else number(value)


def _associations(model: Model) -> tuple[dict[Key, Associated], list[str]]:
    """Every cluster of the run -> its associated capacity providers; and why some associations name a cluster
    that cannot be told (they might belong to any cluster)."""
    table: dict[Key, Associated] = defaultdict(Associated)
    loose: list[str] = []
    for cluster in model.by_type[CLUSTER]:
        exists = model.exists(cluster)
        if exists is not None:
            _providers(model, cluster, "CapacityProviders", exists, table[cluster])
    for assoc in model.by_type[CAPACITY_ASSOCIATIONS]:
        exists = model.exists(assoc)
        if exists is None:
            continue
        for br in model.values(assoc, "Cluster", conds=exists):
            key = model.key(br.value, CLUSTER, "ClusterName", "cluster")
            if key is None:
                loose.append(f"the cluster of {assoc.logical_id} (stack {assoc.stack.name}) is not known from the "
                             f"templates: {unknown_reason(br.value)}")
                continue
            _providers(model, assoc, "CapacityProviders", br.conds, table[key])
    return table, loose


def _providers(model: Model, node: Node, prop: str, conds: Conds, into: Associated) -> None:
    for item in model.elements(node, prop, conds=conds):
        if isinstance(item.value, Unknown):
            into.unknown.append(f"the CapacityProviders of {node.logical_id} are computed: {item.value.reason}")
            continue
        index = item.value[0]
        for br in model.values(node, prop, index, conds=item.conds):
            key = model.key(br.value, CAPACITY_PROVIDER, "Name")
            if key is None:
                into.unknown.append(f"capacity provider {index} of {node.logical_id} is not known from the "
                                    f"templates: {unknown_reason(br.value)}")
            else:
                into.providers.append((key, br.conds, node, ("Properties", prop, index)))
