"""Front door: arguments -> engine -> reporters; exit codes 0 (clean), 1 (findings at --fail-on), 2 (input error)."""

from __future__ import annotations

import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from cfncheck import __version__
from cfncheck.config import Config, check_format, check_rule_id, find_config
from cfncheck.policy import Policy

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Catch ECS blue/green (CodeDeploy) wiring mistakes in synthesized CloudFormation.")


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cfncheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """cfncheck: cross-stack checks for ECS blue/green deployments, before `cdk deploy`."""


@app.command()
def check(
    paths: Optional[list[Path]] = typer.Argument(  # noqa: UP007, UP045 - typer needs Optional here
        None, help="cdk.out directories, manifest.json files, templates or directories of templates "
                   "[default: the config file's paths, else ./cdk.out]", show_default=False),
    previous: Optional[list[Path]] = typer.Option(  # noqa: UP007, UP045
        None, "--previous", "-p",
        help="What is deployed (a cdk.out, manifest.json, templates, or templates saved with `aws cloudformation "
             "get-template`): also check whether the update from it fails or deletes data. Repeatable "
             "[default: the config file's previous]"),
    fmt: Optional[list[str]] = typer.Option(  # noqa: UP007, UP045
        None, "--format", "-f",
        help="text, json, sarif, junit or github; FORMAT:FILE writes that format to FILE. Repeatable: "
             "--format text --format sarif:cfncheck.sarif [default: text]"),
    output: Optional[Path] = typer.Option(None, "--output", "-o",  # noqa: UP007, UP045
                                          help="Write the report (the format without :FILE) to FILE."),
    fail_on: Optional[FailOn] = typer.Option(  # noqa: UP007, UP045
        None, "--fail-on", help="Lowest severity that makes the exit code 1 [default: error]"),
    ignore: Optional[list[str]] = typer.Option(  # noqa: UP007, UP045
        None, "--ignore", "-i",
        help="Rule to skip: a cfncheck rule (E9C01, 9C01 or CTRL-01) or a cfn-lint rule ID prefix (E3002, W3); "
             "repeatable."),
    cfn_lint: Optional[bool] = typer.Option(  # noqa: UP007, UP045
        None, "--cfn-lint/--no-cfn-lint",
        help="Also run cfn-lint's own rules over every template, in the same pass [default: on]"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress messages on a terminal."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,  # noqa: UP007, UP045
                                       help="Worker processes for cfn-lint's rules [default: the number of cores]"),
    cache_dir: Optional[Path] = typer.Option(  # noqa: UP007, UP045
        None, "--cache-dir", help="Where cfn-lint results are cached [default: $XDG_CACHE_HOME/cfncheck]"),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cfn-lint cache."),
    skip_non_templates: bool = typer.Option(
        False, "--skip-non-templates",
        help="Skip given JSON/YAML files that are not CloudFormation templates (for pre-commit's file lists)."),
    config_file: bool = typer.Option(True, "--config/--no-config",
                                     help="Read [tool.cfncheck] (pyproject.toml) or .cfncheck.toml."),
    show_dropped: bool = typer.Option(
        False, "--show-dropped",
        help="Text output: also list the cfn-lint findings not shown (CDK-generated, known false positives) and "
             "the acknowledged ones, each with why (JSON always carries them)."),
) -> None:
    """Check cloud assemblies and templates; print findings."""
    from cfncheck.engine import Request, run
    from cfncheck.errors import InputError
    from cfncheck.findings import Severity
    from cfncheck.report import render

    try:
        config = _config(config_file)
        outputs = [check_format(spec, None, "--format") for spec in (fmt or config.formats or ["text"])]
        for item in ignore or []:
            check_rule_id(item, None, "--ignore")
    except InputError as exc:
        _fail(str(exc))
    to_stdout = [name for name, target in outputs if target is None]
    if len(to_stdout) > 1:
        _fail(f"--format: only one format can go to standard output ({', '.join(to_stdout)}); give the others :FILE")
    targets = list(paths) if paths else (config.paths or [Path("cdk.out")])
    deployed = list(previous) if previous else (config.previous or None)
    use_cfn_lint = cfn_lint if cfn_lint is not None else (config.cfn_lint if config.cfn_lint is not None else True)
    progress = Progress(enabled=not quiet)
    from cfncheck.cache import default_cache_dir

    cache = None if no_cache else (cache_dir or default_cache_dir())
    if cache is not None:
        resolved = cache.resolve()
        for target in [*targets, *(deployed or [])]:
            root = target.resolve()
            if target.is_dir() and (resolved == root or root in resolved.parents):
                _fail(f"--cache-dir {cache} lies inside {target}, which is being checked; cfncheck never writes "
                      "there (choose another folder, or --no-cache)")
    try:
        progress.say(f"checking {len(targets)} path(s){' with cfn-lint' if use_cfn_lint else ''}...")
        result = run(Request(targets, Policy.of(config, ignore or ()), cfn_lint=use_cfn_lint, keep_model=False,
                             skip_non_templates=skip_non_templates, progress=progress.say,
                             jobs=jobs or os.cpu_count() or 1, cache_dir=cache, previous=deployed))
    except Exception as exc:  # noqa: BLE001 - a bug must still not print a traceback in CI logs
        if os.environ.get("CFNCHECK_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set CFNCHECK_DEBUG=1 for a traceback)")
    finally:
        progress.clear()
    errors = [str(e) for e in result.errors]
    for line in errors:
        typer.echo(f"cfncheck: error: {line}", err=True)
    for name, target in outputs:
        report = render(name, result, errors, color=target is None and output is None and _color(sys.stdout),
                        show_dropped=show_dropped)
        destination = target or output
        if destination is not None:
            try:
                destination.write_text(report, encoding="utf-8")
            except OSError as exc:
                _fail(f"{destination}: cannot write the report: {exc.strerror or exc}")
        else:
            sys.stdout.write(report)
    if errors:
        raise typer.Exit(2)
    level = fail_on.value if fail_on is not None else (config.fail_on or "error")
    threshold = None if level == "never" else Severity.parse(level)
    failed = threshold is not None and any(f.severity >= threshold for f in result.findings if not f.suppressed)
    raise typer.Exit(1 if failed else 0)


class Progress:
    """A one-line status on stderr while a long run works; only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.shown = False

    def say(self, text: str) -> None:
        if self.enabled:
            sys.stderr.write(f"\r\033[K{text[:100]}")
            sys.stderr.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False


def _color(stream: object) -> bool:
    """Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return not os.environ.get("NO_COLOR") and bool(getattr(stream, "isatty", lambda: False)())


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"


@app.command()
def graph(
    paths: Optional[list[Path]] = typer.Argument(None, help="As for check [default: ./cdk.out]",  # noqa: UP007, UP045
                                                 show_default=False),
    fmt: GraphFormat = typer.Option(GraphFormat.mermaid, "--format", "-f", help="mermaid (for pull requests) or dot"),
    config_file: bool = typer.Option(True, "--config/--no-config",
                                     help="Read [tool.cfncheck] (pyproject.toml) or .cfncheck.toml."),
) -> None:
    """Draw each blue/green deployment (group, service, target groups, listeners, load balancer); red marks findings."""
    from cfncheck.engine import Request, run
    from cfncheck.errors import InputError
    from cfncheck.graph import build_graphs
    from cfncheck.report import graph_render

    try:
        config = _config(config_file)
    except InputError as exc:
        _fail(str(exc))
    targets = list(paths) if paths else (config.paths or [Path("cdk.out")])
    result = run(Request(targets, Policy.of(config)))
    for error in result.errors:
        typer.echo(f"cfncheck: error: {error}", err=True)
    assert result.model is not None
    graphs = build_graphs(result.model, result.findings)
    render = graph_render.mermaid if fmt is GraphFormat.mermaid else graph_render.dot
    sys.stdout.write(render(graphs))
    raise typer.Exit(2 if result.errors else 0)


def _config(read: bool) -> Config:
    return find_config() if read else Config()


@app.command("rules")
def list_rules(
    markdown: bool = typer.Option(False, "--markdown",
                                  help="Print the full rule reference as Markdown (what docs/rules.md holds)."),
) -> None:
    """List every rule: ID, catalog name, severity, summary, and its other IDs (one per severity)."""
    from cfncheck.rules import all_rules

    if markdown:
        from cfncheck.rules_doc import markdown as render_markdown

        sys.stdout.write(render_markdown(all_rules()))
        return
    for rule in all_rules():
        others = [i for i in rule.ids if i != rule.id]
        also = f"  (also {', '.join(others)})" if others else ""
        typer.echo(f"{rule.id:<6} {rule.name:<8} {rule.severity.label:<8} {rule.title}{also}")


@app.command()
def explain(rule_id: str = typer.Argument(..., help="E9C01, 9C01 or CTRL-01")) -> None:
    """Print a rule's full documentation."""
    from cfncheck.rules import find_rule

    rule = find_rule(rule_id)
    if rule is None:
        from cfncheck.rules_doc import not_a_rule

        why = not_a_rule(rule_id)
        if why is not None:
            typer.echo(f"{rule_id.strip().upper()} has no rule of its own: {why}")
            return
        _fail(f"no such rule: {rule_id} (see `cfncheck rules`)")
    typer.echo(f"{rule.id} ({rule.name}): {rule.title}\n")  # type: ignore[union-attr]
    typer.echo(rule.doc)  # type: ignore[union-attr]


def _fail(message: str) -> None:
    typer.echo(f"cfncheck: error: {message}", err=True)
    raise typer.Exit(2)


def main() -> None:
    """Run the CLI; a usage error is one line on stderr and exit code 2, as for input errors."""
    try:
        code = app(standalone_mode=False)
    except Exception as exc:  # typer's (vendored) click exceptions, matched by shape, not by import path
        kind = type(exc).__name__
        if kind == "NoArgsIsHelpError":
            exc.show()  # type: ignore[attr-defined]
            code = 0
        elif kind == "Abort":
            code = 130
        elif hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            ctx = getattr(exc, "ctx", None)
            hint = f" (see `{ctx.command_path} --help`)" if ctx is not None and kind.endswith("UsageError") else ""
            hint = hint or (f" (see `{ctx.command_path} --help`)" if ctx is not None else "")
            typer.echo(f"cfncheck: error: {exc.format_message()}{hint}", err=True)
            code = exc.exit_code
        else:
            raise
    # The process ends here: spare the interpreter's last garbage collection, which would walk every object
    # of the checked templates (a fifth of the run on the large benchmark) to free memory the OS reclaims.
    gc.freeze()
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
