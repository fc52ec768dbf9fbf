"""The blue/green model of a run: every relevant resource as an entity, built in one pass over the resources,
and every relation between them computed once (the joins below are cached on the model that owns them).

Rules ask it questions: the services, their controllers and deployers, the deployment groups with their
targets, target-group pair and routes, the native entries, the roles. Nothing here knows a rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from cfncheck.inputs.stack import Stack
from cfncheck.model import attachments, capacity, codedeploy, deployments, ecs, hooks, iam, native
from cfncheck.model.base import Entity
from cfncheck.model.capacity import Cluster
from cfncheck.model.changes import Update
from cfncheck.model.codedeploy import (
    APPLICATION,
    DEPLOYMENT_CONFIG,
    DEPLOYMENT_GROUP,
    Application,
    DeploymentConfig,
    DeploymentGroup,
    Target,
)
from cfncheck.model.ecs import (
    CAPACITY_ASSOCIATIONS,
    CLUSTER,
    PRIMARY_TASK_SET,
    SERVICE,
    TASK_DEFINITION,
    TASK_SET,
    Service,
)
from cfncheck.model.elb import (
    LISTENER,
    LISTENER_RULE,
    LOAD_BALANCER,
    TARGET_GROUP,
    Listener,
    ListenerRule,
    LoadBalancer,
    TargetGroup,
)
from cfncheck.model.iam import ROLE, Role
from cfncheck.model.tasks import PrimaryTaskSet, TaskDefinition, TaskSet
from cfncheck.template import Templates
from cfncheck.template.names import Key
from cfncheck.template.values import Conds, Node, Unknown

KINDS: dict[str, type[Entity]] = {
    SERVICE: Service, TASK_DEFINITION: TaskDefinition, TASK_SET: TaskSet, PRIMARY_TASK_SET: PrimaryTaskSet,
    CLUSTER: Cluster, TARGET_GROUP: TargetGroup, LISTENER: Listener, LISTENER_RULE: ListenerRule,
    LOAD_BALANCER: LoadBalancer, DEPLOYMENT_GROUP: DeploymentGroup, APPLICATION: Application,
    DEPLOYMENT_CONFIG: DeploymentConfig, ROLE: Role,
}


class Model:
    def __init__(self, stacks: list[Stack], templates: Templates | None = None,
                 previous: list[Stack] | None = None) -> None:
        self.stacks = stacks
        self.t = templates or Templates(stacks)
        self._entities: dict[Node, Entity] = {}
        tables: dict[str, list[Entity]] = {}
        for rtype in (*KINDS, CAPACITY_ASSOCIATIONS):
            kind = KINDS.get(rtype, Entity)
            table = tables.setdefault(rtype, [])
            for node in self.t.nodes(rtype):
                entity = kind(self, node, self.t.exists(node))
                self._entities[node] = entity
                table.append(entity)

        def existing(rtype: str) -> list[Any]:
            return [e for e in tables.get(rtype, []) if e.conds is not None]

        self.services: list[Service] = existing(SERVICE)
        self.task_definitions: list[TaskDefinition] = existing(TASK_DEFINITION)
        self.task_sets: list[TaskSet] = existing(TASK_SET)
        self.primary_task_sets: list[PrimaryTaskSet] = existing(PRIMARY_TASK_SET)
        self.clusters: list[Cluster] = existing(CLUSTER)
        self.capacity_associations: list[Entity] = existing(CAPACITY_ASSOCIATIONS)
        self.target_groups: list[TargetGroup] = existing(TARGET_GROUP)
        self.listeners: list[Listener] = existing(LISTENER)
        self.listener_rules: list[ListenerRule] = existing(LISTENER_RULE)
        self.listeners_all: list[Listener] = tables.get(LISTENER, [])  # type: ignore[assignment]
        self.listener_rules_all: list[ListenerRule] = tables.get(LISTENER_RULE, [])  # type: ignore[assignment]
        self.applications: list[Application] = existing(APPLICATION)
        self.configs: list[DeploymentConfig] = existing(DEPLOYMENT_CONFIG)
        self.roles: list[Role] = existing(ROLE)
        # the ECS deployment groups: those with ECSServices
        self.groups: list[DeploymentGroup] = [g for g in existing(DEPLOYMENT_GROUP)
                                              if "ECSServices" in g.node.properties]
        self.custom_resource_types = sorted(t for t in self.t.types if not t.startswith("AWS::"))
        # the update from the deployed stacks (--previous) to these; None without them
        self.update: Update | None = Update(self, Model(previous)) if previous is not None else None

    # ------------------------------------------------------------------ lookups
    def entity(self, key: Key | None) -> Any:
        """The entity of a resource of the run (a generic :class:`Entity` for a type the model has no class for);
        None for a name or ARN."""
        if not isinstance(key, Node):
            return None
        found = self._entities.get(key)
        if found is None:
            found = self._entities[key] = Entity(self, key, self.t.exists(key))
        return found

    def services_named(self, home: Stack, name: str) -> list[Service]:
        """The services called ``name`` that a deployment in ``home`` can mean (the same Stage first)."""
        return [self.entity(n) for n in self.t.names.find(home, SERVICE, "ServiceName", name)]

    def target_group_key(self, value: Any) -> Key | Unknown:
        """The target group a resolved value denotes: a Node, a name/ARN, or Unknown."""
        key = self.t.names.key(value, TARGET_GROUP, "Name", "targetgroup")
        if key is not None:
            return key
        return value if isinstance(value, Unknown) else Unknown("the target group is not known")

    def listener_key(self, value: Any) -> Key | None:
        return self.t.names.key(value, LISTENER)

    def cluster_key(self, value: Any) -> Key | None:
        """The cluster a resolved value (Ref, name or ARN) denotes: a Node, a name/ARN, or None."""
        return self.t.names.key(value, CLUSTER, "ClusterName", "cluster")

    def capacity_provider_key(self, value: Any) -> Key | None:
        return self.t.names.key(value, ecs.CAPACITY_PROVIDER, "Name")

    def listener_load_balancers(self, listener: Key | Unknown, conds: Conds) -> list[Any]:
        """The load balancer(s) of a listener (key or Unknown) per branch: a key or Unknown."""
        return attachments.listener_load_balancers(self, listener, conds)

    def listener_kinds(self, listener: Key | Unknown, conds: Conds) -> list[Any]:
        """The load balancer type of a listener (key or Unknown) per branch, or Unknown."""
        return attachments.listener_kinds(self, listener, conds)

    def role(self, home: Stack, value: Any) -> Role | None:
        """The IAM role of the run a resolved value (ARN, name, Ref) denotes, seen from ``home``, else None."""
        return iam.role_of(self, home, value)

    def same(self, a: Key, b: Key, name_prop: str) -> bool | None:
        """Whether two identities denote the same resource; None when the files cannot tell."""
        return self.t.names.same(a, b, name_prop)

    def same_target_group(self, a: Key | Unknown, b: Key | Unknown) -> bool | None:
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            return None
        return self.t.names.same(a, b, "Name")

    def satisfiable(self, conds: Conds) -> bool:
        return self.t.conditions.satisfiable(conds)

    def created_before(self, later: Entity | Node, earlier: Iterable[Entity | Node]) -> bool:
        """Whether CloudFormation finishes one of ``earlier`` before it starts creating ``later``."""
        def node(x: Entity | Node) -> Node:
            return x.node if isinstance(x, Entity) else x

        return self.t.order.created_before(node(later), [node(e) for e in earlier])

    # ------------------------------------------------------------------ joins, computed once
    @cached_property
    def groups_by_service(self) -> dict[Node, list[tuple[DeploymentGroup, Target]]]:
        table: dict[Node, list[tuple[DeploymentGroup, Target]]] = {}
        for group in self.groups:
            for target in group.targets:
                if target.service is not None:
                    table.setdefault(target.service.node, []).append((group, target))
        return table

    @cached_property
    def _forward_index(self) -> attachments.ForwardIndex:
        return attachments.forward_index(self)

    @property
    def forwarders(self) -> dict[Key, list[Entity]]:
        """Target group -> the existing listeners and listener rules that forward to it."""
        return self._forward_index.forwarders

    @property
    def unknown_forwards(self) -> list[tuple[Entity, str]]:
        """Existing listeners and rules with a forward whose target group is not known, and why."""
        return self._forward_index.unknown

    @property
    def listener_rules_of(self) -> dict[Key, list[ListenerRule]]:
        return self._forward_index.rules_of

    @property
    def target_group_load_balancers(self) -> dict[Key, set[Key]]:
        """Target group -> the load balancers of the listeners (and listener rules) that forward to it."""
        return self._forward_index.load_balancers

    @cached_property
    def published_target_groups(self) -> set[Node]:
        return attachments.published_target_groups(self)

    @cached_property
    def config_users(self) -> dict[Node, list[tuple[DeploymentGroup, Conds]]]:
        return codedeploy.config_users(self)

    @cached_property
    def attached_policies(self) -> dict[Node, list[tuple[Node, Conds, tuple]]]:
        return iam.attached_policies(self)

    @cached_property
    def group_roles(self) -> tuple[list[iam.GroupRole], list[tuple[DeploymentGroup, Any, Conds]]]:
        return iam.group_roles(self)

    @cached_property
    def native_entries(self) -> list[native.NativeEntry]:
        return native.native_entries(self)

    @cached_property
    def lattice_entries(self) -> list[native.LatticeEntry]:
        return native.lattice_entries(self)

    @cached_property
    def nlb_listener_uses(self) -> dict[Key, list[native.RouteUse]]:
        return native.nlb_listener_uses(self)

    @cached_property
    def load_balancer_entries(self) -> list[ecs.LoadBalancerEntry]:
        return deployments.entries(self)

    @cached_property
    def target_group_uses(self) -> list[deployments.TargetGroupUse]:
        return deployments.uses(self)

    @cached_property
    def capacities(self) -> tuple[dict[Key, capacity.Associated], list[str]]:
        """Cluster -> its associated capacity providers, and why some associations cannot be placed."""
        return capacity.capacity_associations(self)

    @cached_property
    def hook_stacks(self) -> list[tuple[Stack, list[hooks.Hook]]]:
        """Every stack with a blue/green hook (the templates the hook's restrictions apply to)."""
        out = []
        for stack in self.stacks:
            found = hooks.hooks_of(self, stack)
            if found:
                out.append((stack, found))
        return out
