"""What a stack update changes: the next run's stacks against the deployed ones (``--previous``).

It knows CloudFormation, nothing of ECS. Stacks are paired by CloudFormation stack name (a nested stack is
``Parent/LogicalId``, so it pairs by parent and logical ID; a plain template file by its file name; one plain
file on each side pairs whatever the names). Resources pair by logical ID. For a paired resource, a top-level
property *changes* when it is written differently, or when it is written the same but its value still moves:

- it refers (``Ref``, ``Fn::GetAtt``, ``Fn::Sub``) to a resource that is replaced (a new physical ID, a new ARN);
- it reads an output of a nested stack (``Fn::GetAtt Child.Outputs.X``) whose value changes;
- it is a nested stack's parameter and the parent passes another value;
- it imports an export (``Fn::ImportValue``) or reads another stack's output (``Fn::GetStackOutput``) whose
  value changes in the producing stack.

A resource is *replaced* when the type changes or a changed property is create-only in the resource provider
schema that cfn-lint ships (``createOnlyProperties``); a change to a ``conditionalCreateOnlyProperties``
property may replace it. Parameters of top-level stacks are taken as passed unchanged (their values are not
in the templates). Everything is computed once, on first use.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cfncheck.inputs.stack import Stack
from cfncheck.template.intrinsics import is_no_value, references
from cfncheck.template.schemas import IGNORED_TYPES, NESTED_STACK, schema_of
from cfncheck.template.values import Node, Where


@dataclass(frozen=True)
class PropertyChange:
    """One top-level property whose value the update changes, and why."""

    key: str
    reason: str  # "written differently", "refers to X, which is replaced", ...
    replaces: bool = False  # create-only: the resource is replaced
    may_replace: bool = False  # conditionally create-only


@dataclass
class ResourceChange:
    """A resource the update adds, removes or modifies. ``next`` / ``previous`` are its two sides."""

    status: str  # "added" | "removed" | "modified"
    next: Node | None
    previous: Node | None
    properties: dict[str, PropertyChange] = field(default_factory=dict)
    type_changed: bool = False
    removed_with: Node | None = None  # a resource removed because its nested stack is removed (that stack)

    @property
    def node(self) -> Node:
        return self.next or self.previous  # type: ignore[return-value]

    @property
    def logical_id(self) -> str:
        return self.node.logical_id

    @property
    def type(self) -> str:
        return self.node.type

    @property
    def replaced(self) -> bool:
        return self.status == "modified" and (self.type_changed or any(p.replaces for p in self.properties.values()))

    @property
    def replacing(self) -> list[PropertyChange]:
        """The changes that replace the resource (create-only properties)."""
        return [p for p in self.properties.values() if p.replaces]

    def changed(self, key: str) -> PropertyChange | None:
        return self.properties.get(key)

    def next_at(self, *keys: str | int) -> Where:
        return (self.next or self.node).at(*keys)

    def previous_at(self, *keys: str | int) -> Where:
        return (self.previous or self.node).at(*keys)


@dataclass(frozen=True)
class StackPair:
    next: Stack | None
    previous: Stack | None


class Changes:
    """The update from ``previous`` (deployed) to ``next`` (this run), stack by stack."""

    def __init__(self, next_stacks: list[Stack], previous_stacks: list[Stack]) -> None:
        self.pairs = _pair(next_stacks, previous_stacks)
        self._prev_of: dict[int, Stack] = {id(p.next): p.previous for p in self.pairs
                                           if p.next is not None and p.previous is not None}
        self._next_by_name = {s.name: s for s in next_stacks}
        self._prev_by_name = {s.name: s for s in previous_stacks}
        self._replaced: dict[tuple[int, str], bool] = {}
        self._props: dict[tuple[int, str], dict[str, PropertyChange]] = {}
        self._busy: set[tuple[int, str]] = set()
        self._all: list[ResourceChange] | None = None
        self._by_node: dict[Node, ResourceChange] = {}
        self._moving_ids: set[int] | None = None

    # ------------------------------------------------------------------ questions
    def previous_stack(self, stack: Stack) -> Stack | None:
        """The deployed stack ``stack`` updates, or None when it is new."""
        return self._prev_of.get(id(stack))

    def all(self) -> list[ResourceChange]:
        """Every resource the update adds, removes or modifies, stack by stack in template order."""
        if self._all is None:
            out: list[ResourceChange] = []
            for pair in self.pairs:
                if pair.next is not None and pair.previous is not None:
                    out.extend(self._stack_changes(pair.next, pair.previous))
            self._all = out
            self._by_node = {c.next: c for c in out if c.next is not None}
        return self._all

    def of(self, node: Node) -> ResourceChange | None:
        """The change of a resource of this run (None: unchanged, or its stack is new)."""
        self.all()
        return self._by_node.get(node)

    def previous_node(self, node: Node) -> Node | None:
        """The deployed resource ``node`` updates (same stack pair, same logical ID, same type)."""
        prev = self.previous_stack(node.stack)
        if prev is None or not isinstance(prev.resource(node.logical_id), dict):
            return None
        other = Node(prev, node.logical_id)
        return other if other.type == node.type else None

    def new_stacks(self) -> list[Stack]:
        return [p.next for p in self.pairs if p.previous is None and p.next is not None]

    def removed_stacks(self) -> list[Stack]:
        return [p.previous for p in self.pairs if p.next is None and p.previous is not None]

    @staticmethod
    def name_of(node: Node) -> tuple[str, Any] | None:
        """The property that sets ``node``'s physical name and its value as written, when the template sets it."""
        props = node.properties
        for key in schema_of(node.type).name_keys:
            value = props.get(key)
            if value is not None and not is_no_value(value):
                return key, value
        return None

    @staticmethod
    def policy(node: Node, attribute: str) -> str:
        """``DeletionPolicy`` or ``UpdateReplacePolicy`` as written ("Delete" when absent; "?" when computed)."""
        value = node.resource.get(attribute, "Delete")
        return value if isinstance(value, str) else "?"

    # ------------------------------------------------------------------ computing
    def _stack_changes(self, nxt: Stack, prev: Stack) -> Iterator[ResourceChange]:
        prev_res = prev.resources
        for logical_id, res in nxt.resources.items():
            if not isinstance(res, dict) or res.get("Type") in IGNORED_TYPES:
                continue
            old = prev_res.get(logical_id)
            if old == res and id(nxt) not in self._moving():
                continue  # written the same, and nothing it refers to moves
            node = Node(nxt, logical_id)
            if not isinstance(old, dict):
                yield ResourceChange("added", node, None)
                continue
            previous = Node(prev, logical_id)
            if res.get("Type") != old.get("Type"):
                yield ResourceChange("modified", node, previous, type_changed=True)
                continue
            props = self._properties(nxt, prev, logical_id)
            if props:
                yield ResourceChange("modified", node, previous, dict(props))
        for logical_id, old in prev_res.items():
            if isinstance(old, dict) and old.get("Type") not in IGNORED_TYPES and logical_id not in nxt.resources:
                node = Node(prev, logical_id)
                yield ResourceChange("removed", None, node)
                if node.type == NESTED_STACK:
                    yield from self._removed_with(prev, logical_id, node)

    def _removed_with(self, prev: Stack, logical_id: str, parent: Node) -> Iterator[ResourceChange]:
        child = prev.children.get(logical_id)
        if child is None:
            return
        for lid, res in child.resources.items():
            if isinstance(res, dict) and res.get("Type") not in IGNORED_TYPES:
                yield ResourceChange("removed", None, Node(child, lid), removed_with=parent)
                if res.get("Type") == NESTED_STACK:
                    yield from self._removed_with(child, lid, parent)

    def _properties(self, nxt: Stack, prev: Stack, logical_id: str) -> dict[str, PropertyChange]:
        key = (id(nxt), logical_id)
        hit = self._props.get(key)
        if hit is not None:
            return hit
        if key in self._busy:  # a reference cycle (CloudFormation refuses those): count it unchanged
            return {}
        self._busy.add(key)
        try:
            new_res, old_res = nxt.resource(logical_id) or {}, prev.resource(logical_id) or {}
            new_props = new_res.get("Properties") if isinstance(new_res.get("Properties"), dict) else {}
            old_props = old_res.get("Properties") if isinstance(old_res.get("Properties"), dict) else {}
            schema = schema_of(str(new_res.get("Type")))
            out: dict[str, PropertyChange] = {}
            for prop in sorted(set(new_props) | set(old_props)):
                reason = self._differs(nxt, _present(new_props.get(prop)), prev, _present(old_props.get(prop)))
                if reason is None:
                    continue
                moved = reason != "written differently"  # the same text, another value: every part of it moves
                replaces = any(p[0] == prop and (moved or _sub_differs(new_props, old_props, p))
                               for p in schema.create_only)
                may = not replaces and any(p[0] == prop for p in schema.conditional)
                out[prop] = PropertyChange(prop, reason, replaces, may)
        finally:
            self._busy.discard(key)
        self._props[key] = out
        return out

    def _is_replaced(self, stack: Stack, logical_id: str) -> bool:
        prev = self.previous_stack(stack)
        if prev is None:
            return False
        new_res, old_res = stack.resource(logical_id), prev.resource(logical_id)
        if not isinstance(new_res, dict) or not isinstance(old_res, dict):
            return False
        if new_res.get("Type") != old_res.get("Type"):
            return True
        return any(p.replaces for p in self._properties(stack, prev, logical_id).values())

    def _moving(self) -> set[int]:
        """The stacks (by id) where a value written the same may still change: one of their resources is replaced
        by what is written, a parent passes other parameters or moves itself, a nested stack's outputs may move,
        or they import while some export or stack output may move. Elsewhere "written the same" is "the same"."""
        if self._moving_ids is not None:
            return self._moving_ids
        moving: set[int] = set()
        outputs_changed = False
        paired = [(p.next, p.previous) for p in self.pairs if p.next is not None and p.previous is not None]
        for nxt, prev in paired:
            if nxt.template.get("Outputs") != prev.template.get("Outputs"):
                outputs_changed = True
            prev_res = prev.resources
            for logical_id, res in nxt.resources.items():
                old = prev_res.get(logical_id)
                if res != old and isinstance(res, dict) and isinstance(old, dict) and _written_replacement(res, old):
                    moving.add(id(nxt))
                    break
        changed = True
        while changed:
            changed = False
            for nxt, _ in paired:
                parent, resource = nxt.parent, nxt.parent_resource
                if parent is None or resource is None:
                    continue
                prev_parent = self.previous_stack(parent)
                child_moves = id(nxt) not in moving and (id(parent) in moving or prev_parent is None or
                                                         _parameters(parent, resource)
                                                         != _parameters(prev_parent, resource))
                parent_moves = id(nxt) in moving and id(parent) not in moving
                if child_moves:
                    moving.add(id(nxt))
                if parent_moves:
                    moving.add(id(parent))
                changed = changed or child_moves or parent_moves
        outputs_move = outputs_changed or any(id(nxt) in moving and nxt.template.get("Outputs") for nxt, _ in paired)
        if outputs_move:
            for nxt, _ in paired:
                found = references(nxt.resources)
                if found.imports or found.output_calls:
                    moving.add(id(nxt))
        self._moving_ids = moving
        return moving

    def _differs(self, nxt: Stack, new: Any, prev: Stack, old: Any) -> str | None:
        """Why the value written as ``new`` in ``nxt`` differs from ``old`` in ``prev``; None if it does not."""
        if new != old:
            return "written differently"
        if new is None or id(nxt) not in self._moving():
            return None
        found = references(new)
        for name in sorted(found.refs):
            if name in nxt.resources and self._is_replaced(nxt, name):
                return f"refers to {name}, which is replaced"
            if name not in nxt.resources and nxt.parent is not None:
                reason = self._parameter_changes(nxt, name)
                if reason:
                    return reason
        for logical_id, attr in sorted(found.attributes):
            if logical_id not in nxt.resources:
                continue
            if self._is_replaced(nxt, logical_id):
                return f"reads {logical_id}.{attr}, and {logical_id} is replaced"
            if attr.startswith("Outputs.") and logical_id in nxt.children:
                child = nxt.children[logical_id]
                reason = self._output_changes(child, attr[len("Outputs."):])
                if reason:
                    return f"reads {logical_id}.{attr}, which {reason}"
        for expr in found.imports:
            if isinstance(expr, str):
                for producer, output in self._exporters(nxt, expr):
                    reason = self._output_changes(producer, output)
                    if reason:
                        return f"imports {expr}, which {reason}"
        for call in found.output_calls:
            stack_name, output = call.get("StackName"), call.get("OutputName")
            producer = self._next_by_name.get(stack_name) if isinstance(stack_name, str) else None
            if producer is not None and isinstance(output, str):
                reason = self._output_changes(producer, output)
                if reason:
                    return f"reads output {output} of {stack_name}, which {reason}"
        return None

    def _parameter_changes(self, child: Stack, name: str) -> str | None:
        parent, resource = child.parent, child.parent_resource
        prev_child = self.previous_stack(child)
        if parent is None or resource is None or prev_child is None:
            return None
        prev_parent = self.previous_stack(parent)
        if prev_parent is None:
            return None
        new = _parameters(parent, resource).get(name)
        old = _parameters(prev_parent, resource).get(name)
        if new is None and old is None:
            return None
        reason = self._differs(parent, new, prev_parent, old)
        return f"is nested-stack parameter {name}, whose value {_short(reason)}" if reason else None

    def _output_changes(self, producer: Stack, output: str) -> str | None:
        prev = self.previous_stack(producer)
        if prev is None:
            return None
        new, old = _output_value(producer, output), _output_value(prev, output)
        if new is None:
            return None
        reason = self._differs(producer, new, prev, old)
        return f"changes ({reason})" if reason else None

    def _exporters(self, stack: Stack, name: str) -> list[tuple[Stack, str]]:
        out = []
        for other in self._next_by_name.values():
            outputs = other.template.get("Outputs")
            for output_id, body in (outputs.items() if isinstance(outputs, dict) else []):
                export = body.get("Export") if isinstance(body, dict) else None
                if isinstance(export, dict) and export.get("Name") == name:
                    out.append((other, output_id))
        return out


def _written_replacement(new: dict[str, Any], old: dict[str, Any]) -> bool:
    """Whether what is written replaces the resource: another type, or a create-only property written differently."""
    if new.get("Type") != old.get("Type"):
        return True
    new_props, old_props = new.get("Properties"), old.get("Properties")
    new_props = new_props if isinstance(new_props, dict) else {}
    old_props = old_props if isinstance(old_props, dict) else {}
    return any(_sub_differs(new_props, old_props, p) for p in schema_of(str(new.get("Type"))).create_only)


def _present(value: Any) -> Any:
    return None if value is None or is_no_value(value) else value


def _short(reason: str) -> str:
    return "changes" if reason == "written differently" else reason


def _sub_differs(new: dict[str, Any], old: dict[str, Any], path: tuple[str, ...]) -> bool:
    """Whether the values at ``path`` differ (a list on the way: the whole value there is compared)."""
    a: Any = new
    b: Any = old
    for key in path:
        if not (isinstance(a, dict) or a is None) or not (isinstance(b, dict) or b is None):
            break
        a = a.get(key) if isinstance(a, dict) else None
        b = b.get(key) if isinstance(b, dict) else None
    return _present(a) != _present(b)


def _parameters(parent: Stack, resource: str) -> dict[str, Any]:
    res = parent.resource(resource) or {}
    props = res.get("Properties")
    params = props.get("Parameters") if isinstance(props, dict) else None
    return params if isinstance(params, dict) else {}


def _output_value(stack: Stack, output: str) -> Any:
    outputs = stack.template.get("Outputs")
    body = outputs.get(output) if isinstance(outputs, dict) else None
    return body.get("Value") if isinstance(body, dict) else None


def _pair(next_stacks: list[Stack], previous_stacks: list[Stack]) -> list[StackPair]:
    plain = [s for s in next_stacks if s.assembly_dir is None and s.parent is None]
    plain_prev = [s for s in previous_stacks if s.assembly_dir is None and s.parent is None]
    if len(next_stacks) == 1 and len(previous_stacks) == 1 and plain and plain_prev:
        return [StackPair(next_stacks[0], previous_stacks[0])]
    by_name = {s.name: s for s in previous_stacks}
    pairs = [StackPair(s, by_name.pop(s.name, None)) for s in next_stacks]
    pairs.extend(StackPair(None, s) for s in previous_stacks if s.name in by_name)
    return pairs
