"""Shared test helpers: run the real engine and the real CLI, and find lines in fixtures."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cfncheck.engine import check_paths
from cfncheck.findings import Finding

TESTS = Path(__file__).parent
REPO = TESTS.parent
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "samples"


def findings(*paths: Path) -> list[Finding]:
    result = check_paths(list(paths))
    assert not result.errors, [str(e) for e in result.errors]
    return result.findings


def summary(found: list[Finding]) -> list[tuple[str, str, int]]:
    """(rule, logical id, line) of every finding, in output order."""
    return [(f.rule, f.location.resource, f.location.line) for f in found]


def line_of(path: Path, text: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` line of ``path`` that contains ``text``."""
    seen = 0
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if text in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{text!r} not found {nth} time(s) in {path}")


# cfn-lint results are cached under $XDG_CACHE_HOME/cfncheck: keep the tests' cache out of the user's
CACHE_HOME = tempfile.mkdtemp(prefix="cfncheck-test-cache-")
atexit.register(shutil.rmtree, CACHE_HOME, True)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CFNCHECK_DEBUG"}
    env["XDG_CACHE_HOME"] = CACHE_HOME
    return subprocess.run([sys.executable, "-m", "cfncheck", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


def run_json(*args: str, cwd: Path | None = None) -> tuple[int, dict, str]:
    proc = run_cli("check", "--format", "json", *args, cwd=cwd)
    return proc.returncode, json.loads(proc.stdout) if proc.stdout else {}, proc.stderr


def update_findings(next_path: Path, previous_path: Path) -> list[Finding]:
    """What ``--previous previous_path`` adds to the findings on ``next_path`` (the update's findings)."""
    with_previous = check_paths([next_path], previous=[previous_path])
    assert not with_previous.errors, [str(e) for e in with_previous.errors]
    alone = {(f.rule, f.location.resource, f.location.line, f.message) for f in findings(next_path)}
    return [f for f in with_previous.findings if (f.rule, f.location.resource, f.location.line, f.message) not in alone]


def pair_update(folder: Path, name: str) -> list[Finding]:
    """:func:`update_findings` of a rule folder's fixture pair: ``folder/name`` deployed as ``folder/previous/name``."""
    return update_findings(folder / name, folder / "previous" / name)


def located(found: list[Finding], code: str) -> list[tuple[str, str | None, int]]:
    """(rule, resource, line) of the findings of the rule numbered ``code`` (``9C10``), any severity."""
    return [(f.rule, f.location.resource, f.location.line) for f in found if f.rule[1:] == code]
