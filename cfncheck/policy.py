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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
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
    def of(cls, config: Config | None, ignore: Iterable[str] = ()) -> Policy:
        """The policy of a configuration file (may be None), plus ignores given directly (``--ignore``)."""
        if config is None:
            return cls(tuple(ignore))
        return cls((*config.ignore, *ignore), tuple(config.severity.items()))

    @cached_property
    def _levels(self) -> tuple[dict[str, Severity], dict[str, Severity]]:
        """(cfncheck rule name -> severity, cfn-lint ID prefix -> severity), read once; of two entries for one
        rule (``LB-07`` and ``E9C27``) the later wins, for the report and for suppressions alike."""
        from cfncheck.rules import find_rule

        ours: dict[str, Severity] = {}
        theirs: dict[str, Severity] = {}
        for key, level in self.severities:
            rule = find_rule(key)
            if rule is not None:
                ours[rule.name] = Severity.parse(level)
            else:
                theirs[key] = Severity.parse(level)
        return ours, theirs

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
        ours, theirs = self._levels
        if not ours and not theirs:
            return
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
        return self._levels[0].get(rule.name, severity)
