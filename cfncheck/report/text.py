"""Human-readable output: one line per finding, then its fix, grouped by stack, then a summary."""

from __future__ import annotations

from itertools import groupby

from cfncheck.findings import Finding
from cfncheck.report import summary_counts


def render(findings: list[Finding], errors: list[str], stacks_checked: int,
           dropped: list[tuple[Finding, str]] = (), notes: list[str] = ()) -> str:  # type: ignore[assignment]
    lines: list[str] = []
    for stack, group in groupby(findings, key=lambda f: f.location.stack):
        items = list(group)
        lines.append(f"== {stack} ({items[0].location.template})")
        for f in items:
            loc = f.location
            where = f"{loc.stack}/{loc.resource}" if loc.resource else loc.stack
            lines.append(f"{loc.template}:{loc.line}:{loc.column}: {f.rule} {f.severity.label}: {f.message} [{where}]")
            if loc.construct_path:
                lines.append(f"    construct: {loc.construct_path}")
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
    if errors:
        summary += f"; {len(errors)} input(s) could not be read"
    if dropped:
        reasons = sorted({reason for _, reason in dropped})
        summary += f"; {len(dropped)} known cfn-lint false positive(s) dropped ({'; '.join(reasons)})"
    lines.append(summary)
    return "\n".join(lines) + "\n"
