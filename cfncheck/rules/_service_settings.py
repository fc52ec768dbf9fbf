"""Helpers shared by CTRL-05/06/07/09 and EXT-01/02 (service settings by controller, task sets); not a rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cfncheck.model.legacy import CLUSTER, SERVICE, Key, Model, arn_resource_name, nearest
from cfncheck.template.values import MISSING, Branch, Conds, Lit, Node, ResRef, Unknown, merge

TASK_SET = "AWS::ECS::TaskSet"
PRIMARY_TASK_SET = "AWS::ECS::PrimaryTaskSet"
Path = tuple[str | int, ...]


def is_set(value: Any) -> bool:
    """A raw template value that counts as "the property is given": not absent, not an empty list/object."""
    return value is not MISSING and value != [] and value != {}


def present(model: Model, node: Node, *keys: str | int, conds: Conds) -> list[Branch]:
    """The branches on which ``Properties.<keys>`` of ``node`` is set (raw template data)."""
    return [br for br in model.raw(node, *keys, conds=conds) if is_set(br.value)]


def strategies(model: Model, service: Node, conds: Conds) -> list[Branch]:
    """``DeploymentConfiguration.Strategy`` per branch: ``Lit(str)`` (``ROLLING`` when absent) or Unknown."""
    out: list[Branch] = []
    for br in model.values(service, "DeploymentConfiguration", "Strategy", conds=conds):
        if br.value is MISSING:
            out.append(Branch(Lit("ROLLING"), br.conds))
        elif isinstance(br.value, Unknown) or (isinstance(br.value, Lit) and isinstance(br.value.value, str)):
            out.append(br)
        else:
            out.append(Branch(Unknown("Strategy is not a literal string"), br.conds))
    return out


def load_balancer_entries(model: Model, node: Node, conds: Conds) -> list[Branch]:
    """Each ``LoadBalancers`` entry as ``Branch((index, entry))``; an unresolvable list is ``Branch(Unknown)``."""
    out: list[Branch] = []
    for block in model.raw(node, "LoadBalancers", conds=conds):
        for item in model.r.items(node.stack, block.value):
            merged = merge(block.conds, item.conds)
            if merged is not None:
                out.append(Branch(item.value, merged))
    return out


# ---------------------------------------------------------------------- task sets
# A service a task set or primary task set belongs to: the service resource when it is in the run,
# else ("name", cluster, service name) for one known only by name/ARN.
ServiceKey = Node | tuple[str, str, str]


@dataclass
class Owner:
    """The service named by ``Properties.Service`` (+ ``Cluster``) of a task set or primary task set."""

    key: ServiceKey | None  # None: unknown
    reason: str  # why it is unknown, or why it is not in the run
    conds: Conds

    @property
    def node(self) -> Node | None:
        return self.key if isinstance(self.key, Node) else None

    def shown(self) -> str:
        if isinstance(self.key, Node):
            return self.key.logical_id
        if isinstance(self.key, tuple):
            return f"{self.key[2]!r}"
        return "an unknown service"


def owners(model: Model, node: Node, conds: Conds) -> list[Owner]:
    """The service(s) of a task set or primary task set, per branch."""
    out: list[Owner] = []
    for svc in model.values(node, "Service", conds=conds):
        value = svc.value
        if isinstance(value, ResRef):
            if value.node.type == SERVICE:
                out.append(Owner(value.node, "", svc.conds))
            else:
                out.append(Owner(None, f"Service refers to {value.node!r}, a {value.node.type}", svc.conds))
        elif isinstance(value, Lit) and isinstance(value.value, str) and value.value:
            out.extend(_owner_by_name(model, node, value.value, svc.conds))
        elif isinstance(value, Unknown):
            out.append(Owner(None, value.reason, svc.conds))
        else:
            out.append(Owner(None, "Service is missing or not a string", svc.conds))
    return out


def _owner_by_name(model: Model, node: Node, text: str, conds: Conds) -> Iterable[Owner]:
    name = arn_resource_name(text, "service") or text
    candidates = nearest(node.stack, model.names(SERVICE, "ServiceName").get(name, []))
    for cl in model.values(node, "Cluster", conds=conds):
        cluster = model.key(cl.value, CLUSTER, "ClusterName", "cluster")
        matched = [svc for svc in candidates if _same_cluster(model, svc, cluster, cl.conds)]
        if len(matched) == 1:
            yield Owner(matched[0], "", cl.conds)
        elif matched:
            yield Owner(None, f"several ECS services in this run are named {name!r}", cl.conds)
        else:
            where = "?" if cluster is None else _shown_key(cluster)
            yield Owner(("name", where, name), f"no ECS service named {name!r} is defined in this run", cl.conds)


def _same_cluster(model: Model, service: Node, cluster: Key | None, conds: Conds) -> bool:
    for cl in model.values(service, "Cluster", conds=conds):
        other = model.key(Lit("default") if cl.value is MISSING else cl.value, CLUSTER, "ClusterName", "cluster")
        if cluster is None or other is None or model.same(cluster, other, "ClusterName") is not False:
            return True
    return False


def _shown_key(key: Key) -> str:
    return key.logical_id if isinstance(key, Node) else str(key)


def compatible(a: Conds, b: Conds) -> bool:
    return merge(a, b) is not None


def same_service(model: Model, a: ServiceKey, b: ServiceKey) -> bool | None:
    """Whether two service keys denote the same service; None when the files cannot tell."""
    if a == b:
        return True
    if isinstance(a, Node) and isinstance(b, Node):
        return False
    names = [model.literal_name(k, "ServiceName") if isinstance(k, Node) else k[2] for k in (a, b)]
    if None in names:
        return None
    if names[0] != names[1]:
        return False
    if isinstance(a, tuple) and isinstance(b, tuple) and "?" not in (a[1], b[1]):
        return False  # the same name in two known, different clusters
    return None


def allowed_values(model: Model, value: object) -> set[str] | None:
    """The ``AllowedValues`` of the parameter an Unknown stands for, as strings; None when not bounded."""
    source = value.source if isinstance(value, Unknown) else None
    if not (isinstance(source, tuple) and len(source) == 2):
        return None
    for stack in model.stacks:
        if stack.name != source[0]:
            continue
        params = stack.template.get("Parameters")
        param = params.get(source[1]) if isinstance(params, dict) else None
        allowed = param.get("AllowedValues") if isinstance(param, dict) else None
        if isinstance(allowed, list) and allowed:
            return {str(v) for v in allowed if isinstance(v, (str, int, float, bool))}
    return None


def may_be(model: Model, controller: object, *kinds: str) -> bool:
    """Whether an unknown controller may take one of ``kinds`` (its parameter's AllowedValues do not exclude it)."""
    allowed = allowed_values(model, controller)
    return allowed is None or any(kind in allowed for kind in kinds)
