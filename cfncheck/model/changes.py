"""The update from the deployed run (``--previous``) to this one, as blue/green facts.

Built on :class:`cfncheck.template.changes.Changes` (what CloudFormation will add, remove, modify or replace)
and on a second :class:`~cfncheck.model.Model` of the deployed stacks (what each service was before). Rules ask:
which services change controller, which properties of a service change, which deployment routes change, which
resources are replaced, removed or renamed. Every fact carries both sides' places.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cfncheck.model.ecs import SERVICE, TASK_DEFINITION, TASK_SET, Controller, Service
from cfncheck.template.changes import Changes, PropertyChange, ResourceChange
from cfncheck.template.schemas import SNAPSHOT_TYPES, STATEFUL_TYPES
from cfncheck.template.values import ALWAYS, Conds, Node, Where, merge

if TYPE_CHECKING:
    from cfncheck.model.bluegreen import Model

PRIMARY_TASK_SET = "AWS::ECS::PrimaryTaskSet"


@dataclass(frozen=True)
class ControllerChange:
    before: str
    after: str
    conds: Conds
    where: Where  # DeploymentController (or the service) in the next template
    before_where: Where


@dataclass
class ServiceUpdate:
    """An ECS service of this run that is deployed already (same stack, same logical ID)."""

    service: Service
    before: Service
    change: ResourceChange | None  # None: nothing of it changes

    @property
    def label(self) -> str:
        return self.service.label

    def changed(self, key: str) -> PropertyChange | None:
        return self.change.changed(key) if self.change is not None else None

    def at(self, key: str) -> Where:
        """``Properties.<key>`` in the next template (the resource when the key is gone)."""
        return self.service.at("Properties", key) if key in self.service.node.properties else self.service.at()

    def before_at(self, key: str) -> Where:
        return self.before.at("Properties", key) if key in self.before.node.properties else self.before.at()

    def controllers(self) -> list[tuple[Controller, Controller, Conds]]:
        """(before, after, conds) for every pair of known controllers (Fn::If branches on both sides)."""
        out = []
        for old in self.before.controllers():
            for new in self.service.controllers():
                conds = merge(new.conds, ALWAYS)
                if old.value.known and new.value.known and conds is not None:
                    out.append((old.value, new.value, conds))
        return out

    def controller_changes(self) -> list[ControllerChange]:
        return [ControllerChange(str(old.kind), str(new.kind), conds, self.at("DeploymentController"),
                                 self.before_at("DeploymentController"))
                for old, new, conds in self.controllers() if old.kind != new.kind]

    def stays(self, kind: str) -> bool:
        """Whether the service uses the ``kind`` controller before and after on every known branch."""
        pairs = self.controllers()
        return bool(pairs) and all(old.kind == kind and new.kind == kind for old, new, _ in pairs)


@dataclass(frozen=True)
class RouteChange:
    """A listener or listener rule that a blue/green deployer rewrites, changed by the update."""

    entity: Any  # the Listener / ListenerRule entity of this run
    change: ResourceChange
    deployer: str  # "deployment group X" / "ECS service Y"
    deployer_where: Where


@dataclass(frozen=True)
class Rename:
    """A resource removed and one of the same type and the same custom name added: a renamed logical ID."""

    removed: ResourceChange
    added: ResourceChange
    key: str  # the name property
    value: Any  # its value as written


@dataclass(frozen=True)
class HookUpdate:
    """An update of a stack with the blue/green hook that replaces its ECS application resources."""

    hook: Any
    app_changes: list[ResourceChange]  # task definitions / task sets of the hook that change
    other_changes: list[ResourceChange]  # everything else the same update changes in that stack


class Update:
    def __init__(self, model: Model, previous: Model) -> None:
        self.model = model
        self.previous = previous
        self.diff = Changes(model.stacks, previous.stacks)

    # ------------------------------------------------------------------ stacks and resources
    def resources(self) -> list[ResourceChange]:
        return self.diff.all()

    def of(self, node: Node) -> ResourceChange | None:
        return self.diff.of(node)

    def previous_stack(self, stack: Any) -> Any:
        return self.diff.previous_stack(stack)

    @staticmethod
    def name_of(node: Node) -> tuple[str, Any] | None:
        return Changes.name_of(node)

    @staticmethod
    def policy(node: Node, attribute: str) -> str:
        return Changes.policy(node, attribute)

    @staticmethod
    def stateful(rtype: str) -> bool:
        return rtype in STATEFUL_TYPES

    @staticmethod
    def snapshots(rtype: str) -> bool:
        return rtype in SNAPSHOT_TYPES

    # ------------------------------------------------------------------ services
    @cached_property
    def services(self) -> list[ServiceUpdate]:
        out = []
        for service in self.model.services:
            prev = self.diff.previous_node(service.node)
            before = self.previous.entity(prev) if prev is not None else None
            if isinstance(before, Service) and before.exists:
                out.append(ServiceUpdate(service, before, self.diff.of(service.node)))
        return out

    def code_deploy_changes(self, *keys: str) -> Iterator[tuple[ServiceUpdate, str, PropertyChange]]:
        """(service, key, change) for each of ``keys`` that the update changes on a deployed service that stays
        on CODE_DEPLOY on every known branch: what UpdateService rejects (UPD-01, UPD-02, UPD-03)."""
        for su in self.services:
            if su.change is None or not su.stays("CODE_DEPLOY"):
                continue
            for key in keys:
                change = su.changed(key)
                if change is not None:
                    yield su, key, change

    # ------------------------------------------------------------------ what the deployers rewrite
    @cached_property
    def routes(self) -> list[RouteChange]:
        """Listeners of deployed CodeDeploy groups' traffic routes, and listener rules of deployed native
        blue/green entries, that the update modifies."""
        out: list[RouteChange] = []
        seen: set[Node] = set()

        def add(node: Any, deployer: str, where: Where) -> None:
            if not isinstance(node, Node) or node in seen:
                return
            change = self.diff.of(node)
            if change is None or change.status != "modified":
                return
            seen.add(node)
            out.append(RouteChange(self.model.entity(node), change, deployer, where))

        for group in self.model.groups:
            if self.diff.previous_node(group.node) is None:
                continue  # a new group has shifted no traffic yet
            for route in ("ProdTrafficRoute", "TestTrafficRoute"):
                for fact in group.routes(route):
                    add(fact.value[1], f"deployment group {group.logical_id}", fact.where)
        for entry in self.model.native_entries:
            prev = self.diff.previous_node(entry.service.node)
            before = self.previous.entity(prev) if prev is not None else None
            if not (isinstance(before, Service) and any(s.value.name == entry.strategy
                                                        for s in before.native_strategies())):
                continue  # the native deployment starts with this update
            for use in entry.route_uses():
                add(use.route.node, entry.service.label, use.where)
        return out

    # ------------------------------------------------------------------ renamed logical IDs
    @cached_property
    def renames(self) -> list[Rename]:
        removed: dict[tuple[int, str, str], ResourceChange] = {}
        for change in self.diff.all():
            if change.status == "removed" and change.removed_with is None and change.previous is not None:
                named = self.name_of(change.previous)
                if named is not None and _literal_key(named[1]) is not None:
                    removed[(id(change.previous.stack), change.type, _literal_key(named[1]))] = change  # type: ignore[index]
        out = []
        for change in self.diff.all():
            if change.status != "added" or change.next is None:
                continue
            named = self.name_of(change.next)
            if named is None or _literal_key(named[1]) is None:
                continue
            prev_stack = self.diff.previous_stack(change.next.stack)
            old = removed.get((id(prev_stack), change.type, _literal_key(named[1])))  # type: ignore[arg-type]
            if old is not None:
                out.append(Rename(old, change, named[0], named[1]))
        return out

    # ------------------------------------------------------------------ the blue/green hook
    @cached_property
    def hooks(self) -> list[HookUpdate]:
        out = []
        for stack, found in self.model.hook_stacks:
            if self.diff.previous_stack(stack) is None:
                continue
            changes = [c for c in self.diff.all() if c.node.stack in (stack, self.diff.previous_stack(stack))]
            for hook in found:
                app = {hook.get("Target", "LogicalID")}
                for kind in ("TaskDefinitions", "TaskSets"):
                    value = hook.get("ECSAttributes", kind)
                    app |= set(value) if isinstance(value, list) else set()
                app_types = (TASK_DEFINITION, TASK_SET)
                mine = [c for c in changes if c.logical_id in app and c.type in app_types]
                if not mine:
                    continue
                related = app | {lid for lid, res in stack.resources.items()
                                 if isinstance(res, dict) and res.get("Type") in (PRIMARY_TASK_SET, SERVICE)}
                others = [c for c in changes if c.logical_id not in related]
                out.append(HookUpdate(hook, mine, others))
        return out


def _literal_key(value: Any) -> str | None:
    """A name written as a literal, or an intrinsic written the same way (compared as its JSON)."""
    if isinstance(value, (str, int)):
        return str(value)
    import json

    try:
        return json.dumps(value, sort_keys=True)
    except (TypeError, ValueError):
        return None
