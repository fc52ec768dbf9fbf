"""Deployments: which target groups the tasks of a service or task set get registered in, and by whom.

A *use* is a target group into which the tasks of one ``LoadBalancers[i]`` entry get registered: the entry's
own ``TargetGroupArn`` (the service's or the task set's), the ECS-native
``AdvancedConfiguration.AlternateTargetGroupArn``, or the other target group of the CodeDeploy deployment
group's pair (the green one, which CodeDeploy fills on every deployment). The LB, TD and NBG rules and the
graph read these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cfncheck.model.ecs import TASK_SET
from cfncheck.model.entries import LoadBalancerEntry
from cfncheck.template.names import Key
from cfncheck.template.values import Conds, Node, Unknown, Where, merge

if TYPE_CHECKING:
    from cfncheck.model.bluegreen import Model
    from cfncheck.model.codedeploy import DeploymentGroup


@dataclass(frozen=True)
class TargetGroupUse:
    """A target group the tasks of ``entry`` are registered in, on one branch."""

    entry: LoadBalancerEntry
    tg: Key | Unknown
    role: str  # "service" | "task set" | "alternate" | "green"
    ref: Where  # where the target group is named
    conds: Conds
    group: DeploymentGroup | None = None
    partner: Key | Unknown | None = None  # the other target group of the blue/green pair

    @property
    def where_text(self) -> str:
        if self.role == "green":
            return f"the green target group of the pair of {self.group.label}"  # type: ignore[union-attr]
        if self.role == "alternate":
            return f"the alternate target group of LoadBalancers[{self.entry.index}]"
        return f"the target group of LoadBalancers[{self.entry.index}]"

    @property
    def target_group(self) -> Any:
        """The target group entity when it is one of the run, else None."""
        entity = self.entry.owner.model.entity(self.tg) if isinstance(self.tg, Node) else None
        from cfncheck.model.elb import TargetGroup

        return entity if isinstance(entity, TargetGroup) else None


def entries(model: Model) -> list[LoadBalancerEntry]:
    """Every ``LoadBalancers`` element of every existing service and task set."""
    return [entry for owner in [*model.services, *model.task_sets] for entry in owner.load_balancers()]


def uses(model: Model) -> list[TargetGroupUse]:
    out: list[TargetGroupUse] = []
    for entry in model.load_balancer_entries:
        out.extend(_entry_uses(model, entry))
    return out


def _entry_uses(model: Model, entry: LoadBalancerEntry) -> list[TargetGroupUse]:
    out: list[TargetGroupUse] = []
    own_role = "task set" if entry.owner.type == TASK_SET else "service"
    own: list[tuple[Key | Unknown, Conds]] = []
    for f in entry.target_groups():
        own.append((f.value, f.conds))
        out.append(TargetGroupUse(entry, f.value, own_role, f.where, f.conds))
    if entry.owner.type == TASK_SET:
        return out
    for f in entry.advanced.alternates():
        for own_key, oc in own:
            conds = merge(f.conds, oc)
            if conds is not None:
                out.append(TargetGroupUse(entry, f.value, "alternate", f.where, conds, partner=own_key))
    if entry.index == 0:
        out.extend(_green_uses(model, entry, own))
    return out


def _green_uses(model: Model, entry: LoadBalancerEntry, own: list[tuple[Key | Unknown, Conds]]) -> list[TargetGroupUse]:
    out: list[TargetGroupUse] = []
    for group, target in entry.owner.deployers:  # type: ignore[union-attr]
        base = merge(entry.conds, target.conds)
        if base is None:
            continue
        for br in group.pair():
            index, key = br.value
            with_pair = merge(base, br.conds)
            for own_key, oc in own:
                conds = merge(with_pair, oc) if with_pair is not None else None
                if conds is None or model.same_target_group(key, own_key) is True:
                    continue  # the service's own target group: checked as such
                out.append(TargetGroupUse(entry, key, "green", group.pair_where("TargetGroups", index, "Name"), conds,
                                          group, own_key))
    return out
