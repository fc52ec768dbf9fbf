"""Conditions and parameter facts, read once per run.

Each condition of a template becomes a formula over what is unknown at synth time (a parameter compared with
literals, or an opaque condition). From the formula come both its value when the files decide it
(``Fn::Equals`` of two literals, and what follows from it) and whether a set of ``Fn::If`` choices can hold at
once: ``IsRolling: !Not [IsBG]`` excludes ``IsBG=true and IsRolling=true``, two ``Fn::Equals`` of one parameter
with different values exclude each other, and a parameter's ``AllowedValues`` bound what it can be.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from cfncheck.inputs.stack import Stack
from cfncheck.template.values import Conds, Lit, Unknown

if TYPE_CHECKING:
    from cfncheck.template.resolve import Resolver

MAX_ASSIGNMENTS = 4096
MAX_DEPTH = 32
_OTHER = object()  # a value different from every literal it is compared with

Formula = tuple


def scalar_text(value: Any) -> str:
    """How CloudFormation compares a scalar as a string (``true``/``false`` for booleans)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Conditions:
    def __init__(self, resolver: Resolver) -> None:
        self.r = resolver
        self._formulas: dict[tuple[int, str], Formula] = {}
        self._values: dict[tuple[int, str], bool | None] = {}
        self._stacks: dict[str, list[Stack]] = {}
        for stack in resolver.stacks:
            self._stacks.setdefault(stack.name, []).append(stack)
        self._memo: dict[Conds, bool] = {}
        self._allowed: dict[tuple[str, str], frozenset[str] | None] | None = None

    # ------------------------------------------------------------------ one condition
    def value(self, stack: Stack, name: str) -> bool | None:
        """The condition's value when the files decide it (e.g. ``Fn::Equals`` of two literals), else None."""
        key = (id(stack), name)
        if key not in self._values:
            self._values[key] = _value(self.formula(stack, name))
        return self._values[key]

    def formula(self, stack: Stack, name: str) -> Formula:
        key = (id(stack), name)
        if key not in self._formulas:
            self._formulas[key] = ("var", (stack.name, name))  # guards against Condition cycles
            self._formulas[key] = self._build(stack, _conditions(stack).get(name), (stack.name, name), 0)
        return self._formulas[key]

    def _build(self, stack: Stack, expr: Any, label: tuple, depth: int) -> Formula:
        if depth > MAX_DEPTH or not isinstance(expr, dict) or len(expr) != 1:
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
            return ("const", scalar_text(left.value) == scalar_text(right.value))
        if isinstance(left, Lit):
            left, right = right, left
        if isinstance(left, Unknown) and isinstance(right, Lit):
            return ("eq", left, scalar_text(right.value))
        return ("var", label)

    # ------------------------------------------------------------------ sets of choices
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

    def _solve(self, chosen: list[tuple[Formula, bool]]) -> bool:
        operands: dict[Unknown, set[str]] = {}
        variables: set[tuple] = set()
        for formula, _ in chosen:
            _collect(formula, operands, variables)
        domains: list[list[Any]] = []
        names = list(operands)
        for operand in names:
            allowed = self.allowed_values(operand)
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

    # ------------------------------------------------------------------ parameters
    def allowed_values(self, value: object) -> frozenset[str] | None:
        """The ``AllowedValues`` of the parameter an Unknown stands for, as strings; None when not bounded."""
        source = value.source if isinstance(value, Unknown) else None
        if not (isinstance(source, tuple) and len(source) == 2):
            return None
        if self._allowed is None:
            self._allowed = {}
            for stack in self.r.stacks:
                params = stack.template.get("Parameters")
                for name, param in params.items() if isinstance(params, dict) else ():
                    allowed = param.get("AllowedValues") if isinstance(param, dict) else None
                    if isinstance(allowed, list) and allowed and (stack.name, name) not in self._allowed:
                        self._allowed[(stack.name, name)] = frozenset(
                            scalar_text(v) for v in allowed if isinstance(v, (str, int, float, bool)))
        return self._allowed.get(source)

    def may_be(self, value: object, *kinds: str) -> bool:
        """Whether a value known only at deploy time may be one of ``kinds`` (its AllowedValues permit one)."""
        allowed = self.allowed_values(value)
        return allowed is None or any(kind in allowed for kind in kinds)


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


def _value(formula: Formula) -> bool | None:
    """What a formula is when nothing unknown decides it (three-valued: None when something unknown does)."""
    kind = formula[0]
    if kind == "const":
        return formula[1]
    if kind == "not":
        inner = _value(formula[1])
        return None if inner is None else not inner
    if kind in ("and", "or"):
        values = [_value(p) for p in formula[1]]
        if kind == "and":
            return False if False in values else (None if None in values else True)
        return True if True in values else (None if None in values else False)
    return None
