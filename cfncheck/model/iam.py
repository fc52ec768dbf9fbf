"""IAM roles as they would be after the deploy: trust policy, inline ``Policies``, ``ManagedPolicyArns`` (AWS
managed policies by name, customer managed policies of the run) and every ``AWS::IAM::Policy`` /
``AWS::IAM::ManagedPolicy`` / ``AWS::IAM::RolePolicy`` that attaches to them.

A role is named by ``Fn::GetAtt Role.Arn``, a cross-stack import, or a literal ARN matched on ``RoleName``.
Every ``Fn::If`` of a role and its policies is evaluated on each assignment of its conditions
(:class:`RoleView`), so a finding about a role holds only on the branches where it is true.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cfncheck.inputs.stack import Stack
from cfncheck.model.base import Entity
from cfncheck.model.policies import (
    ROLE,
    Managed,
    Stmt,
    allows,
    any_of,
    aws_managed_name,
    covers,
    document,
    managed_statements,
)
from cfncheck.template.intrinsics import if_conditions
from cfncheck.template.names import role_name_of_arn
from cfncheck.template.values import (
    MISSING,
    Conds,
    Lit,
    Node,
    Pattern,
    ResRef,
    Unknown,
    Where,
    as_glob,
    could_be,
    merge,
    pattern_text,
)

if TYPE_CHECKING:
    from cfncheck.model.bluegreen import Model
    from cfncheck.model.codedeploy import DeploymentGroup

POLICY = "AWS::IAM::Policy"
MANAGED_POLICY = "AWS::IAM::ManagedPolicy"
ROLE_POLICY = "AWS::IAM::RolePolicy"
MAX_CONDITIONS = 5


@dataclass
class RoleView:
    """A role on one assignment of the Fn::If conditions of it and its policies."""

    role: Role
    conds: Conds
    statements: list[Stmt] = field(default_factory=list)
    managed: list[Managed] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # permissions that cannot be read from the files

    def has_managed(self, name: str) -> Managed | None:
        return next((m for m in self.managed if m.name == name), None)

    def unknown_reasons(self, default: str) -> str:
        return "; ".join(dict.fromkeys(self.unknown)) or default

    def granted(self, action: str, target: Any = None, separate: bool = True) -> bool | None:
        """Whether the role allows ``action`` (on ``target``, a resolved value, when given); None: cannot tell.
        ``separate=False`` leaves out the statements of separate policy resources."""
        maybe = bool(self.unknown)
        for stmt in self.statements:
            if stmt.separate and not separate:
                continue
            a = allows(stmt, action)
            if a is False:
                continue
            r: bool | None = True
            if target is not None:
                r = any_of(covers(self.role.model, res, target) for res in stmt.resources)
            if a and r:
                return True
            if a is None or r is None:
                maybe = True
        return None if maybe else False

    def trusts(self, service: str) -> bool | None:
        """Whether the trust policy lets ``service`` (``codedeploy.amazonaws.com``) assume the role."""
        role = self.role
        unsure = False
        for stmt in document(role.model, role.node, ("AssumeRolePolicyDocument",), self.conds):
            assume = any_of(allows(Stmt(stmt.actions, stmt.not_action, [], role.node, ()), a)
                            for a in ("sts:AssumeRole",))
            if assume is False:
                continue
            found = _principal(role, stmt, service, self.conds)
            if found and assume:
                return True
            if found is None or assume is None:
                unsure = True
        return None if unsure else False

    def only_separately(self, actions: tuple[str, ...]) -> dict[Node, list[str]]:
        """The separate policy resources that alone grant some of ``actions``, with those actions."""
        out: dict[Node, list[str]] = {}
        for action in actions:
            if self.granted(action, separate=False) is True:
                continue
            for stmt in self.statements:
                if stmt.separate and allows(stmt, action):
                    out.setdefault(stmt.source, [])
                    if action not in out[stmt.source]:
                        out[stmt.source].append(action)
        return out


def _principal(role: Role, stmt: Stmt, service: str, conds: Conds) -> bool | None:
    r = role.model.t.r
    stack = role.stack
    results: list[bool | None] = []
    for br in r.get(stack, role.node.properties, *stmt.path[1:]):
        if merge(conds, br.conds) is None or br.value is MISSING:
            continue
        for principal in r.get(stack, br.value, "Principal"):
            both = merge(br.conds, principal.conds)
            c = merge(conds, both) if both is not None else None
            if c is None or principal.value is MISSING:
                continue
            if principal.value == "*":
                results.append(True)
                continue
            for svc in r.get(stack, principal.value, "Service"):
                sc = merge(c, svc.conds)
                if sc is None or svc.value is MISSING:
                    continue
                for p in r.strings(stack, svc.value, sc):
                    if pattern_text(p.value) is None and all(not isinstance(x, str) for x in p.value):
                        results.append(None)
                    else:
                        results.append(any(could_be(p.value, s) for s in (service, service + ".cn")))
    return any_of(results)


class Role(Entity):
    @property
    def label(self) -> str:
        value = self.node.properties.get("RoleName")
        name = value if isinstance(value, str) else None
        shown = f"role {name!r} ({self.logical_id})" if name else f"role {self.logical_id}"
        return f"{shown} in stack {self.stack.name}"

    @property
    def trust_where(self) -> Where:
        return self.at("Properties", "AssumeRolePolicyDocument")

    @property
    def permissions_where(self) -> Where:
        """Where the role's permissions are written (for a finding about missing ones)."""
        for key in ("Policies", "ManagedPolicyArns"):
            if key in self.node.properties:
                return self.at("Properties", key)
        return self.at("Properties")

    def managed_where(self, managed: Managed) -> Where:
        return self.at("Properties", "ManagedPolicyArns", managed.index)

    @property
    def attached(self) -> list[tuple[Node, Conds, tuple]]:
        """Separate policy resources that attach to the role: (policy, choices, path of the role reference)."""
        return self.model.attached_policies.get(self.node, [])

    def views(self, base: Conds) -> list[RoleView]:
        """The role (and everything attached to it) on every assignment of the conditions it depends on."""
        cache = self.__dict__.setdefault("_view_cache", {})
        if base not in cache:
            cache[base] = self._views(base)
        return cache[base]

    def _views(self, base: Conds) -> list[RoleView]:
        if self.conds is None:
            return []
        start = merge(base, self.conds)
        if start is None:
            return []
        attached = self.attached
        views = []
        for conds in self._scenarios([self.node] + [p for p, _, _ in attached], start):
            view = RoleView(self, conds)
            self._read(view)
            for policy, pconds, _ in attached:
                pexists = self.model.t.exists(policy)
                c = merge(conds, pconds)
                c = merge(c, pexists) if c is not None and pexists is not None else None
                if c is None:
                    continue
                view.statements.extend(document(self.model, policy, ("PolicyDocument",), c, separate=True,
                                                unknown=view.unknown))
            views.append(view)
        return views

    def _scenarios(self, nodes: list[Node], base: Conds) -> list[Conds]:
        t = self.model.t
        names: set[tuple[str, str]] = set()
        for node in nodes:
            found = if_conditions(node.properties, MAX_CONDITIONS)
            cond = node.resource.get("Condition")
            if isinstance(cond, str):
                found.add(cond)
            names.update((node.stack.name, n) for n in found if t.conditions.value(node.stack, n) is None)
        names -= {(s, n) for s, n, _ in base}
        if not names or len(names) > MAX_CONDITIONS:
            return [base]
        ordered = sorted(names)
        out = []
        for mask in range(2 ** len(ordered)):
            choice = frozenset((s, n, bool(mask >> i & 1)) for i, (s, n) in enumerate(ordered))
            merged = merge(base, choice)
            if merged is not None and t.conditions.satisfiable(merged):
                out.append(merged)
        return out

    def _read(self, view: RoleView) -> None:
        for item in self.elements("Policies", conds=view.conds):
            if isinstance(item.value, Unknown):
                view.unknown.append(f"the inline policies of role {self.logical_id} are computed")
                continue
            view.statements.extend(document(self.model, self.node, ("Policies", item.value[0], "PolicyDocument"),
                                            item.conds, unknown=view.unknown))
        for item in self.elements("ManagedPolicyArns", conds=view.conds):
            if isinstance(item.value, Unknown):
                view.unknown.append(f"the managed policies of role {self.logical_id} are computed")
                continue
            index, element = item.value
            for p in self.model.t.r.patterns(self.stack, element, item.conds):
                self._managed(view, index, p.value)

    def _managed(self, view: RoleView, index: int, pattern: Pattern) -> None:
        if len(pattern) == 1 and isinstance(pattern[0], ResRef) and pattern[0].node.type == MANAGED_POLICY:
            view.managed.append(Managed(index, None))
            view.statements.extend(document(self.model, pattern[0].node, ("PolicyDocument",), view.conds,
                                            unknown=view.unknown))
            return
        name = aws_managed_name(pattern)
        view.managed.append(Managed(index, name))
        if name is None:
            customer = pattern_text(pattern)
            found = []
            if customer is not None and ":policy/" in customer:
                found = self.model.t.names.find(self.stack, MANAGED_POLICY, "ManagedPolicyName",
                                                customer.rsplit("/", 1)[-1])
            if len(found) == 1:
                view.statements.extend(document(self.model, found[0], ("PolicyDocument",), view.conds,
                                                unknown=view.unknown))
            else:
                view.unknown.append(f"managed policy {as_glob(pattern)} is not defined in this run")
            return
        statements = managed_statements(name, self.node, ("Properties", "ManagedPolicyArns", index))
        if statements is None:
            view.unknown.append(f"cfncheck does not know what the AWS managed policy {name} allows")
        else:
            view.statements.extend(statements)


# ---------------------------------------------------------------------- who names which role
def role_of(model: Model, home: Stack, value: Any) -> Role | None:
    """The ``AWS::IAM::Role`` of the run that a resolved value (ARN, name, ResRef) denotes, else None."""
    if isinstance(value, ResRef):
        entity = model.entity(value.node)
        return entity if isinstance(entity, Role) else None
    if isinstance(value, Lit) and isinstance(value.value, str) and value.value:
        name = role_name_of_arn(value.value)
        found = model.t.names.find(home, ROLE, "RoleName", name) if name else []
        entity = model.entity(found[0]) if len(found) == 1 else None
        return entity if isinstance(entity, Role) else None
    return None


def is_role_arn(value: Any) -> bool:
    return isinstance(value, Lit) and isinstance(value.value, str) and ":role/" in value.value


def unknown_role_reason(value: Any) -> str:
    if isinstance(value, Unknown):
        return value.reason
    if isinstance(value, ResRef):
        return f"it refers to {value.node!r}, a {value.node.type or 'resource of unknown type'}, not an IAM role"
    if isinstance(value, Lit):
        return f"{value.value!r} is not the ARN of an IAM role"
    return "it is not known from the templates"


def attached_policies(model: Model) -> dict[Node, list[tuple[Node, Conds, tuple]]]:
    table: dict[Node, list[tuple[Node, Conds, tuple]]] = {}
    t = model.t
    for rtype in (POLICY, MANAGED_POLICY):
        for node in t.nodes(rtype):
            exists = t.exists(node)
            if exists is None:
                continue
            for item in t.elements(node, "Roles", conds=exists):
                if not isinstance(item.value, Unknown):
                    index, element = item.value
                    _attach(model, table, node, element, item.conds, ("Properties", "Roles", index))
    for node in t.nodes(ROLE_POLICY):
        exists = t.exists(node)
        if exists is not None:
            for br in t.raw(node, "RoleName", conds=exists):
                if br.value is not MISSING:
                    _attach(model, table, node, br.value, br.conds, ("Properties", "RoleName"))
    return table


def _attach(model: Model, table: dict, policy: Node, expr: Any, conds: Conds, path: tuple) -> None:
    for br in model.t.r.resolve(policy.stack, expr):
        c = merge(conds, br.conds)
        target = role_of(model, policy.stack, br.value)
        if c is not None and target is not None:
            table.setdefault(target.node, []).append((policy, c, path))


@dataclass
class GroupRole:
    """A role of the run that is the ``ServiceRoleArn`` of one or more ECS deployment groups."""

    role: Role
    conds: Conds
    groups: list[DeploymentGroup]

    @property
    def related(self) -> list[Where]:
        return [g.role_where for g in self.groups]

    @property
    def labels(self) -> str:
        return ", ".join(g.label for g in self.groups)


def group_roles(model: Model) -> tuple[list[GroupRole], list[tuple[DeploymentGroup, Any, Conds]]]:
    """Roles of the ECS deployment groups, and the groups whose role cannot be known (value, choices).

    A literal ARN of a role that is not defined in the run is neither: it is ordinary wiring to a role
    managed elsewhere and nothing can be read about it.
    """
    found: dict[tuple[Node, Conds], GroupRole] = {}
    unknown: list[tuple[DeploymentGroup, Any, Conds]] = []
    for group in model.groups:
        for f in group.prop("ServiceRoleArn"):
            if f.value is MISSING:
                continue
            role = role_of(model, group.stack, f.value)
            if role is not None:
                found.setdefault((role.node, f.conds), GroupRole(role, f.conds, [])).groups.append(group)
            elif isinstance(f.value, (Unknown, ResRef)):
                unknown.append((group, f.value, f.conds))
    return list(found.values()), unknown
