"""Helpers shared by FEAT-01..04, IAM-06 and GEN-04 (service features, task-definition facts); not a rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cfncheck.model.legacy import Model
from cfncheck.template.values import MISSING, Branch, Conds, Lit, Node, Unknown, merge, number, outside_run, text

Path = tuple[str | int, ...]


def existing_services(model: Model) -> Iterable[tuple[Node, Conds]]:
    for service in model.services:
        exists = model.exists(service)
        if exists is not None:
            yield service, exists


def non_empty(model: Model, node: Node, *keys: str | int, conds: Conds) -> list[Branch]:
    """The branches on which the list at ``Properties.<keys>`` has at least one element (or is computed)."""
    out: list[Branch] = []
    for lst in model.raw(node, *keys, conds=conds):
        if lst.value is MISSING or lst.value == []:
            continue
        items = model.r.items(node.stack, lst.value)
        if not items:
            continue
        conds_seen: list[Conds] = []
        for item in items:
            merged = merge(lst.conds, item.conds)
            if merged is not None and merged not in conds_seen:
                conds_seen.append(merged)
        out.extend(Branch(lst.value, c) for c in conds_seen)
    return out


# ---------------------------------------------------------------------- task definitions
def network_modes(model: Model, service: Node, conds: Conds) -> list[Branch]:
    """The task network mode of a service per branch: ``Lit(mode)``, ``Unknown`` or ``MISSING`` (no task
    definition, e.g. EXTERNAL). A task definition without ``NetworkMode`` uses ``bridge``; a Fargate service
    whose task definition is not in the run still uses ``awsvpc``."""
    out: list[Branch] = []
    for td in model.task_definitions(service, conds):
        if isinstance(td.value, Node):
            for mode in model.values(td.value, "NetworkMode", conds=td.conds):
                if mode.value is MISSING:
                    out.append(Branch(Lit("bridge"), mode.conds))
                elif text(mode.value) is not None:
                    out.append(mode)
                else:
                    out.append(Branch(_unknown(mode.value, "the task definition's NetworkMode"), mode.conds))
        elif td.value is MISSING:
            out.append(td)
        else:
            out.extend(_fargate_or_unknown(model, service, td))
    return out


def _fargate_or_unknown(model: Model, service: Node, td: Branch) -> list[Branch]:
    out: list[Branch] = []
    for fg in model.is_fargate(service, td.conds):
        if fg.value == Lit(True):
            out.append(Branch(Lit("awsvpc"), fg.conds))
        elif not outside_run(td.value):  # a task definition registered outside the templates: nothing to check
            out.append(Branch(_unknown(td.value, "the task definition"), fg.conds))
    return out


def _unknown(value: object, what: str) -> Unknown:
    if isinstance(value, Unknown):
        return value
    return Unknown(f"{what} is not known from the templates")


def container_ports(model: Model, td: Node, container: int, conds: Conds) -> tuple[set[int], bool]:
    """The literal ``ContainerPort`` values of a container's port mappings, and whether all were literal."""
    ports: set[int] = set()
    complete = True
    for item in model.elements(td, "ContainerDefinitions", container, "PortMappings", conds=conds):
        if isinstance(item.value, Unknown):
            complete = False
            continue
        index, _ = item.value
        for port in model.values(td, "ContainerDefinitions", container, "PortMappings", index, "ContainerPort",
                                 conds=item.conds):
            found = number(port.value)
            if found is None:
                complete = complete and port.value is MISSING
            else:
                ports.add(int(found))
    return ports, complete


def show(thing: Any) -> str:
    if isinstance(thing, Node):
        return f"{thing.logical_id} ({thing.stack.name})"
    return repr(thing) if isinstance(thing, str) else str(thing)
