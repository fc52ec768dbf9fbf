"""Roles an ECS service hands to ECS to assume (native blue/green load-balancer and lifecycle-hook roles),
shared by IAM-04 and IAM-05. Not a rule."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from cfncheck.model.legacy import Model
from cfncheck.rules._iam import (
    TRUST_PATH,
    Path,
    RoleView,
    cached_views,
    is_role_arn,
    role_label,
    role_of,
    trusts,
    unknown_role_reason,
)
from cfncheck.rules._legacy_base import ERROR, INFO, Violation
from cfncheck.template.values import Conds, Node, ResRef, Unknown

ECS_PRINCIPAL = "ecs.amazonaws.com"
Permissions = Callable[[RoleView, Node, list[tuple[Node, Path]]], Iterable[Violation]]


def ecs_assumed_role(model: Model, service: Node, role_path: Path, value: Any, what: str, conds: Conds,
                     assume_error: str, permissions: Permissions) -> Iterable[Violation]:
    """Check a role that ``service`` names for ECS to assume (``AdvancedConfiguration.RoleArn``, a lifecycle
    hook's ``RoleArn``): found in the run, trusted by ecs.amazonaws.com on every Fn::If view, then
    ``permissions(view, role, related)`` for what ECS does with it. ``what`` names the role in messages
    ("the role of lifecycle hook 0 of ECS service 'web' (Service)")."""
    role = role_of(model, service.stack, value)
    if role is None:
        if isinstance(value, (Unknown, ResRef)) or not is_role_arn(value):
            yield Violation(INFO, service, role_path, f"cannot verify {what}: {unknown_role_reason(value)}",
                            conds=conds)
        return
    related = [(service, role_path)]
    rlabel = role_label(role)
    for view in cached_views(model, role, conds):
        trusted = trusts(model, view, ECS_PRINCIPAL)
        if trusted is False:
            yield Violation(ERROR, role, TRUST_PATH,
                            f"{rlabel} is {what}, but its trust policy does not let {ECS_PRINCIPAL} assume it; "
                            f"the deployment rolls back: \"{assume_error}\"", related, view.conds)
        elif trusted is None:
            yield Violation(INFO, role, TRUST_PATH,
                            f"cannot verify that the trust policy of {rlabel} ({what}) lets {ECS_PRINCIPAL} "
                            "assume it: its principal is only known at deploy time", related, view.conds)
        yield from permissions(view, role, related)

