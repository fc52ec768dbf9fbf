"""Defects found by an independent review, each pinned by the template that showed it."""

from pathlib import Path

import pytest
from helpers import findings, run_json, summary

HERE = Path(__file__).parent


@pytest.mark.parametrize("name", [
    "ok_same_condition.json",  # the group and the controller hang on the same condition
    "ok_if_whole.json",  # DeploymentController/DeploymentConfiguration chosen whole by Fn::If
    "fp_not_condition.json",  # IsRolling is !Not IsBG: both true is impossible
    "fp_equals_exclusive.json",  # two Fn::Equals of one parameter with different values
    "nested_same_condition",  # parent and nested child derive IsBG from the same parameter
    "stages_same_names",  # two Stages use the same service and cluster names in different accounts
])
def test_valid_configurations_get_no_finding(name):
    assert summary(findings(HERE / name)) == []


def test_sub_built_export_names_resolve_whatever_the_order_of_outputs():
    found = findings(HERE / "sub_exports_in_any_order")
    assert [(f.rule, f.location.stack, f.location.resource) for f in found] == [("E9C01", "ecs", "Service")]


@pytest.mark.parametrize("name,rule", [("lb02_guess.json", "I9C22"), ("lb07_guess.json", "I9C27")])
def test_a_name_or_arn_known_only_at_deploy_time_is_not_a_verdict(name, rule):
    assert [f.rule for f in findings(HERE / name)] == [rule]


def test_positions_inside_short_form_intrinsics_match_cfn_lint():
    path = HERE / "short_form_if_positions.yaml"
    got = {(f.rule, f.location.line, f.location.column, f.message.rsplit("(", 1)[-1]) for f in findings(path)
           if f.rule in ("E9C01", "E9C21")}
    assert got == {("E9C01", 11, 7, "when IsProd=false)"), ("E9C21", 15, 7, "when IsProd=true)")}


def test_nan_in_json_does_not_shift_later_positions():
    path = HERE / "files2_nan.json"
    lines = path.read_text().splitlines()
    found = {f.rule: (f.location.line, f.location.column) for f in findings(path)}
    assert found["E9C01"] == (4, lines[3].index('"Properties"') + 1)
    assert found["W9C44"] == (7, lines[6].index('"Properties"') + 1)


def test_exotic_select_index_is_unknown_not_a_crash():
    assert [f.rule for f in findings(HERE / "select_unicode_digit.json")] == ["I9C01"]


def test_directory_scan_skips_files_that_are_not_cloudformation():
    code, report, stderr = run_json("--no-cfn-lint", str(HERE / "mixed_directory"))
    assert report["errors"] == [] and stderr == ""
    assert code == 1 and [f["rule"] for f in report["findings"]] == ["E9C01"]


def test_nested_stacks_found_through_the_asset_manifest_without_asset_metadata(tmp_path):
    import json
    import shutil

    from helpers import SAMPLES

    assembly = tmp_path / "cdk.out"
    shutil.copytree(SAMPLES / "payment-platform" / "cdk.out.broken-nested", assembly)
    top = assembly / "PaymentPlatform.template.json"
    template = json.loads(top.read_text())
    for res in template["Resources"].values():
        res.get("Metadata", {}).pop("aws:asset:path", None)  # what `cdk synth --no-asset-metadata` writes
    top.write_text(json.dumps(template, indent=1))
    code, report, _ = run_json("--no-cfn-lint", str(assembly))
    assert report["summary"]["error"] == 7 and report["notes"] == []
    (assembly / "PaymentPlatform.assets.json").unlink()  # and without the asset manifest: say what was skipped
    code, report, _ = run_json("--no-cfn-lint", str(assembly))
    assert code == 0 and report["findings"] == []
    assert len(report["notes"]) == 7 and all("its resources were not checked" in n for n in report["notes"])
