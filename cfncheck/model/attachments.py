"""Joins over every listener and listener rule of the run: who forwards to which target group, the load
balancers behind a target group and behind a listener given by key or ARN, and the target groups a stack
publishes. Built once per model (see :class:`~cfncheck.model.bluegreen.Model`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from cfncheck.model.base import Entity
from cfncheck.model.elb import TARGET_GROUP, Listener, ListenerRule
from cfncheck.template.names import Key, elb_route_arn, load_balancer_of_listener_arn
from cfncheck.template.values import ALWAYS, Branch, Conds, Node, ResRef, Unknown


def listener_kinds(model: Any, listener: Key | Unknown, conds: Conds) -> list[Any]:
    """The load balancer type of a listener key per branch (``network``, ``application``...), or Unknown."""
    entity = model.entity(listener) if isinstance(listener, Node) else None
    if isinstance(entity, Listener):
        return entity.kinds(conds)
    kind = elb_route_arn(listener)[1] if isinstance(listener, str) else None
    if kind is not None:
        return [Branch(kind, conds)]
    return [Branch(Unknown(f"listener {listener} is not defined in this run"), conds)]


def listener_load_balancers(model: Any, listener: Key | Unknown, conds: Conds) -> list[Any]:
    """The load balancer(s) of a listener key per branch: a key or Unknown. A listener given by ARN names its
    load balancer in the ARN."""
    if isinstance(listener, Unknown):
        return [Branch(listener, conds)]
    if isinstance(listener, Node):
        entity = model.entity(listener)
        if isinstance(entity, Listener):
            return entity.load_balancers(conds)
    arn_lb = load_balancer_of_listener_arn(listener)
    if arn_lb is not None:
        return [Branch(arn_lb, conds)]
    return [Branch(Unknown(f"listener {listener} is not defined in this run"), conds)]


@dataclass
class ForwardIndex:
    """Who forwards to which target group, built once over every listener and listener rule of the run."""

    forwarders: dict[Key, list[Entity]] = field(default_factory=lambda: defaultdict(list))
    unknown: list[tuple[Entity, str]] = field(default_factory=list)  # forwards whose target is not known
    load_balancers: dict[Key, set[Key]] = field(default_factory=lambda: defaultdict(set))
    rules_of: dict[Key, list[ListenerRule]] = field(default_factory=lambda: defaultdict(list))


def forward_index(model: Any) -> ForwardIndex:
    index = ForwardIndex()
    for rule in model.listener_rules_all:
        for f in rule.listeners(ALWAYS):
            if f.value is not None and rule not in index.rules_of[f.value]:
                index.rules_of[f.value].append(rule)
    for entity in [*model.listeners_all, *model.listener_rules_all]:
        lbs: set[Key] = set()
        if isinstance(entity, Listener):
            lbs = {f.value for f in entity.load_balancers(ALWAYS) if not isinstance(f.value, Unknown)}
        else:
            for f in entity.listeners(ALWAYS):
                listener = model.entity(f.value) if isinstance(f.value, Node) else None
                if isinstance(listener, Listener):
                    lbs.update(b.value for b in listener.load_balancers(ALWAYS) if not isinstance(b.value, Unknown))
        seen: list[Key] = []
        for fw in entity.forwards:
            if isinstance(fw.tg, Unknown):
                if entity.exists:
                    index.unknown.append((entity, fw.tg.reason))
                continue
            if fw.tg not in seen:
                seen.append(fw.tg)
            index.load_balancers[fw.tg].update(lbs)
        if entity.exists:
            for key in seen:
                index.forwarders[key].append(entity)
    return index


def published_target_groups(model: Any) -> set[Node]:
    """Target groups that a top-level stack publishes as an output."""
    out: set[Node] = set()
    for stack in model.stacks:
        if stack.parent is not None:
            continue
        outputs = stack.template.get("Outputs")
        for output in outputs.values() if isinstance(outputs, dict) else []:
            if isinstance(output, dict) and "Value" in output:
                for br in model.t.r.resolve(stack, output["Value"]):
                    if isinstance(br.value, ResRef) and br.value.node.type == TARGET_GROUP:
                        out.add(br.value.node)
    return out
