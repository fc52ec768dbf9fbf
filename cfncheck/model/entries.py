"""``LoadBalancers[]`` entries of ECS services and task sets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cfncheck.model.base import Entity, Fact
from cfncheck.template.values import MISSING, Conds, Where

if TYPE_CHECKING:
    from cfncheck.model.native import Advanced


@dataclass(frozen=True)
class LoadBalancerEntry:
    """One ``LoadBalancers[index]`` element of a service or task set, on one branch."""

    owner: Any  # the Service or TaskSet
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

    def kinds(self, conds: Conds | None = None) -> list[Fact[str]]:
        """Which load balancer the entry names, per branch: ``v1`` (a Classic Load Balancer: LoadBalancerName
        only), ``v2`` (TargetGroupArn only), ``both`` or ``none``."""
        out: list[Fact[str]] = []
        for name in self.raw("LoadBalancerName", conds=conds):
            for tg in self.raw("TargetGroupArn", conds=name.conds):
                v1, v2 = name.value is not MISSING, tg.value is not MISSING
                kind = "both" if v1 and v2 else "v1" if v1 else "v2" if v2 else "none"
                out.append(Fact(kind, tg.conds, name.where if v1 else tg.where))
        return out

    @property
    def advanced(self) -> Advanced:
        """This entry's ECS-native ``AdvancedConfiguration`` (:class:`cfncheck.model.native.Advanced`)."""
        from cfncheck.model.native import Advanced

        return Advanced(self)


def entries(owner: Entity, conds: Conds | None) -> list[LoadBalancerEntry]:
    return [LoadBalancerEntry(owner, f.value[0], f.conds, f.value[1])
            for f in owner.elements("LoadBalancers", conds=conds) if isinstance(f.value, tuple)]
