"""Names and ARNs: how a value that names a resource (a physical name, an ARN, a ``Ref``) is matched to a
resource of the run, and which of several resources with the same name a stack can mean.

A resource known only by name or ARN stays a string (its *key*); a resource of the run is its
:class:`~cfncheck.template.values.Node`. Two keys denote the same resource when :meth:`Names.same` says so; it
answers None when the files cannot tell (an ARN of a resource in the run has a generated part).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from cfncheck.inputs.stack import Stack
from cfncheck.template.values import Lit, Node, ResRef

if TYPE_CHECKING:
    from cfncheck.template.resolve import Resolver

# An identity for a thing that may be a resource in the run (Node) or only known by name/ARN (str).
Key = Node | str
T = TypeVar("T")

ELB_KINDS = {"app": "application", "net": "network", "gwy": "gateway"}


# ---------------------------------------------------------------------- ARNs
def arn_resource_name(text: str, kind: str) -> str | None:
    """The name inside an ARN of ``kind`` (``service``, ``cluster``, ``targetgroup``, ``task-definition``)."""
    if not text.startswith("arn:"):
        return None
    parts = text.split(":", 5)
    if len(parts) < 6:
        return None
    resource = parts[5]
    if not resource.startswith(kind + "/"):
        return None
    pieces = resource.split("/")
    if kind == "service":
        return pieces[-1]  # service/name (old format) or service/cluster/name
    return pieces[1] if len(pieces) > 1 else None


def role_name_of_arn(value: str) -> str:
    """``arn:...:iam::123:role/path/name`` -> ``name``; a plain name stays as it is."""
    if value.startswith("arn:"):
        resource = value.split(":", 5)[-1]
        return resource.split("/")[-1] if resource.startswith("role/") else ""
    return value.split("/")[-1]


def elb_route_arn(text: str) -> tuple[str | None, str | None]:
    """(``"rule"`` | ``"listener"``, load-balancer type) of an ELBv2 listener-rule or listener ARN, else
    (None, None)."""
    if not text.startswith("arn:") or ":elasticloadbalancing:" not in text:
        return None, None
    resource = text.split(":", 5)[-1]
    for prefix, kind in (("listener-rule/", "rule"), ("listener/", "listener")):
        if resource.startswith(prefix):
            return kind, ELB_KINDS.get(resource[len(prefix):].split("/", 1)[0])
    return None, None


def load_balancer_type_of_arn(text: str) -> str | None:
    """application / network / gateway from a load balancer ARN (``...:loadbalancer/app/...``), else None."""
    marker = ":loadbalancer/"
    if marker not in text:
        return None
    return ELB_KINDS.get(text.split(marker, 1)[1].split("/", 1)[0])


def load_balancer_of_listener_arn(text: object) -> str | None:
    """The load balancer ARN inside a literal listener ARN (``...:listener/app/NAME/LB-ID/LISTENER-ID``)."""
    if not isinstance(text, str) or not text.startswith("arn:"):
        return None
    head, sep, resource = text.partition(":listener/")
    parts = resource.split("/")
    if not sep or len(parts) != 4 or parts[0] not in ELB_KINDS or not all(parts):
        return None
    return f"{head}:loadbalancer/{'/'.join(parts[:3])}"


# ---------------------------------------------------------------------- which of several a stack means
def _stack_of(item: object) -> Stack:
    if isinstance(item, Stack):
        return item
    if isinstance(item, tuple):
        return item[0]
    return item.stack  # type: ignore[attr-defined,no-any-return]


def nearest(home: Stack, items: Iterable[T]) -> list[T]:
    """Of resources (or stacks, or (stack, ...) pairs) found by name, those a deployment in ``home`` can mean:
    the same (Stage) assembly first, else the same input; never one whose account or region is known to
    differ."""
    found = []
    for item in items:
        other = _stack_of(item)
        if all(x is None or y is None or x == y
               for x, y in ((home.account, other.account), (home.region, other.region))):
            found.append((item, other))
    if home.assembly_dir is not None:
        close = [i for i, other in found if other.assembly_dir == home.assembly_dir]
        if close:
            return close
    close = [i for i, other in found if other.origin == home.origin]
    return close or [i for i, _ in found]


# ---------------------------------------------------------------------- physical names
class Names:
    """Resources by their physical names, and the identity of a value that should denote a resource."""

    def __init__(self, resolver: Resolver, nodes: Callable[[str], list[Node]]) -> None:
        self.r = resolver
        self.nodes = nodes
        self._index: dict[tuple[str, str], dict[str, list[Node]]] = {}
        self._literal: dict[tuple[Node, str], str | None] = {}
        self._found: dict[tuple[int, str, str, str], list[Node]] = {}

    def index(self, rtype: str, prop: str) -> dict[str, list[Node]]:
        """Resources of ``rtype`` by every literal value of their ``prop`` (their physical name)."""
        key = (rtype, prop)
        if key not in self._index:
            table: dict[str, list[Node]] = defaultdict(list)
            for node in self.nodes(rtype):
                raw = node.properties.get(prop)
                if raw is None:
                    continue
                for br in self.r.resolve(node.stack, raw):
                    if isinstance(br.value, Lit) and isinstance(br.value.value, str):
                        table[br.value.value].append(node)
            self._index[key] = table
        return self._index[key]

    def find(self, home: Stack, rtype: str, prop: str, name: str) -> list[Node]:
        """The resources named ``name`` that a stack ``home`` can mean (see :func:`nearest`)."""
        key = (id(home), rtype, prop, name)  # the stacks live as long as the run
        if key not in self._found:
            self._found[key] = nearest(home, self.index(rtype, prop).get(name, []))
        return list(self._found[key])

    def literal_name(self, node: Node, prop: str) -> str | None:
        """The physical name ``prop`` of a resource when it is one literal string on every branch."""
        key = (node, prop)
        if key not in self._literal:
            raw = node.properties.get(prop)
            branches = self.r.resolve(node.stack, raw) if raw is not None else []
            self._literal[key] = branches[0].value.value if len(branches) == 1 and isinstance(
                branches[0].value, Lit) and isinstance(branches[0].value.value, str) else None
        return self._literal[key]

    def key(self, value: Any, rtype: str, name_prop: str | None = None, arn_kind: str | None = None) -> Key | None:
        """The identity of a resolved value that should denote an ``rtype`` resource (None: unknown)."""
        if isinstance(value, ResRef):
            return value.node
        if isinstance(value, Lit) and isinstance(value.value, str) and value.value:
            text = value.value
            name = arn_resource_name(text, arn_kind) if arn_kind else None
            if name is None and text.startswith("arn:"):
                return text
            name = name or text
            if name_prop is not None:
                nodes = self.index(rtype, name_prop).get(name, [])
                if len(nodes) == 1:
                    return nodes[0]
            return name
        return None

    def same(self, a: Key, b: Key, name_prop: str) -> bool | None:
        """Whether two identities denote the same resource; None when the files cannot tell."""
        if isinstance(a, Node) and isinstance(b, Node):
            return a == b
        if isinstance(a, Node) or isinstance(b, Node):
            node, text = (a, b) if isinstance(a, Node) else (b, a)
            if str(text).startswith("arn:"):
                return None  # an ARN of something in the run: its generated part is unknown until deploy
            name = self.literal_name(node, name_prop)  # type: ignore[arg-type]
            return None if name is None else name == text
        return a == b
