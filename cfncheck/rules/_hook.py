"""Helpers shared by the HOOK rules (HOOK-01..07); not a rule itself.

The `AWS::CodeDeployBlueGreen` transform and its `AWS::CodeDeploy::BlueGreen` hook live in the template's
top-level `Transform` and `Hooks` sections, not in `Resources`. The engine places a finding on a resource
(`engine.location` always builds `("Resources", <logical id>, ...)`), so a finding about the hook itself is
reported on an *anchor* resource: the hook's target service when it exists in the template, else the first
ECS service, else the first resource, and its message names the hook.

The hook's values are literal logical IDs of resources of the same template (the transform reads them
before any intrinsic function is evaluated), so they are looked up in the stack's `Resources` directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cfncheck.findings import Severity
from cfncheck.inputs.stack import Stack
from cfncheck.model.legacy import LISTENER, SERVICE, TARGET_GROUP, TASK_DEFINITION, Model
from cfncheck.rules._legacy_base import Violation
from cfncheck.template.values import ALWAYS, MISSING, Conds, Node

TRANSFORM = "AWS::CodeDeployBlueGreen"
HOOK_TYPE = "AWS::CodeDeploy::BlueGreen"
TASK_SET = "AWS::ECS::TaskSet"
NESTED_STACK = "AWS::CloudFormation::Stack"
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Hook:
    """One `Hooks` entry of type `AWS::CodeDeploy::BlueGreen`."""

    stack: Stack
    logical_id: str
    definition: dict[str, Any]

    @property
    def label(self) -> str:
        return f"blue/green hook {self.logical_id} (Hooks section of stack {self.stack.name})"

    @property
    def properties(self) -> dict[str, Any]:
        props = self.definition.get("Properties")
        return props if isinstance(props, dict) else {}

    @property
    def applications(self) -> Any:
        return self.properties.get("Applications", MISSING)

    @property
    def application(self) -> dict[str, Any]:
        """The first (and only valid) element of `Applications`, or {}."""
        apps = self.applications
        if isinstance(apps, list) and apps and isinstance(apps[0], dict):
            return apps[0]
        return {}

    def get(self, *keys: str | int) -> Any:
        """The raw value at `keys` below the first application, MISSING where absent."""
        value: Any = self.application
        for key in keys:
            if isinstance(key, int):
                value = value[key] if isinstance(value, list) and -len(value) <= key < len(value) else MISSING
            else:
                value = value.get(key, MISSING) if isinstance(value, dict) else MISSING
            if value is MISSING:
                return MISSING
        return value

    def resource(self, logical_id: Any, rtype: str | None = None) -> Node | None:
        """The resource of this template named by a literal logical ID (of type ``rtype`` when given)."""
        if not isinstance(logical_id, str):
            return None
        res = self.stack.resource(logical_id)
        if res is None or (rtype is not None and res.get("Type") != rtype):
            return None
        return Node(self.stack, logical_id)

    @property
    def target(self) -> Node | None:
        return self.resource(self.get("Target", "LogicalID"), SERVICE)

    def listener(self, route: str) -> Node | None:
        """The listener of `TrafficRouting.<route>` (ProdTrafficRoute, TestTrafficRoute), if it exists."""
        return self.resource(self.get("ECSAttributes", "TrafficRouting", route, "LogicalID"), LISTENER)

    def blue(self, kind: str) -> Node | None:
        """The blue resource of `ECSAttributes.<kind>` (TaskDefinitions, TaskSets), if it exists."""
        rtype = {"TaskDefinitions": TASK_DEFINITION, "TaskSets": TASK_SET}[kind]
        return self.resource(self.get("ECSAttributes", kind, 0), rtype)

    def target_groups(self) -> list[Node]:
        names = self.get("ECSAttributes", "TrafficRouting", "TargetGroups")
        if not isinstance(names, list):
            return []
        return [n for n in (self.resource(x, TARGET_GROUP) for x in names) if n is not None]


def transform_names(template: dict[str, Any]) -> tuple[list[str], bool]:
    """The macro names in `Transform` given as plain strings, and whether every entry is a plain string
    (a transform given by a parameter or function is not literal)."""
    transform = template.get("Transform", MISSING)
    if transform is MISSING or transform is None:
        return [], True
    entries = transform if isinstance(transform, list) else [transform]
    names = [e for e in entries if isinstance(e, str)]
    return names, len(names) == len(entries)


def hooks(stack: Stack) -> list[Hook]:
    section = stack.template.get("Hooks")
    if not isinstance(section, dict):
        return []
    return [Hook(stack, hid, body) for hid, body in section.items()
            if isinstance(body, dict) and body.get("Type") == HOOK_TYPE]


def hook_stacks(model: Model) -> Iterator[tuple[Stack, list[Hook]]]:
    """Every stack with a blue/green hook (the templates the hook's restrictions apply to)."""
    for stack in model.stacks:
        found = hooks(stack)
        if found:
            yield stack, found


def anchor(stack: Stack, hook: Hook | None = None) -> Node | None:
    """The resource a finding about the Hooks/Transform sections is reported on (see module doc)."""
    if hook is not None and hook.target is not None:
        return hook.target
    first: str | None = None
    for logical_id, res in stack.resources.items():
        if not isinstance(res, dict):
            continue
        if res.get("Type") == SERVICE:
            return Node(stack, logical_id)
        first = first or logical_id
    return Node(stack, first) if first is not None else None


def walk(value: Any, path: Path) -> Iterable[tuple[Path, Any]]:
    """Every (path, value) below ``value``, depth first, ``value`` itself included."""
    stack: list[tuple[Path, Any]] = [(path, value)]
    while stack:
        here, item = stack.pop()
        yield here, item
        if isinstance(item, dict):
            stack.extend((here + (k,), v) for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((here + (i,), v) for i, v in reversed(list(enumerate(item))))


def resource_conds(model: Model, node: Node) -> Conds:
    conds = model.exists(node)
    return conds if conds is not None else ALWAYS


def at_template(severity: Severity, node: Node, root: Path, message: str,
                related: list[tuple[Node, Path]] | None = None, conds: Conds = ALWAYS) -> Violation:
    """A finding about a template section outside `Resources` (Transform, Hooks, Outputs, Parameters).

    ``root`` is where it belongs, from the template root (``("Hooks", "CodeDeployBlueGreenHook", ...)``,
    ``("Outputs",)``); the finding is placed there, with no resource. ``node`` (the hook's target service)
    only gives the stack.
    """
    return Violation(severity, node, (), message, related or [], conds, root=root)
