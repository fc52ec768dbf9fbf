"""Where the user's CDK code made a construct: the innermost frame of its creation stack that is the app's own.

Since aws-cdk-lib 2.2xx the CDK writes each construct's creation stack into ``<stack>.metadata.json`` as
``aws:cdk:creationStack`` entries, innermost frame first. TypeScript and JavaScript apps get their own frames
(``new ApiStack (/app/lib/api-stack.ts:42:5)``, ``at /app/bin/app.js:7:1``); Python apps get
``<function> (<file>:<line>)`` frames when synthesized with ``JSII_HOST_STACK_TRACES=1`` (jsii 1.137 or later),
and otherwise only the jsii runtime's, which are no use to a user. A *user frame* is one outside aws-cdk-lib,
constructs, jsii and the runtime's internals (``node_modules``, ``site-packages``, the jsii kernel's folder,
``node:`` internals, the Python standard library).

A frame's file is read as written: absolute as the CDK writes it, or relative to the app's folder (the folder
that holds the cloud assembly, where ``cdk synth`` ran) in assemblies that were made machine-independent, as the
samples of this repository are. It is shown relative to the current directory when inside it, else absolute.
A construct without a user frame has no source line: nothing is guessed from a parent or a neighbour.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from cfncheck.findings import SourceLine

CREATION_STACK = "aws:cdk:creationStack"
MAX_SOURCE_BYTES = 4 * 1024 * 1024  # an app's source file larger than this is not read to show its code
LANGUAGES = {".py": "python", ".ts": "typescript", ".tsx": "typescript", ".mts": "typescript",
             ".cts": "typescript", ".js": "typescript", ".mjs": "typescript", ".cjs": "typescript"}
# The CDK writes `<function> (<file>:<line>[:<column>])` (after `at ` in some traces); Node also has a bare
# `at <file>:<line>:<column>`. The file may hold spaces and parentheses ("/home/u/proj (copy)/lib/x.ts").
_IN_PARENS = re.compile(r"^\s*(?:at\s+)?(?P<fn>.*?) \((?P<file>.*?):(?P<line>\d{1,9})(?::\d{1,9})?\)\s*$")
_BARE = re.compile(r"^\s*(?:at\s+)?(?P<file>[^\s()]+?):(?P<line>\d{1,9})(?::\d{1,9})?\s*$")
_NO_LOCATION = re.compile(r"^\s*(?:at\s+)?\S.*? \(:?\)\s*$|^\s*(?:at\s+)?\S.*? \(native\)\s*$")  # `Array.forEach (:)`
_PLACEHOLDER = re.compile(r"^\s*(?:\.\.\.|\(no user code in )")  # the CDK's `...aws-cdk-lib, jsii runtime...`
_NOT_THE_APP = re.compile(
    r"(?:^|[\\/])(?:node_modules|site-packages|dist-packages)[\\/]|jsii-kernel"
    r"|[\\/]lib[\\/]python\d+\.\d+t?[\\/]|(?i:[\\/]python\d+t?[\\/]lib[\\/])"
    r"|^node:|^internal[\\/]|^<anonymous>$|^native$"
)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")

SKIP = "skip"  # a frame of the CDK, a library or the runtime: look at the next one


def classify(frame: Any) -> tuple[str, int] | str | None:
    """A frame of the app's own code as (file, line); :data:`SKIP` for a frame of aws-cdk-lib, constructs, jsii, a
    library or the runtime, or one of the CDK's placeholders; None for a frame that cannot be read (then no line is
    given rather than an outer frame's, which would be a guess)."""
    if not isinstance(frame, str):
        return None
    if _PLACEHOLDER.match(frame) or _NO_LOCATION.match(frame):
        return SKIP
    match = _IN_PARENS.match(frame) or _BARE.match(frame)
    if match is None:
        return None
    file, line = match.group("file").strip(), int(match.group("line"))
    if not file or _NOT_THE_APP.search(file):
        return SKIP
    if file.startswith("file://"):
        file = url2pathname(urlparse(file).path)
    elif _URL.match(file):  # webpack://, http://: a bundler's name for the file, not a path on disk
        return None
    return (file, line) if line >= 1 else None


def user_frame(frame: Any) -> tuple[str, int] | None:
    """(file, line) of a frame of the app's own code, or None."""
    found = classify(frame)
    return found if isinstance(found, tuple) else None


def shown(path: Path) -> str:
    """``path`` relative to the current directory when inside it, else absolute."""
    absolute = Path(os.path.abspath(path))
    cwd = Path.cwd()
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return str(absolute)


@dataclass(eq=False)
class SourceMap:
    """The creation stacks of one stack artifact's constructs (nested stacks share their parent's)."""

    assembly: Path  # the (top-level) cloud assembly the stack comes from, as the user's path reaches it
    traces: dict[str, list[Any]] = field(default_factory=dict)  # construct path (no leading "/") -> frames
    _lines: dict[str, SourceLine | None] = field(default_factory=dict)
    _files: dict[Path, list[str]] = field(default_factory=dict)

    @property
    def app_dir(self) -> Path:
        """The folder that holds the assembly, where ``cdk synth`` ran: relative frame files are read from there."""
        return self.assembly.parent

    def source_line(self, construct_path: str | None) -> SourceLine | None:
        """The line of the app's code that made the construct at ``construct_path``, if its trace has one."""
        if not construct_path:
            return None
        key = construct_path.strip("/")
        if key not in self._lines:
            self._lines[key] = self._first_user_frame(self.traces.get(key))
        return self._lines[key]

    def _first_user_frame(self, frames: Any) -> SourceLine | None:
        for frame in frames if isinstance(frames, list) else ():
            found = classify(frame)
            if found == SKIP:
                continue
            if not isinstance(found, tuple):
                return None
            file, line = found
            if _WINDOWS_ABSOLUTE.match(file) and os.name != "nt":  # synthesized on Windows, read here
                return SourceLine(file=file, line=line)
            path = self.app_dir / file
            kind = self._kind(path)
            if kind == "directory":
                return None
            return SourceLine(file=shown(path), line=line, code=self._code(path, line) if kind == "file" else None,
                              exists=kind == "file")
        return None

    def _kind(self, path: Path) -> str:
        """``file`` (a regular file), ``directory``, or ``other`` (missing, a device, a pipe, unreadable)."""
        try:
            mode = path.stat().st_mode
        except (OSError, ValueError):  # ValueError: a NUL byte in the path
            return "other"
        return "file" if stat.S_ISREG(mode) else "directory" if stat.S_ISDIR(mode) else "other"

    def _code(self, path: Path, line: int) -> str | None:
        """Line ``line`` of the app's regular file ``path``, stripped and cut to 160 characters; None when it is
        not readable text or larger than :data:`MAX_SOURCE_BYTES`."""
        if path not in self._files:
            try:
                with path.open("rb") as handle:
                    data = handle.read(MAX_SOURCE_BYTES + 1)
                self._files[path] = [] if len(data) > MAX_SOURCE_BYTES else \
                    data.decode("utf-8", errors="replace").split("\n")
            except (OSError, ValueError):
                self._files[path] = []
        lines = self._files[path]
        text = lines[line - 1].rstrip("\r").strip() if 0 < line <= len(lines) else ""
        return text[:160] or None

    @cached_property
    def _any_user_file(self) -> str | None:
        """The file of the first frame of the app's code in any trace (one scan, for the two questions below)."""
        for frames in self.traces.values():
            for frame in frames if isinstance(frames, list) else ():
                found = user_frame(frame)
                if found is not None:
                    return found[0]
        return None

    @property
    def has_user_frames(self) -> bool:
        return self._any_user_file is not None

    @cached_property
    def language(self) -> str | None:
        """``python`` or ``typescript`` (JavaScript apps read the TypeScript fixes): from the app's own frames, else
        from the ``app`` command of ``cdk.json`` in the app's folder; None when neither says."""
        return LANGUAGES.get(Path(self._any_user_file or "").suffix) or app_language(self.app_dir)


def app_language(app_dir: Path) -> str | None:
    """The language of the CDK app whose ``cdk.json`` is in ``app_dir``, from its ``app`` command."""
    try:
        with (app_dir / "cdk.json").open("rb") as handle:
            data = json.loads(handle.read(1024 * 1024))  # a cdk.json is a few kB
    except (OSError, ValueError):
        return None
    command = data.get("app") if isinstance(data, dict) else None
    if not isinstance(command, str):
        return None
    words = [w.rsplit("/", 1)[-1] for w in command.lower().replace("\\", "/").split()]
    if any(w.startswith("python") or w.endswith(".py") or w in ("uv", "poetry", "pipenv") for w in words):
        return "python"
    if any(w in ("node", "npx", "ts-node", "tsx", "bun", "deno") or w.endswith((".ts", ".js", ".mjs", ".cjs"))
           for w in words):
        return "typescript"
    return None
