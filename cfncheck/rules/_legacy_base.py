"""What every rule is: an ID, a one-line title, a doc (the module docstring), a CDK fix, and a check."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cfncheck.findings import Severity
from cfncheck.model.legacy import Model
from cfncheck.rules.base import Rule  # noqa: F401
from cfncheck.template.values import ALWAYS, MISSING, Conds, Lit, Node, Unknown

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass
class Violation:
    """A check's raw result: a resource and a path inside it (``("Properties", ...)``)."""

    severity: Severity
    node: Node
    path: tuple[str | int, ...]
    message: str
    related: list[tuple[Node, tuple[str | int, ...]]] = field(default_factory=list)
    conds: Conds = ALWAYS
    # a finding about a template section outside Resources (Hooks, Transform, Outputs, Parameters): its key path
    # from the template root; ``node`` then only gives the stack (and the logical ID suppressions are keyed on)
    root: tuple[str | int, ...] | None = None


def service_label(model: Model, service: Node) -> str:
    name = model.literal_name(service, "ServiceName")
    return f"ECS service {name!r} ({service.logical_id})" if name else f"ECS service {service.logical_id}"


def group_label(node: Node) -> str:
    return f"deployment group {node.logical_id} in stack {node.stack.name}"


def is_code_deploy_or_external(value: object) -> bool | None:
    """True/False for a resolved controller type, None when it is not known."""
    if isinstance(value, Lit):
        return value.value in ("CODE_DEPLOY", "EXTERNAL")
    return None


def unknown_reason(value: object) -> str:
    return value.reason if isinstance(value, Unknown) else "it is not known from the templates"


def services_with_controller(model: Model) -> Iterable[tuple[Node, object, Conds]]:
    """(service, resolved controller type, choices) for every service that exists, on every branch."""
    for service in model.services:
        exists = model.exists(service)
        if exists is None:
            continue
        for br in model.controller(service, exists):
            yield service, br.value, br.conds


def related_groups(model: Model, service: Node) -> list[tuple[Node, tuple[str | int, ...]]]:
    return [(group.node, ("Properties", "ECSServices", target.index, "ServiceName"))
            for group, target in model.groups_for(service)]


@dataclass
class EcsOnlySetting:
    """A setting (``Properties.<path>``) present on a service whose controller is not, or may not be, ECS."""

    service: Node
    controller: object  # Lit(CODE_DEPLOY|EXTERNAL), or Unknown
    conds: Conds
    label: str
    related: list[tuple[Node, tuple[str | int, ...]]]

    @property
    def known(self) -> bool:
        return isinstance(self.controller, Lit)

    def cannot_verify(self, path: tuple[str | int, ...], what: str) -> Violation:
        return Violation(INFO, self.service, path,
                         f"cannot verify {self.label}: it has {what}, which needs the ECS deployment controller, "
                         f"and its controller is unknown: {unknown_reason(self.controller)}", self.related, self.conds)


def ecs_only_settings(model: Model, *keys: str) -> Iterable[EcsOnlySetting]:
    """Every branch on which a service that may not use the ECS controller sets ``Properties.<keys>``."""
    for service, controller, conds in services_with_controller(model):
        if is_code_deploy_or_external(controller) is False:
            continue
        for block in model.raw(service, *keys, conds=conds):
            if block.value is not MISSING:
                yield EcsOnlySetting(service, controller, block.conds, service_label(model, service),
                                     related_groups(model, service))
