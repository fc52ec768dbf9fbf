"""ECS clusters and capacity providers: a service's capacity provider strategy, the cluster's default one, and
which providers are associated with which cluster."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cfncheck.model.base import Entity, Fact, unresolved
from cfncheck.model.types import CAPACITY_PROVIDER, FARGATE_PROVIDERS
from cfncheck.template.names import Key
from cfncheck.template.values import (
    ALWAYS,
    MISSING,
    Branch,
    Conds,
    Lit,
    Node,
    ResRef,
    Unknown,
    Where,
    merge,
    number,
    scenarios,
)


def strategy_fargate(owner: Entity, strategy: Any, conds: Conds) -> list[tuple[Any, Conds]]:
    """Per Fn::If scenario of a capacity provider strategy (as written): Lit(True) when every provider is a
    Fargate one, Lit(False) when one is not (or there is none), or Unknown."""
    t = owner.model.t
    providers: list[Branch] = []
    for item in t.r.items(owner.stack, strategy):
        within = merge(conds, item.conds)
        if within is None:
            continue
        if isinstance(item.value, Unknown):
            return [(item.value, within)]
        for s in t.r.get(owner.stack, item.value[1], "CapacityProvider"):
            given = merge(within, s.conds)
            if given is None or s.value is MISSING:
                continue
            providers.extend(Branch(p.value, c) for p in t.r.resolve(owner.stack, s.value)
                             if (c := merge(given, p.conds)) is not None)
    out: list[tuple[Any, Conds]] = []
    for choice, members in scenarios(providers) if providers else [(ALWAYS, [])]:
        scenario = merge(conds, choice)
        if scenario is not None:
            out.append((_all_fargate([m.value for m in members]), scenario))
    return out


def _all_fargate(providers: list[Any]) -> Any:
    fargate = []
    for p in providers:
        if isinstance(p, Lit):
            fargate.append(str(p.value) in FARGATE_PROVIDERS)
        elif isinstance(p, ResRef) and p.node.type == CAPACITY_PROVIDER:
            fargate.append(False)  # a capacity provider resource is always an Auto Scaling group one
        else:
            return Unknown("a capacity provider known only at deploy time")
    return Lit(bool(fargate) and all(fargate))


def clusters(owner: Entity, conds: Conds | None = None) -> list[Fact[Any]]:
    """The cluster of a service or task set per branch: a key (Node, name or ARN), the account's ``default``
    cluster when ``Cluster`` is absent, or Unknown."""
    out: list[Fact[Any]] = []
    for cl in owner.prop("Cluster", conds=conds):
        value = Lit("default") if cl.value is MISSING else cl.value
        key = owner.model.cluster_key(value)
        out.append(Fact(key if key is not None else Unknown(unresolved(value, "cluster")), cl.conds, cl.where))
    return out


class Cluster(Entity):
    def default_strategies(self, conds: Conds) -> list[tuple[Entity, Any, Conds]]:
        """Every ``DefaultCapacityProviderStrategy`` (as written) of the cluster and of the
        ClusterCapacityProviderAssociations naming it: (the resource it is written in, strategy, choices)."""
        out: list[tuple[Entity, Any, Conds]] = [(self, f.value, f.conds) for f in
                                                self.has("DefaultCapacityProviderStrategy", conds=conds)]
        for assoc in self.model.capacity_associations:
            for c in assoc.prop("Cluster", conds=conds):
                if self.model.cluster_key(c.value) == self.node:
                    out.extend((assoc, f.value, f.conds) for f in
                               assoc.has("DefaultCapacityProviderStrategy", conds=c.conds))
        return out


@dataclass
class Associated:
    """The capacity providers associated with one cluster, with where each association is written."""

    providers: list[tuple[Key, Conds, Where]]
    unknown: list[str]  # why some associations cannot be read


def capacity_associations(model: Any) -> tuple[dict[Key, Associated], list[str]]:
    """Every cluster of the run -> its associated capacity providers; and why some associations name a cluster
    that cannot be told (they might belong to any cluster)."""
    table: dict[Key, Associated] = {}
    loose: list[str] = []
    for cluster in model.clusters:
        _providers(cluster, cluster.conds, table.setdefault(cluster.node, Associated([], [])))
    for assoc in model.capacity_associations:
        for br in assoc.prop("Cluster"):
            key = model.cluster_key(br.value)
            if key is None:
                loose.append(f"the cluster of {assoc.logical_id} (stack {assoc.stack.name}) is not known from the "
                             f"templates: {br.value.reason if isinstance(br.value, Unknown) else 'not a name'}")
                continue
            _providers(assoc, br.conds, table.setdefault(key, Associated([], [])))
    return table, loose


def _providers(node: Entity, conds: Conds, into: Associated) -> None:
    for item in node.elements("CapacityProviders", conds=conds):
        if isinstance(item.value, Unknown):
            into.unknown.append(f"the CapacityProviders of {node.logical_id} are computed: {item.value.reason}")
            continue
        index = item.value[0]
        for br in node.prop("CapacityProviders", index, conds=item.conds):
            key = node.model.t.names.key(br.value, CAPACITY_PROVIDER, "Name")
            if key is None:
                why = br.value.reason if isinstance(br.value, Unknown) else "it is not known from the templates"
                into.unknown.append(f"capacity provider {index} of {node.logical_id} is not known from the "
                                    f"templates: {why}")
            else:
                into.providers.append((key, br.conds, br.where))


def same_capacity_provider(model: Any, a: Key, b: Key) -> bool | None:
    """Whether two capacity-provider identities are the same; a provider resource is never a Fargate one."""
    for x, y in ((a, b), (b, a)):
        if isinstance(x, Node) and x.type == CAPACITY_PROVIDER and y in FARGATE_PROVIDERS:
            return False
    return model.t.names.same(a, b, "Name")


def amount(value: object) -> float | None:
    """A capacity provider Base/Weight: 0 when absent, None when not a known number."""
    return 0.0 if value is MISSING else number(value)
