"""Line/column lookup for a parsed template, computed only when a finding needs it.

JSON templates are parsed with the C ``json`` module (fast, no positions). When a finding has to
name a line, :class:`JsonPositions` scans the text once and indexes the offset of every key and
list element by its path. YAML templates get their positions while they are composed.
"""

from __future__ import annotations

import bisect
import json.decoder
import re
from collections.abc import Sequence

Path = tuple[str | int, ...]

_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")
_scanstring = json.decoder.scanstring


class Positions:
    """Maps a path from the template root to a 1-based (line, column). This base knows no positions."""

    def lookup(self, path: Sequence[str | int]) -> tuple[int, int]:
        """The position of the deepest key of ``path`` that exists (cfn-lint does the same)."""
        table = self._table()
        keys = tuple(path)
        while keys:
            hit = table.get(keys)
            if hit is not None:
                return self._line_col(hit)
            keys = keys[:-1]
        return (1, 1)

    def _table(self) -> dict[Path, object]:
        return {}

    def _line_col(self, hit: object) -> tuple[int, int]:
        raise NotImplementedError


class JsonPositions(Positions):
    """Positions in a JSON text that is already known to be valid."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offsets: dict[Path, int] | None = None
        self._line_starts: list[int] | None = None

    def _table(self) -> dict[Path, object]:
        if self._offsets is None:
            self._offsets = _index_json(self._text)
        return self._offsets  # type: ignore[return-value]

    def _line_col(self, hit: object) -> tuple[int, int]:
        offset = int(hit)  # type: ignore[call-overload]
        if self._line_starts is None:
            starts = [0]
            find = self._text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, offset)
        return (line, offset - self._line_starts[line - 1] + 1)


class YamlPositions(Positions):
    """Positions recorded while a YAML document was composed (0-based marks)."""

    def __init__(self, marks: dict[Path, tuple[int, int]]) -> None:
        self._marks = marks

    def _table(self) -> dict[Path, object]:
        return self._marks  # type: ignore[return-value]

    def _line_col(self, hit: object) -> tuple[int, int]:
        line, col = hit  # type: ignore[misc]
        return (line + 1, col + 1)


def find_duplicate_key(text: str) -> tuple[Path, int] | None:
    """The path and offset of the first key that repeats within one JSON object, if any."""
    found: list[tuple[Path, int]] = []
    _index_json(text, duplicates=found)
    return found[0] if found else None


def _index_json(text: str, duplicates: list[tuple[Path, int]] | None = None) -> dict[Path, int]:
    """Offsets of every object key and array element, keyed by path. Iterative: no recursion limit.

    With ``duplicates``, stop at the first key that repeats in its object and record it there.
    """
    out: dict[Path, int] = {}
    # Each frame: [path, is_object, next_index]
    frames: list[list] = []
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    path: Path = ()
    n = len(text)
    while pos < n:
        ch = text[pos]
        # --- a value starts at pos, for `path`
        if ch == "{":
            frames.append([path, True, 0])
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "}":
                frames.pop()
                pos += 1
            else:
                key, end = _scanstring(text, pos + 1)
                path = path + (key,)
                out[path] = pos
                pos = _WS.match(text, end).end()  # type: ignore[union-attr]
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]  # skip ':'
                continue
        elif ch == "[":
            frames.append([path, False, 0])
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "]":
                frames.pop()
                pos += 1
            else:
                path = path + (0,)
                out[path] = pos
                continue
        elif ch == '"':
            _, pos = _scanstring(text, pos + 1)
        else:
            m = _SCALAR.match(text, pos)
            if m is None:
                return out  # not valid JSON after all: keep what we have
            pos = m.end()
        # --- the value ended: find the next one, closing containers as we go
        while True:
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if not frames or pos >= n:
                return out
            frame = frames[-1]
            ch = text[pos]
            if ch == ",":
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                if frame[1]:
                    key, end = _scanstring(text, pos + 1)
                    path = frame[0] + (key,)
                    if duplicates is not None and path in out:
                        duplicates.append((path, pos))
                        return out
                    out[path] = pos
                    pos = _WS.match(text, end).end()  # type: ignore[union-attr]
                    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                else:
                    frame[2] += 1
                    path = frame[0] + (frame[2],)
                    out[path] = pos
                break
            # '}' or ']'
            frames.pop()
            pos += 1
    return out
