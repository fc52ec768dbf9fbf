"""Shared helpers of the ECS-native blue/green, linear and canary rules (NBG-xx). Not a rule.

A *native* service is an ``AWS::ECS::Service`` whose controller is ECS (or absent, or not known to be
CODE_DEPLOY/EXTERNAL) and whose ``DeploymentConfiguration.Strategy`` is BLUE_GREEN, LINEAR or CANARY.
Its ``LoadBalancers[]`` entries carry ``AdvancedConfiguration`` with the alternate target group and the
production/test listener rule (ALB) or listener (NLB).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from cfncheck.model.legacy import LISTENER, LISTENER_RULE, LOAD_BALANCER, Key, Model
from cfncheck.rules._legacy_base import is_code_deploy_or_external, service_label
from cfncheck.template.values import MISSING, Conds, Lit, Node, ResRef, Unknown, merge, number

NATIVE = ("BLUE_GREEN", "LINEAR", "CANARY")
Path = tuple[str | int, ...]


# ---------------------------------------------------------------------- services and entries
def ecs_services(model: Model) -> Iterable[tuple[Node, Conds]]:
    """Every existing service on every branch where its controller is ECS or not known to be another one."""
    for service in model.services:
        exists = model.exists(service)
        if exists is None:
            continue
        for br in model.controller(service, exists):
            if is_code_deploy_or_external(br.value) is not True:
                yield service, br.conds


def strategies(model: Model, service: Node, conds: Conds) -> list[tuple[Any, Conds]]:
    """``DeploymentConfiguration.Strategy`` per branch: a str (ROLLING when absent) or Unknown."""
    out: list[tuple[Any, Conds]] = []
    for br in model.values(service, "DeploymentConfiguration", "Strategy", conds=conds):
        if br.value is MISSING:
            out.append(("ROLLING", br.conds))
        elif isinstance(br.value, Lit) and isinstance(br.value.value, str):
            out.append((br.value.value, br.conds))
        else:
            out.append((br.value if isinstance(br.value, Unknown) else Unknown("Strategy is not a string"),
                        br.conds))
    return out


def native_services(model: Model, only: tuple[str, ...] = NATIVE) -> Iterable[tuple[Node, str, Conds]]:
    """(service, strategy, choices) for every branch on which a service uses a native strategy in ``only``."""
    for service, conds in ecs_services(model):
        for strategy, sconds in strategies(model, service, conds):
            if isinstance(strategy, str) and strategy in only:
                yield service, strategy, sconds


@dataclass
class EntryState:
    """One ``LoadBalancers[index]`` entry on one branch, and whether it has ``AdvancedConfiguration``."""

    index: int
    advanced: bool
    conds: Conds


def entry_states(model: Model, service: Node, conds: Conds) -> list[EntryState]:
    out: list[EntryState] = []
    for lst in model.raw(service, "LoadBalancers", conds=conds):
        if lst.value is MISSING:
            continue
        for item in model.r.items(service.stack, lst.value):
            if isinstance(item.value, Unknown):
                continue
            base = merge(lst.conds, item.conds)
            if base is None:
                continue
            index = item.value[0]
            for adv in model.raw(service, "LoadBalancers", index, "AdvancedConfiguration", conds=base):
                out.append(EntryState(index, adv.value is not MISSING, adv.conds))
    return out


def entry_path(index: int, *keys: str | int) -> Path:
    return ("Properties", "LoadBalancers", index) + keys


def adv_path(index: int, *keys: str | int) -> Path:
    return entry_path(index, "AdvancedConfiguration", *keys)


# ---------------------------------------------------------------------- routes (listener rules / listeners)
@dataclass
class Route:
    """A resolved ``ProductionListenerRule``/``TestListenerRule``."""

    value: Any  # the resolved value (ResRef, Lit, Unknown)
    node: Node | None = None  # the listener rule or listener resource, when in the run
    kind: str | None = None  # "rule" | "listener" | None (not a listener or rule)
    lb_type: str | None = None  # "application" | "network" | ... | None (unknown)
    unknown: str | None = None  # why it cannot be known
    invalid: str | None = None  # why it is neither a listener rule nor a listener ARN

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


def _arn_kind(text: str) -> tuple[str | None, str | None]:
    """(kind, load balancer type) of an ELBv2 listener or listener-rule ARN, else (None, None)."""
    if not text.startswith("arn:") or ":elasticloadbalancing:" not in text:
        return None, None
    resource = text.split(":", 5)[-1]
    lb_types = {"app": "application", "net": "network", "gwy": "gateway"}
    for prefix, kind in (("listener-rule/", "rule"), ("listener/", "listener")):
        if resource.startswith(prefix):
            return kind, lb_types.get(resource[len(prefix):].split("/", 1)[0])
    return None, None


def _lb_type_of_arn(text: str) -> str | None:
    marker = ":loadbalancer/"
    if marker not in text:
        return None
    return {"app": "application", "net": "network", "gwy": "gateway"}.get(text.split(marker, 1)[1].split("/", 1)[0])


def listener_lb_type(model: Model, listener: Key) -> str | None:
    """The type (application/network/gateway) of a listener's load balancer, None when unknown."""
    if isinstance(listener, str):
        return _arn_kind(listener)[1]
    found: set[str | None] = set()
    for br in model.load_balancer_of(listener):
        lb = br.value
        if isinstance(lb, Node) and lb.type == LOAD_BALANCER:
            for t in model.values(lb, "Type"):
                if t.value is MISSING:
                    found.add("application")
                elif isinstance(t.value, Lit) and isinstance(t.value.value, str):
                    found.add(t.value.value)
                else:
                    found.add(None)
        elif isinstance(lb, str):
            found.add(_lb_type_of_arn(lb))
        else:
            found.add(None)
    return found.pop() if len(found) == 1 else None


def rule_lb_type(model: Model, rule: Node) -> str | None:
    found: set[str | None] = set()
    for br in model.values(rule, "ListenerArn"):
        listener = model.key(br.value, LISTENER)
        found.add(listener_lb_type(model, listener) if listener is not None else None)
    return found.pop() if len(found) == 1 else None


def route_of(model: Model, value: Any) -> Route | None:
    """What a ``ProductionListenerRule``/``TestListenerRule`` value denotes; None when it is not set."""
    if value is MISSING:
        return None
    if isinstance(value, Unknown):
        return Route(value, unknown=value.reason)
    if isinstance(value, ResRef):
        node = value.node
        if value.attr not in (None, "RuleArn", "ListenerArn"):
            return Route(value, node, invalid=f"it is the {value.attr} attribute of {show(node)}, a {node.type}")
        if node.type == LISTENER_RULE:
            return Route(value, node, "rule", rule_lb_type(model, node))
        if node.type == LISTENER:
            return Route(value, node, "listener", listener_lb_type(model, node))
        return Route(value, node, invalid=f"it refers to {show(node)}, a {node.type or 'resource'}")
    if isinstance(value, Lit) and isinstance(value.value, str):
        kind, lb_type = _arn_kind(value.value)
        if kind is None:
            return Route(value, invalid=f"{value.value!r} is not a listener rule or listener ARN")
        return Route(value, kind=kind, lb_type=lb_type,
                     unknown=f"{value.value} is not a resource of this run")
    return Route(value, invalid=f"{value!r} is not an ARN")


# ---------------------------------------------------------------------- forward actions
@dataclass
class Forward:
    """A target group that an action of a listener rule or listener forwards to."""

    tg: Key | Unknown
    serving: bool | None  # weight > 0 (True), == 0 (False), unknown (None)
    default_weight: bool  # the weight was left out in a ForwardConfig with several target groups
    path: Path


_FORWARDS: WeakKeyDictionary[Model, dict[tuple[Node, str], list[Forward]]] = WeakKeyDictionary()


def forwards(model: Model, node: Node, prop: str) -> list[Forward]:
    """Every target group the actions in ``prop`` (Actions or DefaultActions) of ``node`` forward to."""
    cache = _FORWARDS.setdefault(model, {})
    key = (node, prop)
    if key not in cache:
        cache[key] = _forwards(model, node, prop)
    return cache[key]


def _forwards(model: Model, node: Node, prop: str) -> list[Forward]:
    stack = node.stack
    out: list[Forward] = []
    for actions in model.raw(node, prop):
        for item in model.r.items(stack, actions.value):
            if isinstance(item.value, Unknown):
                out.append(Forward(item.value, None, False, ("Properties", prop)))
                continue
            index, action = item.value
            base: Path = ("Properties", prop, index)
            tuples = [t for fc in model.r.get(stack, action, "ForwardConfig", "TargetGroups")
                      if fc.value is not MISSING for t in model.r.items(stack, fc.value)]
            if tuples:
                several = len(tuples) > 1
                for t in tuples:
                    if isinstance(t.value, Unknown):
                        out.append(Forward(t.value, None, False, base + ("ForwardConfig", "TargetGroups")))
                        continue
                    i, tgt = t.value
                    path = base + ("ForwardConfig", "TargetGroups", i)
                    serving, default = _weight(model, stack, tgt, several)
                    for tg in _tg_keys(model, stack, tgt):
                        out.append(Forward(tg, serving, default, path))
                continue
            for tg in _tg_keys(model, stack, action):
                out.append(Forward(tg, True, False, base + ("TargetGroupArn",)))
    return out


def _weight(model: Model, stack: Any, tgt: Any, several: bool) -> tuple[bool | None, bool]:
    seen: set[bool | None] = set()
    for br in model.r.get(stack, tgt, "Weight"):
        if br.value is MISSING:
            return True, several
        for v in model.r.resolve(stack, br.value):
            num = number(v.value)
            seen.add(None if num is None else num > 0)
    return (seen.pop() if len(seen) == 1 else None), False


def _tg_keys(model: Model, stack: Any, obj: Any) -> list[Key | Unknown]:
    out: list[Key | Unknown] = []
    for br in model.r.get(stack, obj, "TargetGroupArn"):
        if br.value is MISSING:
            continue
        for v in model.r.resolve(stack, br.value):
            key = model.target_group(v.value)
            out.append(key if key is not None else
                       (v.value if isinstance(v.value, Unknown) else Unknown("the target group is not known")))
    return out


def member(model: Model, tg: Key, keys: Iterable[Key | Unknown]) -> bool | None:
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


# ---------------------------------------------------------------------- the view of one native entry
@dataclass
class View:
    """One native ``LoadBalancers[index]`` entry with ``AdvancedConfiguration``, on one branch."""

    service: Node
    strategy: str
    index: int
    conds: Conds
    label: str
    blue: Key | Unknown | None  # TargetGroupArn (None: not set)
    green: Key | Unknown | None  # AlternateTargetGroupArn
    prod: Route | None
    test: Route | None
    extra: dict[str, Any] = field(default_factory=dict)

    def path(self, *keys: str | int) -> Path:
        return adv_path(self.index, *keys)


_VIEWS: WeakKeyDictionary[Model, list[View]] = WeakKeyDictionary()


def views(model: Model) -> list[View]:
    """Every native entry with ``AdvancedConfiguration`` on every branch (cached per model)."""
    if model not in _VIEWS:
        _VIEWS[model] = list(_views(model))
    return _VIEWS[model]


def _views(model: Model) -> Iterable[View]:
    for service, strategy, conds in native_services(model):
        label = service_label(model, service)
        for state in entry_states(model, service, conds):
            if not state.advanced:
                continue
            i = state.index
            for blue, c1 in _tgs(model, service, ("LoadBalancers", i, "TargetGroupArn"), state.conds):
                for green, c2 in _tgs(model, service, ("LoadBalancers", i, "AdvancedConfiguration",
                                                       "AlternateTargetGroupArn"), c1):
                    for prod, c3 in _routes(model, service, i, "ProductionListenerRule", c2):
                        for test, c4 in _routes(model, service, i, "TestListenerRule", c3):
                            yield View(service, strategy, i, c4, label, blue, green, prod, test)


def _tgs(model: Model, service: Node, keys: tuple, conds: Conds) -> list[tuple[Key | Unknown | None, Conds]]:
    out: list[tuple[Key | Unknown | None, Conds]] = []
    for br in model.values(service, *keys, conds=conds):
        if br.value is MISSING:
            out.append((None, br.conds))
            continue
        key = model.target_group(br.value)
        out.append((key if key is not None else
                    (br.value if isinstance(br.value, Unknown) else Unknown("the target group is not known")),
                    br.conds))
    return out


def _routes(model: Model, service: Node, index: int, name: str, conds: Conds) -> list[tuple[Route | None, Conds]]:
    return [(route_of(model, br.value), br.conds)
            for br in model.values(service, "LoadBalancers", index, "AdvancedConfiguration", name, conds=conds)]


# ---------------------------------------------------------------------- small helpers
def show(key: object) -> str:
    if isinstance(key, Node):
        return f"{key.logical_id} ({key.stack.name})"
    if isinstance(key, Unknown):
        return "(unknown)"
    return str(key)


def multiple_of_tenth(value: float) -> bool:
    return abs(round(value * 10) - value * 10) < 1e-6


def broken(route: Route) -> bool:
    """The route is wrong in a way NBG-06 reports (not a listener rule/listener, or an ALB listener)."""
    return route.invalid is not None or (route.kind == "listener" and route.lb_type not in (None, "network"))


def route_forwards(model: Model, route: Route) -> list[Forward] | None:
    """What a route in the run forwards to; None when its resource is not in the run."""
    if route.node is None or route.kind is None:
        return None
    return forwards(model, route.node, route.actions_prop)


def route_related(route: Route) -> list[tuple[Node, Path]]:
    return [(route.node, ("Properties", route.actions_prop))] if route.node is not None else []
