"""Property tests: mutated samples, fixtures and corpus cases never crash, hang or write.

Each example copies a real input (a CDK assembly, a rule fixture, a corpus case) to a scratch folder,
damages it (drops keys, swaps types, injects intrinsics in odd places, cuts a file short, adds reference
cycles, breaks the encoding), runs ``cfncheck check`` on it, and asserts: no exception escapes, the exit
code is 0, 1 or 2, an exit 2 names a file on stderr, and nothing under the input changed. The cfn-lint
adapters get the same templates and must not raise either.

The normal suite runs a few hundred examples; a larger run is one command:
    CFNCHECK_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py -q
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from helpers import SAMPLES, SHARED, TESTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cfncheck.cfnlint_rules import findings_for
from cfncheck.cli import app
from cfncheck.errors import InputError
from cfncheck.inputs.documents import load_document

EXAMPLES = int(os.environ.get("CFNCHECK_FUZZ_EXAMPLES", "300"))
SEEDS = [
    SAMPLES / "payment-platform" / "cdk.out.broken-nested",
    SAMPLES / "payment-platform" / "cdk.out.broken-sibling-exports",
    SHARED / "corpus" / "aws-cdk" / "codedeploy-ecs-deployment-group",
    SHARED / "corpus" / "aws-samples" / "ecs-refarch-cloudformation",
    SHARED / "corpus" / "awsdocs-cfn-userguide" / "bluegreen-transform-example",
    TESTS / "crossstack" / "imports",
    TESTS / "rules" / "lb01" / "bad_conditional_load_balancer.yaml",
    TESTS / "rules" / "lb07" / "bad_test_listener_other_alb.yaml",
    # native blue/green (rules, hooks, roles), the CloudFormation hook with task sets, NLB, IAM policy documents
    SHARED / "corpus" / "aws-cdk" / "ecs-blue-green-deployment-strategy",
    SAMPLES / "blue-green-scenarios" / "cdk.out.native-two-stacks-broken",
    SAMPLES / "blue-green-scenarios" / "cdk.out.external-hook-broken",
    SAMPLES / "blue-green-scenarios" / "cdk.out.nlb-codedeploy-broken",
    TESTS / "rules" / "ext02" / "good_two_task_sets_one_primary.yaml",
    TESTS / "rules" / "iam01" / "bad_conditional_trust.yaml",
]
TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")

ODD_VALUES = st.sampled_from([
    None, 0, -1, 1.5, True, "", "x", "arn:aws:ecs:eu-west-1:123456789012:service/c/s", [], {}, [None], {"a": None},
    {"Ref": "AWS::NoValue"}, {"Ref": "AWS::StackName"}, {"Ref": "Missing"}, {"Fn::GetAtt": "Missing.Name"},
    {"Fn::GetAtt": ["A", {"Ref": "B"}]}, {"Fn::If": ["NoSuchCondition", "CODE_DEPLOY", "ECS"]},
    {"Fn::If": "not-a-list"}, {"Fn::ImportValue": {"Fn::Sub": "${AWS::StackName}-x"}},
    {"Fn::ImportValue": ["a", "b"]}, {"Fn::Sub": ["${X}", {"X": {"Ref": "X"}}]}, {"Fn::Sub": "${!x}${AWS::Region}"},
    {"Fn::Select": ["²", ["a"]]}, {"Fn::Select": [99, {"Fn::Split": [",", "a,b"]}]}, {"Fn::Split": ["", "a"]},
    {"Fn::Join": [",", {"Fn::GetAZs": ""}]}, {"Fn::Join": "x"}, {"Fn::FindInMap": ["M", {"Ref": "P"}, "k"]},
    {"Fn::GetStackOutput": {"StackName": {"Ref": "X"}, "OutputName": 3}}, {"Fn::GetStackOutput": "x"},
    {"Condition": "Loop"}, {"Fn::Equals": [{"Ref": "P"}]}, {"Fn::Base64": {"Fn::If": []}}, {"": ""},
])


def _tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _walk(data: Any, choices: st.DataObject, depth: int = 0) -> tuple[Any, Any] | None:
    """A random (container, key) inside ``data``, or None."""
    container, key = None, None
    node = data
    while depth < 8 and isinstance(node, (dict, list)) and node:
        keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
        container, key = node, choices.draw(st.sampled_from(keys))
        node = node[key]
        depth += 1
        if choices.draw(st.booleans()):
            break
    return (container, key) if container is not None else None


def _mutate_structure(data: Any, choices: st.DataObject) -> Any:
    kind = choices.draw(st.sampled_from(["drop", "swap", "inject", "cycle", "wrap_if"]))
    if kind == "cycle" and isinstance(data, dict):
        resources = data.get("Resources")
        if isinstance(resources, dict) and resources:
            name = choices.draw(st.sampled_from(sorted(resources)))
            target = choices.draw(st.sampled_from(["ref", "export", "condition", "nested"]))
            if target == "ref" and isinstance(resources[name], dict):
                resources[name]["Properties"] = {"ServiceName": {"Ref": name}, "Cluster": {"Fn::GetAtt": [name, "X"]}}
            elif target == "export":
                data["Outputs"] = {"Loop": {"Value": {"Fn::ImportValue": "loop"}, "Export": {"Name": "loop"}}}
            elif target == "condition":
                data["Conditions"] = {"Loop": {"Condition": "Loop2"}, "Loop2": {"Fn::Not": [{"Condition": "Loop"}]}}
                if isinstance(resources[name], dict):
                    resources[name]["Condition"] = "Loop"
            else:
                resources["Self"] = {"Type": "AWS::CloudFormation::Stack",
                                     "Metadata": {"aws:asset:path": choices.draw(st.sampled_from(
                                         ["../outside.json", "/etc/passwd", "missing.json", "."]))}}
        return data
    spot = _walk(data, choices)
    if spot is None:
        return copy.deepcopy(choices.draw(ODD_VALUES))
    container, key = spot
    if kind == "drop":
        del container[key]
    elif kind == "wrap_if":
        container[key] = {"Fn::If": ["Maybe", container[key], {"Ref": "AWS::NoValue"}]}
    else:
        container[key] = copy.deepcopy(choices.draw(ODD_VALUES))  # the strategy's values must stay pristine
    return data


def _damage(root: Path, choices: st.DataObject) -> Path:
    files = sorted(p for p in root.rglob("*") if p.is_file() and (p.suffix in TEMPLATE_SUFFIXES or p.name == "cdk.out"))
    target = choices.draw(st.sampled_from(files))
    raw = target.read_bytes()
    how = choices.draw(st.sampled_from(["structure", "structure", "structure", "truncate", "bytes", "symlink"]))
    if how == "truncate":
        target.write_bytes(raw[: choices.draw(st.integers(0, max(len(raw) - 1, 0)))])
    elif how == "bytes":
        at = choices.draw(st.integers(0, len(raw)))
        target.write_bytes(raw[:at] + choices.draw(st.sampled_from([b"\xff\xfe", b"\x00", b"\"", b"{", b"]"]))
                           + raw[at:])
    elif how == "symlink":
        target.unlink()
        target.symlink_to(choices.draw(st.sampled_from([str(target), "/etc/hostname", "../../x"])))
    else:
        try:
            data = load_document(target).data
        except InputError:
            return target
        for _ in range(choices.draw(st.integers(1, 3))):
            data = _mutate_structure(data, choices)
        target.write_text(json.dumps(data, indent=1))
    return target


@settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(seed=st.sampled_from(SEEDS), choices=st.data())
def test_damaged_inputs_never_crash_hang_or_write(seed: Path, choices: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "input"
        if seed.is_dir():
            shutil.copytree(seed, root, symlinks=True)
        else:
            root.mkdir()
            shutil.copy(seed, root / seed.name)
        target = _damage(root, choices)
        before = _tree_hash(root)
        result = CliRunner().invoke(app, ["check", "--no-cfn-lint", "--format", "json", str(root)],
                                    catch_exceptions=False)
        assert result.exit_code in (0, 1, 2), result.output
        if result.exit_code == 2:
            errors = [line for line in result.stderr.splitlines() if line.startswith("cfncheck: error: ")]
            assert errors and all("input" in line for line in errors), result.stderr
        else:
            json.loads(result.stdout)
        assert _tree_hash(root) == before
        # the cfn-lint front door, on the damaged template as cfn-lint would have decoded it
        if target.is_file() and not target.is_symlink():
            try:
                data = load_document(target).data
            except InputError:
                return
            findings_for(SimpleNamespace(filename=str(target), template=data))
