"""Findings: what a check reports, and where. Nothing here knows about files or output formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def letter(self) -> str:
        return self.name[0]

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


@dataclass(frozen=True)
class Location:
    """A place in the run: a stack's resource and the key path inside the template."""

    stack: str
    template: str
    resource: str | None
    resource_type: str | None
    path: tuple[str | int, ...]
    line: int
    column: int
    construct_path: str | None = None
    construct_type: str | None = None  # the CDK construct the user wrote, e.g. aws-cdk-lib.aws_ecs.FargateService


@dataclass
class Finding:
    rule: str  # the full ID, its first letter the severity: E9C01, W9C01, I9C01
    check: str  # the catalog name: CTRL-01
    severity: Severity
    message: str
    location: Location
    related: list[Location] = field(default_factory=list)
    fix: str | None = None
    source: str = "cfncheck"
    title: str | None = None  # the rule's one-line summary
    help_uri: str | None = None  # the rule's documentation
    suppressed: str | None = None  # why it does not count (an acknowledgement in the CDK app), or None

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        return (loc.stack, loc.template, loc.line, loc.column, self.rule, self.message)
