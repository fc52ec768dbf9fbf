"""The ``AWS::CodeDeployBlueGreen`` transform and its ``AWS::CodeDeploy::BlueGreen`` hook.

They live in the template's top-level ``Transform`` and ``Hooks`` sections, not in ``Resources``. The hook's
values are literal logical IDs of resources of the same template (the transform reads them before any
intrinsic function is evaluated), so they are looked up in the stack's ``Resources`` directly. A finding about
a template section is placed on that section; the resource it is *about* (its anchor: the hook's target
service when the template has it, else the first ECS service, else the first resource) is named as related.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cfncheck.inputs.assembly import NESTED_STACK_TYPE as NESTED_STACK
from cfncheck.inputs.stack import Stack
from cfncheck.model.base import Entity
from cfncheck.model.ecs import SERVICE, TASK_DEFINITION, TASK_SET
from cfncheck.model.elb import LISTENER
from cfncheck.template.intrinsics import scan
from cfncheck.template.values import MISSING, Conds, Lit, Node, Path, Where

if TYPE_CHECKING:
    from cfncheck.model.bluegreen import Model

TRANSFORM = "AWS::CodeDeployBlueGreen"
HOOK_TYPE = "AWS::CodeDeploy::BlueGreen"


@dataclass(frozen=True)
class Hook:
    """One ``Hooks`` entry of type ``AWS::CodeDeploy::BlueGreen``."""

    model: Model
    stack: Stack
    logical_id: str
    definition: dict[str, Any]

    @property
    def label(self) -> str:
        return f"blue/green hook {self.logical_id} (Hooks section of stack {self.stack.name})"

    def at(self, *keys: str | int) -> Where:
        """A place in the hook's definition: ``at("Properties", "TrafficRoutingConfig")``."""
        return Where(self.stack, ("Hooks", self.logical_id) + keys)

    @property
    def properties(self) -> dict[str, Any]:
        props = self.definition.get("Properties")
        return props if isinstance(props, dict) else {}

    @property
    def applications(self) -> Any:
        return self.properties.get("Applications", MISSING)

    @property
    def application(self) -> dict[str, Any]:
        """The first (and only valid) element of ``Applications``, or {}."""
        apps = self.applications
        if isinstance(apps, list) and apps and isinstance(apps[0], dict):
            return apps[0]
        return {}

    @property
    def traffic_routing(self) -> Any:
        return self.properties.get("TrafficRoutingConfig", MISSING)

    def get(self, *keys: str | int) -> Any:
        """The raw value at ``keys`` below the first application, MISSING where absent."""
        value: Any = self.application
        for key in keys:
            if isinstance(key, int):
                value = value[key] if isinstance(value, list) and -len(value) <= key < len(value) else MISSING
            else:
                value = value.get(key, MISSING) if isinstance(value, dict) else MISSING
            if value is MISSING:
                return MISSING
        return value

    def resource(self, logical_id: Any, rtype: str | None = None) -> Entity | None:
        """The resource of this template named by a literal logical ID (of type ``rtype`` when given)."""
        if not isinstance(logical_id, str):
            return None
        res = self.stack.resource(logical_id)
        if res is None or (rtype is not None and res.get("Type") != rtype):
            return None
        return self.model.entity(Node(self.stack, logical_id))

    @property
    def target(self) -> Any:
        return self.resource(self.get("Target", "LogicalID"), SERVICE)

    def listener(self, route: str) -> Any:
        """The listener of ``TrafficRouting.<route>`` (ProdTrafficRoute, TestTrafficRoute), if it exists."""
        return self.resource(self.get("ECSAttributes", "TrafficRouting", route, "LogicalID"), LISTENER)

    def blue(self, kind: str) -> Any:
        """The blue resource of ``ECSAttributes.<kind>`` (TaskDefinitions, TaskSets), if it exists."""
        rtype = {"TaskDefinitions": TASK_DEFINITION, "TaskSets": TASK_SET}[kind]
        return self.resource(self.get("ECSAttributes", kind, 0), rtype)

    @property
    def anchor(self) -> Node | None:
        return anchor(self.stack, self)


def transform_names(stack: Stack) -> tuple[list[str], bool]:
    """The macro names in ``Transform`` given as plain strings, and whether every entry is a plain string
    (a transform given by a parameter or function is not literal)."""
    transform = stack.template.get("Transform", MISSING)
    if transform is MISSING or transform is None:
        return [], True
    entries = transform if isinstance(transform, list) else [transform]
    names = [e for e in entries if isinstance(e, str)]
    return names, len(names) == len(entries)


def hooks_of(model: Model, stack: Stack) -> list[Hook]:
    section = stack.template.get("Hooks")
    if not isinstance(section, dict):
        return []
    return [Hook(model, stack, hid, body) for hid, body in section.items()
            if isinstance(body, dict) and body.get("Type") == HOOK_TYPE]


def anchor(stack: Stack, hook: Hook | None = None) -> Node | None:
    """The resource a finding about the Hooks/Transform sections is about (see the module doc)."""
    if hook is not None and hook.target is not None:
        return hook.target.node
    first: str | None = None
    for logical_id, res in stack.resources.items():
        if not isinstance(res, dict):
            continue
        if res.get("Type") == SERVICE:
            return Node(stack, logical_id)
        first = first or logical_id
    return Node(stack, first) if first is not None else None


# ---------------------------------------------------------------------- what a hook template may not contain
@dataclass
class TemplateScan:
    """Imports, dynamic references and first parameter uses in the resources of one template."""

    imports: list[tuple[Node, Path, Any]] = field(default_factory=list)  # (resource, path, the import's argument)
    dynamic: list[tuple[Node, Path]] = field(default_factory=list)
    parameters: dict[str, tuple[Node, Path]] = field(default_factory=dict)  # parameter -> first use


def scan_template(stack: Stack, parameters: set[str] = frozenset()) -> TemplateScan:  # type: ignore[assignment]
    out = TemplateScan()
    for logical_id, res in stack.resources.items():
        if not isinstance(res, dict) or "Properties" not in res:
            continue
        node = Node(stack, logical_id)
        found = scan(res["Properties"], ("Properties",), parameters - set(out.parameters))
        out.imports.extend((node, path, args) for path, args in found.imports)
        out.dynamic.extend((node, path) for path in found.dynamic)
        for name, path in found.parameters.items():
            out.parameters.setdefault(name, (node, path))
    return out


def exported_outputs(stack: Stack) -> list[str]:
    """The logical IDs of the stack's Outputs that declare an ``Export``."""
    outputs = stack.template.get("Outputs")
    if not isinstance(outputs, dict):
        return []
    return [str(k) for k, v in outputs.items() if isinstance(v, dict) and v.get("Export") is not None]


def parameters(stack: Stack) -> dict[str, dict[str, Any]]:
    """The stack's Parameters section (name -> declaration)."""
    params = stack.template.get("Parameters")
    return {k: v for k, v in params.items() if isinstance(v, dict)} if isinstance(params, dict) else {}


def export_names(model: Model, stack: Stack) -> set[str]:
    """The literal export names of a stack's Outputs."""
    return model.t.r.exports_of(stack)


def imported_names(model: Model, node: Node, args: Any) -> list[tuple[str, Conds]]:
    """The literal names an ``Fn::ImportValue`` argument of ``node`` resolves to."""
    return [(br.value.value, br.conds) for br in model.t.r.resolve(node.stack, args)
            if isinstance(br.value, Lit) and isinstance(br.value.value, str)]


def nested_stacks(stack: Stack) -> list[Node]:
    return [Node(stack, logical_id) for logical_id, res in stack.resources.items()
            if isinstance(res, dict) and res.get("Type") == NESTED_STACK]

