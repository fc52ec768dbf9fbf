"""cfncheck's rules as cfn-lint custom rules: ``cfn-lint --append-rules cfncheck.cfnlint_rules -- t.json``.

Thin adapters: one ``CloudFormationLintRule`` class per rule ID (``E9C01``, ``I9C01``, ...), made from the
rule registry's catalog (kept in the cache, so a lint served from the cache does not import the rules). For
each template cfn-lint lints, the engine runs once (cached in the process, and on disk by content, since an
editor starts cfn-lint anew on every save) on:
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
import gc
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cfnlint.rules import CloudFormationLintRule, RuleMatch

if TYPE_CHECKING:
    from cfncheck.findings import Finding
    from cfncheck.policy import Policy

MAX_ASSEMBLY_LEVELS_UP = 4
# What an adapter reports, per template: (rule ID, path in the template, message)
Match = tuple[str, list, str]
_cache: dict[tuple[str | None, int], dict[str, list[Match]]] = {}
_assemblies: dict[tuple[Path, tuple, Policy], dict[str, list[Match]]] = {}


def assembly_root(template: Path) -> Path | None:
    """The outermost cloud assembly directory holding ``template`` (Stage assemblies nest inside cdk.out)."""
    found = None
    here = template.parent
    for _ in range(MAX_ASSEMBLY_LEVELS_UP):
        if (here / "manifest.json").is_file():  # inputs.assembly.is_assembly_dir, without importing the loader
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
    from cfncheck.config import find_config
    from cfncheck.policy import Policy

    try:
        return Policy.of(find_config(start))
    except Exception:  # noqa: BLE001 - a broken configuration must not break the editor
        return Policy()


def _matches(findings: list[Finding]) -> list[Match]:
    """What cfn-lint is told: findings acknowledged in the CDK app are left out (cfn-lint cannot show them so)."""
    return [(f.rule, list(f.location.path), f.message) for f in findings if not f.suppressed]


def _single(cfn: Any, policy: Policy) -> list[Match]:
    from cfncheck.engine import analyse
    from cfncheck.inputs.positions import Positions
    from cfncheck.inputs.stack import Stack

    filename = cfn.filename
    path = Path(filename) if filename else Path("<stdin>")
    stack = Stack(name=path.name.split(".")[0] or "template", template_path=path, template=cfn.template,
                  positions=Positions(), origin=str(path))
    return _matches(analyse([stack], policy))


def _assembly_files(root: Path) -> list[str]:
    """Every JSON/YAML file of the assembly, relative to ``root``: what its analysis can depend on (asset
    folders, which hold code, not templates, are skipped)."""
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("asset."))
        out.extend(os.path.relpath(os.path.join(folder, name), root) for name in sorted(files)
                   if name.endswith((".json", ".yaml", ".yml", ".template")))
    return out


def _assembly_signature(root: Path, files: list[str]) -> tuple:
    """The files' names, sizes and modification times: within one process, enough to tell the assembly changed."""
    entries = []
    for name in files:
        stat = os.stat(root / name)
        entries.append((name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def _content_key(root: Path, files: list[str], policy: Policy) -> str:
    """The files' content (a digest of each), the policy and cfncheck's code: across processes, the key of the
    assembly's analysis in the on-disk cache."""
    from cfncheck.cache import code_fingerprint, content_digest

    digest = hashlib.sha256(f"{code_fingerprint()}\0{root}\0{policy!r}".encode())
    for name in files:
        digest.update(f"\0{name}\0{content_digest((root / name).read_bytes())}".encode())
    return digest.hexdigest()


def _analyse_assembly(root: Path, policy: Policy, cache_dir: Path) -> dict[str, list[Match]]:
    """The matches of each template file of the assembly (relative to ``root``).

    The assembly's stacks and model hold reference cycles: left to the collector, they would outlive this call
    in its oldest generation, for cfn-lint's later collections to scan and its exit to free (together more than
    the analysis itself on a 160-template assembly). So all of it is made with the collector paused, and once
    nothing refers to it, one collection of the youngest generation, where every object made here still is,
    frees it without scanning cfn-lint's own heap."""
    from cfncheck.engine import no_cycle_collection

    with no_cycle_collection():
        by_file = _assembly_matches(root, policy, cache_dir)
        gc.collect(0)
    return by_file


def _assembly_matches(root: Path, policy: Policy, cache_dir: Path) -> dict[str, list[Match]]:
    from cfncheck.engine import analyse
    from cfncheck.inputs.assembly import load_assembly
    from cfncheck.inputs.documents import verified_content

    with verified_content(cache_dir):
        stacks = load_assembly(root, str(root))
    found_by_file: dict[str, list[Finding]] = {str(s.template_path.relative_to(root)): [] for s in stacks}
    for f in analyse(stacks, policy):
        found_by_file.setdefault(os.path.relpath(Path(f.location.template).resolve(), root), []).append(f)
    return {name: _matches(found) for name, found in found_by_file.items()}


def _in_assembly(cfn: Any, policy: Policy) -> list[Match] | None:
    """This file's matches from an analysis of its whole assembly, done once per assembly state: cfn-lint given
    every template of a cdk.out would otherwise load and analyse the assembly once per template, and an editor,
    which starts cfn-lint anew on every save, would analyse the unchanged siblings each time. Within a process
    the state is told by the files' sizes and times; across processes by their content, in the on-disk cache
    (``$XDG_CACHE_HOME/cfncheck``), which also keeps what each sibling's content was verified to be."""
    from cfncheck.cache import Cache, default_cache_dir

    if not cfn.filename:
        return None
    target = Path(cfn.filename).resolve()
    root = assembly_root(target)
    if root is None:
        return None
    files = _assembly_files(root)
    key = (root, _assembly_signature(root, files), policy)
    by_file = _assemblies.get(key)
    if by_file is None:
        cache_dir = default_cache_dir()
        disk = Cache(cache_dir, "adapter")
        content_key = _content_key(root, files, policy)
        stored = disk.get(content_key)
        if isinstance(stored, dict):  # JSON gives lists: back to the matches a fresh analysis gives
            by_file = {name: [(m[0], m[1], m[2]) for m in found] for name, found in stored.items()}
        else:
            by_file = _analyse_assembly(root, policy, cache_dir)
            disk.put(content_key, by_file)
        _assemblies.clear()  # one assembly at a time: an editor session must not grow without bound
        _assemblies[key] = by_file
    return by_file.get(os.path.relpath(target, root))  # None: a file in the folder that the manifest does not list


def findings_for(cfn: Any) -> dict[str, list[Match]]:
    """This template's matches by rule ID, computed once per template object."""
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
    by_rule: dict[str, list[Match]] = {}
    for match in found:
        by_rule.setdefault(match[0], []).append(match)
    _cache.clear()  # one template at a time: an editor session must not grow without bound
    _cache[key] = by_rule
    return by_rule


CATALOG_KEYS = ("name", "title", "doc", "source_url", "ids", "reportable_ids")


def catalog() -> list[dict[str, Any]]:
    """What the adapter classes are made of, one entry per rule: read from the cache when this code wrote it
    before, so that a lint served from the cache imports neither the rules nor the model."""
    from cfncheck.cache import Cache, code_fingerprint, default_cache_dir

    cache = Cache(default_cache_dir(), "adapter-catalog")
    key = code_fingerprint()
    stored = cache.get(key)
    if isinstance(stored, list) and stored and all(
            isinstance(entry, dict) and all(k in entry for k in CATALOG_KEYS) for entry in stored):
        return stored
    from cfncheck.rules import all_rules

    made = [{"name": r.name, "title": r.title, "doc": r.doc, "source_url": r.source_url, "ids": list(r.ids),
             "reportable_ids": list(r.reportable_ids)} for r in all_rules()]
    cache.put(key, made)
    return made


def _adapter(rule: dict[str, Any], rule_id: str) -> type[CloudFormationLintRule]:
    def match(self: CloudFormationLintRule, cfn: Any) -> list[RuleMatch]:
        return [RuleMatch(list(path), message) for _, path, message in findings_for(cfn).get(self.id, [])]

    doc = rule["doc"]
    first_line = doc.splitlines()[0] if doc else rule["title"]
    if rule_id not in rule["ids"]:
        first_line += " (reported at this severity when the configuration re-grades the rule)"
    return type(f"Cfncheck{rule_id}", (CloudFormationLintRule,), {
        "id": rule_id,
        "shortdesc": f"{rule['name']}: {rule['title']}",
        "description": first_line,
        "source_url": rule["source_url"],
        "tags": ["cfncheck", "ecs", "codedeploy", "blue-green"],
        "match": match,
        "__module__": __name__,
        "__doc__": doc,
    })


__all__: list[str] = []
for _rule in catalog():
    # every letter: a configuration may re-grade a rule to a severity it does not report by itself
    for _rule_id in _rule["reportable_ids"]:
        _cls = _adapter(_rule, _rule_id)
        globals()[_cls.__name__] = _cls
        __all__.append(_cls.__name__)
del _rule, _rule_id, _cls
