"""What an expression in a template can resolve to, under which Fn::If conditions, and where it is written.

A resolved value is a literal (:class:`Lit`), a resource in some stack of the run (:class:`ResRef`,
``attr`` None for ``Ref``), or :class:`Unknown` with the reason it cannot be known from the files
(a parameter, a pseudo parameter, an ARN of something outside the assembly). A place in a template is a
:class:`Where`: a stack and the key path from the template root.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cfncheck.inputs.positions import Path  # a key path from the template root
from cfncheck.inputs.stack import Stack

# One Fn::If choice: (stack name, condition name, value). A branch holds under all of its choices.
Choice = tuple[str, str, bool]
Conds = frozenset[Choice]
ALWAYS: Conds = frozenset()


@dataclass(frozen=True)
class Where:
    """A place in the run: a stack and the key path from its template root (``("Resources", id, ...)`` for a
    resource, ``("Hooks", ...)`` for a template section). The path may go past what exists: a finding about a
    missing property points at its deepest existing key."""

    stack: Stack
    path: Path

    @property
    def logical_id(self) -> str | None:
        """The resource this place is in, or None for a template section outside ``Resources``."""
        if len(self.path) >= 2 and self.path[0] == "Resources" and isinstance(self.path[1], str):
            return self.path[1]
        return None

    def at(self, *keys: str | int) -> Where:
        return Where(self.stack, self.path + keys)


@dataclass(frozen=True)
class Node:
    """A resource: a logical id in one stack."""

    stack: Stack
    logical_id: str

    def at(self, *keys: str | int) -> Where:
        """A place inside this resource, from its root (``node.at("Properties", "Cluster")``)."""
        return Where(self.stack, ("Resources", self.logical_id) + keys)

    @property
    def resource(self) -> dict[str, Any]:
        return self.stack.resource(self.logical_id) or {}

    @property
    def type(self) -> str:
        value = self.resource.get("Type")
        return value if isinstance(value, str) else ""

    @property
    def properties(self) -> dict[str, Any]:
        props = self.resource.get("Properties")
        return props if isinstance(props, dict) else {}

    def __repr__(self) -> str:
        return f"{self.stack.name}/{self.logical_id}"


@dataclass(frozen=True)
class Lit:
    value: Any


@dataclass(frozen=True)
class ResRef:
    node: Node
    attr: str | None = None

    @property
    def written(self) -> str:
        """How the reference is written: ``Ref`` or ``Fn::GetAtt .Attr`` (for messages)."""
        return "Ref" if self.attr is None else f"Fn::GetAtt .{self.attr}"


@dataclass(frozen=True)
class Unknown:
    reason: str
    source: Any = None  # what it stands for, when known: (stack name, parameter name) for a parameter


# Unknown.source of a thing named by a literal name or ARN that no resource of the run has: it is managed
# outside these templates, so there is nothing to compare it with (rules stay silent rather than say
# "cannot verify" about every such reference).
OUTSIDE_RUN = "outside-run"


def outside_run(value: object) -> bool:
    return isinstance(value, Unknown) and value.source == OUTSIDE_RUN


class _NoValue:
    """``Ref: AWS::NoValue``, or a key that is simply not there."""

    _instance: _NoValue | None = None

    def __new__(cls) -> _NoValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _NoValue()

Value = Lit | ResRef | Unknown | _NoValue


@dataclass(frozen=True)
class Branch:
    value: Any  # a Value for resolved leaves; raw template data for structural branches
    conds: Conds = ALWAYS


def merge(a: Conds, b: Conds) -> Conds | None:
    """Both sets of choices at once, or None when they choose opposite values for one condition."""
    if not a:
        return b
    if not b:
        return a
    chosen = {(stack, name): value for stack, name, value in a}
    for stack, name, value in b:
        if chosen.get((stack, name), value) != value:
            return None
    return a | b


def describe(conds: Conds, home: str | None = None) -> str:
    """``when IsProd=true``-style text for a finding that holds only on some branches; a condition of
    another stack than ``home`` is named with its stack."""
    parts = [f"{name if stack == home else f'{stack}:{name}'}={'true' if value else 'false'}"
             for stack, name, value in sorted(conds)]
    return "when " + " and ".join(parts)


def scenarios(branches: list, limit: int = 5) -> list[tuple[Conds, list]]:
    """Split branches (anything with ``conds``) by every assignment of the Fn::If conditions they mention.

    Each result is (the choices of that scenario, the branches that hold in it). Beyond ``limit`` distinct
    conditions, one scenario with every branch is returned (a conservative fallback).
    """
    names = sorted({(s, n) for br in branches for (s, n, _) in br.conds})
    if not names or len(names) > limit:
        return [(ALWAYS, list(branches))]
    out = []
    for mask in range(2 ** len(names)):
        choice = frozenset((s, n, bool(mask >> i & 1)) for i, (s, n) in enumerate(names))
        out.append((choice, [br for br in branches if br.conds <= choice]))
    return out


# ---------------------------------------------------------------------- literal values
def truth(value: object) -> bool | None:
    """A resolved CloudFormation boolean (``true``, ``"true"``, ``"True"``): True/False, None when unknown."""
    if isinstance(value, Lit):
        if isinstance(value.value, bool):
            return value.value
        if isinstance(value.value, str) and value.value.lower() in ("true", "false"):
            return value.value.lower() == "true"
    return None


def number(value: object) -> float | None:
    """A literal number, resolved (``Lit(5)``) or raw, also as a numeric string (``"5"``); None otherwise."""
    raw = value.value if isinstance(value, Lit) else value
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return None
    try:
        return float(raw)
    except ValueError:
        return None


def text(value: object) -> str | None:
    """A resolved literal string, else None."""
    if isinstance(value, Lit) and isinstance(value.value, str):
        return value.value
    return None



# ---------------------------------------------------------------------- strings partly known at deploy time
# A string whose pieces are literal text, a resource attribute (ResRef) or something else known only at deploy
# time (Unknown): ("arn:", Unknown(partition), ":iam::aws:policy/X").
Part = str | ResRef | Unknown
Pattern = tuple[Part, ...]


def pattern_text(pattern: Pattern) -> str | None:
    """The pattern as plain text when every piece of it is known."""
    return "".join(pattern) if all(isinstance(p, str) for p in pattern) else None  # type: ignore[arg-type]


def as_glob(pattern: Pattern) -> str:
    """The pattern as an IAM glob: deploy-time pieces become ``*``."""
    return "".join(p if isinstance(p, str) else "*" for p in pattern)


def could_be(pattern: Pattern, value: str) -> bool:
    """Whether the pattern can denote ``value`` (deploy-time pieces match anything), case-insensitive."""
    regex = "".join(re.escape(p) if isinstance(p, str) else ".*" for p in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE) is not None
