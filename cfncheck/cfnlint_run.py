"""Run cfn-lint's own rules over the templates of a run and turn its matches into findings.

cfn-lint is imported only here (and only when a template is not in the cache), so ``--no-cfn-lint`` runs,
``--version`` and ``rules`` never pay for it. Its configuration is the user's (``.cfnlintrc`` in the current
directory or home), minus cfncheck's own adapter rules: cfncheck reports those itself.

Templates are linted in ``--jobs`` forked worker processes: cfn-lint and the resource schemas the run needs
are loaded once, before the fork, so the workers share them. Workers take the biggest templates first;
results are put back in template order, so the output does not depend on the job count. Results
are cached per template, keyed by the template's bytes and path, the cfncheck and cfn-lint versions and the
effective configuration; the cache lives outside the checked paths (``--cache-dir``, default the user's
cache directory). Cross-stack checks never come from the cache: only cfn-lint's per-template results do.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from cfncheck.cache import Cache, code_fingerprint
from cfncheck.cfnlint_cdk import dropped_reason, with_cdk_fix
from cfncheck.errors import InputError, display_path
from cfncheck.findings import Finding, Location, Severity
from cfncheck.inputs.cdk_tree import construct_type
from cfncheck.inputs.stack import Stack

_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "informational": Severity.INFO}
GAP = "cfn-lint gap"  # the short label of a reason; the detail follows " — "
GET_STACK_OUTPUT_GAP = (f"{GAP} — cfn-lint does not know Fn::GetStackOutput (what the CDK emits for cross-stack "
                        "references with @aws-cdk/core:defaultCrossStackReferences=weak); cfncheck resolves it")
HOOKS_GAP = (f"{GAP} — cfn-lint's template schema has no top-level Hooks section, which the "
             "AWS::CodeDeployBlueGreen transform requires (the CloudFormation blue/green hook); "
             "cfncheck checks that section itself")
REPEAT = ("repeat — another reference enforces the same DependsOn entry: cfn-lint reports each one, "
          "cfncheck shows the first")
RC_FILES = (".cfnlintrc", ".cfnlintrc.yaml", ".cfnlintrc.yml")

# A raw match, as it crosses process boundaries and sits in the cache:
# [rule id, severity, message, line, column, path, short description, source url]
Raw = list


def known_gap(stack: Stack, path: tuple) -> str | None:
    """Why a cfn-lint finding at ``path`` is a known cfn-lint false positive, or None."""
    if tuple(path) == ("Hooks",) and _has_blue_green_transform(stack.template):
        return HOOKS_GAP
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


def _has_blue_green_transform(template: dict) -> bool:
    transform = template.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    return "AWS::CodeDeployBlueGreen" in names


class CfnLint:
    """cfn-lint loaded once per process: its rules and configuration, reused for every template."""

    def __init__(self, ignore: Iterable[str] = (), own_codes: Iterable[str] = ()) -> None:
        from cfnlint.config import ConfigMixIn
        from cfnlint.rules import Rules
        from cfnlint.runner import Runner

        try:
            self.config = ConfigMixIn(_args(ignore))
            runner = Runner(self.config)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - cfn-lint exits or raises on a bad .cfnlintrc
            text = str(exc).strip().splitlines()
            detail = text[0] if text else type(exc).__name__
            raise InputError(Path(".cfnlintrc"), f"cfn-lint cannot start with this configuration: {detail} "
                             "(fix it, or run with --no-cfn-lint)") from None
        own = set(own_codes)
        self.rules = Rules({rule_id: rule for rule_id, rule in runner.rules.data.items()
                            if not (rule_id[1:] in own or type(rule).__module__.startswith("cfncheck"))})

    def preload(self, resource_types: Iterable[str]) -> None:
        """Load the resource schemas a run needs now, in this process, so forked workers share them."""
        from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

        for region in self.config.regions:
            for resource_type in sorted(set(resource_types)):
                with contextlib.suppress(Exception):  # an unknown type is cfn-lint's to report, later
                    PROVIDER_SCHEMA_MANAGER.get_resource_schema(region, resource_type)

    def lint(self, filename: str) -> list[Raw]:
        from cfnlint.runner.template.runner import run_template_by_file_path

        matches = run_template_by_file_path(filename, self.config, self.rules, bool(self.config.ignore_bad_template))
        return [_raw(m) for m in matches]


def _args(ignore: Iterable[str]) -> list[str]:
    ignore = list(ignore)
    return ["--ignore-checks", *ignore] if ignore else []


def _plain(value: Any) -> Any:
    """cfn-lint's decoded nodes (str/int subclasses) as plain values, so they pickle and serialise."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    return "".join(str(value))


def _raw(match: Any) -> Raw:
    rule = match.rule
    path = [_plain(p) for p in (getattr(match, "path", None) or ())]
    return [_plain(rule.id), _plain(getattr(rule, "severity", "error")), _plain(match.message),
            int(match.linenumber), int(match.columnnumber), path, _plain(getattr(rule, "shortdesc", None)),
            _plain(getattr(rule, "source_url", None) or None)]


def _finding(stack: Stack, raw: Raw) -> Finding:
    rule_id, severity, message, line, column, path, shortdesc, source_url = raw
    path = tuple(path)
    resource = str(path[1]) if len(path) >= 2 and path[0] == "Resources" else None
    res = stack.resource(resource) if resource else None
    resource_type = res.get("Type") if res and isinstance(res.get("Type"), str) else None
    construct_path = stack.construct_path(resource) if resource else None
    location = Location(
        stack=stack.name,
        template=display_path(stack.display_file),
        resource=resource,
        resource_type=resource_type,
        path=path,
        line=line,
        column=column,
        construct_path=construct_path,
        construct_type=construct_type(stack.tree_file, construct_path),
        construct_location=stack.source_line(construct_path),
    )
    return Finding(rule=rule_id, check=rule_id, severity=_LEVELS.get(severity, Severity.ERROR), message=message,
                   location=location, fix=None, source="cfn-lint", title=shortdesc, help_uri=source_url,
                   language=stack.app_language)


# ---------------------------------------------------------------------- worker processes
# The parent loads cfn-lint once, then forks the workers: they inherit the loaded rules (no second start-up)
# and share the parent's memory pages until they write to them. The parent is one of the ``jobs`` linters.
_WORKER: CfnLint | None = None
WORKER_MEMORY = 256 * 2**20  # what one more linting process may take (measured: ~30 MiB private, ~80 MiB PSS)


def jobs_for_memory(jobs: int) -> int:
    """``jobs``, fewer when the machine's available memory cannot hold that many linting processes."""
    try:
        with open("/proc/meminfo") as handle:
            available = next(int(line.split()[1]) * 1024 for line in handle if line.startswith("MemAvailable:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return jobs
    return max(1, min(jobs, available // WORKER_MEMORY))


def _lint_all(filenames: list[str], jobs: int) -> list[list[Raw]]:
    """Lint in ``jobs`` processes, the parent and ``jobs - 1`` forked children, each taking the next file as it
    finishes, biggest files first; results are put back in file order.

    The parent lints too instead of waiting on a pool: every process that lints writes to (and so un-shares)
    the pages of cfn-lint's objects it touches, and a waiting parent's pages were un-shared by each worker for
    nothing. (Measured on 100 stacks, 2 jobs: 241 MiB with a pool of two, summed over the processes.) A fixed
    share per process would lose more time to uneven shares than it saves.
    """
    assert _WORKER is not None
    import multiprocessing

    jobs = min(jobs, len(filenames))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():  # no fork (Windows): one process
        return [_WORKER.lint(name) for name in filenames]

    context = multiprocessing.get_context("fork")
    order = sorted(range(len(filenames)), key=lambda i: -_size(Path(filenames[i])))
    results: list[list[Raw] | None] = [None] * len(filenames)
    taken = context.Value("l", 0)  # the next position in ``order``, with its lock

    def take() -> int | None:
        with taken.get_lock():
            position = taken.value
            taken.value += 1
        return order[position] if position < len(order) else None

    # What the parent has loaded (cfn-lint, its rules and schemas) goes to the collector's permanent generation
    # before the fork, so that the children's collections do not write to those objects' pages and un-share them.
    gc.collect()
    gc.freeze()
    children: list[tuple[Any, Any]] = []
    try:
        for _ in range(jobs - 1):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(take, filenames, send), daemon=True)
            child.start()
            send.close()
            children.append((child, receive))
        while (i := take()) is not None:
            results[i] = _WORKER.lint(filenames[i])
        for child, receive in children:
            for i, raws in _receive(child, receive).items():
                results[i] = raws
    finally:
        gc.unfreeze()
        for child, receive in children:
            receive.close()
            if child.is_alive():
                child.terminate()
            child.join()
    return results  # type: ignore[return-value]  # every position was taken by a process that sent its result


def _child(take: Callable[[], int | None], filenames: list[str], send: Any) -> None:
    """A forked linter: lint until the work runs out, then send every result (or the error) to the parent."""
    assert _WORKER is not None
    done: dict[int, list[Raw]] = {}
    try:
        while (i := take()) is not None:
            done[i] = _WORKER.lint(filenames[i])
        send.send(("ok", done))
    except BaseException as exc:  # noqa: BLE001 - the parent reports it
        send.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def _receive(child: Any, receive: Any) -> dict[int, list[Raw]]:
    while not receive.poll(0.5):
        if not child.is_alive() and not receive.poll(0):
            raise RuntimeError(f"a cfn-lint worker process ended without its results (exit code {child.exitcode})")
    try:
        status, payload = receive.recv()
    except EOFError:
        raise RuntimeError("a cfn-lint worker process ended without its results") from None
    if status != "ok":
        raise RuntimeError(f"cfn-lint failed in a worker process: {payload}")
    return payload


# ---------------------------------------------------------------------- cache
def _config_key(ignore: Sequence[str]) -> str:
    """Everything outside the template that changes cfn-lint's answer."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        lint_version = version("cfn-lint")
    except PackageNotFoundError:
        lint_version = "?"
    parts = [code_fingerprint(), lint_version, json.dumps(_args(ignore))]
    for folder in (Path.cwd(), Path.home()):
        for name in RC_FILES:
            rc = folder / name
            parts.append(rc.read_text(encoding="utf-8", errors="replace") if rc.is_file() else "")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _template_key(config_key: str, stack: Stack) -> str | None:
    try:
        data = stack.template_path.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(f"{config_key}\0{stack.template_path}\0".encode() + data).hexdigest()


# ---------------------------------------------------------------------- the run
def lint_stacks(stacks: list[Stack], ignore: Iterable[str] = (), own_codes: Iterable[str] = (),
                progress: Callable[[str], None] | None = None, jobs: int = 1,
                cache_dir: Path | None = None) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """cfn-lint's findings for every template of the run (each file once), without duplicates, and the
    findings dropped, each with the reason: known cfn-lint false positives, and what the CDK's synthesis writes
    that is harmless and out of the user's reach (:mod:`cfncheck.cfnlint_cdk`)."""
    ignore, own = list(ignore), list(own_codes)
    unique: list[Stack] = []
    seen_files: set[Path] = set()
    for stack in stacks:
        if stack.template_path not in seen_files:
            seen_files.add(stack.template_path)
            unique.append(stack)
    cache = Cache(cache_dir, "cfn-lint")
    config_key = _config_key(ignore) if cache.directory is not None else ""
    keys = [_template_key(config_key, s) if cache.directory is not None else None for s in unique]
    results: list[list[Raw] | None] = [cache.get(k) for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    if todo:
        filenames = [str(unique[i].template_path) for i in todo]
        if progress is not None:
            progress(f"cfn-lint: {len(todo)} of {len(unique)} template(s) ({len(unique) - len(todo)} cached)")
        global _WORKER
        _WORKER = CfnLint(ignore, own)  # also fails fast, here, on a configuration cfn-lint rejects
        try:
            if jobs > 1 and len(todo) > 1:
                _WORKER.preload(res.get("Type") for i in todo for res in unique[i].resources.values()
                                if isinstance(res, dict) and isinstance(res.get("Type"), str))
            linted = _lint_all(filenames, jobs_for_memory(jobs))
        finally:
            _WORKER = None
        for i, raws in zip(todo, linted, strict=True):
            results[i] = raws
            cache.put(keys[i], raws)
    seen: set[tuple] = set()
    out: list[Finding] = []
    dropped: list[tuple[Finding, str]] = []
    kept_entries: set[tuple] = set()
    for stack, raws in zip(unique, results, strict=True):
        for raw in raws or []:
            f = _finding(stack, raw)
            key = (f.rule, f.location.template, f.location.line, f.location.column, f.message)
            if key in seen:
                continue
            seen.add(key)
            reason = known_gap(stack, f.location.path) or dropped_reason(stack, f)
            entry = (f.location.template, f.location.path)
            if reason is None and f.rule == "W3005" and entry in kept_entries:
                reason = REPEAT
            if reason is None:
                kept_entries.add(entry)
                out.append(with_cdk_fix(stack, f))
            else:
                dropped.append((f, reason))
    return out, dropped
