"""The syntax of CloudFormation's intrinsic functions: what an expression is, before anything is evaluated.

One tokeniser of ``Fn::Sub`` strings, one reader of ``Fn::GetAtt`` arguments, and one walk that finds what an
expression refers to (resources of its own template, imports, other stacks' outputs, dynamic references).
:mod:`cfncheck.template.resolve` evaluates expressions with these; the creation-order graph and the
blue/green hook's template checks read references with them. Nothing outside the template layer spells an
intrinsic function's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cfncheck.template.values import Path

_SUB_VAR = re.compile(r"\$\{([^}]*)\}")


def function(expr: Any) -> tuple[str, Any] | None:
    """``(name, arguments)`` of an intrinsic function call (``{"Ref": x}``, ``{"Fn::Join": [...]}``), else None."""
    if isinstance(expr, dict) and len(expr) == 1:
        (name, args), = expr.items()
        if isinstance(name, str) and (name == "Ref" or name.startswith("Fn::")):
            return name, args
    return None


def is_intrinsic(expr: Any) -> bool:
    return function(expr) is not None


def is_no_value(expr: Any) -> bool:
    """``Ref: AWS::NoValue``: the property is removed."""
    return isinstance(expr, dict) and len(expr) == 1 and expr.get("Ref") == "AWS::NoValue"


def if_args(expr: Any) -> tuple[str, Any, Any] | None:
    """``(condition, when true, when false)`` of a well-formed ``Fn::If``, else None."""
    found = function(expr)
    if found is None or found[0] != "Fn::If":
        return None
    args = found[1]
    if isinstance(args, list) and len(args) == 3 and isinstance(args[0], str):
        return args[0], args[1], args[2]
    return None


def if_conditions(expr: Any, limit: int) -> set[str]:
    """The names of the conditions that ``Fn::If`` calls in ``expr`` choose on (stops past ``limit``)."""
    found: set[str] = set()
    todo: list[tuple[Any, int]] = [(expr, 0)]
    while todo and len(found) <= limit:
        item, depth = todo.pop()
        if depth > 40:
            continue
        if isinstance(item, dict):
            for key, value in item.items():
                if key == "Fn::If" and isinstance(value, list) and value and isinstance(value[0], str):
                    found.add(value[0])
                todo.append((value, depth + 1))
        elif isinstance(item, list):
            todo.extend((value, depth + 1) for value in item)
    return found


def local_reference(expr: Any) -> str | None:
    """The logical ID a ``Ref`` or ``Fn::GetAtt`` (as written) names, else None."""
    call = function(expr)
    if call is None:
        return None
    name, args = call
    if name == "Ref":
        return args if isinstance(args, str) else None
    if name == "Fn::GetAtt":
        if isinstance(args, list) and args and isinstance(args[0], str):
            return args[0]
        return args.split(".")[0] if isinstance(args, str) else None
    return None


def getatt_target(args: Any) -> tuple[str, str] | None:
    """``(logical id, attribute)`` of ``Fn::GetAtt`` arguments (``"X.Arn"`` or ``["X", "Arn"]``)."""
    if isinstance(args, str):
        logical, dot, attr = args.partition(".")
        return (logical, attr) if dot else None
    if isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], str):
        return args[0], args[1]
    return None


# ---------------------------------------------------------------------- Fn::Sub
@dataclass(frozen=True)
class SubVar:
    """A ``${...}`` of an ``Fn::Sub`` string: a variable of its map (``expr`` set), a resource attribute
    (``attr`` set), or a ``Ref`` (a parameter, pseudo parameter or resource)."""

    name: str
    attr: str | None = None
    expr: Any = None
    in_map: bool = False

    @property
    def as_expression(self) -> Any:
        """The expression this variable stands for."""
        if self.in_map:
            return self.expr
        if self.attr is not None:
            return {"Fn::GetAtt": [self.name, self.attr]}
        return {"Ref": self.name}


def sub_pieces(args: Any) -> list[str | SubVar] | None:
    """An ``Fn::Sub`` (``"text"`` or ``["text", {vars}]``) as literal strings and variables; None when malformed.
    ``${!Literal}`` is the literal text ``${Literal}``."""
    if isinstance(args, str):
        body, variables = args, {}
    elif isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], dict):
        body, variables = args
    else:
        return None
    pieces: list[str | SubVar] = []
    pos = 0
    for m in _SUB_VAR.finditer(body):
        pieces.append(body[pos:m.start()])
        name = m.group(1)
        if name.startswith("!"):
            pieces.append("${" + name[1:] + "}")
        elif name in variables:
            pieces.append(SubVar(name, expr=variables[name], in_map=True))
        elif "." in name and not name.startswith("AWS::"):
            logical, _, attr = name.partition(".")
            pieces.append(SubVar(logical, attr=attr))
        else:
            pieces.append(SubVar(name))
        pos = m.end()
    pieces.append(body[pos:])
    return pieces


# ---------------------------------------------------------------------- what an expression refers to
@dataclass
class References:
    """What an expression refers to: logical IDs of its own template (``Ref``, ``Fn::GetAtt``, ``Fn::Sub``),
    the name expressions of its ``Fn::ImportValue`` calls and the stack-name expressions of its
    ``Fn::GetStackOutput`` calls."""

    logical_ids: set[str] = field(default_factory=set)
    imports: list[Any] = field(default_factory=list)
    stack_outputs: list[Any] = field(default_factory=list)
    refs: set[str] = field(default_factory=set)  # the names given to Ref (resources and parameters)
    attributes: set[tuple[str, str]] = field(default_factory=set)  # (logical id, attribute) of Fn::GetAtt
    output_calls: list[Any] = field(default_factory=list)  # the arguments of each Fn::GetStackOutput


def references(expr: Any, into: References | None = None) -> References:
    found = into if into is not None else References()
    todo = [expr]
    while todo:
        item = todo.pop()
        if isinstance(item, list):
            todo.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        call = function(item)
        if call is None:
            todo.extend(item.values())
            continue
        name, args = call
        if name == "Ref":
            if isinstance(args, str):
                found.logical_ids.add(args)
                found.refs.add(args)
        elif name == "Fn::GetAtt":
            if isinstance(args, str):
                logical, _, attr = args.partition(".")
                found.logical_ids.add(logical)
                found.attributes.add((logical, attr))
            elif isinstance(args, list) and args and isinstance(args[0], str):
                found.logical_ids.add(args[0])
                found.attributes.add((args[0], args[1] if len(args) > 1 and isinstance(args[1], str) else ""))
        elif name == "Fn::Sub":
            for piece in sub_pieces(args) or []:
                if isinstance(piece, SubVar):
                    if piece.in_map:
                        todo.append(piece.expr)
                    else:
                        found.logical_ids.add(piece.name)
                        if piece.attr is None:
                            found.refs.add(piece.name)
                        else:
                            found.attributes.add((piece.name, piece.attr))
        else:
            if name == "Fn::ImportValue":
                found.imports.append(args)
            elif name == "Fn::GetStackOutput" and isinstance(args, dict) and "StackName" in args:
                found.stack_outputs.append(args["StackName"])
                found.output_calls.append(args)
            todo.append(args)
    return found


def walk(value: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    """Every (path, value) below ``value``, depth first, ``value`` itself included."""
    todo: list[tuple[Path, Any]] = [(path, value)]
    while todo:
        here, item = todo.pop()
        yield here, item
        if isinstance(item, dict):
            todo.extend((here + (k,), v) for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            todo.extend((here + (i,), v) for i, v in reversed(list(enumerate(item))))


@dataclass
class Scan:
    """Where an expression tree imports values, uses dynamic references (``{{resolve:...}}``) and first uses
    each of some parameters (``Ref`` or ``${Name}`` in a string)."""

    imports: list[tuple[Path, Any]] = field(default_factory=list)  # (path, the Fn::ImportValue argument)
    dynamic: list[Path] = field(default_factory=list)
    parameters: dict[str, Path] = field(default_factory=dict)


def scan(value: Any, path: Path, parameters: set[str] = frozenset()) -> Scan:  # type: ignore[assignment]
    found = Scan()
    for here, item in walk(value, path):
        call = function(item)
        if call is not None:
            name, args = call
            if name == "Fn::ImportValue":
                found.imports.append((here, args))
            elif name == "Ref" and isinstance(args, str) and args in parameters:
                found.parameters.setdefault(args, here)
            elif name == "Fn::Sub":  # ${Name} of a parameter, read as the resolver reads Fn::Sub
                text = here + (("Fn::Sub",) if isinstance(args, str) else ("Fn::Sub", 0))
                for piece in sub_pieces(args) or ():
                    if isinstance(piece, SubVar) and not piece.in_map and piece.attr is None \
                            and piece.name in parameters:
                        found.parameters.setdefault(piece.name, text)
        elif isinstance(item, str) and "{{resolve:" in item:
            found.dynamic.append(here)
    return found
