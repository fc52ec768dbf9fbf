"""Helpers shared by the load-balancer topology rules (LB-03..LB-09, GEN-05); not a rule itself.

What a listener or listener rule forwards to (with weights and unknowns), which listeners and rules
attach a target group, the load-balancer kind behind a listener, the deployment configuration a group
uses, and whether CloudFormation creates one resource before another (DependsOn, references,
nested stacks, cross-stack imports).
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cfncheck.inputs.stack import Stack
from cfncheck.model.legacy import (
    DEPLOYMENT_CONFIG,
    LISTENER,
    LISTENER_RULE,
    LOAD_BALANCER,
    TARGET_GROUP,
    DeploymentGroup,
    Key,
    Model,
    scenarios,
)
from cfncheck.template.values import ALWAYS, MISSING, Branch, Conds, Lit, Node, ResRef, Unknown, merge

Path = tuple[str | int, ...]
PAIR_PATH: Path = ("Properties", "LoadBalancerInfo", "TargetGroupPairInfoList", 0)
NESTED_STACK = "AWS::CloudFormation::Stack"
NLB_PROTOCOLS = ("TCP", "UDP", "TCP_UDP", "TLS")
ALB_PROTOCOLS = ("HTTP", "HTTPS")
ALL_AT_ONCE = "CodeDeployDefault.ECSAllAtOnce"
_SUB_VAR = re.compile(r"\$\{([^}!][^}]*)\}")


def show(key: object) -> str:
    """A resource as ``LogicalId (stack)``, anything else as text."""
    if isinstance(key, Node):
        return f"{key.logical_id} ({key.stack.name})"
    return str(key)


def is_intrinsic(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)).startswith(("Fn::", "Ref"))


def counted(model: Model, node: Node, keys: Path, conds: Conds) -> list[tuple[Conds, list[Branch] | Unknown]]:
    """The elements of the list at ``Properties.<keys>``, per branch and per Fn::If scenario.

    Returns (choices, elements) pairs; elements is Unknown when the list itself is computed, and MISSING
    lists are left out (the caller decides whether absence is an error).
    """
    out: list[tuple[Conds, list[Branch] | Unknown]] = []
    for lst in model.raw(node, *keys, conds=conds):
        if lst.value is MISSING:
            continue
        items = [Branch(b.value, m) for b in model.r.items(node.stack, lst.value)
                 if (m := merge(lst.conds, b.conds)) is not None]
        unknown = next((b.value for b in items if isinstance(b.value, Unknown)), None)
        if unknown is not None or (not isinstance(lst.value, list) and not items):
            out.append((lst.conds, unknown or Unknown("the list is computed by an intrinsic function")))
            continue
        for choice, members in scenarios(items):
            scenario = merge(lst.conds, choice)
            if scenario is not None:
                out.append((scenario, members))
    return out


# ---------------------------------------------------------------------- what listeners forward to
@dataclass
class Forwards:
    """What the actions of one listener (DefaultActions) or rule (Actions) forward to."""

    weighted: dict[Key, float | None] = field(default_factory=dict)  # target group -> weight (None: unknown)
    unknown: list[str] = field(default_factory=list)  # reasons some target could not be resolved

    @property
    def receiving(self) -> set[Key]:
        """Target groups that get traffic (weight above 0, or not known to be 0)."""
        return {k for k, w in self.weighted.items() if w is None or w > 0}


def forwards(model: Model, node: Node, prop: str, conds: Conds = ALWAYS) -> list[Branch]:
    """Branch(Forwards) for every Fn::If branch of ``prop`` (``DefaultActions`` / ``Actions``)."""
    out: list[Branch] = []
    stack = node.stack
    for actions in model.raw(node, prop, conds=conds):
        fw = Forwards()
        if actions.value is not MISSING:
            for item in model.r.items(stack, actions.value):
                if isinstance(item.value, Unknown):
                    fw.unknown.append(item.value.reason)
                    continue
                _add_action(model, stack, item.value[1], fw)
        out.append(Branch(fw, actions.conds))
    return out


def _add_action(model: Model, stack: Stack, action: Any, fw: Forwards) -> None:
    for br in model.r.get(stack, action, "TargetGroupArn"):
        _add_target(model, stack, br.value, 1.0, fw)
    for fc in model.r.get(stack, action, "ForwardConfig", "TargetGroups"):
        if fc.value is MISSING:
            continue
        for tgi in model.r.items(stack, fc.value):
            if isinstance(tgi.value, Unknown):
                fw.unknown.append(tgi.value.reason)
                continue
            weight = _weight(model, stack, tgi.value[1])
            for br in model.r.get(stack, tgi.value[1], "TargetGroupArn"):
                _add_target(model, stack, br.value, weight, fw)


def _weight(model: Model, stack: Stack, entry: Any) -> float | None:
    values = [b.value for br in model.r.get(stack, entry, "Weight")
              for b in (model.r.resolve(stack, br.value) if br.value is not MISSING else [Branch(MISSING)])]
    if len(values) != 1:
        return None
    value = values[0]
    if value is MISSING:
        return 1.0  # ELBv2 treats an omitted weight as 1
    if isinstance(value, Lit) and not isinstance(value.value, bool):
        try:
            return float(value.value)
        except (TypeError, ValueError):
            return None
    return None


def _add_target(model: Model, stack: Stack, expr: Any, weight: float | None, fw: Forwards) -> None:
    if expr is MISSING:
        return
    for br in model.r.resolve(stack, expr):
        key = model.target_group(br.value)
        if key is None:
            fw.unknown.append(br.value.reason if isinstance(br.value, Unknown) else "a computed target group")
            continue
        old = fw.weighted.get(key, 0.0)
        fw.weighted[key] = None if old is None or weight is None else max(old, weight)


# ---------------------------------------------------------------------- per-run indexes (cached)
@dataclass
class Index:
    attachers: dict[Key, list[Node]]  # target group -> listeners and rules forwarding to it
    unknown_forwards: list[tuple[Node, str]]  # listeners/rules with a target that cannot be resolved
    rules_of: dict[Key, list[Node]]  # listener -> its listener rules
    published: set[Node]  # target groups a top-level stack publishes (Outputs): a stack outside may use them
    top_stacks: dict[str, list[Stack]]
    deps: dict[tuple[int, str], tuple[set[str], set[int]]] = field(default_factory=dict)
    stacks_by_id: dict[int, Stack] = field(default_factory=dict)


_INDEX: weakref.WeakKeyDictionary[Model, Index] = weakref.WeakKeyDictionary()


def index(model: Model) -> Index:
    found = _INDEX.get(model)
    if found is None:
        found = _build_index(model)
        _INDEX[model] = found
    return found


def _build_index(model: Model) -> Index:
    attachers: dict[Key, list[Node]] = defaultdict(list)
    unknown: list[tuple[Node, str]] = []
    rules_of: dict[Key, list[Node]] = defaultdict(list)
    for node, prop in [(n, "DefaultActions") for n in model.by_type[LISTENER]] + \
                      [(n, "Actions") for n in model.by_type[LISTENER_RULE]]:
        if model.exists(node) is None:
            continue
        seen: set[Key] = set()
        for br in forwards(model, node, prop):
            seen.update(br.value.weighted)
            unknown.extend((node, reason) for reason in br.value.unknown)
        for key in seen:
            attachers[key].append(node)
    for rule in model.by_type[LISTENER_RULE]:
        for br in model.values(rule, "ListenerArn"):
            key = model.key(br.value, LISTENER)
            if key is not None and rule not in rules_of[key]:
                rules_of[key].append(rule)
    published: set[Node] = set()
    top: dict[str, list[Stack]] = defaultdict(list)
    for stack in model.stacks:
        if stack.parent is not None:
            continue
        top[stack.name].append(stack)
        outputs = stack.template.get("Outputs")
        for output in outputs.values() if isinstance(outputs, dict) else []:
            if isinstance(output, dict) and "Value" in output:
                for br in model.r.resolve(stack, output["Value"]):
                    if isinstance(br.value, ResRef) and br.value.node.type == TARGET_GROUP:
                        published.add(br.value.node)
    return Index(attachers, unknown, rules_of, published, top,
                 stacks_by_id={id(s): s for s in model.stacks})


# ---------------------------------------------------------------------- creation order
def _direct(model: Model, idx: Index, stack: Stack, logical_id: str) -> tuple[set[str], set[int]]:
    """Resources of the same stack that ``logical_id`` waits for, and stacks (by id) it waits for."""
    key = (id(stack), logical_id)
    hit = idx.deps.get(key)
    if hit is not None:
        return hit
    same: set[str] = set()
    stacks: set[int] = set()
    res = stack.resource(logical_id) or {}
    depends = res.get("DependsOn")
    for name in [depends] if isinstance(depends, str) else depends if isinstance(depends, list) else []:
        if isinstance(name, str) and name in stack.resources:
            same.add(name)
    for part in ("Properties", "Condition"):
        if part in res:
            _scan(model, idx, stack, res[part], same, stacks, {})
    same.discard(logical_id)
    idx.deps[key] = (same, stacks)
    return same, stacks


def _scan(model: Model, idx: Index, stack: Stack, expr: Any, same: set[str], stacks: set[int],
          shadow: dict[str, Any]) -> None:
    if isinstance(expr, list):
        for item in expr:
            _scan(model, idx, stack, item, same, stacks, shadow)
        return
    if not isinstance(expr, dict):
        return
    if len(expr) == 1:
        (fn, args), = expr.items()
        if fn == "Ref" and isinstance(args, str):
            if args in stack.resources:
                same.add(args)
            return
        if fn == "Fn::GetAtt":
            logical = args[0] if isinstance(args, list) and args else args.split(".")[0] if isinstance(args, str) \
                else None
            if isinstance(logical, str) and logical in stack.resources:
                same.add(logical)
            return
        if fn == "Fn::Sub":
            _scan_sub(model, idx, stack, args, same, stacks)
            return
        if fn == "Fn::ImportValue":
            stacks.update(id(s) for s in _importers(model, idx, stack, args))
            _scan(model, idx, stack, args, same, stacks, shadow)
            return
        if fn == "Fn::GetStackOutput" and isinstance(args, dict):
            stacks.update(id(s) for s in _producers(model, idx, stack, args.get("StackName", MISSING)))
            _scan(model, idx, stack, args, same, stacks, shadow)
            return
    for value in expr.values():
        _scan(model, idx, stack, value, same, stacks, shadow)


def _scan_sub(model: Model, idx: Index, stack: Stack, args: Any, same: set[str], stacks: set[int]) -> None:
    body, variables = (args, {}) if isinstance(args, str) else (args[0], args[1]) \
        if isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], dict) \
        else ("", {})
    for value in variables.values():
        _scan(model, idx, stack, value, same, stacks, {})
    for m in _SUB_VAR.finditer(body):
        name = m.group(1).split(".")[0]
        if name not in variables and name in stack.resources:
            same.add(name)


def _importers(model: Model, idx: Index, stack: Stack, args: Any) -> list[Stack]:
    out: list[Stack] = []
    for br in model.r.resolve(stack, args):
        if isinstance(br.value, Lit) and isinstance(br.value.value, str):
            producers = model.r.exports().get(br.value.value, [])
            same_origin = [p for p, _ in producers if p.origin == stack.origin]
            out.extend(same_origin or [p for p, _ in producers])
    return out


def _producers(model: Model, idx: Index, stack: Stack, name_expr: Any) -> list[Stack]:
    out: list[Stack] = []
    for br in model.r.resolve(stack, name_expr):
        if isinstance(br.value, Lit) and isinstance(br.value.value, str):
            name = br.value.value.rsplit(":stack/", 1)[-1].split("/")[0]
            candidates = idx.top_stacks.get(name, [])
            same_origin = [s for s in candidates if s.origin == stack.origin]
            out.extend(same_origin or candidates)
    return out


def created_before(model: Model, later: Node, earlier: Iterable[Node]) -> bool:
    """Whether CloudFormation finishes one of ``earlier`` before it starts creating ``later``.

    Follows DependsOn and Ref/GetAtt/Sub references transitively, nested stacks (a nested stack resource
    is complete when everything in its template is; a resource in a nested stack starts after what its
    parent's stack resource waits for) and cross-stack Fn::ImportValue / Fn::GetStackOutput (the whole
    producing stack exists before the consumer is deployed).
    """
    idx = index(model)
    wanted = {(id(n.stack), n.logical_id) for n in earlier}
    if not wanted:
        return False
    seen: set[tuple] = set()
    queue: deque[tuple] = deque([("pre", id(later.stack), later.logical_id)])
    while queue:
        item = queue.popleft()
        if item in seen:
            continue
        seen.add(item)
        for nxt in _expand(model, idx, item):
            if nxt[0] == "res" and (nxt[1], nxt[2]) in wanted:
                return True
            if nxt not in seen:
                queue.append(nxt)
    return False


def _expand(model: Model, idx: Index, item: tuple) -> Iterable[tuple]:
    kind, stack_id = item[0], item[1]
    stack = idx.stacks_by_id[stack_id]
    if kind == "stack":
        for logical_id in stack.resources:
            yield ("res", stack_id, logical_id)
    else:
        logical_id = item[2]
        same, stacks = _direct(model, idx, stack, logical_id)
        for name in sorted(same):
            yield ("res", stack_id, name)
        for other in stacks:
            if other != stack_id:
                yield ("stack", other)
        child = stack.children.get(logical_id)
        if kind == "res" and child is not None:
            yield ("stack", id(child))
    if stack.parent is not None and stack.parent_resource is not None:
        yield ("pre", id(stack.parent), stack.parent_resource)


# ---------------------------------------------------------------------- load balancer kind, deployment config
def load_balancer_kind(model: Model, listener: Key, conds: Conds) -> list[Branch]:
    """Branch(Lit("network" | "application" | "gateway")) or Branch(Unknown) for a listener."""
    if not isinstance(listener, Node) or listener.type != LISTENER:
        return [Branch(Unknown(f"listener {listener} is not defined in this run"), conds)]
    out: list[Branch] = []
    for lb in model.load_balancer_of(listener, conds):
        if isinstance(lb.value, Node) and lb.value.type == LOAD_BALANCER:
            for t in model.values(lb.value, "Type", conds=lb.conds):
                if t.value is MISSING:
                    out.append(Branch(Lit("application"), t.conds))
                elif isinstance(t.value, Lit) and isinstance(t.value.value, str):
                    out.append(Branch(Lit(t.value.value.lower()), t.conds))
                else:
                    out.extend(_kind_from_protocol(model, listener, t.conds, t.value))
        else:
            out.extend(_kind_from_protocol(model, listener, lb.conds, lb.value))
    return out


def _kind_from_protocol(model: Model, listener: Node, conds: Conds, why: object) -> list[Branch]:
    out: list[Branch] = []
    for p in model.values(listener, "Protocol", conds=conds):
        text = p.value.value.upper() if isinstance(p.value, Lit) and isinstance(p.value.value, str) else None
        if text in NLB_PROTOCOLS:
            out.append(Branch(Lit("network"), p.conds))
        elif text in ALB_PROTOCOLS:
            out.append(Branch(Lit("application"), p.conds))
        else:
            reason = why.reason if isinstance(why, Unknown) else "its load balancer is not defined in this run"
            out.append(Branch(Unknown(f"the type of the load balancer of listener {listener.logical_id} is not "
                                      f"known: {reason}"), p.conds))
    return out


@dataclass(frozen=True)
class ConfigKind:
    """What a deployment group's DeploymentConfigName means for traffic shifting."""

    all_at_once: bool
    name: str
    config: Node | None = None  # the custom AWS::CodeDeploy::DeploymentConfig, if it is one


def deployment_config(model: Model, group: DeploymentGroup) -> list[Branch]:
    """Branch(ConfigKind), Branch(Unknown), or Branch(None) when it is not an ECS configuration (CD-04's job)."""
    out: list[Branch] = []
    for br in model.values(group.node, "DeploymentConfigName", conds=group.conds):
        value = br.value
        if isinstance(value, ResRef):
            out.extend(_custom(model, value.node, br.conds))
        elif isinstance(value, Lit) and isinstance(value.value, str):
            name = value.value
            if name.lower().startswith("codedeploydefault."):
                ecs = name.lower().startswith("codedeploydefault.ecs")
                kind = ConfigKind(name.lower() == ALL_AT_ONCE.lower(), name) if ecs else None
                out.append(Branch(kind, br.conds))
                continue
            configs = model.names(DEPLOYMENT_CONFIG, "DeploymentConfigName").get(name, [])
            if len(configs) == 1:
                out.extend(_custom(model, configs[0], br.conds))
            else:
                out.append(Branch(Unknown(f"the custom deployment configuration {name!r} is not defined in this "
                                          "run"), br.conds))
        elif value is MISSING:
            out.append(Branch(None, br.conds))
        else:
            out.append(Branch(value if isinstance(value, Unknown) else Unknown("a computed configuration name"),
                              br.conds))
    return out


def _custom(model: Model, config: Node, conds: Conds) -> list[Branch]:
    if config.type != DEPLOYMENT_CONFIG:
        return [Branch(None, conds)]
    out: list[Branch] = []
    for platform in model.values(config, "ComputePlatform", conds=conds):
        if platform.value != Lit("ECS"):
            out.append(Branch(None, platform.conds))  # not an ECS configuration: CD-04
            continue
        for t in model.values(config, "TrafficRoutingConfig", "Type", conds=platform.conds):
            if isinstance(t.value, Lit) and isinstance(t.value.value, str):
                out.append(Branch(ConfigKind(t.value.value == "AllAtOnce", config.logical_id, config), t.conds))
            elif t.value is MISSING:
                out.append(Branch(None, t.conds))  # an ECS config needs TrafficRoutingConfig: CD-05
            else:
                out.append(Branch(Unknown(f"the traffic routing type of {config.logical_id} is not known"),
                                  t.conds))
    return out
