"""Creation order: whether CloudFormation finishes one resource before it starts creating another.

A resource waits for what its ``DependsOn`` names and for every resource of its template it refers to
(``Ref``, ``Fn::GetAtt``, ``Fn::Sub``), transitively. A nested stack resource is complete when everything in
its template is, and a resource in a nested stack starts after what its parent's stack resource waits for.
A stack that imports an export (``Fn::ImportValue``) or reads another stack's output (``Fn::GetStackOutput``)
is deployed after the whole producing stack. Each resource's direct dependencies are read once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from cfncheck.inputs.stack import Stack
from cfncheck.template.intrinsics import References, references
from cfncheck.template.resolve import Resolver
from cfncheck.template.values import Lit, Node

# A step of the search: ("pre", stack id, logical id) = what the resource waits for before it starts;
# ("res", stack id, logical id) = the resource is complete; ("stack", stack id) = the whole stack is complete.
Step = tuple


class CreationOrder:
    def __init__(self, resolver: Resolver) -> None:
        self.r = resolver
        self._stacks = {id(s): s for s in resolver.stacks}
        self._direct: dict[tuple[int, str], tuple[list[str], set[int]]] = {}

    def direct(self, stack: Stack, logical_id: str) -> tuple[list[str], set[int]]:
        """Resources of the same stack that ``logical_id`` waits for, and the stacks (by id) it waits for."""
        key = (id(stack), logical_id)
        hit = self._direct.get(key)
        if hit is not None:
            return hit
        res = stack.resource(logical_id) or {}
        found = References()
        depends = res.get("DependsOn")
        for name in [depends] if isinstance(depends, str) else depends if isinstance(depends, list) else []:
            if isinstance(name, str):
                found.logical_ids.add(name)
        if "Properties" in res:
            references(res["Properties"], found)
        same = sorted(n for n in found.logical_ids if n != logical_id and n in stack.resources)
        stacks = {id(s) for expr in found.imports for s in self._exporters(stack, expr)}
        stacks |= {id(s) for expr in found.stack_outputs for s in self._named(stack, expr)}
        self._direct[key] = (same, stacks)
        return same, stacks

    def _exporters(self, stack: Stack, name_expr: Any) -> list[Stack]:
        out: list[Stack] = []
        for br in self.r.resolve(stack, name_expr):
            if isinstance(br.value, Lit) and isinstance(br.value.value, str):
                out.extend(p for p, _ in self.r.export_producers(stack, br.value.value))
        return out

    def _named(self, stack: Stack, name_expr: Any) -> list[Stack]:
        out: list[Stack] = []
        for br in self.r.resolve(stack, name_expr):
            if isinstance(br.value, Lit) and isinstance(br.value.value, str):
                out.extend(self.r.stacks_named(stack, br.value.value))
        return out

    def created_before(self, later: Node, earlier: Iterable[Node]) -> bool:
        """Whether CloudFormation finishes one of ``earlier`` before it starts creating ``later``."""
        wanted = {(id(n.stack), n.logical_id) for n in earlier}
        if not wanted:
            return False
        seen: set[Step] = set()
        queue: deque[Step] = deque([("pre", id(later.stack), later.logical_id)])
        while queue:
            item = queue.popleft()
            if item in seen:
                continue
            seen.add(item)
            for nxt in self._next(item):
                if nxt[0] == "res" and (nxt[1], nxt[2]) in wanted:
                    return True
                if nxt not in seen:
                    queue.append(nxt)
        return False

    def _next(self, item: Step) -> Iterable[Step]:
        kind, stack_id = item[0], item[1]
        stack = self._stacks[stack_id]
        if kind == "stack":
            for logical_id in stack.resources:
                yield ("res", stack_id, logical_id)
        else:
            logical_id = item[2]
            same, stacks = self.direct(stack, logical_id)
            for name in same:
                yield ("res", stack_id, name)
            for other in stacks:
                if other != stack_id:
                    yield ("stack", other)
            child = stack.children.get(logical_id)
            if kind == "res" and child is not None:
                yield ("stack", id(child))
        if stack.parent is not None and stack.parent_resource is not None:
            yield ("pre", id(stack.parent), stack.parent_resource)
