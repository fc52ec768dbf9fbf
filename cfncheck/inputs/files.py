"""Turn the paths a user gives into stacks: cloud assemblies, template files, directories of templates."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cfncheck.errors import InputError, display_path
from cfncheck.inputs.assembly import is_assembly_dir, load_assembly, require_template
from cfncheck.inputs.documents import MAX_ASSEMBLY_FILE_BYTES, is_template_name, load_document
from cfncheck.inputs.stack import Stack

SKIPPED_DIRS = {".git", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


@dataclass
class Loaded:
    stacks: list[Stack] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def load_inputs(paths: list[Path], skip_non_templates: bool = False) -> Loaded:
    """Load every path; a bad input is recorded and the others are still loaded. With ``skip_non_templates``
    a given file that is not a CloudFormation template is passed over, as in a directory scan."""
    loaded = Loaded()
    for path in paths:
        try:
            if skip_non_templates and path.is_file() and path.name != "manifest.json":
                stack = _candidate(path, display_path(path), loaded.errors)
                loaded.stacks.extend([stack] if stack is not None else [])
                continue
            loaded.stacks.extend(load_path(path, loaded.errors, loaded.notes))
        except InputError as exc:
            loaded.errors.append(exc)
    _check_unique_names(loaded)
    return loaded


def load_path(path: Path, errors: list[InputError], notes: list[str]) -> list[Stack]:
    """The stacks under one user-given path. Bad files found while scanning a directory go to ``errors``."""
    origin = display_path(path)
    if not path.exists():
        raise InputError(path, "no such file or directory")
    if path.is_dir():
        if is_assembly_dir(path):
            return load_assembly(path, origin, notes)
        return _load_directory(path, origin, errors, notes)
    if path.name == "manifest.json":
        return load_assembly(path.parent, origin, notes)
    return [load_template_file(path, origin, required=True)]  # type: ignore[list-item]


def load_template_file(path: Path, origin: str, required: bool) -> Stack | None:
    """A plain template file. ``required=False`` (directory scan) skips documents that are not templates."""
    doc = load_document(path)
    data = doc.data
    if not required and not (isinstance(data, dict) and isinstance(data.get("Resources"), dict)):
        return None  # scanning a directory: other JSON/YAML files (AppSpec, package.json) are not ours
    template = require_template(data, path)
    if "Resources" not in template:
        raise InputError(path, "not a CloudFormation template: no Resources section")
    return Stack(name=_stem(path), template_path=path.resolve(), template=template, positions=doc.positions,
                 origin=origin, shown_path=path)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".template.json", ".template.yaml", ".template.yml", ".json", ".yaml", ".yml", ".template"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _load_directory(directory: Path, origin: str, errors: list[InputError], notes: list[str]) -> list[Stack]:
    """Templates anywhere below ``directory``; nested cloud assemblies found on the way are loaded whole."""
    stacks: list[Stack] = []
    found = False
    for current, dirnames, filenames in os.walk(directory, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        here = Path(current)
        if is_assembly_dir(here) and _looks_like_assembly(here):
            dirnames[:] = []
            found = True
            try:
                stacks.extend(load_assembly(here, display_path(here), notes))
            except InputError as exc:
                errors.append(exc)
            continue
        for name in sorted(filenames):
            if not is_template_name(name):
                continue
            before = len(errors)
            stack = _candidate(here / name, origin, errors)
            if stack is not None:
                stacks.append(stack)
            found = found or stack is not None or len(errors) > before
    if not found:
        raise InputError(directory, "no cloud assembly (manifest.json) and no CloudFormation template found here")
    return stacks


def _candidate(path: Path, origin: str, errors: list[InputError]) -> Stack | None:
    """A file that may or may not be a template: the stack, or None (not a template, or broken: then an
    error is recorded only if the file looks like CloudFormation, not like some other JSON/YAML)."""
    try:
        return load_template_file(path, origin, required=False)
    except InputError as exc:
        if _mentions_cloudformation(path):
            errors.append(exc)
        return None


def _looks_like_assembly(directory: Path) -> bool:
    """While scanning, a manifest.json of something else (a web app's, a package's) is not an assembly."""
    try:
        data = load_document(directory / "manifest.json", MAX_ASSEMBLY_FILE_BYTES).data
    except InputError:
        return True  # let the assembly loader report what is wrong with it
    return isinstance(data, dict) and "artifacts" in data


def _mentions_cloudformation(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return True
    return b"AWS::" in head or b"AWSTemplateFormatVersion" in head


def _check_unique_names(loaded: Loaded) -> None:
    """Two plain files with the same stem in one origin would be confused in findings: qualify them."""
    seen: dict[tuple[str, str], Stack] = {}
    for stack in loaded.stacks:
        key = (stack.origin, stack.name)
        if key in seen and stack.artifact_id is None:
            stack.name = display_path(stack.display_file)
        seen.setdefault(key, stack)
