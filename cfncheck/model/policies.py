"""IAM policy documents: their Allow statements, the AWS managed policies cfncheck knows, and the questions a
rule asks of a set of statements (is this action allowed, on this resource).

Strings are read leniently (:meth:`~cfncheck.template.functions.StringFunctions.patterns`): a piece known only
at deploy time stays a wildcard, so ``arn:${AWS::Partition}:iam::aws:policy/AWSCodeDeployRoleForECS`` is still
recognised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from cfncheck.template.values import (
    MISSING,
    Branch,
    Conds,
    Lit,
    Node,
    Path,
    Pattern,
    ResRef,
    Unknown,
    as_glob,
    merge,
    pattern_text,
)

if TYPE_CHECKING:
    from cfncheck.model.bluegreen import Model

ROLE = "AWS::IAM::Role"  # the IAM role type (model.iam reads roles; it imports this one)
LAMBDA = "AWS::Lambda::Function"

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
# Names that look like an ECS CodeDeploy policy but do not exist (IAM-01 reports them)
MISPLACED = (f"service-role/{CODEDEPLOY_ECS}", f"service-role/{CODEDEPLOY_ECS_LIMITED}")


@dataclass
class Stmt:
    """One Allow statement, on one scenario."""

    actions: list[Pattern]
    not_action: bool
    resources: list[Pattern]  # [("*",)] for NotResource or a missing Resource
    source: Node  # the role or the policy resource it is written in
    path: Path  # from the resource root
    separate: bool = False  # in a separate AWS::IAM::Policy/ManagedPolicy/RolePolicy, not on the role


@dataclass
class Managed:
    """One ``ManagedPolicyArns`` entry of the role on one scenario."""

    index: int
    name: str | None  # AWS managed policy path + name ("AWSCodeDeployRoleForECS", "service-role/...")


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


def managed_statements(name: str, source: Node, path: Path) -> list[Stmt] | None:
    """The statements of an AWS managed policy cfncheck knows; [] for one that grants nothing asked about;
    None when cfncheck does not know it."""
    known = AWS_MANAGED.get(name)
    if known is None:
        return [] if name in AWS_MANAGED_IRRELEVANT or name in MISPLACED else None
    return [Stmt([(a,) for a in actions], not_action, [(r,) for r in resources], source, path)
            for actions, resources, not_action in known]


# ---------------------------------------------------------------------- documents
def document(model: Model, node: Node, keys: Path, conds: Conds, separate: bool = False,
             unknown: list[str] | None = None) -> list[Stmt]:
    """The Allow statements of the policy document at ``Properties.<keys>`` on the branches of ``conds``."""
    t = model.t
    out: list[Stmt] = []
    stack = node.stack
    for lst in t.raw(node, *keys, "Statement", conds=conds):
        if lst.value is MISSING:
            continue
        statements = [Branch((0, lst.value), lst.conds)] if isinstance(lst.value, dict) else \
            t.r.items(stack, lst.value)
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
            out.extend(_statement(model, node, stmt, c, path, separate))
    return out


def _statement(model: Model, node: Node, stmt: Any, conds: Conds, path: Path, separate: bool) -> Iterable[Stmt]:
    r = model.t.r
    stack = node.stack
    for effect in r.get(stack, stmt, "Effect"):
        c = merge(conds, effect.conds)
        if c is None:
            continue
        values = [b.value for b in r.resolve(stack, effect.value)] if effect.value is not MISSING else []
        if Lit("Allow") not in values:
            continue
        for key, negated in (("Action", False), ("NotAction", True)):
            for acts in r.get(stack, stmt, key):
                ac = merge(c, acts.conds)
                if ac is None or acts.value is MISSING:
                    continue
                actions = [b.value for b in r.strings(stack, acts.value, ac)]
                yield Stmt(actions, negated, _resources(model, node, stmt, ac), node, path, separate)


def _resources(model: Model, node: Node, stmt: Any, conds: Conds) -> list[Pattern]:
    r = model.t.r
    out: list[Pattern] = []
    for res in r.get(node.stack, stmt, "Resource"):
        within = merge(conds, res.conds)
        if within is None:
            continue
        if res.value is MISSING:
            out.append(("*",))  # NotResource (or no Resource, as in a trust policy)
        else:
            out.extend(b.value for b in r.strings(node.stack, res.value, within))
    return out


# ---------------------------------------------------------------------- questions
def action_match(pattern: Pattern, action: str) -> bool | None:
    glob = pattern_text(pattern)
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


def any_of(results: Iterable[bool | None]) -> bool | None:
    seen_none = False
    for r in results:
        if r:
            return True
        if r is None:
            seen_none = True
    return None if seen_none else False


def covers(model: Model, res: Pattern, target: Any) -> bool | None:
    """Whether a statement's ``Resource`` pattern includes ``target`` (a resolved ARN value)."""
    if pattern_text(res) == "*":
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
    name = model.t.names.literal_name(node, prop)
    if name is None:
        if [b for b in model.t.values(node, prop) if b.value is not MISSING]:
            return None
        name = f"{node.stack.name}-{node.logical_id}-GENERATED"  # CloudFormation's generated physical name
    if node.type == ROLE:
        role_path = model.t.names.literal_name(node, "Path") or "/"
        name = role_path.lstrip("/") + name
    return fnmatchcase(name, name_glob)
