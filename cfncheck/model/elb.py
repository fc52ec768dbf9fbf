"""Elastic Load Balancing v2: target groups, load balancers, listeners and listener rules, and the one reader
of what their actions forward to.

A :class:`Forward` is one target group that one action forwards to, with its weight (ELB treats an omitted
``Weight`` as 1) and whether it serves traffic (weight above 0). A load balancer's type is ``application``
when ``Type`` is not set; a listener whose load balancer is not in the run takes its type from the load
balancer's ARN or, failing that, from its protocol (TCP/UDP/TLS only on a Network Load Balancer).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from cfncheck.model.base import Entity, Fact, unresolved
from cfncheck.template.names import Key, elb_route_arn, load_balancer_type_of_arn
from cfncheck.template.values import (
    ALWAYS,
    MISSING,
    Branch,
    Conds,
    Lit,
    Node,
    Unknown,
    Where,
    merge,
    number,
    scenarios,
)

TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup"
LISTENER = "AWS::ElasticLoadBalancingV2::Listener"
LISTENER_RULE = "AWS::ElasticLoadBalancingV2::ListenerRule"
LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer"
NLB_PROTOCOLS = ("TCP", "UDP", "TCP_UDP", "TLS")
ALB_PROTOCOLS = ("HTTP", "HTTPS")


def show(key: object) -> str:
    """A resource as ``LogicalId (stack)``, an unknown as ``(unknown)``, anything else as text."""
    if isinstance(key, Node):
        return f"{key.logical_id} ({key.stack.name})"
    if isinstance(key, Unknown):
        return "(unknown)"
    return str(key)


# ---------------------------------------------------------------------- forwards
@dataclass(frozen=True)
class Forward:
    """A target group that one action of a listener (``DefaultActions``) or rule (``Actions``) forwards to."""

    tg: Key | Unknown
    weight: float | None  # None: not known; 1 when Weight is omitted
    serving: bool | None  # the weight is above 0 on every branch (True), 0 (False), or not known (None)
    default_weight: bool  # Weight is omitted in a ForwardConfig with several target groups
    where: Where
    conds: Conds
    omitted: tuple[Conds, ...] = ()  # a ForwardConfig target group: the branches on which its Weight is omitted

    @property
    def receiving(self) -> bool:
        """Gets traffic, or may (its weight is not known to be 0)."""
        return self.weight is None or self.weight > 0


def _forwards(entity: Entity, prop: str) -> list[Forward]:
    t = entity.model.t
    stack = entity.stack
    out: list[Forward] = []
    for actions in entity.raw(prop, conds=ALWAYS):
        if actions.value is MISSING:
            continue
        for item in t.r.items(stack, actions.value):
            conds = merge(actions.conds, item.conds)
            if conds is None:
                continue
            if isinstance(item.value, Unknown):
                out.append(Forward(item.value, None, None, False, entity.at("Properties", prop), conds))
                continue
            index, action = item.value
            base = entity.at("Properties", prop, index)
            tuples = [Branch(tv.value, c) for fc in t.r.get(stack, action, "ForwardConfig", "TargetGroups")
                      if fc.value is not MISSING and (within := merge(conds, fc.conds)) is not None
                      for tv in t.r.items(stack, fc.value) if (c := merge(within, tv.conds)) is not None]
            if tuples:
                several = len(tuples) > 1
                for tup in tuples:
                    if isinstance(tup.value, Unknown):
                        out.append(Forward(tup.value, None, None, False, base.at("ForwardConfig", "TargetGroups"),
                                           tup.conds))
                        continue
                    i, entry = tup.value
                    weight, serving, omitted = _weight(entity, entry)
                    where = base.at("ForwardConfig", "TargetGroups", i)
                    for tg, c in _targets(entity, entry, tup.conds):
                        out.append(Forward(tg, weight, serving, bool(omitted) and several, where, c, omitted))
                continue
            for tg, c in _targets(entity, action, conds):
                out.append(Forward(tg, 1.0, True, False, base.at("TargetGroupArn"), c))
    return out


def _weight(entity: Entity, entry: Any) -> tuple[float | None, bool | None, tuple[Conds, ...]]:
    """(weight, serving, the branches on which Weight is omitted) of a ForwardConfig target group (as written);
    ELB treats an omitted weight as 1."""
    t = entity.model.t
    values = []
    omitted: list[Conds] = []
    for br in t.r.get(entity.stack, entry, "Weight"):
        if br.value is MISSING:
            values.append(MISSING)
            omitted.append(br.conds)
        else:
            values.extend(b.value for b in t.r.resolve(entity.stack, br.value))
    if omitted:
        return (1.0 if len(values) == 1 else None), True, tuple(omitted)
    servings = {None if number(v) is None else number(v) > 0 for v in values}  # type: ignore[operator]
    serving = servings.pop() if len(servings) == 1 else None
    weight = None
    if len(values) == 1 and isinstance(values[0], Lit) and not isinstance(values[0].value, bool):
        try:
            weight = float(values[0].value)
        except (TypeError, ValueError):
            weight = None
    return weight, serving, ()


def _targets(entity: Entity, obj: Any, conds: Conds) -> list[tuple[Key | Unknown, Conds]]:
    t = entity.model.t
    out: list[tuple[Key | Unknown, Conds]] = []
    for br in t.r.get(entity.stack, obj, "TargetGroupArn"):
        within = merge(conds, br.conds)
        if br.value is MISSING or within is None:
            continue
        for v in t.r.resolve(entity.stack, br.value):
            c = merge(within, v.conds)
            if c is not None:
                out.append((entity.model.target_group_key(v.value), c))
    return out


@dataclass(frozen=True)
class ActionSet:
    """The action types of a listener rule (``Actions``) or listener (``DefaultActions``) on one scenario."""

    conds: Conds
    types: list[tuple[int, str | Unknown]]  # (index in the list, lower-case Type or Unknown)
    prop: str

    def at(self, entity: Entity, index: int) -> Where:
        return entity.at("Properties", self.prop, index, "Type")


def _action_sets(entity: Entity, prop: str) -> list[ActionSet]:
    typed: list[Branch] = []
    for item in entity.elements(prop, conds=ALWAYS):
        if not isinstance(item.value, tuple):
            continue
        index = item.value[0]
        for f in entity.prop(prop, index, "Type", conds=item.conds):
            if f.value is not MISSING:
                kind = f.value.value.lower() if isinstance(f.value, Lit) and isinstance(f.value.value, str) else \
                    f.value if isinstance(f.value, Unknown) else Unknown("the action Type is not a literal string")
                typed.append(Branch((index, kind), f.conds))
    out: list[ActionSet] = []
    for conds, branches in scenarios(typed):
        seen: dict[int, str | Unknown] = {}
        for br in branches:
            index, kind = br.value
            if seen.setdefault(index, kind) != kind:
                seen[index] = Unknown("the action Type depends on too many Fn::If conditions")
        out.append(ActionSet(conds, sorted(seen.items(), key=lambda t: t[0]), prop))
    return out


# ---------------------------------------------------------------------- resources
class TargetGroup(Entity):
    def target_types(self, conds: Conds | None = None) -> list[Fact[tuple[Any, bool]]]:
        """``TargetType`` per branch: ``(type, set)`` with the type in lower case (``instance`` when absent, then
        ``set`` is False) or an Unknown."""
        out = []
        for f in self.prop("TargetType", conds=conds):
            if f.value is MISSING:
                out.append(Fact(("instance", False), f.conds, f.where))
            elif isinstance(f.value, Lit) and isinstance(f.value.value, str):
                out.append(Fact((f.value.value.lower(), True), f.conds, f.where))
            else:
                unknown = f.value if isinstance(f.value, Unknown) else Unknown("TargetType is not a string")
                out.append(Fact((unknown, True), f.conds, f.where))
        return out

    def setting(self, keys: tuple[str, ...], conds: Conds | None = None) -> list[Fact[Any]]:
        """A setting (``Protocol``, ``Port``, ``HealthCheckPath``, ``Matcher.HttpCode``...) in a comparable form,
        with the ELB default when it is not set (the health-check defaults depend on ``Protocol``)."""
        out = []
        for pa in self.prop("Protocol", conds=conds):
            for f in self.prop(*keys, conds=pa.conds):
                out.append(Fact(_normal(keys, f.value, pa.value), f.conds, f.where))
        return out

    def written(self, keys: tuple[str, ...]) -> Where:
        """The deepest of ``Properties.<keys>`` that is written (for a finding about a default)."""
        for n in range(len(keys), 0, -1):
            if any(f.value is not MISSING for f in self.raw(*keys[:n], conds=ALWAYS)):
                return self.at("Properties", *keys[:n])
        return self.at("Properties")

    @property
    def forwarders(self) -> list[Entity]:
        """The listeners and listener rules that forward to this target group."""
        return self.model.forwarders.get(self.node, [])

    @property
    def published(self) -> bool:
        """A top-level stack publishes it as an output: a stack outside the run may attach it."""
        return self.node in self.model.published_target_groups


def _normal(keys: tuple[str, ...], value: Any, protocol: Any) -> Any:
    proto = protocol.value.upper() if isinstance(protocol, Lit) and isinstance(protocol.value, str) else None
    if value is MISSING:
        return _default(keys, proto)
    if isinstance(value, Lit):
        text = str(value.value)
        if keys[0] in ("Protocol", "HealthCheckProtocol", "ProtocolVersion"):
            return Lit(text.upper())
        return Lit(text)
    return value


def _default(keys: tuple[str, ...], proto: str | None) -> Any:
    alb = proto in ALB_PROTOCOLS
    defaults = {
        ("HealthCheckPort",): "traffic-port",
        ("HealthCheckPath",): "/",
        ("Matcher", "GrpcCode"): "12",
        ("HealthCheckProtocol",): "HTTP" if alb else "TCP" if proto else None,
        ("ProtocolVersion",): "HTTP1" if alb else None,
        ("Matcher", "HttpCode"): "200" if alb else "200-399" if proto else None,
    }
    if keys not in defaults:
        return MISSING
    value = defaults[keys]
    return Lit(value) if value is not None else Unknown("its default depends on Protocol, which is not known")


class LoadBalancer(Entity):
    def types(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``Type`` in lower case per branch (``application`` when not set), or Unknown."""
        out = []
        for f in self.prop("Type", conds=conds):
            if f.value is MISSING:
                out.append(Fact("application", f.conds, f.where))
            elif isinstance(f.value, Lit) and isinstance(f.value.value, str):
                out.append(Fact(f.value.value.lower(), f.conds, f.where))
            else:
                out.append(Fact(f.value if isinstance(f.value, Unknown) else Unknown("Type is not a string"),
                                f.conds, f.where))
        return out


class Routing(Entity):
    """A listener or a listener rule: its actions (``DefaultActions`` / ``Actions``) read once."""

    actions_prop = "Actions"

    @cached_property
    def forwards(self) -> list[Forward]:
        return _forwards(self, self.actions_prop)

    @cached_property
    def action_sets(self) -> list[ActionSet]:
        return _action_sets(self, self.actions_prop)


class Listener(Routing):
    actions_prop = "DefaultActions"

    def load_balancers(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """The load balancer per branch: a key (Node or ARN) or Unknown."""
        out = []
        for f in self.prop("LoadBalancerArn", conds=conds):
            lb = self.model.t.names.key(f.value, LOAD_BALANCER)
            value = lb if lb is not None else Unknown(unresolved(f.value, "load balancer"))
            out.append(Fact(value, f.conds, f.where))
        return out

    def kinds(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``network`` / ``application`` / ``gateway`` per branch, or Unknown."""
        out: list[Fact[Any]] = []
        for lb in self.load_balancers(conds):
            entity = self.model.entity(lb.value) if isinstance(lb.value, Node) else None
            if isinstance(entity, LoadBalancer):
                for t in entity.types(lb.conds):
                    if isinstance(t.value, str):
                        out.append(Fact(t.value, t.conds, lb.where))
                    else:
                        out.extend(self._kind_from_protocol(t.conds, t.value))
            elif isinstance(lb.value, str) and load_balancer_type_of_arn(lb.value):
                out.append(Fact(load_balancer_type_of_arn(lb.value), lb.conds, lb.where))
            else:
                out.extend(self._kind_from_protocol(lb.conds, lb.value))
        return out

    def _kind_from_protocol(self, conds: Conds, why: object) -> list[Fact[Any]]:
        out: list[Fact[Any]] = []
        for p in self.prop("Protocol", conds=conds):
            text = p.value.value.upper() if isinstance(p.value, Lit) and isinstance(p.value.value, str) else None
            if text in NLB_PROTOCOLS:
                out.append(Fact("network", p.conds, p.where))
            elif text in ALB_PROTOCOLS:
                out.append(Fact("application", p.conds, p.where))
            else:
                reason = why.reason if isinstance(why, Unknown) else "its load balancer is not defined in this run"
                out.append(Fact(Unknown(f"the type of the load balancer of listener {self.logical_id} is not "
                                        f"known: {reason}"), p.conds, p.where))
        return out

    @cached_property
    def kind(self) -> str | None:
        """The load balancer type when it is the same on every branch, else None."""
        found = {f.value if isinstance(f.value, str) else None for f in self.kinds(ALWAYS)}
        return found.pop() if len(found) == 1 else None

    @property
    def rules(self) -> list[ListenerRule]:
        return self.model.listener_rules_of.get(self.node, [])

    def traffic(self, conds: Conds = ALWAYS) -> list[Traffic]:
        """What the listener sends traffic to, per Fn::If scenario of its default actions: the target groups of
        its default actions and of its listener rules that may receive traffic."""
        rule_targets: list[Key] = []
        unknown: list[str] = []
        for rule in self.rules:
            for f in rule.forwards:
                if isinstance(f.tg, Unknown):
                    unknown.append(f.tg.reason)
                elif f.receiving and f.tg not in rule_targets:
                    rule_targets.append(f.tg)
        out = []
        for choice, members in scenarios([f for f in self.forwards if merge(f.conds, conds) is not None]):
            within = merge(choice, conds)
            if within is None:
                continue
            targets = [f.tg for f in members if not isinstance(f.tg, Unknown) and f.receiving]
            why = unknown + [f.tg.reason for f in members if isinstance(f.tg, Unknown)]
            out.append(Traffic(within, list(dict.fromkeys(targets)), rule_targets, why))
        return out


@dataclass(frozen=True)
class Traffic:
    """What a listener forwards to on one scenario."""

    conds: Conds
    targets: list[Key]  # target groups of the default actions that may receive traffic
    rule_targets: list[Key]  # target groups the listener's rules forward to
    unknown: list[str]  # why some target cannot be told

    def receives(self, model: Any, tg: Key) -> bool | None:
        verdicts = [model.same(tg, other, "Name") for other in self.targets + self.rule_targets]
        if True in verdicts:
            return True
        return None if self.unknown or None in verdicts else False


class ListenerRule(Routing):
    actions_prop = "Actions"

    def listeners(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``ListenerArn`` per branch: a listener key (Node or ARN), or None when it is not known."""
        return [Fact(self.model.t.names.key(f.value, LISTENER), f.conds, f.where)
                for f in self.prop("ListenerArn", conds=conds)]

    @cached_property
    def kind(self) -> str | None:
        """The type of the load balancer of the rule's listener when it is one, else None."""
        found: set[str | None] = set()
        for f in self.listeners(ALWAYS):
            found.add(listener_kind(self.model, f.value) if f.value is not None else None)
        return found.pop() if len(found) == 1 else None


def listener_kind(model: Any, listener: Key) -> str | None:
    """The load balancer type of a listener key: from the listener in the run, or from its ARN."""
    if isinstance(listener, str):
        return elb_route_arn(listener)[1]
    entity = model.entity(listener)
    return entity.kind if isinstance(entity, Listener) else None
