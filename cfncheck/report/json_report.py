"""The JSON output contract (version 1), documented in README.md."""

from __future__ import annotations

import json
from typing import Any

from cfncheck import __version__
from cfncheck.findings import Finding, Location
from cfncheck.report import summary_counts


def _source(loc: Location) -> dict[str, Any] | None:
    src = loc.construct_location
    return {"file": src.file, "line": src.line} if src is not None else None


def _related(loc: Location) -> dict[str, Any]:
    return {"stack": loc.stack, "template": loc.template, "resource": loc.resource, "line": loc.line,
            "construct_location": _source(loc)}


def finding_dict(f: Finding) -> dict[str, Any]:
    loc = f.location
    return {
        "rule": f.rule,
        "check": f.check,
        "severity": f.severity.label,
        "source": f.source,
        "message": f.message,
        "stack": loc.stack,
        "template": loc.template,
        "resource": loc.resource,
        "resource_type": loc.resource_type,
        "path": list(loc.path),
        "line": loc.line,
        "column": loc.column,
        "construct_path": loc.construct_path,
        "construct_type": loc.construct_type,
        "construct_location": _source(loc),
        "related": [_related(r) for r in f.related],
        "language": f.language,
        "fix": f.app_fix[1],
        "fixes": f.fixes,
        "suppressed": f.suppressed,
    }


def render(findings: list[Finding], errors: list[str], dropped: list[tuple[Finding, str]] = (),  # type: ignore[assignment]
           notes: list[str] = ()) -> str:  # type: ignore[assignment]
    doc = {
        "version": 1,
        "tool": {"name": "cfncheck", "version": __version__},
        "summary": summary_counts(findings),
        "findings": [finding_dict(f) for f in findings],
        "errors": errors,
        "dropped": [dict(finding_dict(f), reason=reason) for f, reason in dropped],
        "notes": list(notes),
    }
    return json.dumps(doc, indent=2, sort_keys=False) + "\n"
