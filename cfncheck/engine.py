"""The one engine every front door calls: a :class:`Request` in, a :class:`Result` out.

inputs -> template layer -> blue/green model -> rules -> findings; then the run's :class:`~cfncheck.policy.Policy`
(ignores, severities, template suppressions, CDK acknowledgements) is applied here, and only here, so
``cfncheck check``, ``cfncheck graph``, the cfn-lint adapters and the CDK plugin report the same findings.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from cfncheck.errors import InputError, display_path
from cfncheck.findings import Finding, Location, Severity
from cfncheck.inputs.cdk_tree import construct_type
from cfncheck.inputs.documents import shared_documents, verified_content
from cfncheck.inputs.files import load_inputs
from cfncheck.inputs.stack import Stack
from cfncheck.model import Model
from cfncheck.policy import Policy
from cfncheck.rules import all_rules
from cfncheck.rules.base import Rule, Violation
from cfncheck.suppress import acknowledgement, is_suppressed
from cfncheck.template.values import Conds, Where, describe

DEFAULT_POLICY = Policy()


@dataclass
class Request:
    """What to check and how: the front doors build one."""

    paths: Sequence[Path]
    policy: Policy = DEFAULT_POLICY
    cfn_lint: bool = False  # also run cfn-lint's own rules, in the same pass
    skip_non_templates: bool = False
    rules: Sequence[Rule] | None = None  # a subset of cfncheck's rules (before the policy's ignores)
    progress: Callable[[str], None] | None = None
    jobs: int = 1
    cache_dir: Path | None = None
    previous: Sequence[Path] | None = None  # what is deployed: the update from it to ``paths`` is checked too
    keep_model: bool = True  # False: the model is freed once the own pass is done (before cfn-lint forks)


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    stacks: list[Stack] = field(default_factory=list)
    dropped: list[tuple[Finding, str]] = field(default_factory=list)  # known cfn-lint false positives
    notes: list[str] = field(default_factory=list)  # not errors, but worth telling (what was not checked)
    model: Model | None = None  # the blue/green model the findings come from (None unless Request.keep_model)


def run(request: Request) -> Result:
    """Load the paths, run cfncheck's rules and, with ``cfn_lint``, cfn-lint's own rules; apply the policy."""
    policy = request.policy
    with (no_cycle_collection(), verified_content(request.cache_dir),
          shared_documents() if request.previous is not None else nullcontext()):
        loaded = load_inputs(list(request.paths), request.skip_non_templates)
        previous = None
        if request.previous is not None:
            deployed = load_inputs(list(request.previous), request.skip_non_templates)
            loaded.errors.extend(deployed.errors)
            previous = deployed.stacks
    model: Model | None
    model, findings = _own_pass(loaded.stacks, policy, request.rules, previous)
    if not request.keep_model:
        model = None  # its reference cycles go with the collection before cfn-lint's workers fork
    dropped: list[tuple[Finding, str]] = []
    if request.cfn_lint and loaded.stacks:
        from cfncheck.cfnlint_run import lint_stacks

        own = [rule.code for rule in all_rules()]
        try:
            linted, dropped = lint_stacks(loaded.stacks, policy.lint_ignore, own, request.progress, request.jobs,
                                          request.cache_dir)
        except InputError as exc:  # cfn-lint's own configuration is broken: cfncheck's findings still count
            loaded.errors.append(exc)
        else:
            findings = findings + linted
    findings = finish(findings, loaded.stacks, policy)
    notes = sorted(loaded.notes) + no_source_lines(findings, loaded.stacks)
    return Result(findings, sorted(loaded.errors, key=str), loaded.stacks, dropped, notes, model)


def check_paths(paths: Sequence[Path], rules: Iterable[Rule] | None = None,
                policy: Policy = DEFAULT_POLICY, previous: Sequence[Path] | None = None) -> Result:
    """cfncheck's own rules (or ``rules``) on ``paths``, without cfn-lint: :func:`run` for tests and scripts."""
    return run(Request(list(paths), policy, rules=list(rules) if rules is not None else None,
                       previous=list(previous) if previous is not None else None))


def analyse(stacks: list[Stack], policy: Policy = DEFAULT_POLICY) -> list[Finding]:
    """cfncheck's own findings on ``stacks`` with the policy applied (for front doors that load stacks
    themselves, such as the cfn-lint adapters)."""
    return finish(_own_pass(stacks, policy)[1], stacks, policy)


def _own_pass(stacks: list[Stack], policy: Policy, rules: Sequence[Rule] | None = None,
              previous: list[Stack] | None = None) -> tuple[Model, list[Finding]]:
    with no_cycle_collection():
        model = Model(stacks, previous=previous)
        return model, own_findings(model, policy, rules)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the own pass, and restore it after.

    Loading and modelling make millions of objects and almost no reference cycles (42 left for the collector
    after the large benchmark): the collector would scan the growing heap again and again to free nothing,
    about a third of the pass. Memory is freed by reference counting as before; cfn-lint's rules, which run
    outside this block, keep the collector.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def finish(findings: list[Finding], stacks: list[Stack], policy: Policy) -> list[Finding]:
    """Re-grade, mark what the CDK app acknowledged (it stays in the report but does not count), and sort."""
    policy.regrade(findings)
    by_file = {display_path(s.display_file): s for s in stacks}
    for f in findings:
        stack = by_file.get(f.location.template)
        if stack is not None:
            f.suppressed = acknowledgement(f, stack)
    return sorted(findings, key=Finding.sort_key)


def no_source_lines(findings: list[Finding], stacks: list[Stack]) -> list[str]:
    """One note for the run when findings about resources of a cloud assembly have no source line because the
    assembly records no frame of the app's code at all (a construct of an assembly that has frames elsewhere
    just has none of its own: no note)."""
    by_file = {display_path(s.display_file): s for s in stacks}
    seen: set[int] = set()
    assemblies: list[str] = []
    for f in findings:
        loc = f.location
        if f.suppressed or loc.resource is None or loc.construct_location is not None:
            continue
        stack = by_file.get(loc.template)
        sources = stack.sources if stack is not None else None
        if sources is None or id(sources) in seen:
            continue
        seen.add(id(sources))
        if not sources.has_user_frames and (shown := display_path(sources.assembly)) not in assemblies:
            assemblies.append(shown)
    if not assemblies:
        return []
    return [f"no CDK source lines: the construct creation stacks in {', '.join(assemblies)} have no frame of the "
            "app's code. Synthesize a Python app with JSII_HOST_STACK_TRACES=1 (jsii 1.137 or later), and in any "
            "language without the context key aws:cdk:disable-creation-stack-traces, to see the line of your code "
            "under each finding"]


def own_findings(model: Model, policy: Policy, rules: Sequence[Rule] | None = None) -> list[Finding]:
    """Every rule's violations as findings: impossible Fn::If combinations and template suppressions left out,
    the same finding on several branches reported once."""
    grouped: dict[tuple, tuple[Rule, Violation, list[Conds]]] = {}
    for rule in policy.rules(rules):
        for v in rule.check(model):
            if not model.satisfiable(v.conds):
                continue  # a combination of Fn::If choices that cannot happen
            ids = {rule.id_for(v.severity), rule.id_for(policy.severity_of(rule, v.severity))}
            # a template section outside Resources: template-level ignores only
            if any(is_suppressed(i, v.where.stack, v.where.logical_id) for i in ids):
                continue
            key = (rule.code, v.severity, id(v.where.stack), v.where.path, v.message)
            if key in grouped:
                grouped[key][2].append(v.conds)
            else:
                grouped[key] = (rule, v, [v.conds])
    return [_finding(rule, v, conds) for rule, v, conds in grouped.values()]


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
        construct_location=stack.source_line(construct_path),
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
        fix=(v.fix or rule.fix) if v.severity > Severity.INFO else None,
        fix_typescript=(v.fix_typescript if v.fix else rule.fix_typescript) if v.severity > Severity.INFO else None,
        language=v.where.stack.app_language,
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
