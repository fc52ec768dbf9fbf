"""The template layer: every stack of a run as one resolved graph. It knows CloudFormation, nothing of ECS.

:class:`Templates` holds the stacks, the one interpreter of intrinsic functions (:mod:`.resolve`), the
conditions and parameter facts (:mod:`.conditions`), physical names and ARNs (:mod:`.names`) and the creation
order (:mod:`.dependencies`), and reads a resource's properties per ``Fn::If`` branch. The blue/green model
(:mod:`cfncheck.model`) is built on it; nothing here imports the model or the rules.
"""

from __future__ import annotations

from cfncheck.inputs.stack import Stack
from cfncheck.template.conditions import Conditions
from cfncheck.template.dependencies import CreationOrder
from cfncheck.template.names import Names
from cfncheck.template.resolve import Resolver
from cfncheck.template.values import ALWAYS, MISSING, Branch, Conds, Node, merge


class Templates:
    def __init__(self, stacks: list[Stack]) -> None:
        self.stacks = stacks
        self.r = Resolver(stacks)
        self.conditions: Conditions = self.r.conditions
        # logical ids by type in one pass; the Nodes of a type are made when it is first asked for
        self._ids: dict[str, list[tuple[Stack, str]]] = {}
        for stack in stacks:
            for logical_id, res in stack.resources.items():
                if isinstance(res, dict):
                    rtype = res.get("Type")
                    if isinstance(rtype, str):
                        self._ids.setdefault(rtype, []).append((stack, logical_id))
        self._nodes: dict[str, list[Node]] = {}
        self.names = Names(self.r, self.nodes)
        self.order = CreationOrder(self.r)

    @property
    def types(self) -> list[str]:
        """Every resource type of the run."""
        return list(self._ids)

    def nodes(self, rtype: str) -> list[Node]:
        """The resources of ``rtype`` in every stack."""
        found = self._nodes.get(rtype)
        if found is None:
            found = self._nodes[rtype] = [Node(stack, logical_id) for stack, logical_id in self._ids.get(rtype, [])]
        return found

    def exists(self, node: Node) -> Conds | None:
        """The choices under which the resource exists (None: never, its Condition is false)."""
        return self.r.resource_conds(node)

    # ------------------------------------------------------------------ properties per branch
    def raw(self, node: Node, *keys: str | int, conds: Conds = ALWAYS) -> list[Branch]:
        """Unresolved template data at ``Properties.<keys>`` on every Fn::If branch (MISSING where absent)."""
        out = []
        for br in self.r.get(node.stack, node.properties, *keys):
            merged = merge(conds, br.conds)
            if merged is not None:
                out.append(Branch(br.value, merged))
        return out

    def values(self, node: Node, *keys: str | int, conds: Conds = ALWAYS) -> list[Branch]:
        """Resolved values of ``Properties.<keys>`` on every branch, MISSING where absent."""
        out: list[Branch] = []
        for br in self.r.get(node.stack, node.properties, *keys):
            base = merge(conds, br.conds)
            if base is None:
                continue
            if br.value is MISSING:
                out.append(Branch(MISSING, base))
                continue
            for sub in self.r.resolve(node.stack, br.value):
                merged = merge(base, sub.conds)
                if merged is not None:
                    out.append(Branch(sub.value, merged))
        return out

    def elements(self, node: Node, *keys: str | int, conds: Conds = ALWAYS) -> list[Branch]:
        """Every element of the list at ``Properties.<keys>`` on every branch: Branch((index, raw element)), or
        Branch(Unknown) for a list computed at deploy time; an absent list gives nothing."""
        out: list[Branch] = []
        for lst in self.raw(node, *keys, conds=conds):
            if lst.value is MISSING:
                continue
            for item in self.r.items(node.stack, lst.value):
                merged = merge(lst.conds, item.conds)
                if merged is not None:
                    out.append(Branch(item.value, merged))
        return out
