"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message`` (inline PR annotations)."""

from __future__ import annotations

import os

from cfncheck.findings import Finding, Severity
from cfncheck.report import fix_label

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
        language, fix = f.app_fix
        src = loc.construct_location
        if src is not None and src.exists and not os.path.isabs(src.file):  # the app's line, in the checkout
            place = f"file={_prop(src.file)},line={src.line}"
            where += f", template {loc.template}:{loc.line}"
        else:
            place = f"file={_prop(loc.template)},line={loc.line},col={loc.column}"
        message = f"{f.message} [{where}]" + (f"\n{fix_label(language, 'Fix')}: {fix}" if fix else "")
        lines.append(f"::{COMMANDS[f.severity]} {place},"
                     f"title={_prop(f'{f.rule} {f.check}' if f.check != f.rule else f.rule)}::{_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
