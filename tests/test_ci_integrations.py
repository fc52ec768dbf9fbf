"""The pre-commit hooks and the GitHub Action run real commands: their entries are executed here as written."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml
from helpers import REPO, SAMPLES, SHARED, TESTS

BIN = str(Path(sys.executable).parent)
ENV = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", "")}


def _hooks() -> dict[str, dict]:
    return {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}


def test_template_hook_checks_committed_templates_and_skips_other_json_and_yaml(tmp_path):
    hook = _hooks()["cfncheck-templates"]
    assert hook["language"] == "python" and set(hook["types_or"]) == {"json", "yaml"}
    shutil.copy(TESTS / "rules" / "ctrl02" / "bad_enabled.yaml", tmp_path / "service.yaml")
    shutil.copy(TESTS / "rules" / "good_baseline.yaml", tmp_path / "ok.yaml")
    (tmp_path / "package.json").write_text('{"name": "web", "version": "1.0.0"}')
    (tmp_path / "k8s.yaml").write_text("kind: Deployment\n---\nkind: Service\n")
    files = ["service.yaml", "ok.yaml", "package.json", "k8s.yaml"]  # what pre-commit passes
    proc = subprocess.run([*shlex.split(hook["entry"]), "--no-cfn-lint", *files], cwd=tmp_path, env=ENV,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "    at service.yaml:68:9" in proc.stdout and "error E9C02 " in proc.stdout and proc.stderr == ""
    clean = subprocess.run([*shlex.split(hook["entry"]), "ok.yaml", "package.json", "k8s.yaml"], cwd=tmp_path,
                           env=ENV, capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(hook["exclude"], "app/cdk.out/Stack.template.json")


def test_cdk_out_hook(tmp_path):
    hook = _hooks()["cfncheck-cdk-out"]
    assert hook["pass_filenames"] is False
    shutil.copytree(SAMPLES / "payment-platform" / "cdk.out.fixed-nested", tmp_path / "cdk.out")
    proc = subprocess.run(shlex.split(hook["entry"]), cwd=tmp_path, env=ENV, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _action_step(name: str) -> str:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    return next(step for step in action["runs"]["steps"] if step["name"] == name)["run"]


def _expand(script: str, inputs: dict[str, str], outputs: dict[str, str] | None = None) -> str:
    def value(match: re.Match) -> str:
        expr = match.group(1).strip()
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs."):]]
        if expr.startswith("steps.check.outputs."):
            return (outputs or {})[expr[len("steps.check.outputs."):]]
        if expr == "github.action_path":
            return str(REPO)
        raise AssertionError(f"unexpected expression {expr}")
    return re.sub(r"\$\{\{(.*?)\}\}", value, script)


def test_action_run_step_writes_sarif_annotations_and_the_exit_code(tmp_path):
    action = yaml.safe_load((REPO / "action.yml").read_text())
    defaults = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    shutil.copytree(SAMPLES / "payment-platform" / "cdk.out.broken-nested", tmp_path / "cdk.out")
    output = tmp_path / "github_output"
    script = _expand(_action_step("Run cfncheck"), {**defaults, "cfn-lint": "false"})
    proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, env={**ENV, "GITHUB_OUTPUT": str(output)},
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr  # the step itself succeeds; a later step fails the job
    assert output.read_text().strip() == "exit-code=1"
    assert sum(line.startswith("::error file=cdk.out/") for line in proc.stdout.splitlines()) == 7
    sarif = json.loads((tmp_path / defaults["sarif-file"]).read_text())
    jsonschema.validate(sarif, json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text()))
    # the last step fails the job with cfncheck's exit code, after the upload step had its chance
    outputs = dict(line.split("=", 1) for line in output.read_text().split())
    fail = subprocess.run(["bash", "-c", _expand(_action_step("Fail on findings"), defaults, outputs)],
                          capture_output=True, text=True, timeout=60)
    assert fail.returncode == 1
