"""Shared helpers of the IAM rules (IAM-xx): roles, trust policies and permissions. Not a rule.

A role referenced by a deployment group or an ECS service (``Fn::GetAtt Role.Arn``, a cross-stack import, or
a literal ARN matched on ``RoleName``) is read as it would be after the deploy: its trust policy, its inline
``Policies``, its ``ManagedPolicyArns`` (AWS managed policies by name, customer managed policies of the run)
and every ``AWS::IAM::Policy``/``AWS::IAM::ManagedPolicy``/``AWS::IAM::RolePolicy`` that attaches to it.

Strings are read leniently: the pieces of ``Fn::Join``/``Fn::Sub`` that are only known at deploy time
(``${AWS::Partition}``, ``${AWS::URLSuffix}``, an attribute) stay in a :data:`Pattern` as wildcards, so
``arn:${AWS::Partition}:iam::aws:policy/AWSCodeDeployRoleForECS`` and CDK's ``codedeploy.${AWS::URLSuffix}``
can still be recognised. Every ``Fn::If`` of a role and its policies is evaluated on each assignment of its
conditions (:class:`RoleView`), so a finding holds only on the branches where it is true.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any
from weakref import WeakKeyDictionary

from cfncheck.inputs.stack import Stack
from cfncheck.model.legacy import DeploymentGroup, Model, nearest
from cfncheck.rules._iam_patterns import Pattern, as_glob, could_be, patterns, strings, text
from cfncheck.rules._legacy_base import group_label, is_code_deploy_or_external
from cfncheck.template.values import MISSING, Branch, Conds, Lit, Node, ResRef, Unknown, merge

ROLE = "AWS::IAM::Role"
POLICY = "AWS::IAM::Policy"
MANAGED_POLICY = "AWS::IAM::ManagedPolicy"
ROLE_POLICY = "AWS::IAM::RolePolicy"
LAMBDA = "AWS::Lambda::Function"

Path = tuple[str | int, ...]

MAX_CONDITIONS = 5

CODEDEPLOY_ECS = "AWSCodeDeployRoleForECS"
CODEDEPLOY_ECS_LIMITED = "AWSCodeDeployRoleForECSLimited"
ECS_LB_POLICY = "AmazonECSInfrastructureRolePolicyForLoadBalancers"

# What CodeDeploy needs for an ECS deployment (the actions of AWSCodeDeployRoleForECS that every deployment uses).
CODEDEPLOY_ECS_ACTIONS = (
    "ecs:DescribeServices", "ecs:CreateTaskSet", "ecs:UpdateServicePrimaryTaskSet", "ecs:DeleteTaskSet",
    "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:ModifyListener", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:ModifyRule",
)
# What ECS needs to manage the load balancer of a native blue/green deployment
# (AmazonECSInfrastructureRolePolicyForLoadBalancers).
ECS_LB_ACTIONS = (
    "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules",
    "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
    "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets",
)
ECS_LB_MODIFY = ("elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyRule")

# AWS managed policies cfncheck knows, by their path + name: (actions, resources, NotAction) statements.
_CD_COMMON = CODEDEPLOY_ECS_ACTIONS + ("cloudwatch:DescribeAlarms",)
AWS_MANAGED: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], bool]]] = {
    "AdministratorAccess": [(("*",), ("*",), False)],
    "PowerUserAccess": [(("iam:*", "organizations:*", "account:*"), ("*",), True)],
    CODEDEPLOY_ECS: [(_CD_COMMON + ("lambda:InvokeFunction", "sns:Publish", "s3:GetObject", "s3:GetObjectVersion",
                                    "iam:PassRole"), ("*",), False)],
    CODEDEPLOY_ECS_LIMITED: [
        (_CD_COMMON + ("s3:GetObject", "s3:GetObjectVersion"), ("*",), False),
        (("sns:Publish",), ("arn:aws:sns:*:*:CodeDeployTopic_*",), False),
        (("lambda:InvokeFunction",), ("arn:aws:lambda:*:*:function:CodeDeployHook_*",), False),
        (("iam:PassRole",), ("arn:aws:iam::*:role/ecsTaskExecutionRole", "arn:aws:iam::*:role/ECSTaskExecution*"),
         False),
    ],
    ECS_LB_POLICY: [(ECS_LB_ACTIONS + ECS_LB_MODIFY, ("*",), False)],
    "ElasticLoadBalancingFullAccess": [(("elasticloadbalancing:*",), ("*",), False)],
    "AWSLambda_FullAccess": [(("lambda:*",), ("*",), False)],
    "service-role/AWSLambdaRole": [(("lambda:InvokeFunction",), ("*",), False)],
}
# AWS managed policies that grant nothing the IAM rules ask about (so they do not make a role "unknown").
AWS_MANAGED_IRRELEVANT = {
    "service-role/AWSLambdaBasicExecutionRole", "service-role/AWSLambdaVPCAccessExecutionRole",
    "service-role/AmazonECSTaskExecutionRolePolicy", "CloudWatchLogsFullAccess", "AWSXRayDaemonWriteAccess",
    "AmazonSSMReadOnlyAccess", "AmazonS3ReadOnlyAccess",
}


# ---------------------------------------------------------------------- roles
def role_name_of_arn(value: str) -> str:
    """``arn:...:iam::123:role/path/name`` -> ``name``; a plain name stays as it is."""
    if value.startswith("arn:"):
        resource = value.split(":", 5)[-1]
        return resource.split("/")[-1] if resource.startswith("role/") else ""
    return value.split("/")[-1]


def role_of(model: Model, home: Stack, value: Any) -> Node | None:
    """The ``AWS::IAM::Role`` of the run that a resolved value (ARN, name, ResRef) denotes, else None."""
    if isinstance(value, ResRef):
        return value.node if value.node.type == ROLE else None
    if isinstance(value, Lit) and isinstance(value.value, str) and value.value:
        name = role_name_of_arn(value.value)
        found = nearest(home, model.names(ROLE, "RoleName").get(name, [])) if name else []
        return found[0] if len(found) == 1 else None
    return None


def is_role_arn(value: Any) -> bool:
    return isinstance(value, Lit) and isinstance(value.value, str) and ":role/" in value.value


_ATTACHED: WeakKeyDictionary[Model, dict[Node, list[tuple[Node, Conds, Path]]]] = WeakKeyDictionary()


def attached_policies(model: Model, role: Node) -> list[tuple[Node, Conds, Path]]:
    """Separate policy resources that attach to ``role``: (policy, choices, path of the role reference)."""
    table = _ATTACHED.get(model)
    if table is None:
        table = defaultdict(list)
        for rtype in (POLICY, MANAGED_POLICY):
            for node in model.by_type[rtype]:
                exists = model.exists(node)
                if exists is None:
                    continue
                for lst in model.raw(node, "Roles", conds=exists):
                    for item in model.r.items(node.stack, lst.value) if lst.value is not MISSING else []:
                        c = merge(lst.conds, item.conds)
                        if c is None or isinstance(item.value, Unknown):
                            continue
                        index, element = item.value
                        _attach(model, table, node, element, c, ("Properties", "Roles", index))
        for node in model.by_type[ROLE_POLICY]:
            exists = model.exists(node)
            if exists is not None:
                for br in model.raw(node, "RoleName", conds=exists):
                    if br.value is not MISSING:
                        _attach(model, table, node, br.value, br.conds, ("Properties", "RoleName"))
        _ATTACHED[model] = table
    return table.get(role, [])


def _attach(model: Model, table: dict, policy: Node, expr: Any, conds: Conds, path: Path) -> None:
    for br in model.r.resolve(policy.stack, expr):
        c = merge(conds, br.conds)
        target = role_of(model, policy.stack, br.value)
        if c is not None and target is not None:
            table[target].append((policy, c, path))


# ---------------------------------------------------------------------- statements
@dataclass
class Stmt:
    """One Allow statement, on one scenario."""

    actions: list[Pattern]
    not_action: bool
    resources: list[Pattern]  # [("*",)] for NotResource or a missing Resource
    source: Node  # the role or the policy resource it is written in
    path: Path
    separate: bool = False  # in a separate AWS::IAM::Policy/ManagedPolicy/RolePolicy, not on the role


@dataclass
class Managed:
    """One ``ManagedPolicyArns`` entry of the role on one scenario."""

    index: int
    name: str | None  # AWS managed policy path + name ("AWSCodeDeployRoleForECS", "service-role/...")
    pattern: Pattern


@dataclass
class RoleView:
    """A role on one assignment of the Fn::If conditions of it and its policies."""

    role: Node
    conds: Conds
    statements: list[Stmt] = field(default_factory=list)
    managed: list[Managed] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # permissions that cannot be read from the files
    separate: list[Node] = field(default_factory=list)  # separate policy resources attached to the role

    def has_managed(self, name: str) -> Managed | None:
        return next((m for m in self.managed if m.name == name), None)


def _condition_names(stack: Stack, expr: Any, found: set[str], depth: int = 0) -> None:
    if depth > 40 or len(found) > MAX_CONDITIONS:
        return
    if isinstance(expr, dict):
        for key, value in expr.items():
            if key == "Fn::If" and isinstance(value, list) and value and isinstance(value[0], str):
                found.add(value[0])
            _condition_names(stack, value, found, depth + 1)
    elif isinstance(expr, list):
        for value in expr:
            _condition_names(stack, value, found, depth + 1)


def _scenarios(model: Model, nodes: list[Node], base: Conds) -> list[Conds]:
    names: set[tuple[str, str]] = set()
    for node in nodes:
        found: set[str] = set()
        _condition_names(node.stack, node.properties, found)
        cond = node.resource.get("Condition")
        if isinstance(cond, str):
            found.add(cond)
        names.update((node.stack.name, n) for n in found
                     if model.r.condition_value(node.stack, n) is None)
    names -= {(s, n) for s, n, _ in base}
    if not names or len(names) > MAX_CONDITIONS:
        return [base]
    ordered = sorted(names)
    out = []
    for mask in range(2 ** len(ordered)):
        choice = frozenset((s, n, bool(mask >> i & 1)) for i, (s, n) in enumerate(ordered))
        merged = merge(base, choice)
        if merged is not None and model.logic.satisfiable(merged):
            out.append(merged)
    return out


def role_views(model: Model, role: Node, base: Conds) -> list[RoleView]:
    """The role (and everything attached to it) on every assignment of the conditions it depends on."""
    exists = model.exists(role)
    if exists is None:
        return []
    start = merge(base, exists)
    if start is None:
        return []
    attached = attached_policies(model, role)
    views = []
    for conds in _scenarios(model, [role] + [p for p, _, _ in attached], start):
        view = RoleView(role, conds)
        _read_role(model, view)
        for policy, pconds, _ in attached:
            pexists = model.exists(policy)
            c = merge(conds, pconds)
            c = merge(c, pexists) if c is not None and pexists is not None else None
            if c is None:
                continue
            view.separate.append(policy)
            view.statements.extend(document(model, policy, ("PolicyDocument",), c, separate=True,
                                            unknown=view.unknown))
        views.append(view)
    return views


def _read_role(model: Model, view: RoleView) -> None:
    role, conds = view.role, view.conds
    for item in model.elements(role, "Policies", conds=conds):
        c = item.conds
        if isinstance(item.value, Unknown):
            view.unknown.append(f"the inline policies of role {role.logical_id} are computed")
            continue
        index = item.value[0]
        view.statements.extend(document(model, role, ("Policies", index, "PolicyDocument"), c,
                                        unknown=view.unknown))
    for item in model.elements(role, "ManagedPolicyArns", conds=conds):
        c = item.conds
        if isinstance(item.value, Unknown):
            view.unknown.append(f"the managed policies of role {role.logical_id} are computed")
            continue
        index, element = item.value
        for p in patterns(model, role.stack, element, c):
            _managed(model, view, index, p.value)


def _managed(model: Model, view: RoleView, index: int, pattern: Pattern) -> None:
    path = ("Properties", "ManagedPolicyArns", index)
    if len(pattern) == 1 and isinstance(pattern[0], ResRef):
        node = pattern[0].node
        if node.type == MANAGED_POLICY:
            view.managed.append(Managed(index, None, pattern))
            view.statements.extend(document(model, node, ("PolicyDocument",), view.conds, unknown=view.unknown))
            return
    name = aws_managed_name(pattern)
    view.managed.append(Managed(index, name, pattern))
    if name is None:
        customer = text(pattern)
        found = []
        if customer is not None and ":policy/" in customer:
            found = nearest(view.role.stack, model.names(MANAGED_POLICY, "ManagedPolicyName")
                            .get(customer.rsplit("/", 1)[-1], []))
        if len(found) == 1:
            view.statements.extend(document(model, found[0], ("PolicyDocument",), view.conds, unknown=view.unknown))
        else:
            view.unknown.append(f"managed policy {as_glob(pattern)} is not defined in this run")
        return
    known = AWS_MANAGED.get(name)
    if known is None:
        if name not in AWS_MANAGED_IRRELEVANT and name not in (f"service-role/{CODEDEPLOY_ECS}",
                                                               f"service-role/{CODEDEPLOY_ECS_LIMITED}"):
            view.unknown.append(f"cfncheck does not know what the AWS managed policy {name} allows")
        return
    for actions, resources, not_action in known:
        view.statements.append(Stmt([(a,) for a in actions], not_action, [(r,) for r in resources], view.role, path))


def aws_managed_name(pattern: Pattern) -> str | None:
    """``service-role/AWSCodeDeployRoleForECS`` for ``arn:<partition>:iam::aws:policy/service-role/...``."""
    glob = as_glob(pattern)
    marker = ":iam::aws:policy/"
    if marker not in glob:
        return None
    prefix, name = glob.split(marker, 1)
    if "*" in name or not re.fullmatch(r"arn:(aws[a-z-]*|\*)", prefix):
        return None
    return name


def document(model: Model, node: Node, keys: Path, conds: Conds, separate: bool = False,
             unknown: list[str] | None = None) -> list[Stmt]:
    """The Allow statements of the policy document at ``Properties.<keys>`` on the branches of ``conds``."""
    out: list[Stmt] = []
    stack = node.stack
    for lst in model.raw(node, *keys, "Statement", conds=conds):
        if lst.value is MISSING:
            continue
        statements = [Branch((0, lst.value), lst.conds)] if isinstance(lst.value, dict) else \
            model.r.items(stack, lst.value)
        for item in statements:
            c = merge(lst.conds, item.conds)
            if c is None:
                continue
            if isinstance(item.value, Unknown):
                if unknown is not None:
                    unknown.append(f"the statements of {node.logical_id} are computed")
                continue
            index, stmt = item.value
            path = ("Properties",) + keys + ("Statement",) + ((index,) if isinstance(lst.value, list) else ())
            out.extend(_statement(model, node, stack, stmt, c, path, separate))
    return out


def _statement(model: Model, node: Node, stack: Stack, stmt: Any, conds: Conds, path: Path,
               separate: bool) -> Iterable[Stmt]:
    for effect in model.r.get(stack, stmt, "Effect"):
        c = merge(conds, effect.conds)
        if c is None:
            continue
        values = [b.value for b in model.r.resolve(stack, effect.value)] if effect.value is not MISSING else []
        if Lit("Allow") not in values:
            continue
        for key, negated in (("Action", False), ("NotAction", True)):
            for acts in model.r.get(stack, stmt, key):
                ac = merge(c, acts.conds)
                if ac is None or acts.value is MISSING:
                    continue
                actions = [b.value for b in strings(model, stack, acts.value, ac)]
                resources = _resources(model, stack, stmt, ac)
                yield Stmt(actions, negated, resources, node, path, separate)


def _resources(model: Model, stack: Stack, stmt: Any, conds: Conds) -> list[Pattern]:
    out: list[Pattern] = []
    for res in model.r.get(stack, stmt, "Resource"):
        if merge(conds, res.conds) is None:
            continue
        if res.value is MISSING:
            out.append(("*",))  # NotResource (or no Resource, as in a trust policy)
        else:
            out.extend(b.value for b in strings(model, stack, res.value, merge(conds, res.conds) or conds))
    return out


# ---------------------------------------------------------------------- questions
def action_match(pattern: Pattern, action: str) -> bool | None:
    glob = text(pattern)
    if glob is None:
        return None
    return fnmatchcase(action.lower(), glob.lower())


def allows(stmt: Stmt, action: str) -> bool | None:
    results = [action_match(p, action) for p in stmt.actions]
    if stmt.not_action:
        if True in results:
            return False
        return None if None in results else True
    if True in results:
        return True
    return None if None in results else False


def granted(view: RoleView, action: str, target: Any = None, model: Model | None = None,
            separate: bool = True) -> bool | None:
    """Whether the role allows ``action`` (on ``target``, a resolved value, when given); None: cannot tell."""
    maybe = bool(view.unknown)
    for stmt in view.statements:
        if stmt.separate and not separate:
            continue
        a = allows(stmt, action)
        if a is False:
            continue
        r: bool | None = True
        if target is not None and model is not None:
            r = _any(covers(model, res, target) for res in stmt.resources)
        if a and r:
            return True
        if a is None or r is None:
            maybe = True
    return None if maybe else False


def _any(results: Iterable[bool | None]) -> bool | None:
    seen_none = False
    for r in results:
        if r:
            return True
        if r is None:
            seen_none = True
    return None if seen_none else False


def covers(model: Model, res: Pattern, target: Any) -> bool | None:
    """Whether a statement's ``Resource`` pattern includes ``target`` (a resolved ARN value)."""
    if text(res) == "*":
        return True
    if len(res) == 1 and not isinstance(res[0], str):
        if res[0] == target:
            return True
        if isinstance(res[0], ResRef) and isinstance(target, ResRef):
            return res[0].node == target.node and res[0].attr in (None, "Arn", target.attr)
        return None
    if any(isinstance(p, ResRef) and isinstance(target, ResRef) and p.node == target.node for p in res):
        return False  # a qualified form of the same resource (CDK's "<arn>:*"); the plain ARN is listed too
    glob = as_glob(res)
    if isinstance(target, Lit) and isinstance(target.value, str):
        return fnmatchcase(target.value, glob)
    if isinstance(target, ResRef):
        return _covers_resource(model, glob, target.node)
    return None


def _covers_resource(model: Model, glob: str, node: Node) -> bool | None:
    if node.type == LAMBDA:
        marker, prop = ":function:", "FunctionName"
    elif node.type == ROLE:
        marker, prop = ":role/", "RoleName"
    else:
        return None
    if marker not in glob:
        service = glob.split(":")[2] if glob.startswith("arn:") and glob.count(":") >= 2 else "*"
        return None if "*" in service else False  # an ARN of another service (or of another kind)
    name_glob = glob.split(marker, 1)[1]
    name = model.literal_name(node, prop)
    if name is None:
        if [b for b in model.values(node, prop) if b.value is not MISSING]:
            return None
        name = f"{node.stack.name}-{node.logical_id}-GENERATED"  # CloudFormation's generated physical name
    if node.type == ROLE:
        role_path = model.literal_name(node, "Path") or "/"
        name = role_path.lstrip("/") + name
    return fnmatchcase(name, name_glob)


def trusts(model: Model, view: RoleView, service: str) -> bool | None:
    """Whether the trust policy lets ``service`` (e.g. ``codedeploy.amazonaws.com``) assume the role."""
    role, stack = view.role, view.role.stack
    doc = document(model, role, ("AssumeRolePolicyDocument",), view.conds)
    unsure = False
    for stmt in doc:
        assume = _any(allows(Stmt(stmt.actions, stmt.not_action, [], role, ()), a)
                      for a in ("sts:AssumeRole",))
        if assume is False:
            continue
        found = _principal(model, stack, role, stmt, service, view.conds)
        if found and assume:
            return True
        if found is None or assume is None:
            unsure = True
    return None if unsure else False


def _principal(model: Model, stack: Stack, role: Node, stmt: Stmt, service: str, conds: Conds) -> bool | None:
    raw = model.r.get(stack, role.properties, *stmt.path[1:])
    results: list[bool | None] = []
    for br in raw:
        if merge(conds, br.conds) is None or br.value is MISSING:
            continue
        for principal in model.r.get(stack, br.value, "Principal"):
            c = merge(conds, merge(br.conds, principal.conds) or br.conds)
            if c is None or principal.value is MISSING:
                continue
            if principal.value == "*":
                results.append(True)
                continue
            for svc in model.r.get(stack, principal.value, "Service"):
                sc = merge(c, svc.conds)
                if sc is None or svc.value is MISSING:
                    continue
                for p in strings(model, stack, svc.value, sc):
                    if text(p.value) is None and all(not isinstance(x, str) for x in p.value):
                        results.append(None)
                    else:
                        results.append(any(could_be(p.value, s) for s in (service, service + ".cn")))
    return _any(results)


# ---------------------------------------------------------------------- services
def ecs_controller_services(model: Model) -> Iterable[tuple[Node, Conds]]:
    """Every existing service on every branch where its controller is (or may be) ECS."""
    for service in model.services:
        exists = model.exists(service)
        if exists is None:
            continue
        for br in model.controller(service, exists):
            if is_code_deploy_or_external(br.value) is False:
                yield service, br.conds


def role_label(role: Node) -> str:
    name = None
    value = role.properties.get("RoleName")
    if isinstance(value, str):
        name = value
    shown = f"role {name!r} ({role.logical_id})" if name else f"role {role.logical_id}"
    return f"{shown} in stack {role.stack.name}"


# ---------------------------------------------------------------------- deployment-group roles
_VIEWS: WeakKeyDictionary[Model, dict[tuple[Node, Conds], list[RoleView]]] = WeakKeyDictionary()


def cached_views(model: Model, role: Node, conds: Conds) -> list[RoleView]:
    table = _VIEWS.setdefault(model, {})
    key = (role, conds)
    if key not in table:
        table[key] = role_views(model, role, conds)
    return table[key]


@dataclass
class GroupRole:
    """A role in the run that is the ``ServiceRoleArn`` of one or more ECS deployment groups."""

    role: Node
    conds: Conds
    groups: list[DeploymentGroup]

    def related(self) -> list[tuple[Node, Path]]:
        return [(g.node, SERVICE_ROLE_PATH) for g in self.groups]

    def labels(self) -> str:
        return ", ".join(group_label(g.node) for g in self.groups)


SERVICE_ROLE_PATH: Path = ("Properties", "ServiceRoleArn")


def group_roles(model: Model) -> tuple[list[GroupRole], list[tuple[DeploymentGroup, Any, Conds]]]:
    """Roles of the ECS deployment groups, and the groups whose role cannot be known (value, choices).

    A literal ARN of a role that is not defined in the run is neither: it is ordinary wiring to a role
    managed elsewhere and nothing can be read about it.
    """
    found: dict[tuple[Node, Conds], GroupRole] = {}
    unknown: list[tuple[DeploymentGroup, Any, Conds]] = []
    for group in model.groups:
        for br in model.values(group.node, "ServiceRoleArn", conds=group.conds):
            if br.value is MISSING:
                continue
            role = role_of(model, group.node.stack, br.value)
            if role is not None:
                found.setdefault((role, br.conds), GroupRole(role, br.conds, [])).groups.append(group)
            elif isinstance(br.value, (Unknown, ResRef)):
                unknown.append((group, br.value, br.conds))
    return list(found.values()), unknown


def unknown_role_reason(value: Any) -> str:
    if isinstance(value, Unknown):
        return value.reason
    if isinstance(value, ResRef):
        return f"it refers to {value.node!r}, a {value.node.type or 'resource of unknown type'}, not an IAM role"
    if isinstance(value, Lit):
        return f"{value.value!r} is not the ARN of an IAM role"
    return "it is not known from the templates"


def permissions_path(role: Node) -> Path:
    """Where a role's permissions are written (for a finding about missing ones)."""
    for key in ("Policies", "ManagedPolicyArns"):
        if key in role.properties:
            return ("Properties", key)
    return ("Properties",)


TRUST_PATH: Path = ("Properties", "AssumeRolePolicyDocument")
