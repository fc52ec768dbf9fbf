"""Lenient strings for the IAM rules: a value whose pieces are partly known only at deploy time. Not a rule.

The pieces of ``Fn::Join``/``Fn::Sub`` that are only known at deploy time (``${AWS::Partition}``,
``${AWS::URLSuffix}``, an attribute) stay in a :data:`Pattern` as wildcards, so
``arn:${AWS::Partition}:iam::aws:policy/AWSCodeDeployRoleForECS`` and CDK's ``codedeploy.${AWS::URLSuffix}``
can still be recognised.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from cfncheck.inputs.stack import Stack
from cfncheck.model.legacy import Model
from cfncheck.template.values import ALWAYS, MISSING, Branch, Conds, Lit, ResRef, Unknown, merge

Part = str | ResRef | Unknown
Pattern = tuple[Part, ...]

MAX_PATTERNS = 32
SUB_VAR = re.compile(r"\$\{([^}]*)\}")


def patterns(model: Model, stack: Stack, expr: Any, conds: Conds = ALWAYS, depth: int = 0) -> list[Branch]:
    """The strings ``expr`` can be: Branch(Pattern), where deploy-time pieces stay as ResRef/Unknown parts."""
    out: list[Branch] = []
    for br in model.r.expand(stack, expr):
        c = merge(conds, br.conds)
        if c is None or br.value is MISSING:
            continue
        out.extend(_patterns(model, stack, br.value, c, depth))
    return out[:MAX_PATTERNS]


def _patterns(model: Model, stack: Stack, value: Any, conds: Conds, depth: int) -> list[Branch]:
    if isinstance(value, bool):
        return [Branch(("true" if value else "false",), conds)]
    if isinstance(value, (str, int, float)):
        return [Branch((str(value),), conds)]
    if isinstance(value, dict) and len(value) == 1 and depth < 8:
        (fn, args), = value.items()
        if fn == "Fn::Join" and isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) \
                and isinstance(args[1], list):
            pieces: list[Any] = []
            for i, element in enumerate(args[1]):
                if i:
                    pieces.append(args[0])
                pieces.append(element)
            return _concat(model, stack, pieces, conds, depth)
        if fn == "Fn::Sub" and isinstance(args, (str, list)):
            pieces = _sub_pieces(args)
            if pieces is not None:
                return _concat(model, stack, pieces, conds, depth)
    out: list[Branch] = []
    for br in model.r.resolve(stack, value):
        c = merge(conds, br.conds)
        if c is None or br.value is MISSING:
            continue
        v = br.value
        if isinstance(v, Lit) and isinstance(v.value, (str, int, float, bool)):
            out.append(Branch((v.value if isinstance(v.value, str) else str(v.value),), c))
        elif isinstance(v, (ResRef, Unknown)):
            out.append(Branch((v,), c))
        else:
            out.append(Branch((Unknown("not a string"),), c))
    return out


def _sub_pieces(args: Any) -> list[Any] | None:
    body, variables = (args, {}) if isinstance(args, str) else (args + [None, None])[:2]
    if not isinstance(body, str) or not isinstance(variables, dict):
        return None
    pieces: list[Any] = []
    pos = 0
    for m in SUB_VAR.finditer(body):
        pieces.append(body[pos:m.start()])
        name = m.group(1)
        if name.startswith("!"):
            pieces.append("${" + name[1:] + "}")
        elif name in variables:
            pieces.append(variables[name])
        elif "." in name and not name.startswith("AWS::"):
            pieces.append({"Fn::GetAtt": name.split(".", 1)})
        else:
            pieces.append({"Ref": name})
        pos = m.end()
    pieces.append(body[pos:])
    return pieces


def _concat(model: Model, stack: Stack, pieces: list[Any], conds: Conds, depth: int) -> list[Branch]:
    options = [patterns(model, stack, p, ALWAYS, depth + 1) if not isinstance(p, str) else [Branch((p,))]
               for p in pieces]
    out: list[Branch] = []
    for combo in itertools.product(*options):
        c: Conds | None = conds
        parts: list[Part] = []
        for br in combo:
            c = merge(c, br.conds) if c is not None else None
            parts.extend(br.value)
        if c is not None:
            out.append(Branch(_squash(parts), c))
        if len(out) >= MAX_PATTERNS:
            break
    return out


def _squash(parts: list[Part]) -> Pattern:
    out: list[Part] = []
    for p in parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] = out[-1] + p
        elif p != "":
            out.append(p)
    return tuple(out)


def strings(model: Model, stack: Stack, expr: Any, conds: Conds = ALWAYS) -> list[Branch]:
    """A string or a list of strings (``Action``, ``Resource``, ``Principal.Service``): Branch(Pattern) each."""
    out: list[Branch] = []
    for br in model.r.expand(stack, expr):
        c = merge(conds, br.conds)
        if c is None or br.value is MISSING:
            continue
        if isinstance(br.value, list):
            for item in model.r.items(stack, br.value):
                ic = merge(c, item.conds)
                if ic is not None and not isinstance(item.value, Unknown):
                    out.extend(patterns(model, stack, item.value[1], ic))
            continue
        out.extend(patterns(model, stack, br.value, c))  # a computed list stays one unknown element
    return out


def text(pattern: Pattern) -> str | None:
    """The pattern as plain text when every piece of it is known."""
    return "".join(pattern) if all(isinstance(p, str) for p in pattern) else None  # type: ignore[arg-type]


def as_glob(pattern: Pattern) -> str:
    """The pattern as an IAM glob: deploy-time pieces become ``*``."""
    return "".join(p if isinstance(p, str) else "*" for p in pattern)


def could_be(pattern: Pattern, value: str) -> bool:
    """Whether the pattern can denote ``value`` (deploy-time pieces match anything), case-insensitive."""
    regex = "".join(re.escape(p) if isinstance(p, str) else ".*" for p in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE) is not None
