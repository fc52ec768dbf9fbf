"""The blue/green model: who deploys which ECS service, with which target groups, listeners and config.

Built from the resolved graph of every stack in the run. Every answer is a list of
:class:`~cfncheck.values.Branch` so that ``Fn::If`` alternatives and unknowns travel with it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from cfncheck.inputs.stack import Stack
from cfncheck.template import Templates
from cfncheck.template.names import arn_resource_name, nearest  # noqa: F401
from cfncheck.template.values import ALWAYS, MISSING, OUTSIDE_RUN, Branch, Conds, Lit, Node, ResRef, Unknown, merge

SERVICE = "AWS::ECS::Service"
CLUSTER = "AWS::ECS::Cluster"
TASK_DEFINITION = "AWS::ECS::TaskDefinition"
CAPACITY_ASSOCIATIONS = "AWS::ECS::ClusterCapacityProviderAssociations"
DEPLOYMENT_GROUP = "AWS::CodeDeploy::DeploymentGroup"
APPLICATION = "AWS::CodeDeploy::Application"
DEPLOYMENT_CONFIG = "AWS::CodeDeploy::DeploymentConfig"
TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup"
LISTENER = "AWS::ElasticLoadBalancingV2::Listener"
LISTENER_RULE = "AWS::ElasticLoadBalancingV2::ListenerRule"
LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer"

# An identity for a thing that may be a resource in the run (Node) or only known by name/ARN (str).
Key = Node | str


@dataclass
class Target:
    """One ``ECSServices`` entry of a deployment group, matched to a service (or not)."""

    index: int
    service: Node | None
    reason: str | None  # why it could not be matched
    conds: Conds


@dataclass
class DeploymentGroup:
    node: Node
    conds: Conds
    targets: list[Target] = field(default_factory=list)


class Model:
    def __init__(self, stacks: list[Stack], templates: Templates | None = None) -> None:
        self.stacks = stacks
        self.t = templates or Templates(stacks)
        self.r = self.t.r
        self.logic = self.t.conditions
        self.by_type: dict[str, list[Node]] = defaultdict(list, {k: list(v) for k, v in self.t.by_type.items()})
        self._names: dict[tuple[str, str], dict[str, list[Node]]] = {}
        self._tg_lbs: dict[Key, set[Key]] | None = None
        self.groups: list[DeploymentGroup] = []
        self._groups_by_service: dict[Node, list[tuple[DeploymentGroup, Target]]] = defaultdict(list)
        for node in self.by_type[DEPLOYMENT_GROUP]:
            conds = self.r.resource_conds(node)
            if conds is None or "ECSServices" not in node.properties:
                continue
            group = DeploymentGroup(node, conds, self._targets(node, conds))
            self.groups.append(group)
            for target in group.targets:
                if target.service is not None:
                    self._groups_by_service[target.service].append((group, target))

    # ------------------------------------------------------------------ generic helpers
    @property
    def services(self) -> list[Node]:
        return self.by_type[SERVICE]

    def values(self, node: Node, *keys: str | int, conds: Conds = ALWAYS) -> list[Branch]:
        """Resolved values of ``Properties.<keys>`` of ``node``, MISSING where absent."""
        out: list[Branch] = []
        for br in self.r.get(node.stack, node.properties, *keys):
            base = merge(conds, br.conds)
            if base is None:
                continue
            if br.value is MISSING:
                out.append(Branch(MISSING, base))
                continue
            for sub in self.r.resolve(node.stack, br.value):
                merged = merge(base, sub.conds)
                if merged is not None:
                    out.append(Branch(sub.value, merged))
        return out

    def raw(self, node: Node, *keys: str | int, conds: Conds = ALWAYS) -> list[Branch]:
        """Unresolved template data at ``Properties.<keys>`` on every Fn::If branch."""
        out = []
        for br in self.r.get(node.stack, node.properties, *keys):
            merged = merge(conds, br.conds)
            if merged is not None:
                out.append(Branch(br.value, merged))
        return out

    def elements(self, node: Node, *keys: str | int, conds: Conds = ALWAYS) -> list[Branch]:
        """Every element of the list at ``Properties.<keys>`` on every branch: Branch((index, raw element)) or
        Branch(Unknown) for a list computed at deploy time; an absent list gives nothing."""
        out: list[Branch] = []
        for lst in self.raw(node, *keys, conds=conds):
            if lst.value is MISSING:
                continue
            for item in self.r.items(node.stack, lst.value):
                merged = merge(lst.conds, item.conds)
                if merged is not None:
                    out.append(Branch(item.value, merged))
        return out

    def exists(self, node: Node) -> Conds | None:
        return self.r.resource_conds(node)

    def names(self, rtype: str, prop: str) -> dict[str, list[Node]]:
        return self.t.names.index(rtype, prop)

    def key(self, value: Any, rtype: str, name_prop: str | None = None, arn_kind: str | None = None) -> Key | None:
        return self.t.names.key(value, rtype, name_prop, arn_kind)

    def literal_name(self, node: Node, prop: str) -> str | None:
        return self.t.names.literal_name(node, prop)

    def same(self, a: Key, b: Key, name_prop: str) -> bool | None:
        return self.t.names.same(a, b, name_prop)

    # ------------------------------------------------------------------ ECS services
    def controller(self, service: Node, conds: Conds = ALWAYS) -> list[Branch]:
        """``DeploymentController.Type`` per branch: Lit (``ECS`` when absent) or Unknown."""
        out = []
        for br in self.values(service, "DeploymentController", "Type", conds=conds):
            value = Lit("ECS") if br.value is MISSING else br.value
            out.append(Branch(value, br.conds))
        return out

    def is_fargate(self, service: Node, conds: Conds = ALWAYS) -> list[Branch]:
        """Lit(True) for Fargate (launch type or capacity providers), Lit(False) for EC2, or Unknown."""
        out: list[Branch] = []
        for lt in self.values(service, "LaunchType", conds=conds):
            if isinstance(lt.value, Lit):
                out.append(Branch(Lit(lt.value.value == "FARGATE"), lt.conds))
                continue
            if isinstance(lt.value, Unknown):
                out.append(lt)
                continue
            strategy = self.raw(service, "CapacityProviderStrategy", conds=lt.conds)
            for st in strategy:
                if st.value is MISSING:
                    out.extend(self._cluster_default_fargate(service, st.conds))
                else:
                    out.extend(self._strategy_fargate(service.stack, st.value, st.conds))
        return out

    def _strategy_fargate(self, stack: Stack, strategy: Any, conds: Conds) -> list[Branch]:
        providers: list[Branch] = []
        for item in self.r.items(stack, strategy):
            if isinstance(item.value, Unknown):
                return [Branch(item.value, conds)]
            _, entry = item.value
            sub = self.r.get(stack, entry, "CapacityProvider")
            for s in sub:
                providers.extend(self.r.resolve(stack, s.value) if s.value is not MISSING else [])
        if not providers:
            return [Branch(Lit(False), conds)]
        fargate = []
        for p in providers:
            if isinstance(p.value, Lit):
                fargate.append(str(p.value.value) in ("FARGATE", "FARGATE_SPOT"))
            elif isinstance(p.value, ResRef) and p.value.node.type == "AWS::ECS::CapacityProvider":
                fargate.append(False)  # a capacity provider resource is always an Auto Scaling group one
            else:
                return [Branch(Unknown("a capacity provider known only at deploy time"), conds)]
        if all(fargate):
            return [Branch(Lit(True), conds)]
        return [Branch(Lit(False), conds)]

    def _cluster_default_fargate(self, service: Node, conds: Conds) -> list[Branch]:
        out: list[Branch] = []
        for cl in self.values(service, "Cluster", conds=conds):
            cluster = self.key(cl.value, CLUSTER, "ClusterName", "cluster")
            if not isinstance(cluster, Node):
                out.append(Branch(Unknown("the cluster's default capacity provider strategy is not in this run"),
                                  cl.conds))
                continue
            strategies = [Branch(b.value, b.conds) for b in self.raw(cluster, "DefaultCapacityProviderStrategy",
                                                                      conds=cl.conds) if b.value is not MISSING]
            for assoc in self.by_type[CAPACITY_ASSOCIATIONS]:
                for c in self.values(assoc, "Cluster", conds=cl.conds):
                    if self.key(c.value, CLUSTER, "ClusterName", "cluster") == cluster:
                        strategies.extend(b for b in self.raw(assoc, "DefaultCapacityProviderStrategy",
                                                              conds=c.conds) if b.value is not MISSING)
            if not strategies:
                out.append(Branch(Lit(False), cl.conds))  # no strategy anywhere: EC2 launch type
            for st in strategies:
                out.extend(self._strategy_fargate(cluster.stack, st.value, st.conds))
        return out

    def task_definitions(self, owner: Node, conds: Conds = ALWAYS, prop: str = "TaskDefinition") -> list[Branch]:
        """The task definition of a service or task set: Branch(Node), Branch(MISSING) or Branch(Unknown).

        ``TaskDefinition`` may be ``Ref`` to a task definition (its ARN), the family string CDK renders for
        CODE_DEPLOY services (``family`` or ``family:revision``), or a task-definition ARN; names are matched
        on ``Family`` among the task definitions a deployment next to ``owner`` can mean, preferring the one
        in the owner's own template (what the CDK renders, with a DependsOn on it). A name that no task
        definition of the run has is ``Unknown`` with source :data:`OUTSIDE_RUN`.
        """
        out: list[Branch] = []
        for br in self.values(owner, prop, conds=conds):
            value = br.value
            if value is MISSING or isinstance(value, Unknown):
                out.append(br)
            elif isinstance(value, ResRef):
                if value.node.type == TASK_DEFINITION:
                    out.append(Branch(value.node, br.conds))
                else:
                    out.append(Branch(Unknown(f"{prop} refers to {value.node!r}, a {value.node.type}"), br.conds))
            elif isinstance(value, Lit) and isinstance(value.value, str) and value.value:
                out.append(Branch(self._task_definition_named(owner, value.value), br.conds))
            else:
                out.append(Branch(Unknown(f"{prop} is not a task definition"), br.conds))
        return out

    def _task_definition_named(self, owner: Node, text: str) -> Node | Unknown:
        family = (arn_resource_name(text, "task-definition") or text).split(":", 1)[0]
        found = nearest(owner.stack, self.names(TASK_DEFINITION, "Family").get(family, []))
        local = [n for n in found if n.stack is owner.stack]
        if len(found) == 1 or len(local) == 1:
            return found[0] if len(found) == 1 else local[0]
        if found:
            return Unknown(f"several task definitions have the family {family!r}")
        return Unknown(f"no task definition in this run has the family {family!r}", OUTSIDE_RUN)

    # ------------------------------------------------------------------ deployment groups
    def _targets(self, dg: Node, base: Conds) -> list[Target]:
        out: list[Target] = []
        for item in self.r.items(dg.stack, dg.properties.get("ECSServices", MISSING)):
            conds = merge(base, item.conds)
            if conds is None:
                continue
            if isinstance(item.value, Unknown):
                out.append(Target(0, None, item.value.reason, conds))
                continue
            index, entry = item.value
            for name_br in self.values(dg, "ECSServices", index, "ServiceName", conds=conds):
                for cluster_br in self.values(dg, "ECSServices", index, "ClusterName", conds=name_br.conds):
                    out.extend(self._match_service(dg.stack, index, name_br.value, cluster_br.value,
                                                   cluster_br.conds))
        return out

    def _match_service(self, dg_stack: Stack, index: int, name: Any, cluster: Any, conds: Conds) -> list[Target]:
        if isinstance(name, Unknown):
            return [Target(index, None, f"the service name is not known from the templates: {name.reason}", conds)]
        if isinstance(name, ResRef):
            if name.node.type == SERVICE:
                return [Target(index, name.node, None, conds)]
            return [Target(index, None, f"ServiceName refers to {name.node!r}, a {name.node.type}", conds)]
        if not (isinstance(name, Lit) and isinstance(name.value, str)):
            return [Target(index, None, "ServiceName is missing", conds)]
        text = name.value
        service_name = arn_resource_name(text, "service") or text
        candidates = nearest(dg_stack, self.names(SERVICE, "ServiceName").get(service_name, []))
        cluster_key = self.key(cluster, CLUSTER, "ClusterName", "cluster")
        matched: list[Target] = []
        for svc in candidates:
            for cl in self.values(svc, "Cluster", conds=conds):
                svc_cluster = Lit("default") if cl.value is MISSING else cl.value
                other = self.key(svc_cluster, CLUSTER, "ClusterName", "cluster")
                if cluster_key is None or other is None or self.same(cluster_key, other, "ClusterName") is not False:
                    matched.append(Target(index, svc, None, cl.conds))
                    break
        if matched:
            return matched
        where = f" in cluster {cluster_key!r}" if isinstance(cluster_key, str) else ""
        return [Target(index, None, f"no ECS service named {service_name!r}{where} is defined in this run", conds)]

    def groups_for(self, service: Node) -> list[tuple[DeploymentGroup, Target]]:
        return self._groups_by_service.get(service, [])

    # ------------------------------------------------------------------ load balancing
    def target_group(self, value: Any) -> Key | None:
        return self.key(value, TARGET_GROUP, "Name", "targetgroup")

    def load_balancer_of(self, listener: Key, conds: Conds = ALWAYS) -> list[Branch]:
        """The load balancer(s) of a listener: Branch(Key) or Branch(Unknown)."""
        if not isinstance(listener, Node) or listener.type != LISTENER:
            return [Branch(Unknown(f"listener {listener} is not defined in this run"), conds)]
        out = []
        for br in self.values(listener, "LoadBalancerArn", conds=conds):
            lb = self.key(br.value, LOAD_BALANCER)
            out.append(Branch(lb if lb is not None else Unknown(_reason(br.value, "load balancer")), br.conds))
        return out

    def target_group_load_balancers(self) -> dict[Key, set[Key]]:
        """Every target group that a listener or listener rule forwards to -> those listeners' load balancers."""
        if self._tg_lbs is not None:
            return self._tg_lbs
        table: dict[Key, set[Key]] = defaultdict(set)
        for listener in self.by_type[LISTENER]:
            lbs = {b.value for b in self.load_balancer_of(listener) if not isinstance(b.value, Unknown)}
            for tg in self.forwarded(listener, "DefaultActions"):
                table[tg].update(lbs)
        for rule in self.by_type[LISTENER_RULE]:
            lbs = set()
            for br in self.values(rule, "ListenerArn"):
                listener = self.key(br.value, LISTENER)
                if listener is not None:
                    lbs.update(b.value for b in self.load_balancer_of(listener) if not isinstance(b.value, Unknown))
            for tg in self.forwarded(rule, "Actions"):
                table[tg].update(lbs)
        self._tg_lbs = table
        return table

    def forwarded(self, node: Node, prop: str) -> set[Key]:
        """Target groups the actions in ``prop`` (DefaultActions, Actions) of a listener or rule forward to."""
        out: set[Key] = set()
        stack = node.stack
        for actions in self.raw(node, prop):
            for item in self.r.items(stack, actions.value):
                if isinstance(item.value, Unknown):
                    continue
                _, action = item.value
                for br in self.r.get(stack, action, "TargetGroupArn"):
                    out.update(self._tg_keys(stack, br.value))
                for fc in self.r.get(stack, action, "ForwardConfig", "TargetGroups"):
                    for tgi in self.r.items(stack, fc.value):
                        if isinstance(tgi.value, Unknown):
                            continue
                        for br in self.r.get(stack, tgi.value[1], "TargetGroupArn"):
                            out.update(self._tg_keys(stack, br.value))
        return out

    def _tg_keys(self, stack: Stack, expr: Any) -> set[Key]:
        if expr is MISSING:
            return set()
        keys = set()
        for br in self.r.resolve(stack, expr):
            key = self.target_group(br.value)
            if key is not None:
                keys.add(key)
        return keys


def _reason(value: Any, what: str) -> str:
    if isinstance(value, Unknown):
        return value.reason
    if value is MISSING:
        return f"no {what} is set"
    return f"the {what} is not a resource in this run"


# ---------------------------------------------------------------------- deployment-group accessors
PAIR = ("LoadBalancerInfo", "TargetGroupPairInfoList", 0)


def pair_target_groups(model: Model, dg: DeploymentGroup) -> list[Branch]:
    """The DG's target-group pair: Branch((index, Key | Unknown))."""
    return _pair_entries(model, dg, PAIR + ("TargetGroups",), "Name", model.target_group)


def route_listeners(model: Model, dg: DeploymentGroup, route: str) -> list[Branch]:
    """``ProdTrafficRoute``/``TestTrafficRoute`` listeners: Branch((index, Key | Unknown))."""
    return _pair_entries(model, dg, PAIR + (route, "ListenerArns"), None,
                         lambda v: model.key(v, LISTENER))


def _pair_entries(model: Model, dg: DeploymentGroup, keys: tuple, field_name: str | None, to_key) -> list[Branch]:  # noqa: ANN001
    out: list[Branch] = []
    for lst in model.raw(dg.node, *keys, conds=dg.conds):
        if lst.value is MISSING:
            continue
        for item in model.r.items(dg.node.stack, lst.value):
            conds = merge(lst.conds, item.conds)
            if conds is None:
                continue
            if isinstance(item.value, Unknown):
                out.append(Branch((0, item.value), conds))
                continue
            index, element = item.value
            exprs = model.r.get(dg.node.stack, element, field_name) if field_name else [Branch(element)]
            for ex in exprs:
                for br in model.r.resolve(dg.node.stack, ex.value) if ex.value is not MISSING else [Branch(MISSING)]:
                    merged = merge(merge(conds, ex.conds) or conds, br.conds)
                    if merged is None:
                        continue
                    key = to_key(br.value)
                    out.append(Branch((index, key if key is not None else Unknown(_reason(br.value, "value"))),
                                      merged))
    return out


def scenarios(branches: list[Branch], limit: int = 5) -> list[tuple[Conds, list[Branch]]]:
    """Split branches by every assignment of the Fn::If conditions they mention.

    Each result is (the choices of that scenario, the branches that hold in it). Beyond ``limit``
    distinct conditions, one scenario with every branch is returned (a conservative fallback).
    """
    names = sorted({(s, n) for br in branches for (s, n, _) in br.conds})
    if not names:
        return [(ALWAYS, list(branches))]
    if len(names) > limit:
        return [(ALWAYS, list(branches))]
    out = []
    for mask in range(2 ** len(names)):
        choice = frozenset((s, n, bool(mask >> i & 1)) for i, (s, n) in enumerate(names))
        members = [br for br in branches if br.conds <= choice]
        out.append((choice, members))
    return out
