"""The rule registry. A rule is one module in this package defining one :class:`Rule` subclass."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from cfncheck.rules.base import Rule


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    for info in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        leaf = info.name.rsplit(".", 1)[-1]
        if leaf != "base" and not leaf.startswith("_"):
            importlib.import_module(info.name)
    rules = [cls() for cls in _leaf_subclasses(Rule)]
    return tuple(sorted(rules, key=lambda r: r.code))


def _leaf_subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        children = _leaf_subclasses(sub)
        out.extend(children or [sub])
    return out


def find_rule(text: str) -> Rule | None:
    """A rule by full ID (E9C01), number (9C01), catalog name (CTRL-01) or alias (NBG-01), case-insensitive."""
    wanted = text.strip().upper()
    for rule in all_rules():
        names = (rule.code, rule.name.upper(), *(a.upper() for a in rule.aliases))
        if wanted in names or (len(wanted) == 5 and wanted[0] in "EWI" and wanted[1:] == rule.code):
            return rule
    return None
