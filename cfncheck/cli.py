"""Front door: arguments -> engine -> reporters; exit codes 0 (clean), 1 (findings at --fail-on), 2 (input error)."""

from __future__ import annotations

import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from cfncheck import __version__

CFN_LINT_ID = re.compile(r"[EWI]\d{0,4}")

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Catch ECS blue/green (CodeDeploy) wiring mistakes in synthesized CloudFormation.")


class Format(str, Enum):
    text = "text"
    json = "json"


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
                   "[default: ./cdk.out]", show_default=False),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to FILE instead of stdout."),  # noqa: UP007, UP045
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Lowest severity that makes the exit code 1."),
    ignore: Optional[list[str]] = typer.Option(  # noqa: UP007, UP045
        None, "--ignore", "-i",
        help="Rule to skip: a cfncheck rule (E9C01, 9C01 or CTRL-01) or a cfn-lint rule ID prefix (E3002, W3); "
             "repeatable."),
    cfn_lint: bool = typer.Option(True, "--cfn-lint/--no-cfn-lint",
                                  help="Also run cfn-lint's own rules over every template, in the same pass."),
) -> None:
    """Check cloud assemblies and templates; print findings."""
    from cfncheck.engine import check_paths
    from cfncheck.findings import Severity
    from cfncheck.report import json_report, text
    from cfncheck.rules import all_rules, find_rule

    skipped = set()
    lint_ignore = []
    for item in ignore or []:
        rule = find_rule(item)
        if rule is not None:
            skipped.add(rule.code)
        elif CFN_LINT_ID.fullmatch(item):
            lint_ignore.append(item)
        else:
            _fail(f"--ignore {item}: no such rule (see `cfncheck rules`, or give a cfn-lint rule ID such as E3002)")
    rules = [r for r in all_rules() if r.code not in skipped]
    targets = list(paths) if paths else [Path("cdk.out")]
    try:
        result = check_paths(targets, rules, cfn_lint=cfn_lint, cfn_lint_ignore=lint_ignore)
    except Exception as exc:  # noqa: BLE001 - a bug must still not print a traceback in CI logs
        if os.environ.get("CFNCHECK_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set CFNCHECK_DEBUG=1 for a traceback)")
    errors = [str(e) for e in result.errors]
    for line in errors:
        typer.echo(f"cfncheck: error: {line}", err=True)
    if fmt is Format.json:
        report = json_report.render(result.findings, errors, result.dropped, result.notes)
    else:
        report = text.render(result.findings, errors, len(result.stacks), result.dropped, result.notes)
    if output is not None:
        try:
            output.write_text(report, encoding="utf-8")
        except OSError as exc:
            _fail(f"{output}: cannot write the report: {exc.strerror or exc}")
    else:
        sys.stdout.write(report)
    if errors:
        raise typer.Exit(2)
    threshold = None if fail_on is FailOn.never else Severity.parse(fail_on.value)
    failed = threshold is not None and any(f.severity >= threshold for f in result.findings)
    raise typer.Exit(1 if failed else 0)


@app.command("rules")
def list_rules() -> None:
    """List every rule: ID, catalog name, severity and summary."""
    from cfncheck.rules import all_rules

    for rule in all_rules():
        typer.echo(f"{rule.id:<6} {rule.name:<8} {rule.severity.label:<8} {rule.title}")


@app.command()
def explain(rule_id: str = typer.Argument(..., help="E9C01, 9C01 or CTRL-01")) -> None:
    """Print a rule's full documentation."""
    from cfncheck.rules import find_rule

    rule = find_rule(rule_id)
    if rule is None:
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
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
