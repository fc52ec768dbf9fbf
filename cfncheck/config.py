"""Project configuration: ``[tool.cfncheck]`` in ``pyproject.toml`` or a ``.cfncheck.toml``, found from the
current directory upward. The command line overrides it. Unknown keys and unknown rule IDs are input errors
naming the file and the key.

    [tool.cfncheck]
    paths = ["cdk.out"]
    fail-on = "warning"
    ignore = ["CTRL-04", "W3005"]
    severity = { "LB-07" = "warning" }
    format = ["text", "sarif:cfncheck.sarif"]
    cfn-lint = true
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfncheck.errors import InputError

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

FORMATS = ("text", "json", "sarif", "junit", "github")
LEVELS = ("error", "warning", "info")
CFN_LINT_ID = re.compile(r"[EWI]\d{0,4}")
KEYS = {"paths", "previous", "fail-on", "ignore", "severity", "format", "cfn-lint"}


@dataclass
class Config:
    file: Path | None = None
    paths: list[Path] = field(default_factory=list)
    previous: list[Path] = field(default_factory=list)  # the deployed side (cfncheck check --previous)
    fail_on: str | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    formats: list[str] = field(default_factory=list)
    cfn_lint: bool | None = None


def find_config(start: Path | None = None) -> Config:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        dedicated = folder / ".cfncheck.toml"
        if dedicated.is_file():
            return _parse(dedicated, _read(dedicated), "")
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read(pyproject).get("tool", {})
            if isinstance(table, dict) and "cfncheck" in table:
                return _parse(pyproject, table["cfncheck"], "[tool.cfncheck] ")
    return Config()


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"invalid TOML: {exc}") from None


def _parse(path: Path, table: Any, where: str) -> Config:
    if not isinstance(table, dict):
        raise InputError(path, f"{where}must be a table")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise InputError(path, f"{where}unknown key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})")
    config = Config(file=path)

    def strings(key: str) -> list[str]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(path, f"{where}{key} must be a list of strings")
        return value

    config.paths = [path.parent / p for p in strings("paths")]
    config.previous = [path.parent / p for p in strings("previous")]
    if "fail-on" in table:
        if table["fail-on"] not in (*LEVELS, "never"):
            raise InputError(path, f"{where}fail-on must be one of error, warning, info, never")
        config.fail_on = table["fail-on"]
    config.ignore = strings("ignore")
    for rule in config.ignore:
        check_rule_id(rule, path, f"{where}ignore")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise InputError(path, f"{where}severity must be a table of rule = level")
    for rule, level in severity.items():
        check_rule_id(rule, path, f"{where}severity")
        if level not in LEVELS:
            raise InputError(path, f"{where}severity.{rule} must be one of {', '.join(LEVELS)}")
    config.severity = dict(severity)
    config.formats = strings("format")
    for spec in config.formats:
        check_format(spec, path, f"{where}format")
    if "cfn-lint" in table:
        if not isinstance(table["cfn-lint"], bool):
            raise InputError(path, f"{where}cfn-lint must be true or false")
        config.cfn_lint = table["cfn-lint"]
    return config


def check_rule_id(rule: str, path: Path | None, key: str) -> None:
    from cfncheck.rules import find_rule

    if find_rule(rule) is None and not CFN_LINT_ID.fullmatch(rule):
        raise InputError(path, f"{key}: unknown rule {rule!r} (see `cfncheck rules`, or give a cfn-lint rule ID)")


def check_format(spec: str, path: Path | None, key: str) -> tuple[str, Path | None]:
    name, _, target = spec.partition(":")
    if name not in FORMATS:
        raise InputError(path, f"{key}: unknown format {name!r} (one of {', '.join(FORMATS)}, optionally :FILE)")
    return name, (Path(target) if target else None)
