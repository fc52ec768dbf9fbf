"""Run cfn-lint's own rules over the templates of a run, in-process, and turn its matches into findings.

cfn-lint is imported only here, so ``--no-cfn-lint`` runs (and ``--version``, ``rules``) never pay for it.
Its configuration is the user's (``.cfnlintrc`` in the current directory or home), minus cfncheck's own
adapter rules: cfncheck reports those itself, so they are never printed twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from cfncheck.errors import InputError, display_path
from cfncheck.findings import Finding, Location, Severity
from cfncheck.inputs.cdk_tree import construct_type
from cfncheck.inputs.stack import Stack

_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "informational": Severity.INFO}
GET_STACK_OUTPUT_GAP = ("cfn-lint does not know Fn::GetStackOutput (what the CDK emits for cross-stack "
                        "references with @aws-cdk/core:defaultCrossStackReferences=weak); cfncheck resolves it")


def known_gap(stack: Stack, path: tuple) -> str | None:
    """Why a cfn-lint finding at ``path`` is a known cfn-lint false positive, or None."""
    node: object = stack.template
    for key in path:
        in_dict = isinstance(node, dict) and key in node
        in_list = isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        if not (in_dict or in_list):
            return None
        node = node[key]  # type: ignore[index]
    if isinstance(node, dict) and len(node) == 1 and "Fn::GetStackOutput" in node:
        return GET_STACK_OUTPUT_GAP
    return None


class CfnLint:
    """cfn-lint loaded once per process: its rules and configuration, reused for every template."""

    def __init__(self, ignore: Iterable[str] = (), own_codes: Iterable[str] = ()) -> None:
        from cfnlint.config import ConfigMixIn
        from cfnlint.rules import Rules
        from cfnlint.runner import Runner

        args: list[str] = []
        ignore = list(ignore)
        if ignore:
            args += ["--ignore-checks", *ignore]
        try:
            self.config = ConfigMixIn(args)
            runner = Runner(self.config)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - cfn-lint exits or raises on a bad .cfnlintrc
            text = str(exc).strip().splitlines()
            detail = text[0] if text else type(exc).__name__
            raise InputError(Path(".cfnlintrc"), f"cfn-lint cannot start with this configuration: {detail} "
                             "(fix it, or run with --no-cfn-lint)") from None
        own = set(own_codes)
        self.rules = Rules({rule_id: rule for rule_id, rule in runner.rules.data.items()
                            if not (rule_id[1:] in own or type(rule).__module__.startswith("cfncheck"))})

    def lint(self, stack: Stack) -> list[Finding]:
        from cfnlint.runner.template.runner import run_template_by_file_path

        filename = str(stack.template_path)
        matches = run_template_by_file_path(filename, self.config, self.rules, bool(self.config.ignore_bad_template))
        return [self._finding(stack, m) for m in matches]

    @staticmethod
    def _finding(stack: Stack, match: object) -> Finding:
        rule = match.rule  # type: ignore[attr-defined]
        path = tuple(getattr(match, "path", None) or ())
        resource = str(path[1]) if len(path) >= 2 and path[0] == "Resources" else None
        res = stack.resource(resource) if resource else None
        resource_type = res.get("Type") if res and isinstance(res.get("Type"), str) else None
        severity = _LEVELS.get(getattr(rule, "severity", "error"), Severity.ERROR)
        location = Location(
            stack=stack.name,
            template=display_path(stack.display_file),
            resource=resource,
            resource_type=resource_type,
            path=path,
            line=match.linenumber,  # type: ignore[attr-defined]
            column=match.columnnumber,  # type: ignore[attr-defined]
            construct_path=stack.construct_path(resource) if resource else None,
        )
        location = replace(location, construct_type=construct_type(stack.tree_file, location.construct_path))
        return Finding(rule=rule.id, check=rule.id, severity=severity, message=match.message,  # type: ignore[attr-defined]
                       location=location, fix=None, source="cfn-lint", title=getattr(rule, "shortdesc", None),
                       help_uri=getattr(rule, "source_url", None) or None)


def lint_stacks(stacks: list[Stack], ignore: Iterable[str] = (), own_codes: Iterable[str] = (),
                progress: Callable[[str], None] | None = None) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """cfn-lint's findings for every template of the run (each file once), without duplicates, and the
    findings dropped as known cfn-lint false positives, each with the reason."""
    linter = CfnLint(ignore, own_codes)
    seen_files: set[Path] = set()
    seen: set[tuple] = set()
    out: list[Finding] = []
    dropped: list[tuple[Finding, str]] = []
    for number, stack in enumerate(stacks, start=1):
        if stack.template_path in seen_files:
            continue
        seen_files.add(stack.template_path)
        if progress is not None:
            progress(f"cfn-lint {number}/{len(stacks)}: {stack.name}")
        for f in linter.lint(stack):
            key = (f.rule, f.location.template, f.location.line, f.location.column, f.message)
            if key in seen:
                continue
            seen.add(key)
            reason = known_gap(stack, f.location.path)
            if reason is None:
                out.append(f)
            else:
                dropped.append((f, reason))
    return out, dropped
