"""One loaded stack: its template, where it came from, and how to name things in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cfncheck.inputs.positions import Positions

if TYPE_CHECKING:
    from cfncheck.findings import SourceLine
    from cfncheck.inputs.creation_stacks import SourceMap


@dataclass(eq=False)
class Stack:
    """A CloudFormation stack as the run sees it.

    ``name`` is the CloudFormation stack name: ``stackName`` from the manifest, ``Parent/NestedLogicalId``
    for a nested stack, the file stem for a plain template file.
    """

    name: str
    template_path: Path
    template: dict[str, Any]
    positions: Positions
    origin: str  # the input path this stack was found under: references resolve there first
    assembly_dir: Path | None = None  # the (Stage) assembly whose manifest lists it; None for a plain file
    shown_path: Path | None = None  # the file as the user's paths reach it (links not resolved)
    artifact_id: str | None = None
    display_name: str | None = None
    region: str | None = None
    account: str | None = None
    parent: Stack | None = None
    parent_resource: str | None = None
    manifest_paths: dict[str, str] = field(default_factory=dict)  # logical id -> construct path
    # construct path (no leading "/") -> {acknowledged rule id: reason}, from Validations.of(c).acknowledge()
    acknowledgements: dict[str, dict[str, str]] = field(default_factory=dict)
    cdk_handlers: frozenset[str] = frozenset()  # construct paths of the CDK's own custom-resource handlers
    tree_file: Path | None = None  # the assembly's tree.json: construct types by path
    children: dict[str, Stack] = field(default_factory=dict)  # nested-stack logical id -> child
    sources: SourceMap | None = None  # the constructs' creation stacks (a cloud assembly's stacks only)

    @property
    def resources(self) -> dict[str, Any]:
        res = self.template.get("Resources")
        return res if isinstance(res, dict) else {}

    @property
    def display_file(self) -> Path:
        return self.shown_path or self.template_path

    def resource(self, logical_id: str) -> dict[str, Any] | None:
        res = self.resources.get(logical_id)
        return res if isinstance(res, dict) else None

    @cached_property
    def synthesized_by_cdk(self) -> bool:
        """Whether the CDK wrote this template: it is a stack of a cloud assembly, or it carries the CDK's marks
        (the ``BootstrapVersion`` parameter of the CDK's default synthesizer, an ``AWS::CDK::Metadata`` resource,
        ``aws:cdk:path`` metadata), as in integration-test snapshots copied without their manifest."""
        if self.assembly_dir is not None or self.manifest_paths:
            return True
        params = self.template.get("Parameters")
        version = params.get("BootstrapVersion") if isinstance(params, dict) else None
        if isinstance(version, dict) and "/cdk-bootstrap/" in str(version.get("Default", "")):
            return True
        for res in self.resources.values():
            meta = res.get("Metadata") if isinstance(res, dict) else None
            if res.get("Type") == "AWS::CDK::Metadata" or isinstance(meta, dict) and "aws:cdk:path" in meta:
                return True
        return False

    def construct_path(self, logical_id: str) -> str | None:
        res = self.resource(logical_id)
        if res is not None:
            meta = res.get("Metadata")
            if isinstance(meta, dict) and isinstance(meta.get("aws:cdk:path"), str):
                return meta["aws:cdk:path"]
        return self.manifest_paths.get(logical_id)

    def source_line(self, construct_path: str | None) -> SourceLine | None:
        """The line of the CDK app's code that made the construct at ``construct_path``, when its creation stack
        says (see :meth:`construct_path`)."""
        return self.sources.source_line(construct_path) if self.sources is not None else None

    @property
    def app_language(self) -> str | None:
        return self.sources.language if self.sources is not None else None

    def __repr__(self) -> str:
        return f"Stack({self.name!r})"
