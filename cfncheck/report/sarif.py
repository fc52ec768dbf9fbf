"""SARIF 2.1.0: one run, one reportingDescriptor per rule that has results, repository-relative URIs.

GitHub code scanning reads ``ruleId``, ``level``, ``message``, the physical location and ``helpUri``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from cfncheck import __version__
from cfncheck.findings import Finding, Location, Severity
from cfncheck.report import fix_label

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/cfncheck/cfncheck"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def repository_root(start: Path | None = None) -> Path:
    """The nearest folder with a ``.git`` above the current directory, else the current directory."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def _uri(template: str, root: Path) -> str:
    path = Path(os.path.abspath(template))
    try:
        relative = PurePosixPath(path.relative_to(root).as_posix())
    except ValueError:
        relative = PurePosixPath(Path(os.path.relpath(path, root)).as_posix())
    return quote(str(relative), safe="/._-~")


def _location(loc: Location, root: Path) -> dict[str, Any]:
    out: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(loc.template, root), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(loc.line, 1), "startColumn": max(loc.column, 1)},
        }
    }
    if loc.resource:
        logical = {"name": loc.resource, "kind": "resource",
                   "fullyQualifiedName": loc.construct_path or f"{loc.stack}/{loc.resource}"}
        if loc.construct_type:
            logical["decoratedName"] = loc.construct_type
        out["logicalLocations"] = [logical]
    return out


def _in_repository(file: str, root: Path) -> bool:
    path = Path(os.path.abspath(file))
    return path == root or root in path.parents


def _source_location(loc: Location, root: Path) -> dict[str, Any] | None:
    """The line of the CDK app that made the construct, when that file is on this machine and inside the
    repository (code scanning annotates only the repository's files); the template position then goes to
    ``relatedLocations``."""
    src = loc.construct_location
    if src is None or not src.exists or not _in_repository(src.file, root):
        return None
    out: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(src.file, root), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(src.line, 1)},
        }
    }
    if "logicalLocations" in (template := _location(loc, root)):
        out["logicalLocations"] = template["logicalLocations"]
    return out


def render(findings: list[Finding], rule_docs: dict[str, tuple[str, str, str | None]],
           root: Path | None = None) -> str:
    """``rule_docs``: rule ID -> (short description, full description, help URI)."""
    root = root or repository_root()
    rule_ids = sorted({f.rule for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    by_rule = {f.rule: f for f in findings}
    rules = []
    for rule_id in rule_ids:
        sample = by_rule[rule_id]
        short, full, help_uri = rule_docs.get(rule_id, (sample.title or rule_id, sample.title or rule_id,
                                                       sample.help_uri))
        descriptor: dict[str, Any] = {
            "id": rule_id,
            "name": sample.check if sample.check != rule_id else rule_id,
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "defaultConfiguration": {"level": LEVELS[sample.severity]},
            "properties": {"source": sample.source},
        }
        if help_uri:
            descriptor["helpUri"] = help_uri
        if full != short:
            descriptor["help"] = {"text": full, "markdown": full}
        rules.append(descriptor)
    results = []
    for f in findings:
        language, fix = f.app_fix
        label = fix_label(language, "Fix")
        source = _source_location(f.location, root)
        properties: dict[str, Any] = {"source": f.source, "check": f.check, "stack": f.location.stack}
        if f.fixes:
            properties["fixes"] = f.fixes
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVELS[f.severity],
            "message": {"text": f.message + (f"\n{label}: {fix}" if fix else "")},
            "locations": [source or _location(f.location, root)],
            "properties": properties,
        }
        related = [dict(_location(r, root), message={"text": f"related: {r.construct_path or r.resource or r.stack}"})
                   for r in f.related]
        if source is not None:
            related.insert(0, dict(_location(f.location, root),
                                   message={"text": f"template position of {f.location.resource}"}))
        if related:
            result["relatedLocations"] = [dict(loc, id=i + 1) for i, loc in enumerate(related)]
        if f.suppressed:
            result["suppressions"] = [{"kind": "inSource", "justification": f.suppressed}]
        results.append(result)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "cfncheck", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(doc, indent=2) + "\n"
