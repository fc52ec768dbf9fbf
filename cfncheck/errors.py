"""The one error type every loader raises for a problem with the user's input."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as the user should see it: relative to the current directory."""
    text = os.fspath(path)
    try:
        return os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return text


class InputError(Exception):
    """A file the user gave (or one an assembly points at) cannot be used.

    Rendered as one line: ``path:line: message``.
    """

    def __init__(self, path: str | os.PathLike[str] | None, message: str, line: int | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.message = message
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = display_path(self.path) if self.path is not None else "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"
