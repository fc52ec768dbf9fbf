"""The CDK construct tree (``tree.json``): which construct the user wrote for a resource.

A resource's ``aws:cdk:path`` names its L1 (``.../PaymentsApiService/Service``, an ``aws_ecs.CfnService``);
the construct the user wrote is the nearest ancestor that is not an L1 (``aws_ecs.FargateService``), or the
L1 itself when the user wrote an L1 directly in a stack.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from cfncheck.errors import InputError
from cfncheck.inputs.documents import MAX_ASSEMBLY_FILE_BYTES, load_document

CONTAINERS = {"aws-cdk-lib.App", "aws-cdk-lib.Stage", "aws-cdk-lib.Stack", "aws-cdk-lib.NestedStack",
              "aws-cdk-lib.aws_cloudformation.NestedStack"}


@lru_cache(maxsize=8)
def _read(tree_file: Path) -> tuple[dict[str, str], str | None]:
    """tree.json read once: the class of every construct by path, and the app's aws-cdk-lib version."""
    try:
        data = load_document(tree_file, MAX_ASSEMBLY_FILE_BYTES).data
    except InputError:
        return {}, None
    root = data.get("tree") if isinstance(data, dict) else None
    out: dict[str, str] = {}
    todo: list[Any] = [root]
    while todo:
        node = todo.pop()
        if not isinstance(node, dict):
            continue
        info = node.get("constructInfo")
        if isinstance(node.get("path"), str) and isinstance(info, dict) and isinstance(info.get("fqn"), str):
            out[node["path"]] = info["fqn"]
        children = node.get("children")
        if isinstance(children, dict):
            todo.extend(children.values())
    info = root.get("constructInfo") if isinstance(root, dict) else None
    version = info.get("version") if isinstance(info, dict) else None
    return out, version if isinstance(version, str) and version.startswith("2.") else None


def _types(tree_file: Path) -> dict[str, str]:
    return _read(tree_file)[0]


def construct_type(tree_file: Path | None, construct_path: str | None) -> str | None:
    if tree_file is None or not construct_path:
        return None
    types = _types(tree_file)
    path = construct_path.strip("/")
    first = types.get(path)
    while path:
        fqn = types.get(path)
        if fqn is not None and not fqn.rsplit(".", 1)[-1].startswith("Cfn"):
            return first if fqn in CONTAINERS else fqn
        path = path.rpartition("/")[0]
    return first


def fqn(tree_file: Path | None, construct_path: str | None) -> str | None:
    """The class (``constructInfo.fqn``) the construct at ``construct_path`` was made with, if the tree says."""
    if tree_file is None or not construct_path:
        return None
    return _types(tree_file).get(construct_path.strip("/"))


def library_version(tree_file: Path | None) -> str | None:
    """The aws-cdk-lib version that synthesized the assembly (``constructInfo.version`` of the app)."""
    return _read(tree_file)[1] if tree_file is not None else None
