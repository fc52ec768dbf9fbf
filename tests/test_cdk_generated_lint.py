"""cfn-lint findings the CDK's synthesis causes (issue 14), on real synths of samples/cdk-defaults.

The classes and their evidence: samples/cdk-defaults/CLASSIFICATION.md. Dropped: harmless and out of the
user's reach; kept with the CDK fix: a deprecated runtime on a handler aws-cdk-lib creates; kept as is:
what the user's code wrote. cfn-lint's runtime rules compare against today's date (W2531 becomes E2531 on
the creation-block date), so the runtime assertions accept any of the three rule IDs.
"""

from __future__ import annotations

import shutil

from helpers import SAMPLES, SHARED, run_cli, run_json

from cfncheck.cfnlint_cdk import RUNTIME_RULES

DEFAULTS = SAMPLES / "cdk-defaults"
CORRECT = DEFAULTS / "cdk.out.correct"
USER_NOISE = DEFAULTS / "cdk.out.user-noise"
OLD_CDK = DEFAULTS / "cdk.out.correct-cdk-2.180"


def _lint(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["source"] == "cfn-lint"]


def test_a_correct_app_shows_no_cfn_lint_finding_and_says_why_each_was_dropped():
    code, report, stderr = run_json(str(CORRECT))
    assert code == 0, stderr
    assert report["findings"] == []
    dropped = {(d["rule"], d["construct_path"]): d["reason"] for d in report["dropped"]}
    assert {rule for rule, _ in dropped} == {"W3005"}
    assert all(reason.startswith("CDK-generated — the CDK writes this DependsOn") for reason in dropped.values())
    # one of each kind the app has, recognised from tree.json
    expect = {
        "Defaults-Service/Worker/Resource": "aws_lambda.Function makes its function depend on its role",
        "Defaults-Network/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler": "CustomResourceProvider",
        "Defaults-Service/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/Resource": "LogRetention handler",
        "Defaults-Service/Web/Service/Service": "ECS service construct depends on its load-balancer attachment",
        "Defaults-Service/Assets/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C/Resource":
            "aws_lambda.Function",
    }
    for path, why in expect.items():
        assert why in dropped[("W3005", path)] and "(tree.json)" in dropped[("W3005", path)]
    assert len(report["dropped"]) == 7


def test_what_the_users_code_wrote_is_kept_next_to_what_the_cdk_wrote():
    _, report, _ = run_json(str(USER_NOISE))
    kept = {(f["rule"], f["construct_path"], f["message"].split(" at ")[0]) for f in _lint(report)}
    # the planted runtime, and the user's add_dependency on a function the code already Refs
    assert any(rule in RUNTIME_RULES and path == "Defaults-Service/LegacyReport/Resource"
               for rule, path, _ in kept)
    assert ("W3005", "Defaults-Service/LegacyReport/Resource",
            "'Worker11F36D0F' dependency already enforced by a 'Ref'") in kept
    assert len(kept) == 2
    user_runtime = next(f for f in _lint(report) if f["rule"] in RUNTIME_RULES)
    assert "aws-cdk-lib" not in user_runtime["message"] and user_runtime["fix"] is None
    # on the same resource, the entry the CDK wrote (LegacyReport on its own role) is dropped
    assert any(d["construct_path"] == "Defaults-Service/LegacyReport/Resource" and "ServiceRole" in d["message"]
               for d in report["dropped"])


def test_a_deprecated_runtime_on_a_cdk_handler_is_kept_with_the_upgrade_fix():
    """aws-cdk-lib 2.180.0 gives its own handlers nodejs20.x (deprecated 2026-04-30); the same code on 2.275.0
    gives nodejs24.x, which is why cdk.out.correct has no runtime finding."""
    _, report, _ = run_json(str(OLD_CDK))
    runtime = {f["construct_path"]: f for f in _lint(report) if f["rule"] in RUNTIME_RULES}
    assert set(runtime) == {
        "Defaults-Network/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler",
        "Defaults-Service/Assets/Custom::S3AutoDeleteObjectsCustomResourceProvider/Handler",
        "Defaults-Service/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/Resource",
        "Defaults-Service/AWS679f53fac002430cb0da5b7982bd2287/Resource",
    }
    for f in runtime.values():
        assert "'nodejs20.x'" in f["message"] and "aws-cdk-lib 2.180.0 creates for" in f["message"]
        assert f["fix"].startswith("Upgrade aws-cdk-lib")
    served = {path: f["message"].split("creates for ")[1].split(",")[0] for path, f in runtime.items()}
    assert served["Defaults-Service/AWS679f53fac002430cb0da5b7982bd2287/Resource"] == "AwsCustomResource"
    assert served["Defaults-Service/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/Resource"] == "log retention"
    # CustomResourceConfig reaches singleton handlers only: the fix names it there and nowhere else
    assert "CustomResourceConfig" in runtime["Defaults-Service/AWS679f53fac002430cb0da5b7982bd2287/Resource"]["fix"]
    assert "CustomResourceConfig" not in runtime[
        "Defaults-Network/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler"]["fix"]
    assert [f for f in _lint(report) if f["rule"] not in RUNTIME_RULES] == []


def test_a_plain_template_keeps_every_finding(tmp_path):
    """The same DependsOn, logical IDs in the CDK's shape, but no CDK marks: nothing is dropped."""
    template = tmp_path / "handwritten.yaml"
    template.write_text(
        "Resources:\n"
        "  FnServiceRole1234ABCD:\n"
        "    Type: AWS::IAM::Role\n"
        "    Properties:\n"
        "      AssumeRolePolicyDocument:\n"
        "        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]\n"
        "  Fn5678EF01:\n"
        "    Type: AWS::Lambda::Function\n"
        "    DependsOn: [FnServiceRole1234ABCD]\n"
        "    Properties:\n"
        "      Runtime: python3.13\n"
        "      Handler: index.handler\n"
        "      Role: !GetAtt FnServiceRole1234ABCD.Arn\n"
        "      Code: {ZipFile: 'def handler(e, c): pass'}\n")
    _, report, _ = run_json(str(template))
    assert [f["rule"] for f in _lint(report)] == ["W3005"] and report["dropped"] == []


def test_snapshots_without_a_construct_tree_fall_back_to_the_logical_id_shape():
    """The aws-cdk integ snapshots in the shared corpus carry no tree.json and no aws:cdk:path."""
    _, report, _ = run_json(str(SHARED / "corpus/aws-cdk/ecs-blue-green-deployment-strategy"))
    assert _lint(report) == []
    reasons = {(d["rule"], d["resource"]): d["reason"] for d in report["dropped"]}
    assert "logical-ID shape" in reasons[("W3005", "LambdaHookBF1BC8B4")]
    assert "load-balancer attachment" in reasons[("W3005", "ServiceD69D759B")]
    # the integ-tests assertion stack has no resources: the CDK CLI skips such a stack
    assert any(rule == "E1001" and "skipping deployment" in why for (rule, _), why in reasons.items())


def test_a_cfn_lint_finding_on_an_l1_the_user_wired_is_kept():
    """aws-samples: the user wrote the ECS service as an L1 and add_dependency'd its roles (C2)."""
    _, report, _ = run_json(str(SHARED / "corpus/aws-samples/sample-ecs-bluegreen-patterns-autoscaling"))
    kept = [(f["rule"], f["construct_path"]) for f in _lint(report)]
    assert kept == [("W3005", "EcsBluegreenEcsStack/Service")]
    assert {d["rule"] for d in report["dropped"]} == {"W3005"} and len(report["dropped"]) == 2


def test_one_dependson_entry_is_reported_once(tmp_path):
    """cfn-lint reports a W3005 per reference that enforces the entry; cfncheck shows the first."""
    template = tmp_path / "twice.yaml"
    template.write_text(
        "Resources:\n"
        "  Topic:\n"
        "    Type: AWS::SNS::Topic\n"
        "  Queue:\n"
        "    Type: AWS::SQS::Queue\n"
        "    DependsOn: Topic\n"
        "    Properties:\n"
        "      Tags: [{Key: a, Value: !Ref Topic}, {Key: b, Value: !GetAtt Topic.TopicName}]\n")
    _, report, _ = run_json(str(template))
    assert [f["rule"] for f in _lint(report)] == ["W3005"]
    assert [d["reason"].split(" — ")[0] for d in report["dropped"]] == ["repeat"]


def test_text_output_counts_what_was_not_shown_and_lists_it_on_request(tmp_path):
    proc = run_cli("check", str(CORRECT))
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        "0 error(s), 0 warning(s), 0 info in 4 stack(s); 7 cfn-lint finding(s) not shown (7 CDK-generated): "
        "--show-dropped lists them"]
    shown = run_cli("check", "--show-dropped", str(CORRECT)).stdout.splitlines()
    heads = [line for line in shown if line.startswith("warning W3005 ")]
    assert len(heads) == 7
    assert sum(1 for line in shown if line.startswith("    not shown by default: CDK-generated — ")) == 7
    assert shown[-1].endswith("(7 CDK-generated)")


def test_the_users_cdk_out_is_not_written(tmp_path):
    assembly = tmp_path / "cdk.out"
    shutil.copytree(CORRECT, assembly)
    before = sorted((p.relative_to(assembly).as_posix(), p.stat().st_mtime_ns) for p in assembly.rglob("*"))
    run_json(str(assembly))
    assert sorted((p.relative_to(assembly).as_posix(), p.stat().st_mtime_ns) for p in assembly.rglob("*")) == before
