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
class SourceLine:
    """A line of the user's CDK app: the innermost frame of a construct's creation stack that is the app's."""

    file: str  # relative to the current directory when inside it, else absolute
    line: int
    code: str | None = field(default=None, compare=False)  # the text of that line, when the file is readable
    exists: bool = field(default=False, compare=False)  # the file is on this machine (annotations need it)


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
    construct_location: SourceLine | None = None  # the line of the app's code that made the construct


@dataclass
class Finding:
    rule: str  # the full ID, its first letter the severity: E9C01, W9C01, I9C01
    check: str  # the catalog name: CTRL-01
    severity: Severity
    message: str
    location: Location
    related: list[Location] = field(default_factory=list)
    fix: str | None = None  # the CDK fix in Python
    source: str = "cfncheck"
    title: str | None = None  # the rule's one-line summary
    help_uri: str | None = None  # the rule's documentation
    suppressed: str | None = None  # why it does not count (an acknowledgement in the CDK app), or None
    fix_typescript: str | None = None  # the same fix in TypeScript
    language: str | None = None  # the CDK app's language ("python", "typescript"), None when not known

    @property
    def fixes(self) -> dict[str, str]:
        """The CDK fix in each language it is written in."""
        out = {"python": self.fix, "typescript": self.fix_typescript}
        return {lang: text for lang, text in out.items() if text}

    @property
    def app_fix(self) -> tuple[str | None, str | None]:
        """(language, fix) in the app's language; the Python fix when the language is not known."""
        if self.language == "typescript" and self.fix_typescript:
            return "typescript", self.fix_typescript
        return (self.language if self.language == "python" else None), self.fix

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        return (loc.stack, loc.template, loc.line, loc.column, self.rule, self.message)
