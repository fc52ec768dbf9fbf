"""More helpers of the ECS-native blue/green rules NBG-11, NBG-18 and NBG-21. Not a rule.

Builds on :mod:`cfncheck.rules._native` (imported, not changed): the action types of a listener rule or
listener, the NLB listeners that native services use as routes, and the VPC Lattice counterpart of the
``LoadBalancers[].AdvancedConfiguration`` view.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from cfncheck.model.legacy import Key, Model, scenarios
from cfncheck.rules._legacy_base import service_label
from cfncheck.rules._native import Path, Route, View, broken, native_services, views
from cfncheck.template.values import MISSING, Branch, Conds, Lit, Node, ResRef, Unknown, merge

ROLES = ("ProductionListenerRule", "TestListenerRule")


# ---------------------------------------------------------------------- action types (NBG-11)
@dataclass
class ActionSet:
    """The actions of a listener rule (``Actions``) or listener (``DefaultActions``) on one set of choices."""

    conds: Conds
    types: list[tuple[int, str | Unknown]]  # (index in the list, lower-case Type or Unknown)


_ACTIONS: WeakKeyDictionary[Model, dict[tuple[Node, str], list[ActionSet]]] = WeakKeyDictionary()


def action_sets(model: Model, node: Node, prop: str) -> list[ActionSet]:
    """The action types in ``Properties.<prop>`` of ``node``, one :class:`ActionSet` per Fn::If scenario."""
    cache = _ACTIONS.setdefault(model, {})
    key = (node, prop)
    if key not in cache:
        cache[key] = _action_sets(model, node, prop)
    return cache[key]


def _action_sets(model: Model, node: Node, prop: str) -> list[ActionSet]:
    stack = node.stack
    typed: list[Branch] = []
    for actions in model.raw(node, prop):
        if actions.value is MISSING:
            continue
        for item in model.r.items(stack, actions.value):
            base = merge(actions.conds, item.conds)
            if base is None or not isinstance(item.value, tuple):
                continue
            index, action = item.value
            for expr in model.r.get(stack, action, "Type"):
                conds = merge(base, expr.conds)
                if conds is None or expr.value is MISSING:
                    continue
                for br in model.r.resolve(stack, expr.value):
                    merged = merge(conds, br.conds)
                    if merged is not None:
                        typed.append(Branch((index, _type_of(br.value)), merged))
    out: list[ActionSet] = []
    for conds, branches in scenarios(typed):
        seen: dict[int, str | Unknown] = {}
        for br in branches:
            index, kind = br.value
            if seen.setdefault(index, kind) != kind:
                seen[index] = Unknown("the action Type depends on too many Fn::If conditions")
        out.append(ActionSet(conds, sorted(seen.items(), key=lambda t: t[0])))
    return out


def _type_of(value: Any) -> str | Unknown:
    if isinstance(value, Lit) and isinstance(value.value, str):
        return value.value.lower()
    return value if isinstance(value, Unknown) else Unknown("the action Type is not a literal string")


# ---------------------------------------------------------------------- routes of native entries
@dataclass
class RouteUse:
    """One native entry's production or test route."""

    view: View
    role: str  # "ProductionListenerRule" | "TestListenerRule"
    route: Route

    @property
    def path(self) -> Path:
        return self.view.path(self.role)


def route_uses(view: View) -> list[RouteUse]:
    """The production and test routes of a view that NBG-06 does not already reject."""
    return [RouteUse(view, role, route) for role, route in zip(ROLES, (view.prod, view.test), strict=True)
            if route is not None and not broken(route)]


def nlb_listener(route: Route) -> bool:
    return route.kind == "listener" and route.lb_type == "network"


_NLB_USES: WeakKeyDictionary[Model, dict[Key, list[RouteUse]]] = WeakKeyDictionary()


def nlb_listener_uses(model: Model) -> dict[Key, list[RouteUse]]:
    """NLB listener (node or literal ARN) -> every native route that uses it (cached per model)."""
    if model not in _NLB_USES:
        table: dict[Key, list[RouteUse]] = defaultdict(list)
        for view in views(model):
            for use in route_uses(view):
                key = use.route.key
                if key is not None and nlb_listener(use.route):
                    table[key].append(use)
        _NLB_USES[model] = table
    return _NLB_USES[model]


# ---------------------------------------------------------------------- VPC Lattice (NBG-21)
LATTICE_TG = "AWS::VpcLattice::TargetGroup"
LATTICE_RULE = "AWS::VpcLattice::Rule"
LATTICE_LISTENER = "AWS::VpcLattice::Listener"
LATTICE_FORWARD = {LATTICE_RULE: ("Action", "Forward", "TargetGroups"),
                   LATTICE_LISTENER: ("DefaultAction", "Forward", "TargetGroups")}


@dataclass
class LatticeView:
    """One ``VpcLatticeConfigurations[index]`` entry with ``AdvancedConfiguration``, on one branch."""

    service: Node
    index: int
    conds: Conds
    label: str
    blue: Any  # Key | Unknown | None
    green: Any  # Key | Unknown | None
    prod: Any  # resolved value of ProductionListenerRule (ResRef, Lit, Unknown) or MISSING
    test: Any

    def path(self, *keys: str | int) -> Path:
        return ("Properties", "VpcLatticeConfigurations", self.index) + keys

    def adv_path(self, *keys: str | int) -> Path:
        return self.path("AdvancedConfiguration", *keys)


def lattice_views(model: Model) -> Iterable[LatticeView]:
    """Every lattice entry with ``AdvancedConfiguration`` of a native service, on every branch."""
    for service, _strategy, conds in native_services(model):
        label = service_label(model, service)
        for item in model.elements(service, "VpcLatticeConfigurations", conds=conds):
            base = item.conds
            if not isinstance(item.value, tuple):
                continue
            yield from _lattice_entry(model, service, label, item.value[0], base)


def _lattice_entry(model: Model, service: Node, label: str, i: int, conds: Conds) -> Iterable[LatticeView]:
    entry = ("VpcLatticeConfigurations", i)
    adv = entry + ("AdvancedConfiguration",)
    for block in model.raw(service, *adv, conds=conds):
        if block.value is MISSING:
            continue
        for blue in model.values(service, *entry, "TargetGroupArn", conds=block.conds):
            for green in model.values(service, *adv, "AlternateTargetGroupArn", conds=blue.conds):
                for prod in model.values(service, *adv, "ProductionListenerRule", conds=green.conds):
                    for test in model.values(service, *adv, "TestListenerRule", conds=prod.conds):
                        yield LatticeView(service, i, test.conds, label, lattice_tg(model, blue.value),
                                          lattice_tg(model, green.value), prod.value, test.value)


def lattice_tg(model: Model, value: Any) -> Key | Unknown | None:
    if value is MISSING:
        return None
    key = model.key(value, LATTICE_TG, "Name")
    if key is not None:
        return key
    return value if isinstance(value, Unknown) else Unknown("the target group is not known")


def route_key(value: Any) -> Key | None:
    """The identity of a lattice rule or listener value (node or literal ARN)."""
    if isinstance(value, ResRef):
        return value.node
    if isinstance(value, Lit) and isinstance(value.value, str) and value.value:
        return value.value
    return None


def lattice_forwards(model: Model, value: Any) -> list[Key | Unknown] | None:
    """Target groups a lattice rule or listener in the run forwards to; None when it is not one in the run."""
    if not isinstance(value, ResRef) or value.node.type not in LATTICE_FORWARD:
        return None
    node = value.node
    out: list[Key | Unknown] = []
    for lst in model.raw(node, *LATTICE_FORWARD[node.type]):
        if lst.value is MISSING:
            continue
        for item in model.r.items(node.stack, lst.value):
            if not isinstance(item.value, tuple):
                out.append(item.value if isinstance(item.value, Unknown) else Unknown("not a list"))
                continue
            for expr in model.r.get(node.stack, item.value[1], "TargetGroupIdentifier"):
                if expr.value is MISSING:
                    continue
                for br in model.r.resolve(node.stack, expr.value):
                    key = lattice_tg(model, br.value)
                    if key is not None:
                        out.append(key)
    return out
