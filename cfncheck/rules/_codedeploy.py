"""Helpers shared by the CodeDeploy rules (CD-01..CD-09); not a rule itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from cfncheck.model.legacy import DEPLOYMENT_CONFIG, DeploymentGroup, Model, nearest
from cfncheck.rules._legacy_base import group_label
from cfncheck.template.values import MISSING, Branch, Conds, Lit, Node, ResRef, Unknown, merge, text

Path = tuple[str | int, ...]


def present(value: Any) -> bool:
    """Whether raw template data is really set: not absent, not ``false``, not an empty list or object."""
    if value is MISSING or value is None or value is False:
        return False
    if isinstance(value, str) and value.lower() == "false":
        return False
    return not (isinstance(value, (list, dict)) and not value)


def list_lengths(model: Model, node: Node, *keys: str | int, conds: Conds) -> list[Branch]:
    """The length of the list at ``Properties.<keys>`` per branch: Branch(int), Branch(MISSING) or Branch(Unknown)."""
    out: list[Branch] = []
    for lst in model.raw(node, *keys, conds=conds):
        if lst.value is MISSING:
            out.append(lst)
            continue
        expanded = model.r.expand(node.stack, lst.value)
        for br in expanded:
            merged = merge(lst.conds, br.conds)
            if merged is None:
                continue
            if not isinstance(br.value, list):
                out.append(Branch(Unknown("the list is computed by an intrinsic function"), merged))
                continue
            out.extend(_count_elements(model, node, br.value, merged))
    return out


def _count_elements(model: Model, node: Node, items: list, conds: Conds) -> list[Branch]:
    """Element count of a literal list whose elements may be Fn::If (with AWS::NoValue) choices."""
    counts: list[Branch] = [Branch(0, conds)]
    for element in items:
        nxt: list[Branch] = []
        for choice in model.r.expand(node.stack, element):
            for acc in counts:
                merged = merge(acc.conds, choice.conds)
                if merged is not None:
                    nxt.append(Branch(acc.value + (choice.value is not MISSING), merged))
        counts = nxt[:64]
    return counts


# ---------------------------------------------------------------------- dependencies inside a template
# ---------------------------------------------------------------------- deployment configurations
def config_users(model: Model) -> dict[Node, list[tuple[DeploymentGroup, Conds]]]:
    """Every ``AWS::CodeDeploy::DeploymentConfig`` of the run that an ECS deployment group uses (by Ref, import
    or its ``DeploymentConfigName``) -> those groups and the choices under which they use it."""
    users: dict[Node, list[tuple[DeploymentGroup, Conds]]] = defaultdict(list)
    for group in model.groups:
        for br in model.values(group.node, "DeploymentConfigName", conds=group.conds):
            for config in _config_nodes(model, group.node, br.value):
                users[config].append((group, br.conds))
    return users


def _config_nodes(model: Model, dg: Node, value: object) -> Iterable[Node]:
    if isinstance(value, ResRef) and value.node.type == DEPLOYMENT_CONFIG:
        return [value.node]
    name = text(value)
    if name is None or name.startswith("CodeDeployDefault."):
        return []
    found = nearest(dg.stack, model.names(DEPLOYMENT_CONFIG, "DeploymentConfigName").get(name, []))
    return found if len(found) == 1 else []


def show(thing: object) -> str:
    if isinstance(thing, Node):
        return f"{thing.logical_id} (stack {thing.stack.name})"
    if isinstance(thing, ResRef):
        return show(thing.node)
    if isinstance(thing, Lit):
        return repr(thing.value)
    return str(thing)


def users_label(groups: list[tuple[DeploymentGroup, Conds]]) -> str:
    names = sorted({group_label(g.node) for g, _ in groups})
    return ", ".join(names)
