"""The on-disk cache every front door shares: JSON entries under one directory, keyed by content.

It lives outside the checked paths (``--cache-dir``, default ``$XDG_CACHE_HOME/cfncheck`` or ``~/.cache/cfncheck``)
and holds, each in its own namespace (a subfolder):

- ``cfn-lint``: cfn-lint's matches per template (:mod:`cfncheck.cfnlint_run`);
- ``adapter``: the cfn-lint adapters' findings per cloud assembly state (:mod:`cfncheck.cfnlint_rules`), so an
  editor that starts cfn-lint anew for every lint does not analyse an unchanged assembly again;
- ``adapter-catalog``: the rules' IDs and docs the adapter classes are made of, so that a lint served from the
  cache imports neither the rules nor the model;
- ``verified``: what was learnt about a file's content (it parses as JSON with unique keys; a manifest
  matches the assembly schema), so a sibling that did not change is read at the cost of a bare parse.

Every key includes :func:`code_fingerprint`, so a new cfncheck (or an edited checkout) never reads what an
older one wrote. A cache that cannot be read or written costs time, never a result: every error is a miss.
Entries untouched for :data:`MAX_AGE_DAYS` are removed now and then, so the folder does not grow without bound.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import random
import time
from pathlib import Path
from typing import Any

from cfncheck import __version__

MAX_AGE_DAYS = 30
PRUNE_CHANCE = 0.02  # of a write: a prune walks the namespace's folder


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cfncheck"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """cfncheck's version and the size and modification time of each of its source files: a release and an
    edited development checkout alike invalidate what the cache holds."""
    package = Path(__file__).resolve().parent
    parts = [__version__]
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json")):
                full = os.path.join(folder, name)
                stat = os.stat(full)
                parts.append(f"{os.path.relpath(full, package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class Cache:
    """One namespace of the cache; ``directory=None``: no cache (every get misses, puts are dropped)."""

    def __init__(self, directory: Path | None, namespace: str) -> None:
        self.directory = directory / namespace if directory is not None else None

    def get(self, key: str | None) -> Any:
        if self.directory is None or key is None:
            return None
        try:
            return json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str | None, value: Any) -> None:
        if self.directory is None or key is None:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            tmp = self.directory / f".{key}.{os.getpid()}.tmp"
            tmp.write_text(json.dumps(value), encoding="utf-8")
            tmp.replace(self.directory / f"{key}.json")
        except (OSError, TypeError, ValueError):
            return  # a cache that cannot be written only costs time
        if random.random() < PRUNE_CHANCE:
            self.prune()

    def has(self, key: str) -> bool:
        """A mark (an empty entry) was left for ``key``."""
        return self.directory is not None and os.path.exists(self.directory / key)

    def mark(self, key: str) -> None:
        if self.directory is None:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / key).touch()
        except OSError:
            return
        if random.random() < PRUNE_CHANCE:
            self.prune()

    def prune(self, max_age_days: float = MAX_AGE_DAYS) -> None:
        """Remove the namespace's entries not written for ``max_age_days``."""
        if self.directory is None:
            return
        limit = time.time() - max_age_days * 86400
        try:
            with os.scandir(self.directory) as entries:
                for entry in entries:
                    try:
                        if entry.is_file() and entry.stat().st_mtime < limit:
                            os.unlink(entry.path)
                    except OSError:
                        continue
        except OSError:
            return
