"""The blue/green wiring of each deployment group as a small graph, with the edges findings point at.

Built from the model and the findings; the renderers in ``report/graph_render.py`` only see nodes and edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cfncheck.findings import Finding
from cfncheck.model import Model
from cfncheck.model.codedeploy import DeploymentGroup
from cfncheck.model.elb import Listener, TargetGroup
from cfncheck.template.values import ALWAYS, Node, Unknown


@dataclass
class GraphNode:
    id: str
    label: str
    kind: str  # group, service, target-group, listener, load-balancer, external
    bad: list[str] = field(default_factory=list)  # rule IDs of findings on this node


@dataclass
class GraphEdge:
    source: str
    target: str
    label: str
    bad: list[str] = field(default_factory=list)


@dataclass
class Graph:
    title: str
    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)


# Which edge a finding of each check marks: (from kind, edge label) or None for the node itself.
EDGE_OF = {"CTRL-01": "deploys", "LB-02": "registered in", "LB-07": "test route"}


def build_graphs(model: Model, findings: list[Finding]) -> list[Graph]:
    marks: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.source == "cfncheck" and f.severity.label in ("error", "warning") and not f.suppressed:
            marks.setdefault((f.location.stack, f.location.resource or ""), []).append(f)
    return [_graph(model, group, marks) for group in model.groups]


def _label(thing: object, kind: str) -> str:
    if isinstance(thing, Node):
        return f"{kind}<br/>{thing.logical_id}<br/><i>{thing.stack.name}</i>"
    return f"{kind}<br/>{thing}"


def _graph(model: Model, group: DeploymentGroup, marks: dict) -> Graph:
    dg = group.node
    graph = Graph(title=f"{dg.logical_id} ({dg.stack.name})")
    ids: dict[object, str] = {}

    def node(thing: object, kind: str) -> str:
        if thing not in ids:
            ids[thing] = f"n{len(ids) + 1}"
        key = ids[thing]
        if key not in graph.nodes:
            bad = []
            if isinstance(thing, Node):
                bad = [f.rule for f in marks.get((thing.stack.name, thing.logical_id), [])
                       if EDGE_OF.get(f.check) is None]
            graph.nodes[key] = GraphNode(key, _label(thing, kind), kind, bad)
        return key

    def edge(a: str, b: str, label: str, findings_on: list[Finding]) -> None:
        bad = [f.rule for f in findings_on if EDGE_OF.get(f.check) == label]
        graph.edges.append(GraphEdge(a, b, label, bad))

    dg_key = node(dg, "CodeDeploy deployment group")
    dg_findings = marks.get((dg.stack.name, dg.logical_id), [])
    for target in group.targets:
        if target.service is None:
            edge(dg_key, node(target.reason or "unknown service", "service (not in this run)"), "deploys", [])
            continue
        svc = target.service
        svc_key = node(svc.node, f"ECS service {svc.literal('ServiceName') or ''}".strip())
        svc_findings = marks.get((svc.stack.name, svc.logical_id), [])
        edge(dg_key, svc_key, "deploys", svc_findings)
        for tg in svc.target_groups(ALWAYS):
            if not isinstance(tg.value, Unknown):
                edge(svc_key, node(tg.value, "target group"), "registered in", svc_findings)
    for br in group.pair():
        index, tg = br.value
        if not isinstance(tg, Unknown):
            edge(dg_key, node(tg, "target group"), "blue" if index == 0 else "green", dg_findings)
    for route, label in (("ProdTrafficRoute", "prod route"), ("TestTrafficRoute", "test route")):
        for br in group.routes(route):
            _, listener = br.value
            if isinstance(listener, Unknown):
                continue
            listener_key = node(listener, "listener")
            edge(dg_key, listener_key, label, dg_findings)
            entity = model.entity(listener) if isinstance(listener, Node) else None
            for lb in entity.load_balancers(ALWAYS) if isinstance(entity, Listener) else []:
                if not isinstance(lb.value, Unknown):
                    edge(listener_key, node(lb.value, "load balancer"), "on", [])
    for thing, key in list(ids.items()):  # what each listener in the picture forwards to
        entity = model.entity(thing) if isinstance(thing, Node) else None
        if isinstance(entity, Listener):
            targets = {f.tg for f in entity.forwards if not isinstance(f.tg, Unknown)}
            for tg in sorted(targets, key=str):
                if isinstance(model.entity(tg) if isinstance(tg, Node) else None, TargetGroup):
                    edge(key, node(tg, "target group"), "forwards to", [])
    return graph
