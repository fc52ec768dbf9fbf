"""ECS task definitions (network mode, containers, port mappings), task sets and primary task sets.

A task definition without ``NetworkMode`` uses ``bridge``, except one that requires Fargate, which ECS rejects
without ``awsvpc`` (its network mode is None: nothing else can be judged from it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from cfncheck.model.base import Entity, Fact
from cfncheck.model.capacity import clusters
from cfncheck.model.entries import LoadBalancerEntry, entries
from cfncheck.model.types import SERVICE, TASK_DEFINITION
from cfncheck.template.names import arn_resource_name
from cfncheck.template.values import MISSING, OUTSIDE_RUN, Conds, Lit, Node, ResRef, Unknown


@dataclass(frozen=True)
class Container:
    index: int
    name: str | Unknown  # an Unknown compares equal to the same Unknown (e.g. one parameter)
    conds: Conds


@dataclass(frozen=True)
class Mapping:
    index: int
    container_port: int | Unknown | None  # None: not set (a port range)
    host_port: int | Unknown | None  # None: not set
    port_range: tuple[int, int] | None
    conds: Conds

    def covers(self, wanted: int | Unknown | None) -> bool:
        """Whether this mapping takes container port ``wanted``: its ContainerPort (an Unknown only the same
        Unknown), or within its ContainerPortRange."""
        if wanted is not None and wanted == self.container_port:
            return True
        return isinstance(wanted, int) and self.port_range is not None and \
            self.port_range[0] <= wanted <= self.port_range[1]

    @property
    def shown(self) -> str | None:
        """``8080`` or ``8000-8100``; None when neither is a literal."""
        if isinstance(self.container_port, int):
            return str(self.container_port)
        return f"{self.port_range[0]}-{self.port_range[1]}" if self.port_range else None

    @property
    def dynamic_host_port(self) -> bool:
        """ECS picks the host port (bridge mode): HostPort 0 or not set."""
        return self.host_port is None or self.host_port == 0


class TaskDefinition(Entity):
    def shown(self) -> str:
        return f"{self.logical_id} (stack {self.stack.name})"

    @cached_property
    def requires_fargate(self) -> bool:
        for f in self.elements("RequiresCompatibilities"):
            if isinstance(f.value, tuple) and f.value[1] == "FARGATE":
                return True
        return False

    def network_modes(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``NetworkMode`` per branch: a str, Unknown, or None for a Fargate task definition without it (which
        ECS rejects: nothing more can be judged); ``bridge`` when it is not set otherwise."""
        out: list[Fact[Any]] = []
        for f in self.prop("NetworkMode", conds=conds):
            if f.value is MISSING:
                out.append(Fact(None if self.requires_fargate else "bridge", f.conds, f.where))
            elif isinstance(f.value, Lit) and isinstance(f.value.value, str):
                out.append(Fact(f.value.value, f.conds, f.where))
            else:
                out.append(Fact(f.value if isinstance(f.value, Unknown) else Unknown("NetworkMode is not a string"),
                                f.conds, f.where))
        return out

    def containers(self, conds: Conds | None = None) -> list[Container]:
        out: list[Container] = []
        for item in self.elements("ContainerDefinitions", conds=conds):
            if isinstance(item.value, Unknown):
                out.append(Container(-1, item.value, item.conds))
                continue
            index = item.value[0]
            for name in self.prop("ContainerDefinitions", index, "Name", conds=item.conds):
                out.append(Container(index, container_name(name.value), name.conds))
        return out

    def port_mappings(self, container: int, conds: Conds | None = None) -> list[Mapping]:
        out: list[Mapping] = []
        keys = ("ContainerDefinitions", container, "PortMappings")
        for item in self.elements(*keys, conds=conds):
            if isinstance(item.value, Unknown):
                out.append(Mapping(-1, item.value, None, None, item.conds))
                continue
            i = item.value[0]
            for cp in self.prop(*keys, i, "ContainerPort", conds=item.conds):
                for hp in self.prop(*keys, i, "HostPort", conds=cp.conds):
                    for rng in self.prop(*keys, i, "ContainerPortRange", conds=hp.conds):
                        out.append(Mapping(i, port(cp.value), port(hp.value), _range(rng.value), rng.conds))
        return out

    def maps_port(self, container: int, wanted: int | Unknown | None, conds: Conds | None = None) -> bool | Unknown:
        """Whether a port mapping of the container takes ``wanted`` (see :meth:`Mapping.covers`): True, False, or
        the Unknown (``wanted`` itself, or a mapping's port) that keeps it from being told."""
        mappings = self.port_mappings(container, conds)
        if any(m.covers(wanted) for m in mappings):
            return True
        if isinstance(wanted, Unknown):
            return wanted
        return next((m.container_port for m in mappings if isinstance(m.container_port, Unknown)), False)


def container_name(value: Any) -> str | Unknown:
    """A container name from a resolved value; an Unknown (e.g. a parameter) compares equal to the same one."""
    if isinstance(value, Lit) and isinstance(value.value, str):
        return value.value
    return value if isinstance(value, Unknown) else Unknown("the container name is not a literal string")


def port(value: Any) -> int | Unknown | None:
    """A port number from a resolved value (``8080`` or ``"8080"``); None when absent."""
    if value is MISSING:
        return None
    if isinstance(value, Lit) and not isinstance(value.value, bool):
        try:
            return int(str(value.value))
        except ValueError:
            return Unknown(f"{value.value!r} is not a port number")
    return value if isinstance(value, Unknown) else Unknown("the port is not a literal number")


def _range(value: Any) -> tuple[int, int] | None:
    if isinstance(value, Lit) and isinstance(value.value, str):
        low, _, high = value.value.partition("-")
        if low.strip().isdigit() and high.strip().isdigit():
            return int(low), int(high)
    return None


def task_definitions(owner: Entity, conds: Conds | None) -> list[Fact[Any]]:
    """``TaskDefinition`` may be ``Ref`` to a task definition (its ARN), the family string the CDK renders for
    CODE_DEPLOY services (``family`` or ``family:revision``), or a task-definition ARN; names are matched on
    ``Family`` among the task definitions a deployment next to ``owner`` can mean, preferring the one in the
    owner's own template (what the CDK renders, with a DependsOn on it)."""
    out: list[Fact[Any]] = []
    for f in owner.prop("TaskDefinition", conds=conds):
        value = f.value
        if value is MISSING or isinstance(value, Unknown):
            out.append(f)
        elif isinstance(value, ResRef):
            entity = owner.model.entity(value.node)
            if isinstance(entity, TaskDefinition):
                out.append(Fact(entity, f.conds, f.where))
            else:
                out.append(Fact(Unknown(f"TaskDefinition refers to {value.node!r}, a {value.node.type}"), f.conds,
                                f.where))
        elif isinstance(value, Lit) and isinstance(value.value, str) and value.value:
            out.append(Fact(_task_definition_named(owner, value.value), f.conds, f.where))
        else:
            out.append(Fact(Unknown("TaskDefinition is not a task definition"), f.conds, f.where))
    return out


def _task_definition_named(owner: Entity, text: str) -> Any:
    family = (arn_resource_name(text, "task-definition") or text).split(":", 1)[0]
    found = owner.model.t.names.find(owner.stack, TASK_DEFINITION, "Family", family)
    local = [n for n in found if n.stack is owner.stack]
    if len(found) == 1 or len(local) == 1:
        return owner.model.entity(found[0] if len(found) == 1 else local[0])
    if found:
        return Unknown(f"several task definitions have the family {family!r}")
    return Unknown(f"no task definition in this run has the family {family!r}", OUTSIDE_RUN)


# ---------------------------------------------------------------------- task sets
# A service a task set or primary task set belongs to: the service when it is in the run, else
# ("name", cluster, service name) for one known only by name/ARN.
ServiceKey = Node | tuple[str, str, str]


@dataclass(frozen=True)
class Owner:
    """The service named by ``Properties.Service`` (+ ``Cluster``) of a task set or primary task set."""

    key: ServiceKey | None  # None: unknown
    reason: str  # why it is unknown, or why it is not in the run
    conds: Conds
    service: Any = None  # the Service, when it is one of the run

    def shown(self) -> str:
        if isinstance(self.key, Node):
            return self.key.logical_id
        if isinstance(self.key, tuple):
            return f"{self.key[2]!r}"
        return "an unknown service"


class TaskSetLike(Entity):
    def owners(self, conds: Conds | None = None) -> list[Owner]:
        """The service(s) of the task set, per branch."""
        out: list[Owner] = []
        for svc in self.prop("Service", conds=conds):
            value = svc.value
            if isinstance(value, ResRef):
                entity = self.model.entity(value.node)
                if entity.type == SERVICE:
                    out.append(Owner(value.node, "", svc.conds, entity))
                else:
                    out.append(Owner(None, f"Service refers to {value.node!r}, a {value.node.type}", svc.conds))
            elif isinstance(value, Lit) and isinstance(value.value, str) and value.value:
                out.extend(self._owner_by_name(value.value, svc.conds))
            elif isinstance(value, Unknown):
                out.append(Owner(None, value.reason, svc.conds))
            else:
                out.append(Owner(None, "Service is missing or not a string", svc.conds))
        return out

    def _owner_by_name(self, text: str, conds: Conds) -> list[Owner]:
        name = arn_resource_name(text, "service") or text
        candidates = self.model.services_named(self.stack, name)
        out = []
        for cl in clusters(self, conds):
            cluster = None if isinstance(cl.value, Unknown) else cl.value
            matched = [svc for svc in candidates if svc.cluster_branches(cluster, cl.conds)]
            if len(matched) == 1:
                out.append(Owner(matched[0].node, "", cl.conds, matched[0]))
            elif matched:
                out.append(Owner(None, f"several ECS services in this run are named {name!r}", cl.conds))
            else:
                where = "?" if cluster is None else cluster.logical_id if isinstance(cluster, Node) else str(cluster)
                out.append(Owner(("name", where, name), f"no ECS service named {name!r} is defined in this run",
                                 cl.conds))
        return out


class TaskSet(TaskSetLike):
    @property
    def label(self) -> str:
        return f"ECS task set {self.logical_id}"

    def load_balancers(self, conds: Conds | None = None) -> list[LoadBalancerEntry]:
        return entries(self, conds)

    def task_definitions(self, conds: Conds | None = None) -> list[Fact[Any]]:
        return task_definitions(self, conds)


class PrimaryTaskSet(TaskSetLike):
    def task_sets(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``TaskSetId``: a :class:`TaskSet`, another entity, or the resolved value (Lit, Unknown, MISSING)."""
        out = []
        for f in self.prop("TaskSetId", conds=conds):
            entity = self.model.entity(f.value.node) if isinstance(f.value, ResRef) else None
            out.append(Fact(entity if entity is not None else f.value, f.conds, f.where))
        return out


def same_service(model: Any, a: ServiceKey, b: ServiceKey) -> bool | None:
    """Whether two service keys denote the same service; None when the files cannot tell."""
    if a == b:
        return True
    if isinstance(a, Node) and isinstance(b, Node):
        return False
    names = [model.t.names.literal_name(k, "ServiceName") if isinstance(k, Node) else k[2] for k in (a, b)]
    if None in names:
        return None
    if names[0] != names[1]:
        return False
    if isinstance(a, tuple) and isinstance(b, tuple) and "?" not in (a[1], b[1]):
        return False  # the same name in two known, different clusters
    return None
