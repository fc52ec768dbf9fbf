"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message`` (inline PR annotations)."""

from __future__ import annotations

from cfncheck.findings import Finding, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        if f.suppressed:
            continue
        loc = f.location
        where = f"{loc.stack}/{loc.resource}" if loc.resource else loc.stack
        message = f"{f.message} [{where}]" + (f"\nFix (CDK): {f.fix}" if f.fix else "")
        lines.append(f"::{COMMANDS[f.severity]} file={_prop(loc.template)},line={loc.line},col={loc.column},"
                     f"title={_prop(f'{f.rule} {f.check}' if f.check != f.rule else f.rule)}::{_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
