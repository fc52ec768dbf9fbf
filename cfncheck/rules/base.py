"""What every rule is: an ID, a one-line title, a doc (the module docstring), a CDK fix, and a check that asks
the blue/green model questions and yields :class:`Violation` s."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from cfncheck.findings import Severity
from cfncheck.model import Model
from cfncheck.model.ecs import Controller, Service
from cfncheck.model.iam import Role, RoleView, is_role_arn, unknown_role_reason
from cfncheck.template.values import ALWAYS, Conds, ResRef, Unknown, Where

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass
class Violation:
    """A check's raw result: where in the templates (a resource's key path, or a template section), the message,
    the other ends of the finding, the ``Fn::If`` choices under which it holds, and the fix when the rule's
    own (``Rule.fix``) does not speak to this case."""

    severity: Severity
    where: Where
    message: str
    related: list[Where] = field(default_factory=list)
    conds: Conds = ALWAYS
    fix: str | None = None  # the CDK fix in Python, when the rule's own does not speak to this case
    fix_typescript: str | None = None  # the same fix in TypeScript (given whenever ``fix`` is)


class Rule:
    code: ClassVar[str]  # the number part of the ID, e.g. "9C01"
    name: ClassVar[str]  # the catalog name, e.g. "CTRL-01"
    title: ClassVar[str]
    severity: ClassVar[Severity]  # what it reports when the deploy would fail
    severities: ClassVar[tuple[Severity, ...]]  # every severity it can report (each gets its own ID)
    fix: ClassVar[str]  # the CDK fix in Python, one paragraph
    fix_typescript: ClassVar[str]  # the same fix in TypeScript (camelCase props, `new X(this, 'Id', {...})`)
    source_url: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()  # other catalog names this rule implements (e.g. NBG-01 for CTRL-06)

    @property
    def id(self) -> str:
        return self.id_for(self.severity)

    def id_for(self, severity: Severity) -> str:
        return severity.letter + self.code

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.id_for(s) for s in self.severities)

    @property
    def reportable_ids(self) -> tuple[str, ...]:
        """:attr:`ids`, then the other letters: a configuration may re-grade the rule to a severity it does not
        report by itself (W9C27 as E9C27)."""
        return (*self.ids, *(self.id_for(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
                             if s not in self.severities))

    @property
    def doc(self) -> str:
        module = sys.modules[type(self).__module__]
        return (module.__doc__ or "").strip()

    def check(self, model: Model) -> Iterable[Violation]:
        raise NotImplementedError


# ---------------------------------------------------------------------- settings that need the ECS controller
@dataclass
class EcsOnlySetting:
    """A setting present on a service whose controller is not, or may not be, ECS (CTRL-02/03/05/07)."""

    service: Service
    controller: Controller  # CODE_DEPLOY or EXTERNAL, or unknown and possibly one of them
    conds: Conds
    where: Where  # the setting

    @property
    def label(self) -> str:
        return self.service.label

    @property
    def related(self) -> list[Where]:
        return self.service.related_groups

    def cannot_verify(self, what: str, conds: Conds | None = None, where: Where | None = None) -> Violation:
        return Violation(INFO, where or self.where,
                         f"cannot verify {self.label}: it has {what}, which needs the ECS deployment controller, "
                         f"and its controller is unknown: {self.controller.reason}", self.related,
                         self.conds if conds is None else conds)


def ecs_only_settings(model: Model, *keys: str) -> Iterable[EcsOnlySetting]:
    """Every branch on which a service that does not, or may not, use the ECS controller sets
    ``Properties.<keys>`` (an unknown controller counts when its parameter may be CODE_DEPLOY or EXTERNAL)."""
    for service in model.services:
        for ctrl in service.off_ecs():
            for block in service.has(*keys, conds=ctrl.conds):
                yield EcsOnlySetting(service, ctrl.value, block.conds, block.where)


# ---------------------------------------------------------------------- a role a service hands to ECS (IAM-04, IAM-05)
ECS_PRINCIPAL = "ecs.amazonaws.com"
Permissions = Callable[[RoleView, Role, list[Where]], Iterable[Violation]]


def ecs_assumed_role(model: Model, service: Service, where: Where, value: object, what: str, conds: Conds,
                     assume_error: str, permissions: Permissions) -> Iterable[Violation]:
    """Check a role that ``service`` names for ECS to assume (``AdvancedConfiguration.RoleArn``, a lifecycle hook's
    ``RoleArn``): found in the run, trusted by ecs.amazonaws.com on every Fn::If view of it, then
    ``permissions(view, role, related)`` for what ECS does with it. ``what`` names the role in messages."""
    role = model.role(service.stack, value)
    if role is None:
        if isinstance(value, (Unknown, ResRef)) or not is_role_arn(value):
            yield Violation(INFO, where, f"cannot verify {what}: {unknown_role_reason(value)}", conds=conds)
        return
    related = [where]
    for view in role.views(conds):
        trusted = view.trusts(ECS_PRINCIPAL)
        if trusted is False:
            yield Violation(ERROR, role.trust_where,
                            f"{role.label} is {what}, but its trust policy does not let {ECS_PRINCIPAL} assume it; "
                            f"the deployment rolls back: \"{assume_error}\"", related, view.conds)
        elif trusted is None:
            yield Violation(INFO, role.trust_where,
                            f"cannot verify that the trust policy of {role.label} ({what}) lets {ECS_PRINCIPAL} "
                            "assume it: its principal is only known at deploy time", related, view.conds)
        yield from permissions(view, role, related)
