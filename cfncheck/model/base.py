"""What every fact and every entity of the blue/green model is.

A :class:`Fact` is one answer on one set of ``Fn::If`` choices, with the place in the templates it was read
from. An :class:`Entity` is a resource of the run; it reads its own properties per branch (``prop`` resolved,
``raw`` as written, ``has`` where set, ``elements`` of a list), each answer a Fact whose ``where`` is the key
path of that property. Relations between resources are computed by the model's modules, never by rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from cfncheck.inputs.cdk_tree import construct_type
from cfncheck.inputs.stack import Stack
from cfncheck.template.intrinsics import is_intrinsic, local_reference
from cfncheck.template.names import Key
from cfncheck.template.values import ALWAYS, MISSING, Branch, Conds, Node, Unknown, Where, merge, scenarios

if TYPE_CHECKING:
    from cfncheck.model.bluegreen import Model

T = TypeVar("T")
__all__ = ["Key", "Stack", "Fact", "Entity", "Counted", "is_set", "present", "reason", "unresolved"]


@dataclass(frozen=True)
class Fact(Generic[T]):
    """``value`` holds under the ``Fn::If`` choices ``conds``; it is written at ``where``."""

    value: T
    conds: Conds
    where: Where


def is_set(value: Any) -> bool:
    """Raw template data that counts as "the property is given": not absent, not an empty list or object."""
    return value is not MISSING and value != [] and value != {}


def present(value: Any) -> bool:
    """Raw template data that is really set: not absent, not ``false``, not an empty list or object."""
    if value is MISSING or value is None or value is False:
        return False
    if isinstance(value, str) and value.lower() == "false":
        return False
    return not (isinstance(value, (list, dict)) and not value)


def unresolved(value: object, what: str = "value") -> str:
    """Why a value does not denote a resource of the run: the Unknown's reason, or that it is absent or not a
    resource (``what`` names it: "load balancer")."""
    if isinstance(value, Unknown):
        return value.reason
    return f"no {what} is set" if value is MISSING else f"the {what} is not a resource in this run"


def reason(value: object, default: str = "it is not known from the templates") -> str:
    """Why a value is not known (the Unknown's reason)."""
    return value.reason if isinstance(value, Unknown) else default


@dataclass(frozen=True)
class Counted:
    """The elements of a list property on one scenario (one assignment of the Fn::If choices it depends on):
    ``members`` are Facts of ``(index, element as written)``, or Unknown when the list is computed."""

    conds: Conds
    members: list[Fact[Any]] | Unknown
    where: Where  # the list

    def at(self, index: int) -> Where:
        return self.where.at(index)


class Entity:
    """A resource of the run. ``conds`` are the choices under which it exists (None: it never does)."""

    def __init__(self, model: Model, node: Node, conds: Conds | None) -> None:
        self.model = model
        self.node = node
        self.conds = conds
        # Properties.<keys> on every branch, read once: resolved (prop) and as written (raw)
        self._properties: dict[tuple[bool, tuple[str | int, ...]], list[Fact[Any]]] = {}

    # ------------------------------------------------------------------ identity and place
    @property
    def stack(self) -> Stack:
        return self.node.stack

    @property
    def logical_id(self) -> str:
        return self.node.logical_id

    @property
    def type(self) -> str:
        return self.node.type

    @property
    def exists(self) -> bool:
        return self.conds is not None

    def at(self, *keys: str | int) -> Where:
        """A place in this resource, from its root: ``at("Properties", "Cluster")``; ``at()`` is the resource."""
        return self.node.at(*keys)

    def shown(self) -> str:
        """``LogicalId (stack)``."""
        return f"{self.logical_id} ({self.stack.name})"

    @staticmethod
    def computed(value: Any) -> bool:
        """Whether a value as written is an intrinsic function call (only known once evaluated)."""
        return is_intrinsic(value)

    def refers_locally(self, keys: tuple[str | int, ...], rtype: str, conds: Conds | None = None) -> bool:
        """Whether ``Properties.<keys>`` is, on every branch, a ``Ref`` or ``Fn::GetAtt`` to a resource of type
        ``rtype`` of this resource's own template (what single-template checks such as cfn-lint's follow)."""
        for f in self.raw(*keys, conds=conds):
            target = local_reference(f.value)
            res = self.stack.resource(target) if target is not None else None
            if not (isinstance(res, dict) and res.get("Type") == rtype):
                return False
        return True

    @property
    def construct_path(self) -> str | None:
        """The CDK construct path of this resource (``aws:cdk:path`` or the manifest), None when no CDK made it."""
        return self.stack.construct_path(self.logical_id)

    @property
    def written_as_l2(self) -> bool:
        """Whether the CDK made this resource inside a higher-level construct (``ecs.FargateService``), not as an
        L1 the user wrote (``ecs.CfnService``): from ``tree.json``; without it from the child ID that every L2
        gives its L1 (``Resource``, or ``Service`` for ECS services); in a CDK template with no construct paths
        at all (a snapshot copied without its manifest), assumed."""
        path = self.construct_path
        if path is None:
            return self.stack.synthesized_by_cdk
        fqn = construct_type(self.stack.tree_file, path)
        if fqn is not None:
            return not fqn.rsplit(".", 1)[-1].startswith("Cfn")
        return path.rstrip("/").rpartition("/")[2] in ("Resource", "Service")

    def literal(self, prop: str) -> str | None:
        """``prop`` when it is one literal string on every branch (a physical name)."""
        return self.model.t.names.literal_name(self.node, prop)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.stack.name}/{self.logical_id})"

    # ------------------------------------------------------------------ own properties, per branch
    def _start(self, conds: Conds | None) -> Conds:
        return (self.conds or ALWAYS) if conds is None else conds

    def _read_once(self, resolved: bool, keys: tuple[str | int, ...], conds: Conds | None) -> list[Fact[Any]]:
        """``Properties.<keys>`` on every branch, read once for all rules and then narrowed to ``conds``."""
        found = self._properties.get((resolved, keys))
        if found is None:
            read = self.model.t.values if resolved else self.model.t.raw
            where = self.node.at("Properties", *keys)
            found = [Fact(br.value, br.conds, where) for br in read(self.node, *keys)]
            self._properties[(resolved, keys)] = found
        return self.narrowed(found, conds)

    def narrowed(self, facts: list[Fact[Any]], conds: Conds | None) -> list[Fact[Any]]:
        """Facts read on every branch, narrowed to ``conds`` (None: the resource's own), so that a relation is
        computed once and asked for under any choices."""
        within = self._start(conds)
        if not within:
            return list(facts)
        return [Fact(f.value, c, f.where) for f in facts if (c := merge(within, f.conds)) is not None]

    def prop(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        """The resolved value of ``Properties.<keys>`` on every branch (MISSING where absent)."""
        return self._read_once(True, keys, conds)

    def raw(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        """``Properties.<keys>`` as written (``Fn::If`` chosen, nothing resolved) on every branch."""
        return self._read_once(False, keys, conds)

    def has(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        """The branches on which ``Properties.<keys>`` is there (as written)."""
        return [f for f in self.raw(*keys, conds=conds) if f.value is not MISSING]

    def given(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        """The branches on which ``Properties.<keys>`` is given: there, and not an empty list or object."""
        return [f for f in self.raw(*keys, conds=conds) if is_set(f.value)]

    def nonempty(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        """The branches on which the list at ``Properties.<keys>`` has at least one element (or is computed)."""
        out: list[Fact[Any]] = []
        for lst in self.raw(*keys, conds=conds):
            if lst.value is MISSING or lst.value == []:
                continue
            seen: list[Conds] = []
            for item in self.model.t.r.items(self.stack, lst.value):
                merged = merge(lst.conds, item.conds)
                if merged is not None and merged not in seen:
                    seen.append(merged)
            out.extend(Fact(lst.value, c, lst.where) for c in seen)
        return out

    def elements(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        """Every element of the list at ``Properties.<keys>`` on every branch: a Fact of ``(index, element as
        written)`` at ``Properties.<keys>.<index>``, or of Unknown (at the list) when the list is computed; an
        absent list gives nothing."""
        out: list[Fact[Any]] = []
        for br in self.model.t.elements(self.node, *keys, conds=self._start(conds)):
            if isinstance(br.value, tuple):
                out.append(Fact(br.value, br.conds, self.node.at("Properties", *keys, br.value[0])))
            else:
                out.append(Fact(br.value, br.conds, self.node.at("Properties", *keys)))
        return out

    def counted(self, *keys: str | int, conds: Conds | None = None, absent: bool = False) -> list[Counted]:
        """The elements of the list at ``Properties.<keys>`` per branch and per Fn::If scenario (for rules that
        count them). An absent list gives nothing, or an empty one with ``absent=True``."""
        out: list[Counted] = []
        r = self.model.t.r
        for lst in self.raw(*keys, conds=conds):
            if lst.value is MISSING and not absent:
                continue
            items = [] if lst.value is MISSING else [
                Fact(b.value, m, lst.where) for b in r.items(self.stack, lst.value)
                if (m := merge(lst.conds, b.conds)) is not None]
            unknown = next((b.value for b in items if isinstance(b.value, Unknown)), None)
            if unknown is not None or (lst.value is not MISSING and not isinstance(lst.value, list) and not items):
                out.append(Counted(lst.conds, unknown or Unknown("the list is computed by an intrinsic function"),
                                   lst.where))
                continue
            for choice, members in scenarios(items):
                scenario = merge(lst.conds, choice)
                if scenario is not None:
                    out.append(Counted(scenario, members, lst.where))
        return out

    def lengths(self, *keys: str | int, conds: Conds | None = None) -> list[Fact[Any]]:
        """The length of the list at ``Properties.<keys>`` per branch, counting the elements an ``Fn::If`` may
        leave out (``AWS::NoValue``): an int, MISSING, or Unknown for a list computed at deploy time."""
        r = self.model.t.r
        out: list[Fact[Any]] = []
        for lst in self.raw(*keys, conds=conds):
            if lst.value is MISSING:
                out.append(lst)
                continue
            for br in r.expand(self.stack, lst.value):
                merged = merge(lst.conds, br.conds)
                if merged is None:
                    continue
                if not isinstance(br.value, list):
                    out.append(Fact(Unknown("the list is computed by an intrinsic function"), merged, lst.where))
                    continue
                counts: list[Branch] = [Branch(0, merged)]
                for element in br.value:
                    nxt: list[Branch] = []
                    for choice in r.expand(self.stack, element):
                        for acc in counts:
                            both = merge(acc.conds, choice.conds)
                            if both is not None:
                                nxt.append(Branch(acc.value + (choice.value is not MISSING), both))
                    counts = nxt[:64]
                out.extend(Fact(c.value, c.conds, lst.where) for c in counts)
        return out
