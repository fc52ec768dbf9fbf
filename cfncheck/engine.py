"""The one engine both front doors call: stacks -> model -> rules -> findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cfncheck.errors import InputError, display_path
from cfncheck.findings import Finding, Location, Severity
from cfncheck.inputs.cdk_tree import construct_type
from cfncheck.inputs.files import load_inputs
from cfncheck.inputs.stack import Stack
from cfncheck.model import Model
from cfncheck.rules import all_rules
from cfncheck.rules.base import Rule, Violation
from cfncheck.suppress import acknowledgement, is_suppressed
from cfncheck.template.values import Conds, Where, describe


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    stacks: list[Stack] = field(default_factory=list)
    dropped: list[tuple[Finding, str]] = field(default_factory=list)  # known cfn-lint false positives
    notes: list[str] = field(default_factory=list)  # not errors, but worth telling (what was not checked)


def check_paths(paths: Sequence[Path], rules: Iterable[Rule] | None = None, cfn_lint: bool = False,
                cfn_lint_ignore: Sequence[str] = (), skip_non_templates: bool = False,
                progress: Callable[[str], None] | None = None, jobs: int = 1, cache_dir: Path | None = None) -> Result:
    """Load ``paths``, run cfncheck's rules and, with ``cfn_lint``, cfn-lint's own rules in the same pass."""
    loaded = load_inputs(list(paths), skip_non_templates)
    findings = analyse(loaded.stacks, rules)
    dropped: list[tuple[Finding, str]] = []
    if cfn_lint and loaded.stacks:
        from cfncheck.cfnlint_run import lint_stacks

        own = [rule.code for rule in all_rules()]
        try:
            linted, dropped = lint_stacks(loaded.stacks, cfn_lint_ignore, own, progress, jobs, cache_dir)
        except InputError as exc:  # cfn-lint's own configuration is broken: cfncheck's findings still count
            loaded.errors.append(exc)
        else:
            findings = sorted(findings + linted, key=Finding.sort_key)
    _acknowledge(findings, loaded.stacks)
    errors = sorted(loaded.errors, key=str)
    return Result(findings, errors, loaded.stacks, dropped, sorted(loaded.notes))


def _acknowledge(findings: list[Finding], stacks: list[Stack]) -> None:
    """Mark findings the CDK app acknowledged; they stay in the report but do not count."""
    by_file = {display_path(s.display_file): s for s in stacks}
    for f in findings:
        stack = by_file.get(f.location.template)
        if stack is not None:
            f.suppressed = acknowledgement(f, stack)


def analyse(stacks: list[Stack], rules: Iterable[Rule] | None = None, model: Model | None = None) -> list[Finding]:
    model = model or Model(stacks)
    legacy = None
    grouped: dict[tuple, tuple[Rule, Violation, list[Conds]]] = {}
    for rule in rules if rules is not None else all_rules():
        if type(rule).__module__.count(".") == 2:  # a rule not yet on the new model
            if legacy is None:
                from cfncheck.model.legacy import Model as LegacyModel

                legacy = LegacyModel(stacks, model.t)
            found = [_from_legacy(v) for v in rule.check(legacy)]  # type: ignore[arg-type]
        else:
            found = list(rule.check(model))
        for v in found:
            if not model.satisfiable(v.conds):
                continue  # a combination of Fn::If choices that cannot happen
            # template sections: template-level ignores only
            if is_suppressed(rule.id_for(v.severity), v.where.stack, v.where.logical_id):
                continue
            key = (rule.code, v.severity, id(v.where.stack), v.where.path, v.message)
            if key in grouped:
                grouped[key][2].append(v.conds)
            else:
                grouped[key] = (rule, v, [v.conds])
    findings = [_finding(rule, v, conds) for rule, v, conds in grouped.values()]
    return sorted(findings, key=Finding.sort_key)


def _from_legacy(v: object) -> Violation:
    node, path, root = v.node, v.path, v.root  # type: ignore[attr-defined]
    where = Where(node.stack, tuple(root)) if root is not None else node.at(*path)
    return Violation(v.severity, where, v.message, [n.at(*p) for n, p in v.related], v.conds)  # type: ignore[attr-defined]


def location(where: Where) -> Location:
    stack = where.stack
    line, column = stack.positions.lookup(where.path)
    logical_id = where.logical_id
    if logical_id is None:  # a template section outside Resources: no resource
        return Location(stack=stack.name, template=display_path(stack.display_file), resource=None,
                        resource_type=None, path=tuple(where.path), line=line, column=column)
    construct_path = stack.construct_path(logical_id)
    res = stack.resource(logical_id) or {}
    rtype = res.get("Type")
    return Location(
        stack=stack.name,
        template=display_path(stack.display_file),
        resource=logical_id,
        resource_type=rtype if isinstance(rtype, str) and rtype else None,
        path=tuple(where.path),
        line=line,
        column=column,
        construct_path=construct_path,
        construct_type=construct_type(stack.tree_file, construct_path),
    )


def _finding(rule: Rule, v: Violation, conds_list: list[Conds]) -> Finding:
    message = v.message
    when = _simplify(conds_list)
    if when:
        message = f"{message} ({'; or '.join(describe(c, v.where.stack.name) for c in when)})"
    return Finding(
        rule=rule.id_for(v.severity),
        check=rule.name,
        severity=v.severity,
        message=message,
        location=location(v.where),
        related=[location(where) for where in v.related],
        fix=rule.fix if v.severity > Severity.INFO else None,
        title=rule.title,
        help_uri=rule.source_url,
    )


def _simplify(conds_list: list[Conds]) -> list[Conds]:
    """The condition choices under which a finding holds, merged; [] means on every branch."""
    sets = {frozenset(c) for c in conds_list}
    changed = True
    while changed:
        if frozenset() in sets:
            return []
        changed = False
        items = sorted(sets, key=lambda s: sorted(s))
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                diff = a ^ b
                if len(a) == len(b) and len(diff) == 2:
                    x, y = sorted(diff)
                    if x[:2] == y[:2]:  # same condition, opposite choices
                        sets -= {a, b}
                        sets.add(a & b)
                        changed = True
                        break
            if changed:
                break
        # a set that contains another is redundant
        sets = {s for s in sets if not any(o < s for o in sets)}
    return sorted(sets, key=lambda s: sorted(s))
