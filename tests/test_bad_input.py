"""Bad input: one line on stderr naming the file, exit code 2, no traceback, nothing written."""

import hashlib
import json
from pathlib import Path

import pytest
from helpers import TESTS, run_cli

GOOD = TESTS / "rules" / "good_baseline.yaml"


def _assembly(root: Path, template_file: str = "S.template.json", template: str | None = None,
              extra_artifacts: dict | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    artifacts = {"S": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                       "properties": {"templateFile": template_file}}}
    artifacts.update(extra_artifacts or {})
    (root / "manifest.json").write_text(json.dumps({"version": "48.0.0", "artifacts": artifacts}))
    if template is not None:
        (root / "S.template.json").write_text(template)
    return root


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(str(p.relative_to(root)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def _assert_input_error(proc, *needles: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr
    assert len([ln for ln in lines if ln.startswith("cfncheck: error:")]) == 1, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, (needle, proc.stderr)


def test_truncated_json_names_file_and_line(tmp_path):
    root = _assembly(tmp_path / "cdk.out", template='{\n "Resources": {\n  "Q": {"Type": ')
    before = _tree_hash(root)
    proc = run_cli("check", str(root))
    _assert_input_error(proc, "S.template.json:3: invalid JSON")
    assert _tree_hash(root) == before


def test_manifest_template_path_outside_the_assembly(tmp_path):
    (tmp_path / "secret.template.json").write_text('{"Resources": {}}')
    root = _assembly(tmp_path / "cdk.out", template_file="../secret.template.json")
    proc = run_cli("check", str(root))
    _assert_input_error(proc, "manifest.json", "points outside the assembly directory")


def test_manifest_absolute_template_path(tmp_path):
    root = _assembly(tmp_path / "cdk.out", template_file=str(GOOD.resolve()))
    _assert_input_error(run_cli("check", str(root)), "manifest.json", "is an absolute path")


def test_symlink_out_of_the_assembly(tmp_path):
    root = _assembly(tmp_path / "cdk.out")
    (root / "S.template.json").symlink_to(GOOD.resolve())
    _assert_input_error(run_cli("check", str(root)), "points outside the assembly directory")


def test_missing_template_file(tmp_path):
    root = _assembly(tmp_path / "cdk.out")
    _assert_input_error(run_cli("check", str(root)), "S.template.json: file not found")


def test_manifest_that_is_not_a_cloud_assembly(tmp_path):
    root = tmp_path / "cdk.out"
    root.mkdir()
    (root / "manifest.json").write_text('{"name": "my-package", "version": "1.0.0"}')
    _assert_input_error(run_cli("check", str(root)), "manifest.json", "not a CDK cloud assembly manifest",
                        "'artifacts' is a required property")


def test_nested_stack_cycle(tmp_path):
    nested = {"Type": "AWS::CloudFormation::Stack", "Metadata": {"aws:asset:path": "S.template.json"},
              "Properties": {"TemplateURL": "https://example.invalid/x"}}
    root = _assembly(tmp_path / "cdk.out", template=json.dumps({"Resources": {"Again": nested}}))
    _assert_input_error(run_cli("check", str(root)), "(cycle)")


def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    lines.append("Resources: {Q: {Type: AWS::SQS::Queue, Properties: {Tags: *a9}}}")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    _assert_input_error(run_cli("check", str(bomb)), "bomb.yaml", "alias bomb")


def test_not_utf8(tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"Resources:\n  Q:\n    Type: AWS::SQS::Queue # caf\xe9\n")
    _assert_input_error(run_cli("check", str(bad)), "latin1.yaml:3: not UTF-8")


@pytest.mark.parametrize("text,needle", [
    ("Resources: [a, b]\n", "Resources is not a mapping"),
    ("- just\n- a list\n", "not a mapping"),
    ("Resources:\n  Q: {Type: A}\n  Q: {Type: B}\n", "duplicate key 'Q'"),
    ("Resources: {Q: {Type: AWS::SQS::Queue}\n", "invalid YAML"),
])
def test_malformed_plain_templates(tmp_path, text, needle):
    path = tmp_path / "t.yaml"
    path.write_text(text)
    _assert_input_error(run_cli("check", str(path)), "t.yaml", needle)


def test_good_inputs_are_still_checked_when_another_is_bad(tmp_path):
    missing = tmp_path / "nope.json"
    bad_lb = TESTS / "rules" / "lb01" / "bad_no_load_balancer.yaml"
    proc = run_cli("check", "--format", "json", str(bad_lb), str(missing))
    assert proc.returncode == 2
    assert "nope.json: no such file or directory" in proc.stderr
    report = json.loads(proc.stdout)
    assert [f["rule"] for f in report["findings"]] == ["E9C21"]
    assert len(report["errors"]) == 1


def test_default_path_is_cdk_out_in_the_current_directory(tmp_path):
    _assert_input_error(run_cli("check", cwd=tmp_path), "cdk.out: no such file or directory")


def test_a_template_larger_than_any_cloudformation_template_is_refused(tmp_path):
    big = tmp_path / "big.template.json"
    big.write_text('{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Metadata": {"pad": "' + "x" * (11 * 2**20)
                   + '"}}}}')
    _assert_input_error(run_cli("check", "--no-cfn-lint", str(big)), "big.template.json",
                        "larger than any CloudFormation template can be")


def test_a_manifest_over_10_mb_is_read(tmp_path):
    """A manifest is not a template: a large app's is over 10 MB (7,680 stacks: 13.5 MB), and so is its tree.json
    and metadata; their bound is their own."""
    root = _assembly(tmp_path / "cdk.out", template=json.dumps({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}))
    manifest = json.loads((root / "manifest.json").read_text())
    manifest["artifacts"]["S"]["metadata"] = {
        f"/S/Pad{i}": [{"type": "aws:cdk:logicalId", "data": f"Pad{i}" + "x" * 200}] for i in range(50_000)}
    (root / "manifest.json").write_text(json.dumps(manifest))
    assert (root / "manifest.json").stat().st_size > 10 * 2**20
    before = _tree_hash(root)
    proc = run_cli("check", "--no-cfn-lint", str(root))
    assert proc.returncode == 0, proc.stderr
    assert "1 stack(s)" in proc.stdout and _tree_hash(root) == before
