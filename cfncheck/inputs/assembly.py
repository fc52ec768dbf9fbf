"""Load a CDK cloud assembly: manifest, every stack, Stages (nested assemblies) and nested stacks.

Every file the manifest or a template names must resolve to a path inside the assembly directory;
anything else (``..``, absolute paths, symlinks out) is refused.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cfncheck.errors import InputError
from cfncheck.inputs.creation_stacks import CREATION_STACK, SourceMap
from cfncheck.inputs.documents import MAX_ASSEMBLY_FILE_BYTES, is_verified, load_document, remember
from cfncheck.inputs.stack import Stack

if TYPE_CHECKING:
    import jsonschema

STACK_TYPE = "aws:cloudformation:stack"
ASSEMBLY_TYPE = "cdk:cloud-assembly"
NESTED_STACK_TYPE = "AWS::CloudFormation::Stack"
TREE_TYPE = "cdk:tree"
ACKNOWLEDGED_RULES = "aws:cdk:acknowledged-rules"
HANDLER_MARK = "aws:cdk:is-custom-resource-handler-"  # the CDK's own Lambda handlers (custom resources)
MAX_ASSEMBLY_DEPTH = 32
MANIFEST_SCHEMA = "manifest"  # verified content: the manifest matches manifest.schema.json


@lru_cache(maxsize=1)
def _manifest_validator() -> jsonschema.protocols.Validator:
    import jsonschema  # imported when a manifest is first validated: a verified one is not (and costs no import)

    schema = json.loads(resources.files("cfncheck.inputs").joinpath("manifest.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def is_assembly_dir(path: Path) -> bool:
    return (path / "manifest.json").is_file()


def load_assembly(directory: Path, origin: str, notes: list[str] | None = None) -> list[Stack]:
    """All stacks of the assembly in ``directory`` (Stages and nested stacks included), in manifest order.

    ``notes`` collects what the user should know but is not an error (a nested stack whose template is
    not in the assembly, so its resources were not checked).
    """
    root = directory.resolve()
    stacks: list[Stack] = []
    shown = Path(os.path.abspath(directory))  # as the user's path reaches it (links not resolved)
    _load_manifest(root, root, origin, stacks, 0, notes if notes is not None else [], None, shown)
    for stack in stacks:  # every file was checked to lie inside root
        stack.shown_path = directory / stack.template_path.relative_to(root)
    return stacks


def _inside(root: Path, base: Path, relative: str, referrer: Path, what: str) -> Path:
    """``base / relative`` if it stays inside ``root`` after resolving links, else an InputError."""
    candidate = Path(relative)
    if candidate.is_absolute():
        raise InputError(referrer, f"{what} {relative!r} is an absolute path; it must lie inside the assembly")
    target = (base / candidate).resolve()
    if target != root and root not in target.parents:
        raise InputError(referrer, f"{what} {relative!r} points outside the assembly directory")
    return target


def _load_manifest(root: Path, directory: Path, origin: str, stacks: list[Stack], depth: int,
                   notes: list[str], outer_tree: Path | None, shown_root: Path) -> None:
    """``shown_root``: the top-level assembly as the user's path reaches it (where creation stacks are read from)."""
    manifest_path = directory / "manifest.json"
    if depth > MAX_ASSEMBLY_DEPTH:
        raise InputError(manifest_path, f"nested cloud assemblies deeper than {MAX_ASSEMBLY_DEPTH} levels")
    doc = load_document(manifest_path, MAX_ASSEMBLY_FILE_BYTES)
    manifest = doc.data
    if not is_verified(doc, MANIFEST_SCHEMA):
        errors = sorted(_manifest_validator().iter_errors(manifest), key=lambda e: list(e.absolute_path))
        if errors:
            err = errors[0]
            where = "/".join(str(p) for p in err.absolute_path) or "(root)"
            line = doc.positions.lookup(list(err.absolute_path))[0] if err.absolute_path else None
            raise InputError(manifest_path, f"not a CDK cloud assembly manifest: at {where}: {err.message}", line)
        remember(doc, MANIFEST_SCHEMA)
    assets = _asset_sources(root, directory, manifest_path, manifest["artifacts"])
    tree = _tree_file(root, directory, manifest_path, manifest["artifacts"]) or outer_tree
    for artifact_id, artifact in manifest["artifacts"].items():
        kind = artifact["type"]
        if kind == STACK_TYPE:
            loaded = _load_stack_artifact(root, directory, manifest_path, origin, artifact_id, artifact, assets, notes,
                                          shown_root)
            for stack in loaded:
                stack.tree_file = tree
            stacks.extend(loaded)
        elif kind == ASSEMBLY_TYPE:
            sub = _inside(root, directory, artifact["properties"]["directoryName"], manifest_path,
                          f"artifact {artifact_id} directoryName")
            if not (sub / "manifest.json").is_file():
                raise InputError(sub / "manifest.json", f"manifest of nested assembly {artifact_id} not found")
            _load_manifest(root, sub, origin, stacks, depth + 1, notes, tree, shown_root)


def _tree_file(root: Path, directory: Path, manifest_path: Path, artifacts: dict[str, Any]) -> Path | None:
    """The construct tree (``tree.json``) the manifest lists, if it is there; Stage assemblies share the root's."""
    for artifact_id, artifact in artifacts.items():
        props = artifact.get("properties")
        if artifact.get("type") == TREE_TYPE and isinstance(props, dict) and isinstance(props.get("file"), str):
            path = _inside(root, directory, props["file"], manifest_path, f"artifact {artifact_id} file")
            if path.is_file():
                return path
    return None


def _asset_sources(root: Path, directory: Path, manifest_path: Path, artifacts: dict[str, Any]) -> dict[str, str]:
    """S3 object key -> file in the assembly, from the asset manifests (``*.assets.json``) it lists."""
    out: dict[str, str] = {}
    for artifact_id, artifact in artifacts.items():
        props = artifact.get("properties")
        if artifact.get("type") != "cdk:asset-manifest" or not isinstance(props, dict):
            continue
        if not isinstance(props.get("file"), str):
            continue
        path = _inside(root, directory, props["file"], manifest_path, f"artifact {artifact_id} file")
        if not path.is_file():
            continue  # snapshot copies sometimes drop it; nested stacks then rely on aws:asset:path
        files = load_document(path, MAX_ASSEMBLY_FILE_BYTES).data
        files = files.get("files") if isinstance(files, dict) else None
        for entry in files.values() if isinstance(files, dict) else ():
            source = entry.get("source") if isinstance(entry, dict) else None
            if not (isinstance(source, dict) and isinstance(source.get("path"), str)):
                continue
            destinations = entry.get("destinations")
            for dest in destinations.values() if isinstance(destinations, dict) else ():
                if isinstance(dest, dict) and isinstance(dest.get("objectKey"), str):
                    out[dest["objectKey"]] = source["path"]
    return out


def _load_stack_artifact(root: Path, directory: Path, manifest_path: Path, origin: str, artifact_id: str,
                         artifact: dict[str, Any], assets: dict[str, str], notes: list[str],
                         shown_root: Path) -> list[Stack]:
    props = artifact["properties"]
    template_path = _inside(root, directory, props["templateFile"], manifest_path,
                            f"artifact {artifact_id} templateFile")
    doc = load_document(template_path)
    template = require_template(doc.data, template_path)
    account, region = _environment(artifact.get("environment"))
    stack = Stack(
        name=props.get("stackName") or artifact_id,
        template_path=template_path,
        template=template,
        positions=doc.positions,
        origin=origin,
        artifact_id=artifact_id,
        display_name=artifact.get("displayName") or artifact_id,
        account=account,
        region=region,
        assembly_dir=directory,
    )
    stack.manifest_paths, stack.acknowledgements, stack.cdk_handlers, traces = _metadata(
        root, directory, manifest_path, artifact_id, artifact)
    stack.sources = SourceMap(assembly=shown_root, traces=traces)
    out = [stack]
    _load_nested(root, directory, stack, out, (template_path,), assets, notes)
    return out


def _environment(env: Any) -> tuple[str | None, str | None]:
    """``aws://123456789012/eu-west-1`` -> (account, region); the CDK's unknown markers -> None."""
    if not isinstance(env, str) or not env.startswith("aws://"):
        return None, None
    account, _, region = env[len("aws://"):].partition("/")
    known = lambda v: v if v and not v.startswith("unknown-") else None  # noqa: E731
    return known(account), known(region)


def _metadata(root: Path, directory: Path, manifest_path: Path, artifact_id: str, artifact: dict[str, Any]
              ) -> tuple[dict[str, str], dict[str, dict[str, str]], frozenset[str], dict[str, list[Any]]]:
    """From inline metadata and ``additionalMetadataFile``: construct paths by logical id, the rules
    acknowledged on each construct path, the construct paths the CDK marks as its own custom-resource
    handlers (``aws:cdk:is-custom-resource-handler-*``), and each construct's creation stack."""
    entries: dict[str, Any] = dict(artifact.get("metadata") or {})
    extra = artifact.get("additionalMetadataFile")
    if isinstance(extra, str):
        extra_path = _inside(root, directory, extra, manifest_path, f"artifact {artifact_id} additionalMetadataFile")
        if extra_path.is_file():  # the CDK lists it; snapshot copies sometimes drop it
            data = load_document(extra_path, MAX_ASSEMBLY_FILE_BYTES).data
            if not isinstance(data, dict):
                raise InputError(extra_path, "metadata file must be a JSON object of construct path -> entries")
            entries.update(data)
    paths: dict[str, str] = {}
    acknowledged: dict[str, dict[str, str]] = {}
    handlers: set[str] = set()
    traces: dict[str, list[Any]] = {}
    for construct_path, items in entries.items():
        if not isinstance(items, list) or not isinstance(construct_path, str):
            continue
        for item in items:
            if not isinstance(item, dict):
                continue
            data = item.get("data")
            if item.get("type") == "aws:cdk:logicalId" and isinstance(data, str):
                paths.setdefault(data, construct_path)
            elif item.get("type") == ACKNOWLEDGED_RULES and isinstance(data, dict):
                bucket = acknowledged.setdefault(construct_path.lstrip("/"), {})
                bucket.update({str(k): str(v) for k, v in data.items()})
            elif item.get("type") == CREATION_STACK and isinstance(data, list):
                traces.setdefault(construct_path.strip("/"), data)
            elif str(item.get("type", "")).startswith(HANDLER_MARK):
                handlers.add(construct_path.strip("/"))
    return paths, acknowledged, frozenset(handlers), traces


def require_template(data: Any, path: Path) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(path, "not a CloudFormation template: the document is not a mapping")
    resources_ = data.get("Resources")
    if resources_ is not None and not isinstance(resources_, dict):
        raise InputError(path, "not a CloudFormation template: Resources is not a mapping")
    return data


def _load_nested(root: Path, directory: Path, parent: Stack, out: list[Stack], ancestry: tuple[Path, ...],
                 assets: dict[str, str], notes: list[str]) -> None:
    """Children of ``parent``: AWS::CloudFormation::Stack resources whose template is in the assembly, found
    by their ``aws:asset:path`` metadata or, without it (``--no-asset-metadata``), by the asset object key
    their ``TemplateURL`` ends with."""
    for logical_id, res in parent.resources.items():
        if not isinstance(res, dict) or res.get("Type") != NESTED_STACK_TYPE:
            continue
        meta = res.get("Metadata")
        asset = meta.get("aws:asset:path") if isinstance(meta, dict) else None
        if not isinstance(asset, str):
            props = res.get("Properties")
            asset = _asset_from_url(props.get("TemplateURL") if isinstance(props, dict) else None, assets)
        if not isinstance(asset, str):
            notes.append(f"stack {parent.name}: nested stack {logical_id}: its template is not in "
                         "the assembly, so its resources were not checked")
            continue
        child_path = _inside(root, directory, asset, parent.template_path,
                             f"nested stack {logical_id} aws:asset:path")
        if child_path in ancestry:
            raise InputError(parent.template_path,
                             f"nested stack {logical_id} includes {asset}, which includes this template again (cycle)")
        if len(ancestry) > MAX_ASSEMBLY_DEPTH:
            raise InputError(parent.template_path, f"nested stacks deeper than {MAX_ASSEMBLY_DEPTH} levels")
        doc = load_document(child_path)
        child = Stack(
            name=f"{parent.name}/{logical_id}",
            template_path=child_path,
            template=require_template(doc.data, child_path),
            positions=doc.positions,
            origin=parent.origin,
            artifact_id=parent.artifact_id,
            display_name=f"{parent.display_name}/{logical_id}",
            account=parent.account,
            region=parent.region,
            parent=parent,
            parent_resource=logical_id,
            manifest_paths=parent.manifest_paths,
            acknowledgements=parent.acknowledgements,
            cdk_handlers=parent.cdk_handlers,
            assembly_dir=parent.assembly_dir,
            sources=parent.sources,
        )
        parent.children[logical_id] = child
        out.append(child)
        _load_nested(root, directory, child, out, ancestry + (child_path,), assets, notes)


def _asset_from_url(url: Any, assets: dict[str, str]) -> str | None:
    """The assembly file a nested stack's TemplateURL points at, through the asset manifests."""
    strings: list[str] = []
    stack_: list[Any] = [url]
    while stack_ and len(strings) < 1000:
        item = stack_.pop()
        if isinstance(item, str):
            strings.append(item)
        elif isinstance(item, list):
            stack_.extend(item)
        elif isinstance(item, dict):
            stack_.extend(item.values())
    for text in strings:
        key = text.rsplit("/", 1)[-1]
        if key in assets:
            return assets[key]
    return None
