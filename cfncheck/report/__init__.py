"""Reporters: findings in, text out. They know nothing about CloudFormation."""

from __future__ import annotations

from collections import Counter

from cfncheck.findings import Finding, Severity

LANGUAGE_NAMES = {"python": "Python", "typescript": "TypeScript"}


def fix_label(language: str | None, first: str = "fix") -> str:
    """``fix (CDK, TypeScript)``; ``fix (CDK)`` when the app's language is not known (the fix is Python's)."""
    return f"{first} (CDK, {LANGUAGE_NAMES[language]})" if language in LANGUAGE_NAMES else f"{first} (CDK)"


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings if not f.suppressed)
    return {s.label: counts.get(s, 0) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}


def render(name: str, result: object, errors: list[str], color: bool = False, show_dropped: bool = False) -> str:
    """One report of ``result`` (an engine Result) in format ``name``."""
    from cfncheck.report import github, json_report, junit, sarif, text

    findings = result.findings  # type: ignore[attr-defined]
    if name == "json":
        return json_report.render(findings, errors, result.dropped, result.notes)  # type: ignore[attr-defined]
    if name == "sarif":
        return sarif.render(findings, rule_docs())
    if name == "junit":
        from cfncheck.errors import display_path
        from cfncheck.rules import all_rules

        templates = sorted({display_path(s.display_file) for s in result.stacks})  # type: ignore[attr-defined]
        return junit.render(findings, templates, [r.name for r in all_rules()])
    if name == "github":
        return github.render(findings)
    return text.render(findings, errors, len(result.stacks), result.dropped, result.notes,  # type: ignore[attr-defined]
                       color=color, show_dropped=show_dropped)


def rule_docs() -> dict[str, tuple[str, str, str | None]]:
    """Every cfncheck rule ID -> (title, full doc, help URI), for reporters that describe rules."""
    from cfncheck.rules import all_rules

    docs = {}
    for rule in all_rules():
        for rule_id in rule.ids:
            docs[rule_id] = (f"{rule.name}: {rule.title}", rule.doc, rule.source_url)
    return docs
