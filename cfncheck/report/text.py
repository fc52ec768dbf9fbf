"""Human-readable output, for people: the most severe first, one short line per finding, the detail below.

Order: errors, then warnings, then infos; within a severity cfncheck's own findings before cfn-lint's, then by
stack and position. Each finding opens with one line that says what and where (severity, ID, the rule's
catalog name and title, the construct or resource), and below it, indented: the line of the CDK app that made
the construct with its code, when the assembly's creation stacks say, then the template position (clickable
``file:line:col``), the specific message, related resources and the fix in the app's language. The summary is
the last line.
Acknowledged findings and cfn-lint findings dropped as noise are counted in the summary, and listed only when
asked (``show_dropped``).
"""

from __future__ import annotations

import textwrap
from collections import Counter

from cfncheck.findings import Finding, Location
from cfncheck.report import fix_label, summary_counts

COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
BOLD = "\033[1m"
RESET = "\033[0m"
WIDTH = 116
INDENT = "    "
MAX_MESSAGE_LINES = 6


def order(findings: list[Finding]) -> list[Finding]:
    """Most severe first; cfncheck's own before cfn-lint's; then where they are."""
    return sorted(findings, key=lambda f: (-int(f.severity), f.source != "cfncheck", f.sort_key()))


def render(findings: list[Finding], errors: list[str], stacks_checked: int,
           dropped: list[tuple[Finding, str]] = (), notes: list[str] = (),  # type: ignore[assignment]
           color: bool = False, show_dropped: bool = False) -> str:
    lines: list[str] = []
    acknowledged = [f for f in findings if f.suppressed]
    shown = [f for f in findings if not f.suppressed]
    for f in order(shown):
        lines.extend(_finding(f, color))
    if show_dropped:
        for f in order(acknowledged):
            lines.extend(_finding(f, color, why=f"not counted: {f.suppressed}"))
        for f, reason in sorted(dropped, key=lambda d: d[0].sort_key()):
            lines.extend(_finding(f, color, why=f"not shown by default: {reason}"))
    if lines:
        lines.append("")
    lines.extend(f"note: {note}" for note in notes)
    lines.append(_summary(shown, errors, stacks_checked, acknowledged, dropped, show_dropped))
    return "\n".join(lines) + "\n"


def _finding(f: Finding, color: bool, why: str | None = None) -> list[str]:
    loc = f.location
    label = f.severity.label
    head = f"{label} {f.rule}"
    if color:
        head = f"{BOLD}{COLORS[label]}{label}{RESET}{BOLD} {f.rule}{RESET}"
    name = f"[{f.check}] " if f.check and f.check != f.rule else ""
    title = (f.title or "").rstrip(".") or f.message.split(";")[0]
    out = [f"{head} {name}{title}: {_where(loc)}"]
    kind = f" ({loc.construct_type})" if loc.construct_type else ""
    src = loc.construct_location
    if src is not None:  # the user's CDK code first: that is what they edit
        out.append(f"{INDENT}at {src.file}:{src.line}{kind}")
        if src.code:
            out.append(f"{INDENT}{' ' * len('at ')}{src.line} | {src.code}")
        out.append(f"{INDENT}template: {loc.template}:{loc.line}:{loc.column}")
    else:
        out.append(f"{INDENT}at {loc.template}:{loc.line}:{loc.column}{kind}")
    out.extend(_wrapped(f.message, MAX_MESSAGE_LINES))
    for rel in f.related:
        rel_src = f" ({rel.construct_location.file}:{rel.construct_location.line})" if rel.construct_location else ""
        out.append(f"{INDENT}related: {_where(rel)} at {rel.template}:{rel.line}{rel_src}")
    language, fix = f.app_fix
    if fix:
        out.extend(_wrapped(f"{fix_label(language)}: {fix}"))
    if why:
        out.extend(_wrapped(why))
    return out


def _where(loc: Location) -> str:
    """The construct path the user wrote when the CDK made it, else stack/logical ID (or the stack)."""
    if loc.construct_path:
        return loc.construct_path.strip("/")
    return f"{loc.stack}/{loc.resource}" if loc.resource else f"stack {loc.stack}"


def _wrapped(text: str, max_lines: int | None = None) -> list[str]:
    """``text`` wrapped and indented; past ``max_lines`` it is cut (cfn-lint lists whole enums in a message)."""
    lines = textwrap.wrap(text, WIDTH, initial_indent=INDENT, subsequent_indent=INDENT + "  ",
                          break_long_words=False, break_on_hyphens=False) or [INDENT]
    if max_lines is None or len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    rest = len(text) - len(" ".join(line.strip() for line in kept))
    return [*kept, f"{INDENT}  … ({rest} more characters: --format json has the whole message)"]


def _summary(shown: list[Finding], errors: list[str], stacks_checked: int, acknowledged: list[Finding],
             dropped: list[tuple[Finding, str]], show_dropped: bool) -> str:
    counts = summary_counts(shown)
    summary = (f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info in "
               f"{stacks_checked} stack(s)")
    if acknowledged:
        summary += f"; {len(acknowledged)} acknowledged in the CDK app (not counted)"
    if errors:
        summary += f"; {len(errors)} input(s) could not be read"
    if dropped:
        labels = Counter(reason.split(" — ")[0] for _, reason in dropped)
        reasons = ", ".join(f"{n} {label}" for label, n in sorted(labels.items()))
        summary += (f"; {len(dropped)} cfn-lint finding(s) not shown ({reasons})"
                    + ("" if show_dropped else ": --show-dropped lists them"))
    return summary
