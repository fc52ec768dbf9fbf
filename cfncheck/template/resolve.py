"""Resolve intrinsic functions across every stack of a run.

``Ref``/``Fn::GetAtt`` name resources; ``Fn::ImportValue`` follows ``Export.Name`` of every stack loaded
in the same run; ``Fn::GetStackOutput`` follows a stack's ``Outputs``; nested-stack parameters map to the
parent's expressions and ``Fn::GetAtt Nested.Outputs.X`` back into the child; ``Fn::If`` yields every
branch with the condition choices that lead to it. What cannot be known from the files is
:class:`~cfncheck.values.Unknown` with a reason, never a guess.
"""

from __future__ import annotations

import itertools
from typing import Any

from cfncheck.inputs.assembly import NESTED_STACK_TYPE
from cfncheck.inputs.stack import Stack
from cfncheck.template.conditions import Conditions
from cfncheck.template.functions import MAX_BRANCHES, StringFunctions
from cfncheck.template.intrinsics import getatt_target, if_args, is_no_value
from cfncheck.template.names import nearest
from cfncheck.template.values import (
    ALWAYS,
    MISSING,
    Branch,
    Conds,
    Lit,
    Node,
    ResRef,
    Unknown,
    Value,
    merge,
)

MAX_DEPTH = 64


def _may_choose(expr: Any) -> bool:
    """Whether ``expr`` may be an ``Fn::If`` or ``AWS::NoValue`` (the only expressions :meth:`Resolver.expand`
    changes)."""
    return isinstance(expr, dict) and len(expr) == 1 and ("Fn::If" in expr or "Ref" in expr)


class Resolver(StringFunctions):
    """The one interpreter of intrinsic functions (the string functions are in :mod:`.functions`)."""

    def __init__(self, stacks: list[Stack]) -> None:
        self.stacks = stacks
        # keyed by id(): the expression is kept in the value so that its id cannot be reused
        self._memo: dict[tuple[int, int], tuple[Any, list[Branch]]] = {}
        self._active: set[tuple[int, int]] = set()
        self._depth = 0
        self._exports: dict[str, list[tuple[Stack, str]]] | None = None
        self._by_name: dict[str, list[Stack]] = {}
        for stack in stacks:
            if stack.parent is None:
                self._by_name.setdefault(stack.name, []).append(stack)
        self.conditions = Conditions(self)

    # ------------------------------------------------------------------ structure
    def expand(self, stack: Stack, expr: Any) -> list[Branch]:
        """Raw sub-expressions chosen by any top-level ``Fn::If``; ``AWS::NoValue`` becomes MISSING."""
        if not _may_choose(expr):
            return [Branch(expr, ALWAYS)]  # the common case: nothing to choose
        out: list[Branch] = []
        self._expand(stack, expr, ALWAYS, out, 0)
        return out

    def _expand(self, stack: Stack, expr: Any, conds: Conds, out: list[Branch], depth: int) -> None:
        choice = if_args(expr)
        if choice is not None:
            if depth > MAX_DEPTH or len(out) > MAX_BRANCHES:
                out.append(Branch(Unknown(f"Fn::If nested deeper than {MAX_DEPTH} levels"), conds))
                return
            for when, sub in self._if_choices(stack, choice):
                merged = merge(conds, when)
                if merged is not None:
                    self._expand(stack, sub, merged, out, depth + 1)
            return
        if is_no_value(expr):
            out.append(Branch(MISSING, conds))
            return
        out.append(Branch(expr, conds))

    def get(self, stack: Stack, obj: Any, *keys: str | int) -> list[Branch]:
        """The value at ``keys`` below ``obj`` on every branch (MISSING where a key is absent)."""
        branches = self.expand(stack, obj)
        for key in keys:
            nxt: list[Branch] = []
            for br in branches:
                value = br.value
                if isinstance(key, int):
                    child = value[key] if isinstance(value, list) and -len(value) <= key < len(value) else MISSING
                else:
                    child = value.get(key, MISSING) if isinstance(value, dict) else MISSING
                if child is MISSING or not _may_choose(child):
                    nxt.append(Branch(child, br.conds))
                    continue
                for sub in self.expand(stack, child):
                    merged = merge(br.conds, sub.conds)
                    if merged is not None:
                        nxt.append(Branch(sub.value, merged))
            branches = nxt
        return branches

    def items(self, stack: Stack, obj: Any) -> list[Branch]:
        """Each element of a list-valued expression, per branch, as ``Branch((index, element))``.

        An ``Fn::If`` that picks the whole list or one element is expanded; a list that is itself
        unresolvable comes back as one ``Branch(Unknown)``.
        """
        out: list[Branch] = []
        for br in self.expand(stack, obj):
            if br.value is MISSING:
                continue
            if not isinstance(br.value, list):
                out.append(Branch(Unknown("the list is computed by an intrinsic function"), br.conds))
                continue
            for i, element in enumerate(br.value):
                for sub in self.expand(stack, element):
                    merged = merge(br.conds, sub.conds)
                    if merged is not None and sub.value is not MISSING:
                        out.append(Branch((i, sub.value), merged))
        return out

    def resource_conds(self, node: Node) -> Conds | None:
        """The choices under which the resource exists (None: never, its Condition is false)."""
        cond = node.resource.get("Condition")
        if not isinstance(cond, str):
            return ALWAYS
        value = self.conditions.value(node.stack, cond)
        if value is None:
            return frozenset({(node.stack.name, cond, True)})
        return ALWAYS if value else None

    def _if_choices(self, stack: Stack, args: tuple[str, Any, Any]) -> list[tuple[Conds, Any]]:
        name, when_true, when_false = args
        known = self.conditions.value(stack, name)
        if known is True:
            return [(ALWAYS, when_true)]
        if known is False:
            return [(ALWAYS, when_false)]
        return [
            (frozenset({(stack.name, name, True)}), when_true),
            (frozenset({(stack.name, name, False)}), when_false),
        ]

    # ------------------------------------------------------------------ values
    def resolve(self, stack: Stack, expr: Any) -> list[Branch]:
        """Every value ``expr`` can take, each with the Fn::If choices that lead to it."""
        if isinstance(expr, (str, int, float, bool)) or expr is None:
            return [Branch(Lit(expr))]
        if expr is MISSING:
            return [Branch(MISSING)]
        key = (id(stack), id(expr))
        hit = self._memo.get(key)
        if hit is not None:
            return hit[1]
        if key in self._active:
            return [Branch(Unknown("the value refers back to itself (circular reference)"))]
        if self._depth >= MAX_DEPTH:
            return [Branch(Unknown(f"reference chain longer than {MAX_DEPTH} steps"))]
        self._active.add(key)
        self._depth += 1
        try:
            result = self._resolve(stack, expr)
        finally:
            self._depth -= 1
            self._active.discard(key)
        if len(result) > MAX_BRANCHES:
            result = [Branch(Unknown(f"more than {MAX_BRANCHES} combinations of Fn::If branches"))]
        self._memo[key] = (expr, result)
        return result

    def _resolve(self, stack: Stack, expr: Any) -> list[Branch]:
        if isinstance(expr, list):
            return [Branch(Lit(expr))]  # a literal list; callers use items() to look inside
        if not isinstance(expr, dict):
            return [Branch(Unknown(f"unexpected value {expr!r}"))]
        if len(expr) != 1:
            return [Branch(Lit(expr))]
        (fn, args), = expr.items()
        handler = _HANDLERS.get(fn)
        if handler is None:
            if fn.startswith("Fn::") or fn == "Ref":
                return [Branch(Unknown(f"{fn} is not evaluated"))]
            return [Branch(Lit(expr))]
        return handler(self, stack, args)

    # -- Ref
    def _ref(self, stack: Stack, name: Any) -> list[Branch]:
        if not isinstance(name, str):
            return [Branch(Unknown("Ref to a computed name"))]
        if name.startswith("AWS::"):
            return [Branch(self._pseudo(stack, name))]
        params = stack.template.get("Parameters")
        if isinstance(params, dict) and name in params:
            return self._parameter(stack, name)
        if name in stack.resources:
            return [Branch(ResRef(Node(stack, name)))]
        return [Branch(Unknown(f"{name} is not defined in stack {stack.name}"))]

    def _pseudo(self, stack: Stack, name: str) -> Value:
        if name == "AWS::NoValue":
            return MISSING
        if name == "AWS::StackName":
            if stack.parent is None:
                return Lit(stack.name)
            return Unknown("the name CloudFormation generates for a nested stack")
        if name == "AWS::Region" and stack.region:
            return Lit(stack.region)
        if name == "AWS::AccountId" and stack.account:
            return Lit(stack.account)
        if name in ("AWS::Partition", "AWS::URLSuffix") and stack.region:
            china = stack.region.startswith("cn-")
            if name == "AWS::URLSuffix":
                return Lit("amazonaws.com.cn" if china else "amazonaws.com")
            return Lit("aws-cn" if china else "aws-us-gov" if stack.region.startswith("us-gov-") else "aws")
        return Unknown(f"pseudo parameter {name} is only known at deploy time")

    def _parameter(self, stack: Stack, name: str) -> list[Branch]:
        parent = stack.parent
        if parent is not None and stack.parent_resource is not None:
            parent_node = Node(parent, stack.parent_resource)
            base = self.resource_conds(parent_node) or ALWAYS
            out: list[Branch] = []
            for br in self.get(parent, parent_node.properties, "Parameters", name):
                if br.value is MISSING:
                    out.append(Branch(Unknown(f"nested-stack parameter {name} is not passed by {parent.name}"),
                                      br.conds))
                    continue
                within = merge(base, br.conds)
                if within is None:
                    continue  # the parameter's branch contradicts the nested stack's own condition
                for sub in self.resolve(parent, br.value):
                    merged = merge(within, sub.conds)
                    if merged is not None:
                        out.append(Branch(sub.value, merged))
            return out
        return [Branch(Unknown(f"parameter {name} of stack {stack.name} is set at deploy time", (stack.name, name)))]

    # -- Fn::GetAtt
    def _getatt(self, stack: Stack, args: Any) -> list[Branch]:
        if isinstance(args, str):
            logical, _, attr = args.partition(".")
        else:
            target = getatt_target(args)
            if target is None:
                return [Branch(Unknown("Fn::GetAtt with a computed attribute name"))]
            logical, attr = target
        res = stack.resource(logical)
        if res is None:
            return [Branch(Unknown(f"{logical} is not defined in stack {stack.name}"))]
        if res.get("Type") == NESTED_STACK_TYPE and attr.startswith("Outputs."):
            child = stack.children.get(logical)
            if child is None:
                return [Branch(Unknown(f"the template of nested stack {logical} is not in the assembly"))]
            base = self.resource_conds(Node(stack, logical)) or ALWAYS
            return [Branch(b.value, c) for b in self._output(child, attr[len("Outputs."):])
                    if (c := merge(base, b.conds)) is not None]
        return [Branch(ResRef(Node(stack, logical), attr))]

    def _output(self, stack: Stack, output_id: str) -> list[Branch]:
        outputs = stack.template.get("Outputs")
        output = outputs.get(output_id) if isinstance(outputs, dict) else None
        if not isinstance(output, dict) or "Value" not in output:
            return [Branch(Unknown(f"stack {stack.name} has no output {output_id}"))]
        cond = output.get("Condition")
        base: Conds = ALWAYS
        if isinstance(cond, str):
            known = self.conditions.value(stack, cond)
            if known is False:
                return [Branch(Unknown(f"output {output_id} of {stack.name} is never created"))]
            if known is None:
                base = frozenset({(stack.name, cond, True)})
        out = []
        for br in self.resolve(stack, output["Value"]):
            merged = merge(base, br.conds)
            if merged is not None:
                out.append(Branch(br.value, merged))
        return out

    # -- Fn::ImportValue / Fn::GetStackOutput
    def exports(self) -> dict[str, list[tuple[Stack, str]]]:
        if self._exports is None:
            table: dict[str, list[tuple[Stack, str]]] = {}
            for stack in self.stacks:
                outputs = stack.template.get("Outputs")
                if not isinstance(outputs, dict):
                    continue
                for output_id, output in outputs.items():
                    export = output.get("Export") if isinstance(output, dict) else None
                    if not isinstance(export, dict) or "Name" not in export:
                        continue
                    for br in self.resolve(stack, export["Name"]):
                        if isinstance(br.value, Lit) and isinstance(br.value.value, str):
                            table.setdefault(br.value.value, []).append((stack, output_id))
            self._exports = table
        return self._exports

    def export_producers(self, stack: Stack, name: str) -> list[tuple[Stack, str]]:
        """The (stack, output id) pairs exporting ``name`` that ``stack`` can mean (see :func:`nearest`)."""
        return nearest(stack, self.exports().get(name, []))

    def exports_of(self, stack: Stack) -> set[str]:
        """The literal export names of ``stack``'s Outputs."""
        return {name for name, producers in self.exports().items() if any(s is stack for s, _ in producers)}

    def stacks_named(self, stack: Stack, text: str) -> list[Stack]:
        """The top-level stacks a stack name or stack ARN means from ``stack`` (see :func:`nearest`)."""
        name = text.rsplit(":stack/", 1)[-1].split("/")[0]
        return nearest(stack, self._by_name.get(name, []))

    def _import(self, stack: Stack, args: Any) -> list[Branch]:
        out: list[Branch] = []
        for name_br in self.resolve(stack, args):
            name = name_br.value
            if not (isinstance(name, Lit) and isinstance(name.value, str)):
                reason = name.reason if isinstance(name, Unknown) else "a computed name"
                out.append(Branch(Unknown(f"Fn::ImportValue of {reason}"), name_br.conds))
                continue
            producers = self.export_producers(stack, name.value)
            if not producers:
                out.append(Branch(Unknown(f"no stack in this run exports {name.value!r}"), name_br.conds))
            elif len(producers) > 1:
                names = ", ".join(sorted(p.name for p, _ in producers))
                out.append(Branch(Unknown(f"export {name.value!r} is defined by several stacks ({names})"),
                                  name_br.conds))
            else:
                producer, output_id = producers[0]
                for br in self._output(producer, output_id):
                    merged = merge(name_br.conds, br.conds)
                    if merged is not None:
                        out.append(Branch(br.value, merged))
        return out

    def _get_stack_output(self, stack: Stack, args: Any) -> list[Branch]:
        if not isinstance(args, dict):
            return [Branch(Unknown("malformed Fn::GetStackOutput"))]
        out: list[Branch] = []
        names = self.resolve(stack, args.get("StackName", MISSING))
        outputs = self.resolve(stack, args.get("OutputName", MISSING))
        for name_br, out_br in itertools.product(names, outputs):
            conds = merge(name_br.conds, out_br.conds)
            if conds is None:
                continue
            name, output_name = name_br.value, out_br.value
            if not (isinstance(name, Lit) and isinstance(output_name, Lit)
                    and isinstance(name.value, str) and isinstance(output_name.value, str)):
                out.append(Branch(Unknown("Fn::GetStackOutput with a computed stack or output name"), conds))
                continue
            producers = self.stacks_named(stack, name.value)  # a stack ARN names the stack too
            if len(producers) != 1:
                why = "no stack named" if not producers else "several stacks named"
                shown = name.value.rsplit(":stack/", 1)[-1].split("/")[0]
                out.append(Branch(Unknown(f"{why} {shown!r} in this run"), conds))
                continue
            for br in self._output(producers[0], output_name.value):
                merged = merge(conds, br.conds)
                if merged is not None:
                    out.append(Branch(br.value, merged))
        return out

    def _if(self, stack: Stack, args: Any) -> list[Branch]:
        choice = if_args({"Fn::If": args})
        if choice is None:
            return [Branch(Unknown("malformed Fn::If"))]
        out: list[Branch] = []
        for when, sub in self._if_choices(stack, choice):
            for br in self.resolve(stack, sub):
                merged = merge(when, br.conds)
                if merged is not None:
                    out.append(Branch(br.value, merged))
        return out


_HANDLERS = {
    "Ref": Resolver._ref,
    "Fn::GetAtt": Resolver._getatt,
    "Fn::ImportValue": Resolver._import,
    "Fn::GetStackOutput": Resolver._get_stack_output,
    "Fn::Join": Resolver._join,
    "Fn::Sub": Resolver._sub,
    "Fn::Select": Resolver._select,
    "Fn::Split": Resolver._split,
    "Fn::If": Resolver._if,
    "Fn::FindInMap": Resolver._find_in_map,
}
