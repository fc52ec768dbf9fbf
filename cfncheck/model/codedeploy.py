"""CodeDeploy: applications, deployment configurations and ECS deployment groups with everything they name
(the service of each ``ECSServices`` entry, the target-group pair, the production and test listeners, the
deployment configuration, the application).

``DeploymentConfigName`` is read here only. A predefined name is matched exactly; a name that differs from a
predefined ECS configuration only in letter case is taken as that configuration and marked (whether CodeDeploy
accepts it is unconfirmed, see CD-04); any other ``CodeDeployDefault.`` name (in any letter case, since custom
names may not use the prefix) is a predefined configuration of another platform. A custom name is matched on
``DeploymentConfigName`` among the configurations the group's stack can mean (the same Stage first).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cfncheck.model.base import Counted, Entity, Fact, unresolved
from cfncheck.model.ecs import Service
from cfncheck.template.names import Key, arn_resource_name
from cfncheck.template.values import ALWAYS, MISSING, Conds, Lit, Node, ResRef, Unknown, Where, merge, truth

if TYPE_CHECKING:
    from cfncheck.model.bluegreen import Model

APPLICATION = "AWS::CodeDeploy::Application"
DEPLOYMENT_CONFIG = "AWS::CodeDeploy::DeploymentConfig"
DEPLOYMENT_GROUP = "AWS::CodeDeploy::DeploymentGroup"
ECS_CONFIGS = (
    "CodeDeployDefault.ECSAllAtOnce",
    "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
    "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
    "CodeDeployDefault.ECSCanary10Percent5Minutes",
    "CodeDeployDefault.ECSCanary10Percent15Minutes",
)
ECS_CONFIGS_BY_CASE = {c.lower(): c for c in ECS_CONFIGS}  # a case variant -> the name as AWS spells it
ALL_AT_ONCE = "CodeDeployDefault.ECSAllAtOnce"
PREDEFINED_PREFIX = "CodeDeployDefault."
INFO = ("LoadBalancerInfo",)
PAIRS = ("LoadBalancerInfo", "TargetGroupPairInfoList")
PAIR = PAIRS + (0,)
CONFIG_NAME = "DeploymentConfigName"


class _OnPlatform(Entity):
    def platforms(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``ComputePlatform`` per branch (an application's, or a deployment configuration's)."""
        return self.prop("ComputePlatform", conds=conds)


class Application(_OnPlatform):
    pass


class DeploymentConfig(_OnPlatform):

    @property
    def users(self) -> list[tuple[DeploymentGroup, Conds]]:
        """The ECS deployment groups that use this configuration, with the choices under which they do."""
        return self.model.config_users.get(self.node, [])

    def traffic(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """What an ECS configuration means for traffic shifting, per branch: ``True`` (AllAtOnce), ``False``
        (canary or linear), None when it is not an ECS configuration with a TrafficRoutingConfig, or Unknown."""
        out: list[Fact[Any]] = []
        for platform in self.platforms(conds):
            if platform.value != Lit("ECS"):
                out.append(Fact(None, platform.conds, platform.where))
                continue
            for t in self.prop("TrafficRoutingConfig", "Type", conds=platform.conds):
                if isinstance(t.value, Lit) and isinstance(t.value.value, str):
                    out.append(Fact(t.value.value == "AllAtOnce", t.conds, t.where))
                elif t.value is MISSING:
                    out.append(Fact(None, t.conds, t.where))
                else:
                    out.append(Fact(Unknown(f"the traffic routing type of {self.logical_id} is not known"),
                                    t.conds, t.where))
        return out


@dataclass(frozen=True)
class ConfigName:
    """What a deployment group's ``DeploymentConfigName`` denotes on one branch."""

    value: Any  # the resolved value: Lit, ResRef, Unknown or MISSING
    predefined: bool = False  # a CodeDeployDefault.* name
    ecs: str | None = None  # the predefined ECS configuration it names, spelled exactly
    config: DeploymentConfig | None = None  # the custom configuration of the run it denotes
    other: Node | None = None  # a resource of the run that is not a deployment configuration

    @property
    def name(self) -> str | None:
        return self.value.value if isinstance(self.value, Lit) and isinstance(self.value.value, str) else None

    @property
    def exact(self) -> bool:
        """Spelled as the predefined ECS configuration it names (letter case included)."""
        return self.ecs is not None and self.name == self.ecs

    @property
    def all_at_once(self) -> bool:
        return self.ecs == ALL_AT_ONCE


@dataclass(frozen=True)
class Shifting:
    """How a deployment configuration shifts traffic."""

    all_at_once: bool
    name: str
    config: DeploymentConfig | None = None  # the custom configuration of the run


@dataclass(frozen=True)
class Target:
    """One ``ECSServices`` entry of a deployment group, matched to a service of the run (or not)."""

    group: DeploymentGroup
    index: int
    service: Service | None
    reason: str | None  # why it could not be matched
    conds: Conds
    named: tuple[str, str] | None = None  # an unmatched service given by literal names: (cluster, service)

    @property
    def where(self) -> Where:
        return self.group.at("Properties", "ECSServices", self.index, "ServiceName")

    @property
    def outside(self) -> tuple | None:
        """For a service named but not in the run: its identity (cluster, service, and where the group is: the
        same names in another input, Stage, account or region are another service)."""
        if self.named is None:
            return None
        stack = self.group.stack
        return (*self.named, stack.origin, stack.assembly_dir, stack.account, stack.region)


@dataclass(frozen=True)
class AlarmName:
    """One ``AlarmConfiguration.Alarms[index].Name`` of a deployment group, on one branch."""

    index: int
    value: Any  # resolved
    written: Any  # the Name as written (two copies of one expression are one alarm, not a duplicate)
    key: Any  # the alarm's identity: the alarm resource (Ref), a name, or None (unknown, or an attribute)
    by_arn: bool  # given as an ARN (CodeDeploy looks alarms up by name)
    logical: Entity | None  # an alarm of the group's template whose logical ID is the name, when no alarm has it


ALARM = "AWS::CloudWatch::Alarm"


class DeploymentGroup(Entity):
    """A deployment group with ``ECSServices``: one that deploys ECS services."""

    @property
    def label(self) -> str:
        return f"deployment group {self.logical_id} in stack {self.stack.name}"

    @cached_property
    def targets(self) -> list[Target]:
        """Each ``ECSServices`` entry matched to a service of the run (or not), per branch."""
        return group_targets(self.model, self)

    # ------------------------------------------------------------------ application and configuration
    def applications(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``ApplicationName``: an :class:`Application`, another entity of the run, or the resolved value with
        how many applications of the run have that name (``(Lit, count)``)."""
        out: list[Fact[Any]] = []
        for f in self.prop("ApplicationName", conds=conds):
            if isinstance(f.value, ResRef):
                out.append(Fact(self.model.entity(f.value.node), f.conds, f.where))
            elif isinstance(f.value, Lit) and isinstance(f.value.value, str):
                found = self.model.t.names.find(self.stack, APPLICATION, "ApplicationName", f.value.value)
                out.append(Fact(self.model.entity(found[0]) if len(found) == 1 else (f.value, len(found)),
                                f.conds, f.where))
            else:
                out.append(f)
        return out

    def configs(self, conds: Conds | None = None) -> list[Fact[ConfigName]]:
        out = []
        for f in self.prop(CONFIG_NAME, conds=conds):
            out.append(Fact(self._config(f.value), f.conds, f.where))
        return out

    def _config(self, value: Any) -> ConfigName:
        if isinstance(value, ResRef):
            entity = self.model.entity(value.node)
            if isinstance(entity, DeploymentConfig):
                return ConfigName(value, config=entity)
            return ConfigName(value, other=value.node)
        if not (isinstance(value, Lit) and isinstance(value.value, str)):
            return ConfigName(value)
        name = value.value
        if name.lower().startswith(PREDEFINED_PREFIX.lower()):
            return ConfigName(value, predefined=True, ecs=ECS_CONFIGS_BY_CASE.get(name.lower()))
        found = self.model.t.names.find(self.stack, DEPLOYMENT_CONFIG, CONFIG_NAME, name)
        entity = self.model.entity(found[0]) if len(found) == 1 else None
        return ConfigName(value, config=entity if isinstance(entity, DeploymentConfig) else None)

    def shifting(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """How the group's deployment configuration shifts traffic, per branch: a :class:`Shifting`, Unknown, or
        None when it is not an ECS configuration (CD-04's business) or not set."""
        out: list[Fact[Any]] = []
        for f in self.configs(conds):
            c = f.value
            if c.config is not None:
                for t in c.config.traffic(f.conds):
                    value = Shifting(t.value, c.config.logical_id, c.config) if isinstance(t.value, bool) else t.value
                    out.append(Fact(value, t.conds, f.where))
            elif c.predefined:
                out.append(Fact(Shifting(c.all_at_once, c.name or "") if c.ecs else None, f.conds, f.where))
            elif c.other is not None or c.value is MISSING:
                out.append(Fact(None, f.conds, f.where))
            elif c.name is not None:
                out.append(Fact(Unknown(f"the custom deployment configuration {c.name!r} is not defined in this run"),
                                f.conds, f.where))
            else:
                out.append(Fact(c.value if isinstance(c.value, Unknown) else Unknown("a computed configuration name"),
                                f.conds, f.where))
        return out

    @property
    def role_where(self) -> Where:
        return self.at("Properties", "ServiceRoleArn")

    @property
    def config_where(self) -> Where:
        return self.at("Properties", CONFIG_NAME)

    def alarm_names(self, conds: Conds | None = None) -> list[Fact[AlarmName]]:
        out: list[Fact[AlarmName]] = []
        names = self.model.t.names
        for entry in self.elements("AlarmConfiguration", "Alarms", conds=conds):
            if isinstance(entry.value, Unknown):
                continue
            index, element = entry.value
            written = element.get("Name") if isinstance(element, dict) else None
            for name in self.prop("AlarmConfiguration", "Alarms", index, "Name", conds=entry.conds):
                value = name.value
                text = value.value if isinstance(value, Lit) and isinstance(value.value, str) else None
                by_arn = (isinstance(value, ResRef) and value.node.type == ALARM and value.attr == "Arn") or \
                    (text or "").startswith("arn:")
                key: Any = None
                logical = None
                if isinstance(value, ResRef):
                    key = value.node if value.attr is None else None
                elif text is not None:
                    found = names.find(self.stack, ALARM, "AlarmName", text)
                    key = found[0] if len(found) == 1 else text
                    res = self.stack.resource(text) if not found else None
                    if res is not None and res.get("Type") == ALARM:
                        logical = self.model.entity(Node(self.stack, text))
                out.append(Fact(AlarmName(index, value, written, key, by_arn, logical), name.conds, name.where))
        return out

    def alarms_enabled(self) -> bool:
        return any(truth(f.value) for f in self.prop("AlarmConfiguration", "Enabled"))

    # ------------------------------------------------------------------ LoadBalancerInfo
    def load_balancer_info(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``LoadBalancerInfo`` as written per branch (MISSING when absent)."""
        return self.raw(*INFO, conds=conds)

    def info_lists(self, key: str, conds: Conds | None = None) -> list[Fact[Any]]:
        """``LoadBalancerInfo.<key>`` (``ElbInfoList``, ``TargetGroupInfoList``) as written per branch."""
        return self.raw(*INFO, key, conds=conds)

    def pairs_written(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """``LoadBalancerInfo.TargetGroupPairInfoList`` as written, per branch."""
        return self.raw(*PAIRS, conds=conds)

    def pair_where(self, *keys: str | int) -> Where:
        """A place in the first (the only valid) target-group pair: ``pair_where("TargetGroups", 1, "Name")``."""
        return self.at("Properties", *PAIR, *keys)

    def pair_lists(self, conds: Conds | None = None) -> list[Counted]:
        """The entries of ``TargetGroupPairInfoList`` per scenario (see :meth:`counted`)."""
        return self.counted(*PAIRS, conds=conds)

    def pair_target_group_lists(self, conds: Conds | None = None) -> list[Counted]:
        """The ``TargetGroups`` of the first pair per scenario; each element ``(index, TargetGroupInfo)``."""
        return self.counted(*PAIR, "TargetGroups", conds=conds)

    def pair(self) -> list[Fact[tuple[int, Key | Unknown]]]:
        """The target groups of the first pair: ``(index, key or Unknown)`` per branch, at ``TargetGroups[i]``."""
        return list(self._pair)

    @cached_property
    def _pair(self) -> list[Fact[tuple[int, Key | Unknown]]]:
        return self._pair_entries(("TargetGroups",), "Name", self.model.target_group_key)

    def target_group_names(self, conds: Conds | None = None) -> list[Fact[tuple[int, Any]]]:
        """Every ``TargetGroupInfo.Name`` of every pair: ``(position in its pair, resolved value)``."""
        out: list[Fact[tuple[int, Any]]] = []
        for pair in self.elements(*PAIRS, conds=conds):
            if not isinstance(pair.value, tuple):
                continue
            p = pair.value[0]
            for tg in self.elements(*PAIRS, p, "TargetGroups", conds=pair.conds):
                if not isinstance(tg.value, tuple):
                    continue
                for name in self.prop(*PAIRS, p, "TargetGroups", tg.value[0], "Name", conds=tg.conds):
                    out.append(Fact((tg.value[0], name.value), name.conds, name.where))
        return out

    def pair_written(self, conds: Conds | None = None) -> list[Fact[Any]]:
        """The first target-group pair as written, per branch."""
        return self.raw(*PAIR, conds=conds)

    def route_written(self, route: str, conds: Conds | None = None) -> list[Fact[Any]]:
        """``ProdTrafficRoute`` / ``TestTrafficRoute`` of the first pair as written, per branch."""
        return self.raw(*PAIR, route, conds=conds)

    def route_lists(self, route: str, conds: Conds | None = None) -> list[Counted]:
        return self.counted(*PAIR, route, "ListenerArns", conds=conds)

    def routes(self, route: str) -> list[Fact[tuple[int, Key | Unknown]]]:
        """The listeners of ``ProdTrafficRoute`` / ``TestTrafficRoute``: ``(index, key or Unknown)`` per branch."""
        if route not in self._routes:
            self._routes[route] = self._pair_entries((route, "ListenerArns"), None, self.model.listener_key)
        return list(self._routes[route])

    @cached_property
    def _routes(self) -> dict[str, list[Fact[tuple[int, Key | Unknown]]]]:
        return {}

    def _pair_entries(self, keys: tuple, field_name: str | None, to_key: Any) -> list[Fact[Any]]:
        out: list[Fact[Any]] = []
        t = self.model.t
        for item in self.elements(*PAIR, *keys, conds=self.conds):
            if isinstance(item.value, Unknown):
                out.append(Fact((0, item.value), item.conds, item.where))
                continue
            index, element = item.value
            exprs = t.r.get(self.stack, element, field_name) if field_name else [Fact(element, item.conds, item.where)]
            for ex in exprs:
                conds = merge(item.conds, ex.conds)
                if conds is None:
                    continue
                values = t.r.resolve(self.stack, ex.value) if ex.value is not MISSING else \
                    [Fact(MISSING, conds, item.where)]
                for br in values:
                    merged = merge(conds, br.conds)
                    if merged is None:
                        continue
                    key = to_key(br.value)
                    out.append(Fact((index, key if key is not None else Unknown(unresolved(br.value))), merged,
                                    item.where))
        return out


# ---------------------------------------------------------------------- joins
def group_targets(model: Model, group: DeploymentGroup) -> list[Target]:
    """Each ``ECSServices`` entry matched to a service: by Ref/GetAtt, or by name (and cluster) among the
    services the group's stack can mean."""
    out: list[Target] = []
    t = model.t
    for item in t.r.items(group.stack, group.node.properties.get("ECSServices", MISSING)):
        conds = merge(group.conds or ALWAYS, item.conds)
        if conds is None:
            continue
        if isinstance(item.value, Unknown):
            out.append(Target(group, 0, None, item.value.reason, conds))
            continue
        index = item.value[0]
        for name in group.prop("ECSServices", index, "ServiceName", conds=conds):
            for cluster in group.prop("ECSServices", index, "ClusterName", conds=name.conds):
                out.extend(_match(model, group, index, name.value, cluster.value, cluster.conds))
    return out


def _match(model: Model, group: DeploymentGroup, index: int, name: Any, cluster: Any, conds: Conds) -> list[Target]:
    if isinstance(name, Unknown):
        return [Target(group, index, None, f"the service name is not known from the templates: {name.reason}",
                       conds)]
    if isinstance(name, ResRef):
        entity = model.entity(name.node)
        if isinstance(entity, Service):
            return [Target(group, index, entity, None, conds)]
        return [Target(group, index, None, f"ServiceName refers to {name.node!r}, a {name.node.type}", conds)]
    if not (isinstance(name, Lit) and isinstance(name.value, str)):
        return [Target(group, index, None, "ServiceName is missing", conds)]
    service_name = arn_resource_name(name.value, "service") or name.value
    cluster_key = model.cluster_key(cluster)
    matched: list[Target] = []
    for svc in model.services_named(group.stack, service_name):
        branches = svc.cluster_branches(cluster_key, conds)
        if branches:
            matched.append(Target(group, index, svc, None, branches[0]))
    if matched:
        return matched
    where = f" in cluster {cluster_key!r}" if isinstance(cluster_key, str) else ""
    named = (arn_resource_name(cluster_key, "cluster") or cluster_key, service_name) \
        if isinstance(cluster_key, str) else None
    return [Target(group, index, None, f"no ECS service named {service_name!r}{where} is defined in this run",
                   conds, named)]


def config_users(model: Model) -> dict[Node, list[tuple[DeploymentGroup, Conds]]]:
    users: dict[Node, list[tuple[DeploymentGroup, Conds]]] = {}
    for group in model.groups:
        for f in group.configs():
            if f.value.config is not None:
                users.setdefault(f.value.config.node, []).append((group, f.conds))
    return users
