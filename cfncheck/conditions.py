"""Whether a set of Fn::If choices can hold at once.

``merge`` already rejects choosing both values of one condition. This goes further: conditions are turned
into formulas over what is unknown at synth time (a parameter compared with literals, or an opaque
condition), and a set of choices is satisfiable when some assignment makes every chosen condition take its
chosen value. So ``IsRolling: !Not [IsBG]`` excludes ``IsBG=true and IsRolling=true``, two ``Fn::Equals`` of one
parameter with different values exclude each other, and a parameter's ``AllowedValues`` bound what it can be.
"""

from __future__ import annotations

import itertools
from typing import Any

from cfncheck.inputs.stack import Stack
from cfncheck.resolve import Resolver
from cfncheck.values import Conds, Lit, Unknown

MAX_ASSIGNMENTS = 4096
_OTHER = object()  # a value different from every literal it is compared with

Formula = tuple


class ConditionLogic:
    def __init__(self, resolver: Resolver) -> None:
        self.r = resolver
        self._formulas: dict[tuple[int, str], Formula] = {}
        self._stacks: dict[str, list[Stack]] = {}
        for stack in resolver.stacks:
            self._stacks.setdefault(stack.name, []).append(stack)
        self._memo: dict[Conds, bool] = {}

    def satisfiable(self, conds: Conds) -> bool:
        if len(conds) < 2:
            return True
        if conds in self._memo:
            return self._memo[conds]
        chosen: list[tuple[Formula, bool]] = []
        for stack_name, name, value in conds:
            stack = next((s for s in self._stacks.get(stack_name, []) if name in _conditions(s)), None)
            formula = self.formula(stack, name) if stack is not None else ("var", (stack_name, name))
            chosen.append((formula, value))
        result = self._solve(chosen)
        self._memo[conds] = result
        return result

    def formula(self, stack: Stack, name: str) -> Formula:
        key = (id(stack), name)
        if key not in self._formulas:
            self._formulas[key] = ("var", (stack.name, name))  # guards against Condition cycles
            self._formulas[key] = self._build(stack, _conditions(stack).get(name), (stack.name, name), 0)
        return self._formulas[key]

    def _build(self, stack: Stack, expr: Any, label: tuple, depth: int) -> Formula:
        if depth > 32 or not isinstance(expr, dict) or len(expr) != 1:
            return ("var", label)
        (fn, args), = expr.items()
        if fn == "Condition" and isinstance(args, str):
            return self.formula(stack, args)
        if not isinstance(args, list):
            return ("var", label)
        if fn == "Fn::Not" and len(args) == 1:
            return ("not", self._build(stack, args[0], label + ("not",), depth + 1))
        if fn in ("Fn::And", "Fn::Or"):
            parts = [self._build(stack, a, label + (i,), depth + 1) for i, a in enumerate(args)]
            return ("and" if fn == "Fn::And" else "or", parts)
        if fn == "Fn::Equals" and len(args) == 2:
            return self._equals(stack, args, label)
        return ("var", label)

    def _equals(self, stack: Stack, args: list, label: tuple) -> Formula:
        sides = []
        for arg in args:
            branches = self.r.resolve(stack, arg)
            if len(branches) != 1:
                return ("var", label)
            sides.append(branches[0].value)
        left, right = sides
        if isinstance(left, Lit) and isinstance(right, Lit):
            return ("const", _text(left.value) == _text(right.value))
        if isinstance(left, Lit):
            left, right = right, left
        if isinstance(left, Unknown) and isinstance(right, Lit):
            return ("eq", left, _text(right.value))
        return ("var", label)

    # ------------------------------------------------------------------ solving
    def _solve(self, chosen: list[tuple[Formula, bool]]) -> bool:
        operands: dict[Unknown, set[str]] = {}
        variables: set[tuple] = set()
        for formula, _ in chosen:
            _collect(formula, operands, variables)
        domains: list[list[Any]] = []
        names = list(operands)
        for operand in names:
            allowed = self._allowed_values(operand)
            values: list[Any] = sorted(operands[operand] | (allowed or set()))
            if allowed is None:
                values.append(_OTHER)
            else:
                values = [v for v in values if v in allowed]
            domains.append(values)
        var_list = sorted(variables, key=repr)
        total = 1
        for d in domains:
            total *= max(len(d), 1)
        total *= 2 ** len(var_list)
        if total > MAX_ASSIGNMENTS:
            return True  # too many to enumerate: do not drop anything
        for values in itertools.product(*domains):
            env_ops = dict(zip(names, values, strict=True))
            for bits in itertools.product((False, True), repeat=len(var_list)):
                env_vars = dict(zip(var_list, bits, strict=True))
                if all(_eval(f, env_ops, env_vars) == want for f, want in chosen):
                    return True
        return False

    def _allowed_values(self, operand: Unknown) -> set[str] | None:
        source = operand.source
        if not (isinstance(source, tuple) and len(source) == 2):
            return None
        for stack in self._stacks.get(source[0], []):
            params = stack.template.get("Parameters")
            param = params.get(source[1]) if isinstance(params, dict) else None
            allowed = param.get("AllowedValues") if isinstance(param, dict) else None
            if isinstance(allowed, list) and allowed:
                return {_text(v) for v in allowed if isinstance(v, (str, int, float, bool))}
        return None


def _conditions(stack: Stack) -> dict[str, Any]:
    conditions = stack.template.get("Conditions")
    return conditions if isinstance(conditions, dict) else {}


def _collect(formula: Formula, operands: dict, variables: set) -> None:
    kind = formula[0]
    if kind == "eq":
        operands.setdefault(formula[1], set()).add(formula[2])
    elif kind == "var":
        variables.add(formula[1])
    elif kind == "not":
        _collect(formula[1], operands, variables)
    elif kind in ("and", "or"):
        for part in formula[1]:
            _collect(part, operands, variables)


def _eval(formula: Formula, ops: dict, variables: dict) -> bool:
    kind = formula[0]
    if kind == "const":
        return formula[1]
    if kind == "eq":
        return ops[formula[1]] == formula[2]
    if kind == "var":
        return variables[formula[1]]
    if kind == "not":
        return not _eval(formula[1], ops, variables)
    if kind == "and":
        return all(_eval(p, ops, variables) for p in formula[1])
    return any(_eval(p, ops, variables) for p in formula[1])


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
