"""What a run reports: which rules run, which findings are ignored or suppressed, and at which severity.

One :class:`Policy` per run, applied by the engine for every front door (``cfncheck check``, ``cfncheck graph``,
the cfn-lint adapters, the CDK plugin), so the same input and configuration give the same findings:

- ``ignore``: cfncheck rules by any ID or catalog name (every severity of the rule), cfn-lint rule IDs as
  prefixes (as in cfn-lint);
- ``severity``: re-grade a rule (``{"LB-07": "warning"}``: its IDs take the new letter, W9C27); a cfn-lint ID
  is a prefix;
- template suppressions (``Metadata: {cfn-lint: {config: {ignore_checks: [...]}}}``) and CDK acknowledgements
  (``Validations.of(construct).acknowledge(...)``) are read from the templates and the assembly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cfncheck.findings import Finding, Severity

if TYPE_CHECKING:
    from cfncheck.config import Config
    from cfncheck.rules.base import Rule


@dataclass(frozen=True)
class Policy:
    ignore: tuple[str, ...] = ()
    severities: tuple[tuple[str, str], ...] = ()  # (rule, level) pairs, as in the configuration

    @classmethod
    def of(cls, config: Config | None, ignore: Iterable[str] = (), severity: Mapping[str, str] | None = None,
           ) -> Policy:
        """The policy of a configuration file (may be None), plus ignores and re-grades given directly (the command
        line's ``--ignore``)."""
        levels = {**(config.severity if config is not None else {}), **(severity or {})}
        base = tuple(config.ignore) if config is not None else ()
        return cls((*base, *ignore), tuple(levels.items()))

    @property
    def severity(self) -> dict[str, str]:
        return dict(self.severities)

    # ------------------------------------------------------------------ rules
    def rules(self, rules: Sequence[Rule] | None = None) -> list[Rule]:
        """The cfncheck rules that run (all of them, or ``rules``, less the ignored ones)."""
        from cfncheck.rules import all_rules, find_rule

        skipped = {rule.code for item in self.ignore if (rule := find_rule(item)) is not None}
        return [r for r in (all_rules() if rules is None else rules) if r.code not in skipped]

    @property
    def lint_ignore(self) -> list[str]:
        """The ignore entries that are cfn-lint rule IDs (prefixes)."""
        from cfncheck.rules import find_rule

        return [item for item in self.ignore if find_rule(item) is None]

    # ------------------------------------------------------------------ severities
    def regrade(self, findings: list[Finding]) -> None:
        """Re-grade findings in place. A cfncheck rule may be named by any ID or its catalog name; its finding IDs
        take the new severity's letter (W9C27 becomes E9C27). A cfn-lint ID is a prefix, as in cfn-lint."""
        if not self.severity:
            return
        from cfncheck.rules import find_rule

        ours = {rule.name: Severity.parse(level) for key, level in self.severity.items()
                if (rule := find_rule(key))}
        theirs = {key: Severity.parse(level) for key, level in self.severity.items() if find_rule(key) is None}
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

    def severity_of(self, rule: Rule, severity: Severity) -> Severity:
        """The severity a finding of ``rule`` gets (for suppressions that name the re-graded ID)."""
        from cfncheck.rules import find_rule

        for key, level in self.severity.items():
            found = find_rule(key)
            if found is not None and found.code == rule.code:
                return Severity.parse(level)
        return severity
