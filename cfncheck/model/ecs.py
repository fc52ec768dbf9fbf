"""ECS resources: services (controller, strategy, launch type, load balancers, lifecycle hooks), task
definitions (network mode, containers, ports), task sets, primary task sets and clusters.

A missing ``DeploymentController`` means ``ECS``; a missing ``DeploymentConfiguration.Strategy`` means
``ROLLING``. A task definition without ``NetworkMode`` uses ``bridge``, except one that requires Fargate,
which ECS rejects without ``awsvpc`` (its network mode is None: nothing else can be judged from it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cfncheck.model.base import Entity, Fact
from cfncheck.template.names import Key, arn_resource_name
from cfncheck.template.values import (
    ALWAYS,
    MISSING,
    OUTSIDE_RUN,
    Conds,
    Lit,
    Node,
    ResRef,
    Unknown,
    Where,
    number,
)

if TYPE_CHECKING:
    from cfncheck.model.codedeploy import DeploymentGroup, Target

SERVICE = "AWS::ECS::Service"
TASK_DEFINITION = "AWS::ECS::TaskDefinition"
TASK_SET = "AWS::ECS::TaskSet"
PRIMARY_TASK_SET = "AWS::ECS::PrimaryTaskSet"
CLUSTER = "AWS::ECS::Cluster"
CAPACITY_PROVIDER = "AWS::ECS::CapacityProvider"
CAPACITY_ASSOCIATIONS = "AWS::ECS::ClusterCapacityProviderAssociations"
FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
NATIVE_STRATEGIES = ("BLUE_GREEN", "LINEAR", "CANARY")
NOT_ECS = ("CODE_DEPLOY", "EXTERNAL")
HOOKS = ("DeploymentConfiguration", "LifecycleHooks")


@dataclass(frozen=True)
class Controller:
    """``DeploymentController.Type`` on one branch: ``kind`` (ECS when absent) or ``unknown`` (a parameter)."""

    kind: str | None
    unknown: Unknown | None = None
    explicit: bool = True  # DeploymentController is written (not the default)
    allowed: frozenset[str] | None = None  # for an unknown controller: its parameter's AllowedValues

    @property
    def known(self) -> bool:
        return self.kind is not None

    @property
    def not_ecs(self) -> bool | None:
        """CODE_DEPLOY or EXTERNAL (True), another literal (False), or unknown (None)."""
        return None if self.kind is None else self.kind in NOT_ECS

    def may_be(self, *kinds: str) -> bool:
        """Whether the controller is, or (when unknown) may be, one of ``kinds``."""
        if self.kind is not None:
            return self.kind in kinds
        return self.allowed is None or any(k in self.allowed for k in kinds)

    @property
    def reason(self) -> str:
        return self.unknown.reason if self.unknown is not None else "it is not known from the templates"


@dataclass(frozen=True)
class Strategy:
    """``DeploymentConfiguration.Strategy`` on one branch: ``name`` (ROLLING when absent) or ``unknown``."""

    name: str | None
    unknown: Unknown | None = None
    explicit: bool = True

    @property
    def shown(self) -> str:
        return str(self.name) if self.explicit else "ROLLING (the default: Strategy is not set)"

    @property
    def reason(self) -> str:
        return self.unknown.reason if self.unknown is not None else "it is not known from the templates"


class Service(Entity):
    @property
    def label(self) -> str:
        name = self.literal("ServiceName")
        return f"ECS service {name!r} ({self.logical_id})" if name else f"ECS service {self.logical_id}"

    # ------------------------------------------------------------------ deployment controller and strategy
    def controllers(self, conds: Conds | None = None) -> list[Fact[Controller]]:
        explicit = any(b.value is not MISSING for b in self.model.t.raw(self.node, "DeploymentController"))
        out = []
        for f in self.prop("DeploymentController", "Type", conds=conds):
            value = f.value
            if value is MISSING:
                ctrl = Controller("ECS", explicit=explicit)
            elif isinstance(value, Lit):
                ctrl = Controller(value.value, explicit=explicit)  # type: ignore[arg-type]
            else:
                unknown = value if isinstance(value, Unknown) else Unknown("the controller is not a literal")
                ctrl = Controller(None, unknown, explicit, self.model.t.conditions.allowed_values(unknown))
            out.append(Fact(ctrl, f.conds, f.where))
        return out

    def on_ecs(self, conds: Conds | None = None) -> list[Fact[Controller]]:
        """The branches on which the service uses, or may use, the ECS controller (not CODE_DEPLOY/EXTERNAL;
        an unknown controller whose parameter may be ECS)."""
        return [f for f in self.controllers(conds) if f.value.not_ecs is False
                or (f.value.not_ecs is None and f.value.may_be("ECS"))]

    def strategies(self, conds: Conds | None = None) -> list[Fact[Strategy]]:
        explicit = any(b.value is not MISSING for b in self.raw("DeploymentConfiguration", "Strategy", conds=conds))
        out = []
        for f in self.prop("DeploymentConfiguration", "Strategy", conds=conds):
            if f.value is MISSING:
                strategy = Strategy("ROLLING", explicit=False)
            elif isinstance(f.value, Lit) and isinstance(f.value.value, str):
                strategy = Strategy(f.value.value, explicit=explicit)
            else:
                strategy = Strategy(None, f.value if isinstance(f.value, Unknown) else
                                    Unknown("Strategy is not a literal string"), explicit)
            out.append(Fact(strategy, f.conds, f.where))
        return out

    def native_strategies(self, only: tuple[str, ...] = NATIVE_STRATEGIES) -> list[Fact[Strategy]]:
        """The branches on which the service may use the ECS controller with a native strategy in ``only``."""
        return [s for c in self.on_ecs() for s in self.strategies(c.conds) if s.value.name in only]

    # ------------------------------------------------------------------ launch type and task definition
    def fargate(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """Lit(True) for Fargate (launch type or capacity providers), Lit(False) for EC2, or Unknown."""
        out: list[Fact[Any]] = []
        for lt in self.prop("LaunchType", conds=conds):
            if isinstance(lt.value, Lit):
                out.append(Fact(Lit(lt.value.value == "FARGATE"), lt.conds, lt.where))
            elif isinstance(lt.value, Unknown):
                out.append(lt)
            else:
                for st in self.raw("CapacityProviderStrategy", conds=lt.conds):
                    if st.value is MISSING:
                        out.extend(self._cluster_default_fargate(st.conds))
                    else:
                        out.append(Fact(_strategy_fargate(self, st.value), st.conds, st.where))
        return out

    def _cluster_default_fargate(self, conds: Conds) -> list[Fact[Any]]:
        out: list[Fact[Any]] = []
        for cl in self.prop("Cluster", conds=conds):
            cluster = self.model.entity(self.model.t.names.key(cl.value, CLUSTER, "ClusterName", "cluster"))
            if not isinstance(cluster, Cluster):
                out.append(Fact(Unknown("the cluster's default capacity provider strategy is not in this run"),
                                cl.conds, cl.where))
                continue
            strategies = cluster.default_strategies(cl.conds)
            if not strategies:
                out.append(Fact(Lit(False), cl.conds, cl.where))  # no strategy anywhere: EC2 launch type
            out.extend(Fact(_strategy_fargate(owner, raw), c, cl.where) for owner, raw, c in strategies)
        return out

    def task_definitions(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """The task definition: a :class:`TaskDefinition`, MISSING, or Unknown (source OUTSIDE_RUN for a family
        that no task definition of the run has)."""
        return _task_definitions(self, conds)

    def network_modes(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """The task network mode per branch: Lit(mode), Unknown, None (a Fargate task definition without
        NetworkMode, which ECS rejects), or MISSING (no task definition, e.g. EXTERNAL). A Fargate service
        whose task definition is not in the run still uses awsvpc."""
        out: list[Fact[Any]] = []
        for td in self.task_definitions(conds):
            if isinstance(td.value, TaskDefinition):
                out.extend(Fact(m.value if m.value is None or isinstance(m.value, Unknown) else Lit(m.value),
                                m.conds, m.where) for m in td.value.network_modes(td.conds))
            elif td.value is MISSING:
                out.append(td)
            else:
                for fg in self.fargate(td.conds):
                    if fg.value == Lit(True):
                        out.append(Fact(Lit("awsvpc"), fg.conds, td.where))
                    elif not (isinstance(td.value, Unknown) and td.value.source == OUTSIDE_RUN):
                        out.append(Fact(td.value if isinstance(td.value, Unknown) else
                                        Unknown("the task definition is not known from the templates"),
                                        fg.conds, td.where))
        return out

    # ------------------------------------------------------------------ load balancers, hooks, deployers
    def load_balancers(self, conds: Conds | None = None) -> list[LoadBalancerEntry]:
        return _entries(self, conds)

    def target_groups(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """The target group of ``LoadBalancers[0]`` (the one CodeDeploy shifts from): a key or Unknown; nothing
        where the service has no ELBv2 load balancer."""
        out = []
        for f in self.prop("LoadBalancers", 0, "TargetGroupArn", conds=conds):
            if f.value is not MISSING:
                out.append(Fact(self.model.target_group_key(f.value), f.conds, f.where))
        return out

    def lifecycle_hooks(self, conds: Conds | None = None) -> list[LifecycleHook]:
        """Every ``DeploymentConfiguration.LifecycleHooks`` element on every branch."""
        return [LifecycleHook(self, f.value[0], f.conds) for f in self.elements(*HOOKS, conds=conds)
                if isinstance(f.value, tuple)]

    def has_lifecycle_hooks(self, conds: Conds | None = None) -> list[Fact[Any]]:
        return self.given(*HOOKS, conds=conds)

    def cluster_branches(self, cluster: Key | None, conds: Conds = ALWAYS) -> list[Conds]:
        """The branches on which the service may run in ``cluster`` (a key; None: unknown, matches any)."""
        names = self.model.t.names
        out = []
        for cl in self.prop("Cluster", conds=conds):
            other = names.key(Lit("default") if cl.value is MISSING else cl.value, CLUSTER, "ClusterName", "cluster")
            if cluster is None or other is None or names.same(cluster, other, "ClusterName") is not False:
                out.append(cl.conds)
        return out

    @property
    def deployers(self) -> list[tuple[DeploymentGroup, Target]]:
        """The CodeDeploy deployment groups that deploy this service, with their ``ECSServices`` entry."""
        return self.model.groups_by_service.get(self.node, [])

    @property
    def related_groups(self) -> list[Where]:
        return [target.where for _, target in self.deployers]


@dataclass(frozen=True)
class LifecycleHook:
    """``DeploymentConfiguration.LifecycleHooks[index]`` of a service, on one branch."""

    service: Service
    index: int
    conds: Conds

    def at(self, *keys: str | int) -> Where:
        return self.service.at("Properties", *HOOKS, self.index, *keys)

    def prop(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        return self.service.prop(*HOOKS, self.index, *keys, conds=self.conds if conds is None else conds)

    def raw(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        return self.service.raw(*HOOKS, self.index, *keys, conds=self.conds if conds is None else conds)

    def elements(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        return self.service.elements(*HOOKS, self.index, *keys, conds=self.conds if conds is None else conds)


# ---------------------------------------------------------------------- LoadBalancers entries
@dataclass(frozen=True)
class LoadBalancerEntry:
    """One ``LoadBalancers[index]`` element of a service or task set, on one branch."""

    owner: Service | TaskSet
    index: int
    conds: Conds
    element: Any  # as written

    @property
    def label(self) -> str:
        return self.owner.label

    def at(self, *keys: str | int) -> Where:
        return self.owner.at("Properties", "LoadBalancers", self.index, *keys)

    def prop(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        return self.owner.prop("LoadBalancers", self.index, *keys, conds=self.conds if conds is None else conds)

    def raw(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        return self.owner.raw("LoadBalancers", self.index, *keys, conds=self.conds if conds is None else conds)

    def target_groups(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``TargetGroupArn`` as a target-group key (Node or name/ARN) or Unknown; a Classic Load Balancer
        entry (no TargetGroupArn) gives nothing."""
        out = []
        for f in self.prop("TargetGroupArn", conds=conds):
            if f.value is not MISSING:
                out.append(Fact(self.owner.model.target_group_key(f.value), f.conds, f.where))
        return out

    @property
    def advanced(self) -> Any:
        """This entry's ECS-native ``AdvancedConfiguration`` (:class:`cfncheck.model.native.Advanced`)."""
        from cfncheck.model.native import Advanced

        return Advanced(self)


def _entries(owner: Service | TaskSet, conds: Conds | None) -> list[LoadBalancerEntry]:
    return [LoadBalancerEntry(owner, f.value[0], f.conds, f.value[1])
            for f in owner.elements("LoadBalancers", conds=conds) if isinstance(f.value, tuple)]


# ---------------------------------------------------------------------- task definitions
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

    def container_ports(self, container: int, conds: Conds | None = None) -> tuple[set[int], bool]:
        """The literal ``ContainerPort`` values of a container's port mappings, and whether all were literal."""
        ports: set[int] = set()
        complete = True
        for m in self.port_mappings(container, conds):
            if isinstance(m.container_port, int):
                ports.add(m.container_port)
            elif m.container_port is not None or m.index < 0:
                complete = False
        return ports, complete


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


def _task_definitions(owner: Entity, conds: Conds | None) -> list[Fact[Any]]:
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


# ---------------------------------------------------------------------- capacity providers
def _strategy_fargate(owner: Entity, strategy: Any) -> Any:
    """Lit(True) when every provider of a capacity provider strategy (as written) is a Fargate one."""
    t = owner.model.t
    providers = []
    for item in t.r.items(owner.stack, strategy):
        if isinstance(item.value, Unknown):
            return item.value
        for s in t.r.get(owner.stack, item.value[1], "CapacityProvider"):
            providers.extend(t.r.resolve(owner.stack, s.value) if s.value is not MISSING else [])
    if not providers:
        return Lit(False)
    fargate = []
    for p in providers:
        if isinstance(p.value, Lit):
            fargate.append(str(p.value.value) in FARGATE_PROVIDERS)
        elif isinstance(p.value, ResRef) and p.value.node.type == CAPACITY_PROVIDER:
            fargate.append(False)  # a capacity provider resource is always an Auto Scaling group one
        else:
            return Unknown("a capacity provider known only at deploy time")
    return Lit(all(fargate))


class Cluster(Entity):
    def default_strategies(self, conds: Conds) -> list[tuple[Entity, Any, Conds]]:
        """Every ``DefaultCapacityProviderStrategy`` (as written) of the cluster and of the
        ClusterCapacityProviderAssociations naming it: (the resource it is written in, strategy, choices)."""
        out: list[tuple[Entity, Any, Conds]] = [(self, f.value, f.conds) for f in
                                                self.has("DefaultCapacityProviderStrategy", conds=conds)]
        for assoc in self.model.capacity_associations:
            for c in assoc.prop("Cluster", conds=conds):
                if self.model.t.names.key(c.value, CLUSTER, "ClusterName", "cluster") == self.node:
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
            key = model.t.names.key(br.value, CLUSTER, "ClusterName", "cluster")
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
    service: Service | None = None

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
                if isinstance(entity, Service):
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
        for cl in self.prop("Cluster", conds=conds):
            cluster = self.model.t.names.key(cl.value, CLUSTER, "ClusterName", "cluster")
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
        return _entries(self, conds)

    def task_definitions(self, conds: Conds | None = None) -> list[Fact[Any]]:
        return _task_definitions(self, conds)


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
