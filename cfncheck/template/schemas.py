"""What CloudFormation's resource provider schemas (as cfn-lint ships them) and User Guide say about updates:
create-only properties, the property that sets a physical name, and which types hold data or take snapshots."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# Resource types whose resources hold data that is gone with them (replaced or deleted): the stores of
# databases, tables, objects, files, logs, streams, messages, keys, identities, images and secrets.
STATEFUL_TYPES = frozenset({
    "AWS::S3::Bucket", "AWS::S3Express::DirectoryBucket",
    "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::Cassandra::Table",
    "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::Neptune::DBCluster", "AWS::DocDB::DBCluster",
    "AWS::Redshift::Cluster", "AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ServerlessCache", "AWS::MemoryDB::Cluster", "AWS::Timestream::Table",
    "AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain", "AWS::QLDB::Ledger",
    "AWS::EFS::FileSystem", "AWS::FSx::FileSystem", "AWS::EC2::Volume", "AWS::Backup::BackupVault",
    "AWS::Logs::LogGroup", "AWS::Kinesis::Stream", "AWS::SQS::Queue", "AWS::MSK::Cluster",
    "AWS::KMS::Key", "AWS::Cognito::UserPool", "AWS::SecretsManager::Secret", "AWS::ECR::Repository",
})
# Types that accept DeletionPolicy/UpdateReplacePolicy "Snapshot" (CloudFormation User Guide, DeletionPolicy).
SNAPSHOT_TYPES = frozenset({
    "AWS::EC2::Volume", "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup",
    "AWS::Neptune::DBCluster", "AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::Redshift::Cluster",
    "AWS::DocDB::DBCluster",
})
# conditionally create-only properties that replace the resource whenever their value changes (the
# User Guide's "Update requires: Replacement"): a table's keys cannot change in place
REPLACING = {"AWS::DynamoDB::Table": frozenset({"KeySchema"})}
NESTED_STACK = "AWS::CloudFormation::Stack"
IGNORED_TYPES = frozenset({"AWS::CDK::Metadata"})


@dataclass(frozen=True)
class Schema:
    """What the resource provider schema says about updates of one type."""

    create_only: tuple[tuple[str, ...], ...] = ()  # property paths (top-level key first)
    conditional: tuple[tuple[str, ...], ...] = ()
    name_keys: tuple[str, ...] = ()  # properties that set the physical name


@cache
def schema_of(rtype: str) -> Schema:
    """The update facts of ``rtype`` from cfn-lint's us-east-1 provider schemas; empty for unknown types."""
    if not rtype.startswith("AWS::") or rtype in IGNORED_TYPES:
        return Schema()
    raw = _provider_schema(rtype)
    if raw is None:
        return Schema()

    def paths(key: str) -> tuple[tuple[str, ...], ...]:
        out = []
        for pointer in raw.get(key) or []:
            parts = tuple(p for p in str(pointer).split("/")[2:] if p != "*")
            if str(pointer).startswith("/properties/") and parts:
                out.append(parts)
        return tuple(out)

    conditional = paths("conditionalCreateOnlyProperties")
    always = REPLACING.get(rtype, frozenset())
    create_only = paths("createOnlyProperties") + tuple(p for p in conditional if p[0] in always)
    conditional = tuple(p for p in conditional if p[0] not in always)
    read_only = {p[0] for p in paths("readOnlyProperties")}
    ident = [p for p in paths("primaryIdentifier") if len(p) == 1 and p[0] not in read_only]
    short = rtype.rsplit("::", 1)[-1]
    names = {p[0] for p in ident if p[0].endswith("Name") or p[0] == "Id"}
    names |= {p[0] for p in create_only if len(p) == 1 and p[0] in ("Name", f"{short}Name", f"{short}Identifier")}
    return Schema(create_only, conditional, tuple(sorted(names)))


@cache
def _provider_index() -> tuple[Path, dict[str, str]] | None:
    """cfn-lint's us-east-1 provider schemas: the folder of schema files and type -> file name. Read as data
    files, without importing cfn-lint (whose import costs more than the whole update check)."""
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "data" / "schemas"
    try:
        index = json.loads((root / "providers" / "us-east-1.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (root / "resources", index) if isinstance(index, dict) else None


def _provider_schema(rtype: str) -> dict[str, Any] | None:
    found = _provider_index()
    name = found[1].get(rtype) if found is not None else None
    if not isinstance(name, str):
        return None
    try:
        raw = json.loads((found[0] / f"{name}.json").read_text(encoding="utf-8"))  # type: ignore[index]
    except (OSError, ValueError):
        return None
    return raw if isinstance(raw, dict) else None
