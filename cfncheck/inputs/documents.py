"""Read one JSON or YAML document from disk, with positions available for findings.

YAML short-form intrinsic tags (``!Ref``, ``!GetAtt``, ``!Sub``, ...) become their long form.
Every failure is an :class:`~cfncheck.errors.InputError` naming the file (and line when known).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cfncheck.cache import Cache, code_fingerprint, content_digest
from cfncheck.errors import InputError
from cfncheck.inputs.positions import JsonPositions, Positions, YamlPositions, find_duplicate_key

# CloudFormation accepts templates of at most 1 MB (from S3); ten times that is not a template.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# The files of a cloud assembly that are not templates (manifest.json, tree.json, *.metadata.json, *.assets.json)
# grow with the app, not within an AWS limit: a 7,680-stack app has a 13.5 MB manifest. A sane bound still.
MAX_ASSEMBLY_FILE_BYTES = 512 * 1024 * 1024
# Nodes a YAML document may expand to (aliases included): a guard against alias bombs.
MAX_YAML_NODES = 1_000_000

_FN_TAGS = {
    "!Base64": "Fn::Base64",
    "!Cidr": "Fn::Cidr",
    "!FindInMap": "Fn::FindInMap",
    "!GetAZs": "Fn::GetAZs",
    "!ImportValue": "Fn::ImportValue",
    "!Join": "Fn::Join",
    "!Select": "Fn::Select",
    "!Split": "Fn::Split",
    "!Sub": "Fn::Sub",
    "!Transform": "Fn::Transform",
    "!And": "Fn::And",
    "!Equals": "Fn::Equals",
    "!If": "Fn::If",
    "!Not": "Fn::Not",
    "!Or": "Fn::Or",
    "!Length": "Fn::Length",
    "!ToJsonString": "Fn::ToJsonString",
    "!ForEach": "Fn::ForEach",
    "!GetStackOutput": "Fn::GetStackOutput",
}


@dataclass
class Document:
    path: Path
    data: Any
    positions: Positions
    digest: str | None = None  # of the file's bytes, when read within a verified_content() block


def read_text(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    return _decode(path, _read_bytes(path, max_bytes))


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if not path.is_file():
        raise InputError(path, "not a regular file")
    if size > max_bytes:
        if max_bytes == MAX_DOCUMENT_BYTES:
            raise InputError(
                path, f"file is {size} bytes, larger than any CloudFormation template can be ({MAX_DOCUMENT_BYTES})"
            )
        raise InputError(path, f"file is {size} bytes, larger than cfncheck reads for a cloud assembly's file "
                               f"({max_bytes})")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(path, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", line) from None


# text -> (data, positions, digest) of the documents parsed within a shared_documents() block
_SHARED: ContextVar[dict[str, tuple[Any, Positions, str | None]] | None] = ContextVar("cfncheck_shared_documents",
                                                                                     default=None)


@contextmanager
def shared_documents() -> Iterator[None]:
    """Within the block, a document whose text was parsed before is not parsed again: its data and positions are
    shared (nothing downstream changes a template). For ``--previous``: the deployed side mostly holds the next
    side's templates byte for byte, and an unchanged stack then compares as one object."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


# the cache namespace of what is known about a file's content (see verified_content())
_VERIFIED: ContextVar[Cache | None] = ContextVar("cfncheck_verified_content", default=None)
UNIQUE_KEYS = "json"  # the content parses as JSON and no object in it repeats a key


@contextmanager
def verified_content(cache_dir: Path | None) -> Iterator[None]:
    """Within the block, what a check learnt about a file's content is kept in the cache (``cache_dir``; None:
    nothing is kept), keyed by the content's digest and cfncheck's code: a JSON document known to have unique
    keys is parsed by the bare C parser, without the duplicate-key hook, and a manifest known to match the
    assembly schema is not validated again. For front doors that read an unchanged assembly again and again
    (the cfn-lint adapters, which an editor starts anew on every save)."""
    token = _VERIFIED.set(Cache(cache_dir, "verified") if cache_dir is not None else None)
    try:
        yield
    finally:
        _VERIFIED.reset(token)


def _mark(kind: str, digest: str) -> str:
    return f"{code_fingerprint()}-{kind}-{digest}"


def is_verified(doc: Document, kind: str) -> bool:
    """``kind`` was established for this document's exact content in an earlier run."""
    store = _VERIFIED.get()
    return store is not None and doc.digest is not None and store.has(_mark(kind, doc.digest))


def remember(doc: Document, kind: str) -> None:
    """Keep that ``kind`` holds for this document's content (within a verified_content() block)."""
    store = _VERIFIED.get()
    if store is not None and doc.digest is not None:
        store.mark(_mark(kind, doc.digest))


def load_document(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Parse ``path`` as JSON when it looks like JSON, YAML otherwise. ``max_bytes``: the template bound, or
    :data:`MAX_ASSEMBLY_FILE_BYTES` for an assembly's own files."""
    raw = _read_bytes(path, max_bytes)
    text = _decode(path, raw)
    shared = _SHARED.get()
    if shared is not None and (known := shared.get(text)) is not None:
        return Document(path, *known)
    if text.lstrip()[:1] in ("{", "["):
        doc = Document(path, None, JsonPositions(text), content_digest(raw) if _VERIFIED.get() is not None else None)
        if is_verified(doc, UNIQUE_KEYS):
            doc.data = json.loads(text)  # the same bytes had no duplicate key: the bare C parser suffices
        else:
            doc.data = _load_json(path, text)
            remember(doc, UNIQUE_KEYS)
    else:
        data, marks = _load_yaml(path, text)
        doc = Document(path, data, YamlPositions(marks))
    if shared is not None:
        shared[text] = (doc.data, doc.positions, doc.digest)
    return doc


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _DuplicateKey
    return obj


def _load_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except _DuplicateKey:
        found = find_duplicate_key(text)
        if found is None:
            raise InputError(path, "duplicate key in a JSON object") from None
        key_path, offset = found
        line = text.count("\n", 0, offset) + 1
        where = "/".join(str(k) for k in key_path[:-1]) or "the top level"
        raise InputError(path, f"duplicate key {key_path[-1]!r} in {where}", line) from None
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply") from None


def _load_yaml(path: Path, text: str) -> tuple[Any, dict]:
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_cls(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "syntax error"
        raise InputError(path, f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise InputError(path, "invalid YAML: nested too deeply") from None
    if node is None:
        raise InputError(path, "empty document")
    size = _expanded_size(node, {}, 0)
    if size > MAX_YAML_NODES:
        raise InputError(path, f"YAML expands to more than {MAX_YAML_NODES} nodes through aliases (alias bomb?)",
                         node.start_mark.line + 1)
    builder = _YamlBuilder(path)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise InputError(path, "YAML nested too deeply") from None
    return data, builder.marks


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int) -> int:
    """How many nodes ``node`` becomes once every alias is expanded; each distinct node is visited once."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = MAX_YAML_NODES + 1  # a node reached again while being measured: a recursive alias
    if depth > 10_000:
        return memo[key]
    total = 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            total += _expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1)
            if total > MAX_YAML_NODES:
                break
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            total += _expanded_size(item, memo, depth + 1)
            if total > MAX_YAML_NODES:
                break
    memo[key] = total
    return total


class _YamlBuilder:
    """Turn composed YAML nodes into plain Python values with CloudFormation's tag meanings."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.marks: dict[tuple, tuple[int, int]] = {}
        self.budget = MAX_YAML_NODES

    def build(self, node: yaml.Node, path: tuple) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise InputError(
                self.path, f"YAML expands to more than {MAX_YAML_NODES} nodes (alias bomb?)", node.start_mark.line + 1
            )
        tag = node.tag
        if tag in _FN_TAGS or tag in ("!Ref", "!GetAtt", "!Condition"):
            return self._intrinsic(node, path)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise InputError(self.path, "mapping keys must be plain strings", key_node.start_mark.line + 1)
                key = key_node.value
                if key == "<<":
                    raise InputError(self.path, "YAML merge keys (<<) are not supported", key_node.start_mark.line + 1)
                if key in out:
                    raise InputError(self.path, f"duplicate key {key!r}", key_node.start_mark.line + 1)
                child = path + (key,)
                self.marks[child] = (key_node.start_mark.line, key_node.start_mark.column)
                out[key] = self.build(value_node, child)
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                child = path + (i,)
                self.marks[child] = (item.start_mark.line, item.start_mark.column)
                items.append(self.build(item, child))
            return items
        return _scalar(node)

    def _intrinsic(self, node: yaml.Node, path: tuple) -> Any:
        tag = node.tag
        if tag == "!Ref":
            return {"Ref": _scalar_text(node)}
        if tag == "!Condition":
            return {"Condition": _scalar_text(node)}
        if tag == "!GetAtt":
            if isinstance(node, yaml.ScalarNode):
                logical, _, attr = node.value.partition(".")
                return {"Fn::GetAtt": [logical, attr]}
            return {"Fn::GetAtt": self._untagged(node, path + ("Fn::GetAtt",))}
        key = _FN_TAGS[tag]
        return {key: self._untagged(node, path + (key,))}

    def _untagged(self, node: yaml.Node, path: tuple) -> Any:
        """The argument of a short-form tag, as if it had been written in long form under ``path``."""
        self.marks[path] = (node.start_mark.line, node.start_mark.column)
        if isinstance(node, yaml.ScalarNode):
            return node.value
        plain_tag = "tag:yaml.org,2002:seq" if isinstance(node, yaml.SequenceNode) else "tag:yaml.org,2002:map"
        return self.build(type(node)(plain_tag, node.value, node.start_mark, node.end_mark), path)


def _scalar_text(node: yaml.Node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else ""


def _scalar(node: yaml.Node) -> Any:
    value = node.value
    tag = node.tag
    if tag == "tag:yaml.org,2002:int":
        for base in (10, 0):
            try:
                return int(value.replace("_", ""), base)
            except ValueError:
                pass
        return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag == "tag:yaml.org,2002:null":
        return None
    return value  # strings, timestamps (AWSTemplateFormatVersion), anything else: the text


def is_template_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".json", ".yaml", ".yml", ".template")) and not lower.startswith(".")

