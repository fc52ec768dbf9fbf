"""Helpers shared by the target-group / task-definition mapping rules (LB-10, LB-11, TD-01, TD-02, TD-04,
UPD-01). Not a rule.

An *entry* is one ``LoadBalancers[i]`` element of an ``AWS::ECS::Service`` or ``AWS::ECS::TaskSet`` on one
Fn::If branch. A *use* is a target group into which the tasks of an entry get registered: the entry's own
``TargetGroupArn``, the ECS-native ``AdvancedConfiguration.AlternateTargetGroupArn``, or the other target
group of the CodeDeploy deployment group's pair (the green one, which CodeDeploy fills on every deployment).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from cfncheck.model.legacy import PAIR, TARGET_GROUP, TASK_DEFINITION, DeploymentGroup, Key, Model, pair_target_groups
from cfncheck.rules._legacy_base import group_label, service_label
from cfncheck.template.values import MISSING, Branch, Conds, Lit, Node, ResRef, Unknown, merge, outside_run

TASK_SET = "AWS::ECS::TaskSet"
Path = tuple[str | int, ...]
DEFAULT_MODE = "bridge"  # NetworkMode when it is not set (EC2, Linux)
EXPECTED_TARGET = {"awsvpc": "ip", "bridge": "instance", "host": "instance"}


# ---------------------------------------------------------------------- entries
@dataclass(frozen=True)
class Entry:
    owner: Node  # AWS::ECS::Service or AWS::ECS::TaskSet
    index: int
    conds: Conds
    label: str

    def path(self, *keys: str | int) -> Path:
        return ("Properties", "LoadBalancers", self.index) + keys


def owner_label(model: Model, node: Node) -> str:
    if node.type == TASK_SET:
        return f"ECS task set {node.logical_id}"
    return service_label(model, node)


_ENTRIES: WeakKeyDictionary[Model, list[Entry]] = WeakKeyDictionary()


def entries(model: Model) -> list[Entry]:
    """Every ``LoadBalancers`` element of every existing service and task set (cached per model)."""
    if model not in _ENTRIES:
        out: list[Entry] = []
        for owner in model.services + model.by_type[TASK_SET]:
            exists = model.exists(owner)
            if exists is None:
                continue
            label = owner_label(model, owner)
            for lst in model.raw(owner, "LoadBalancers", conds=exists):
                if lst.value is MISSING:
                    continue
                for item in model.r.items(owner.stack, lst.value):
                    conds = merge(lst.conds, item.conds)
                    if conds is not None and not isinstance(item.value, Unknown):
                        out.append(Entry(owner, item.value[0], conds, label))
        _ENTRIES[model] = out
    return _ENTRIES[model]


def entry_values(model: Model, entry: Entry, *keys: str, conds: Conds | None = None) -> list[Branch]:
    return model.values(entry.owner, "LoadBalancers", entry.index, *keys,
                        conds=entry.conds if conds is None else conds)


# ---------------------------------------------------------------------- task definitions
def task_definitions(model: Model, owner: Node, conds: Conds) -> list[Branch]:
    """Branch(Node) / Branch(Unknown) per branch; a missing TaskDefinition, or one that is not in the run
    at all (registered outside these templates), gives nothing."""
    return [br for br in model.task_definitions(owner, conds) if br.value is not MISSING and not outside_run(br.value)]


def network_modes(model: Model, td: Node, conds: Conds) -> list[Branch]:
    """``NetworkMode`` per branch: Branch(str), Branch(Unknown), or Branch(None) when a Fargate task definition
    leaves it out (invalid, and cfn-lint's business)."""
    out: list[Branch] = []
    for br in model.values(td, "NetworkMode", conds=conds):
        if br.value is MISSING:
            out.append(Branch(None if _fargate(model, td, br.conds) else DEFAULT_MODE, br.conds))
        elif isinstance(br.value, Lit) and isinstance(br.value.value, str):
            out.append(Branch(br.value.value, br.conds))
        else:
            out.append(Branch(br.value if isinstance(br.value, Unknown) else Unknown("NetworkMode is not a string"),
                              br.conds))
    return out


def _fargate(model: Model, td: Node, conds: Conds) -> bool:
    for lst in model.raw(td, "RequiresCompatibilities", conds=conds):
        for item in model.r.items(td.stack, lst.value):
            if isinstance(item.value, tuple) and item.value[1] == "FARGATE":
                return True
    return False


@dataclass
class Container:
    index: int
    name: str | Unknown
    conds: Conds


def containers(model: Model, td: Node, conds: Conds) -> list[Container]:
    out: list[Container] = []
    for item in model.elements(td, "ContainerDefinitions", conds=conds):
        base = item.conds
        if isinstance(item.value, Unknown):
            out.append(Container(-1, item.value, base))
            continue
        index = item.value[0]
        for name in model.values(td, "ContainerDefinitions", index, "Name", conds=base):
            out.append(Container(index, container_name(name.value), name.conds))
    return out


def container_name(value: Any) -> str | Unknown:
    """A container name from a resolved value; an Unknown (e.g. a parameter) compares equal to the same one."""
    if isinstance(value, Lit) and isinstance(value.value, str):
        return value.value
    return value if isinstance(value, Unknown) else Unknown("the container name is not a literal string")


@dataclass
class Mapping:
    index: int
    container_port: int | Unknown | None  # None: not set (a port range)
    host_port: int | Unknown | None  # None: not set
    port_range: tuple[int, int] | None
    conds: Conds


def port_mappings(model: Model, td: Node, container: int, conds: Conds) -> list[Mapping]:
    out: list[Mapping] = []
    keys = ("ContainerDefinitions", container, "PortMappings")
    for item in model.elements(td, *keys, conds=conds):
        base = item.conds
        if isinstance(item.value, Unknown):
            out.append(Mapping(-1, item.value, None, None, base))
            continue
        i = item.value[0]
        for cp in model.values(td, *keys, i, "ContainerPort", conds=base):
            for hp in model.values(td, *keys, i, "HostPort", conds=cp.conds):
                for rng in model.values(td, *keys, i, "ContainerPortRange", conds=hp.conds):
                    out.append(Mapping(i, port(cp.value), port(hp.value), _range(rng.value), rng.conds))
    return out


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


def dynamic_host_port(mode: str, mapping: Mapping) -> bool:
    """Whether ECS picks the host port: bridge mode with HostPort 0 or not set."""
    return mode == "bridge" and (mapping.host_port is None or mapping.host_port == 0)


# ---------------------------------------------------------------------- target groups of an entry
@dataclass
class Use:
    """A target group the tasks of ``entry`` are registered in, on one branch."""

    entry: Entry
    tg: Key | Unknown
    role: str  # "service" | "task set" | "alternate" | "green"
    ref: tuple[Node, Path]  # where the target group is named
    conds: Conds
    group: DeploymentGroup | None = None
    partner: Key | Unknown | None = None  # the other target group of the blue/green pair

    @property
    def where(self) -> str:
        if self.role == "green":
            return f"the green target group of the pair of {group_label(self.group.node)}"  # type: ignore[union-attr]
        if self.role == "alternate":
            return f"the alternate target group of LoadBalancers[{self.entry.index}]"
        return f"the target group of LoadBalancers[{self.entry.index}]"


_USES: WeakKeyDictionary[Model, list[Use]] = WeakKeyDictionary()


def uses(model: Model) -> list[Use]:
    """Every target group every entry's tasks get registered in (cached per model)."""
    if model not in _USES:
        out: list[Use] = []
        for entry in entries(model):
            out.extend(_entry_uses(model, entry))
        _USES[model] = out
    return _USES[model]


def _entry_uses(model: Model, entry: Entry) -> list[Use]:
    out: list[Use] = []
    own_role = "task set" if entry.owner.type == TASK_SET else "service"
    own: list[tuple[Key | Unknown, Conds]] = []
    for br in entry_values(model, entry, "TargetGroupArn"):
        if br.value is MISSING:
            continue  # a Classic Load Balancer entry
        key = tg_key(model, br.value)
        own.append((key, br.conds))
        out.append(Use(entry, key, own_role, (entry.owner, entry.path("TargetGroupArn")), br.conds))
    if entry.owner.type == TASK_SET:
        return out
    for br in entry_values(model, entry, "AdvancedConfiguration", "AlternateTargetGroupArn"):
        if br.value is MISSING:
            continue
        key = tg_key(model, br.value)
        for own_key, oc in own:
            conds = merge(br.conds, oc)
            if conds is not None:
                out.append(Use(entry, key, "alternate",
                               (entry.owner, entry.path("AdvancedConfiguration", "AlternateTargetGroupArn")),
                               conds, partner=own_key))
    if entry.index == 0:
        out.extend(_green_uses(model, entry, own))
    return out


def _green_uses(model: Model, entry: Entry, own: list[tuple[Key | Unknown, Conds]]) -> list[Use]:
    out: list[Use] = []
    for group, target in model.groups_for(entry.owner):
        base = merge(entry.conds, target.conds)
        if base is None:
            continue
        for br in pair_target_groups(model, group):
            index, key = br.value
            with_pair = merge(base, br.conds)
            for own_key, oc in own:
                conds = merge(with_pair, oc) if with_pair is not None else None
                if conds is None or _same(model, key, own_key) is True:
                    continue  # the service's own target group: checked as such
                path = ("Properties",) + PAIR + ("TargetGroups", index, "Name")
                out.append(Use(entry, key, "green", (group.node, path), conds, group, own_key))
    return out


def tg_key(model: Model, value: Any) -> Key | Unknown:
    key = model.target_group(value)
    if key is not None:
        return key
    return value if isinstance(value, Unknown) else Unknown("the target group is not known")


def _same(model: Model, a: Key | Unknown, b: Key | Unknown) -> bool | None:
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return None
    return model.same(a, b, "Name")


def target_group_node(key: Key | Unknown) -> Node | None:
    return key if isinstance(key, Node) and key.type == TARGET_GROUP else None


def target_types(model: Model, tg: Node, conds: Conds) -> list[Branch]:
    """``TargetType`` per branch: Branch((type, set)) with the type in lower case (``instance`` when absent,
    then ``set`` is False) or an Unknown."""
    out: list[Branch] = []
    for br in model.values(tg, "TargetType", conds=conds):
        if br.value is MISSING:
            out.append(Branch(("instance", False), br.conds))
        elif isinstance(br.value, Lit) and isinstance(br.value.value, str):
            out.append(Branch((br.value.value.lower(), True), br.conds))
        else:
            unknown = br.value if isinstance(br.value, Unknown) else Unknown("TargetType is not a string")
            out.append(Branch((unknown, True), br.conds))
    return out


def is_task_definition(value: Any) -> bool:
    return isinstance(value, ResRef) and value.node.type == TASK_DEFINITION


def show(thing: object) -> str:
    if isinstance(thing, Node):
        return f"{thing.logical_id} (stack {thing.stack.name})"
    if isinstance(thing, Unknown):
        return "(unknown)"
    return str(thing)
