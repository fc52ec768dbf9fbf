"""Human-readable output: one line per finding, then its fix, grouped by stack, then a summary."""

from __future__ import annotations

from itertools import groupby

from cfncheck.findings import Finding
from cfncheck.report import summary_counts

COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
RESET = "\033[0m"


def render(findings: list[Finding], errors: list[str], stacks_checked: int,
           dropped: list[tuple[Finding, str]] = (), notes: list[str] = (),  # type: ignore[assignment]
           color: bool = False) -> str:
    lines: list[str] = []
    acknowledged = [f for f in findings if f.suppressed]
    findings = [f for f in findings if not f.suppressed]
    for stack, group in groupby(findings, key=lambda f: f.location.stack):
        items = list(group)
        lines.append(f"== {stack} ({items[0].location.template})")
        for f in items:
            loc = f.location
            where = f"{loc.stack}/{loc.resource}" if loc.resource else loc.stack
            label = f.severity.label
            if color:
                label = f"{COLORS[label]}{label}{RESET}"
            lines.append(f"{loc.template}:{loc.line}:{loc.column}: {f.rule} {label}: {f.message} [{where}]")
            if loc.construct_path:
                kind = f" ({loc.construct_type})" if loc.construct_type else ""
                lines.append(f"    construct: {loc.construct_path}{kind}")
            for rel in f.related:
                where = f"{rel.stack}/{rel.resource}" if rel.resource else rel.stack
                lines.append(f"    related: {rel.template}:{rel.line} [{where}]")
            if f.fix:
                lines.append(f"    fix (CDK): {f.fix}")
        lines.append("")
    lines.extend(f"note: {note}" for note in notes)
    counts = summary_counts(findings)
    summary = (f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info in "
               f"{stacks_checked} stack(s)")
    if acknowledged:
        summary += f"; {len(acknowledged)} acknowledged in the CDK app (not counted)"
    if errors:
        summary += f"; {len(errors)} input(s) could not be read"
    if dropped:
        reasons = sorted({reason for _, reason in dropped})
        summary += f"; {len(dropped)} known cfn-lint false positive(s) dropped ({'; '.join(reasons)})"
    lines.append(summary)
    return "\n".join(lines) + "\n"
