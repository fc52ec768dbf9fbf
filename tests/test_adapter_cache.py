"""What the cfn-lint adapters learn about an assembly survives between cfn-lint processes, keyed by content.

An editor starts cfn-lint anew on every save: the adapters keep each assembly state's findings in the on-disk
cache, and what each file's content was verified to be (JSON with unique keys, a manifest that matches the
schema), so the unchanged siblings of an edited template cost a bare parse.
"""

import json
import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import SAMPLES
from test_cfnlint_adapters import cfn_lint, ours

from cfncheck import cfnlint_rules
from cfncheck.cache import Cache, code_fingerprint
from cfncheck.errors import InputError
from cfncheck.inputs.assembly import load_assembly
from cfncheck.inputs.documents import UNIQUE_KEYS, load_document, verified_content

BROKEN_NESTED = SAMPLES / "payment-platform" / "cdk.out.broken-nested"
ECS = "PaymentPlatformEcs1B9A4B17.nested.template.json"
DEPLOY = "PaymentPlatformDeploymentBB108E87.nested.template.json"


@pytest.fixture
def assembly(tmp_path: Path) -> Path:
    copy = tmp_path / "cdk.out"
    shutil.copytree(BROKEN_NESTED, copy)
    return copy


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    cfnlint_rules._cache.clear()
    cfnlint_rules._assemblies.clear()
    return home / "cfncheck"


def _template(path: Path) -> SimpleNamespace:
    return SimpleNamespace(filename=str(path), template=json.loads(path.read_text()))


def _fresh_process() -> None:
    """What a new cfn-lint process starts with: no in-memory state."""
    cfnlint_rules._cache.clear()
    cfnlint_rules._assemblies.clear()


def test_a_new_process_reads_an_unchanged_assembly_from_the_cache(assembly, cache_home, monkeypatch):
    first = cfnlint_rules.findings_for(_template(assembly / ECS))
    assert sorted(first) == ["E9C01", "E9C02", "E9C03", "E9C21", "E9C22"]
    assert len(list((cache_home / "adapter").glob("*.json"))) == 1

    def no_analysis(*args):
        raise AssertionError("the unchanged assembly was analysed again")

    monkeypatch.setattr(cfnlint_rules, "_assembly_matches", no_analysis)
    _fresh_process()
    assert cfnlint_rules.findings_for(_template(assembly / ECS)) == first
    _fresh_process()
    assert cfnlint_rules.findings_for(_template(assembly / DEPLOY)) != {}  # every file's matches are kept


def test_a_changed_sibling_is_analysed_again_across_processes(assembly, cache_home):
    """The ECS template does not change; its deployment groups, in the sibling, move to the ECS controller's
    world (removed): E9C01 on the service must go, not be served from the cache."""
    _, before = cfn_lint("--append-rules", "cfncheck.cfnlint_rules", "--", str(assembly / ECS), cwd=assembly.parent)
    assert "E9C01" in {rule for rule, _, _ in ours(before)}
    deploy = json.loads((assembly / DEPLOY).read_text())
    for logical_id in [k for k, v in deploy["Resources"].items() if v["Type"] == "AWS::CodeDeploy::DeploymentGroup"]:
        del deploy["Resources"][logical_id]
    deploy.pop("Outputs", None)
    (assembly / DEPLOY).write_text(json.dumps(deploy, indent=1))
    _, after = cfn_lint("--append-rules", "cfncheck.cfnlint_rules", "--", str(assembly / ECS), cwd=assembly.parent)
    assert "E9C01" not in {rule for rule, _, _ in ours(after)}
    assert len(list((cache_home / "adapter").glob("*.json"))) == 2


def test_an_edit_that_keeps_size_and_time_is_still_seen(assembly, cache_home, monkeypatch):
    """Across processes the key is the content, not the file's size and modification time."""
    analysed = []
    real = cfnlint_rules._assembly_matches
    monkeypatch.setattr(cfnlint_rules, "_assembly_matches", lambda *a: analysed.append(a) or real(*a))
    path = assembly / ECS
    stat = path.stat()
    cfnlint_rules.findings_for(_template(path))
    text = path.read_text()
    edited = text.replace('"MinimumHealthyPercent": 100', '"MinimumHealthyPercent": 101', 1)
    assert edited != text and len(edited) == len(text)
    path.write_text(edited)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    _fresh_process()
    cfnlint_rules.findings_for(_template(path))
    _fresh_process()
    cfnlint_rules.findings_for(_template(path))
    assert len(analysed) == 2  # the original and the edit; the edit again came from the cache


def test_verified_json_is_parsed_again_the_same_without_the_duplicate_key_hook(assembly, tmp_path):
    path = assembly / ECS
    plain = load_document(path).data
    with verified_content(tmp_path / "c"):
        first = load_document(path)
        again = load_document(path)
    assert first.data == again.data == plain
    assert Cache(tmp_path / "c", "verified").has(f"{code_fingerprint()}-{UNIQUE_KEYS}-{first.digest}")


def test_a_duplicate_key_is_an_error_whatever_the_cache_holds(assembly, tmp_path):
    path = assembly / ECS
    with verified_content(tmp_path / "c"):
        load_document(path)
        text = path.read_text()
        path.write_text(text.replace('"Type": "AWS::ECS::Service",', '"Type": "AWS::ECS::Service", "Type": "x",', 1))
        with pytest.raises(InputError, match="duplicate key 'Type'"):
            load_document(path)
        with pytest.raises(InputError, match="duplicate key 'Type'"):  # and nothing was marked for it
            load_document(path)


def test_a_manifest_is_validated_until_its_content_is_known(assembly, tmp_path):
    with verified_content(tmp_path / "c"):
        assert load_assembly(assembly, "x")
        manifest = json.loads((assembly / "manifest.json").read_text())
        manifest["artifacts"]["PaymentPlatform"]["type"] = 42  # was valid, and marked so
        (assembly / "manifest.json").write_text(json.dumps(manifest))
        with pytest.raises(InputError, match="not a CDK cloud assembly manifest"):
            load_assembly(assembly, "x")


def test_old_entries_are_pruned(tmp_path):
    cache = Cache(tmp_path, "adapter")
    cache.put("old", {"a": []})
    cache.put("new", {"b": []})
    month_ago = time.time() - 31 * 86400
    os.utime(tmp_path / "adapter" / "old.json", (month_ago, month_ago))
    cache.prune()
    assert cache.get("old") is None
    assert cache.get("new") == {"b": []}


def test_a_lint_served_from_the_cache_imports_neither_rules_nor_model(assembly, cache_home):
    """The adapter classes come from the catalog this code left in the cache; the matches from the entry of
    the unchanged assembly."""
    import subprocess
    import sys

    probe = ("import sys, json; from types import SimpleNamespace; import cfncheck.cfnlint_rules as r; "
             f"p = {str(assembly / ECS)!r}; found = r.findings_for(SimpleNamespace(filename=p, "
             "template=json.load(open(p)))); print(sorted(found), 'cfncheck.model' in sys.modules, len(r.__all__))")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home.parent)}
    first, again = (subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                                   check=True).stdout.split("]") for _ in range(2))
    assert first[0] == again[0] and "E9C01" in first[0]
    assert first[1].split() == ["True", str(len(cfnlint_rules.__all__))]
    assert again[1].split() == ["False", str(len(cfnlint_rules.__all__))]
