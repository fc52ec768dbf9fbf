"""ECS-native blue/green, linear and canary: the ``AdvancedConfiguration`` of ``LoadBalancers[]`` and
``VpcLatticeConfigurations[]`` entries, and the listener rules (ALB) or listeners (NLB) they shift traffic on.

A *native* service may use the ECS controller and has ``DeploymentConfiguration.Strategy`` BLUE_GREEN, LINEAR
or CANARY. Each entry's ``AdvancedConfiguration`` names the alternate (green) target group, the production and
test listener rule or listener, and the ECS infrastructure role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cfncheck.model.base import Fact
from cfncheck.model.elb import LISTENER, LISTENER_RULE, Forward, Listener, ListenerRule, show
from cfncheck.template.names import Key, elb_route_arn
from cfncheck.template.values import ALWAYS, MISSING, Conds, Lit, Node, ResRef, Unknown, Where, merge

if TYPE_CHECKING:
    from cfncheck.model.bluegreen import Model
    from cfncheck.model.ecs import LoadBalancerEntry, Service

ADVANCED = "AdvancedConfiguration"
ROUTES = ("ProductionListenerRule", "TestListenerRule")
LATTICE_TG = "AWS::VpcLattice::TargetGroup"
LATTICE_RULE = "AWS::VpcLattice::Rule"
LATTICE_LISTENER = "AWS::VpcLattice::Listener"
LATTICE_FORWARD = {LATTICE_RULE: ("Action", "Forward", "TargetGroups"),
                   LATTICE_LISTENER: ("DefaultAction", "Forward", "TargetGroups")}


class Advanced:
    """The ``AdvancedConfiguration`` of one ``LoadBalancers[i]`` entry."""

    def __init__(self, entry: LoadBalancerEntry) -> None:
        self.entry = entry

    def at(self, *keys: str | int) -> Where:
        return self.entry.at(ADVANCED, *keys)

    def written(self, conds: Conds | None = None) -> list[Fact[bool]]:
        """Per branch: whether the entry has an AdvancedConfiguration."""
        return [Fact(f.value is not MISSING, f.conds, f.where) for f in self.entry.raw(ADVANCED, conds=conds)]

    def alternates(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``AlternateTargetGroupArn`` as a target-group key or Unknown, where it is set."""
        return [Fact(self.entry.owner.model.target_group_key(f.value), f.conds, f.where)
                for f in self.entry.prop(ADVANCED, "AlternateTargetGroupArn", conds=conds) if f.value is not MISSING]

    def roles(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``RoleArn`` (resolved, MISSING when absent) on every branch where the AdvancedConfiguration is set."""
        out = []
        for block in self.entry.raw(ADVANCED, conds=conds):
            if block.value is not MISSING:
                out.extend(self.entry.prop(ADVANCED, "RoleArn", conds=block.conds))
        return out


# ---------------------------------------------------------------------- routes
@dataclass(frozen=True)
class Route:
    """A resolved ``ProductionListenerRule``/``TestListenerRule``."""

    value: Any  # the resolved value (ResRef, Lit, Unknown)
    entity: Listener | ListenerRule | None = None  # the listener rule or listener of the run
    kind: str | None = None  # "rule" | "listener" | None (not a listener or rule)
    lb_type: str | None = None  # "application" | "network" | ... | None (unknown)
    unknown: str | None = None  # why it cannot be known
    invalid: str | None = None  # why it is neither a listener rule nor a listener ARN
    node: Node | None = None

    @property
    def key(self) -> Key | None:
        if self.node is not None:
            return self.node
        if isinstance(self.value, Lit) and isinstance(self.value.value, str):
            return self.value.value
        return None

    @property
    def shown(self) -> str:
        if self.node is not None:
            return show(self.node)
        if isinstance(self.value, Lit):
            return str(self.value.value)
        return "(unknown)"

    @property
    def actions_prop(self) -> str:
        return "Actions" if self.kind == "rule" else "DefaultActions"

    @property
    def broken(self) -> bool:
        """Wrong in a way NBG-06 reports: not a listener rule or listener, or a listener not on an NLB."""
        return self.invalid is not None or (self.kind == "listener" and self.lb_type not in (None, "network"))

    @property
    def nlb_listener(self) -> bool:
        return self.kind == "listener" and self.lb_type == "network"

    def forwards(self, conds: Conds = ALWAYS) -> list[Forward] | None:
        """What the rule or listener forwards to, on branches compatible with ``conds``; None when it is not in
        the run."""
        if self.entity is None or self.kind is None:
            return None
        return [f for f in self.entity.forwards if merge(f.conds, conds) is not None]

    @property
    def related(self) -> list[Where]:
        return [self.entity.at("Properties", self.actions_prop)] if self.entity is not None else []


def route_of(model: Model, value: Any) -> Route | None:
    """What a ``ProductionListenerRule``/``TestListenerRule`` value denotes; None when it is not set."""
    if value is MISSING:
        return None
    if isinstance(value, Unknown):
        return Route(value, unknown=value.reason)
    if isinstance(value, ResRef):
        node = value.node
        entity = model.entity(node)
        if value.attr not in (None, "RuleArn", "ListenerArn"):
            return Route(value, None, invalid=f"it is the {value.attr} attribute of {show(node)}, a {node.type}",
                         node=node)
        if node.type == LISTENER_RULE and isinstance(entity, ListenerRule):
            return Route(value, entity, "rule", entity.kind, node=node)
        if node.type == LISTENER and isinstance(entity, Listener):
            return Route(value, entity, "listener", entity.kind, node=node)
        return Route(value, None, invalid=f"it refers to {show(node)}, a {node.type or 'resource'}", node=node)
    if isinstance(value, Lit) and isinstance(value.value, str):
        kind, lb_type = elb_route_arn(value.value)
        if kind is None:
            return Route(value, invalid=f"{value.value!r} is not a listener rule or listener ARN")
        return Route(value, kind=kind, lb_type=lb_type, unknown=f"{value.value} is not a resource of this run")
    return Route(value, invalid=f"{value!r} is not an ARN")


def member(model: Model, tg: Key, keys: list[Key | Unknown]) -> bool | None:
    """Whether ``tg`` is one of ``keys`` (True/False), None when some identity cannot be compared."""
    unknown = False
    for k in keys:
        if isinstance(k, Unknown):
            unknown = True
            continue
        same = model.same(tg, k, "Name")
        if same:
            return True
        if same is None:
            unknown = True
    return None if unknown else False


# ---------------------------------------------------------------------- one native entry
@dataclass(frozen=True)
class NativeEntry:
    """One native ``LoadBalancers[index]`` entry with ``AdvancedConfiguration``, on one branch."""

    service: Service
    strategy: str
    index: int
    conds: Conds
    blue: Key | Unknown | None  # TargetGroupArn (None: not set)
    green: Key | Unknown | None  # AlternateTargetGroupArn
    prod: Route | None
    test: Route | None

    @property
    def label(self) -> str:
        return self.service.label

    def at(self, *keys: str | int) -> Where:
        """A place in the entry's AdvancedConfiguration."""
        return self.service.at("Properties", "LoadBalancers", self.index, ADVANCED, *keys)

    def entry_at(self, *keys: str | int) -> Where:
        return self.service.at("Properties", "LoadBalancers", self.index, *keys)

    def route_uses(self) -> list[RouteUse]:
        """The production and test routes that NBG-06 does not already reject."""
        return [RouteUse(self, role, route) for role, route in zip(ROUTES, (self.prod, self.test), strict=True)
                if route is not None and not route.broken]


@dataclass(frozen=True)
class RouteUse:
    """One native entry's production or test route."""

    entry: NativeEntry
    role: str  # "ProductionListenerRule" | "TestListenerRule"
    route: Route

    @property
    def where(self) -> Where:
        return self.entry.at(self.role)


def native_entries(model: Model) -> list[NativeEntry]:
    out: list[NativeEntry] = []
    for service in model.services:
        for strategy in service.native_strategies():
            for entry in service.load_balancers(strategy.conds):
                for state in entry.advanced.written():
                    if not state.value:
                        continue
                    out.extend(_entry(model, service, strategy.value.name, entry, state.conds))
    return out


def _entry(model: Model, service: Service, strategy: Any, entry: LoadBalancerEntry, conds: Conds) -> list[NativeEntry]:
    out = []
    for blue, c1 in _target_groups(model, entry.prop("TargetGroupArn", conds=conds)):
        for green, c2 in _target_groups(model, entry.prop(ADVANCED, "AlternateTargetGroupArn", conds=c1)):
            for prod in entry.prop(ADVANCED, "ProductionListenerRule", conds=c2):
                for test in entry.prop(ADVANCED, "TestListenerRule", conds=prod.conds):
                    out.append(NativeEntry(service, strategy, entry.index, test.conds, blue, green,
                                           route_of(model, prod.value), route_of(model, test.value)))
    return out


def _target_groups(model: Model, facts: list[Fact[Any]]) -> list[tuple[Key | Unknown | None, Conds]]:
    return [(None if f.value is MISSING else model.target_group_key(f.value), f.conds) for f in facts]


def nlb_listener_uses(model: Model) -> dict[Key, list[RouteUse]]:
    """NLB listener (node or literal ARN) -> every native route that uses it."""
    table: dict[Key, list[RouteUse]] = {}
    for entry in model.native_entries:
        for use in entry.route_uses():
            key = use.route.key
            if key is not None and use.route.nlb_listener:
                table.setdefault(key, []).append(use)
    return table


# ---------------------------------------------------------------------- VPC Lattice
@dataclass(frozen=True)
class LatticeEntry:
    """One ``VpcLatticeConfigurations[index]`` entry with ``AdvancedConfiguration``, on one branch."""

    service: Service
    index: int
    conds: Conds
    blue: Any  # Key | Unknown | None
    green: Any  # Key | Unknown | None
    prod: Any  # resolved value of ProductionListenerRule (ResRef, Lit, Unknown) or MISSING
    test: Any

    @property
    def label(self) -> str:
        return self.service.label

    def entry_at(self, *keys: str | int) -> Where:
        return self.service.at("Properties", "VpcLatticeConfigurations", self.index, *keys)

    def at(self, *keys: str | int) -> Where:
        return self.entry_at(ADVANCED, *keys)

    @staticmethod
    def route_key(value: Any) -> Key | None:
        """The identity of a lattice rule or listener value (node or literal ARN)."""
        if isinstance(value, ResRef):
            return value.node
        if isinstance(value, Lit) and isinstance(value.value, str) and value.value:
            return value.value
        return None

    def forwards(self, value: Any) -> list[Key | Unknown] | None:
        """Target groups a lattice rule or listener of the run forwards to; None when it is not one of the run."""
        if not isinstance(value, ResRef) or value.node.type not in LATTICE_FORWARD:
            return None
        entity = self.service.model.entity(value.node)
        out: list[Key | Unknown] = []
        keys = LATTICE_FORWARD[value.node.type]
        for item in entity.elements(*keys, conds=ALWAYS):  # type: ignore[union-attr]
            if not isinstance(item.value, tuple):
                out.append(item.value if isinstance(item.value, Unknown) else Unknown("not a list"))
                continue
            for f in entity.prop(*keys, item.value[0], "TargetGroupIdentifier", conds=item.conds):  # type: ignore[union-attr]
                if f.value is not MISSING:
                    found = lattice_target_group(self.service.model, f.value)
                    if found is not None:
                        out.append(found)
        return out

    @staticmethod
    def forward_where(value: Any) -> list[Where]:
        """Where a lattice rule or listener of the run writes its forward action."""
        if isinstance(value, ResRef) and value.node.type in LATTICE_FORWARD:
            return [value.node.at("Properties", *LATTICE_FORWARD[value.node.type])]
        return []


def lattice_target_group(model: Model, value: Any) -> Key | Unknown | None:
    if value is MISSING:
        return None
    key = model.t.names.key(value, LATTICE_TG, "Name")
    if key is not None:
        return key
    return value if isinstance(value, Unknown) else Unknown("the target group is not known")


def lattice_entries(model: Model) -> list[LatticeEntry]:
    out: list[LatticeEntry] = []
    for service in model.services:
        for strategy in service.native_strategies():
            for item in service.elements("VpcLatticeConfigurations", conds=strategy.conds):
                if isinstance(item.value, tuple):
                    out.extend(_lattice(model, service, item.value[0], item.conds))
    return out


def _lattice(model: Model, service: Service, i: int, conds: Conds) -> list[LatticeEntry]:
    entry = ("VpcLatticeConfigurations", i)
    adv = entry + (ADVANCED,)
    out = []
    for block in service.has(*adv, conds=conds):
        for blue in service.prop(*entry, "TargetGroupArn", conds=block.conds):
            for green in service.prop(*adv, "AlternateTargetGroupArn", conds=blue.conds):
                for prod in service.prop(*adv, "ProductionListenerRule", conds=green.conds):
                    for test in service.prop(*adv, "TestListenerRule", conds=prod.conds):
                        out.append(LatticeEntry(service, i, test.conds, lattice_target_group(model, blue.value),
                                                lattice_target_group(model, green.value), prod.value, test.value))
    return out

