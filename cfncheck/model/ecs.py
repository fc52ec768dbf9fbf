"""ECS services: the deployment controller, the deployment strategy, the launch type, the task definition and
network mode, the ``LoadBalancers`` entries, the lifecycle hooks, and the deployment groups that deploy them.

A missing ``DeploymentController`` means ``ECS``; a missing ``DeploymentConfiguration.Strategy`` means
``ROLLING``. Task definitions and task sets are in :mod:`.tasks`, clusters and capacity providers in
:mod:`.capacity`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cfncheck.model.base import Entity, Fact, reason
from cfncheck.model.capacity import Cluster, clusters, strategy_fargate
from cfncheck.model.entries import LoadBalancerEntry, entries
from cfncheck.model.tasks import TaskDefinition, task_definitions
from cfncheck.model.types import (  # noqa: F401 - the resource types, re-exported for the model's readers
    CAPACITY_ASSOCIATIONS,
    CAPACITY_PROVIDER,
    CLUSTER,
    FARGATE_PROVIDERS,
    NATIVE_STRATEGIES,
    NOT_ECS,
    PRIMARY_TASK_SET,
    SERVICE,
    TASK_DEFINITION,
    TASK_SET,
)
from cfncheck.template.names import Key
from cfncheck.template.values import ALWAYS, MISSING, Conds, Lit, Node, Unknown, Where, number, outside_run

if TYPE_CHECKING:
    from cfncheck.model.codedeploy import DeploymentGroup, Target

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
        return reason(self.unknown)

    @property
    def uses(self) -> str:
        """For messages: ``uses the CODE_DEPLOY`` / ``can only use the ECS or EXTERNAL`` (a parameter's
        AllowedValues), followed by "deployment controller"."""
        if self.kind is not None or not self.allowed:
            return f"uses the {self.kind or 'unknown'}"
        return f"can only use the {' or '.join(sorted(self.allowed))}"


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
        return reason(self.unknown)


# What aws-cdk-lib's ECS service constructs (BaseService) render into DeploymentConfiguration when the user sets
# neither min_healthy_percent nor max_healthy_percent, and what ECS uses when the template sets nothing (REPLICA).
CDK_RENDERED_PERCENTS = {"MinimumHealthyPercent": 50, "MaximumPercent": 200}
ECS_DEFAULT_PERCENTS = {"MinimumHealthyPercent": 100, "MaximumPercent": 200}


class Service(Entity):
    @property
    def label(self) -> str:
        name = self.literal("ServiceName")
        return f"ECS service {name!r} ({self.logical_id})" if name else f"ECS service {self.logical_id}"

    def rendered_by_cdk(self, prop: str, value: object) -> bool:
        """Whether ``DeploymentConfiguration.<prop>`` = ``value`` is what the CDK writes by itself: the service was
        made by an ECS service construct (not an L1) and the value is that construct's default. (A user who
        passes the default explicitly looks the same: the template cannot tell them apart.)"""
        default = CDK_RENDERED_PERCENTS.get(prop)
        return default is not None and number(value) == default and self.written_as_l2

    # ------------------------------------------------------------------ deployment controller and strategy
    def controllers(self, conds: Conds | None = None) -> list[Fact[Controller]]:
        return self.narrowed(self._controllers, conds)

    @cached_property
    def _controllers(self) -> list[Fact[Controller]]:
        out = []
        for f in self.prop("DeploymentController", "Type", conds=ALWAYS):
            # written on this branch, or the default (an Fn::If may leave DeploymentController out)
            explicit = any(b.value is not MISSING for b in self.raw("DeploymentController", conds=f.conds))
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

    def off_ecs(self, conds: Conds | None = None) -> list[Fact[Controller]]:
        """The branches on which the service uses, or may use, CODE_DEPLOY or EXTERNAL (an unknown controller
        whose parameter may be one of them)."""
        return [f for f in self.controllers(conds) if f.value.may_be(*NOT_ECS)]

    def strategies(self, conds: Conds | None = None) -> list[Fact[Strategy]]:
        out = []
        for f in self.prop("DeploymentConfiguration", "Strategy", conds=conds):
            if f.value is MISSING:
                strategy = Strategy("ROLLING", explicit=False)
            elif isinstance(f.value, Lit) and isinstance(f.value.value, str):
                strategy = Strategy(f.value.value)
            else:
                strategy = Strategy(None, f.value if isinstance(f.value, Unknown) else
                                    Unknown("Strategy is not a literal string"))
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
                        out.extend(Fact(v, c, st.where) for v, c in strategy_fargate(self, st.value, st.conds))
        return out

    def clusters(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """The service's cluster per branch: a key, ``default`` when Cluster is absent, or Unknown."""
        return clusters(self, conds)

    def _cluster_default_fargate(self, conds: Conds) -> list[Fact[Any]]:
        out: list[Fact[Any]] = []
        for cl in self.clusters(conds):
            cluster = self.model.entity(cl.value) if isinstance(cl.value, Node) else None
            if not isinstance(cluster, Cluster):
                out.append(Fact(Unknown("the cluster's default capacity provider strategy is not in this run"),
                                cl.conds, cl.where))
                continue
            strategies = cluster.default_strategies(cl.conds)
            if not strategies:
                out.append(Fact(Lit(False), cl.conds, cl.where))  # no strategy anywhere: EC2 launch type
            out.extend(Fact(v, c, cl.where) for owner, raw, within in strategies
                       for v, c in strategy_fargate(owner, raw, within))
        return out

    def task_definitions(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """The task definition: a :class:`TaskDefinition`, MISSING, or Unknown (source OUTSIDE_RUN for a family
        that no task definition of the run has)."""
        return self.narrowed(self._task_definitions, conds)

    @cached_property
    def _task_definitions(self) -> list[Fact[Any]]:
        return task_definitions(self, ALWAYS)

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
                    elif not outside_run(td.value):
                        out.append(Fact(td.value if isinstance(td.value, Unknown) else
                                        Unknown("the task definition is not known from the templates"),
                                        fg.conds, td.where))
        return out

    # ------------------------------------------------------------------ load balancers, hooks, deployers
    def load_balancers(self, conds: Conds | None = None) -> list[LoadBalancerEntry]:
        return entries(self, conds)

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

    @property
    def hooks_where(self) -> Where:
        return self.at("Properties", *HOOKS)

    def has_lifecycle_hooks(self, conds: Conds | None = None) -> list[Fact[Any]]:
        return self.given(*HOOKS, conds=conds)

    def cluster_branches(self, cluster: Key | None, conds: Conds = ALWAYS) -> list[Conds]:
        """The branches on which the service may run in ``cluster`` (a key; None: unknown, matches any)."""
        out = []
        for cl in self.clusters(conds):
            if cluster is None or isinstance(cl.value, Unknown) or \
                    self.model.t.names.same(cluster, cl.value, "ClusterName") is not False:
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

