"""cfn-lint's rules in worker processes and from a content-keyed cache: same output, less time."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import REPO, SAMPLES, TESTS, run_cli

from cfncheck import cfnlint_run

SIBLING = SAMPLES / "payment-platform" / "cdk.out.broken-sibling"


def test_jobs_and_cache_give_byte_identical_output(tmp_path):
    cache = tmp_path / "cache"
    outputs = [
        run_cli("check", "--no-cache", "-j", "1", "-f", "json", str(SIBLING), cwd=REPO).stdout,
        run_cli("check", "--no-cache", "-j", "2", "-f", "json", str(SIBLING), cwd=REPO).stdout,
        run_cli("check", "--cache-dir", str(cache), "-f", "json", str(SIBLING), cwd=REPO).stdout,  # cold
        run_cli("check", "--cache-dir", str(cache), "-f", "json", str(SIBLING), cwd=REPO).stdout,  # warm
    ]
    assert len(set(outputs)) == 1 and '"source": "cfn-lint"' in outputs[0]
    assert len(list((cache / "cfn-lint").glob("*.json"))) == 8  # one entry per template


def _imports_cfnlint(*args: str, cwd=REPO, env=None) -> bool:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "cfncheck", *args], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300)
    return any(line.split("|")[-1].strip().startswith("cfnlint") for line in proc.stderr.splitlines())


def test_cfn_lint_is_not_imported_when_it_is_not_needed(tmp_path):
    assert not _imports_cfnlint("--version")
    assert not _imports_cfnlint("rules")
    assert not _imports_cfnlint("check", "--no-cfn-lint", str(SIBLING))
    cache = tmp_path / "cache"
    assert _imports_cfnlint("check", "--cache-dir", str(cache), str(SIBLING))  # cold: it is
    assert not _imports_cfnlint("check", "--cache-dir", str(cache), str(SIBLING))  # warm: every template cached


def test_a_changed_template_is_linted_again(tmp_path):
    template = tmp_path / "t.yaml"
    shutil.copy(TESTS / "rules" / "good_baseline.yaml", template)
    cache = tmp_path / "cache"
    first = run_cli("check", "--cache-dir", str(cache), "-f", "json", str(template))
    assert '"rule": "E3012"' not in first.stdout
    template.write_text(template.read_text().replace("DesiredCount: 2", "DesiredCount: two"))
    second = run_cli("check", "--cache-dir", str(cache), "-f", "json", str(template))
    assert '"rule": "E3012"' in second.stdout  # cfn-lint's type check ran on the new content


def test_the_cache_never_lives_in_a_checked_path(tmp_path):
    assembly = tmp_path / "cdk.out"
    shutil.copytree(SIBLING, assembly)
    proc = run_cli("check", "--cache-dir", str(assembly / ".cache"), str(assembly))
    assert proc.returncode == 2 and "lies inside" in proc.stderr
    assert not (assembly / ".cache").exists()
    run_cli("check", "--no-cache", str(assembly))
    assert sorted(p.name for p in assembly.iterdir()) == sorted(p.name for p in SIBLING.iterdir())


class _FakeLint:
    """Stands in for cfn-lint in the worker processes: says which process linted which file."""

    def __init__(self, fail_in_child: bool = False) -> None:
        self.parent = os.getpid()
        self.fail_in_child = fail_in_child

    def lint(self, filename: str) -> list:
        if self.fail_in_child and os.getpid() != self.parent:
            raise ValueError(f"cannot lint {filename}")
        time.sleep(0.05)
        return [[filename, os.getpid()]]


def _files(tmp_path: Path, count: int) -> list[str]:
    names = []
    for i in range(count):
        path = tmp_path / f"t{i}.json"
        path.write_text("{}" + " " * (i * 37 % 11))  # sizes out of order: the biggest go first
        names.append(str(path))
    return names


def test_the_parent_and_its_children_lint_each_file_once_in_file_order(tmp_path, monkeypatch):
    names = _files(tmp_path, 9)
    monkeypatch.setattr(cfnlint_run, "_WORKER", _FakeLint())
    results = cfnlint_run._lint_all(names, 3)
    assert [r[0][0] for r in results] == names
    assert len({r[0][1] for r in results}) == 3  # the parent lints too


def test_a_child_that_fails_is_reported_not_lost(tmp_path, monkeypatch):
    monkeypatch.setattr(cfnlint_run, "_WORKER", _FakeLint(fail_in_child=True))
    with pytest.raises(RuntimeError, match="cfn-lint failed in a worker process: ValueError: cannot lint"):
        cfnlint_run._lint_all(_files(tmp_path, 6), 2)


def test_the_pool_is_no_bigger_than_memory_allows(monkeypatch):
    assert cfnlint_run.jobs_for_memory(1) == 1
    monkeypatch.setattr(cfnlint_run, "WORKER_MEMORY", 2**60)  # no machine has room for a second process
    assert cfnlint_run.jobs_for_memory(8) == 1
