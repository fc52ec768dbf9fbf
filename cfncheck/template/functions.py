"""The string functions of the interpreter (``Fn::Join``, ``Fn::Sub``, ``Fn::Select``, ``Fn::Split``,
``Fn::FindInMap``) and the lenient reading of strings.

A string whose pieces are only known at deploy time (``${AWS::Partition}``, a resource attribute) resolves
to :class:`~cfncheck.template.values.Unknown`; :meth:`StringFunctions.patterns` keeps those pieces as
wildcards instead (a :data:`~cfncheck.template.values.Pattern`), so that
``arn:${AWS::Partition}:iam::aws:policy/AWSCodeDeployRoleForECS`` and the CDK's ``codedeploy.${AWS::URLSuffix}``
can still be recognised.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from cfncheck.inputs.stack import Stack
from cfncheck.template.conditions import scalar_text
from cfncheck.template.intrinsics import function, is_no_value, sub_pieces
from cfncheck.template.values import ALWAYS, MISSING, Branch, Conds, Lit, Part, Pattern, ResRef, Unknown, merge

if TYPE_CHECKING:
    from cfncheck.template.values import Value

MAX_BRANCHES = 64
MAX_PATTERNS = 32


def is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


class StringFunctions:
    """Mixed into :class:`~cfncheck.template.resolve.Resolver`, which provides ``resolve`` and ``expand``."""

    def resolve(self, stack: Stack, expr: Any) -> list[Branch]:  # pragma: no cover - the Resolver's
        raise NotImplementedError

    def expand(self, stack: Stack, expr: Any) -> list[Branch]:  # pragma: no cover - the Resolver's
        raise NotImplementedError

    def _combine(self, parts: list[list[Branch]], join) -> list[Branch]:  # noqa: ANN001
        out: list[Branch] = []
        total = 1
        for p in parts:
            total *= max(len(p), 1)
        if total > MAX_BRANCHES:
            return [Branch(Unknown(f"more than {MAX_BRANCHES} combinations of Fn::If branches"))]
        for combo in itertools.product(*parts):
            conds: Conds | None = ALWAYS
            for br in combo:
                conds = merge(conds, br.conds) if conds is not None else None
            if conds is None:
                continue
            unknown = next((b.value for b in combo if isinstance(b.value, Unknown)), None)
            if unknown is not None:
                out.append(Branch(unknown, conds))
                continue
            texts = []
            for b in combo:
                if isinstance(b.value, Lit) and is_scalar(b.value.value):
                    texts.append(scalar_text(b.value.value))
                elif b.value is MISSING:
                    texts.append(None)
                else:
                    texts = None  # type: ignore[assignment]
                    break
            if texts is None:
                out.append(Branch(Unknown("a string built from a resource attribute"), conds))
            else:
                out.append(Branch(join(texts), conds))
        return out

    def _join(self, stack: Stack, args: Any) -> list[Branch]:
        if not (isinstance(args, list) and len(args) == 2 and isinstance(args[0], str)):
            return [Branch(Unknown("malformed Fn::Join"))]
        delimiter = args[0]
        out: list[Branch] = []
        for list_br in self._list_values(stack, args[1]):
            if isinstance(list_br.value, Unknown):
                out.append(list_br)
                continue
            parts = [self.resolve(stack, e) for e in list_br.value]
            for br in self._combine(parts, lambda t: Lit(delimiter.join(x for x in t if x is not None))):
                merged = merge(list_br.conds, br.conds)
                if merged is not None:
                    out.append(Branch(br.value, merged))
        return out

    def _list_values(self, stack: Stack, expr: Any) -> list[Branch]:
        """A list expression as Branch(list of raw elements) or Branch(Unknown)."""
        out: list[Branch] = []
        for br in self.expand(stack, expr):
            if isinstance(br.value, list):
                elements = [e for e in br.value if not is_no_value(e)]
                out.append(Branch(elements, br.conds))
                continue
            for sub in self.resolve(stack, br.value):
                merged = merge(br.conds, sub.conds)
                if merged is None:
                    continue
                if isinstance(sub.value, Lit) and isinstance(sub.value.value, list):
                    out.append(Branch(sub.value.value, merged))
                elif isinstance(sub.value, Unknown):
                    out.append(Branch(sub.value, merged))
                else:
                    out.append(Branch(Unknown("a list computed from a resource attribute"), merged))
        return out

    def _sub(self, stack: Stack, args: Any) -> list[Branch]:
        pieces = sub_pieces(args)
        if pieces is None:
            return [Branch(Unknown("malformed Fn::Sub"))]
        parts = [[Branch(Lit(p))] if isinstance(p, str) else self.resolve(stack, p.as_expression) for p in pieces]
        return self._combine(parts, lambda t: Lit("".join(x or "" for x in t)))

    def _select(self, stack: Stack, args: Any) -> list[Branch]:
        if not (isinstance(args, list) and len(args) == 2):
            return [Branch(Unknown("malformed Fn::Select"))]
        out: list[Branch] = []
        for index_br in self.resolve(stack, args[0]):
            index = index_br.value
            if not (isinstance(index, Lit) and re.fullmatch(r"[0-9]{1,9}", str(index.value))):
                out.append(Branch(Unknown("Fn::Select with a computed index"), index_br.conds))
                continue
            i = int(index.value)
            for list_br in self._list_values(stack, args[1]):
                conds = merge(index_br.conds, list_br.conds)
                if conds is None:
                    continue
                if isinstance(list_br.value, Unknown):
                    out.append(Branch(list_br.value, conds))
                elif i >= len(list_br.value):
                    out.append(Branch(Unknown(f"Fn::Select index {i} is past the end of the list"), conds))
                else:
                    for br in self.resolve(stack, list_br.value[i]):
                        merged = merge(conds, br.conds)
                        if merged is not None:
                            out.append(Branch(br.value, merged))
        return out

    def _split(self, stack: Stack, args: Any) -> list[Branch]:
        if not (isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) and args[0]):
            return [Branch(Unknown("malformed Fn::Split"))]
        out: list[Branch] = []
        for br in self.resolve(stack, args[1]):
            if isinstance(br.value, Lit) and isinstance(br.value.value, str):
                out.append(Branch(Lit(br.value.value.split(args[0])), br.conds))
            elif isinstance(br.value, Unknown):
                out.append(br)
            else:
                out.append(Branch(Unknown("Fn::Split of a resource attribute"), br.conds))
        return out

    def _find_in_map(self, stack: Stack, args: Any) -> list[Branch]:
        if not (isinstance(args, list) and len(args) >= 3):
            return [Branch(Unknown("malformed Fn::FindInMap"))]
        mappings = stack.template.get("Mappings")
        out: list[Branch] = []
        keys = [self.resolve(stack, a) for a in args[:3]]
        for combo in itertools.product(*keys):
            conds: Conds | None = ALWAYS
            for b in combo:
                conds = merge(conds, b.conds) if conds is not None else None
            if conds is None:
                continue
            if not all(isinstance(b.value, Lit) and is_scalar(b.value.value) for b in combo):
                out.append(Branch(Unknown("Fn::FindInMap with a key known only at deploy time"), conds))
                continue
            m, k1, k2 = (scalar_text(b.value.value) for b in combo)
            try:
                value = mappings[m][k1][k2]  # type: ignore[index]
            except (KeyError, TypeError):
                out.append(Branch(Unknown(f"Fn::FindInMap: no {m}/{k1}/{k2} in Mappings"), conds))
                continue
            for br in self.resolve(stack, value):
                merged = merge(conds, br.conds)
                if merged is not None:
                    out.append(Branch(br.value, merged))
        return out


    # ------------------------------------------------------------------ lenient strings
    def patterns(self, stack: Stack, expr: Any, conds: Conds = ALWAYS, depth: int = 0) -> list[Branch]:
        """The strings ``expr`` can be: Branch(Pattern), where deploy-time pieces stay as ResRef/Unknown parts."""
        out: list[Branch] = []
        for br in self.expand(stack, expr):
            c = merge(conds, br.conds)
            if c is None or br.value is MISSING:
                continue
            out.extend(self._patterns(stack, br.value, c, depth))
        return out[:MAX_PATTERNS]

    def strings(self, stack: Stack, expr: Any, conds: Conds = ALWAYS) -> list[Branch]:
        """A string or a list of strings (an IAM ``Action``, ``Resource``, ``Principal.Service``): Branch(Pattern)
        for each string; a list computed at deploy time stays one unknown element."""
        out: list[Branch] = []
        for br in self.expand(stack, expr):
            c = merge(conds, br.conds)
            if c is None or br.value is MISSING:
                continue
            if isinstance(br.value, list):
                for item in self.items(stack, br.value):  # type: ignore[attr-defined]
                    ic = merge(c, item.conds)
                    if ic is not None and not isinstance(item.value, Unknown):
                        out.extend(self.patterns(stack, item.value[1], ic))
                continue
            out.extend(self.patterns(stack, br.value, c))
        return out

    def _patterns(self, stack: Stack, value: Any, conds: Conds, depth: int) -> list[Branch]:
        if is_scalar(value):
            return [Branch((scalar_text(value),), conds)]
        call = function(value)
        if call is not None and depth < 8:
            name, args = call
            if name == "Fn::Join" and isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) \
                    and isinstance(args[1], list):
                return self._join_patterns(stack, args[0], args[1], conds, depth)
            if name == "Fn::Sub":
                pieces = sub_pieces(args)
                if pieces is not None:
                    exprs = [p if isinstance(p, str) else p.as_expression for p in pieces]
                    return self._concat(stack, exprs, conds, depth)
        out: list[Branch] = []
        for br in self.resolve(stack, value):
            c = merge(conds, br.conds)
            if c is None or br.value is MISSING:
                continue
            v: Value = br.value
            if isinstance(v, Lit) and is_scalar(v.value):
                out.append(Branch((scalar_text(v.value),), c))
            elif isinstance(v, (ResRef, Unknown)):
                out.append(Branch((v,), c))
            else:
                out.append(Branch((Unknown("not a string"),), c))
        return out

    def _join_patterns(self, stack: Stack, delimiter: str, elements: list[Any], conds: Conds,
                       depth: int) -> list[Branch]:
        """``Fn::Join`` as :meth:`_join` reads it: an element that ``AWS::NoValue`` (or an Fn::If branch) leaves
        out takes its delimiter with it."""
        options: list[list[Branch]] = []
        for element in elements:
            option: list[Branch] = []
            for br in self.expand(stack, element):
                if br.value is MISSING:
                    option.append(Branch(None, br.conds))
                else:
                    option.extend(self._patterns(stack, br.value, br.conds, depth + 1))
            options.append(option)
        out: list[Branch] = []
        for combo in itertools.product(*options):
            c: Conds | None = conds
            for br in combo:
                c = merge(c, br.conds) if c is not None else None
            if c is None:
                continue
            parts: list[Part] = []
            for i, pattern in enumerate(br.value for br in combo if br.value is not None):
                parts.extend(((delimiter,) if i else ()) + tuple(pattern))
            out.append(Branch(_squash(parts), c))
            if len(out) >= MAX_PATTERNS:
                break
        return out

    def _concat(self, stack: Stack, pieces: list[Any], conds: Conds, depth: int) -> list[Branch]:
        options = [self.patterns(stack, p, ALWAYS, depth + 1) if not isinstance(p, str) else [Branch((p,))]
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
