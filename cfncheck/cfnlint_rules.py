"""cfncheck's rules as cfn-lint custom rules: ``cfn-lint --append-rules cfncheck.cfnlint_rules -- t.json``.

Thin adapters: one ``CloudFormationLintRule`` class per rule ID (``E9C01``, ``I9C01``, ...), made from the
rule registry. For each template cfn-lint lints, the engine runs once (cached) on:
- the whole cloud assembly, when the template lies in a ``cdk.out`` (a ``manifest.json`` in its folder or
  above), so a service whose deployment group lives in another stack is reported on the file being edited;
- the template alone otherwise (stdin, or a file outside any assembly).
The project's ``[tool.cfncheck]`` / ``.cfncheck.toml`` (found from the template's folder upward, else from the
current directory) applies as in ``cfncheck check``: its ``ignore`` and ``severity``; findings acknowledged in
the CDK app are not reported. An adapter never raises into cfn-lint: if the assembly cannot be read it falls
back to the single template, if the configuration cannot be read it uses none, and if all fails it reports
nothing.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from cfnlint.rules import CloudFormationLintRule, RuleMatch

from cfncheck.config import find_config
from cfncheck.engine import analyse
from cfncheck.findings import Finding
from cfncheck.inputs.assembly import is_assembly_dir, load_assembly
from cfncheck.inputs.positions import Positions
from cfncheck.inputs.stack import Stack
from cfncheck.policy import Policy
from cfncheck.rules import all_rules
from cfncheck.rules.base import Rule

MAX_ASSEMBLY_LEVELS_UP = 4
_cache: dict[tuple[str | None, int], dict[str, list[Finding]]] = {}
_assemblies: dict[tuple[Path, tuple, Policy], dict[Path, list[Finding]]] = {}


def assembly_root(template: Path) -> Path | None:
    """The outermost cloud assembly directory holding ``template`` (Stage assemblies nest inside cdk.out)."""
    found = None
    here = template.parent
    for _ in range(MAX_ASSEMBLY_LEVELS_UP):
        if is_assembly_dir(here):
            found = here
        elif found is not None:
            break
        if here.parent == here:
            break
        here = here.parent
    return found


def policy_for(filename: str | None) -> Policy:
    """The policy of the configuration that applies to a linted file; none when it cannot be read."""
    return _policy_at(Path(filename).resolve().parent if filename else None)


@functools.lru_cache(maxsize=16)
def _policy_at(start: Path | None) -> Policy:
    """Read once per folder: ``cfn-lint -- cdk.out/*.template.json`` asks for every template of one folder."""
    try:
        return Policy.of(find_config(start))
    except Exception:  # noqa: BLE001 - a broken configuration must not break the editor
        return Policy()


def _single(cfn: Any, policy: Policy) -> list[Finding]:
    filename = cfn.filename
    path = Path(filename) if filename else Path("<stdin>")
    stack = Stack(name=path.name.split(".")[0] or "template", template_path=path, template=cfn.template,
                  positions=Positions(), origin=str(path))
    return analyse([stack], policy)


def _assembly_signature(root: Path) -> tuple:
    """What the assembly's analysis depends on: every JSON/YAML file's name, size and modification time
    (asset folders, which hold code, not templates, are skipped)."""
    entries = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("asset."))
        for name in sorted(files):
            if name.endswith((".json", ".yaml", ".yml", ".template")):
                stat = os.stat(os.path.join(folder, name))
                entries.append((folder, name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def _in_assembly(cfn: Any, policy: Policy) -> list[Finding] | None:
    """Findings on this file from an analysis of its whole assembly, done once per assembly state: cfn-lint
    given every template of a cdk.out would otherwise load and analyse the assembly once per template."""
    if not cfn.filename:
        return None
    target = Path(cfn.filename).resolve()
    root = assembly_root(target)
    if root is None:
        return None
    key = (root, _assembly_signature(root), policy)
    by_file = _assemblies.get(key)
    if by_file is None:
        stacks = load_assembly(root, str(root))
        by_file = {s.template_path: [] for s in stacks}
        for f in analyse(stacks, policy):
            by_file.setdefault(Path(f.location.template).resolve(), []).append(f)
        _assemblies.clear()  # one assembly at a time: an editor session must not grow without bound
        _assemblies[key] = by_file
    return by_file.get(target)  # None: a file in the folder that the manifest does not list


def findings_for(cfn: Any) -> dict[str, list[Finding]]:
    """This template's findings by rule ID, computed once per template object."""
    key = (cfn.filename, id(cfn.template))
    hit = _cache.get(key)
    if hit is not None:
        return hit
    try:
        policy = policy_for(cfn.filename)
        try:
            found = _in_assembly(cfn, policy)
        except Exception:  # noqa: BLE001 - a bad sibling must not break the editor: single-template checks
            found = None
        if found is None:
            found = _single(cfn, policy)
    except Exception:  # noqa: BLE001 - never raise into cfn-lint (it would report E0002)
        found = []
    by_rule: dict[str, list[Finding]] = {}
    for f in found:
        if not f.suppressed:  # acknowledged in the CDK app: cfn-lint has no way to show it as such
            by_rule.setdefault(f.rule, []).append(f)
    _cache.clear()  # one template at a time: an editor session must not grow without bound
    _cache[key] = by_rule
    return by_rule


def _adapter(rule: Rule, rule_id: str) -> type[CloudFormationLintRule]:
    def match(self: CloudFormationLintRule, cfn: Any) -> list[RuleMatch]:
        return [RuleMatch(list(f.location.path), f.message) for f in findings_for(cfn).get(self.id, [])]

    first_line = rule.doc.splitlines()[0] if rule.doc else rule.title
    if rule_id not in rule.ids:
        first_line += " (reported at this severity when the configuration re-grades the rule)"
    return type(f"Cfncheck{rule_id}", (CloudFormationLintRule,), {
        "id": rule_id,
        "shortdesc": f"{rule.name}: {rule.title}",
        "description": first_line,
        "source_url": rule.source_url,
        "tags": ["cfncheck", "ecs", "codedeploy", "blue-green"],
        "match": match,
        "__module__": __name__,
        "__doc__": rule.doc,
    })


__all__: list[str] = []
for _rule in all_rules():
    # every letter: a configuration may re-grade a rule to a severity it does not report by itself
    for _rule_id in _rule.reportable_ids:
        _cls = _adapter(_rule, _rule_id)
        globals()[_cls.__name__] = _cls
        __all__.append(_cls.__name__)
del _rule, _rule_id, _cls
