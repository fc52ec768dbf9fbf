"""Reporters: findings in, text out. They know nothing about CloudFormation."""

from __future__ import annotations

from collections import Counter

from cfncheck.findings import Finding, Severity


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {s.label: counts.get(s, 0) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
