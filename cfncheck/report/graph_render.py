"""Mermaid and Graphviz renderings of wiring graphs; offending nodes and edges are drawn in red."""

from __future__ import annotations

from cfncheck.graph import Graph

RED = "#d1242f"


def mermaid(graphs: list[Graph]) -> str:
    out = []
    for graph in graphs:
        lines = ["```mermaid", "flowchart LR", f"  %% {graph.title}"]
        for n in graph.nodes.values():
            text = n.label + (f"<br/><b>{' '.join(n.bad)}</b>" if n.bad else "")
            lines.append(f'  {n.id}["{_escape(text)}"]')
        red_links = []
        for i, e in enumerate(graph.edges):
            label = e.label + (f" ✗ {' '.join(e.bad)}" if e.bad else "")
            lines.append(f'  {e.source} -->|"{_escape(label)}"| {e.target}')
            if e.bad:
                red_links.append(str(i))
        if red_links:
            lines.append(f"  linkStyle {','.join(red_links)} stroke:{RED},stroke-width:3px,color:{RED}")
        bad_nodes = [n.id for n in graph.nodes.values() if n.bad]
        if bad_nodes:
            lines.append(f"  classDef bad stroke:{RED},stroke-width:3px")
            lines.append(f"  class {','.join(bad_nodes)} bad")
        lines.append("```")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n" if out else "No CodeDeploy deployment group with ECS services found.\n"


def dot(graphs: list[Graph]) -> str:
    lines = ["digraph cfncheck {", "  rankdir=LR;", "  node [shape=box, fontname=Helvetica];"]
    for i, graph in enumerate(graphs):
        lines.append(f"  subgraph cluster_{i} {{")
        lines.append(f'    label="{_dot(graph.title)}";')
        for n in graph.nodes.values():
            label = n.label.replace("<br/>", "\\n").replace("<i>", "").replace("</i>", "")
            if n.bad:
                label += "\\n" + " ".join(n.bad)
            style = f', color="{RED}", penwidth=3' if n.bad else ""
            lines.append(f'    {n.id}_{i} [label="{_dot(label)}"{style}];')
        for e in graph.edges:
            label = e.label + (f" ✗ {' '.join(e.bad)}" if e.bad else "")
            style = f', color="{RED}", fontcolor="{RED}", penwidth=3' if e.bad else ""
            lines.append(f'    {e.source}_{i} -> {e.target}_{i} [label="{_dot(label)}"{style}];')
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return text.replace('"', "#quot;")


def _dot(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\\\\n", "\\n")
