"""Per-rule severity overrides from the configuration (``severity = { "LB-07" = "warning" }``)."""

from __future__ import annotations

from cfncheck.findings import Finding, Severity


def apply_severity(findings: list[Finding], overrides: dict[str, str]) -> None:
    """Re-grade findings in place. A cfncheck rule may be named by any ID or its catalog name; its finding IDs
    take the new severity's letter (W9C27 becomes E9C27). A cfn-lint ID is a prefix, as in cfn-lint."""
    if not overrides:
        return
    from cfncheck.rules import find_rule

    ours = {rule.name: Severity.parse(level) for key, level in overrides.items() if (rule := find_rule(key))}
    theirs = {key: Severity.parse(level) for key, level in overrides.items() if find_rule(key) is None}
    for f in findings:
        if f.source == "cfncheck":
            level = ours.get(f.check)
            if level is not None:
                f.severity = level
                f.rule = level.letter + f.rule[1:]
        else:
            for prefix, level in theirs.items():
                if f.rule.startswith(prefix):
                    f.severity = level
